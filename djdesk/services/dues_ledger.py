"""Party dues reckoned: who owes which months and how much, from grouped queries; labels and checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    cast,
    func,
    literal,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from djdesk.domain import dues as rules
from djdesk.domain.dues import MAX_BASE_FEN, DuesKind, PayMethod, add_months, month_of
from djdesk.domain.errors import NotFoundError, Problem, ValidationError
from djdesk.domain.people import MembershipStatus, PoliticalStatus
from djdesk.domain.status import ChangeKind
from djdesk.domain.strokes import name_key
from djdesk.i18n import N_, _
from djdesk.services import settings as settings_service
from djdesk.store.models import (
    Branch,
    DuesBase,
    DuesPayment,
    DuesRelief,
    Person,
    StatusEvent,
)

IN_PARTY = (PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY)
_PARTY_CODES = frozenset(status.value for status in IN_PARTY)
MAX_NOTE = 200
MAX_RECEIVER = 60
MAX_REASON = 150
_FEW = 500  # ids listed in a query; beyond, the whole table is read

DUES_LABELS: dict[str, str] = {
    "person": N_("Member"),
    "kind": N_("Kind of base"),
    "amount": N_("Amount (yuan)"),
    "valid_from": N_("Valid from (month)"),
    "starts": N_("From (month)"),
    "ends": N_("To (month)"),
    "exempt": N_("Exempt"),
    "approval": N_("Approval"),
    "months": N_("Months"),
    "paid_on": N_("Paid on"),
    "method": N_("Payment method"),
    "received_by": N_("Received by"),
    "reason": N_("Reason"),
    "note": N_("Remarks"),
}


def dues_label(key: str) -> str:
    return _(DUES_LABELS[key])


def problem(key: str, message: str) -> Problem:
    return Problem(key, dues_label(key), message)


def month_text(month: dt.date) -> str:
    return f"{month.year:04d}.{month.month:02d}"


# -- rows ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PaymentRow:
    id: int
    person_id: int
    month: dt.date
    amount_fen: int
    paid_on: dt.date
    method: PayMethod
    received_by: str
    approval: str
    note: str


# -- reckoning -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rules:
    yearly: bool
    to_jiao: bool
    since: dt.date | None


def load_rules(session: Session) -> Rules:
    stored = settings_service.load(session)
    since = None
    if stored.dues_since:
        try:
            since = month_of(dt.date.fromisoformat(stored.dues_since))
        except ValueError:  # a hand-edited setting: no limit rather than a crash
            since = None
    return Rules(stored.dues_base_yearly, stored.dues_round_to_jiao, since)


@dataclass(frozen=True)
class Relief:
    starts: dt.date
    ends: dt.date | None
    amount_fen: int

    def covers(self, month: dt.date) -> bool:
        return self.starts <= month and (self.ends is None or month <= self.ends)


@dataclass
class Member:
    """One person's dues as loaded: what makes a month due and what was paid."""

    id: int
    name: str
    branch_id: int | None
    branch: str
    probationary: bool
    admitted: dt.date | None  # the month the 支部大会 admitted them; None: not a party member
    left: dt.date | None  # the last month due (left, or membership suspended)
    bases: list[rules.Base] = field(default_factory=list)
    reliefs: list[Relief] = field(default_factory=list)
    paid: dict[dt.date, int] = field(default_factory=dict)  # fen paid for each month
    payments: dict[dt.date, PaymentRow] = field(default_factory=dict)  # only when loaded with details
    # Spans owed elsewhere or not at all: (last month due before, first month due again), both
    # excluded; None before: transferred in from another organisation (nothing due here before).
    away: list[tuple[dt.date | None, dt.date]] = field(default_factory=list)

    def first(self, since: dt.date | None) -> dt.date | None:
        if self.admitted is None:
            return None
        return max(self.admitted, since) if since else self.admitted

    def away_in(self, month: dt.date) -> bool:
        return any((after is None or month > after) and month < back for after, back in self.away)

    def in_range(self, month: dt.date, since: dt.date | None) -> bool:
        first = self.first(since)
        return (first is not None and first <= month and (self.left is None or month <= self.left)
                and not self.away_in(month))


@dataclass(frozen=True)
class Reckoned:
    base: rules.Base | None
    due_fen: int | None
    relief: Relief | None


