"""Party dues of a large school: 1,000 members (bench.data people, all in the party) with bases
(a third raised in April), a few reliefs, and a year and more of monthly payments.

    uv run python -m bench.dues

Budget (issue 12): a year's table for 1,000 members ≤ 200 ms.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import tempfile
from pathlib import Path

from sqlalchemy import func, insert, select

from bench.calendar import measure, report
from bench.data import CLOCK, TODAY, build_people
from djdesk import paths
from djdesk.domain.dues import DuesKind, PayMethod, add_months, month_of, months
from djdesk.services import dues
from djdesk.services import settings as settings_service
from djdesk.store.models import DuesBase, DuesPayment, DuesRelief, Person
from djdesk.store.opening import open_database

MEMBERS = 1000
SINCE = dt.date(TODAY.year - 1, 1, 1)
THIS_MONTH = month_of(TODAY)


def fill(db) -> None:  # type: ignore[no-untyped-def]
    """Bases, reliefs and payments, written in bulk (ARCHITECTURE rule 17: one audit note)."""
    rng = random.Random(12)
    with db.transaction(audit_skip_reason="benchmark data") as session:
        settings_service.save(session, dataclasses.replace(settings_service.load(session),
                                                           dues_since=SINCE.isoformat()))
        people = list(session.execute(select(Person.id, Person.joined_on).order_by(Person.id)))
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


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        directory = Path(temp)
        build_people(directory, MEMBERS, member_share=1.0)
        db = open_database(paths.database_path(directory), clock=CLOCK)
        try:
            fill(db)
            with db.transaction() as session:
                counts = [session.scalar(select(func.count()).select_from(t)) for t in (Person, DuesBase,
                                                                                       DuesPayment)]
                branch_id = session.scalar(select(Person.branch_id).limit(1))
            print(f"党费 with {counts[0]:,} members, {counts[1]:,} bases and {counts[2]:,} payments ({TODAY}):")

            def year_all() -> None:
                with db.transaction() as session:
                    found = dues.year_table(session, TODAY.year, today=TODAY)
                assert len(found.people) == MEMBERS

            report("year_table, all 1,000 members", measure(year_all), 200)

            def year_branch() -> None:
                with db.transaction() as session:
                    dues.year_table(session, TODAY.year, branch_id=branch_id, today=TODAY)

            report("year_table, one branch", measure(year_branch), 200)

            def month_all() -> None:
                with db.transaction() as session:
                    found = dues.month_table(session, THIS_MONTH, today=TODAY)
                assert len(found.lines) == MEMBERS

            report("month_table, all 1,000 members", measure(month_all))

            def late() -> None:
                with db.transaction() as session:
                    rows = dues.arrears(session, today=TODAY)
                assert any(r.flagged for r in rows)

            kept = len(months(SINCE, add_months(THIS_MONTH, -1)))
            report(f"arrears over the {kept} months kept", measure(late))
            ahead = iter(range(7))
            draft = dues.PaymentDraft(TODAY, PayMethod.CASH, "组织委员", approval="支委会同意")

            def pay_branch() -> None:
                with db.transaction() as session:
                    ids = dues.pay_branch(session, branch_id, add_months(THIS_MONTH, next(ahead)), draft,
                                          today=TODAY)
                assert ids

            report("pay_branch, a branch's month (with audit, committed)", measure(pay_branch))
        finally:
            db.dispose()


if __name__ == "__main__":
    main()
