"""Party dues (党费): payments, corrections and voluntary extras; bases, reliefs and tables re-exported."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from djdesk.domain.dues import MAX_MONTHS, PayMethod, add_months, month_of
from djdesk.domain.errors import NotFoundError, Problem
from djdesk.i18n import _
from djdesk.services.dues_bases import (
    BaseDraft,
    BaseRow,
    ReliefDraft,
    ReliefRow,
    add_base,
    add_relief,
    delete_base,
    delete_relief,
    list_bases,
    list_reliefs,
)
from djdesk.services.dues_ledger import (
    DUES_LABELS,
    MAX_NOTE,
    MAX_REASON,
    MAX_RECEIVER,
    Member,
    PaymentRow,
    Rules,
    check_length,
    check_party_member,
    dues_label,
    load_members,
    load_person,
    load_rules,
    month_text,
    problem,
    raise_if,
    read_amount,
    reckon,
)
from djdesk.services.dues_tables import (
    ArrearsRow,
    DuesLine,
    ExtraRow,
    Handover,
    HandoverLine,
    MonthTable,
    PersonYear,
    YearCell,
    YearLine,
    YearTable,
    arrears,
    handover,
    list_extras,
    month_table,
    person_year,
    year_table,
)
from djdesk.store.models import Branch, DuesExtra, DuesPayment

__all__ = [
    "DUES_LABELS", "ArrearsRow", "BaseDraft", "BaseRow", "DuesLine", "ExtraDraft", "ExtraRow", "Handover",
    "HandoverLine", "MonthTable", "PaymentDraft", "PaymentRow", "PersonYear", "ReliefDraft", "ReliefRow",
    "YearCell", "YearLine", "YearTable", "add_base", "add_extra", "add_relief", "arrears", "correct",
    "delete_base", "delete_extra", "delete_relief", "dues_label", "handover", "list_bases", "list_extras",
    "list_reliefs", "month_table", "pay", "pay_branch", "person_year", "undo_payment", "year_table",
]

# -- payments --------------------------------------------------------------------------------
@dataclass(frozen=True)
class PaymentDraft:
    paid_on: dt.date
    method: PayMethod
    received_by: str = ""
    approval: str = ""
    note: str = ""


def _draft_problems(draft: PaymentDraft, today: dt.date) -> list[Problem]:
    found: list[Problem] = []
    if draft.paid_on > today:
        found.append(problem("paid_on", _("is in the future")))
    check_length(found, "received_by", draft.received_by.strip(), MAX_RECEIVER)
    check_length(found, "approval", draft.approval.strip(), MAX_NOTE)
    check_length(found, "note", draft.note.strip(), MAX_NOTE)
    return found


def _needs_approval(found: list[Problem], draft: PaymentDraft, months: list[dt.date], today: dt.date) -> None:
    if (len(months) > 1 or months[0] != month_of(today)) and not draft.approval.strip():
        found.append(problem("approval", _("paying several months, in advance or in arrears, needs its "
                                           "approval noted")))


def _month_problem(member: Member, month: dt.date, settings: Rules, today: dt.date) -> str | None:
    """Why the member cannot pay for this month, or None with the dues then known to be > 0."""
    shown = month_text(month)
    payment = member.payments.get(month)
    if payment is not None:
        return _("{month} is already paid (on {date})").format(month=shown, date=payment.paid_on.isoformat())
    if member.admitted is None or month < member.admitted:
        admitted = month_text(member.admitted) if member.admitted else "—"
        return _("{month} is before the member was admitted ({date})").format(month=shown, date=admitted)
    if settings.since is not None and month < settings.since:
        return _("{month} is before the dues kept in djdesk (from {since})").format(
            month=shown, since=month_text(settings.since))
    if member.left is not None and month > member.left:
        return _("{month} is after the member's last month of dues ({date}: left or membership "
                 "suspended)").format(month=shown, date=month_text(member.left))
    if member.away_in(month):
        return _("{month}: the member was not in this organisation then (transferred away, or membership "
                 "suspended)").format(month=shown)
    if month > add_months(month_of(today), MAX_MONTHS):
        return _("{month} is more than {count} months ahead").format(month=shown, count=MAX_MONTHS)
    due = reckon(member, month, settings).due_fen
    if due is None:
        return _("{month} has no dues base yet; enter the base first").format(month=shown)
    if due == 0:
        return _("{month} is exempt; there is nothing to pay").format(month=shown)
    return None


def _write(session: Session, dues: list[tuple[int, dt.date, int]], draft: PaymentDraft) -> list[int]:
    """(person, month, fen) each a payment, in one flush."""
    rows = [DuesPayment(person_id=person_id, month=month, amount_fen=fen, paid_on=draft.paid_on,
                        method=draft.method, received_by=draft.received_by.strip(),
                        approval=draft.approval.strip(), note=draft.note.strip()) for person_id, month, fen in dues]
    session.add_all(rows)
    session.flush()
    return [row.id for row in rows]


def pay(session: Session, person_id: int, months: list[dt.date], draft: PaymentDraft, *,
        today: dt.date) -> list[int]:
    """One member's dues for one or more months, each its own amount; nothing written on refusal."""
    person = load_person(session, person_id)
    check_party_member(person)
    wanted = sorted({month_of(m) for m in months})
    found = _draft_problems(draft, today)
    if not wanted:
        found.append(problem("months", _("choose at least one month")))
        raise_if(found)
    if len(wanted) > MAX_MONTHS:
        found.append(problem("months", _("at most {count} months at once").format(count=MAX_MONTHS)))
    _needs_approval(found, draft, wanted, today)
    settings = load_rules(session)
    member = load_members(session, first=wanted[0], last=wanted[-1], person_ids=[person_id],
                          details=True)[0]
    dues = []
    for month in wanted:
        reason = _month_problem(member, month, settings, today)
        if reason is not None:
            found.append(problem("months", reason))
        else:
            dues.append((person_id, month, reckon(member, month, settings).due_fen or 0))
    raise_if(found)
    return _write(session, dues, draft)