def reckon(member: Member, month: dt.date, settings: Rules) -> Reckoned:
    """The dues of one month the member owes (the caller checks the month is in range)."""
    base = rules.base_in_force(member.bases, month, yearly=settings.yearly) if member.bases else None
    due = _monthly(base.kind, base.amount_fen, settings.to_jiao) if base else None
    relief = None
    for candidate in member.reliefs:
        if candidate.covers(month) and (relief is None or candidate.starts > relief.starts):
            relief = candidate
    if relief is not None:
        # A reduction never raises the dues; an exemption or reduction applies without a base too.
        due = relief.amount_fen if due is None else min(due, relief.amount_fen)
    return Reckoned(base, due, relief)


def reckon_months(member: Member, months: Iterable[dt.date], settings: Rules) -> dict[dt.date, Reckoned]:
    """`reckon` for each month the member owes among `months` (ascending). The result can only
    change at a base's or relief's first month, after a relief's last, or in January (a yearly
    base), so it is worked out there and carried over between: a year's table for a large school
    stays within its budget."""
    first, left = member.first(settings.since), member.left
    if first is None:
        return {}
    breaks = {b.valid_from for b in member.bases} | {r.starts for r in member.reliefs}
    breaks |= {add_months(r.ends, 1) for r in member.reliefs if r.ends is not None}
    found: dict[dt.date, Reckoned] = {}
    current: Reckoned | None = None
    previous = -2
    away = bool(member.away)  # asked for every month: most members were never away
    for month in months:
        if month < first or (left is not None and month > left) or (away and member.away_in(month)):
            continue
        index = month.year * 12 + month.month
        if current is None or month.month == 1 or month in breaks or index != previous + 1:
            current = reckon(member, month, settings)
        previous = index
        found[month] = current
    return found


@lru_cache(maxsize=4096)
def _monthly(kind: DuesKind, base_fen: int, to_jiao: bool) -> int:
    # Decimal arithmetic for each of 12,000 cells of a year's table costs more than the budget allows.
    return rules.monthly(kind, base_fen, to_jiao=to_jiao)


def relief_text(relief: Relief | None) -> str:
    if relief is None:
        return ""
    if relief.amount_fen == 0:
        return _("Exempt")
    return _("Reduced to {amount} yuan").format(amount=rules.yuan(relief.amount_fen))


def _month_stored(text: str | None) -> dt.date | None:
    """The month of a PartialDate as stored ("2010-06" or "2010-06-28"), read without building one."""
    return None if text is None else dt.date(int(text[:4]), int(text[5:7]), 1)


def _person_columns() -> tuple[ColumnElement[Any], ...]:
    # Codes and dates as stored text: converting each of a thousand rows costs more than the reading.
    raw = [type_coerce(c, String) for c in (Person.political_status, Person.joined_on, Person.left_on,
                                            Person.membership_status, Person.membership_status_since)]
    return (Person.id, Person.name, Person.branch_id, Branch.name, *raw)


def _member(pid: int, name: str, bid: int | None, branch: str | None, status: str, joined: str | None,
            left_on: str | None, standing: str, standing_since: str | None) -> Member:
    last_due = _month_stored(left_on)
    if standing == MembershipStatus.SUSPENDED.value and standing_since is not None:
        # 停止党籍: no dues after the month it was stopped in, as for leaving.
        stopped = _month_stored(standing_since)
        last_due = stopped if last_due is None else min(last_due, stopped)  # type: ignore[type-var]
    return Member(pid, name, bid, branch or "", status == PoliticalStatus.CPC_PROBATIONARY.value,
                  _month_stored(joined) if status in _PARTY_CODES else None, last_due)


def _people(connection: Connection, where: list[ColumnElement[bool]]) -> dict[int, Member]:
    query = select(*_person_columns()).outerjoin(Branch, Branch.id == Person.branch_id).where(*where)
    return {row[0]: _member(*row) for row in connection.execute(query)}


_OUT = {ChangeKind.TRANSFER_OUT.value, ChangeKind.SUSPENDED.value}
_BACK = {ChangeKind.TRANSFER_IN.value, ChangeKind.RESTORED.value}


