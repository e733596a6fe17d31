"""Party dues as tables: a month, a year, the arrears, the hand-over sheet, a member's year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain import dues as rules
from djdesk.domain.dues import FEN, DuesKind, PayMethod, month_of
from djdesk.domain.errors import NotFoundError, ValidationError
from djdesk.i18n import _
from djdesk.services import settings as settings_service
from djdesk.services.dues_ledger import (
    Member,
    PaymentRow,
    Reckoned,
    Rules,
    load_members,
    load_owing,
    load_rules,
    problem,
    reckon,
    reckon_months,
    relief_text,
)
from djdesk.store.models import Branch, DuesExtra, DuesPayment, Person

LARGE_EXTRA_FEN = 1000 * FEN  # 自愿多交 of 1,000 元 or more: handed over in full, noted

@dataclass(frozen=True, slots=True)
class DuesLine:
    person_id: int
    name: str
    branch: str
    probationary: bool
    kind: DuesKind | None
    base_fen: int | None
    rate: Decimal | None
    due_fen: int | None  # None: no base yet
    relief: str  # "", 免交 or 减免至 x 元
    payment: PaymentRow | None

    @property
    def paid(self) -> bool:
        return self.payment is not None

    @property
    def owed(self) -> bool:
        return self.due_fen is not None and self.due_fen > 0 and self.payment is None


@dataclass(frozen=True, slots=True)
class MonthTable:
    month: dt.date
    branch_id: int | None
    lines: tuple[DuesLine, ...]
    due_fen: int
    paid_fen: int
    paid_count: int
    unpaid_count: int  # lines owing money and not paid (lines without a base are in missing_base)
    missing_base: int


@dataclass(frozen=True, slots=True)
class YearCell:
    month: dt.date
    due_fen: int | None  # None: not due that month (not yet admitted, left, before dues_since) or no base
    paid_fen: int | None
    exempt: bool


@dataclass(frozen=True, slots=True)
class YearLine:
    person_id: int
    name: str
    branch: str
    months: tuple[YearCell, ...]
    due_fen: int  # the whole year's dues, months still ahead included
    paid_fen: int


@dataclass(frozen=True, slots=True)
class YearTable:
    year: int
    branch_id: int | None
    people: tuple[YearLine, ...]


@dataclass(frozen=True, slots=True)
class ArrearsRow:
    person_id: int
    name: str
    branch: str
    months: tuple[dt.date, ...]  # unpaid, oldest first
    owed_fen: int
    run: int  # consecutive unpaid months up to last month
    flagged: bool  # run >= ARREARS_FLAG (党章 Article 9)


@dataclass(frozen=True, slots=True)
class ExtraRow:
    id: int
    person_id: int
    name: str
    branch: str
    paid_on: dt.date
    amount_fen: int
    method: PayMethod
    received_by: str
    note: str

    @property
    def large(self) -> bool:
        return self.amount_fen >= LARGE_EXTRA_FEN


@dataclass(frozen=True, slots=True)
class HandoverLine:
    name: str
    base_fen: int | None
    due_fen: tuple[int | None, ...]
    paid_fen: tuple[int | None, ...]
    total_fen: int


@dataclass(frozen=True, slots=True)
class Handover:
    school: str
    branch: str  # the full name, for printouts
    months: tuple[dt.date, ...]
    lines: tuple[HandoverLine, ...]
    extras: tuple[ExtraRow, ...]
    total_due_fen: int
    total_paid_fen: int
    total_extra_fen: int


@dataclass(frozen=True, slots=True)
class PersonYear:
    person_id: int
    name: str
    year: int
    cells: tuple[YearCell, ...]
    due_fen: int
    paid_fen: int
    extras_fen: int
    dues_until: dt.date | None  # the last month paid (党费交至)


# -- tables ----------------------------------------------------------------------------------
def month_table(session: Session, month: dt.date, *, branch_id: int | None = None,
                today: dt.date) -> MonthTable:
    """Every member owing dues for the month (or who paid for it), 按姓氏笔画."""
    month = month_of(month)
    settings = load_rules(session)
    lines = []
    for member in load_members(session, first=month, last=month, branch_id=branch_id, details=True):
        payment = member.payments.get(month)
        if member.in_range(month, settings.since):
            found = reckon(member, month, settings)
        elif payment is not None:  # paid for a month not due (dates changed since): the money still shows
            found = Reckoned(None, None, None)
        else:
            continue
        base = found.base
        lines.append(DuesLine(
            member.id, member.name, member.branch, member.probationary, base.kind if base else None,
            base.amount_fen if base else None, rules.rate(base.kind, base.amount_fen) if base else None,
            found.due_fen, relief_text(found.relief), payment))
    return MonthTable(
        month, branch_id, tuple(lines),
        due_fen=sum(line.due_fen or 0 for line in lines),
        paid_fen=sum(line.payment.amount_fen for line in lines if line.payment),
        paid_count=sum(line.paid for line in lines),
        unpaid_count=sum(line.owed for line in lines),
        missing_base=sum(line.due_fen is None and not line.paid for line in lines))


def _cells(member: Member, months: list[dt.date], settings: Rules) -> tuple[YearCell, ...] | None:
    """The member's cells for these months; None when none is due or paid (not on the table)."""
    due = reckon_months(member, months, settings)
    paid = member.paid
    if not due and not any(m in paid for m in months):
        return None
    cells = []
    for month in months:
        found = due.get(month)
        if found is not None:
            exempt = found.relief is not None and found.relief.amount_fen == 0
            cells.append(YearCell(month, found.due_fen, paid.get(month), exempt))
        else:
            cells.append(YearCell(month, None, paid.get(month), False))
    return tuple(cells)


