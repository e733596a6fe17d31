"""Attendance as a person's record: the counts for the person dialog, the streaks for 待办."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import String, func, select, type_coerce
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
    with how many. One window query over all attendance: 60,000 rows in tens of ms."""
    ranked = (
        select(
            Attendance.person_id.label("person_id"),
            type_coerce(Attendance.status, String).label("status"),
            func.row_number().over(partition_by=Attendance.person_id,
                                   order_by=(Meeting.starts_at.desc(), Meeting.id.desc())).label("rank"),
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(_HELD, Attendance.status.is_not(None))
        .subquery()
    )
    latest = session.execute(
        select(ranked.c.person_id, ranked.c.status)
        .where(ranked.c.rank <= STREAK_LIMIT)
        .order_by(ranked.c.person_id, ranked.c.rank)
    )
    by_person: dict[int, list[str]] = {}
    for person_id, status in latest:
        by_person.setdefault(person_id, []).append(status)
    found = [pid for pid, statuses in by_person.items()
             if len(statuses) == STREAK_LIMIT and all(s == AttendanceStatus.ABSENT.value for s in statuses)]
    return {pid: person_attendance(session, pid).streak for pid in found}


