"""党建+学习 of a large school: 1,000 staff in ten study groups of 100, two years of learning
records (about 30 a person).

    uv run python -m bench.study [--runs 7]

Budgets (issue 11): recording for a group of 100 ≤ 200 ms; a term's totals for 1,000 people
≤ 200 ms (person_totals and group_totals each).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlalchemy import func, insert, select

from bench.data import TODAY, build_people, open_db
from bench.suite import Row, measure, run_alone
from djdesk.domain.ethics import LearningKind
from djdesk.services import study
from djdesk.services.learning import LearningDraft
from djdesk.store.models import (
    LearningRecord,
    Person,
    StudyGroup,
    StudyGroupMember,
    StudyTerm,
)

AREA = "学习"
STAFF = 1000
GROUPS = 10
RECORDS_EACH = 30
FIRST_DAY = dt.date(TODAY.year - 1, 1, 1)


def fill(directory: Path, staff: int = STAFF) -> None:
    """The autumn term, the first `staff` people in ten study groups, their records since
    the start of last year."""
    database = open_db(directory)
    rng = random.Random(11)
    kinds = list(LearningKind)
    try:
        with database.transaction(audit_skip_reason="benchmark data") as session:
            people = list(session.scalars(select(Person.id).order_by(Person.id).limit(staff)))
            study.save_term(session, None, study.TermDraft(
                f"{TODAY.year}年秋季学期", dt.date(TODAY.year, 8, 1), dt.date(TODAY.year + 1, 1, 31)))
            groups = [study.save_group(session, None, study.GroupDraft(f"第{n + 1}学习小组")) for n in range(GROUPS)]
            session.execute(insert(StudyGroupMember), [
                dict(group_id=groups[n * GROUPS // len(people)], person_id=pid) for n, pid in enumerate(people)])
            span = (TODAY - FIRST_DAY).days
            session.execute(insert(LearningRecord), [
                dict(person_id=pid, held_on=FIRST_DAY + dt.timedelta(days=rng.randrange(span)),
                     topic="学习习近平新时代中国特色社会主义思想", kind=rng.choice(kinds),
                     hours_tenths=rng.choice((5, 10, 15, 20, 30)), tags="", organiser="", note="")
                for pid in people for _n in range(RECORDS_EACH)])
    finally:
        database.dispose()


def build(directory: Path) -> None:
    build_people(directory, STAFF)
    fill(directory)


def figures(directory: Path, runs: int) -> list[Row]:
    database = open_db(directory)
    rows = []
    try:
        with database.transaction() as session:
            term = session.scalar(select(StudyTerm.id).order_by(StudyTerm.id.desc()))
            group = session.scalar(select(StudyGroup.id).order_by(StudyGroup.id))
            grouped = list(session.scalars(  # as the services count: those still at the school
                select(StudyGroupMember.person_id).distinct()
                .join(Person, Person.id == StudyGroupMember.person_id).where(Person.left_on.is_(None))))
            size = session.scalar(select(func.count()).select_from(StudyGroupMember)
                                  .join(Person, Person.id == StudyGroupMember.person_id)
                                  .where(StudyGroupMember.group_id == group, Person.left_on.is_(None)))
        numbers = iter(range(1, 1000))

        def record_group() -> None:
            draft = LearningDraft(person_ids=(), held_on=TODAY, topic=f"集中学习（第{next(numbers)}次）",
                                  kind=LearningKind.GROUP, hours="2", tags="党史学习")
            with database.transaction() as session:
                assert len(study.record(session, draft, group_id=group, today=TODAY)) == size

        rows.append(Row(f"recording for a group of {size} (with audit, committed)", measure(record_group, runs), 0.200))

        def people(ids: list[int] | None) -> int:
            with database.transaction() as session:
                return len(study.person_totals(session, term_id=term, year=TODAY.year, person_ids=ids))

        rows.append(Row(f"a term's person_totals for the {len(grouped):,} in study groups",
                        measure(lambda: people(grouped), runs), 0.200))
        listed = people(None)
        if listed > len(grouped):  # a larger school: the tab's whole list, beyond the budget's size
            rows.append(Row(f"a term's person_totals, the whole school ({listed:,} listed)",
                            measure(lambda: people(None), runs)))

        def by_group() -> None:
            with database.transaction() as session:
                found = study.group_totals(session, term_id=term, year=TODAY.year)
            assert sum(g.members for g in found) == len(grouped)

        rows.append(Row(f"a term's group_totals for {len(grouped):,} people", measure(by_group, runs), 0.200))

        def quiet() -> None:
            with database.transaction() as session:
                study.quiet(session, weeks=4, today=TODAY)

        rows.append(Row("quiet members (4 weeks)", measure(quiet, runs)))

        def report() -> None:
            with database.transaction() as session:
                study.term_report(session, term)

        rows.append(Row("the term's record table data (term_report)", measure(report, runs)))
    finally:
        database.dispose()
    return rows


def main() -> None:
    run_alone(build, 7, (AREA, figures))


if __name__ == "__main__":
    main()
