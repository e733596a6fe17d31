"""The demo school's 党费 since January of last year: each member's base (a raise for some in
the summer, pensions for the retired), payments month by month (some by the quarter in advance,
with approval), one member six months behind and one two, and voluntary extra payments."""

from __future__ import annotations

import datetime as dt
import json
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain.dues import (
    DuesKind,
    PayMethod,
    add_months,
    due_months,
    month_of,
    monthly,
)
from djdesk.domain.people import PoliticalStatus, Post
from djdesk.store.models import DuesBase, DuesExtra, DuesPayment, Person, Setting

SEED = 20260412  # its own seed: the rest of the demo is not reshuffled


def _day(value) -> dt.date | None:  # type: ignore[no-untyped-def]
    if value is None:
        return None
    return dt.date(value.year, value.month or 1, value.day or 1)


def make(session: Session, today: dt.date) -> None:
    rng = random.Random(SEED)
    since = dt.date(today.year - 1, 1, 1)
    row = session.get(Setting, "dues_since")
    if row is None:
        session.add(Setting(key="dues_since", value=json.dumps(since.isoformat())))
    else:
        row.value = json.dumps(since.isoformat())
    members = list(session.scalars(select(Person).where(
        Person.political_status.in_([PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY]))
        .order_by(Person.id)))
    collector = {m.branch_id: m.name for m in members if m.party_post == "组织委员"}
    last_month = add_months(month_of(today), -1)
    behind = {m.id: run for m, run in zip(rng.sample(members, k=2), (6, 2))}
    quarterly = set(rng.sample([m.id for m in members], k=min(5, len(members))))
    for member in members:
        retired = member.post is Post.RETIRED
        kind = DuesKind.RETIRED if retired else DuesKind.IN_SERVICE
        base = rng.randrange(280000, 560000, 500) if retired else rng.randrange(350000, 950000, 500)
        bases = [(since, base)]
        if not retired and rng.random() < 0.4:  # the summer's salary adjustment
            bases.append((dt.date(today.year - 1, 7, 1), base + rng.randrange(20000, 80000, 500)))
        for valid_from, amount in bases:
            session.add(DuesBase(person_id=member.id, valid_from=valid_from, kind=kind, amount_fen=amount,
                                 note=""))
        member.dues_base_fen = bases[-1][1]
        admitted = _day(member.joined_on)
        months = [m for m in due_months(admitted, _day(member.left_on), last_month) if m >= since]
        skip = behind.get(member.id, 0)
        paying = months[:len(months) - skip] if skip else months
        receiver = collector.get(member.branch_id, "")
        for month in paying:
            amount = monthly(kind, bases[-1][1] if len(bases) > 1 and month >= bases[-1][0] else bases[0][1])
            if member.id in quarterly:
                quarter_start = dt.date(month.year, (month.month - 1) // 3 * 3 + 1, 1)
                paid_on = quarter_start + dt.timedelta(days=rng.randint(3, 12))
                approval = "经支部委员会同意按季度交纳"
            else:
                paid_on = month + dt.timedelta(days=rng.randint(5, 20))
                approval = ""
            session.add(DuesPayment(person_id=member.id, month=month, amount_fen=amount,
                                    paid_on=min(paid_on, today), method=PayMethod.TRANSFER if rng.random() < 0.8
                                    else PayMethod.CASH, received_by=receiver, approval=approval, note=""))
    for member, amount, note in zip(rng.sample(members, k=2), (100000, 20000),
                                    ("为学校结对帮扶村自愿多交党费", "自愿多交党费")):
        session.add(DuesExtra(person_id=member.id, paid_on=dt.date(today.year, 7, 1) if today.month > 7
                              else dt.date(today.year - 1, 7, 1), amount_fen=amount, method=PayMethod.TRANSFER,
                              received_by=collector.get(member.branch_id, ""), note=note))
    session.flush()
