"""Statistics at 10,000 people: today's breakdowns and a year's 党内统计年报 (budget 200 ms each).

    uv run python -m bench.stats
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select, update

from bench.data import CLOCK, build_people
from djdesk import paths
from djdesk.domain.dates import PartialDate, add_months
from djdesk.domain.people import EDUCATION_LEVELS, LeftReason, PoliticalStatus, Stage
from djdesk.domain.status import ChangeKind
from djdesk.services import stats
from djdesk.store.models import Branch, Person, StatusEvent
from djdesk.store.opening import open_database

PEOPLE = 10_000
BUDGET_MS = 200


def add_history(directory: Path, seed: int = 11) -> dict[str, int]:
    """Give the bench school what a real one has: 转正日期, education, minorities, members
    admitted in the last two years, and a few hundred transfers, deaths and 出党 over the last
    years (so every branch of the code runs)."""
    database = open_database(paths.database_path(directory), clock=CLOCK)
    rng = random.Random(seed)
    made = {"full": 0, "admitted": 0, "transferred_out": 0, "died": 0, "lost": 0, "transferred_in": 0}
    try:
        with database.transaction(audit_skip_reason="benchmark data") as session:
            people = session.execute(select(Person.id, Person.joined_on, Person.political_status)).all()
            branch_ids = list(session.scalars(select(Branch.id)))
            events = []
            for person_id, joined, status in people:
                values: dict[str, object] = {
                    "education": rng.choice((*EDUCATION_LEVELS, "")),
                    "ethnicity": "汉族" if rng.random() < 0.93 else rng.choice(("回族", "满族", "壮族", "")),
                }
                if status is PoliticalStatus.MASSES and rng.random() < 0.02:
                    year = rng.randint(CLOCK.today().year - 2, CLOCK.today().year - 1)
                    values.update(political_status=PoliticalStatus.CPC_PROBATIONARY, stage=Stage.PROBATIONARY,
                                  branch_id=rng.choice(branch_ids), joined_on=PartialDate(year, rng.randint(1, 12)))
                    made["admitted"] += 1
                elif status is PoliticalStatus.CPC_MEMBER and joined is not None:
                    if rng.random() < 0.95:
                        values["full_on"] = add_months(joined, 12)
                        made["full"] += 1
                    draw = rng.random()
                    year = rng.randint(2020, CLOCK.today().year - 1)
                    on = PartialDate(max(year, joined.year + 1), rng.randint(1, 12), rng.randint(1, 28))
                    if draw < 0.02:
                        values.update(left_on=on, left_reason=LeftReason.TRANSFERRED_OUT, left_note="某校")
                        made["transferred_out"] += 1
                    elif draw < 0.03:
                        values.update(left_on=on, left_reason=LeftReason.DECEASED)
                        made["died"] += 1
                    elif draw < 0.035:
                        values.update(political_status=PoliticalStatus.MASSES, stage=None, branch_id=None,
                                      group_id=None)
                        events.append({"person_id": person_id, "kind": ChangeKind.LOST, "on": on,
                                       "note": "开除党籍", "before": "{}"})
                        made["lost"] += 1
                    elif draw < 0.06:
                        values.update(transferred_in_on=on, transferred_in_from="某校")
                        made["transferred_in"] += 1
                session.execute(update(Person).where(Person.id == person_id).values(**values))
            if events:
                session.execute(insert(StatusEvent), events)
    finally:
        database.dispose()
    return made


def timed(run) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(wall, cpu) seconds: CPU time is the steadier figure on a shared virtual machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def main(runs: int = 3) -> None:
    with tempfile.TemporaryDirectory() as temp:
        directory = build_people(Path(temp) / "bench", PEOPLE)
        made = add_history(directory)
        database = open_database(paths.database_path(directory), clock=CLOCK)
        today = CLOCK.today()
        year = today.year - 1
        results: dict[str, list[tuple[float, float]]] = {"current()": [], f"annual({year})": [], "export .xlsx": []}
        figures = None
        for _run in range(runs):
            with database.transaction() as session:
                results["current()"].append(timed(lambda: stats.current(session, today=today)))
            with database.transaction() as session:
                results[f"annual({year})"].append(timed(lambda: stats.annual(session, year, today=today)))
            with database.transaction() as session:
                results["export .xlsx"].append(timed(lambda: stats.export(
                    session, Path(temp) / "stats.xlsx", year, today=today)))
        with database.transaction() as session:
            current = stats.current(session, today=today)
            figures = stats.annual(session, year, today=today)
        database.dispose()

    print(f"{PEOPLE:,} people; made: {made}")
    print(f"{'measure (median of ' + str(runs) + ' runs)':34} {'wall ms':>8} {'cpu ms':>7} {'budget':>7}")
    for name, values in results.items():
        budget = f"≤ {BUDGET_MS}" if name != "export .xlsx" else ""
        wall = statistics.median(v[0] for v in values) * 1000
        cpu = statistics.median(v[1] for v in values) * 1000
        print(f"{name:34} {wall:8.0f} {cpu:7.0f} {budget:>7}")
    print(f"today: {current.staff} at the school, {current.members} party members")
    print(f"{figures.year}: members {figures.previous} → {figures.members}; admitted {figures.developed}, "
          f"in {figures.transferred_in}, out {figures.transferred_out}, died {figures.died}, "
          f"left the party {figures.lost}; difference {figures.difference}")


if __name__ == "__main__":
    main()
