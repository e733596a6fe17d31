"""A person's history as the audit trail recorded it, told in the office's words."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from djdesk.domain import pipeline
from djdesk.domain.choices import Choice
from djdesk.domain.dates import PartialDate
from djdesk.domain.people import (
    DocumentType,
    LeftReason,
    MembershipStatus,
    PoliticalStatus,
    Post,
    Sex,
    Stage,
    field_label,
)
from djdesk.domain.status import ChangeKind, change_label
from djdesk.i18n import _
from djdesk.store.models import AuditEntry, Branch, PartyGroup

_CHOICES: dict[str, type[Choice]] = {
    "sex": Sex, "document_type": DocumentType, "post": Post, "political_status": PoliticalStatus,
    "stage": Stage, "membership_status": MembershipStatus, "left_reason": LeftReason, "kind": ChangeKind,
}
_DATES = {"birth_date", "work_start", "applied_on", "activist_on", "candidate_on", "joined_on",
          "full_on", "transferred_in_on", "membership_status_since", "membership_status_until",
          "left_on", "on", "dues_until"}
_OWN_TABLES = ("pipeline_step", "status_event")


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    action: str  # 新建, 修改, 删除…
    item: str  # which field or record
    old: str
    new: str


class _Formatter:
    """Stored values (codes, ISO dates, ids, fen) as the office reads them."""

    def __init__(self, session: Session) -> None:
        self.branches = {row[0]: row[1] for row in session.execute(select(Branch.id, Branch.name))}
        self.groups = {row[0]: row[1] for row in session.execute(select(PartyGroup.id, PartyGroup.name))}

    def value(self, field: str, stored: str | None) -> str:
        if stored is None or stored == "":
            return ""
        try:
            if field in _CHOICES:
                return _CHOICES[field](stored).label
            if field in _DATES:
                return PartialDate.from_iso(stored).display()
            if field == "branch_id":
                return self.branches.get(int(stored), f"#{stored}")
            if field == "group_id":
                return self.groups.get(int(stored), f"#{stored}")
            if field == "dues_base_fen":
                return _("{amount} yuan").format(amount=f"{Decimal(int(stored)) / 100:.2f}")
            if field in ("probation_extended_months", "months"):
                return _("{count} months").format(count=stored)
        except (ValueError, KeyError):
            pass  # a value from an older version of the program: shown as stored
        return stored


def _own_rows(session: Session, person_id: int, start: int) -> dict[str, set[int]]:
    """Ids of the person's steps and events, including deleted ones, from their entries since
    `start` (entries before it belong to an earlier holder of the person's id)."""
    marker = f'"person_id": "{person_id}"'
    query = select(AuditEntry.entity, AuditEntry.entity_id).where(
        AuditEntry.id >= start,
        AuditEntry.entity.in_(_OWN_TABLES),
        AuditEntry.action.in_(("insert", "delete")),
        or_(AuditEntry.new.contains(marker), AuditEntry.old.contains(marker)),
    )
    owned: dict[str, set[int]] = {table: set() for table in _OWN_TABLES}
    for entity, entity_id in session.execute(query):
        owned[entity].add(entity_id)
    return owned


def _step_item(values: dict[str, str], fmt: _Formatter) -> tuple[str, str]:
    code = values.get("code", "")
    step = pipeline.BY_CODE.get(code)
    item = _("Pipeline: ({number}) {step}").format(number=step.number, step=_(step.label)) if step else code
    shown = " ".join(v for v in (fmt.value("on", values.get("on")), values.get("note", "")) if v)
    return item, shown


def _event_text(values: dict[str, str], fmt: _Formatter) -> tuple[str, str]:
    kind = fmt.value("kind", values.get("kind"))
    parts = [fmt.value(key, values.get(key)) for key in ("on", "organisation", "letter_no", "dues_until",
                                                         "months", "note")]
    labelled = []
    for key, part in zip(("on", "organisation", "letter_no", "dues_until", "months", "note"), parts):
        if part:
            labelled.append(f"{change_label(key)}：{part}")
    return _("Change of standing: {kind}").format(kind=kind), _("；").join(labelled)


def person_history(session: Session, person_id: int) -> list[HistoryEntry]:
    """Newest first: the person's record created and changed, their pipeline steps and changes
    of standing recorded and taken back."""
    # A deleted person's id may be given to someone added later: their story starts at the
    # latest insertion under that id.
    start = session.scalar(select(func.max(AuditEntry.id)).where(
        AuditEntry.entity == "person", AuditEntry.entity_id == person_id, AuditEntry.action == "insert")) or 0
    owned = _own_rows(session, person_id, start)
    conditions = [(AuditEntry.entity == "person") & (AuditEntry.entity_id == person_id)
                  & (AuditEntry.id >= start)]
    conditions += [(AuditEntry.entity == table) & AuditEntry.entity_id.in_(ids)
                   for table, ids in owned.items() if ids]
    entries = session.scalars(select(AuditEntry).where(or_(*conditions))
                              .order_by(AuditEntry.at, AuditEntry.id))
    fmt = _Formatter(session)
    names = {"insert": _("Added"), "update": _("Changed"), "delete": _("Deleted")}
    out: list[HistoryEntry] = []
    step_codes: dict[int, dict[str, str]] = {}  # a step's values, for naming its later changes
    for entry in entries:
        action = names.get(entry.action, entry.action)
        if entry.entity == "person":
            if entry.action == "insert":
                values = json.loads(entry.new or "{}")
                out.append(HistoryEntry(entry.at, _("Record created"), values.get("name", ""), "", ""))
            elif entry.field:
                out.append(HistoryEntry(entry.at, action, field_label(entry.field),
                                        fmt.value(entry.field, entry.old), fmt.value(entry.field, entry.new)))
        elif entry.entity == "pipeline_step":
            if entry.action in ("insert", "delete"):
                values = json.loads((entry.new if entry.action == "insert" else entry.old) or "{}")
                step_codes[entry.entity_id or 0] = values
                item, shown = _step_item(values, fmt)
                out.append(HistoryEntry(entry.at, action, item, "" if entry.action == "insert" else shown,
                                        shown if entry.action == "insert" else ""))
            elif entry.field:
                item, _shown = _step_item(step_codes.get(entry.entity_id or 0, {}), fmt)
                out.append(HistoryEntry(entry.at, action, item, fmt.value(entry.field, entry.old),
                                        fmt.value(entry.field, entry.new)))
        elif entry.entity == "status_event" and entry.action in ("insert", "delete"):
            values = json.loads((entry.new if entry.action == "insert" else entry.old) or "{}")
            item, shown = _event_text(values, fmt)
            if entry.action == "insert":
                out.append(HistoryEntry(entry.at, _("Recorded"), item, "", shown))
            else:
                out.append(HistoryEntry(entry.at, _("Undone"), item, shown, ""))
    out.reverse()
    return out
