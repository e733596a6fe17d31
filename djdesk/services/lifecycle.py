"""A person's way into and through the party: pipeline steps, moving on a stage, changes of
standing (转出, 停止党籍, death…) and undoing the last of them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain import person_rules
from djdesk.domain import pipeline as rules
from djdesk.domain.dates import PartialDate
from djdesk.domain.errors import ConflictError, NotFoundError, Problem, ValidationError
from djdesk.domain.people import PersonDraft, Stage
from djdesk.domain.status import Change, ChangeKind, validate_change
from djdesk.domain.status import Standing as PersonStanding
from djdesk.domain.status import effect as change_effect
from djdesk.i18n import _
from djdesk.services import members
from djdesk.store import audit
from djdesk.store.models import Branch, PartyGroup, Person, PipelineStep, StatusEvent


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError(_("This person no longer exists (deleted meanwhile?)"))
    return person


# -- pipeline steps ---------------------------------------------------------------------------
def step_records(session: Session, person_id: int) -> list[rules.StepRecord]:
    """The steps recorded for a person beyond the five dates kept on the person."""
    rows = session.scalars(select(PipelineStep).where(PipelineStep.person_id == person_id)
                           .order_by(PipelineStep.id))
    return [rules.StepRecord(row.code, row.on, row.note) for row in rows]


def _step_label(code: str) -> str:
    step = rules.BY_CODE[code]
    return f"({step.number}) {_(step.label)}"


def check_steps(records: list[rules.StepRecord], birth: PartialDate | None, *, today: dt.date) -> None:
    """Dates of steps may not lie in the future or before the birth; raises ValidationError."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for record in records:
        if record.code not in rules.BY_CODE or rules.BY_CODE[record.code].person_field:
            raise ValueError(f"not a step kept apart from the person: {record.code}")
        key = f"step:{record.code}"
        if key in seen or record.on is None:
            continue
        if record.on.first_day() > today:
            problems.append(Problem(key, _step_label(record.code), _("is in the future")))
            seen.add(key)
        elif birth is not None and record.on.certainly_before(birth):
            problems.append(Problem(key, _step_label(record.code), _("is before the date of birth")))
            seen.add(key)
    if problems:
        raise ValidationError(problems)


def save_steps(session: Session, person_id: int, records: list[rules.StepRecord], *, today: dt.date) -> None:
    """Make the person's recorded steps these; rows are changed in place where they can be,
    so the audit trail shows a changed date rather than a deletion and an insertion."""
    person = _person(session, person_id)
    wanted = [r for r in records if r.on is not None or r.note.strip()]
    check_steps(wanted, person.birth_date, today=today)
    existing: dict[str, list[PipelineStep]] = {}
    for row in person.steps:
        existing.setdefault(row.code, []).append(row)
    for record in wanted:
        rows = existing.get(record.code)
        row = rows.pop(0) if rows else None
        if row is None:
            person.steps.append(PipelineStep(code=record.code, on=record.on, note=record.note.strip()))
            continue
        if row.on != record.on:
            row.on = record.on
        if row.note != record.note.strip():
            row.note = record.note.strip()
    for rows in existing.values():
        for row in rows:
            # Deleted explicitly: an orphan removed by the flush escapes the audit hook.
            person.steps.remove(row)
            session.delete(row)
    session.flush()


def introducer_standings(session: Session, draft: PersonDraft, person_id: int | None) -> dict[str, rules.Standing]:
    """The standing of each named introducer found in the roster under exactly that name.
    A name shared by several people is left alone: the office knows which one was meant."""
    names = rules.split_names(draft.introducers)
    if not names:
        return {}
    found: dict[str, list[rules.Standing]] = {}
    query = select(Person.name, Person.political_status, Person.membership_status, Person.id).where(
        Person.name.in_(names))
    for name, status, membership, pid in session.execute(query):
        if pid != person_id:
            found.setdefault(name, []).append(rules.Standing(name, status, membership))
    return {name: standings[0] for name, standings in found.items() if len(standings) == 1}


def warnings(session: Session, draft: PersonDraft, records: list[rules.StepRecord], *,
             person_id: int | None, today: dt.date) -> list[rules.RuleWarning]:
    extended = None
    if person_id is not None:
        person = session.get(Person, person_id)
        extended = person.probation_extended_months if person else None
    return rules.warnings(draft, records, introducer_standings(session, draft, person_id), today, extended)


# -- moving on a stage ------------------------------------------------------------------------
@dataclass(frozen=True)
class Advance:
    """What moving a person on would do, for the question before it is done."""

    step: rules.NextStep
    draft: PersonDraft  # the person after the move, validated
    new_warnings: list[rules.RuleWarning]  # rules the move would break that were not broken before


def plan_advance(session: Session, person_id: int, on: PartialDate, *, today: dt.date) -> Advance:
    """The person moved on to the next stage with `on` as its date; ValidationError when the
    result breaks a rule (a future date, the pipeline out of order, no branch for a member)."""
    record = members.get(session, person_id)
    if record.has_left:
        raise ConflictError(_("{name} has left; their stage can no longer change").format(name=record.name))
    step = rules.next_step(record.draft)
    if step is None:
        raise ConflictError(_("{name} has no further stage to move on to").format(name=record.name))
    changes: dict[str, object] = {"stage": step.stage, step.field: on}
    if step.status is not None:
        changes["political_status"] = step.status
    moved = dataclasses.replace(record.draft, **changes)  # type: ignore[arg-type]
    moved = person_rules.validate(moved, today=today)
    steps = step_records(session, person_id)
    before = set(warnings(session, record.draft, steps, person_id=person_id, today=today))
    after = warnings(session, moved, steps, person_id=person_id, today=today)
    return Advance(step, moved, [w for w in after if w not in before])


