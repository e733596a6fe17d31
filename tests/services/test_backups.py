"""The backup use cases: remembering the last backup, the reminder, restores and what they keep."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select

from djdesk import paths
from djdesk.domain.clock import FixedClock
from djdesk.domain.errors import StorageError
from djdesk.services import backups, members
from djdesk.services import settings as school_settings
from djdesk.store import backup, migrate
from djdesk.store.backup_format import NewerBackup
from djdesk.store.database import Database, make_engine
from djdesk.store.models import AuditEntry
from djdesk.store.opening import HEAD_REVISION, read_state
from djdesk.store.snapshots import list_snapshots, take_snapshot
from tests.factories import branch, draft, member_draft

PASSWORD = "备份密码 2026"


pytestmark = pytest.mark.usefixtures("cheap_kdf")


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    directory = tmp_path / "stick"
    directory.mkdir()
    return directory


def add(db: Database, name: str) -> None:
    with db.transaction() as session:
        members.add(session, draft(name=name), today=db.clock.today())


def names(db: Database) -> list[str]:
    with db.transaction() as session:
        return sorted(row.name for row in members.list_rows(session, include_left=True))


def file_names(path: Path) -> list[str]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        return sorted(r[0] for r in connection.execute("SELECT name FROM person"))


def notes(db: Database) -> list[str]:
    with db.transaction() as session:
        return [e.new or "" for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action == "note").order_by(AuditEntry.id))]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def at() -> Iterator[list[Database]]:
    """Databases opened on the same file with another clock; closed afterwards."""
    opened: list[Database] = []
    yield opened
    for database in opened:
        database.dispose()


def backed_up(db: Database, stick: Path, moment: dt.datetime, at: list[Database]) -> backup.Written:
    """A backup made at `moment` (the database seen through a clock stopped then)."""
    then = Database(db.path, clock=FixedClock(moment))
    at.append(then)
    return backups.make_backup(then, stick, password=None)


# --- make_backup -----------------------------------------------------------------------------


def test_make_backup_remembers_it_and_notes_it(db: Database, stick: Path) -> None:
    add(db, "甲")
    written = backups.make_backup(db, stick, password=PASSWORD, hint="usual")
    with db.transaction() as session:
        last = backups.last_backup(session)
    assert last == backups.LastBackup(db.clock.now(), written.path.name, written.checksum)
    (note,) = [n for n in notes(db) if written.checksum in n]
    assert written.path.name in note
    assert backup.check_backup(written.path, PASSWORD).header.hint == "usual"


def test_a_later_backup_replaces_the_remembered_one(db: Database, stick: Path, at: list[Database]) -> None:
    add(db, "甲")
    backed_up(db, stick, dt.datetime(2026, 3, 1, 9), at)
    latest = backed_up(db, stick, dt.datetime(2026, 6, 1, 9), at)
    with db.transaction() as session:
        assert backups.last_backup(session) == backups.LastBackup(
            dt.datetime(2026, 6, 1, 9), latest.path.name, latest.checksum)


def test_a_failed_backup_is_not_remembered(db: Database, stick: Path) -> None:
    add(db, "甲")
    before = notes(db)

    def full(path: Path):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(StorageError):
        backups.make_backup(db, stick, password=PASSWORD, opener=full)
    with db.transaction() as session:
        assert backups.last_backup(session) is None
    assert notes(db) == before
    assert list(stick.iterdir()) == []


def test_describe_shows_the_header_and_the_counts(db: Database, stick: Path) -> None:
    with db.transaction() as session:
        school_settings.save(session, school_settings.SchoolSettings(school_name="红旗小学"))
        first = branch(session)
        members.add(session, member_draft(first.id, name="甲"), today=db.clock.today())
        members.add(session, draft(name="乙"), today=db.clock.today())
    written = backups.make_backup(db, stick, password=PASSWORD, hint="the usual")
    checked = backups.check(written.path, PASSWORD)
    header_only = dict(backups.describe(checked.header))
    assert "红旗小学" in header_only.values() and "the usual" in header_only.values()
    assert "2026-06-15 10:00:00" in header_only.values()
    full = backups.describe(checked.header, checked.contents)
    assert len(full) == len(header_only) + 7
    assert [value for _label, value in full[len(header_only):]] == ["2", "0", "1", "1", "0", "0", "0"]


# --- the reminder ----------------------------------------------------------------------------


def test_no_reminder_for_an_empty_roster(db: Database) -> None:
    with db.transaction() as session:
        assert backups.reminder(session, db.clock.today(), 0) is None
        assert backups.reminder(session, db.clock.today(), 30) is None


def test_reminder_when_never_backed_up(db: Database) -> None:
    add(db, "甲")
    with db.transaction() as session:
        assert backups.reminder(session, db.clock.today(), 0)
        assert backups.reminder(session, db.clock.today(), 30)


@pytest.mark.parametrize(("made", "today", "due"), [
    (dt.datetime(2025, 12, 31, 23, 0), dt.date(2026, 6, 15), True),
    (dt.datetime(2026, 1, 1, 8, 0), dt.date(2026, 6, 15), False),
    (dt.datetime(2026, 1, 1, 8, 0), dt.date(2026, 12, 31), False),
    (dt.datetime(2026, 12, 31, 8, 0), dt.date(2027, 1, 1), True),
])
def test_reminder_once_a_calendar_year(db: Database, stick: Path, at: list[Database],
                                       made: dt.datetime, today: dt.date, due: bool) -> None:
    add(db, "甲")
    backed_up(db, stick, made, at)
    with db.transaction() as session:
        assert bool(backups.reminder(session, today, 0)) is due


@pytest.mark.parametrize(("made", "due"), [
    (dt.datetime(2026, 3, 17, 18, 0), True),  # 90 days before June 15
    (dt.datetime(2026, 3, 18, 8, 0), False),  # 89 days
    (dt.datetime(2026, 6, 15, 9, 0), False),
])
def test_reminder_every_so_many_days(db: Database, stick: Path, at: list[Database],
                                     made: dt.datetime, due: bool) -> None:
    add(db, "甲")
    backed_up(db, stick, made, at)
    with db.transaction() as session:
        assert bool(backups.reminder(session, dt.date(2026, 6, 15), 90)) is due
        # The calendar-year rule knows nothing of the 90 days: all these are this year.
        assert backups.reminder(session, dt.date(2026, 6, 15), 0) is None


# --- restore ---------------------------------------------------------------------------------


def test_restore_snapshots_first_then_replaces(db: Database, data_dir: Path, stick: Path) -> None:
    add(db, "甲")
    written = backups.make_backup(db, stick, password=PASSWORD)
    add(db, "乙")
    checked = backups.check(written.path, PASSWORD)

    restored = backups.restore(db, data_dir, checked)

    assert restored.source == written.path.name
    assert restored.snapshot is not None and restored.snapshot.parent == paths.snapshot_dir(data_dir)
    assert file_names(restored.snapshot) == ["乙", "甲"]  # the data as it was before
    assert names(db) == ["甲"]
    assert any(written.path.name in n for n in notes(db))
    with db.transaction() as session:
        last = backups.last_backup(session)
    assert last is not None and last.at == dt.datetime.fromisoformat(checked.header.created_at)
    # The same Database object goes on working.
    add(db, "丙")
    assert names(db) == ["丙", "甲"]
    assert read_state(db.path).revision == HEAD_REVISION


def test_restore_reports_progress(db: Database, data_dir: Path, stick: Path) -> None:
    add(db, "甲")
    checked = backups.check(backups.make_backup(db, stick, password=None).path, None)
    steps: list[tuple[int, int]] = []
    backups.restore(db, data_dir, checked, progress=lambda done, total: steps.append((done, total)))
    assert steps and steps[-1][0] == steps[-1][1] > 0


OLD_REVISION = "0002_meetings"


def older_database(path: Path) -> dict[str, list[dict[str, object]]]:
    """A database at an older revision with a branch, a group, people, a meeting and its
    attendance, written with that revision's own columns. Returns its rows."""
    engine = make_engine(path)
    with engine.connect() as connection, connection.begin():
        cfg = migrate.config()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, OLD_REVISION)
        run = connection.exec_driver_sql
        run("INSERT INTO setting (key, value) VALUES ('school_name', '\"旧版本学校\"')")
        run("INSERT INTO branch (id, name, full_name, sort_order) VALUES (1, '第一党支部', '中共旧学校第一支部委员会', 1)")
        run("INSERT INTO party_group (id, branch_id, name, sort_order) VALUES (1, 1, '第一党小组', 1)")
        person = (
            "INSERT INTO person (id, name, sex, ethnicity, document_type, id_number, birth_date, native_place, "
            "education, degree, school_major, post, title, department, phone, note, political_status, branch_id, "
            "group_id, party_post, joined_on, full_on, introducers, contacts, transferred_in_from, "
            "membership_status, left_note, search_initials, search_pinyin) VALUES "
            "({id}, '{name}', 'male', '汉族', 'resident_id', '{number}', '1980-01-01', '', '', '', '', 'teacher', "
            "'', '', '', '{note}', '{status}', {branch}, {group}, '', {joined}, {full}, '', '', '', 'normal', '', "
            "'', '')"
        )
        run(person.format(id=1, name="老党员", number="11010519800101001X", note="旧备注", status="cpc_member",
                          branch=1, group=1, joined="'2005-07-01'", full="'2006-07-01'"))
        run(person.format(id=2, name="群众甲", number="110105198001010021", note="", status="masses",
                          branch="NULL", group="NULL", joined="NULL", full="NULL"))
        run("INSERT INTO meeting (id, kind, also_counts_as, year, branch_id, group_id, title, starts_at, place, "
            "host_id, guests, content, resolution, status, cancel_reason) VALUES (1, 'general', '', 2025, 1, NULL, "
            "'支部党员大会', '2025-03-10 15:00:00.000000', '会议室', 1, '', '学习', '', 'held', '')")
        run("INSERT INTO attendance (meeting_id, person_id, status, reason) VALUES (1, 1, 'present', '')")
        run("INSERT INTO audit_entry (at, action, entity, entity_id, new) VALUES "
            "('2025-03-10 16:00:00.000000', 'note', 'database', NULL, '旧的审计记录')")
    engine.dispose()
    with closing(sqlite3.connect(path)) as connection:
        connection.row_factory = sqlite3.Row
        tables = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version'")]
        return {t: [dict(row) for row in connection.execute(f'SELECT * FROM "{t}"')] for t in tables}


