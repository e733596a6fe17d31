"""Statistics read from a real database: every figure against a direct SQL count or a hand count."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import String, and_, exists, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from djdesk.domain.dates import PartialDate
from djdesk.domain.people import LeftReason, PoliticalStatus, Sex, Stage
from djdesk.domain.status import Change, ChangeKind
from djdesk.services import members, stats
from djdesk.store.database import Database
from djdesk.store.models import Branch, Person, StatusEvent
from tests.services import stats_school
from tests.services.stats_school import TODAY, YEAR

MEMBER_STATUSES = [PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY]


@pytest.fixture
def school(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        return stats_school.build(session)


def count(session: Session, *where: Any) -> int:
    return session.scalar(select(func.count()).select_from(Person).where(*where)) or 0


# Stored dates are ISO text, YYYY-MM-DD or YYYY-MM; compared as text with a day, a month-only
# date sorts before every day of its month, so "≤ '2025-12-31'" is "first day on or before".
PRESENT = Person.left_on.is_(None)
MEMBER_NOW = and_(PRESENT, Person.political_status.in_(MEMBER_STATUSES))


def joined_on() -> Any:
    """The 入党日期: the person's own, or the one a 出党 cleared (kept in the event's before)."""
    cleared = (select(func.json_extract(StatusEvent.before, "$.joined_on"))
               .where(StatusEvent.person_id == Person.id, StatusEvent.kind == ChangeKind.LOST)
               .order_by(StatusEvent.id.desc()).limit(1).scalar_subquery())
    return func.coalesce(type_text(Person.joined_on), cleared)


def member_on(day: str) -> Any:
    """The rule of domain.membership, written as SQL independently of the Python code."""
    lost_later = exists().where(StatusEvent.person_id == Person.id, StatusEvent.kind == ChangeKind.LOST,
                                type_text(StatusEvent.on) > day)
    return and_(
        or_(Person.political_status.in_(MEMBER_STATUSES), lost_later),
        joined_on() <= day,
        or_(Person.transferred_in_on.is_(None), type_text(Person.transferred_in_on) <= day),
        or_(Person.left_on.is_(None), type_text(Person.left_on) > day),
    )


def type_text(column: Any) -> Any:
    return type_coerce(column, String)


def in_year(column: Any) -> Any:
    return type_text(column).like(f"{YEAR}-%")


def test_current_figures_against_sql(db: Database, school: dict[str, int]) -> None:
    with db.transaction() as session:
        figures = stats.current(session, today=TODAY)
        assert figures.staff == count(session, PRESENT) == 10
        assert figures.members == count(session, MEMBER_NOW) == 7
        by_status = figures.get("political_status").counts()
        for status in PoliticalStatus:
            assert by_status[status.value] == count(session, PRESENT, Person.political_status == status)
        by_stage = figures.get("stage").counts()
        for stage in Stage:
            assert by_stage[stage.value] == count(session, PRESENT, Person.stage == stage)
        assert by_stage[""] == count(session, PRESENT, Person.stage.is_(None)) == 2
        by_branch = figures.get("branch").counts()
        for branch_id, name in session.execute(select(Branch.id, Branch.name)):
            assert by_branch[str(branch_id)] == count(session, MEMBER_NOW, Person.branch_id == branch_id), name
        assert "" not in by_branch  # every member has a branch
        by_sex = figures.get("sex").counts()
        assert by_sex == {"male": count(session, MEMBER_NOW, Person.sex == Sex.MALE),
                          "female": count(session, MEMBER_NOW, Person.sex == Sex.FEMALE)} == {"male": 6, "female": 1}
        ethnicity = figures.get("ethnicity").counts()
        assert ethnicity["汉族"] == count(session, MEMBER_NOW, Person.ethnicity == "汉族") == 2
        assert ethnicity["minority"] == count(
            session, MEMBER_NOW, Person.ethnicity != "汉族", Person.ethnicity != "") == 1
        assert ethnicity["回族"] == 1 and ethnicity[""] == count(session, MEMBER_NOW, Person.ethnicity == "") == 4
        education = figures.get("education").counts()
        for level, number in session.execute(
                select(Person.education, func.count()).where(MEMBER_NOW).group_by(Person.education)):
            assert education[level] == number
        # By hand: 回族党员 turns 31 tomorrow; 老党员 is 66, 退休党员 71; the rest were born in 1985.
        assert figures.get("age").counts() == {"-30": 1, "31-35": 0, "36-40": 0, "41-45": 4, "46-50": 0,
                                               "51-55": 0, "56-60": 0, "61-": 2}
        # 党龄 from 转正日期: 2011-06-28 → 14 years (老党员, 转入, 退休党员), 2019 → 6, 2025 → 1.
        years = figures.get("party_years").counts()
        assert years["probationary"] == count(session, MEMBER_NOW, Person.full_on.is_(None)) == 2
        assert (years["10-19"], years["5-9"], years["-4"], years["no_date"]) == (3, 1, 1, 0)


def test_the_annual_report_against_sql(db: Database, school: dict[str, int]) -> None:
    with db.transaction() as session:
        report = stats.annual(session, YEAR, today=TODAY)
        assert report.as_of.isoformat() == "2025-12-31"
        assert report.previous == count(session, member_on("2024-12-31")) == 7
        assert report.members == count(session, member_on("2025-12-31")) == 7
        assert report.probationary == count(session, member_on("2025-12-31"), Person.full_on.is_(None)) == 2
        assert report.full == 5
        assert report.women == count(session, member_on("2025-12-31"), Person.sex == Sex.FEMALE) == 1
        assert report.minorities == 1
        # 新党员 and 毕业生 joined in 2025; 毕业生 joined elsewhere before the transfer in.
        assert count(session, in_year(Person.joined_on)) == 2 and report.developed == 1
        assert report.became_full == count(session, in_year(Person.full_on)) == 1
        assert report.transferred_in == count(session, in_year(Person.transferred_in_on)) == 2
        assert report.transferred_out == count(
            session, Person.left_reason == LeftReason.TRANSFERRED_OUT, in_year(Person.left_on)) == 1
        # 群众去世 also died in 2025, but was no party member.
        assert count(session, Person.left_reason == LeftReason.DECEASED, in_year(Person.left_on)) == 2
        assert report.died == 1
        lost = session.scalar(select(func.count()).select_from(StatusEvent).where(
            StatusEvent.kind == ChangeKind.LOST, in_year(StatusEvent.on)))
        assert report.lost == lost == 1
        assert report.expected == 7 + 1 + 2 - 1 - 1 - 1 and report.difference == 0


def test_the_year_before_and_the_current_year(db: Database, school: dict[str, int]) -> None:
    with db.transaction() as session:
        earlier = stats.annual(session, YEAR - 1, today=TODAY)
        assert earlier.previous == count(session, member_on("2023-12-31")) == 6
        assert earlier.members == 7 and earlier.developed == 1  # 转正 joined in 2024
        assert earlier.difference == 0
        this_year = stats.annual(session, TODAY.year, today=TODAY)
        assert this_year.as_of == TODAY and not this_year.year_over
        assert this_year.members == count(session, MEMBER_NOW) == 7
        assert this_year.difference == 0


def test_a_member_who_leaves_without_a_transfer_unbalances_the_year(db: Database, school: dict[str, int]) -> None:
    with db.transaction() as session:
        members.mark_left(session, school["退休党员"], on=PartialDate(2025, 8, 1), reason=LeftReason.RESIGNED,
                          today=TODAY)
    with db.transaction() as session:
        report = stats.annual(session, YEAR, today=TODAY)
        assert (report.members, report.left_otherwise, report.difference) == (6, 1, -1)


def test_both_from_one_read_agree_with_each_alone(db: Database, school: dict[str, int]) -> None:
    with db.transaction() as session:
        figures, report = stats.current_and_annual(session, YEAR, today=TODAY)
        assert figures == stats.current(session, today=TODAY)
        assert report == stats.annual(session, YEAR, today=TODAY)


def test_a_member_who_leaves_and_comes_back_keeps_every_past_year(db: Database, school: dict[str, int]) -> None:
    """Transferred out in 2023, back in 2025: the closed years stay as they were reported."""
    with db.transaction() as session:
        before = {year: stats.annual(session, year, today=TODAY) for year in (2022, 2023, 2024)}
        from djdesk.services import lifecycle

        person = school["老党员"]
        lifecycle.change_status(session, person, Change(ChangeKind.TRANSFER_OUT, PartialDate(2023, 3, 1),
                                                        organisation="中共某校支部委员会"), today=TODAY)
        gone = {year: stats.annual(session, year, today=TODAY) for year in (2022, 2023, 2024)}
        lifecycle.change_status(session, person, Change(ChangeKind.TRANSFER_IN, PartialDate(2025, 9, 1),
                                                        organisation="中共某校支部委员会"), today=TODAY)
        back = {year: stats.annual(session, year, today=TODAY) for year in (2022, 2023, 2024, YEAR)}
    assert back[2022].members == gone[2022].members == before[2022].members
    assert back[2023].transferred_out == gone[2023].transferred_out == before[2023].transferred_out + 1
    assert back[2023].members == gone[2023].members == before[2023].members - 1
    assert back[2024].members == gone[2024].members
    assert back[YEAR].transferred_in == 3  # the two of the school plus the return
    assert all(report.difference == 0 for report in back.values())


def test_the_dates_a_loss_of_membership_clears_still_count_in_past_years(db: Database, school: dict[str, int]) -> None:
    with db.transaction() as session:
        person = session.get(Person, school["出党"])
        assert person is not None and person.joined_on is None  # cleared by the 出党 itself
        report = stats.annual(session, YEAR, today=TODAY)
        assert report.previous == count(session, member_on("2024-12-31")) == 7
        assert report.lost == 1 and report.difference == 0
