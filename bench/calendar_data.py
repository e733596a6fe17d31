"""Years of a school's meetings for the benchmarks: 三会一课 of the first branches, month by
month back from the end of this year, 12-28 attendees each and one meeting of 150."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlalchemy import func, insert, select

from bench.data import TODAY, build_people, open_db
from djdesk.domain.meetings import AttendanceStatus, MeetingKind, MeetingStatus
from djdesk.store.database import Database
from djdesk.store.models import Attendance, Branch, Meeting, PartyGroup, Person

TWENTY_YEARS = 3_200  # meetings of the two bench.data branches in twenty years
BIG_MEETING_ATTENDEES = 150
# Per branch and month: the kinds held (the 党小组会 once per group), and the extra quarterly ones.
MONTHLY = (MeetingKind.COMMITTEE, MeetingKind.THEME_DAY, MeetingKind.GROUP, MeetingKind.OTHER, MeetingKind.OTHER)
QUARTERLY = (MeetingKind.GENERAL, MeetingKind.LECTURE)
STATUSES = (AttendanceStatus.PRESENT,) * 8 + (AttendanceStatus.LEAVE, AttendanceStatus.ABSENT)


def build(directory: Path) -> Path:
    """The calendar's own data: 1,000 people, twenty years of meetings (~64,000 attendance rows)."""
    build_people(directory, 1_000, member_share=0.6)
    add_meetings(directory, TWENTY_YEARS)
    return directory


def add_meetings(directory: Path, count: int, branches: int = 2, seed: int = 11) -> None:
    """`count` meetings of the first `branches` branches, back from December of this year
    (those after today planned); the first held 党员大会 has BIG_MEETING_ATTENDEES attendees
    (or the whole branch, when smaller)."""
    database = open_db(directory)
    rng = random.Random(seed)
    try:
        with database.transaction(audit_skip_reason="benchmark data") as session:
            chosen = session.scalars(select(Branch.id).order_by(Branch.id).limit(branches)).all()
            groups = {b: session.scalars(select(PartyGroup.id).where(PartyGroup.branch_id == b)).all() for b in chosen}
            members = {b: session.scalars(select(Person.id).where(Person.branch_id == b)).all() for b in chosen}
            first = (session.scalar(select(func.max(Meeting.id))) or 0) + 1
            meetings: list[dict[str, object]] = []
            attendance: list[dict[str, object]] = []
            big = False
            year, month = TODAY.year, 12
            while len(meetings) < count:
                for branch in chosen:
                    kinds = [(k, g) for k in MONTHLY for g in (groups[branch] if k is MeetingKind.GROUP else [None])]
                    if month % 3 == 0:
                        kinds += [(k, None) for k in QUARTERLY]
                    for number, (kind, group) in enumerate(kinds):
                        if len(meetings) == count:
                            break
                        when = dt.datetime(year, month, 3 + number * 2, 15, 30)
                        held = when < dt.datetime.combine(TODAY, dt.time())
                        meeting_id = first + len(meetings)
                        meetings.append(dict(
                            id=meeting_id, kind=kind, also_counts_as=(), year=year, branch_id=branch,
                            group_id=group, title=f"{year}年{month}月{kind.label}", starts_at=when,
                            ends_at=when + dt.timedelta(hours=1, minutes=30), place="学校会议室", guests="",
                            content="一、会议议程\n二、主要内容\n" * 20 if held else "", resolution="",
                            status=MeetingStatus.HELD if held else MeetingStatus.PLANNED, cancel_reason=""))
                        size = min(rng.randint(12, 28), len(members[branch]))
                        if held and kind is MeetingKind.GENERAL and not big:
                            size, big = min(BIG_MEETING_ATTENDEES, len(members[branch])), True
                        for person_id in rng.sample(members[branch], size):
                            attendance.append(dict(meeting_id=meeting_id, person_id=person_id, reason="",
                                                   status=rng.choice(STATUSES) if held else None))
                year, month = (year, month - 1) if month > 1 else (year - 1, 12)
            session.execute(insert(Meeting), meetings)
            session.execute(insert(Attendance), attendance)
    finally:
        database.dispose()


def biggest_meeting(database: Database) -> tuple[int, int]:
    """The meeting with the most attendees and how many."""
    with database.transaction() as session:
        meeting_id, attendees = session.execute(
            select(Attendance.meeting_id, func.count()).group_by(Attendance.meeting_id)
            .order_by(func.count().desc(), Attendance.meeting_id).limit(1)).one()
    return meeting_id, attendees