def test_a_backup_of_an_older_schema_restores_with_every_record(db: Database, data_dir: Path,
                                                                 stick: Path, tmp_path: Path) -> None:
    old = tmp_path / "old" / "djdesk.sqlite3"
    old.parent.mkdir()
    rows = older_database(old)
    assert read_state(old).revision == OLD_REVISION
    written = backup.write_backup(old, stick, password=PASSWORD, hint="", now=dt.datetime(2025, 12, 1, 9))
    assert written.header.schema == OLD_REVISION and written.header.school == "旧版本学校"
    assert written.contents.counts["people"] == 2 and written.contents.counts["meetings"] == 1
    add(db, "现在的人")

    backups.restore(db, data_dir, backups.check(written.path, PASSWORD))

    assert read_state(db.path).revision == HEAD_REVISION
    with closing(sqlite3.connect(db.path)) as connection:
        connection.row_factory = sqlite3.Row
        for table, old_rows in rows.items():
            new_rows = [dict(r) for r in connection.execute(f'SELECT * FROM "{table}"')]
            for old_row in old_rows:
                assert any(all(new.get(k) == v for k, v in old_row.items()) for new in new_rows), (table, old_row)
            if table not in ("audit_entry", "setting"):  # the restore adds its note and the last backup
                assert len(new_rows) == len(old_rows), table
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # The services read the migrated data.
    assert names(db) == ["群众甲", "老党员"]
    from djdesk.services import meetings

    with db.transaction() as session:
        (meeting,) = meetings.list_rows(session, year=2025)
        assert meeting.title == "支部党员大会"
        view = meetings.get(session, meeting.id)
        assert view.present == 1 and view.name(view.draft.host_id) == "老党员"
        assert school_settings.load(session).school_name == "旧版本学校"
    labels = {s.label for s in list_snapshots(paths.snapshot_dir(data_dir))}
    assert labels == {"before-restore", f"before-upgrade-{OLD_REVISION}"}


