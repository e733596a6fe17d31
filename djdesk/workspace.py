"""A data dir opened for work: its lock, the demo school if asked for, the migrated database."""

from __future__ import annotations

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
    A lock already held (the window takes it before it appears) is passed in."""
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
