"""The opened database: pragmas, real transactions, the data-dir lock, integrity checks."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select, text

from djdesk.domain.errors import StorageError
from djdesk.services import members
from djdesk.store import integrity
from djdesk.store.database import Database
from djdesk.store.lock import DataDirLock
from djdesk.store.models import AuditEntry, Person
from djdesk.store.snapshots import take_snapshot
from tests.factories import draft


def test_pragmas_are_set_on_every_connection(db: Database) -> None:
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_an_error_rolls_back_the_whole_action(db: Database, today) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError):
        with db.transaction() as session:
            members.add(session, draft(name="甲"), today=today)
            raise RuntimeError("the user's action failed half-way")
    with db.transaction() as session:
        assert session.scalars(select(Person)).all() == []
        assert session.scalars(select(AuditEntry)).all() == []


def test_ddl_rolls_back_with_the_transaction(db: Database) -> None:
    with pytest.raises(RuntimeError):
        with db.transaction() as session:
            session.execute(text("CREATE TABLE scratch (x INTEGER)"))
            raise RuntimeError
    with closing(sqlite3.connect(db.path)) as connection:
        names = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    assert "scratch" not in names


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"):
        with db.transaction() as session:
            session.execute(text("INSERT INTO party_group (branch_id, name, sort_order) VALUES (999, 'x', 1)"))


def test_lock_refuses_a_second_holder_with_a_clear_message(data_dir: Path) -> None:
    first = DataDirLock(data_dir).acquire()
    try:
        with pytest.raises(StorageError) as caught:
            DataDirLock(data_dir).acquire()
        assert "程序已在使用此数据目录" in caught.value.message
    finally:
        first.release()
    DataDirLock(data_dir).acquire().release()  # free again once released


def test_lock_is_freed_when_the_holding_process_dies(data_dir: Path) -> None:
    script = textwrap.dedent(
        f"""
        import os, sys
        from pathlib import Path
        from djdesk.store.lock import DataDirLock
        DataDirLock(Path({str(data_dir)!r})).acquire()
        print("locked", flush=True)
        os._exit(9)  # no clean-up: as if the program crashed
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "locked"
    DataDirLock(data_dir).acquire().release()


def test_lock_held_by_another_process_is_seen(data_dir: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from djdesk.store.lock import DataDirLock
        lock = DataDirLock(Path({str(data_dir)!r})).acquire()
        print("locked", flush=True)
        sys.stdin.readline()
        """
    )
    holder = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(StorageError):
            DataDirLock(data_dir).acquire()
    finally:
        holder.communicate("\n", timeout=60)


def test_integrity_check_finds_damage(db: Database, today) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        for n in range(60):
            members.add(session, draft(name=f"人员{n}", note="备注" * 200), today=today)
    db.dispose()
    assert integrity.problems(db.path) == []
    _damage(db.path)
    assert integrity.problems(db.path) != []


def _damage(path: Path) -> None:
    """Overwrite the middle of the file with noise, as a failing disk would."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 2)
        handle.write(os.urandom(8192))


def test_snapshot_is_a_consistent_copy_including_the_wal(db: Database, today, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        members.add(session, draft(name="快照"), today=today)
    # The write may still sit in the -wal file: the backup API must see it.
    target = take_snapshot(db.path, tmp_path / "snaps", "test", db.clock.now())
    with closing(sqlite3.connect(target)) as connection:
        assert connection.execute("SELECT name FROM person").fetchall() == [("快照",)]
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert [p.name for p in (tmp_path / "snaps").iterdir()] == [target.name]
    second = take_snapshot(db.path, tmp_path / "snaps", "test", db.clock.now())
    assert second != target  # same second: a new name, not an overwrite


def test_audit_entries_are_json_for_whole_records(db: Database, today) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        record = members.add(session, draft(name="李四"), today=today)
    with db.transaction() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == "person")).one()
    values = json.loads(entry.new or "")
    assert entry.action == "insert" and entry.entity_id == record.id
    assert values["name"] == "李四" and values["post"] == "teacher"
    assert "search_initials" not in values