def newer_backup(template_db: Path, tmp_path: Path, stick: Path) -> Path:
    newer = tmp_path / "newer.sqlite3"
    shutil.copyfile(template_db, newer)
    with closing(sqlite3.connect(newer)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
        connection.commit()
    return backup.write_backup(newer, stick, password=PASSWORD, hint="", now=dt.datetime(2027, 1, 5, 9)).path


def test_a_backup_of_a_newer_schema_is_refused(db: Database, data_dir: Path, stick: Path,
                                               template_db: Path, tmp_path: Path) -> None:
    add(db, "甲")
    path = newer_backup(template_db, tmp_path, stick)
    db.dispose()
    before = digest(db.path)
    with pytest.raises(NewerBackup):
        backups.check(path, PASSWORD)
    # Checked by the store alone, restore() still refuses it before touching anything.
    checked = backup.check_backup(path, PASSWORD)
    assert checked.header.schema == "9999_future"
    with pytest.raises(NewerBackup):
        backups.restore(db, data_dir, checked)
    assert digest(db.path) == before
    assert not paths.snapshot_dir(data_dir).exists()
    assert names(db) == ["甲"]


def test_restore_into_an_empty_data_dir(db: Database, stick: Path, tmp_path: Path, clock: FixedClock) -> None:
    add(db, "甲")
    checked = backups.check(backups.make_backup(db, stick, password=PASSWORD).path, PASSWORD)
    empty = tmp_path / "new-computer"
    empty.mkdir()
    fresh = Database(paths.database_path(empty), clock=clock)
    try:
        restored = backups.restore(fresh, empty, checked)
        assert restored.snapshot is None
        assert names(fresh) == ["甲"]
        add(fresh, "乙")
        assert names(fresh) == ["乙", "甲"]
    finally:
        fresh.dispose()
    assert read_state(paths.database_path(empty)).revision == HEAD_REVISION


def test_restore_over_a_damaged_database_sets_it_aside(db: Database, data_dir: Path, stick: Path) -> None:
    add(db, "甲")
    checked = backups.check(backups.make_backup(db, stick, password=PASSWORD).path, PASSWORD)
    db.dispose()
    garbage = b"\x13\x37 not a database any more " * 400
    db.path.write_bytes(garbage)

    restored = backups.restore(db, data_dir, checked)

    assert restored.snapshot is not None and restored.snapshot.exists()
    assert restored.snapshot.parent == data_dir and restored.snapshot.name.startswith("djdesk.sqlite3.damaged-")
    assert restored.snapshot.read_bytes() == garbage  # kept as it was, never deleted
    assert names(db) == ["甲"]


# --- going back to a snapshot ----------------------------------------------------------------


def test_restore_from_a_snapshot(db: Database, data_dir: Path) -> None:
    add(db, "甲")
    take_snapshot(db.path, paths.snapshot_dir(data_dir), "daily", dt.datetime(2026, 6, 14, 9))
    add(db, "乙")
    (snapshot,) = list_snapshots(paths.snapshot_dir(data_dir))

    restored = backups.restore_from_snapshot(db, data_dir, snapshot)

    assert names(db) == ["甲"]
    assert restored.source == snapshot.name
    assert restored.snapshot is not None and file_names(restored.snapshot) == ["乙", "甲"]
    assert any(snapshot.name in n for n in notes(db))
    add(db, "丙")
    assert names(db) == ["丙", "甲"]


def test_a_damaged_snapshot_is_refused(db: Database, data_dir: Path) -> None:
    add(db, "甲")
    folder = paths.snapshot_dir(data_dir)
    path = take_snapshot(db.path, folder, "daily", dt.datetime(2026, 6, 14, 9))
    path.write_bytes(b"\xff" * path.stat().st_size)
    (snapshot,) = list_snapshots(folder)
    add(db, "乙")
    with pytest.raises(StorageError):
        backups.restore_from_snapshot(db, data_dir, snapshot)
    assert names(db) == ["乙", "甲"]
    assert [s.name for s in list_snapshots(folder)] == [snapshot.name]  # no "before-restore" taken


def test_going_back_to_a_snapshot_over_a_damaged_database_sets_it_aside(db: Database, data_dir: Path) -> None:
    add(db, "甲")
    take_snapshot(db.path, paths.snapshot_dir(data_dir), "daily", dt.datetime(2026, 6, 14, 9))
    (snapshot,) = list_snapshots(paths.snapshot_dir(data_dir))
    db.dispose()
    garbage = b"\x13\x37 not a database any more " * 400
    db.path.write_bytes(garbage)

    restored = backups.restore_from_snapshot(db, data_dir, snapshot)

    assert names(db) == ["甲"]
    assert restored.snapshot is not None and restored.snapshot.read_bytes() == garbage
    assert restored.snapshot.parent == data_dir and restored.snapshot.name.startswith("djdesk.sqlite3.damaged-")