def _away(connection: Connection, members: dict[int, Member]) -> None:
    """Months away from here (transferred out and back, or 停止党籍 then 恢复党籍): owed to the
    other organisation or not at all. A member who came by transfer owes nothing here before."""
    rows = connection.execute(
        select(StatusEvent.person_id, type_coerce(StatusEvent.kind, String), type_coerce(StatusEvent.on, String))
        .where(type_coerce(StatusEvent.kind, String).in_(_OUT | _BACK),
               StatusEvent.person_id.in_(list(members)))
        .order_by(StatusEvent.person_id, type_coerce(StatusEvent.on, String), StatusEvent.id)).all()
    out: dict[int, dt.date | None] = {}
    for pid, kind, on in rows:
        month = _month_stored(on)
        assert month is not None
        member = members[pid]
        if kind in _OUT:
            out[pid] = month
        elif pid in out:
            member.away.append((out.pop(pid), month))
        elif kind == ChangeKind.TRANSFER_IN.value and not member.away:
            member.away.append((None, month))


def _plans(connection: Connection, members: dict[int, Member], *, first: dt.date, last: dt.date,
           theirs: Callable[[ColumnElement[int]], tuple[ColumnElement[bool], ...]]) -> None:
    """The members' bases, oldest first, and their reliefs in force at some time from `first` to `last`."""
    for pid, valid_from, kind, amount in connection.execute(
            select(DuesBase.person_id, DuesBase.valid_from, DuesBase.kind, DuesBase.amount_fen)
            .where(*theirs(DuesBase.person_id)).order_by(DuesBase.valid_from)):
        if pid in members:
            members[pid].bases.append(rules.Base(valid_from, kind, amount))
    for pid, starts, ends, amount in connection.execute(
            select(DuesRelief.person_id, DuesRelief.starts, DuesRelief.ends, DuesRelief.amount_fen)
            .where(or_(DuesRelief.ends.is_(None), DuesRelief.ends >= first), DuesRelief.starts <= last,
                   *theirs(DuesRelief.person_id))):
        if pid in members:
            members[pid].reliefs.append(Relief(starts, ends, amount))


def load_members(session: Session, *, first: dt.date, last: dt.date, branch_id: int | None = None,
                 person_ids: Iterable[int] | None = None, details: bool = False) -> list[Member]:
    """Party members (and anyone with a payment from `first` to `last`) with their bases,
    reliefs and those payments (amounts, or with `details` whole rows): a few queries,
    whatever the number of people."""
    scope: list[ColumnElement[bool]] = []
    if branch_id is not None:
        scope.append(Person.branch_id == branch_id)
    if person_ids is not None:
        scope.append(Person.id.in_(list(person_ids)))

    def theirs(column: ColumnElement[int]) -> tuple[ColumnElement[bool], ...]:
        # For the whole school every row is read (cheaper than the subquery); else only theirs.
        return (column.in_(select(Person.id).where(*scope)),) if scope else ()

    connection = session.connection()  # plain rows: no ORM result layer for thousands of them
    members = _people(connection, [Person.political_status.in_(IN_PARTY), Person.joined_on.is_not(None), *scope])
    # A year of a large school is over ten thousand payments: only the amounts are read (the
    # month as stored text, parsed once per month), whole rows only for a month's table.
    where = (DuesPayment.month.between(first, last), *theirs(DuesPayment.person_id))
    paid = connection.execute(select(DuesPayment.person_id, type_coerce(DuesPayment.month, String),
                                     DuesPayment.amount_fen).where(*where)).all()
    others = {pid for pid, _text, _amount in paid if pid not in members}
    if others:  # paid for a month, then left the party (or the admission date was cleared)
        members.update(_people(connection, [Person.id.in_(others)]))
    if not members:
        return []
    _away(connection, members)
    parsed: dict[str, dt.date] = {}
    for pid, text, amount in paid:
        month = parsed.get(text)
        if month is None:
            month = parsed[text] = dt.date.fromisoformat(text)
        members[pid].paid[month] = amount
    if details:
        for row in connection.execute(
                select(DuesPayment.id, DuesPayment.person_id, DuesPayment.month, DuesPayment.amount_fen,
                       DuesPayment.paid_on, DuesPayment.method, DuesPayment.received_by, DuesPayment.approval,
                       DuesPayment.note).where(*where)):
            members[row.person_id].payments[row.month] = PaymentRow(*row)
    _plans(connection, members, first=first, last=last, theirs=theirs)
    return sorted(members.values(), key=lambda m: (name_key(m.name), m.id))


def _month_start(column: ColumnElement[Any]) -> ColumnElement[str]:
    """The first day of a stored date's month, as stored text: "2025-03-01"."""
    return func.substr(type_coerce(column, String), 1, 7, type_=String) + "-01"


