"""Importing a roster sheet: preview every row, write all of it in one transaction, or nothing.

People are matched by ID number: a match is updated (filled cells replace stored values;
blank cells never erase them), anyone else is added. Branches and party groups the sheet
names but the database lacks are created and listed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from djdesk.domain import idnumber, person_rules, search_keys
from djdesk.domain.errors import ConflictError, ValidationError
from djdesk.domain.people import DocumentType, LeftReason, PersonDraft
from djdesk.i18n import _
from djdesk.services import branches as branch_service
from djdesk.sheets.roster import ParsedRoster, RosterRow, RowProblem, label
from djdesk.store import audit
from djdesk.store.models import AuditEntry, Branch, PartyGroup, Person

NEW, UPDATE, UNCHANGED, PROBLEM = "new", "update", "unchanged", "problem"
_DRAFT_FIELDS = tuple(f.name for f in dataclasses.fields(PersonDraft))
_COLUMN_OF_FIELD = {"branch_id": "branch", "group_id": "group"}
_PENDING = -999_999  # "some branch or group": resolved once the row is known to be good


@dataclass(frozen=True)
class Change:
    """A field an update changes, with the stored and the new value as shown to the user."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class RowPlan:
    excel_row: int
    name: str
    action: str  # new, update, unchanged or problem
    person_id: int | None
    changes: tuple[Change, ...]  # what an update changes
    draft: PersonDraft | None  # validated; branch and group ids may be placeholders (< 0)
    problems: tuple[RowProblem, ...]
    departure: dict[str, object] = dataclasses.field(default_factory=dict)  # left_on, left_reason, left_note


@dataclass(frozen=True)
class ImportPlan:
    sheet: str
    rows: tuple[RowPlan, ...]
    new_branches: tuple[str, ...]
    new_groups: tuple[tuple[str, str], ...]  # (branch, group)
    notes: tuple[str, ...]
    audit_mark: int  # the newest audit entry when planned: a later one means the data changed

    @property
    def problems(self) -> list[RowProblem]:
        return [p for row in self.rows for p in row.problems]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
    skipped: int  # rows with problems, left out by choice
    new_branches: tuple[str, ...]
    new_groups: tuple[tuple[str, str], ...]


def _key(number: str, document: DocumentType) -> str:
    if document is DocumentType.RESIDENT_ID:
        try:
            return idnumber.parse(number).number
        except idnumber.InvalidIdNumber:
            pass
    return idnumber.clean(number)


class _Places:
    """Branches (by name or full name) and groups; those still to be created get placeholder
    ids below 0."""

    def __init__(self, session: Session) -> None:
        branches = list(session.scalars(select(Branch)))
        self.branches = {b.name: b.id for b in branches}
        # A sheet may give the printed full name (中共××学校第一支部委员会) for the branch.
        self.full_names = {b.full_name: b.id for b in branches if b.full_name}
        self.groups = {(g.branch_id, g.name): g.id for g in session.scalars(select(PartyGroup))}
        self.new_branches: list[str] = []
        self.new_groups: list[tuple[str, str]] = []
        self._names = {v: k for k, v in self.branches.items()}

    def find(self, name: str) -> int | None:
        return self.branches.get(name) or self.full_names.get(name)

    def branch(self, name: str) -> int:
        found = self.find(name)
        if found is not None:
            return found
        self.new_branches.append(name)
        self.branches[name] = -len(self.new_branches)
        self._names[self.branches[name]] = name
        return self.branches[name]

    def name_of(self, branch_id: int | None) -> str:
        return self._names.get(branch_id, "") if branch_id is not None else ""

    def group(self, branch_id: int, name: str) -> int:
        if (branch_id, name) not in self.groups:
            self.new_groups.append((self._names[branch_id], name))
            self.groups[(branch_id, name)] = -1000 - len(self.new_groups)
        return self.groups[(branch_id, name)]

    def group_name(self, group_id: int | None) -> str:
        return next((n for (_b, n), g in self.groups.items() if g == group_id), "") if group_id else ""


def plan(session: Session, parsed: ParsedRoster, today: dt.date) -> ImportPlan:
    """What importing would do to each row, and every problem found; nothing is written."""
    people = {(p.document_type, p.id_number): p for p in session.scalars(select(Person))}
    by_number = {_key(number, doc): person for (doc, number), person in people.items()}
    places = _Places(session)
    return ImportPlan(
        sheet=parsed.sheet,
        rows=tuple(_plan_row(row, parsed, by_number, places, today) for row in parsed.rows),
        new_branches=tuple(places.new_branches),
        new_groups=tuple(places.new_groups),
        notes=parsed.notes,
        audit_mark=_audit_mark(session),
    )


