"""Statistics at 10,000 people: today's breakdowns and a year's 党内统计年报 (budget 200 ms each).

    uv run python -m bench.stats [--people 10000] [--runs 3]
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from sqlalchemy import func, insert, select, update

from bench.data import CLOCK, TODAY, build_people, open_db
from bench.suite import Row, measure, run_alone
from djdesk.domain.dates import PartialDate, add_months
from djdesk.domain.people import EDUCATION_LEVELS, LeftReason, PoliticalStatus, Stage
from djdesk.domain.status import ChangeKind
from djdesk.services import stats
from djdesk.store.models import Branch, Person, StatusEvent

AREA = "党员"


def add_history(directory: Path, seed: int = 11) -> None:
    """Give the bench school what a real one has: 转正日期, education, minorities, members
    admitted in the last two years, and a few hundred transfers, deaths and 出党 over the last
    years (so every branch of the code runs)."""
    database = open_db(directory)
    rng = random.Random(seed)
    try:
        with database.transaction(audit_skip_reason="benchmark data") as session:
            people = session.execute(select(Person.id, Person.joined_on, Person.political_status, Person.stage)).all()
            branch_ids = list(session.scalars(select(Branch.id)))
            events = []
            for person_id, joined, status, stage in people:
                values: dict[str, object] = {
                    "education": rng.choice((*EDUCATION_LEVELS, "")),
                    "ethnicity": "汉族" if rng.random() < 0.93 else rng.choice(("回族", "满族", "壮族", "")),
                }
                if status is PoliticalStatus.MASSES and stage is None and rng.random() < 0.02:
                    year = rng.randint(CLOCK.today().year - 2, CLOCK.today().year - 1)
                    values.update(political_status=PoliticalStatus.CPC_PROBATIONARY, stage=Stage.PROBATIONARY,
                                  branch_id=rng.choice(branch_ids), joined_on=PartialDate(year, rng.randint(1, 12)))
                elif status is PoliticalStatus.CPC_MEMBER and joined is not None:
                    if rng.random() < 0.95:
                        values["full_on"] = add_months(joined, 12)
                    draw = rng.random()
                    year = rng.randint(2020, CLOCK.today().year - 1)
                    on = PartialDate(max(year, joined.year + 1), rng.randint(1, 12), rng.randint(1, 28))
                    if draw < 0.02:
                        values.update(left_on=on, left_reason=LeftReason.TRANSFERRED_OUT, left_note="某校")
                    elif draw < 0.03:
                        values.update(left_on=on, left_reason=LeftReason.DECEASED)
                    elif draw < 0.035:
                        values.update(political_status=PoliticalStatus.MASSES, stage=None, branch_id=None,
                                      group_id=None)
                        events.append({"person_id": person_id, "kind": ChangeKind.LOST, "on": on,
                                       "note": "开除党籍", "before": "{}"})
                    elif draw < 0.06:
                        values.update(transferred_in_on=on, transferred_in_from="某校")
                session.execute(update(Person).where(Person.id == person_id).values(**values))
            if events:
                session.execute(insert(StatusEvent), events)
    finally:
        database.dispose()


def build(directory: Path, people: int) -> None:
    build_people(directory, people)
    add_history(directory)


def figures(directory: Path, runs: int) -> list[Row]:
    database = open_db(directory)
    today = TODAY
    year = today.year - 1
    try:
        with database.transaction() as session:
            people = session.scalar(select(func.count()).select_from(Person))

        def current() -> None:
            with database.transaction() as session:
                stats.current(session, today=today)

        def annual() -> None:
            with database.transaction() as session:
                stats.annual(session, year, today=today)

        with tempfile.TemporaryDirectory() as scratch:
            def export() -> None:
                with database.transaction() as session:
                    stats.export(session, Path(scratch) / "stats.xlsx", year, today=today)

            return [
                Row(f"statistics today, current() at {people:,} people", measure(current, runs), 0.200),
                Row(f"党内统计年报, annual({year})", measure(annual, runs), 0.200),
                Row("statistics export .xlsx", measure(export, runs)),
            ]
    finally:
        database.dispose()


def main() -> None:
    run_alone(build, 3, (AREA, figures), people=10_000)


if __name__ == "__main__":
    main()
