"""Opening the database file: create or migrate it, refuse a newer or foreign file untouched."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from djdesk.domain.clock import Clock, SystemClock
from djdesk.domain.errors import StorageError
from djdesk.i18n import _
from djdesk.store.integrity import connect_read_only, quick_problems

if TYPE_CHECKING:
    from djdesk.store.database import Database

# The newest migration. Kept here so that start-up can compare without importing Alembic
# (150-350 ms); a test checks it against the migration scripts.
HEAD_REVISION = "0009_dues"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True)
class FileState:
    exists: bool
    revision: str | None  # None: no schema yet (a new or empty file)
    has_data: bool


class DamagedDatabase(StorageError):
    """The database file fails SQLite's check or cannot be read; the window offers a snapshot."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


def _damaged(path: Path, error: object) -> DamagedDatabase:
    return DamagedDatabase(
        _("The database file {path} cannot be read: it is damaged or not a djdesk database ({error}).").format(
            path=path, error=error
        ), path
    )


def read_state(path: Path) -> FileState:
    """What the file holds, read with the standard library only; the file is not changed."""
    if not path.exists() or path.stat().st_size == 0:
        return FileState(exists=path.exists(), revision=None, has_data=False)
    try:
        connection = connect_read_only(path)
        try:
            tables = [
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            if not tables:
                return FileState(exists=True, revision=None, has_data=False)
            if "alembic_version" not in tables:
                raise StorageError(
                    _("{path} is an SQLite file but not a djdesk database; it was left as it is.").format(
                        path=path
                    )
                )
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            has_data = any(
                connection.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone()
                for name in tables
                if name not in ("alembic_version", "audit_entry", "setting")
            )
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise _damaged(path, error) from error
    return FileState(exists=True, revision=row[0] if row else None, has_data=has_data)


def _known(revision: str) -> bool:
    """Revisions are numbered "0001_people" …: one numbered up to HEAD is this program's."""
    number = revision.split("_", 1)[0]
    return number.isdigit() and int(number) <= int(HEAD_REVISION.split("_", 1)[0])


def is_unset(path: Path) -> bool:
    """True when there is no database yet, or one holding only its schema and no school name
    (a command-line command created it): the window's first start then asks for the school.
    Cheap and read-only; a file that cannot be read answers False and is left to the opening,
    which reports it."""
    try:
        state = read_state(path)
    except StorageError:
        return False
    if state.has_data:
        return False
    if state.revision is None:
        return True
    if not _known(state.revision):
        return False  # a newer program's database: the opening refuses it, untouched
    try:
        connection = connect_read_only(path)
        try:
            row = connection.execute("SELECT value FROM setting WHERE key = 'school_name'").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return False
    return row is None or row[0] in ('""', "")


def open_database(
    path: Path, *, clock: Clock | None = None, snapshot_dir: Path | None = None
) -> Database:
    """Open the database at `path`, creating it or migrating it to this program's schema.

    A database written by a newer program is refused before anything touches it. Before an
    older database that holds data is migrated, a snapshot is taken into `snapshot_dir`.
    """
    # SQLAlchemy and the models (~0.6 s) load here, in the worker thread, not before the
    # window's first paint: app.run imports this module for `is_unset`.
    from djdesk.store.database import Database

    clock = clock or SystemClock()
    prepare(Path(path), clock=clock, snapshot_dir=snapshot_dir)
    return Database(path, clock=clock)


def prepare(path: Path, *, clock: Clock, snapshot_dir: Path | None) -> None:
    """Check the file and bring it to this program's schema (also after a restore, when the
    Database object stays and only its connections were closed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    state = read_state(path)
    if state.exists:
        # Every start: a damaged file is reported before anything writes to it (~30 ms at
        # 10,000 people; measured by bench/backup.py).
        found = quick_problems(path)
        if found:
            raise _damaged(path, "; ".join(found[:3]))
    if state.revision != HEAD_REVISION:
        from djdesk.store import (
            migrate,  # imports Alembic: only when there is work to do
        )

        migrate.upgrade(path, state, clock=clock, snapshot_dir=snapshot_dir)
