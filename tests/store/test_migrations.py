"""Migrations are the schema: empty file to head, no drift, old data kept, newer files refused."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from djdesk.domain.clock import FixedClock
from djdesk.domain.errors import StorageError
from djdesk.store import migrate
from djdesk.store.database import make_engine
from djdesk.store.models import Base
from djdesk.store.opening import HEAD_REVISION, open_database, read_state


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_head_constant_matches_the_scripts() -> None:
    assert migrate.head_revision() == HEAD_REVISION


def test_empty_file_migrates_to_head_and_autogenerate_finds_no_difference(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    open_database(path).dispose()
    assert read_state(path).revision == HEAD_REVISION
    engine = make_engine(path)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_zero_byte_file_is_treated_as_new(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    open_database(path).dispose()
    assert read_state(path).revision == HEAD_REVISION


def _at_first_revision_with_a_person(path: Path) -> None:
    engine = make_engine(path)
    with engine.connect() as connection:
        with connection.begin():
            cfg = migrate.config()
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "0001_people")
            connection.exec_driver_sql(
                "INSERT INTO person (name, sex, ethnicity, document_type, id_number, birth_date, "
                "native_place, education, degree, school_major, post, title, department, phone, note, "
                "political_status, party_post, introducers, contacts, transferred_in_from, "
                "membership_status, left_note, search_initials, search_pinyin) VALUES "
                "('张三','male','','resident_id','11010519491231002X','1949-12-31','','','','',"
                "'teacher','','','','','masses','','','','','normal','','zs','zhangsan')"
            )
    engine.dispose()


def test_older_database_with_data_is_snapshotted_then_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    snapshots = tmp_path / "snapshots"
    _at_first_revision_with_a_person(path)
    assert read_state(path).revision == "0001_people"

    open_database(path, clock=FixedClock.on(dt.date(2026, 6, 15)), snapshot_dir=snapshots).dispose()

    assert read_state(path).revision == HEAD_REVISION
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT name FROM person").fetchall() == [("张三",)]
        assert connection.execute("SELECT count(*) FROM meeting").fetchone() == (0,)
        # 0003: the person gained a column, empty; the pipeline and standing tables are there.
        assert connection.execute("SELECT probation_extended_months FROM person").fetchall() == [(None,)]
        assert connection.execute("SELECT count(*) FROM pipeline_step").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM status_event").fetchone() == (0,)
    (snapshot,) = snapshots.iterdir()
    assert snapshot.name == "20260615-090000-before-upgrade-0001_people.sqlite3"
    with closing(sqlite3.connect(snapshot)) as connection:
        assert connection.execute("SELECT name FROM person").fetchall() == [("张三",)]
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001_people",)


def test_database_from_a_newer_version_is_refused_untouched(template_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    shutil.copyfile(template_db, path)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
        connection.commit()
    before, mtime = digest(path), path.stat().st_mtime_ns
    with pytest.raises(StorageError) as caught:
        open_database(path, snapshot_dir=tmp_path / "snapshots").dispose()
    assert "更新版本的程序" in caught.value.message and "0099_future" in caught.value.message
    assert digest(path) == before and path.stat().st_mtime_ns == mtime
    assert not (tmp_path / "snapshots").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newer.sqlite3"]


def test_sqlite_file_of_another_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
        connection.execute("INSERT INTO notes VALUES ('keep me')")
        connection.commit()
    before = digest(path)
    with pytest.raises(StorageError) as caught:
        open_database(path)
    assert "不是本程序的数据库" in caught.value.message
    assert digest(path) == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"PK\x03\x04 this is a zip, not SQLite" * 100)
    before = digest(path)
    with pytest.raises(StorageError) as caught:
        open_database(path)
    assert "已损坏" in caught.value.message
    assert digest(path) == before


def test_a_failing_migration_leaves_the_old_schema_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DDL is transactional: a crash after the new tables exist rolls all of it back."""
    path = tmp_path / "half.sqlite3"
    _at_first_revision_with_a_person(path)
    run_all = MigrationContext.run_migrations

    def run_then_crash(self, **kw):  # type: ignore[no-untyped-def]
        run_all(self, **kw)
        raise RuntimeError("simulated crash before commit")

    monkeypatch.setattr(MigrationContext, "run_migrations", run_then_crash)
    with pytest.raises(RuntimeError, match="simulated crash"):
        open_database(path)
    with closing(sqlite3.connect(path)) as connection:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001_people",)
        assert connection.execute("SELECT name FROM person").fetchall() == [("张三",)]
    assert "meeting" not in tables and "attendance" not in tables


def test_a_newer_database_with_a_wal_left_behind_is_not_touched(template_db: Path, tmp_path: Path) -> None:
    """A newer program that crashed leaves its last commits in the -wal file; refusing the
    database must not fold them into the main file."""
    path = tmp_path / "newer.sqlite3"
    shutil.copyfile(template_db, path)
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("UPDATE alembic_version SET version_num = '0099_future'")
    writer.commit()
    before = {p.name: digest(p) for p in tmp_path.iterdir()}
    assert "newer.sqlite3-wal" in before
    try:
        with pytest.raises(StorageError):
            open_database(path)
        assert digest(path) == before["newer.sqlite3"]
        assert (tmp_path / "newer.sqlite3-wal").exists()
    finally:
        writer.close()


def test_a_migration_that_breaks_a_foreign_key_is_rolled_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Batch migrations run with foreign keys off; the check afterwards catches a broken one."""
    path = tmp_path / "fk.sqlite3"
    _at_first_revision_with_a_person(path)
    run_all = MigrationContext.run_migrations

    def run_and_break(self, **kw):  # type: ignore[no-untyped-def]
        run_all(self, **kw)
        self.connection.exec_driver_sql(
            "INSERT INTO attendance (meeting_id, person_id, reason) VALUES (4242, 4242, '')")

    monkeypatch.setattr(MigrationContext, "run_migrations", run_and_break)
    with pytest.raises(migrate.MigrationBug):
        open_database(path)
    assert read_state(path).revision == "0001_people"


def test_every_table_the_models_give_autoincrement_keeps_it_after_the_migrations(tmp_path: Path) -> None:
    """A batch migration rebuilds a table from the live schema; without the flag SQLite reuses
    the id of a deleted row, and two records' audit trails run together."""
    import sqlite3
    from contextlib import closing

    from djdesk.store.models import Base

    path = tmp_path / "head.sqlite3"
    open_database(path).dispose()
    wanted = {t.name for t in Base.metadata.tables.values() if t.dialect_kwargs.get("sqlite_autoincrement")}
    assert "learning_record" in wanted
    with closing(sqlite3.connect(path)) as connection:
        sql = dict(connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall())
    assert {name for name in wanted if "AUTOINCREMENT" not in sql[name]} == set()
