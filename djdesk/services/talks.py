"""谈心谈话: the secretary's talks with each member, and who has had none this year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, String, select, type_coerce
from sqlalchemy.orm import Session, aliased

from djdesk.domain.errors import NotFoundError, Problem, ValidationError
from djdesk.domain.meetings import is_secretary_post
from djdesk.domain.people import PoliticalStatus
from djdesk.i18n import N_, _
from djdesk.store.models import Branch, Person, Talk

TALK_LABELS = {
    "talker_id": N_("Talked with by"),
    "person_id": N_("Member talked with"),
    "held_on": N_("Date"),
    "note": N_("Note"),
}


def talk_label(field: str) -> str:
    return _(TALK_LABELS[field])


@dataclass(frozen=True)
class TalkDraft:
    talker_id: int | None
    person_id: int | None
    held_on: dt.date
    note: str = ""


@dataclass(frozen=True, slots=True)
class TalkRow:
    id: int
    branch: str
    talker_id: int
    talker: str
    person_id: int
    person: str
    held_on: dt.date
    note: str


def _problem(field: str, message: str) -> Problem:
    return Problem(field, talk_label(field), message)


def _check(session: Session, draft: TalkDraft, today: dt.date) -> Person:
    found: list[Problem] = []
    if draft.talker_id is None:
        found.append(_problem("talker_id", _("choose who held the talk")))
    if draft.person_id is None:
        found.append(_problem("person_id", _("choose the member")))
    elif draft.person_id == draft.talker_id:
        found.append(_problem("person_id", _("a talk is with someone else")))
    if draft.held_on > today:
        found.append(_problem("held_on", _("a talk is recorded once it has taken place")))
    if len(draft.note) > 2000:
        found.append(_problem("note", _("at most 2,000 characters")))
    person = session.get(Person, draft.person_id) if draft.person_id is not None else None
    if draft.person_id is not None and person is None:
        found.append(_problem("person_id", _("no longer exists")))
    if draft.talker_id is not None and session.get(Person, draft.talker_id) is None:
        found.append(_problem("talker_id", _("no longer exists")))
    if found:
        raise ValidationError(found)
    assert person is not None
    return person


def add(session: Session, draft: TalkDraft, *, today: dt.date) -> int:
    person = _check(session, draft, today)
    talk = Talk(branch_id=person.branch_id, talker_id=draft.talker_id, person_id=draft.person_id,
                held_on=draft.held_on, note=draft.note.strip())
    session.add(talk)
    session.flush()
    return talk.id


def _load(session: Session, talk_id: int) -> Talk:
    talk = session.get(Talk, talk_id)
    if talk is None:
        raise NotFoundError(_("This talk record no longer exists (deleted meanwhile?)"))
    return talk


def update(session: Session, talk_id: int, draft: TalkDraft, *, today: dt.date) -> None:
    talk = _load(session, talk_id)
    person = _check(session, draft, today)
    if talk.person_id != person.id:
        talk.branch_id = person.branch_id
    talk.talker_id, talk.person_id = draft.talker_id, draft.person_id  # type: ignore[assignment]
    talk.held_on, talk.note = draft.held_on, draft.note.strip()
    session.flush()


def delete(session: Session, talk_id: int) -> None:
    session.delete(_load(session, talk_id))
    session.flush()


def _in_year(year: int) -> tuple[ColumnElement[bool], ...]:
    return Talk.held_on >= dt.date(year, 1, 1), Talk.held_on < dt.date(year + 1, 1, 1)


def list_talks(session: Session, *, year: int, branch_id: int | None = None,
               person_id: int | None = None) -> list[TalkRow]:
    talker, member = aliased(Person), aliased(Person)
    query = (
        select(Talk.id, Branch.name, Talk.talker_id, talker.name, Talk.person_id, member.name,
               Talk.held_on, Talk.note)
        .join(talker, talker.id == Talk.talker_id)
        .join(member, member.id == Talk.person_id)
        .outerjoin(Branch, Branch.id == Talk.branch_id)
        .where(*_in_year(year))
        .order_by(Talk.held_on, Talk.id)
    )
    if branch_id is not None:
        query = query.where(Talk.branch_id == branch_id)
    if person_id is not None:
        query = query.where(Talk.person_id == person_id)
    return [TalkRow(r[0], r[1] or "", r[2], r[3], r[4], r[5], r[6], r[7]) for r in session.execute(query)]


def person_talks(session: Session, person_id: int) -> list[TalkRow]:
    """Every talk held with a person, newest first."""
    talker = aliased(Person)
    query = (
        select(Talk.id, Branch.name, Talk.talker_id, talker.name, Talk.person_id, Person.name,
               Talk.held_on, Talk.note)
        .join(talker, talker.id == Talk.talker_id)
        .join(Person, Person.id == Talk.person_id)
        .outerjoin(Branch, Branch.id == Talk.branch_id)
        .where(Talk.person_id == person_id)
        .order_by(Talk.held_on.desc(), Talk.id.desc())
    )
    return [TalkRow(r[0], r[1] or "", r[2], r[3], r[4], r[5], r[6], r[7]) for r in session.execute(query)]


@dataclass(frozen=True)
class TalkCheck:
    """Each member talked with at least once a year: who has and who has not."""

    year: int
    members: int
    talked: int
    missing: tuple[tuple[int, str], ...]


def yearly_check(session: Session, year: int, branch_id: int) -> TalkCheck:
    """The branch's members still at school (but its secretary) against the talks held with
    them in the year (wherever recorded: a member who moved branch keeps the talk)."""
    statuses = [s.value for s in PoliticalStatus if s.is_party_member]
    # The secretary holds the talks; their own is with the higher committee, not recorded here.
    members = [
        (r[0], r[1]) for r in session.execute(
            select(Person.id, Person.name, Person.party_post)
            .where(Person.branch_id == branch_id, Person.left_on.is_(None),
                   type_coerce(Person.political_status, String).in_(statuses))
            .order_by(Person.id))
        if not is_secretary_post(r[2])
    ]
    talked = set(session.scalars(
        select(Talk.person_id).where(*_in_year(year),
                                     Talk.person_id.in_([m[0] for m in members]))
    ))
    missing = tuple((m[0], m[1]) for m in members if m[0] not in talked)
    return TalkCheck(year, len(members), len(members) - len(missing), missing)
