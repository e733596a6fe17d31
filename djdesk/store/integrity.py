"""Checking a database file for damage, with the standard library only (works on a broken file)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def problems(path: Path) -> list[str]:
    """What `PRAGMA integrity_check` and `foreign_key_check` report; empty when all is well."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            found = [row[0] for row in connection.execute("PRAGMA integrity_check") if row[0] != "ok"]
            for table, rowid, parent, _fk in connection.execute("PRAGMA foreign_key_check"):
                found.append(f"{table} row {rowid}: missing {parent}")
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return found
