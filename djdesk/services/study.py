"""党建+学习: term plans and quick entry of learning records; groups and totals from study_totals."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from djdesk.domain.errors import ConflictError, NotFoundError, Problem, ValidationError
from djdesk.domain.study import SUMMARY_FIELDS
from djdesk.i18n import _
from djdesk.services import learning
from djdesk.services import settings as settings_service
from djdesk.services.learning import LearningDraft
from djdesk.services.study_totals import (
    STUDY_LABELS,
    TERM_GONE,
    GroupDraft,
    GroupRow,
    GroupStudy,
    PersonStudy,
    QuietRow,
    check_length,
    check_name,
    delete_group,
    field_problem,
    group_totals,
    list_groups,
    load_group,
    one_person,
    person_totals,
    quiet,
    save_group,
    study_label,
)
from djdesk.store.models import (
    Person,
    StudyGroup,
    StudyGroupMember,
    StudyTerm,
    StudyUnit,
)

MAX_TITLE = 60
MAX_TOPIC = 200
MAX_TERM_NOTE = 500
MAX_TEXT = 10_000  # materials and each part of the summary: a few pages, not a pasted book

__all__ = [
    "STUDY_LABELS", "GroupDraft", "GroupRow", "GroupStudy", "PersonStudy", "QuietRow", "TermDraft",
    "TermReport", "TermRow", "UnitDraft", "UnitRow", "delete_group", "delete_term", "delete_unit",
    "group_totals", "list_groups", "list_terms", "list_units", "move_unit", "one_person", "person_totals",
    "quiet", "record", "save_group", "save_term", "save_unit", "study_label", "term_for", "term_report",
]


# -- terms ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TermDraft:
    name: str
    starts_on: dt.date
    ends_on: dt.date
    note: str = ""


@dataclass(frozen=True)
class TermRow:
    id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    note: str


def _term_row(term: StudyTerm) -> TermRow:
    return TermRow(term.id, term.name, term.starts_on, term.ends_on, term.note)


def list_terms(session: Session) -> list[TermRow]:
    """Newest first."""
    return [_term_row(t) for t in session.scalars(
        select(StudyTerm).order_by(StudyTerm.starts_on.desc(), StudyTerm.id.desc()))]


def term_for(session: Session, day: dt.date) -> TermRow | None:
    """The stored term containing the day; of overlapping ones, the latest to start."""
    term = session.scalars(select(StudyTerm).where(StudyTerm.starts_on <= day, StudyTerm.ends_on >= day)
                           .order_by(StudyTerm.starts_on.desc(), StudyTerm.id.desc())).first()
    return _term_row(term) if term else None


def _term(session: Session, term_id: int) -> StudyTerm:
    term = session.get(StudyTerm, term_id)
    if term is None:
        raise NotFoundError(_(TERM_GONE))
    return term


def _day(day: dt.date) -> str:
    return f"{day:%Y.%m.%d}"


def save_term(session: Session, term_id: int | None, draft: TermDraft) -> int:
    """Create (term_id None) or change a term; its units must stay inside its dates."""
    term = _term(session, term_id) if term_id is not None else None
    found: list[Problem] = []
    name = draft.name.strip()
    check_name(session, found, StudyTerm, name, term_id, _("another term already has this name"))
    if draft.ends_on < draft.starts_on:
        found.append(field_problem("ends_on", _("ends before it starts")))
    elif term is not None:
        outside = [u.title for u in term.units
                   if any(d is not None and not draft.starts_on <= d <= draft.ends_on for d in (u.starts_on, u.ends_on))]
        if outside:
            found.append(field_problem("starts_on" if draft.starts_on > term.starts_on else "ends_on", _(
                "the dates of {units} would fall outside the term: change them first").format(
                units=_(", ").join(outside))))
    check_length(found, "note", draft.note.strip(), MAX_TERM_NOTE)
    if found:
        raise ValidationError(found)
    if term is None:
        term = StudyTerm(name=name)
        session.add(term)
    term.name, term.starts_on, term.ends_on, term.note = name, draft.starts_on, draft.ends_on, draft.note.strip()
    session.flush()
    return term.id


def delete_term(session: Session, term_id: int) -> None:
    term = _term(session, term_id)
    if term.units:
        raise ConflictError(_("“{name}” has {count} study units in its plan; delete them first.").format(
            name=term.name, count=len(term.units)))
    session.delete(term)
    session.flush()


# -- the plan's units -------------------------------------------------------------------------
@dataclass(frozen=True)
class UnitDraft:
    term_id: int
    title: str
    topic: str = ""
    materials: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    group_id: int | None = None
    learnt: str = ""
    done: str = ""
    understood: str = ""
    shown: str = ""


@dataclass(frozen=True)
class UnitRow:
    id: int
    term_id: int
    position: int
    title: str
    topic: str
    materials: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    group_id: int | None
    group: str  # the study group's name, "" without one
    learnt: str
    done: str
    understood: str
    shown: str

    @property
    def summarised(self) -> bool:
        """Any part of the 学做悟晒 summary written."""
        return any(getattr(self, key).strip() for key, _label in SUMMARY_FIELDS)


def list_units(session: Session, term_id: int) -> list[UnitRow]:
    """The term's plan in its order."""
    query = (select(StudyUnit, StudyGroup.name).outerjoin(StudyGroup, StudyGroup.id == StudyUnit.group_id)
             .where(StudyUnit.term_id == term_id).order_by(StudyUnit.position, StudyUnit.id))
    return [UnitRow(u.id, u.term_id, u.position, u.title, u.topic, u.materials, u.starts_on, u.ends_on,
                    u.group_id, group or "", u.learnt, u.done, u.understood, u.shown)
            for u, group in session.execute(query)]


