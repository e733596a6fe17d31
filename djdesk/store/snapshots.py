"""Copies of the database taken with SQLite's backup API (never a file copy of a live database)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from djdesk.files import atomic_path


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
