"""Twenty years of a school's meetings for the calendar benchmarks: ~3,000 meetings and
~60,000 attendance rows over 1,000 people, one meeting of 150 attendees."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlalchemy import insert, select

from bench.data import CLOCK, TODAY, build_people
from djdesk import paths
from djdesk.domain.meetings import AttendanceStatus, MeetingKind, MeetingStatus
from djdesk.store.models import Attendance, Branch, Meeting, PartyGroup, Person
from djdesk.store.opening import open_database

YEARS = 20
BIG_MEETING_ATTENDEES = 150
# Per branch and month: the kinds held (the 党小组会 once per group), and the extra quarterly ones.
MONTHLY = (MeetingKind.COMMITTEE, MeetingKind.THEME_DAY, MeetingKind.GROUP, MeetingKind.OTHER, MeetingKind.OTHER)
QUARTERLY = (MeetingKind.GENERAL, MeetingKind.LECTURE)
STATUSES = (AttendanceStatus.PRESENT,) * 8 + (AttendanceStatus.LEAVE, AttendanceStatus.ABSENT)


def build(directory: Path) -> tuple[Path, int]:
    """The data dir and the id of the meeting with BIG_MEETING_ATTENDEES attendees."""
    build_people(directory, 1_000, member_share=0.6)
    database = open_database(paths.database_path(directory), clock=CLOCK)
    rng = random.Random(11)
    big = 0
    try:
        with database.transaction(audit_skip_reason="benchmark data") as session:
            branches = session.scalars(select(Branch.id)).all()
            groups = {b: session.scalars(select(PartyGroup.id).where(PartyGroup.branch_id == b)).all() for b in branches}
            members = {b: session.scalars(select(Person.id).where(Person.branch_id == b)).all() for b in branches}
            meetings, attendance = [], []
            next_id = 1
            for year in range(TODAY.year - YEARS + 1, TODAY.year + 1):
                for month in range(1, 13):
                    for branch in branches:
                        kinds = [(k, g) for k in MONTHLY for g in (groups[branch] if k is MeetingKind.GROUP else [None])]
                        if month % 3 == 0:
                            kinds += [(k, None) for k in QUARTERLY]
                        for number, (kind, group) in enumerate(kinds):
                            when = dt.datetime(year, month, 3 + number * 2, 15, 30)
                            held = when < dt.datetime.combine(TODAY, dt.time())
                            meetings.append(dict(
                                id=next_id, kind=kind, also_counts_as=(), year=year, branch_id=branch,
                                group_id=group, title=f"{year}年{month}月{kind.label}", starts_at=when,
                                ends_at=when + dt.timedelta(hours=1, minutes=30), place="学校会议室", guests="",
                                content="一、会议议程\n二、主要内容\n" * 20 if held else "", resolution="",
                                status=MeetingStatus.HELD if held else MeetingStatus.PLANNED, cancel_reason=""))
                            size = BIG_MEETING_ATTENDEES if not big and kind is MeetingKind.GENERAL else rng.randint(12, 28)
                            if size == BIG_MEETING_ATTENDEES:
                                big = next_id
                            for person_id in rng.sample(members[branch], size):
                                attendance.append(dict(meeting_id=next_id, person_id=person_id, reason="",
                                                       status=rng.choice(STATUSES) if held else None))
                            next_id += 1
            session.execute(insert(Meeting), meetings)
            session.execute(insert(Attendance), attendance)
    finally:
        database.dispose()
    return directory, big