def _unit(session: Session, unit_id: int) -> StudyUnit:
    unit = session.get(StudyUnit, unit_id)
    if unit is None:
        raise NotFoundError(_("This study unit no longer exists (deleted meanwhile?)"))
    return unit


def _unit_problems(session: Session, term: StudyTerm, draft: UnitDraft) -> list[Problem]:
    found: list[Problem] = []
    title = draft.title.strip()
    if not title:
        found.append(field_problem("title", _("is required")))
    check_length(found, "title", title, MAX_TITLE)
    check_length(found, "topic", draft.topic.strip(), MAX_TOPIC)
    for key in ("materials", *(k for k, _label in SUMMARY_FIELDS)):
        check_length(found, key, getattr(draft, key).strip(), MAX_TEXT)
    outside = _("outside the term ({start} – {end})").format(start=_day(term.starts_on), end=_day(term.ends_on))
    for key in ("starts_on", "ends_on"):
        day = getattr(draft, key)
        if day is not None and not term.starts_on <= day <= term.ends_on:
            found.append(field_problem(key, outside))
    if draft.starts_on and draft.ends_on and draft.ends_on < draft.starts_on and not any(
            p.field == "ends_on" for p in found):
        found.append(field_problem("ends_on", _("ends before it starts")))
    if draft.group_id is not None and session.get(StudyGroup, draft.group_id) is None:
        found.append(field_problem("group_id", _("no longer exists")))
    return found


def _renumber(session: Session, term_id: int, order: list[StudyUnit] | None = None) -> None:
    units = order if order is not None else list(session.scalars(
        select(StudyUnit).where(StudyUnit.term_id == term_id).order_by(StudyUnit.position, StudyUnit.id)))
    for position, unit in enumerate(units, start=1):
        if unit.position != position:
            unit.position = position


def save_unit(session: Session, unit_id: int | None, draft: UnitDraft) -> int:
    """Create (unit_id None, placed last) or change a unit of a term's plan."""
    unit = _unit(session, unit_id) if unit_id is not None else None
    term = _term(session, draft.term_id)
    found = _unit_problems(session, term, draft)
    if found:
        raise ValidationError(found)
    left_term = unit.term_id if unit is not None and unit.term_id != term.id else None
    if unit is None or left_term is not None:
        last = session.scalar(select(func.max(StudyUnit.position)).where(StudyUnit.term_id == term.id))
        if unit is None:
            unit = StudyUnit(term_id=term.id)
            session.add(unit)
        unit.term_id, unit.position = term.id, (last or 0) + 1
    unit.title, unit.topic, unit.materials = draft.title.strip(), draft.topic.strip(), draft.materials.strip()
    unit.starts_on, unit.ends_on, unit.group_id = draft.starts_on, draft.ends_on, draft.group_id
    for key, _label in SUMMARY_FIELDS:
        setattr(unit, key, getattr(draft, key).strip())
    session.flush()
    if left_term is not None:
        _renumber(session, left_term)
        session.flush()
    return unit.id


def delete_unit(session: Session, unit_id: int) -> None:
    unit = _unit(session, unit_id)
    term_id = unit.term_id
    session.delete(unit)
    session.flush()
    _renumber(session, term_id)
    session.flush()


def move_unit(session: Session, unit_id: int, delta: int) -> None:
    """Up (-1) or down (+1) in the plan; at either end it stays where it is."""
    unit = _unit(session, unit_id)
    units = list(session.scalars(select(StudyUnit).where(StudyUnit.term_id == unit.term_id)
                                 .order_by(StudyUnit.position, StudyUnit.id)))
    here = units.index(unit)
    there = here + delta
    if 0 <= there < len(units):
        units.insert(there, units.pop(here))
    _renumber(session, unit.term_id, units)
    session.flush()


# -- quick entry ------------------------------------------------------------------------------
def record(session: Session, draft: LearningDraft, *, group_id: int | None = None,
           today: dt.date) -> list[int]:
    """One learning record for each chosen person and each member of the study group still at
    the school (someone in both gets one); the ids in that order."""
    chosen = list(draft.person_ids)
    if group_id is not None:
        load_group(session, group_id)
        chosen.extend(session.scalars(
            select(StudyGroupMember.person_id).join(Person, Person.id == StudyGroupMember.person_id)
            .where(StudyGroupMember.group_id == group_id, Person.left_on.is_(None))))
    people = tuple(dict.fromkeys(chosen))
    return learning.add(session, dataclasses.replace(draft, person_ids=people), today=today)


# -- the term's record table ------------------------------------------------------------------
@dataclass(frozen=True)
class TermReport:
    school: str
    term: TermRow
    year: int  # the calendar year the term starts in: the year whose targets it reports against
    units: tuple[UnitRow, ...]
    people: tuple[PersonStudy, ...]
    groups: tuple[GroupStudy, ...]


def term_report(session: Session, term_id: int) -> TermReport:
    """Everything the term's study record table (.xlsx and PDF) shows."""
    term = _term_row(_term(session, term_id))
    year = term.starts_on.year
    return TermReport(
        school=settings_service.load(session).school_name, term=term, year=year,
        units=tuple(list_units(session, term_id)),
        people=tuple(person_totals(session, term_id=term_id, year=year)),
        groups=tuple(group_totals(session, term_id=term_id, year=year)),
    )
