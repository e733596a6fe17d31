"""党建+学习 of a large school: 1,000 staff (bench.data people) in ten study groups of 100, two
years of learning records (about 30 a person).

    uv run python -m bench.study

Budgets (issue 11): recording for a group of 100 ≤ 200 ms; a term's totals for 1,000 people
≤ 200 ms (person_totals and group_totals each).
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

from sqlalchemy import func, insert, select

from bench.calendar import measure, report
from bench.data import CLOCK, TODAY, build_people
from djdesk import paths
from djdesk.domain.ethics import LearningKind
from djdesk.services import study
from djdesk.services.learning import LearningDraft
from djdesk.store.models import LearningRecord, Person, StudyGroupMember
from djdesk.store.opening import open_database

STAFF = 1000
GROUPS = 10
RECORDS_EACH = 30
FIRST_DAY = dt.date(TODAY.year - 1, 1, 1)


def fill(db) -> tuple[int, list[int]]:  # type: ignore[no-untyped-def]
    """The autumn term, ten study groups, every person's records; the term's and groups' ids."""
    rng = random.Random(11)
    kinds = list(LearningKind)
    with db.transaction(audit_skip_reason="benchmark data") as session:
        people = list(session.scalars(select(Person.id).order_by(Person.id)))
        term = study.save_term(session, None, study.TermDraft(
            f"{TODAY.year}年秋季学期", dt.date(TODAY.year, 8, 1), dt.date(TODAY.year + 1, 1, 31)))
        groups = [study.save_group(session, None, study.GroupDraft(f"第{n + 1}学习小组"))
                  for n in range(GROUPS)]
        session.execute(insert(StudyGroupMember), [
            dict(group_id=groups[n * GROUPS // len(people)], person_id=pid) for n, pid in enumerate(people)])
        span = (TODAY - FIRST_DAY).days
        session.execute(insert(LearningRecord), [
            dict(person_id=pid, held_on=FIRST_DAY + dt.timedelta(days=rng.randrange(span)),
                 topic="学习习近平新时代中国特色社会主义思想", kind=rng.choice(kinds),
                 hours_tenths=rng.choice((5, 10, 15, 20, 30)), tags="", organiser="", note="")
            for pid in people for _n in range(RECORDS_EACH)])
    return term, groups


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        directory = Path(temp)
        build_people(directory, STAFF)
        db = open_database(paths.database_path(directory), clock=CLOCK)
        try:
            term, groups = fill(db)
            with db.transaction() as session:
                records = session.scalar(select(func.count()).select_from(LearningRecord))
            print(f"党建+学习 with {STAFF:,} people, {GROUPS} study groups of {STAFF // GROUPS} and "
                  f"{records:,} learning records ({TODAY}):")
            runs = iter(range(100))

            def record_group() -> None:
                draft = LearningDraft(person_ids=(), held_on=TODAY, topic=f"集中学习（第{next(runs) + 1}次）",
                                      kind=LearningKind.GROUP, hours="2", tags="党史学习")
                with db.transaction() as session:
                    ids = study.record(session, draft, group_id=groups[0], today=TODAY)
                assert len(ids) == STAFF // GROUPS

            report("recording for a group of 100 (with audit, committed)", measure(record_group), 200)

            def people() -> None:
                with db.transaction() as session:
                    rows = study.person_totals(session, term_id=term, year=TODAY.year)
                assert len(rows) == STAFF

            report("a term's person_totals for 1,000 people", measure(people), 200)

            def by_group() -> None:
                with db.transaction() as session:
                    rows = study.group_totals(session, term_id=term, year=TODAY.year)
                assert sum(g.members for g in rows) == STAFF

            report("a term's group_totals for 1,000 people", measure(by_group), 200)

            def reminders() -> None:
                with db.transaction() as session:
                    study.quiet(session, weeks=4, today=TODAY)

            report("quiet members (4 weeks)", measure(reminders))
            report("the term's record table data (term_report)",
                   measure(lambda: _report(db, term)))
        finally:
            db.dispose()


def _report(db, term_id: int) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        study.term_report(session, term_id)


if __name__ == "__main__":
    main()
