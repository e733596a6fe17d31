"""Copies of the database taken with SQLite's backup API (never a file copy of a live database)."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from djdesk.files import atomic_path

DAILY = "daily"
KEEP_DAYS, KEEP_MONTHS = 7, 12
_NAME = re.compile(r"^(\d{8}-\d{6})-(.+?)(?:-(\d+))?\.sqlite3$")


@dataclass(frozen=True)
class Snapshot:
    path: Path
    taken_at: dt.datetime
    label: str  # daily, before-import, before-restore, before-upgrade-<revision>, …
    size: int

    @property
    def name(self) -> str:
        return self.path.name


def take_snapshot(database: Path, directory: Path, label: str, now: dt.datetime) -> Path:
    """Write a consistent copy of `database` to `directory` and return its path."""
    target = directory / f"{now:%Y%m%d-%H%M%S}-{label}.sqlite3"
    counter = 1
    while target.exists():  # two snapshots in one second must not overwrite each other
        counter += 1
        target = directory / f"{now:%Y%m%d-%H%M%S}-{label}-{counter}.sqlite3"
    with atomic_path(target) as temp:
        source = sqlite3.connect(database)
        try:
            copy = sqlite3.connect(temp)
            try:
                source.backup(copy)
                # The copy inherits WAL mode; a snapshot must be one self-contained file.
                copy.execute("PRAGMA journal_mode=DELETE")
            finally:
                copy.close()
        finally:
            source.close()
    return target


def restore_snapshot(snapshot: Path, database: Path) -> None:
    """Copy a snapshot over the database with the backup API (never a file copy: the
    database's -wal file would be left describing another file). Every connection to the
    database must be closed first (Database.dispose())."""
    source = sqlite3.connect(f"{snapshot.resolve().as_uri()}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(database)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def list_snapshots(directory: Path) -> list[Snapshot]:
    """The snapshots in `directory`, newest first; files of other names are left out."""
    found: list[tuple[dt.datetime, int, Snapshot]] = []
    with contextlib.suppress(FileNotFoundError):
        for path in Path(directory).iterdir():
            match = _NAME.match(path.name)
            if not match or not path.is_file():
                continue
            try:
                taken = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
                size = path.stat().st_size
            except (ValueError, OSError):
                continue
            found.append((taken, int(match.group(3) or 1), Snapshot(path, taken, match.group(2), size)))
    # Twins of one second are numbered -2, -3, … in the order they were taken.
    return [snapshot for _t, _n, snapshot in sorted(found, key=lambda f: (f[0], f[1]), reverse=True)]


def daily_snapshot(database: Path, directory: Path, now: dt.datetime,
                   protect: frozenset[str] = frozenset()) -> Path | None:
    """At start-up, at most once a day: a snapshot of a database that holds something, then
    the old ones pruned. Returns the new snapshot, or None when today's is already there."""
    if not database.exists() or database.stat().st_size == 0:
        return None
    if any(s.label == DAILY and s.taken_at.date() == now.date() for s in list_snapshots(directory)):
        return None
    path = take_snapshot(database, directory, DAILY, now)
    prune(directory, protect=protect)
    return path


def to_prune(snapshots: list[Snapshot], *, protect: frozenset[str] = frozenset(),
             keep_days: int = KEEP_DAYS, keep_months: int = KEEP_MONTHS) -> list[Snapshot]:
    """Every snapshot of the newest `keep_days` days that have any is kept; of older ones, the
    newest of each of the newest `keep_months` months. `protect` names files still needed
    (the undo point of the last import)."""
    days = sorted({s.taken_at.date() for s in snapshots}, reverse=True)[:keep_days]
    older = [s for s in snapshots if s.taken_at.date() not in days]
    newest_of_month: dict[tuple[int, int], Snapshot] = {}
    for snapshot in older:  # newest first: the first of a month is its newest
        newest_of_month.setdefault((snapshot.taken_at.year, snapshot.taken_at.month), snapshot)
    months = sorted(newest_of_month, reverse=True)[:keep_months]
    kept = {newest_of_month[month].path for month in months}
    return [s for s in older if s.path not in kept and s.name not in protect]


def prune(directory: Path, *, protect: frozenset[str] = frozenset()) -> list[Path]:
    """Delete the snapshots the rule no longer keeps; a file that cannot be deleted stays."""
    removed = []
    for snapshot in to_prune(list_snapshots(directory), protect=protect):
        try:
            snapshot.path.unlink()
            removed.append(snapshot.path)
        except OSError:
            continue
    return removed


def newest_good(directory: Path) -> Snapshot | None:
    """The newest snapshot that passes SQLite's quick check (a damaged one is skipped)."""
    from djdesk.store.integrity import quick_problems

    for snapshot in list_snapshots(directory):
        if not quick_problems(snapshot.path):
            return snapshot
    return None
