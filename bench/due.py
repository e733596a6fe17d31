"""The 待办 list at 10,000 people, with people on the way in, probationary members and the
attendance of recent meetings.

    uv run python -m bench.due [--runs 5]

Budget (issue 5): 待办 at 10,000 people ≤ 200 ms.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlalchemy import func, select, update

from bench.calendar_data import add_meetings
from bench.data import TODAY, build_people, open_db
from bench.suite import Row, measure, run_alone
from djdesk.domain.dates import PartialDate
from djdesk.domain.people import PoliticalStatus, Stage
from djdesk.services.due import list_due
from djdesk.store.models import Person

AREA = "党员"


def vary(directory: Path, activists: int = 600, probationary: int = 300) -> None:
    """Some people on the way in (积极分子) and some members probationary since last year."""
    database = open_db(directory)
    rng = random.Random(3)
    try:
        with database.transaction(audit_skip_reason="benchmark data") as session:
            ids = session.scalars(select(Person.id).where(Person.political_status == PoliticalStatus.MASSES)).all()
            for person_id in rng.sample(ids, activists):
                on = TODAY - dt.timedelta(days=rng.randint(30, 900))
                activist = PartialDate(on.year, on.month, on.day)
                session.execute(update(Person).where(Person.id == person_id).values(
                    stage=Stage.ACTIVIST, activist_on=activist))
            members = session.scalars(select(Person.id).where(Person.political_status == PoliticalStatus.CPC_MEMBER)).all()
            for person_id in rng.sample(members, probationary):
                joined = PartialDate(TODAY.year - 1, rng.randint(1, 12), rng.randint(1, 28))
                session.execute(update(Person).where(Person.id == person_id).values(
                    political_status=PoliticalStatus.CPC_PROBATIONARY, stage=Stage.PROBATIONARY, joined_on=joined))
    finally:
        database.dispose()


def build(directory: Path, people: int) -> None:
    build_people(directory, people)
    vary(directory, people * 6 // 100, people * 3 // 100)
    add_meetings(directory, 120)  # the last months of the branches' meetings


def figures(directory: Path, runs: int) -> list[Row]:
    database = open_db(directory)
    try:
        with database.transaction() as session:
            people = session.scalar(select(func.count()).select_from(Person))

        def due() -> list:  # type: ignore[type-arg]
            with database.transaction() as session:
                return list_due(session, today=TODAY)

        return [Row(f"待办 at {people:,} people ({len(due()):,} items)", measure(due, runs), 0.200)]
    finally:
        database.dispose()


def main() -> None:
    run_alone(build, 5, (AREA, figures), people=10_000)


if __name__ == "__main__":
    main()
