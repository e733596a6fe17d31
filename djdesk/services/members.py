"""The roster: list, read, add, change, mark as left and delete people."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from djdesk.domain import person_rules, search_keys
from djdesk.domain.choices import Choice
from djdesk.domain.dates import PartialDate
from djdesk.domain.errors import ConflictError, NotFoundError, Problem, ValidationError
from djdesk.domain.people import (
    LeftReason,
    PersonDraft,
    PoliticalStatus,
    Post,
    Sex,
    Stage,
    field_label,
)
from djdesk.i18n import N_, _
from djdesk.store.models import Branch, PartyGroup, Person
from djdesk.store.references import count_references

_DRAFT_FIELDS = tuple(f.name for f in dataclasses.fields(PersonDraft))

# What the tables that point at a person hold, for the message when deletion is refused.
_REFERENCE_LABELS = {
    "meeting": N_("{count} meetings as host, recorder or lecturer"),
    "attendance": N_("{count} meeting attendance records"),
    "talk": N_("{count} talk records"),
    "ethics_entry": N_("{count} ethics evaluations"),
    "violation": N_("{count} recorded violations"),
    "learning_record": N_("{count} learning records"),
    "honour": N_("{count} honours"),
    "observation": N_("{count} lesson observations"),
    "review_entry": N_("{count} democratic reviews of members"),
    "study_group_member": N_("{count} study group memberships"),
}


@dataclass(frozen=True, slots=True)
class MemberRow:
    """One line of the roster table."""

    id: int
    name: str
    sex: Sex
    birth_date: PartialDate
    political_status: PoliticalStatus
    stage: Stage | None
    branch: str
    group: str
    joined_on: PartialDate | None
    post: Post
    department: str
    phone: str
    id_number: str
    left_on: PartialDate | None
    search_initials: str
    search_pinyin: str


@dataclass(frozen=True)
class PersonRecord:
    """A person as stored: the editable draft plus what the program keeps about them."""

    id: int
    draft: PersonDraft
    branch_name: str
    group_name: str
    left_on: PartialDate | None
    left_reason: LeftReason | None
    left_note: str
    probation_extended_months: int | None = None  # set by a recorded 延长预备期

    @property
    def name(self) -> str:
        return self.draft.name

    @property
    def has_left(self) -> bool:
        return self.left_on is not None


def _record(person: Person) -> PersonRecord:
    draft = PersonDraft(**{name: getattr(person, name) for name in _DRAFT_FIELDS})
    return PersonRecord(
        id=person.id,
        draft=draft,
        branch_name=person.branch.name if person.branch else "",
        group_name=person.group.name if person.group else "",
        left_on=person.left_on,
        left_reason=person.left_reason,
        left_note=person.left_note,
        probation_extended_months=person.probation_extended_months,
    )


def _load(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError(_("This person no longer exists (deleted meanwhile?)"))
    return person


@lru_cache(maxsize=100_000)
def stored_date(text: str) -> PartialDate:
    """A date as stored (YYYY-MM-DD or YYYY-MM); cached, since lists read thousands."""
    return PartialDate.from_iso(text)


def _lookup(choice: type[Choice]) -> dict[str, Choice]:
    return {member.value: member for member in choice}


def list_rows(session: Session, *, include_left: bool = False) -> list[MemberRow]:
    """Every person (by default only those still at the school), in stored order.

    The roster loads all of them at once (10,000 in a large school), so the columns are read
    as plain text and turned into dates and choices by lookup: the per-value type processing
    of the ORM costs five times as much here.
    """
    plain = {c: type_coerce(c, String) for c in (
        Person.sex, Person.birth_date, Person.political_status, Person.stage, Person.joined_on,
        Person.post, Person.left_on)}
    query = (
        select(
            Person.id, Person.name, plain[Person.sex], plain[Person.birth_date],
            plain[Person.political_status], plain[Person.stage], Branch.name, PartyGroup.name,
            plain[Person.joined_on], plain[Person.post], Person.department, Person.phone,
            Person.id_number, plain[Person.left_on], Person.search_initials, Person.search_pinyin,
        )
        .outerjoin(Branch, Person.branch_id == Branch.id)
        .outerjoin(PartyGroup, Person.group_id == PartyGroup.id)
        .order_by(Person.id)
    )
    if not include_left:
        query = query.where(Person.left_on.is_(None))
    sexes, statuses, stages, posts = (_lookup(c) for c in (Sex, PoliticalStatus, Stage, Post))
    date = stored_date
    return [
        MemberRow(
            id=r[0], name=r[1], sex=sexes[r[2]], birth_date=date(r[3]),  # type: ignore[arg-type]
            political_status=statuses[r[4]], stage=stages[r[5]] if r[5] else None,  # type: ignore[arg-type]
            branch=r[6] or "", group=r[7] or "", joined_on=date(r[8]) if r[8] else None,
            post=posts[r[9]], department=r[10], phone=r[11], id_number=r[12],  # type: ignore[arg-type]
            left_on=date(r[13]) if r[13] else None, search_initials=r[14], search_pinyin=r[15],
        )
        for r in session.execute(query)
    ]


def get(session: Session, person_id: int) -> PersonRecord:
    return _record(_load(session, person_id))


def _check_against_store(session: Session, draft: PersonDraft, person_id: int | None) -> None:
    """Rules that need the database: branch and group exist and fit, the ID number is free."""
    problems: list[Problem] = []
    if draft.branch_id is not None and session.get(Branch, draft.branch_id) is None:
        problems.append(Problem("branch_id", field_label("branch_id"), _("no longer exists")))
    if draft.group_id is not None:
        group = session.get(PartyGroup, draft.group_id)
        if group is None:
            problems.append(Problem("group_id", field_label("group_id"), _("no longer exists")))
        elif group.branch_id != draft.branch_id:
            problems.append(
                Problem("group_id", field_label("group_id"), _("does not belong to the chosen branch"))
            )
    if problems:
        raise ValidationError(problems)
    holder = session.execute(
        select(Person.id, Person.name).where(Person.id_number == draft.id_number)
    ).first()
    if holder is not None and holder.id != person_id:
        raise ConflictError(
            _("{number} is already the number of {name}").format(
                number=draft.id_number, name=holder.name
            ),
            field="id_number",
            label=field_label("id_number"),
        )


def _write(person: Person, draft: PersonDraft) -> None:
    for name in _DRAFT_FIELDS:
        if getattr(person, name, None) != getattr(draft, name):
            setattr(person, name, getattr(draft, name))
    keys = search_keys.compute(draft.name)
    person.search_initials = keys.initials
    person.search_pinyin = keys.full


def add(session: Session, draft: PersonDraft, *, today: dt.date) -> PersonRecord:
    """Add a person; raises ValidationError or ConflictError and writes nothing on bad input."""
    clean = person_rules.validate(draft, today=today)
    _check_against_store(session, clean, None)
    person = Person(left_note="")
    _write(person, clean)
    session.add(person)
    session.flush()
    from djdesk.services.dues_bases import (
        roster_base,  # the roster's 党费基数 is the dues' base too
    )

    roster_base(session, person, today)
    return _record(person)


def update(session: Session, person_id: int, draft: PersonDraft, *, today: dt.date) -> PersonRecord:
    person = _load(session, person_id)
    clean = person_rules.validate(draft, today=today)
    _check_against_store(session, clean, person_id)
    _write(person, clean)
    session.flush()
    from djdesk.services.dues_bases import (
        roster_base,  # the roster's 党费基数 is the dues' base too
    )

    roster_base(session, person, today)
    return _record(person)


def mark_left(
    session: Session,
    person_id: int,
    *,
    on: PartialDate,
    reason: LeftReason,
    note: str = "",
    today: dt.date,
) -> PersonRecord:
    """Record that a person left the school (transfer, death, resignation): they stay in the
    history and disappear from current lists."""
    person = _load(session, person_id)
    problems = []
    if on.first_day() > today:
        problems.append(Problem("left_on", field_label("left_on"), _("is in the future")))
    elif on.certainly_before(person.birth_date):
        problems.append(Problem("left_on", field_label("left_on"), _("is before the date of birth")))
    note = note.strip()
    if reason is LeftReason.TRANSFERRED_OUT and not note:
        problems.append(
            Problem("left_note", field_label("left_note"), _("name the organisation transferred to"))
        )
    if problems:
        raise ValidationError(problems)
    person.left_on, person.left_reason, person.left_note = on, reason, note
    session.flush()
    return _record(person)


def reinstate(session: Session, person_id: int) -> PersonRecord:
    """Undo a mark-as-left made in error."""
    person = _load(session, person_id)
    person.left_on, person.left_reason, person.left_note = None, None, ""
    session.flush()
    return _record(person)


def delete(session: Session, person_id: int) -> None:
    """Delete a person entered by mistake; refused when any record refers to them."""
    person = _load(session, person_id)
    refs = count_references(session, "person", person_id, own=("pipeline_step", "status_event"))
    if refs:
        listed = _(", ").join(
            _(_REFERENCE_LABELS.get(table, "{count} " + table)).format(count=count)
            for table, count in refs.items()
        )
        raise ConflictError(
            _("{name} cannot be deleted because other records refer to them: {records}. "
              "Mark them as left instead; they will stay in the history.").format(
                name=person.name, records=listed
            )
        )
    session.delete(person)
    session.flush()