def _year_months(year: int) -> list[dt.date]:
    return [dt.date(year, n, 1) for n in range(1, 13)]


def year_table(session: Session, year: int, *, branch_id: int | None = None, today: dt.date) -> YearTable:
    """Each member's twelve months of a year: due, paid, exempt; 按姓氏笔画."""
    settings = load_rules(session)
    months = _year_months(year)
    people = []
    for member in load_members(session, first=months[0], last=months[-1], branch_id=branch_id):
        cells = _cells(member, months, settings)
        if cells is None:
            continue
        people.append(YearLine(member.id, member.name, member.branch, cells,
                               sum(c.due_fen or 0 for c in cells), sum(c.paid_fen or 0 for c in cells)))
    return YearTable(year, branch_id, tuple(people))


def _span(first: dt.date, last: dt.date) -> list[dt.date]:
    """The months from `first` to `last` (first days of months), as rules.months, by their index."""
    return [dt.date(i // 12, i % 12 + 1, 1)
            for i in range(first.year * 12 + first.month - 1, last.year * 12 + last.month)]


def arrears(session: Session, *, today: dt.date, branch_id: int | None = None) -> list[ArrearsRow]:
    """Members with months unpaid up to last month (this month is not late yet), 按姓氏笔画;
    months without a base are the office's to fill in, not the member's arrears."""
    settings = load_rules(session)
    last = rules.add_months(month_of(today), -1)
    earliest = settings.since or dt.date(1900, 1, 1)
    found = []
    for member in load_owing(session, first=earliest, last=last, since=settings.since, branch_id=branch_id):
        first = member.first(settings.since)
        starts = [b.valid_from for b in member.bases] + [r.starts for r in member.reliefs]
        if first is None or not starts:
            continue
        # Before the first base or relief no month can be reckoned: those months are not walked.
        first = max(first, month_of(min(starts)))
        until = last if member.left is None else min(last, member.left)
        paid, unpaid, owed, run = member.paid, [], 0, 0
        for month, found_due in reckon_months(member, _span(first, until), settings).items():
            amount = found_due.due_fen
            if amount is None:  # no base: not counted, and no break in the run either
                continue
            if amount == 0 or month in paid:
                run = 0
            else:
                unpaid.append(month)
                owed += amount
                run += 1  # the months come oldest first: the run ends at `until` (rules.unpaid_run)
        if unpaid:
            found.append(ArrearsRow(member.id, member.name, member.branch, tuple(unpaid), owed, run,
                                    run >= rules.ARREARS_FLAG))
    return found


# -- extras, hand-over, a member's year --------------------------------------------------------
def list_extras(session: Session, *, year: int | None = None, branch_id: int | None = None,
                person_id: int | None = None) -> list[ExtraRow]:
    """Voluntary extra payments, oldest first."""
    query = (select(DuesExtra, Person.name, Branch.name).join(Person, Person.id == DuesExtra.person_id)
             .outerjoin(Branch, Branch.id == Person.branch_id).order_by(DuesExtra.paid_on, DuesExtra.id))
    if year is not None:
        query = query.where(DuesExtra.paid_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    if branch_id is not None:
        query = query.where(Person.branch_id == branch_id)
    if person_id is not None:
        query = query.where(DuesExtra.person_id == person_id)
    return [ExtraRow(e.id, e.person_id, name, branch or "", e.paid_on, e.amount_fen, e.method, e.received_by,
                     e.note) for e, name, branch in session.execute(query)]


def handover(session: Session, branch_id: int, months: list[dt.date], *, today: dt.date) -> Handover:
    """A branch's collection sheet for a month or a quarter: each member's dues and payments."""
    chosen = sorted({month_of(m) for m in months})
    if not chosen:
        raise ValidationError([problem("months", _("choose at least one month"))])
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise NotFoundError(_("This branch no longer exists (deleted meanwhile?)"))
    settings = load_rules(session)
    lines = []
    for member in load_members(session, first=chosen[0], last=chosen[-1], branch_id=branch_id):
        cells = _cells(member, chosen, settings)
        if cells is None:
            continue
        shown = [m for m in chosen if member.in_range(m, settings.since)]
        base = rules.base_in_force(member.bases, shown[-1], yearly=settings.yearly) if shown else None
        paid = tuple(c.paid_fen for c in cells)
        lines.append(HandoverLine(member.name, base.amount_fen if base else None, tuple(c.due_fen for c in cells),
                                  paid, sum(p or 0 for p in paid)))
    wanted = set(chosen)
    extras = tuple(e for year in sorted({m.year for m in chosen})
                   for e in list_extras(session, year=year, branch_id=branch_id) if month_of(e.paid_on) in wanted)
    return Handover(settings_service.load(session).school_name, branch.full_name, tuple(chosen), tuple(lines),
                    extras, total_due_fen=sum(d or 0 for line in lines for d in line.due_fen),
                    total_paid_fen=sum(line.total_fen for line in lines),
                    total_extra_fen=sum(e.amount_fen for e in extras))


def person_year(session: Session, person_id: int, year: int, *, today: dt.date) -> PersonYear:
    """A member's twelve months of a year, the extra payments and the month paid up to."""
    name = session.scalar(select(Person.name).where(Person.id == person_id))
    if name is None:
        raise NotFoundError(_("This person no longer exists (deleted meanwhile?)"))
    settings = load_rules(session)
    months = _year_months(year)
    members = load_members(session, first=months[0], last=months[-1], person_ids=[person_id])
    member = members[0] if members else Member(person_id, name, None, "", False, None, None)
    cells = _cells(member, months, settings) or tuple(YearCell(m, None, None, False) for m in months)
    extras = sum(e.amount_fen for e in list_extras(session, year=year, person_id=person_id))
    until = session.scalar(select(DuesPayment.month).where(DuesPayment.person_id == person_id)
                           .order_by(DuesPayment.month.desc()).limit(1))
    return PersonYear(person_id, name, year, cells, sum(c.due_fen or 0 for c in cells),
                      sum(c.paid_fen or 0 for c in cells), extras, until)
