"""Party dues of a large school: every party member with bases (a third raised in April), a few
reliefs, and a year and more of monthly payments.

    uv run python -m bench.dues [--runs 7]

Budget (issue 12): a year's table for 1,000 members ≤ 200 ms.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

from sqlalchemy import insert, select

from bench.data import IN_PARTY, TODAY, branch_near, build_people, open_db
from bench.suite import Row, measure, run_alone
from djdesk.domain.dues import (
    MAX_MONTHS,
    DuesKind,
    PayMethod,
    add_months,
    month_of,
    months,
)
from djdesk.services import dues
from djdesk.services import settings as settings_service
from djdesk.store.models import DuesBase, DuesPayment, DuesRelief, Person

AREA = "党费"
MEMBERS = 1000
SINCE = dt.date(TODAY.year - 1, 1, 1)
THIS_MONTH = month_of(TODAY)


def fill(directory: Path) -> None:
    """Bases, reliefs and payments of the party members at the school, written in bulk
    (ARCHITECTURE rule 17: one audit note)."""
    database = open_db(directory)
    rng = random.Random(12)
    try:
        with database.transaction(audit_skip_reason="benchmark data") as session:
            settings_service.save(session, dataclasses.replace(settings_service.load(session),
                                                               dues_since=SINCE.isoformat()))
            people = list(session.execute(select(Person.id, Person.joined_on).where(
                Person.political_status.in_(IN_PARTY), Person.left_on.is_(None)).order_by(Person.id)))
            bases, reliefs, paid = [], [], []
            for n, (pid, joined) in enumerate(people):
                kind = (DuesKind.RETIRED if n % 10 == 0 else DuesKind.STUDENT if n % 50 == 1
                        else DuesKind.IN_SERVICE)
                amount = 0 if kind is DuesKind.STUDENT else rng.randrange(2000_00, 14000_00, 50)
                bases.append(dict(person_id=pid, valid_from=SINCE, kind=kind, amount_fen=amount, note=""))
                if n % 3 == 0 and kind is DuesKind.IN_SERVICE:
                    bases.append(dict(person_id=pid, valid_from=dt.date(TODAY.year, 4, 1), kind=kind,
                                      amount_fen=amount + 500_00, note="调资"))
                if n % 40 == 7:
                    reliefs.append(dict(person_id=pid, starts=dt.date(TODAY.year, 3, 1), ends=None, amount_fen=0,
                                        approval="支委会批准", note=""))
                # Most pay every month up to last month; one in twenty stopped in the spring.
                first = max(month_of(joined.first_day()), SINCE)
                last = dt.date(TODAY.year, 4, 1) if n % 20 == 3 else add_months(THIS_MONTH, -1)
                paid += [dict(person_id=pid, month=month, amount_fen=4000, paid_on=month + dt.timedelta(days=9),
                              method=PayMethod.CASH, received_by="组织委员", approval="", note="")
                         for month in months(first, last)]
            session.execute(insert(DuesBase), bases)
            session.execute(insert(DuesRelief), reliefs)
            session.execute(insert(DuesPayment), paid)
    finally:
        database.dispose()


def build(directory: Path) -> None:
    build_people(directory, MEMBERS, member_share=1.0)
    fill(directory)


def figures(directory: Path, runs: int) -> list[Row]:
    database = open_db(directory)
    rows = []
    try:
        branch_id, name, _size = branch_near(database, MEMBERS)

        def year(branch: int | None) -> int:
            with database.transaction() as session:
                return len(dues.year_table(session, TODAY.year, branch_id=branch, today=TODAY).people)

        everyone = year(None)
        # The budget is for 1,000 members: the whole school when it is about that size, else a
        # branch of about that size, with the whole school beside it for information.
        rows.append(Row(f"year_table, all {everyone:,} members", measure(lambda: year(None), runs),
                        None if branch_id else 0.200))
        if branch_id is not None:
            rows.append(Row(f"year_table, {name} ({year(branch_id):,} members)",
                            measure(lambda: year(branch_id), runs), 0.200))

        def month_all() -> None:
            with database.transaction() as session:
                dues.month_table(session, THIS_MONTH, today=TODAY)

        rows.append(Row(f"month_table, all {everyone:,} members", measure(month_all, runs)))

        def late() -> None:
            with database.transaction() as session:
                assert any(r.flagged for r in dues.arrears(session, today=TODAY))

        kept = len(months(SINCE, add_months(THIS_MONTH, -1)))
        rows.append(Row(f"arrears over the {kept} months kept", measure(late, runs)))
        ahead = iter(range(MAX_MONTHS + 1))
        draft = dues.PaymentDraft(TODAY, PayMethod.CASH, "组织委员", approval="支委会同意")
        with database.transaction() as session:
            payer = branch_id or session.scalar(select(Person.branch_id).where(Person.branch_id.is_not(None)))

        def pay_branch() -> None:
            with database.transaction() as session:
                assert dues.pay_branch(session, payer, add_months(THIS_MONTH, next(ahead)), draft, today=TODAY)

        rows.append(Row("pay_branch, a branch's month (with audit, committed)",
                        measure(pay_branch, min(runs, MAX_MONTHS + 1))))
    finally:
        database.dispose()
    return rows


def main() -> None:
    run_alone(build, 7, (AREA, figures))


if __name__ == "__main__":
    main()
