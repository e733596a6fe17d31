"""The USB backup, restore and start-up safety checks on 10,000 people and 3,000 meetings.

    uv run python -m bench.backup

Budgets (issue 10): the backup with encryption and read-back verification ≤ 3 s, and without
its key derivation (slow on purpose, reported apart) ≤ 3× the bare SQLite backup of the same
file measured in the same run; the daily snapshot adds ≤ 100 ms to start-up. Reported without
a budget: the start-up `PRAGMA quick_check`, a full verify and a restore.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, insert, select

from bench.calendar_data import MONTHLY, QUARTERLY, STATUSES
from bench.data import CLOCK, TODAY, build_people
from djdesk import paths
from djdesk.domain.meetings import MeetingKind, MeetingStatus
from djdesk.store import backup
from djdesk.store.integrity import quick_problems
from djdesk.store.models import Attendance, Branch, Meeting, PartyGroup, Person
from djdesk.store.opening import open_database
from djdesk.workspace import daily_upkeep

PEOPLE = 10_000
MEETINGS = 3_000
RUNS = 5
PASSWORD = "基准测试 backup password"


def build(directory: Path) -> Path:
    """10,000 people, then 3,000 meetings of the last years with 12-28 attendees each."""
    build_people(directory, PEOPLE)
    database = open_database(paths.database_path(directory), clock=CLOCK)
    rng = random.Random(12)
    try:
        with database.transaction(audit_skip_reason="benchmark data") as session:
            branches = session.scalars(select(Branch.id).order_by(Branch.id)).all()
            groups = {b: session.scalars(select(PartyGroup.id).where(PartyGroup.branch_id == b)).all()
                      for b in branches}
            members = {b: session.scalars(select(Person.id).where(Person.branch_id == b)).all() for b in branches}
            meetings: list[dict[str, object]] = []
            attendance: list[dict[str, object]] = []
            year, month = TODAY.year, TODAY.month
            while len(meetings) < MEETINGS:  # backwards from this month, like an office's years of records
                for branch in branches:
                    kinds = [(k, g) for k in MONTHLY for g in (groups[branch] if k is MeetingKind.GROUP else [None])]
                    if month % 3 == 0:
                        kinds += [(k, None) for k in QUARTERLY]
                    for number, (kind, group) in enumerate(kinds):
                        if len(meetings) == MEETINGS:
                            break
                        when = dt.datetime(year, month, 3 + number * 2, 15, 30)
                        held = when < dt.datetime.combine(TODAY, dt.time())
                        meeting_id = len(meetings) + 1
                        meetings.append(dict(
                            id=meeting_id, kind=kind, also_counts_as=(), year=year, branch_id=branch,
                            group_id=group, title=f"{year}年{month}月{kind.label}", starts_at=when,
                            ends_at=when + dt.timedelta(hours=1, minutes=30), place="学校会议室", guests="",
                            content="一、会议议程\n二、主要内容\n" * 20 if held else "", resolution="",
                            status=MeetingStatus.HELD if held else MeetingStatus.PLANNED, cancel_reason=""))
                        for person_id in rng.sample(members[branch], rng.randint(12, 28)):
                            attendance.append(dict(meeting_id=meeting_id, person_id=person_id, reason="",
                                                   status=rng.choice(STATUSES) if held else None))
                year, month = (year, month - 1) if month > 1 else (year - 1, 12)
            session.execute(insert(Meeting), meetings)
            session.execute(insert(Attendance), attendance)
    finally:
        database.dispose()
    return paths.database_path(directory)


def bare_backup(database: Path, folder: Path) -> float:
    """SQLite's own backup API to a file: what any copy of this database costs at least."""
    target = folder / "bare.sqlite3"
    target.unlink(missing_ok=True)
    started = time.perf_counter()
    source = sqlite3.connect(database)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return time.perf_counter() - started


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


Row = tuple[str, list[float], float | None, str]  # figure, values, budget, unit ("ms" or "x")


