"""The one large data dir of `python -m bench`: every module's data composed on one database.

10,000 people (45% party members) with people on the way in and a history; a branch of
1,000 members (the "for 1,000 members" budgets) and one of 60 (民主评议); 3,000 meetings of
the two first branches with their attendance; a 师德考核 period of 1,000 teachers; last
year's 民主评议 of the small branch; ten study groups of 1,000 staff with their records; and
the dues of every party member since January of last year.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from bench import calendar_data, dues, ethics, review, study
from bench.data import add_branch, build_people, open_db
from bench.due import vary
from bench.stats import add_history
from bench.suite import progress
from djdesk import paths
from djdesk.store.models import (
    Attendance,
    DuesPayment,
    EthicsEntry,
    LearningRecord,
    Meeting,
    Person,
)


@dataclass(frozen=True)
class Scale:
    people: int = 10_000
    meetings: int = 3_000
    teachers: int = 1_000
    study: int = 1_000  # staff in the ten study groups
    branch: int = 1_000  # members of the branch the "1,000 members" budgets are measured on
    review: int = 60  # members of the branch evaluated in 民主评议


FULL = Scale()
SMALL = Scale(people=600, meetings=200, teachers=60, study=100, branch=100, review=12)


def build(directory: Path, scale: Scale) -> None:
    """The data dir, step by step (progress on stderr)."""
    progress(f"building {scale.people:,} people")
    build_people(directory, scale.people)
    progress("people on the way in, probationary members, history")
    vary(directory, scale.people * 6 // 100, scale.people * 3 // 100)
    add_history(directory)
    add_branch(directory, "第二党支部", scale.branch, seed=6)
    small = add_branch(directory, "第三党支部", scale.review, seed=7)
    progress(f"{scale.meetings:,} meetings with attendance")
    calendar_data.add_meetings(directory, scale.meetings)
    progress(f"师德考核 of {scale.teachers:,} teachers")
    ethics.fill(directory, scale.teachers)
    progress("民主评议, study groups and records, dues")
    review.fill(directory, small)
    study.fill(directory, scale.study)
    dues.fill(directory)
    progress("built")


def sizes(directory: Path) -> str:
    """The data's size in one line, for the table's header."""
    database = open_db(directory)
    try:
        with database.transaction() as session:
            def count(what) -> int:  # type: ignore[no-untyped-def]
                return session.scalar(select(func.count()).select_from(what)) or 0

            found = (f"{count(Person):,} people, {count(Meeting):,} meetings, {count(Attendance):,} attendance rows, "
                     f"{count(EthicsEntry):,} evaluated teachers, {count(LearningRecord):,} learning records, "
                     f"{count(DuesPayment):,} dues payments")
    finally:
        database.dispose()
    return f"{found}; database {paths.database_path(directory).stat().st_size / 1e6:.1f} MB"
