"""The arrears (党费 欠缴 page and 待办) read only what can be owed; they must still equal a plain
month-by-month reckoning from the domain rules, whatever the bases, reliefs, payments and moves."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Iterable, Iterator

import pytest
from sqlalchemy import select

from djdesk.domain import dues as rules
from djdesk.domain.dates import PartialDate
from djdesk.domain.dues import DuesKind, PayMethod, add_months, month_of
from djdesk.domain.people import MembershipStatus, PoliticalStatus
from djdesk.domain.status import ChangeKind
from djdesk.domain.strokes import name_key
from djdesk.services import due, dues, dues_ledger, members
from djdesk.services import settings as settings_service
from djdesk.services.dues_tables import ArrearsRow
from djdesk.store.database import Database
from djdesk.store.models import (
    Branch,
    DuesBase,
    DuesPayment,
    DuesRelief,
    Person,
    StatusEvent,
)
from tests.conftest import TODAY
from tests.factories import branch, member_draft

IN_PARTY = (PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY)
NAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "丁", "孙")
GIVEN = ("一", "二", "红", "明", "华", "芳", "伟", "静")


def m(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def month_list(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    month = first
    while month <= last:
        yield month
        month = add_months(month, 1)


# -- the reference: every month of every member, straight from the domain rules --------------------
def _month(date: PartialDate | None) -> dt.date | None:
    return None if date is None else dt.date(date.year, date.month, 1)


def _away_spans(events: list[StatusEvent]) -> list[tuple[dt.date | None, dt.date]]:
    """Transferred out (or suspended) until back: the months between are not owed here; a member
    who came by transfer owes nothing here before the month they came."""
    spans: list[tuple[dt.date | None, dt.date]] = []
    out: dt.date | None = None
    gone = False
    for event in sorted(events, key=lambda e: (e.on.year, e.on.month, e.on.day or 0, e.id)):
        month = _month(event.on)
        assert month is not None
        if event.kind in (ChangeKind.TRANSFER_OUT, ChangeKind.SUSPENDED):
            out, gone = month, True
        elif event.kind in (ChangeKind.TRANSFER_IN, ChangeKind.RESTORED):
            if gone:
                spans.append((out, month))
                gone = False
            elif event.kind is ChangeKind.TRANSFER_IN and not spans:
                spans.append((None, month))
    return spans


@dataclasses.dataclass(frozen=True)
class Someone:
    person: Person
    branch: str
    events: list[StatusEvent]
    bases: list[rules.Base]
    reliefs: list[DuesRelief]
    paid: set[dt.date]


def everyone(session) -> list[Someone]:  # type: ignore[no-untyped-def]
    """The whole school as ORM objects, 按姓氏笔画 (read once; the settings change between reckonings)."""
    branches = {b.id: b.name for b in session.scalars(select(Branch))}
    found = []
    for person in sorted(session.scalars(select(Person)), key=lambda p: (name_key(p.name), p.id)):
        pid = person.id
        found.append(Someone(
            person, branches.get(person.branch_id, ""),
            list(session.scalars(select(StatusEvent).where(StatusEvent.person_id == pid))),
            [rules.Base(b.valid_from, b.kind, b.amount_fen)
             for b in session.scalars(select(DuesBase).where(DuesBase.person_id == pid))],
            list(session.scalars(select(DuesRelief).where(DuesRelief.person_id == pid))),
            set(session.scalars(select(DuesPayment.month).where(DuesPayment.person_id == pid)))))
    return found


def reference(session, school: list[Someone], today: dt.date,  # type: ignore[no-untyped-def]
              branch_id: int | None = None) -> list[ArrearsRow]:
    stored = settings_service.load(session)
    since = month_of(dt.date.fromisoformat(stored.dues_since)) if stored.dues_since else None
    last = add_months(month_of(today), -1)
    found = []
    for someone in school:
        person = someone.person
        if person.political_status not in IN_PARTY or person.joined_on is None:
            continue
        if branch_id is not None and person.branch_id != branch_id:
            continue
        left = _month(person.left_on)
        if person.membership_status is MembershipStatus.SUSPENDED and person.membership_status_since:
            stopped = _month(person.membership_status_since)
            left = stopped if left is None else min(left, stopped)  # type: ignore[type-var]
        spans = _away_spans(someone.events)
        months_due, settled, unpaid, owed = [], set(), [], 0
        for month in rules.due_months(_month(person.joined_on), left, last):
            if since is not None and month < since:
                continue
            if any((after is None or month > after) and month < back for after, back in spans):
                continue
            base = rules.base_in_force(someone.bases, month, yearly=stored.dues_base_yearly)
            amount = (rules.monthly(base.kind, base.amount_fen, to_jiao=stored.dues_round_to_jiao)
                      if base else None)
            covering = [r for r in someone.reliefs if r.starts <= month and (r.ends is None or month <= r.ends)]
            if covering:
                relief = max(covering, key=lambda r: r.starts)
                amount = relief.amount_fen if amount is None else min(amount, relief.amount_fen)
            if amount is None:
                continue
            months_due.append(month)
            if amount == 0 or month in someone.paid:
                settled.add(month)
            else:
                unpaid.append(month)
                owed += amount
        if unpaid:
            until = last if left is None else min(last, left)
            run = rules.unpaid_run(months_due, settled, until)
            found.append(ArrearsRow(person.id, person.name, someone.branch, tuple(unpaid), owed, run,
                                    run >= rules.ARREARS_FLAG))
    return found


# -- a school of every case, made at random ------------------------------------------------------------
def _settings(session, *, since: str, yearly: bool = False, jiao: bool = False) -> None:  # type: ignore[no-untyped-def]
    stored = settings_service.load(session)
    settings_service.save(session, dataclasses.replace(stored, dues_since=since, dues_base_yearly=yearly,
                                                       dues_round_to_jiao=jiao))


def _pay(session, pid: int, months: Iterable[dt.date], amount: int = 4000) -> None:  # type: ignore[no-untyped-def]
    for month in months:
        session.add(DuesPayment(person_id=pid, month=month, amount_fen=amount, paid_on=TODAY,
                                method=PayMethod.CASH, received_by="组织委员"))


def _event(session, pid: int, kind: ChangeKind, on: PartialDate) -> None:  # type: ignore[no-untyped-def]
    session.add(StatusEvent(person_id=pid, kind=kind, on=on))


def _random_month(rng: random.Random, first: int = 2023, last: int = 2026) -> dt.date:
    return m(rng.randint(first, last), rng.randint(1, 12))


def build_school(session, seed: int, count: int = 60) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Members with bases, reliefs, payments with gaps, transfers out and back, 停止党籍 and
    恢复党籍, people who left, 预备党员 admitted mid-year, and someone no longer in the party."""
    rng = random.Random(seed)
    first, second = branch(session, "第一党支部"), branch(session, "第二党支部", ("第二党小组",))
    for n in range(count):
        name = rng.choice(NAMES) + rng.choice(GIVEN) + ("" if n % 3 else rng.choice(GIVEN))
        pid = members.add(session, member_draft(rng.choice((first.id, second.id)), name=name), today=TODAY).id
        person = session.get(Person, pid)
        roll = rng.random()
        if roll < 0.2:  # 预备党员 admitted by the 支部大会 during the last two years
            person.political_status = PoliticalStatus.CPC_PROBATIONARY
            person.joined_on = PartialDate(rng.choice((2025, 2026)), rng.randint(1, 12), rng.randint(1, 28))
            person.full_on = None
        elif roll < 0.3:
            person.joined_on = PartialDate(rng.randint(2023, 2025), rng.randint(1, 12))  # month only
        elif roll < 0.34:
            person.political_status = PoliticalStatus.MASSES  # left the party: never owes
        if rng.random() < 0.12:
            person.left_on = PartialDate(rng.choice((2025, 2026)), rng.randint(1, 12), rng.randint(1, 28))
        if rng.random() < 0.1:  # 停止党籍, not (yet) restored
            person.membership_status = MembershipStatus.SUSPENDED
            person.membership_status_since = PartialDate(rng.choice((2025, 2026)), rng.randint(1, 12), 5)
        moves = rng.random()
        if moves < 0.15:  # transferred out, then back
            out = _random_month(rng, 2024, 2025)
            _event(session, pid, ChangeKind.TRANSFER_OUT, PartialDate(out.year, out.month, 20))
            back = add_months(out, rng.randint(1, 9))
            _event(session, pid, ChangeKind.TRANSFER_IN, PartialDate(back.year, back.month, 6))
        elif moves < 0.25:  # came by transfer: nothing owed here before
            came = _random_month(rng, 2024, 2026)
            _event(session, pid, ChangeKind.TRANSFER_IN, PartialDate(came.year, came.month))
        elif moves < 0.35:  # 停止党籍, then 恢复党籍
            stop = _random_month(rng, 2024, 2025)
            _event(session, pid, ChangeKind.SUSPENDED, PartialDate(stop.year, stop.month, 20))
            back = add_months(stop, rng.randint(2, 8))
            _event(session, pid, ChangeKind.RESTORED, PartialDate(back.year, back.month, 3))
        if rng.random() < 0.85:
            for valid_from in sorted({_random_month(rng) for _ in range(rng.randint(1, 3))}):
                kind = rng.choice(list(DuesKind))
                amount = rng.choice((45, 150_000, 300_000, 450_000, 800_000, 1_200_000, 0, 1_999))
                session.add(DuesBase(person_id=pid, valid_from=valid_from, kind=kind, amount_fen=amount))
        for starts in sorted({_random_month(rng) for _ in range(rng.choice((0, 0, 0, 1, 2)))}):
            ends = rng.choice((None, add_months(starts, rng.randint(0, 14))))
            session.add(DuesRelief(person_id=pid, starts=starts, ends=ends, amount_fen=rng.choice((0, 0, 100, 2000)),
                                   approval="支委会同意"))
        pattern = rng.random()
        months = list(month_list(m(2023, 6), m(2027, 3)))
        if pattern < 0.35:  # paid up, from some month, some in advance
            start = rng.choice(months[:30])
            _pay(session, pid, [x for x in months if start <= x <= add_months(TODAY, rng.randint(-3, 3))])
        elif pattern < 0.6:  # a gap or two
            gaps = set(rng.sample(months, rng.randint(1, 4)))
            _pay(session, pid, [x for x in months if x not in gaps and x <= TODAY])
        elif pattern < 0.8:  # stopped paying
            stop = rng.choice(months[10:40])
            _pay(session, pid, [x for x in months if x <= stop])
        elif pattern < 0.9:
            _pay(session, pid, [x for x in months if rng.random() < 0.6])
        # else: never paid
    session.flush()
    return first.id, second.id


