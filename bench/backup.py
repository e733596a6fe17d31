"""The USB backup, restore and start-up safety checks on 10,000 people and 3,000 meetings.

    uv run python -m bench.backup [--runs 5]

Budgets (issue 10): the backup with encryption and read-back verification ≤ 3 s, and without
its key derivation (slow on purpose, reported apart) ≤ 3× the bare SQLite backup of the same
file measured in the same run; the daily snapshot adds ≤ 100 ms to start-up. Reported without
a budget: the start-up `PRAGMA quick_check`, a full verify and a restore.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from bench.calendar_data import add_meetings
from bench.data import CLOCK, build_people, open_db
from bench.suite import Baseline, Row, fewer, measure, run_alone, timed
from djdesk import paths
from djdesk.store import backup
from djdesk.store.integrity import quick_problems
from djdesk.workspace import daily_upkeep

AREA = "备份"
PASSWORD = "基准测试 backup password"


def build(directory: Path) -> None:
    build_people(directory, 10_000)
    add_meetings(directory, 3_000)


def bare_backup(database: Path, target: Path) -> float:
    """SQLite's own backup API to a file: what any copy of this database costs at least."""
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


def figures(directory: Path, runs: int) -> list[Row]:
    path = paths.database_path(directory)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        stick = folder / "stick"
        stick.mkdir()
        bare, totals, kdfs, without_kdf, plain = [], [], [], [], []
        written = None
        for _ in range(runs):  # interleaved: the ratio compares figures taken side by side
            bare.append(bare_backup(path, folder / "bare.sqlite3"))
            for old in stick.glob("*.djbak"):
                old.unlink()
            started = time.perf_counter()
            written = backup.write_backup(path, stick, password=PASSWORD, hint="", now=CLOCK.now())
            totals.append(time.perf_counter() - started)
            kdfs.append(written.kdf_seconds)
            without_kdf.append(totals[-1] - kdfs[-1])
            # The quick_check runs beside the key derivation; without a key there is nothing to
            # hide it behind, so an unencrypted backup shows the cost of the rest on its own.
            plain.append(timed(lambda: backup.write_backup(path, stick, password=None, hint="", now=CLOCK.now())))
        assert written is not None
        base = Baseline("bare SQLite backup", bare)

        database = open_db(directory)
        snapshots = paths.snapshot_dir(directory)

        def first_start() -> float:
            for old in snapshots.glob("*.sqlite3"):
                old.unlink()
            return timed(lambda: daily_upkeep(directory, database, CLOCK.now()))

        upkeep_new = [first_start() for _ in range(runs)]
        upkeep_again = measure(lambda: daily_upkeep(directory, database, CLOCK.now()), runs)
        database.dispose()
        quick = measure(lambda: quick_problems(path), runs)
        slow = fewer(runs, 3)
        checked = backup.check_backup(written.path, PASSWORD)
        verify = measure(lambda: backup.check_backup(written.path, PASSWORD), slow)
        scratch_db = folder / "restored.sqlite3"
        bare_backup(path, scratch_db)  # restore over a copy, never the measured file
        restore = measure(lambda: backup.restore_image(checked.data, scratch_db, snapshot_dir=folder / "snaps",
                                                       now=CLOCK.now()), slow)
    return [
        Row("backup: encrypted, written, read back and checked", totals, 3.0),
        Row("  of which the key derivation (scrypt n=2**17)", kdfs),
        Row("  without the key derivation", without_kdf, baseline=base, ratio_budget=3.0),
        Row("backup unencrypted (no key: the check is not hidden)", plain, baseline=base, ratio_budget=3.0),
        Row("daily snapshot when none today (daily_upkeep, after the roster)", upkeep_new, 0.100),
        Row("daily_upkeep when today's snapshot exists", upkeep_again, 0.100),
        Row("start-up: PRAGMA quick_check (quick_problems)", quick),
        Row("verify a backup completely (check_backup, with scrypt)", verify),
        Row("restore_image (snapshot first, then replace)", restore),
    ]


def main() -> None:
    run_alone(build, 5, (AREA, figures))


if __name__ == "__main__":
    main()
