"""The audit trail: a session hook records every insert, change and deletion of a record."""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from djdesk.domain.dates import PartialDate
from djdesk.store.models import AuditEntry, Base, Setting

# Derived columns: recomputed from the name, recording them would only repeat it.
_NOT_AUDITED = {"search_initials", "search_pinyin"}
SKIP_REASON = "audit_skip_reason"


def install(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "after_flush", _after_flush)


def text(value: Any) -> str | None:
    """A value as the audit trail shows it: dates and choices in their stored form."""
    if value is None:
        return None
    if isinstance(value, PartialDate):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, tuple):
        return ",".join(t for t in (text(v) for v in value) if t)
    return str(value)


def _values(obj: Base) -> dict[str, str]:
    mapper = inspect(obj).mapper
    return values_of({attr.key: getattr(obj, attr.key) for attr in mapper.column_attrs})


def values_of(columns: dict[str, Any]) -> dict[str, str]:
    """A record's values as an insert or deletion entry shows them: the filled ones."""
    out: dict[str, str] = {}
    for key, value in columns.items():
        if key in _NOT_AUDITED or key == "id":
            continue
        shown = text(value)
        if shown not in (None, ""):
            out[key] = shown
    return out


def record_inserts(session: Session, entity: str, rows: list[tuple[int, dict[str, Any]]]) -> None:
    """Audit entries for rows written by a bulk (Core) insert, which the session hook does
    not see (ARCHITECTURE rule 17): one entry per row, as the hook would have written."""
    now = session.info["clock"].now()
    entries = [
        dict(at=now, action="insert", entity=entity, entity_id=row_id, field=None, old=None,
             new=json.dumps(values_of(values), ensure_ascii=False))
        for row_id, values in rows
    ]
    if entries:
        session.execute(insert(AuditEntry), entries)


def _identity(obj: Base) -> tuple[str, int | None, str | None]:
    """(entity, entity_id, field prefix): settings are keyed by name, not by number."""
    entity = obj.__table__.name  # type: ignore[attr-defined]
    if isinstance(obj, Setting):
        return entity, None, obj.key
    if not hasattr(obj, "id"):  # a link row keyed by two columns (study_group_member)
        first, *rest = obj.__mapper__.primary_key  # type: ignore[attr-defined]
        prefix = ",".join(f"{c.key}={getattr(obj, c.key)}" for c in rest)
        return entity, getattr(obj, first.key), prefix or None
    return entity, obj.id, None  # type: ignore[attr-defined]


def _after_flush(session: Session, context: UOWTransaction) -> None:
    # Here the session still shows what the flush wrote (new/dirty/deleted and attribute
    # history), and the new rows already have their ids.
    reason = session.info.get(SKIP_REASON)
    now = session.info["clock"].now()
    rows: list[dict[str, Any]] = []

    def row(action: str, obj: Base, field: str | None, old: str | None, new: str | None) -> None:
        entity, entity_id, key = _identity(obj)
        rows.append(
            dict(at=now, action=action, entity=entity, entity_id=entity_id,
                 field=key or field, old=old, new=new)
        )

    if reason is None:
        for obj in session.new:
            if not isinstance(obj, AuditEntry):
                row("insert", obj, None, None, json.dumps(_values(obj), ensure_ascii=False))
        for obj in session.dirty:
            if isinstance(obj, AuditEntry) or not session.is_modified(obj):
                continue
            state = inspect(obj)
            for attr in state.mapper.column_attrs:
                if attr.key in _NOT_AUDITED:
                    continue
                history = state.attrs[attr.key].history
                if not history.has_changes():
                    continue
                old = text(history.deleted[0]) if history.deleted else None
                new = text(history.added[0]) if history.added else None
                if old != new:
                    row("update", obj, attr.key, old, new)
        for obj in session.deleted:
            if not isinstance(obj, AuditEntry):
                row("delete", obj, None, json.dumps(_values(obj), ensure_ascii=False), None)
    elif not session.info.get("audit_skip_recorded"):
        # Bulk generation (the demo school): one entry saying what happened, not thousands.
        session.info["audit_skip_recorded"] = True
        rows.append(dict(at=now, action="note", entity="database", entity_id=None,
                         field=None, old=None, new=reason))
    if rows:
        # A Core insert on the flush's own connection: part of the same transaction, and
        # not an ORM object that would need another flush.
        session.connection().execute(insert(AuditEntry), rows)
