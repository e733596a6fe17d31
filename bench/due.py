"""The 待办 list at 10,000 people, with six months of meetings and their attendance.

    uv run python -m bench.due
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select, update

from bench.data import CLOCK, TODAY, build_people
from djdesk import paths
from djdesk.domain.dates import PartialDate
from djdesk.domain.meetings import AttendanceStatus, MeetingKind, MeetingStatus
from djdesk.domain.people import PoliticalStatus, Stage
from djdesk.services.due import list_due
from djdesk.store.models import Attendance, Branch, Meeting, Person
from djdesk.store.opening import open_database

PEOPLE = 10_000
MEETINGS = 120  # six months of 三会一课 for a large school's branches


def vary(directory: Path) -> None:
    """Some people on the way in and some probationary, and meetings with attendance."""
    database = open_database(paths.database_path(directory), clock=CLOCK)
    rng = random.Random(3)
    try:
        with database.transaction(audit_skip_reason="benchmark data") as session:
            ids = session.scalars(select(Person.id).where(Person.political_status == PoliticalStatus.MASSES)).all()
            for person_id in rng.sample(ids, 600):
                activist = PartialDate(TODAY.year - rng.randint(0, 2), rng.randint(1, 12), rng.randint(1, 28))
                session.execute(update(Person).where(Person.id == person_id).values(
                    stage=Stage.ACTIVIST, activist_on=activist))
            members = session.scalars(select(Person.id).where(Person.political_status == PoliticalStatus.CPC_MEMBER)).all()
            for person_id in rng.sample(members, 300):
                joined = PartialDate(TODAY.year - 1, rng.randint(1, 12), rng.randint(1, 28))
                session.execute(update(Person).where(Person.id == person_id).values(
                    political_status=PoliticalStatus.CPC_PROBATIONARY, stage=Stage.PROBATIONARY, joined_on=joined))
            branch_id = session.scalars(select(Branch.id)).first()
            start = dt.datetime.combine(TODAY, dt.time(15)) - dt.timedelta(days=180)
            for number in range(MEETINGS):
                when = start + dt.timedelta(days=number * 180 // MEETINGS)
                meeting_id = session.execute(insert(Meeting).values(
                    kind=MeetingKind.GROUP, also_counts_as=(), year=when.year, branch_id=branch_id, title="",
                    starts_at=when, place="", guests="", content="", resolution="", status=MeetingStatus.HELD,
                    cancel_reason="")).inserted_primary_key[0]
                session.execute(insert(Attendance), [
                    dict(meeting_id=meeting_id, person_id=pid, reason="",
                         status=rng.choice((AttendanceStatus.PRESENT, AttendanceStatus.PRESENT, AttendanceStatus.ABSENT)))
                    for pid in rng.sample(members, 60)])
    finally:
        database.dispose()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        directory = build_people(Path(folder) / "data", PEOPLE)
        vary(directory)
        database = open_database(paths.database_path(directory), clock=CLOCK)
        times, cpu = [], []
        for _ in range(3):
            started, started_cpu = time.perf_counter(), time.process_time()
            with database.transaction() as session:
                items = list_due(session, today=TODAY)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        database.dispose()
    kinds: dict[str, int] = {}
    for item in items:
        kinds[item.kind.value] = kinds.get(item.kind.value, 0) + 1
    print(f"待办 at {PEOPLE:,} people, {MEETINGS} meetings: {len(items)} items {kinds}")
    print(f"  wall median {statistics.median(times) * 1000:.0f} ms (runs {', '.join(f'{t * 1000:.0f}' for t in times)}), "
          f"CPU median {statistics.median(cpu) * 1000:.0f} ms; budget 200 ms")


if __name__ == "__main__":
    main()