def advance(session: Session, person_id: int, on: PartialDate, *, today: dt.date) -> members.PersonRecord:
    """Move a person on to the next stage (申请人 → 积极分子 → 发展对象 → 预备党员 → 正式党员),
    filling that stage's date."""
    plan = plan_advance(session, person_id, on, today=today)
    return members.update(session, person_id, plan.draft, today=today)


def suggested_date(draft: PersonDraft, step: rules.NextStep, *, today: dt.date,
                   extended_months: int | None = None) -> PartialDate:
    """The date to offer: one already typed for that stage, the end of the probation (with
    its extension) for full membership, else today."""
    existing = getattr(draft, step.field)
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    if step.stage is Stage.FULL and draft.joined_on is not None:
        end = rules.probation_end(draft.joined_on, extended_months)
        if end.first_day() <= today:
            return end
    return PartialDate.of(today)


# -- changes of standing ----------------------------------------------------------------------
@dataclass(frozen=True)
class EventView:
    id: int
    kind: ChangeKind
    on: PartialDate
    organisation: str
    letter_no: str
    dues_until: PartialDate | None
    months: int | None
    note: str

    def describe(self) -> str:
        parts = [self.kind.label, self.on.display()]
        if self.organisation:
            parts.append((_("to {place}") if self.kind is ChangeKind.TRANSFER_OUT else _("from {place}"))
                         .format(place=self.organisation))
        if self.letter_no:
            parts.append(_("letter No. {number}").format(number=self.letter_no))
        if self.dues_until:
            parts.append(_("dues paid up to {month}").format(month=self.dues_until.display()[:7]))
        if self.months:
            parts.append(_("{count} months").format(count=self.months))
        if self.note:
            parts.append(self.note)
        return _("，").join(parts)


def _event_view(row: StatusEvent) -> EventView:
    return EventView(row.id, row.kind, row.on, row.organisation, row.letter_no, row.dues_until,
                     row.months, row.note)


def standing_of(person: Person) -> PersonStanding:
    return PersonStanding(person.political_status, person.stage, person.membership_status,
                          person.birth_date, person.joined_on, person.left_on,
                          person.probation_extended_months, person.left_reason)


def change_status(session: Session, person_id: int, change: Change, *, today: dt.date) -> EventView:
    """Record a change of standing and apply it to the person; ValidationError (nothing
    written) when a detail is missing or the change does not fit the person."""
    person = _person(session, person_id)
    clean = validate_change(change, standing_of(person), today=today)
    effect = change_effect(clean)
    before = {key: audit.text(getattr(person, key)) for key in effect}
    for key, value in effect.items():
        setattr(person, key, value)
    row = StatusEvent(kind=clean.kind, on=clean.on, organisation=clean.organisation,
                      letter_no=clean.letter_no, dues_until=clean.dues_until, months=clean.months,
                      note=clean.note, before=json.dumps(before, ensure_ascii=False))
    person.events.append(row)
    session.flush()
    return _event_view(row)


def list_events(session: Session, person_id: int) -> list[EventView]:
    rows = session.scalars(select(StatusEvent).where(StatusEvent.person_id == person_id)
                           .order_by(StatusEvent.id))
    return [_event_view(row) for row in rows]


def undo_last_change(session: Session, person_id: int) -> EventView:
    """Take back the person's latest change of standing (entered in error): their record
    returns to what it was, and the event is deleted (the audit trail keeps both)."""
    person = _person(session, person_id)
    if not person.events:
        raise ConflictError(_("{name} has no recorded change to undo").format(name=person.name))
    row = person.events[-1]
    view = _event_view(row)
    column_types = {c.key: c.type for c in Person.__table__.columns}
    before = {key: _from_text(column_types[key], stored) for key, stored in json.loads(row.before).items()}
    # The branch or group the person was in may have been removed since (it emptied).
    for key, table in (("branch_id", Branch), ("group_id", PartyGroup)):
        if before.get(key) is not None and session.get(table, before[key]) is None:
            raise ConflictError(_(
                "The change cannot be undone: the party branch or group {name} was in has been "
                "removed since. Add it again in the settings, or edit {name}'s record instead.").format(
                name=person.name))
    for key, value in before.items():
        setattr(person, key, value)
    person.events.remove(row)
    session.delete(row)  # explicitly, so the audit trail records it
    session.flush()
    return view


def _from_text(column_type: object, stored: str | None) -> object:
    """A value as audit.text wrote it, back in the column's own type."""
    if stored is None:
        return None
    processor = getattr(column_type, "process_result_value", None)
    if processor is not None:  # dates and choices: the column type reads its stored form
        return processor(stored, None)
    if getattr(column_type, "python_type", str) is int:
        return int(stored)
    return stored
