"""An import as one undoable step: a snapshot first, then the transaction, then an undo point.

The last import can be undone until anything else changes the database; "anything else" is
read from the audit trail, which records every change.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, insert, select

from djdesk import paths
from djdesk.domain.errors import ConflictError
from djdesk.files import atomic_path
from djdesk.i18n import _
from djdesk.store.database import Database
from djdesk.store.models import AuditEntry
from djdesk.store.snapshots import restore_snapshot, take_snapshot

if TYPE_CHECKING:
    from djdesk.services.roster_import import ImportPlan, ImportResult
    from djdesk.sheets.roster import ParsedRoster

UNDO_FILE = "last-import.json"


@dataclass(frozen=True)
class UndoPoint:
    snapshot: str  # file name in the snapshots folder
    audit_mark: int  # the newest audit entry right after the import
    source: str  # the imported file's name
    at: str
    added: int
    updated: int


def _undo_file(data_dir: Path) -> Path:
    return paths.snapshot_dir(data_dir) / UNDO_FILE


def _audit_mark(database: Database) -> int:
    with database.transaction() as session:
        return session.scalar(select(func.max(AuditEntry.id))) or 0


def run_import(database: Database, data_dir: Path, parsed: ParsedRoster, *, source: str,
               only_good_rows: bool = False, branch_full_name: str = "",
               previewed: ImportPlan | None = None) -> ImportResult:
    # Imported here: the roster tab asks undo_point() at every reload, which needs none of it.
    from djdesk.services import roster_import

    now = database.clock.now()
    snapshot = take_snapshot(database.path, paths.snapshot_dir(data_dir), "before-import", now)
    try:
        with database.transaction() as session:
            result = roster_import.apply(session, parsed, now.date(), only_good_rows=only_good_rows,
                                         branch_full_name=branch_full_name, previewed=previewed)
    except BaseException:
        snapshot.unlink(missing_ok=True)  # nothing was written: nothing to undo
        raise
    point = UndoPoint(snapshot.name, _audit_mark(database), source, now.isoformat(sep=" "),
                      result.added, result.updated)
    with atomic_path(_undo_file(data_dir)) as temp:
        temp.write_text(json.dumps(asdict(point), ensure_ascii=False), encoding="utf-8")
    return result


def undo_snapshot(data_dir: Path) -> str | None:
    """The snapshot the last import's undo needs (kept when old snapshots are pruned)."""
    try:
        return str(json.loads(_undo_file(data_dir).read_text(encoding="utf-8"))["snapshot"])
    except (OSError, ValueError, TypeError, KeyError):
        return None


def undo_point(database: Database, data_dir: Path) -> UndoPoint | None:
    """The last import, if it can still be undone: its snapshot is there and nothing has
    changed the database since."""
    try:
        point = UndoPoint(**json.loads(_undo_file(data_dir).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    if not (paths.snapshot_dir(data_dir) / point.snapshot).is_file():
        return None
    return point if _audit_mark(database) == point.audit_mark else None


def undo_last_import(database: Database, data_dir: Path) -> UndoPoint:
    point = undo_point(database, data_dir)
    if point is None:
        raise ConflictError(_("The last import can no longer be undone: the data has changed since."))
    database.dispose()
    restore_snapshot(paths.snapshot_dir(data_dir) / point.snapshot, database.path)
    _undo_file(data_dir).unlink(missing_ok=True)
    with database.transaction() as session:
        session.execute(insert(AuditEntry).values(
            at=database.clock.now(), action="note", entity="database", entity_id=None, field=None,
            old=None, new=_("Import of {source} ({at}) undone").format(source=point.source, at=point.at)))
    return point