def load_owing(session: Session, *, first: dt.date, last: dt.date, since: dt.date | None,
               branch_id: int | None = None) -> list[Member]:
    """The party members who may owe dues for a month from `first` to `last`, loaded and ordered
    as by `load_members`. Left out in SQL: those with neither a base nor a relief (a month without
    either is never owed) and those who paid every month from the first they could owe (the latest
    of their admission, `since` and first base or relief) to `last`: at a large school, nearly all."""
    scope: list[ColumnElement[bool]] = [Person.political_status.in_(IN_PARTY), Person.joined_on.is_not(None)]
    if branch_id is not None:
        scope.append(Person.branch_id == branch_id)
    plans = union_all(select(DuesBase.person_id, type_coerce(DuesBase.valid_from, String).label("month")),
                      select(DuesRelief.person_id, type_coerce(DuesRelief.starts, String))).subquery()
    first_plan = (select(plans.c.person_id, func.min(plans.c.month).label("month"))
                  .group_by(plans.c.person_id).subquery())
    bounds = [_month_start(first_plan.c.month), _month_start(Person.joined_on)]
    if since is not None:
        bounds.append(literal(month_of(since).isoformat(), String))
    start = func.max(*bounds, type_=String)  # SQLite's max of several values: the latest month
    months = last.year * 12 + last.month + 1 - (cast(func.substr(start, 1, 4), Integer) * 12
                                               + cast(func.substr(start, 6, 2), Integer))
    month = type_coerce(DuesPayment.month, String)
    # One payment a person and month: fewer than the months from start to last means one unpaid.
    counted = (select(func.count()).where(DuesPayment.person_id == Person.id, month.between(start, last.isoformat()))
               .scalar_subquery())
    # Their payments as one text each ("2025-03-01 4500,…"), not a row a month.
    paid = (select(func.group_concat(month + " " + cast(DuesPayment.amount_fen, String)))
            .where(DuesPayment.person_id == Person.id, month.between(first.isoformat(), last.isoformat()))
            .scalar_subquery())
    connection = session.connection()
    rows = connection.execute(
        select(*_person_columns(), paid).join(first_plan, first_plan.c.person_id == Person.id)
        .outerjoin(Branch, Branch.id == Person.branch_id).where(*scope, counted < months)).all()
    members: dict[int, Member] = {}
    parsed: dict[str, dt.date] = {}
    for *person, text in rows:
        member = members[person[0]] = _member(*person)
        for item in text.split(",") if text else ():
            day, amount = item.split(" ")
            found = parsed.get(day)
            if found is None:
                found = parsed[day] = dt.date.fromisoformat(day)
            member.paid[found] = int(amount)
    if not members:
        return []
    ids = list(members)

    def theirs(column: ColumnElement[int]) -> tuple[ColumnElement[bool], ...]:
        # Many members: every row is read (cheaper than a long list of ids); else only theirs.
        return (column.in_(ids),) if len(ids) <= _FEW else ()

    _away(connection, members)
    _plans(connection, members, first=first, last=last, theirs=theirs)
    return sorted(members.values(), key=lambda m: (name_key(m.name), m.id))


def load_person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError(_("This person no longer exists (deleted meanwhile?)"))
    return person


def check_party_member(person: Person) -> None:
    if person.political_status not in IN_PARTY or person.joined_on is None:
        raise ValidationError([problem("person", _("only a party member (admitted by a branch meeting) "
                                                   "pays dues"))])


def read_amount(found: list[Problem], text: str, *, positive: bool = False) -> int | None:
    """Yuan as typed, in fen; None (and a problem under "amount") when it cannot be used."""
    try:
        fen = rules.parse_yuan(text)
    except ValueError as error:
        found.append(problem("amount", str(error)))
        return None
    if fen < 0:
        found.append(problem("amount", _("cannot be negative")))
    elif fen > MAX_BASE_FEN:
        found.append(problem("amount", _("is more than 1,000,000 yuan a month; check the amount")))
    elif positive and fen == 0:
        found.append(problem("amount", _("must be more than zero")))
    else:
        return fen
    return None


def check_length(found: list[Problem], key: str, text: str, maximum: int) -> None:
    if len(text) > maximum:
        found.append(problem(key, _("at most {count} characters").format(count=maximum)))


def raise_if(found: list[Problem]) -> None:
    if found:
        raise ValidationError(found)