def _audit_mark(session: Session) -> int:
    return session.scalar(select(func.max(AuditEntry.id))) or 0


def _plan_row(row: RosterRow, parsed: ParsedRoster, by_number: dict[str, Person], places: _Places,
              today: dt.date) -> RowPlan:
    values = dict(row.values)
    name = values.get("name", "")
    document = values.get("document_type", DocumentType.RESIDENT_ID)
    existing = by_number.get(_key(values["id_number"], document)) if values.get("id_number") else None
    if existing is not None:
        stored = {f: getattr(existing, f) for f in _DRAFT_FIELDS}
    else:
        stored = {k: v for k, v in parsed.defaults.items() if k in _DRAFT_FIELDS}
    base = PersonDraft(**stored)
    changes: dict[str, object] = {k: v for k, v in values.items() if k in _DRAFT_FIELDS}
    problems = list(row.problems)

    def problem(field: str, message: str) -> None:
        problems.append(RowProblem(row.excel_row, parsed.column_of(field), message))

    if existing is not None and name and name != existing.name:
        # A mistyped number that happens to be valid would otherwise rename someone else.
        problem("name", _("the ID number is that of {stored} in the roster, but the name differs; if "
                          "the person was renamed, change the name in the person dialog first").format(
            stored=existing.name))
    # The rules need only to know that there is a branch and a group; the real ones are found
    # or created below, and only for rows that will be imported.
    if "branch" in values:
        changes["branch_id"] = _PENDING
    if "group" in values:
        if "branch" not in values and base.branch_id is None:
            problem("group", _("needs the party branch it belongs to"))
        else:
            changes["group_id"] = _PENDING
    elif "branch" in values and places.find(values["branch"]) != base.branch_id:
        changes["group_id"] = None  # a group of the old branch cannot stay
    draft = PersonDraft(**{**stored, **changes})  # type: ignore[arg-type]
    try:
        draft = person_rules.validate(draft, today=today)
    except ValidationError as error:
        unreadable = {p.column for p in problems}
        for p in error.problems:
            field = _COLUMN_OF_FIELD.get(p.field or "", p.field or "")
            message = p.message
            if field == "id_number" and "document_type" not in parsed.mapping and not (
                    values.get("id_number", "").isdigit()):
                message += _(" (for a passport or another document, add a 证件类型 column)")
            if parsed.column_of(field) not in unreadable:
                problem(field, message)
    departure = _departure(values, existing, draft, problem, today)
    if problems:
        return RowPlan(row.excel_row, name, PROBLEM, existing.id if existing else None, (), None,
                       tuple(problems))
    if "branch" in values:
        draft = dataclasses.replace(draft, branch_id=places.branch(values["branch"]))
    if "group" in values:
        draft = dataclasses.replace(draft, group_id=places.group(draft.branch_id, values["group"]))  # type: ignore[arg-type]
    if existing is None:
        return RowPlan(row.excel_row, draft.name, NEW, None, (), draft, (), departure)
    changed = tuple(
        Change(f, _shown(f, getattr(base, f), places), _shown(f, getattr(draft, f), places))
        for f in _DRAFT_FIELDS if getattr(draft, f) != getattr(base, f)
    ) + tuple(Change(f, _shown(f, getattr(existing, f), places), _shown(f, v, places))
              for f, v in departure.items() if getattr(existing, f) != v)
    return RowPlan(row.excel_row, draft.name, UPDATE if changed else UNCHANGED, existing.id,
                   changed, draft, (), departure)