def table(rows: list[Row]) -> None:
    print(f"  {'figure':58} {'median':>9} {'worst':>9} {'budget':>9}  ")
    for label, values, budget, unit in rows:
        median, worst = statistics.median(values), max(values)
        if unit == "ms":
            shown = [f"{v * 1000:.0f} ms" for v in (median, worst)]
            limit = f"{budget * 1000:.0f} ms" if budget is not None else "-"
        else:
            shown = [f"{v:.2f}x" for v in (median, worst)]
            limit = f"{budget:.1f}x" if budget is not None else "-"
        verdict = "" if budget is None else ("ok" if median <= budget else "OVER")
        print(f"  {label:58} {shown[0]:>9} {shown[1]:>9} {limit:>9}  {verdict}")


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        began = time.perf_counter()
        directory = folder / "data"
        path = build(directory)  # built once, every figure below reads this one file
        database = open_database(path, clock=CLOCK)
        with database.transaction() as session:
            n_people = session.scalar(select(func.count()).select_from(Person))
            n_meetings = session.scalar(select(func.count()).select_from(Meeting))
            n_rows = session.scalar(select(func.count()).select_from(Attendance))
        database.dispose()
        print(f"built {n_people:,} people, {n_meetings:,} meetings, {n_rows:,} attendance rows "
              f"in {time.perf_counter() - began:.1f} s; database {path.stat().st_size / 2**20:.1f} MB")

        stick = folder / "stick"
        stick.mkdir()
        bare, totals, kdfs, without_kdf, ratios, plain, plain_ratios = [], [], [], [], [], [], []
        written = None
        for _ in range(RUNS):  # interleaved: the ratio compares figures taken side by side
            bare.append(bare_backup(path, folder))
            for old in stick.glob("*.djbak"):
                old.unlink()
            started = time.perf_counter()
            written = backup.write_backup(path, stick, password=PASSWORD, hint="", now=CLOCK.now())
            totals.append(time.perf_counter() - started)
            kdfs.append(written.kdf_seconds)
            without_kdf.append(totals[-1] - kdfs[-1])
            ratios.append(without_kdf[-1] / bare[-1])
            # The quick_check runs beside the key derivation; without a key there is nothing to
            # hide it behind, so an unencrypted backup shows the cost of the rest on its own.
            started = time.perf_counter()
            backup.write_backup(path, stick, password=None, hint="", now=CLOCK.now())
            plain.append(time.perf_counter() - started)
            plain_ratios.append(plain[-1] / bare[-1])
        assert written is not None
        print(f"backup file {written.path.stat().st_size / 2**20:.1f} MB")

        database = open_database(path, clock=CLOCK)
        snapshots = paths.snapshot_dir(directory)

        def first_start() -> float:
            for old in snapshots.glob("*.sqlite3"):
                old.unlink()
            return timed(lambda: daily_upkeep(directory, database, CLOCK.now()))

        upkeep_new = [first_start() for _ in range(RUNS)]
        upkeep_again = [timed(lambda: daily_upkeep(directory, database, CLOCK.now())) for _ in range(RUNS)]
        database.dispose()
        quick = [timed(lambda: quick_problems(path)) for _ in range(RUNS)]
        checked = backup.check_backup(written.path, PASSWORD)
        verify = [timed(lambda: backup.check_backup(written.path, PASSWORD)) for _ in range(3)]
        scratch = folder / "restored.sqlite3"
        bare_backup(path, folder)
        (folder / "bare.sqlite3").replace(scratch)  # restore over a copy, never the measured file
        restore = [timed(lambda: backup.restore_image(checked.data, scratch, snapshot_dir=folder / "restore-snaps",
                                                      now=CLOCK.now())) for _ in range(3)]

        print(f"medians of {RUNS} runs (verify and restore: 3), {n_people:,} people, {n_meetings:,} meetings:")
        table([
            ("bare SQLite backup API to a file", bare, None, "ms"),
            ("backup: encrypted, written, read back and checked", totals, 3.0, "ms"),
            ("  of which the key derivation (scrypt n=2**17)", kdfs, None, "ms"),
            ("  without the key derivation", without_kdf, None, "ms"),
            ("  without the key derivation / bare backup", ratios, 3.0, "x"),
            ("backup unencrypted (no key: the check is not hidden)", plain, None, "ms"),
            ("  unencrypted / bare backup", plain_ratios, 3.0, "x"),
            ("start-up: daily snapshot when none today (daily_upkeep)", upkeep_new, 0.1, "ms"),
            ("start-up: daily_upkeep when today's snapshot exists", upkeep_again, 0.1, "ms"),
            ("start-up: PRAGMA quick_check (quick_problems)", quick, None, "ms"),
            ("verify a backup completely (check_backup, with scrypt)", verify, None, "ms"),
            ("restore_image (snapshot first, then replace)", restore, None, "ms"),
        ])


if __name__ == "__main__":
    main()