def pay_branch(session: Session, branch_id: int, month: dt.date, draft: PaymentDraft, *,
               today: dt.date) -> list[int]:
    """The month's dues of every member of the branch still owing them (those without a base
    are left for the office to fill in); an empty list when nobody owes."""
    if session.get(Branch, branch_id) is None:
        raise NotFoundError(_("This branch no longer exists (deleted meanwhile?)"))
    month = month_of(month)
    found = _draft_problems(draft, today)
    if month > add_months(month_of(today), MAX_MONTHS):
        found.append(problem("months", _("{month} is more than {count} months ahead").format(
            month=month_text(month), count=MAX_MONTHS)))
    _needs_approval(found, draft, [month], today)
    raise_if(found)
    settings = load_rules(session)
    owing = [(member.id, month, reckon(member, month, settings).due_fen or 0)
             for member in load_members(session, first=month, last=month, branch_id=branch_id, details=True)
             if member.in_range(month, settings.since) and _month_problem(member, month, settings, today) is None]
    return _write(session, owing, draft) if owing else []


def _payment(session: Session, payment_id: int) -> DuesPayment:
    payment = session.get(DuesPayment, payment_id)
    if payment is None:
        raise NotFoundError(_("This payment no longer exists (deleted meanwhile?)"))
    return payment


def _reason(found: list[Problem], reason: str) -> str:
    text = reason.strip()
    if not text:
        found.append(problem("reason", _("give the reason; the audit trail keeps it")))
    check_length(found, "reason", text, MAX_REASON)
    return text


def correct(session: Session, payment_id: int, *, amount: str, paid_on: dt.date, method: PayMethod,
            received_by: str, reason: str, today: dt.date) -> None:
    """Change a recorded payment; the reason goes into its note, the old values stay in the audit trail."""
    payment = _payment(session, payment_id)
    found: list[Problem] = []
    fen = read_amount(found, amount, positive=True)
    if paid_on > today:
        found.append(problem("paid_on", _("is in the future")))
    check_length(found, "received_by", received_by.strip(), MAX_RECEIVER)
    text = _reason(found, reason)
    raise_if(found)
    assert fen is not None
    note = _("Correction: {reason}").format(reason=text)
    if payment.note and len(payment.note) + 1 + len(note) <= MAX_NOTE:
        note = f"{payment.note} {note}"
    payment.amount_fen, payment.paid_on, payment.method = fen, paid_on, method
    payment.received_by, payment.note = received_by.strip(), note
    session.flush()


def undo_payment(session: Session, payment_id: int, *, reason: str) -> None:
    """Remove a payment recorded by mistake; the audit trail keeps the row and the reason."""
    payment = _payment(session, payment_id)
    found: list[Problem] = []
    text = _reason(found, reason)
    raise_if(found)
    # Written first so the deletion's audit entry carries the reason with the row's values.
    payment.note = _("Undone: {reason}").format(reason=text)[:MAX_NOTE]
    session.flush()
    session.delete(payment)
    session.flush()


# -- voluntary extra payments ----------------------------------------------------------------
@dataclass(frozen=True)
class ExtraDraft:
    paid_on: dt.date
    amount: str
    method: PayMethod
    received_by: str = ""
    note: str = ""


def add_extra(session: Session, person_id: int, draft: ExtraDraft, *, today: dt.date) -> int:
    """A voluntary extra payment (自愿多交党费); one of 1,000 元 or more is marked for hand-over in full."""
    person = load_person(session, person_id)
    check_party_member(person)
    found: list[Problem] = []
    fen = read_amount(found, draft.amount, positive=True)
    if draft.paid_on > today:
        found.append(problem("paid_on", _("is in the future")))
    check_length(found, "received_by", draft.received_by.strip(), MAX_RECEIVER)
    check_length(found, "note", draft.note.strip(), MAX_NOTE)
    raise_if(found)
    assert fen is not None
    extra = DuesExtra(person_id=person_id, paid_on=draft.paid_on, amount_fen=fen, method=draft.method,
                      received_by=draft.received_by.strip(), note=draft.note.strip())
    session.add(extra)
    session.flush()
    return extra.id


def delete_extra(session: Session, extra_id: int) -> None:
    extra = session.get(DuesExtra, extra_id)
    if extra is None:
        raise NotFoundError(_("This payment no longer exists (deleted meanwhile?)"))
    session.delete(extra)
    session.flush()
