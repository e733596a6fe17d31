"""A data dir opened for work: its lock, the demo school if asked for, the migrated database."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from djdesk import paths
from djdesk.domain.clock import Clock, SystemClock
from djdesk.store.database import Database
from djdesk.store.lock import DataDirLock
from djdesk.store.opening import HEAD_REVISION, open_database, read_state


@dataclass
class Workspace:
    directory: Path
    database: Database
    lock: DataDirLock | None

    @property
    def database_path(self) -> Path:
        return self.database.path

    def close(self) -> None:
        self.database.dispose()
        if self.lock is not None:
            self.lock.release()


def needs_writing(directory: Path) -> bool:
    """Whether opening would create or migrate the database (and so needs the lock)."""
    state = read_state(paths.database_path(directory))
    return state.revision != HEAD_REVISION


def open_workspace(
    directory: Path, *, demo: bool = False, clock: Clock | None = None, writing: bool = True,
    lock: DataDirLock | None = None,
) -> Workspace:
    """Open the data dir. `writing=False` (read-only commands) takes the lock only when the
    database must first be created or migrated, so they also work while the window is open.
    A lock already held (the window takes it before it appears) is passed in. The window runs
    `daily_upkeep` once the roster is shown (it is not needed for the first paint)."""
    clock = clock or SystemClock()
    directory.mkdir(parents=True, exist_ok=True)
    if lock is None and (writing or needs_writing(directory)):
        lock = DataDirLock(directory).acquire()
    try:
        if demo:
            from djdesk.demo import ensure_demo

            ensure_demo(directory, clock)
        database = open_database(
            paths.database_path(directory), clock=clock, snapshot_dir=paths.snapshot_dir(directory)
        )
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return Workspace(directory, database, lock)


PRINTOUT_DAYS = 30
log = logging.getLogger(__name__)


def daily_upkeep(directory: Path, database: Database, now: dt.datetime) -> Path | None:
    """The day's first start: a snapshot (old ones pruned, the import's undo point kept) and
    printouts older than a month removed. Returns the new snapshot, if one was taken."""
    from djdesk.services.import_runs import undo_snapshot
    from djdesk.store.snapshots import daily_snapshot

    keep = undo_snapshot(directory)
    try:
        taken = daily_snapshot(database.path, paths.snapshot_dir(directory), now,
                               protect=frozenset([keep] if keep else []))
    except (OSError, sqlite3.Error):
        # A full disk or an unusable snapshots folder must not keep the office from its data;
        # the snapshot before a migration, restore or import still refuses to go on without one.
        log.warning("the day's snapshot could not be taken", exc_info=True)
        return None
    if taken is not None:
        cutoff = (now - dt.timedelta(days=PRINTOUT_DAYS)).timestamp()
        with contextlib.suppress(FileNotFoundError):
            for path in paths.printouts_dir(directory).glob("*.pdf"):
                with contextlib.suppress(OSError):  # still open in a viewer: next time
                    if path.stat().st_mtime < cutoff:
                        path.unlink()
    return taken
