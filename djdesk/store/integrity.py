"""Checking a database file for damage, with the standard library only (works on a broken file)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Read without changing anything, not even a -wal file a newer program left behind.

    Without a -wal file the main file holds everything: `immutable` reads it and creates no
    side files. With one, `mode=ro` reads through it without checkpointing it. Should SQLite
    still refuse (it may need to create the -shm file), read-write it is.
    """
    uri = path.resolve().as_uri()
    uri += "?mode=ro" if Path(f"{path}-wal").exists() else "?immutable=1"
    try:
        connection = sqlite3.connect(uri, uri=True)
        connection.execute("SELECT 1 FROM sqlite_master LIMIT 1")
        return connection
    except sqlite3.OperationalError:
        return sqlite3.connect(path)


def problems(path: Path) -> list[str]:
    """What `PRAGMA integrity_check` and `foreign_key_check` report; empty when all is well."""
    try:
        # as_uri() escapes what SQLite would read as URI syntax ('#', '?', '%' in a folder name).
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            found = [row[0] for row in connection.execute("PRAGMA integrity_check") if row[0] != "ok"]
            for table, rowid, parent, _fk in connection.execute("PRAGMA foreign_key_check"):
                found.append(f"{table} row {rowid}: missing {parent}")
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return found


def quick_problems(path: Path) -> list[str]:
    """`PRAGMA quick_check`: the start-up check, a fraction of the full one's time."""
    try:
        connection = connect_read_only(path)
        try:
            return [row[0] for row in connection.execute("PRAGMA quick_check") if row[0] != "ok"]
        finally:
            connection.close()
    except (sqlite3.DatabaseError, OSError) as error:
        return [str(error)]
