"""absence_streaks (narrow selects, counted in Python) against a plain reference over the same database."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import select

from djdesk.domain.attendance import STREAK_LIMIT
from djdesk.domain.meetings import AttendanceStatus, MeetingKind, MeetingStatus
from djdesk.services import attendance, members
from djdesk.store.models import Attendance, Meeting
from tests.conftest import TODAY
from tests.factories import branch, member_draft

P, L, A = AttendanceStatus.PRESENT, AttendanceStatus.LEAVE, AttendanceStatus.ABSENT
HELD, PLANNED, CANCELLED = MeetingStatus.HELD, MeetingStatus.PLANNED, MeetingStatus.CANCELLED


def reference(session) -> dict[int, int]:  # type: ignore[no-untyped-def]
    """The rule read straight: each person's recorded held meetings, latest first (ties: the
    later id first), and how many of them in a row were missed without leave."""
    marks: dict[int, list[tuple[dt.datetime, int, AttendanceStatus]]] = {}
    for row, meeting in session.execute(select(Attendance, Meeting).join(Meeting, Meeting.id == Attendance.meeting_id)):
        if meeting.status is HELD and row.status is not None:
            marks.setdefault(row.person_id, []).append((meeting.starts_at, meeting.id, row.status))
    found = {}
    for person_id, seen in marks.items():
        streak = 0
        for _, _, status in sorted(seen, key=lambda m: (m[0], m[1]), reverse=True):
            if status is not A:
                break
            streak += 1
        if streak >= STREAK_LIMIT:
            found[person_id] = streak
    return found


@pytest.fixture
def people(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        first = branch(session, "第一党支部", ("第一党小组", "第二党小组"))
        other = branch(session, "第二党支部", ())
        ids = {"branch": first.id, "other": other.id, "group1": first.groups[0].id, "group2": first.groups[1].id}
        for n in range(12):
            where = other.id if n >= 9 else first.id
            ids[f"p{n}"] = members.add(session, member_draft(where, name=f"党员{n}"), today=TODAY).id
    return ids


def add_meeting(session, ids, starts_at, status, marks, *, group=None, kind=MeetingKind.GENERAL):  # type: ignore[no-untyped-def]
    meeting = Meeting(kind=kind, year=starts_at.year, branch_id=ids["branch"], group_id=group, title="会议",
                      starts_at=starts_at, status=status)
    session.add(meeting)
    session.flush()
    for person, mark in marks.items():
        session.add(Attendance(meeting_id=meeting.id, person_id=ids[person], status=mark, reason=""))
    session.flush()
    return meeting.id


def test_the_cases_the_rule_names(db, people):
    day = dt.datetime(2026, 1, 5, 15)
    with db.transaction() as session:
        history = {
            "p0": (P, A, A, A),  # three in a row: listed
            "p1": (A, A, A, A, A),  # never came: five
            "p2": (A, A, A, L, A, A),  # leave ends a streak
            "p3": (A, A, A, P),  # came last time
            "p4": (A, A, None, A),  # an unrecorded meeting says nothing
            "p5": (A, A),  # too few
        }
        for i in range(6):
            add_meeting(session, people, day + dt.timedelta(days=30 * i), HELD,
                        {p: marks[i] for p, marks in history.items() if i < len(marks)})
        # planned and cancelled meetings say nothing, whatever is stored on them
        add_meeting(session, people, day + dt.timedelta(days=200), PLANNED, {"p0": P, "p1": None, "p3": A, "p5": A})
        add_meeting(session, people, day + dt.timedelta(days=210), CANCELLED, {"p0": P, "p5": A})
        found = attendance.absence_streaks(session)
        assert found == reference(session) == {people["p0"]: 3, people["p1"]: 5, people["p4"]: 3}
        assert {p: attendance.person_attendance(session, p).streak for p in found} == found


def test_meetings_at_the_same_hour_are_ordered_by_id_as_person_attendance_does(db, people):
    at = dt.datetime(2026, 3, 2, 15)
    with db.transaction() as session:
        for i in range(3):
            add_meeting(session, people, at - dt.timedelta(days=7 * (i + 1)), HELD, {"p0": A, "p1": A, "p2": A})
        add_meeting(session, people, at, HELD, {"p0": A, "p1": P, "p2": A})  # the earlier id of the two
        add_meeting(session, people, at, HELD, {"p0": P, "p1": A, "p2": A})  # the later one counts as latest
        found = attendance.absence_streaks(session)
        assert found == reference(session) == {people["p2"]: 5}
        assert [attendance.person_attendance(session, people[p]).streak for p in ("p0", "p1", "p2")] == [0, 1, 5]


@pytest.mark.parametrize("seed", range(6))
def test_random_histories_match_the_reference(db, people, seed, monkeypatch):
    # A tiny IN-list chunk so the candidates are read in several statements.
    monkeypatch.setattr(attendance, "_CHUNK", 3)
    rng = random.Random(seed)
    persons = [f"p{n}" for n in range(12)]
    # Each person at the school for a stretch: joining late, leaving early.
    stays = {p: sorted(rng.sample(range(40), 2)) for p in persons}
    # Few distinct hours, so meetings of a person often share a starting time.
    hours = [dt.datetime(2025, 1, 6, 15) + dt.timedelta(days=9 * i) for i in range(25)]
    with db.transaction() as session:
        for i in range(40):
            status = rng.choices((HELD, PLANNED, CANCELLED), (8, 1, 1))[0]
            group = rng.choice((None, people["group1"], people["group2"]))
            kind = MeetingKind.GROUP if group else rng.choice((MeetingKind.GENERAL, MeetingKind.LECTURE))
            attending = [p for p in persons if stays[p][0] <= i <= stays[p][1] and rng.random() < 0.8]
            marks = {p: rng.choices((A, P, L, None), (6, 2, 1, 1))[0] if status is HELD
                     else rng.choice((None, A, P)) for p in attending}
            add_meeting(session, people, rng.choice(hours), status, marks, group=group, kind=kind)
        found = attendance.absence_streaks(session)
        expected = reference(session)
        assert found == expected
        assert {p: attendance.person_attendance(session, p).streak for p in found} == found
    assert expected, "the seeds are meant to produce some streaks"


def test_no_meetings_no_streaks(db, people):
    with db.transaction() as session:
        assert attendance.absence_streaks(session) == {}