def _departure(values: dict[str, object], existing: Person | None, draft: PersonDraft, problem,  # type: ignore[no-untyped-def]
               today: dt.date) -> dict[str, object]:
    """The 离开 columns (the export writes them): the same rules as marking someone as left."""
    given = {k: values[k] for k in ("left_on", "left_reason", "left_note") if k in values}
    if not given:
        return {}
    on = given.get("left_on") or (existing.left_on if existing is not None else None)
    if on is None:
        problem("left_on", _("is required when a reason or details of leaving are given"))
        return {}
    reason = given.get("left_reason") or (existing.left_reason if existing is not None else None) \
        or LeftReason.OTHER
    note = given.get("left_note", existing.left_note if existing is not None else "")
    if on.first_day() > today:  # type: ignore[union-attr]
        problem("left_on", _("is in the future"))
    elif draft.birth_date is not None and on.certainly_before(draft.birth_date):  # type: ignore[union-attr]
        problem("left_on", _("is before the date of birth"))
    if reason is LeftReason.TRANSFERRED_OUT and not note:
        problem("left_note", _("name the organisation transferred to"))
    return {"left_on": on, "left_reason": reason, "left_note": note}


def describe_changes(changes: tuple[Change, ...]) -> str:
    """手机 13800000000 → 13931012345; 学历 （空）→ 大学本科"""
    empty = _("(empty)")
    return _("; ").join(
        f"{label(_COLUMN_OF_FIELD.get(c.field, c.field))} {c.old or empty} → {c.new or empty}"
        for c in changes)


def _shown(field: str, value: object, places: _Places) -> str:
    if field == "branch_id":
        return places.name_of(value)  # type: ignore[arg-type]
    if field == "group_id":
        return places.group_name(value)  # type: ignore[arg-type]
    if value is None:
        return ""
    if field == "dues_base_fen":
        return f"{value / 100:.2f}"  # type: ignore[operator]
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label
    display = getattr(value, "display", None)
    return display() if callable(display) else str(value)


def apply(session: Session, parsed: ParsedRoster, today: dt.date, *, only_good_rows: bool = False,
          branch_full_name: str = "", previewed: ImportPlan | None = None) -> ImportResult:
    """Write the import in the caller's transaction. The preview's plan is used only if the
    audit trail shows that nothing has changed since it was made; otherwise the rows are
    planned again here, so that what is written is what the rules accept now."""
    if previewed is not None and previewed.audit_mark == _audit_mark(session):
        planned = previewed
    else:
        planned = plan(session, parsed, today)
    if planned.problems and not only_good_rows:
        raise ConflictError(_("{count} rows have problems: nothing was imported.").format(
            count=planned.count(PROBLEM)))
    real: dict[int, int] = {}
    for number, name in enumerate(planned.new_branches, start=1):
        full = branch_full_name.format(branch=name) if branch_full_name else name
        real[-number] = branch_service.add_branch(session, name, full).id
    branch_ids = {b.name: b.id for b in session.scalars(select(Branch))}
    for number, (branch, group) in enumerate(planned.new_groups, start=1):
        real[-1000 - number] = branch_service.add_group(session, branch_ids[branch], group).id
    new_rows: list[dict[str, object]] = []
    updated = 0
    for row in planned.rows:
        draft = row.draft
        if draft is None or row.action == UNCHANGED:
            continue
        keys = search_keys.compute(draft.name)
        values = {name: getattr(draft, name) for name in _DRAFT_FIELDS}
        values.update(row.departure)
        # Placeholders of branches and groups created above become their real ids.
        values["branch_id"] = real.get(draft.branch_id, draft.branch_id) if draft.branch_id else None  # type: ignore[arg-type]
        values["group_id"] = real.get(draft.group_id, draft.group_id) if draft.group_id else None  # type: ignore[arg-type]
        values.update(search_initials=keys.initials, search_pinyin=keys.full)
        if row.person_id is None:
            new_rows.append({"left_note": "", **values})
            continue
        person = session.get(Person, row.person_id)
        assert person is not None
        for name, value in values.items():
            if getattr(person, name) != value:
                setattr(person, name, value)  # audited by the session hook at the flush
        updated += 1
    session.flush()
    if new_rows:
        # One bulk insert: thousands of ORM objects take seconds. (Not with RETURNING: on
        # SQLite that splits into tiny batches.) The new ids are read back by ID number,
        # which is unique. Bulk inserts bypass the session hook: the audit entries are
        # recorded here.
        before = session.scalar(select(func.max(Person.id))) or 0
        session.execute(insert(Person), new_rows)
        ids = {number: id_ for number, id_ in session.execute(select(Person.id_number, Person.id).where(Person.id > before))}
        audit.record_inserts(session, Person.__tablename__, [(ids[r["id_number"]], r) for r in new_rows])
    return ImportResult(len(new_rows), updated, planned.count(UNCHANGED), planned.count(PROBLEM),
                        planned.new_branches, planned.new_groups)