DAYS = (dt.date(2024, 3, 10), dt.date(2025, 1, 1), dt.date(2025, 8, 15), TODAY, dt.date(2027, 2, 1))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_arrears_equal_a_month_by_month_reckoning(db: Database, seed: int) -> None:
    with db.transaction() as session:
        branches = build_school(session, seed)
        school = everyone(session)
        owing = 0
        for since in ("", "2025-01-01", "2025-07-01"):
            for yearly, jiao in ((False, False), (True, True)):
                _settings(session, since=since, yearly=yearly, jiao=jiao)
                for today in DAYS:
                    for branch_id in (None, *branches):
                        found = dues.arrears(session, today=today, branch_id=branch_id)
                        expected = reference(session, school, today, branch_id)
                        assert found == expected, (since, yearly, jiao, today, branch_id)
                        owing += len(found)
        assert owing > 100  # the school has arrears of every kind to compare


def test_with_many_owing_every_row_is_read_and_the_result_is_the_same(db: Database,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dues_ledger, "_FEW", 1)  # as for a school where most owe: no lists of ids
    with db.transaction() as session:
        branches = build_school(session, 4)
        school = everyone(session)
        for since in ("", "2025-07-01"):
            _settings(session, since=since)
            for branch_id in (None, branches[0]):
                for today in (dt.date(2025, 8, 15), TODAY):
                    found = dues.arrears(session, today=today, branch_id=branch_id)
                    assert found and found == reference(session, school, today, branch_id)


