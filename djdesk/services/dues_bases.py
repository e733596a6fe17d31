"""A member's dues bases (with their history) and approved reductions or exemptions (减免)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain import dues as rules
from djdesk.domain.dues import DuesKind, add_months, month_of
from djdesk.domain.errors import NotFoundError, Problem
from djdesk.i18n import _
from djdesk.services.dues_ledger import (
    MAX_NOTE,
    check_length,
    check_party_member,
    load_person,
    load_rules,
    month_text,
    problem,
    raise_if,
    read_amount,
)
from djdesk.store.models import DuesBase, DuesRelief, Person


# -- bases -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class BaseDraft:
    kind: DuesKind
    amount: str  # yuan as typed; ignored for the flat kinds
    valid_from: dt.date
    note: str = ""


@dataclass(frozen=True)
class BaseRow:
    id: int
    person_id: int
    valid_from: dt.date
    kind: DuesKind
    amount_fen: int
    monthly_fen: int
    note: str


def list_bases(session: Session, person_id: int) -> list[BaseRow]:
    """A member's bases, oldest first, each with the month's dues it gives."""
    to_jiao = load_rules(session).to_jiao
    rows = session.scalars(select(DuesBase).where(DuesBase.person_id == person_id).order_by(DuesBase.valid_from))
    return [BaseRow(b.id, b.person_id, b.valid_from, b.kind, b.amount_fen,
                    rules.monthly(b.kind, b.amount_fen, to_jiao=to_jiao), b.note) for b in rows]


def _sync_roster(session: Session, person: Person) -> None:
    """The roster's single 党费基数 follows the newest base (none for a flat or fixed amount)."""
    newest = session.scalars(select(DuesBase).where(DuesBase.person_id == person.id)
                             .order_by(DuesBase.valid_from.desc()).limit(1)).first()
    wanted = newest.amount_fen if newest is not None and newest.kind in rules.BRACKETS else None
    if person.dues_base_fen != wanted:
        person.dues_base_fen = wanted
    session.flush()


def roster_base(session: Session, person: Person, today: dt.date) -> None:
    """The roster's 党费基数 typed in the person dialog or imported: a party member whose figure
    differs from the base in force gets it as a base from this month (在职, or 离退休 for the
    retired), so the roster and the dues never disagree. A flat or fixed kind is left alone."""
    from djdesk.domain.people import Post

    if person.dues_base_fen is None or not person.political_status.is_party_member:
        return
    newest = session.scalars(select(DuesBase).where(DuesBase.person_id == person.id)
                             .order_by(DuesBase.valid_from.desc()).limit(1)).first()
    kind = DuesKind.RETIRED if person.post is Post.RETIRED else DuesKind.IN_SERVICE
    if newest is not None and (newest.kind not in rules.BRACKETS
                               or (newest.amount_fen, newest.kind) == (person.dues_base_fen, kind)):
        return
    month = month_of(today)
    this_month = session.scalars(select(DuesBase).where(DuesBase.person_id == person.id,
                                                        DuesBase.valid_from == month)).first()
    if this_month is not None:  # this month's base retyped; a later approved base stays
        this_month.kind, this_month.amount_fen = kind, person.dues_base_fen
    else:
        session.add(DuesBase(person_id=person.id, valid_from=month, kind=kind, amount_fen=person.dues_base_fen,
                             note=""))
    session.flush()


def add_base(session: Session, person_id: int, draft: BaseDraft, *, today: dt.date) -> int:
    """A new base from a month on; every problem at once."""
    person = load_person(session, person_id)
    check_party_member(person)
    found: list[Problem] = []
    fen: int | None = 0
    if draft.kind not in rules.FLAT_KINDS:
        fen = read_amount(found, draft.amount, positive=draft.kind is DuesKind.FIXED)
    valid_from = month_of(draft.valid_from)
    if valid_from > add_months(month_of(today), 12):
        found.append(problem("valid_from", _("is more than a year ahead")))
    elif session.scalar(select(DuesBase.id).where(DuesBase.person_id == person_id,
                                                  DuesBase.valid_from == valid_from)):
        found.append(problem("valid_from", _("this member already has a base from {month}; delete it first "
                                             "or choose another month").format(month=month_text(valid_from))))
    check_length(found, "note", draft.note.strip(), MAX_NOTE)
    raise_if(found)
    assert fen is not None
    base = DuesBase(person_id=person_id, valid_from=valid_from, kind=draft.kind, amount_fen=fen,
                    note=draft.note.strip())
    session.add(base)
    session.flush()
    _sync_roster(session, person)
    return base.id


def delete_base(session: Session, base_id: int) -> None:
    base = session.get(DuesBase, base_id)
    if base is None:
        raise NotFoundError(_("This dues base no longer exists (deleted meanwhile?)"))
    person = load_person(session, base.person_id)
    session.delete(base)
    session.flush()
    _sync_roster(session, person)


# -- reductions and exemptions ---------------------------------------------------------------
@dataclass(frozen=True)
class ReliefDraft:
    starts: dt.date
    ends: dt.date | None
    exempt: bool
    amount: str  # the reduced monthly dues in yuan; ignored for an exemption
    approval: str
    note: str = ""


@dataclass(frozen=True)
class ReliefRow:
    id: int
    person_id: int
    starts: dt.date
    ends: dt.date | None
    amount_fen: int
    approval: str
    note: str

    @property
    def exempt(self) -> bool:
        return self.amount_fen == 0


def list_reliefs(session: Session, person_id: int) -> list[ReliefRow]:
    rows = session.scalars(select(DuesRelief).where(DuesRelief.person_id == person_id)
                           .order_by(DuesRelief.starts, DuesRelief.id))
    return [ReliefRow(r.id, r.person_id, r.starts, r.ends, r.amount_fen, r.approval, r.note) for r in rows]


def add_relief(session: Session, person_id: int, draft: ReliefDraft, *, today: dt.date) -> int:
    """An approved reduction or exemption (减免) for a span of months; every problem at once."""
    person = load_person(session, person_id)
    check_party_member(person)
    found: list[Problem] = []
    fen = 0 if draft.exempt else read_amount(found, draft.amount, positive=True)
    starts = month_of(draft.starts)
    ends = month_of(draft.ends) if draft.ends is not None else None
    if ends is not None and ends < starts:
        found.append(problem("ends", _("is before the first month")))
    approval = draft.approval.strip()
    if not approval:
        found.append(problem("approval", _("a reduction or exemption needs its approval noted")))
    check_length(found, "approval", approval, MAX_NOTE)
    check_length(found, "note", draft.note.strip(), MAX_NOTE)
    for other in list_reliefs(session, person_id):
        if (ends is None or other.starts <= ends) and (other.ends is None or starts <= other.ends):
            found.append(problem("starts", _("overlaps the reduction or exemption from {month}").format(
                month=month_text(other.starts))))
            break
    raise_if(found)
    assert fen is not None
    relief = DuesRelief(person_id=person_id, starts=starts, ends=ends, amount_fen=fen, approval=approval,
                        note=draft.note.strip())
    session.add(relief)
    session.flush()
    return relief.id


def delete_relief(session: Session, relief_id: int) -> None:
    relief = session.get(DuesRelief, relief_id)
    if relief is None:
        raise NotFoundError(_("This reduction or exemption no longer exists (deleted meanwhile?)"))
    session.delete(relief)
    session.flush()
