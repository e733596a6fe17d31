"""Attendance as a person's record: the counts for the person dialog, the streaks for 待办."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from djdesk.domain.attendance import (
    STREAK_LIMIT,
    Mark,
    Summary,
    absent_streak,
    summarise,
)
from djdesk.domain.meetings import AttendanceStatus, MeetingStatus
from djdesk.store.models import Attendance, Meeting

_HELD = type_coerce(Meeting.status, String) == MeetingStatus.HELD.value


@dataclass(frozen=True)
class PersonAttendance:
    summary: Summary
    marks: tuple[Mark, ...]  # newest first
    streak: int  # held meetings in a row missed without leave, latest first


def person_attendance(session: Session, person_id: int, *, year: int | None = None) -> PersonAttendance:
    """The held meetings a person was expected at (of a 所属年度 when given)."""
    query = (
        select(Meeting.id, Meeting.starts_at, Meeting.kind, Meeting.title, Attendance.status, Attendance.reason)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Attendance.person_id == person_id, _HELD)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    )
    if year is not None:
        query = query.where(Meeting.year == year)
    marks = tuple(Mark(*row) for row in session.execute(query))
    return PersonAttendance(summarise(marks), marks, absent_streak(marks))


def absence_streaks(session: Session) -> dict[int, int]:
    """People who missed at least the last STREAK_LIMIT recorded held meetings without leave,
    with how many (person_attendance's streak), by person id.

    Narrow Core selects, counted in Python: one window over all attendance joined to the
    meetings took a quarter of a second at 60,000 rows (read through the person index, with
    each meeting's status stored after its long minutes text). Only absences can make a
    streak and they are few: the held meetings are ranked once, every absence is read, and
    only people with at least STREAK_LIMIT of them get their other recorded marks read."""
    rank = _held_ranks(session)
    table = Attendance.__table__
    status = type_coerce(table.c.status, String)  # the stored code (test_compliance keeps it stable)
    connection = session.connection()  # Core rows: the ORM's result layer costs more than the query
    absences: dict[int, list[int]] = {}
    for person_id, meeting_id in connection.execute(
        select(table.c.person_id, table.c.meeting_id).where(status == AttendanceStatus.ABSENT.value)
    ).all():  # all(): one fetchall, where iterating fetches row by row
        if (at := rank.get(meeting_id)) is not None:
            absences.setdefault(person_id, []).append(at)
    candidates = sorted(pid for pid, ranks in absences.items() if len(ranks) >= STREAK_LIMIT)
    # Each candidate's latest held meeting attended or on leave from: it ends the streak.
    ended: dict[int, int] = {}
    for chunk in _chunks(candidates):
        for person_id, meeting_id in connection.execute(
            select(table.c.person_id, table.c.meeting_id).where(
                table.c.person_id.in_(chunk), status.is_not(None), status != AttendanceStatus.ABSENT.value)
        ).all():
            if (at := rank.get(meeting_id)) is not None and at > ended.get(person_id, -1):
                ended[person_id] = at
    streaks = {}
    for person_id in candidates:
        streak = sum(at > ended.get(person_id, -1) for at in absences[person_id])
        if streak >= STREAK_LIMIT:
            streaks[person_id] = streak
    return streaks


def _held_ranks(session: Session) -> dict[int, int]:
    """Each held meeting's place in time, oldest 0, in person_attendance's order (starts_at,
    then id, as stored)."""
    ordered = session.scalars(select(Meeting.id).where(_HELD).order_by(Meeting.starts_at, Meeting.id)).all()
    return {meeting_id: at for at, meeting_id in enumerate(ordered)}


# Bound parameters per IN list: under SQLite's old limit of 999 variables, whatever the build.
_CHUNK = 900


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i:i + _CHUNK] for i in range(0, len(ids), _CHUNK)]