def test_the_todo_list_names_the_members_six_months_behind(db: Database) -> None:
    with db.transaction() as session:
        build_school(session, 5)
        _settings(session, since="2025-01-01")
        expected = [r for r in reference(session, everyone(session), TODAY) if r.flagged
                    and session.get(Person, r.person_id).left_on is None]
        items = due._dues(session, TODAY)
        assert len(expected) > 3
        assert [(i.person_id, i.on) for i in items] == [(r.person_id, r.months[-r.run]) for r in expected]
        assert all(i.overdue for i in items)


# -- the cases the shortcuts rest on -----------------------------------------------------------------
def _members(session, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    first = branch(session).id
    return [members.add(session, member_draft(first, name=f"王{n}"), today=TODAY).id for n in range(count)]


def test_without_any_base_nobody_owes(db: Database) -> None:
    with db.transaction() as session:
        _settings(session, since="")
        ids = _members(session, 3)
        _pay(session, ids[0], [m(2026, 1)])
        assert dues.arrears(session, today=TODAY) == [] and due._dues(session, TODAY) == []


def test_months_before_the_first_base_are_not_owed(db: Database) -> None:
    with db.transaction() as session:
        _settings(session, since="")  # admitted in 2010: no limit but the base
        pid = _members(session, 1)[0]
        session.add(DuesBase(person_id=pid, valid_from=m(2026, 2), kind=DuesKind.IN_SERVICE, amount_fen=400_000))
        session.flush()
        [row] = dues.arrears(session, today=TODAY)
        assert row.months == tuple(month_list(m(2026, 2), m(2026, 5))) and row.owed_fen == 4 * 4000  # 4,000 元 at 1%
        assert [row] == reference(session, everyone(session), TODAY)


def test_a_reduction_without_a_base_is_owed_and_an_exemption_is_not(db: Database) -> None:
    with db.transaction() as session:
        _settings(session, since="2025-01-01")
        reduced, exempt, paid_up = _members(session, 3)
        for pid, amount in ((reduced, 100), (exempt, 0), (paid_up, 100)):
            session.add(DuesRelief(person_id=pid, starts=m(2025, 11), ends=None, amount_fen=amount, approval="批准"))
        _pay(session, paid_up, month_list(m(2025, 11), m(2026, 5)), amount=100)
        session.flush()
        [row] = dues.arrears(session, today=TODAY)
        assert (row.person_id, row.owed_fen, row.run, row.flagged) == (reduced, 7 * 100, 7, True)
        assert [row] == reference(session, everyone(session), TODAY)


def test_paid_up_to_last_month_but_owing_before_a_later_base(db: Database) -> None:
    # Every month from the newest base is paid, not those of the first: still in arrears.
    with db.transaction() as session:
        _settings(session, since="2025-01-01")
        pid = _members(session, 1)[0]
        for valid_from, amount in ((m(2025, 3), 300_000), (m(2025, 9), 600_000)):
            session.add(DuesBase(person_id=pid, valid_from=valid_from, kind=DuesKind.IN_SERVICE, amount_fen=amount))
        _pay(session, pid, month_list(m(2025, 9), m(2026, 5)))
        _pay(session, pid, [m(2024, 5), m(2024, 6)])  # before dues_since: counts for nothing
        session.flush()
        [row] = dues.arrears(session, today=TODAY)
        assert row.months == tuple(month_list(m(2025, 3), m(2025, 8))) and (row.run, row.flagged) == (0, False)
        assert [row] == reference(session, everyone(session), TODAY)
