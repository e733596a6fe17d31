"""A teacher's ethics records beside the scores: violations and sanctions (一票否决), honours
(refused while vetoed or barred) and the lessons school leaders observed (听课记录)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from djdesk.domain import ethics
from djdesk.domain.errors import NotFoundError, Problem, ValidationError
from djdesk.domain.ethics import (
    MIN_OTHER_MONTHS,
    Case,
    HonourLevel,
    ObservationKind,
    ObservationRating,
    Sanction,
)
from djdesk.domain.people import Post
from djdesk.domain.strokes import name_key
from djdesk.i18n import N_, _
from djdesk.store.models import EthicsPeriod, Honour, Observation, Person, Violation

LABELS = {
    "person_id": N_("Teacher"),
    "occurred_on": N_("Date"),
    "kind": N_("Violation"),
    "description": N_("What happened"),
    "sanction": N_("Sanction"),
    "measure": N_("Handling"),
    "months": N_("Barred for (months)"),
    "decided_on": N_("Decided on"),
    "title": N_("Honour"),
    "year": N_("Year"),
    "level": N_("Level"),
    "proposed_on": N_("Proposed on"),
    "note": N_("Remarks"),
    "observer_id": N_("Observer"),
    "held_on": N_("Date"),
    "class_name": N_("Class"),
    "subject": N_("Subject"),
    "notes": N_("Lesson notes"),
    "rating": N_("Rating"),
    "observation_kind": N_("Kind"),
}


def label(field: str) -> str:
    return _(LABELS[field])


def _problem(field: str, message: str) -> Problem:
    return Problem(field, label(field), message)


def _person(session: Session, person_id: int | None, field: str, found: list[Problem]) -> Person | None:
    if person_id is None:
        found.append(_problem(field, _("choose a person")))
        return None
    person = session.get(Person, person_id)
    if person is None:
        found.append(_problem(field, _("no longer exists")))
    return person


def _text(value: str, field: str, limit: int, found: list[Problem], *, required: str = "") -> str:
    value = value.strip()
    if required and not value:
        found.append(_problem(field, required))
    elif len(value) > limit:
        found.append(_problem(field, _("at most {count} characters").format(count=limit)))
    return value


# -- violations ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ViolationDraft:
    person_id: int | None
    occurred_on: dt.date
    kind: str
    description: str = ""
    sanction: Sanction | None = None
    measure: str = ""
    months: int | None = None
    decided_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ViolationRow:
    id: int
    person_id: int
    person: str
    department: str
    occurred_on: dt.date
    kind: str
    description: str
    sanction: Sanction | None
    measure: str
    months: int | None
    decided_on: dt.date | None
    barred_until: dt.date | None

    @property
    def handling(self) -> str:
        """What was decided, as one line: 记过, or 诫勉谈话（取消资格24个月）."""
        if self.sanction is None:
            return ""
        if self.sanction is Sanction.OTHER:
            what = self.measure or self.sanction.label
            return _("{measure} (barred {months} months)").format(measure=what, months=self.months)
        return self.sanction.label


def _check_violation(session: Session, draft: ViolationDraft, today: dt.date) -> dict[str, object]:
    found: list[Problem] = []
    _person(session, draft.person_id, "person_id", found)
    if draft.occurred_on > today:
        found.append(_problem("occurred_on", _("a violation is recorded once it has happened")))
    kind = _text(draft.kind, "kind", 60, found, required=_("say what the violation was"))
    description = _text(draft.description, "description", 2000, found)
    measure = _text(draft.measure, "measure", 60, found)
    months = None
    if draft.sanction is Sanction.OTHER:
        months = draft.months if draft.months is not None else MIN_OTHER_MONTHS
        if months < MIN_OTHER_MONTHS:
            found.append(_problem("months", _("at least {months} months under the 2018 rules").format(
                months=MIN_OTHER_MONTHS)))
        elif months > 120:
            found.append(_problem("months", _("at most 120 months")))
    if draft.sanction is not None:
        if draft.decided_on is None:
            found.append(_problem("decided_on", _("the date of the decision starts the period barred")))
        elif draft.decided_on < draft.occurred_on:
            found.append(_problem("decided_on", _("the decision comes after the violation")))
        elif draft.decided_on > today:
            found.append(_problem("decided_on", _("a decision is recorded once it is taken")))
    if found:
        raise ValidationError(found)
    return dict(person_id=draft.person_id, occurred_on=draft.occurred_on, kind=kind,
                description=description, sanction=draft.sanction,
                measure=measure if draft.sanction is Sanction.OTHER else "",
                months=months, decided_on=draft.decided_on if draft.sanction is not None else None)


def add_violation(session: Session, draft: ViolationDraft, *, today: dt.date) -> int:
    violation = Violation(**_check_violation(session, draft, today))
    session.add(violation)
    session.flush()
    return violation.id


def _get(session: Session, model: type, record_id: int, what: str):  # type: ignore[no-untyped-def]
    record = session.get(model, record_id)
    if record is None:
        raise NotFoundError(_("This {what} no longer exists (deleted meanwhile?)").format(what=what))
    return record


def update_violation(session: Session, violation_id: int, draft: ViolationDraft, *, today: dt.date) -> None:
    violation = _get(session, Violation, violation_id, _("violation record"))
    for key, value in _check_violation(session, draft, today).items():
        if getattr(violation, key) != value:
            setattr(violation, key, value)
    session.flush()


def delete_violation(session: Session, violation_id: int) -> None:
    session.delete(_get(session, Violation, violation_id, _("violation record")))
    session.flush()


def _case(v: Violation) -> Case:
    return Case(v.occurred_on, v.kind, v.sanction, v.decided_on, v.months)


def list_violations(session: Session, *, person_id: int | None = None, start: dt.date | None = None,
                    end: dt.date | None = None) -> list[ViolationRow]:
    """Newest first."""
    query = (select(Violation, Person.name, Person.department)
             .join(Person, Person.id == Violation.person_id)
             .order_by(Violation.occurred_on.desc(), Violation.id.desc()))
    if person_id is not None:
        query = query.where(Violation.person_id == person_id)
    if start is not None:
        query = query.where(Violation.occurred_on >= start)
    if end is not None:
        query = query.where(Violation.occurred_on <= end)
    return [
        ViolationRow(v.id, v.person_id, name, department, v.occurred_on, v.kind, v.description,
                     v.sanction, v.measure, v.months, v.decided_on, ethics.barred_until(_case(v)))
        for v, name, department in session.execute(query)
    ]


def barred_until(session: Session, person_id: int, today: dt.date) -> dt.date | None:
    cases = [_case(v) for v in session.scalars(select(Violation).where(Violation.person_id == person_id))]
    return ethics.ineligible_until(cases, today)


# -- honours ------------------------------------------------------------------------------
@dataclass(frozen=True)
class HonourDraft:
    person_id: int | None
    title: str
    year: int
    level: HonourLevel
    proposed_on: dt.date
    note: str = ""


@dataclass(frozen=True, slots=True)
class HonourRow:
    id: int
    person_id: int
    person: str
    department: str
    title: str
    year: int
    level: HonourLevel
    proposed_on: dt.date
    note: str


def _check_honour(session: Session, draft: HonourDraft, today: dt.date) -> dict[str, object]:
    found: list[Problem] = []
    person = _person(session, draft.person_id, "person_id", found)
    title = _text(draft.title, "title", 60, found, required=_("name the honour"))
    note = _text(draft.note, "note", 200, found)
    if not 1950 <= draft.year <= today.year + 1:
        found.append(_problem("year", _("between 1950 and {year}").format(year=today.year + 1)))
    if draft.proposed_on > today:
        found.append(_problem("proposed_on", _("not a day in the future")))
    if person is not None and not found:
        violations = list(session.scalars(select(Violation).where(Violation.person_id == person.id)))
        # Vetoed in the honour's year, or in the evaluation period under way when proposed.
        spans = session.execute(select(EthicsPeriod.starts_on, EthicsPeriod.ends_on).where(
            EthicsPeriod.starts_on <= draft.proposed_on, EthicsPeriod.ends_on >= draft.proposed_on)).all()
        vetoed = [v for v in violations if v.occurred_on.year == draft.year or (
            v.occurred_on <= draft.proposed_on and any(s <= v.occurred_on <= e for s, e in spans))]
        if vetoed:
            found.append(_problem("person_id", _(
                "{name} cannot be proposed: 一票否决 in {year} ({kind}, {date})").format(
                name=person.name, year=vetoed[0].occurred_on.year, kind=vetoed[0].kind,
                date=f"{vetoed[0].occurred_on:%Y.%m.%d}")))
        else:
            until = ethics.ineligible_until([_case(v) for v in violations], draft.proposed_on)
            if until is not None:
                found.append(_problem("person_id", _("{name} cannot be proposed: {barred}").format(
                    name=person.name, barred=ethics.barred_text(until))))
    if found:
        raise ValidationError(found)
    return dict(person_id=draft.person_id, title=title, year=draft.year, level=draft.level,
                proposed_on=draft.proposed_on, note=note)


def add_honour(session: Session, draft: HonourDraft, *, today: dt.date) -> int:
    honour = Honour(**_check_honour(session, draft, today))
    session.add(honour)
    session.flush()
    return honour.id


def update_honour(session: Session, honour_id: int, draft: HonourDraft, *, today: dt.date) -> None:
    honour = _get(session, Honour, honour_id, _("honour"))
    for key, value in _check_honour(session, draft, today).items():
        if getattr(honour, key) != value:
            setattr(honour, key, value)
    session.flush()


def delete_honour(session: Session, honour_id: int) -> None:
    session.delete(_get(session, Honour, honour_id, _("honour")))
    session.flush()


def list_honours(session: Session, *, person_id: int | None = None, year: int | None = None) -> list[HonourRow]:
    query = (select(Honour, Person.name, Person.department)
             .join(Person, Person.id == Honour.person_id)
             .order_by(Honour.year.desc(), Honour.proposed_on.desc(), Honour.id.desc()))
    if person_id is not None:
        query = query.where(Honour.person_id == person_id)
    if year is not None:
        query = query.where(Honour.year == year)
    return [HonourRow(h.id, h.person_id, name, department, h.title, h.year, h.level, h.proposed_on, h.note)
            for h, name, department in session.execute(query)]


# -- lesson observations ------------------------------------------------------------------
@dataclass(frozen=True)
class ObservationDraft:
    teacher_id: int | None
    observer_id: int | None
    held_on: dt.date
    kind: ObservationKind
    class_name: str = ""
    subject: str = ""
    notes: str = ""
    rating: ObservationRating | None = None


@dataclass(frozen=True, slots=True)
class ObservationRow:
    id: int
    teacher_id: int
    teacher: str
    observer_id: int
    observer: str
    held_on: dt.date
    kind: ObservationKind
    class_name: str
    subject: str
    notes: str
    rating: ObservationRating | None


def _check_observation(session: Session, draft: ObservationDraft, today: dt.date) -> dict[str, object]:
    found: list[Problem] = []
    _person(session, draft.teacher_id, "person_id", found)
    _person(session, draft.observer_id, "observer_id", found)
    if draft.teacher_id is not None and draft.teacher_id == draft.observer_id:
        found.append(_problem("observer_id", _("the observer is someone other than the teacher")))
    if draft.held_on > today:
        found.append(_problem("held_on", _("a lesson is recorded once it has been observed")))
    class_name = _text(draft.class_name, "class_name", 40, found)
    subject = _text(draft.subject, "subject", 30, found)
    notes = _text(draft.notes, "notes", 2000, found)
    if found:
        raise ValidationError(found)
    return dict(teacher_id=draft.teacher_id, observer_id=draft.observer_id, held_on=draft.held_on,
                kind=draft.kind, class_name=class_name, subject=subject, notes=notes, rating=draft.rating)


def add_observation(session: Session, draft: ObservationDraft, *, today: dt.date) -> int:
    observation = Observation(**_check_observation(session, draft, today))
    session.add(observation)
    session.flush()
    return observation.id


def update_observation(session: Session, observation_id: int, draft: ObservationDraft, *,
                       today: dt.date) -> None:
    observation = _get(session, Observation, observation_id, _("observation record"))
    for key, value in _check_observation(session, draft, today).items():
        if getattr(observation, key) != value:
            setattr(observation, key, value)
    session.flush()


def delete_observation(session: Session, observation_id: int) -> None:
    session.delete(_get(session, Observation, observation_id, _("observation record")))
    session.flush()


def list_observations(session: Session, *, teacher_id: int | None = None, start: dt.date | None = None,
                      end: dt.date | None = None) -> list[ObservationRow]:
    teacher, observer = aliased(Person), aliased(Person)
    query = (select(Observation, teacher.name, observer.name)
             .join(teacher, teacher.id == Observation.teacher_id)
             .join(observer, observer.id == Observation.observer_id)
             .order_by(Observation.held_on.desc(), Observation.id.desc()))
    if teacher_id is not None:
        query = query.where(Observation.teacher_id == teacher_id)
    if start is not None:
        query = query.where(Observation.held_on >= start)
    if end is not None:
        query = query.where(Observation.held_on <= end)
    return [ObservationRow(o.id, o.teacher_id, t, o.observer_id, ob, o.held_on, o.kind, o.class_name,
                           o.subject, o.notes, o.rating)
            for o, t, ob in session.execute(query)]



@dataclass(frozen=True, slots=True)
class PersonOption:
    id: int
    name: str
    department: str
    teacher: bool

    @property
    def text(self) -> str:
        return _("{name} ({department})").format(name=self.name, department=self.department) \
            if self.department else self.name


def people(session: Session, *, include: tuple[int, ...] = ()) -> list[PersonOption]:
    """Staff still at school (and anyone in `include`, a record's own people who since left),
    teachers first, each group by department then in the official name order."""
    rows = session.execute(
        select(Person.id, Person.name, Person.department, Person.post)
        .where((Person.left_on.is_(None)) | (Person.id.in_(include)))
    )
    options = [PersonOption(pid, name, department, post is Post.TEACHER)
               for pid, name, department, post in rows]
    options.sort(key=lambda o: (not o.teacher, o.department == "", o.department, name_key(o.name), o.id))
    return options
