"""The process killed during a backup, a restore or an import: the next start finds the old
database whole, or the new one, never a mix and never nothing."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from djdesk.domain.clock import FixedClock
from djdesk.services import members
from djdesk.store.database import Database
from djdesk.store.integrity import quick_problems
from djdesk.store.opening import open_database
from tests.factories import draft

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 6, 15, 10, 0, 0)

SCRIPT = r'''
import datetime as dt, os, signal, sys
from pathlib import Path

mode, *args = sys.argv[1:]
NOW = dt.datetime(2026, 6, 15, 11, 0, 0)


def die():
    sys.stdout.write("killing\n")
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


if mode == "backup":
    from djdesk.store import backup, backup_format
    backup_format.SCRYPT_N = 2**10
    database, target = map(Path, args)

    def progress(done, total):
        if 0 < done < total:
            die()

    backup.write_backup(database, target, password="pw", hint="", now=NOW, progress=progress)
elif mode in ("restore-early", "restore-late", "restore-control"):
    from djdesk.store import backup
    database, new, snapshots = map(Path, args)
    data = backup.database_image(new).data
    steps = []

    def progress(done, total):
        steps.append((done, total))
        # Early: after the first step. Late: at the last step before the end, when more has
        # been copied than SQLite's page cache holds, so new pages are already on the disk.
        if mode == "restore-early" and 0 < done < total:
            die()
        if mode == "restore-late" and total - 256 <= done < total:
            die()

    backup.restore_image(data, database, snapshot_dir=snapshots, now=NOW, progress=progress)
    print("steps", len(steps))
elif mode == "transaction":
    from sqlalchemy import insert
    from djdesk.domain.clock import FixedClock
    from djdesk.services import members
    from djdesk.store.database import Database
    from djdesk.store.models import AuditEntry
    from tests.factories import draft
    database = Database(Path(args[0]), clock=FixedClock(NOW))
    with database.transaction() as session:
        for n in range(100):
            # Another birth date than the test's people: new ID numbers in this process too.
            members.add(session, draft(name=f"新人{n}", birth=dt.date(1992, 2, 2)), today=NOW.date())
        # More than SQLite's page cache holds: uncommitted pages spill to the -wal file.
        session.execute(insert(AuditEntry), [
            {"at": NOW, "action": "note", "entity": "database", "new": os.urandom(2000).hex()}
            for _ in range(1500)])
        session.flush()
        die()
elif mode == "import":
    from djdesk.domain.clock import FixedClock
    from djdesk.services import import_runs, roster_import
    from djdesk.sheets import roster, workbook
    from djdesk.store.database import Database
    database_path, data_dir, sheet_path = map(Path, args)
    sheet = workbook.read_sheet(sheet_path)
    header = roster.find_header(sheet)
    parsed = roster.parse(sheet, header, roster.auto_mapping(roster.headers_of(sheet, header)), NOW.date())
    apply = roster_import.apply

    def apply_then_die(session, *a, **kw):
        result = apply(session, *a, **kw)
        session.flush()
        assert result.added > 0
        die()

    roster_import.apply = apply_then_die
    database = Database(database_path, clock=FixedClock(NOW))
    import_runs.run_import(database, data_dir, parsed, source="roster.xlsx", only_good_rows=True)
print("finished")
'''

pytestmark = pytest.mark.slow


def run(tmp_path: Path, mode: str, *args: Path) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "worker.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.pop("DJDESK_DATA_DIR", None)
    return subprocess.run([sys.executable, str(script), mode, *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def killed(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert "killing" in result.stdout and "finished" not in result.stdout


def filled(template_db: Path, path: Path, people: list[str], filler_bytes: int = 0) -> None:
    """A closed database file holding these people and, to make it big, audit entries."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template_db, path)
    clock = FixedClock(NOW)
    with Database(path, clock=clock) as database, database.transaction() as session:
        for name in people:
            members.add(session, draft(name=name), today=clock.today())
    noise = random.Random(len(people))
    with closing(sqlite3.connect(path)) as connection:
        connection.executemany(
            "INSERT INTO audit_entry (at, action, entity, new) VALUES ('2026-06-15 10:00:00', 'note', 'filler', ?)",
            [(noise.randbytes(2000).hex(),) for _ in range(filler_bytes // 4000)])
        connection.commit()


def state(path: Path) -> tuple[list[str], int]:
    """Who is on the roster and how many audit entries, read the way the program starts."""
    assert quick_problems(path) == []
    database = open_database(path, clock=FixedClock(NOW))
    try:
        with database.transaction() as session:
            people = sorted(r.name for r in members.list_rows(session, include_left=True))
        with database.engine.connect() as connection:
            entries = connection.exec_driver_sql("SELECT count(*) FROM audit_entry").scalar() or 0
        return people, entries
    finally:
        database.dispose()


OLD = ["旧甲", "旧乙", "旧丙"]
NEW = ["新甲", "新乙"]


def test_killed_during_a_backup(template_db: Path, tmp_path: Path) -> None:
    database = tmp_path / "data" / "djdesk.sqlite3"
    filled(template_db, database, OLD, filler_bytes=3_000_000)
    before = state(database)
    target = tmp_path / "stick"
    target.mkdir()

    killed(run(tmp_path, "backup", database, target))

    assert [p for p in target.iterdir() if p.suffix == ".djbak"] == []  # no half file under the final name
    assert state(database) == before


@pytest.mark.parametrize("when", ["early", "late"])
def test_killed_during_a_restore_the_old_database_is_whole(template_db: Path, tmp_path: Path, when: str) -> None:
    database = tmp_path / "data" / "djdesk.sqlite3"
    new = tmp_path / "backup" / "new.sqlite3"
    filled(template_db, database, OLD, filler_bytes=200_000)
    filled(template_db, new, NEW, filler_bytes=3_000_000)  # > 3 steps of 256 pages
    before = state(database)
    assert before[0] == sorted(OLD)
    size = database.stat().st_size

    killed(run(tmp_path, f"restore-{when}", database, new, tmp_path / "snapshots"))

    if when == "late":  # the new pages had reached the disk, uncommitted
        wal = Path(f"{database}-wal")
        assert database.stat().st_size > size or (wal.exists() and wal.stat().st_size > 500_000)
    assert state(database) == before
    # The snapshot taken first is whole too.
    (snapshot,) = (tmp_path / "snapshots").iterdir()
    assert quick_problems(snapshot) == []


def test_a_restore_that_runs_to_the_end_gives_the_new_database(template_db: Path, tmp_path: Path) -> None:
    database = tmp_path / "data" / "djdesk.sqlite3"
    new = tmp_path / "backup" / "new.sqlite3"
    filled(template_db, database, OLD, filler_bytes=200_000)
    filled(template_db, new, NEW, filler_bytes=3_000_000)
    expected = state(new)

    result = run(tmp_path, "restore-control", database, new, tmp_path / "snapshots")

    assert result.returncode == 0, result.stderr
    steps = int(result.stdout.split("steps ")[1].split()[0])
    assert steps >= 3  # the kill above really happened between steps
    assert state(database) == expected


def test_killed_before_a_big_transaction_commits(template_db: Path, tmp_path: Path) -> None:
    database = tmp_path / "data" / "djdesk.sqlite3"
    filled(template_db, database, OLD)
    before = state(database)

    killed(run(tmp_path, "transaction", database))

    wal = Path(f"{database}-wal")
    assert wal.exists() and wal.stat().st_size > 1_000_000  # the uncommitted pages did reach the disk
    assert state(database) == before


def test_killed_during_an_import(template_db: Path, tmp_path: Path) -> None:
    from djdesk.services import import_runs
    from tests.sheets import messy

    data_dir = tmp_path / "data"
    database = data_dir / "djdesk.sqlite3"
    filled(template_db, database, OLD)
    before = state(database)
    sheet = messy.build(tmp_path / "roster.xlsx")

    killed(run(tmp_path, "import", database, data_dir, sheet))

    assert state(database) == before
    assert import_runs.undo_snapshot(data_dir) is None  # no undo point for an import that never was
