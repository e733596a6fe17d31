"""待办: each rule at its edge, with "today" given."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from djdesk.domain.dates import PartialDate
from djdesk.domain.due import DueBranch, DueItem, DueKind, DuePerson, LifeRecord, due_items
from djdesk.domain.people import MembershipStatus, PoliticalStatus, Stage, field_label

TODAY = dt.date(2026, 6, 15)
D = PartialDate

_BASE = DuePerson(
    id=1, name="甲", branch="第一党支部", political_status=PoliticalStatus.MASSES, stage=None,
    membership_status=MembershipStatus.NORMAL, membership_status_until=None, applied_on=None,
    activist_on=None, candidate_on=None, joined_on=None, full_on=None, transferred_in_on=None,
    probation_extended_months=None,
)


def someone(**changes: object) -> DuePerson:
    return dataclasses.replace(_BASE, **changes)  # type: ignore[arg-type]


def member(**changes: object) -> DuePerson:
    """A full member since 2011 (joined in March: no political birthday in June)."""
    values: dict[str, object] = dict(political_status=PoliticalStatus.CPC_MEMBER, stage=Stage.FULL,
                                     joined_on=D(2010, 3, 28), full_on=D(2011, 3, 28))
    values.update(changes)
    return someone(**values)


def probationary(**changes: object) -> DuePerson:
    values: dict[str, object] = dict(political_status=PoliticalStatus.CPC_PROBATIONARY,
                                     stage=Stage.PROBATIONARY)
    values.update(changes)
    return someone(**values)


def items(*people: DuePerson, branches: tuple[DueBranch, ...] = (), today: dt.date = TODAY,
          term_years: int = 5, life: dict[int, LifeRecord] | None = None) -> list[DueItem]:
    return due_items(people, branches, today=today, term_years=term_years, life=life)


def of_kind(kind: DueKind, *people: DuePerson, **kwargs: object) -> list[DueItem]:
    return [i for i in items(*people, **kwargs) if i.kind is kind]  # type: ignore[arg-type]


def test_nothing_due_for_a_complete_member() -> None:
    assert items(member()) == []
    assert items(someone()) == []  # a non-member outside the pipeline


# -- probation ending ----------------------------------------------------------------------
def test_probation_ending_exactly_sixty_days_ahead_is_listed() -> None:
    # 2026-06-15 + 60 days = 2026-08-14.
    (item,) = items(probationary(joined_on=D(2025, 8, 14)))
    assert item.kind is DueKind.PROBATION and item.person_id == 1
    assert item.on == dt.date(2026, 8, 14) and not item.overdue
    assert "2026.08.14" in item.detail


def test_probation_ending_sixty_one_days_ahead_is_not_listed() -> None:
    assert items(probationary(joined_on=D(2025, 8, 15))) == []


def test_probation_ending_today_is_due_not_overdue() -> None:
    # (Joined in June: also a political birthday this month.)
    (item,) = of_kind(DueKind.PROBATION, probationary(joined_on=D(2025, 6, 15)))
    assert not item.overdue


def test_probation_ended_yesterday_is_overdue_with_another_message() -> None:
    (late,) = of_kind(DueKind.PROBATION, probationary(joined_on=D(2025, 6, 14)))
    (soon,) = items(probationary(joined_on=D(2025, 7, 14)))
    assert late.kind is DueKind.PROBATION and late.overdue and not soon.overdue
    assert "2026.06.14" in late.detail
    assert late.detail.replace("2026.06.14", "") != soon.detail.replace("2026.07.14", "")


def test_month_only_joining_keeps_month_precision() -> None:
    (item,) = items(probationary(joined_on=D(2025, 8)))  # ends in 2026.08: may be within 60 days
    assert "2026.08" in item.detail and "2026.08.01" not in item.detail
    assert not item.overdue
    # Ended "2026.05": certainly overdue; "2026.06" may still be this month.
    assert of_kind(DueKind.PROBATION, probationary(joined_on=D(2025, 5)))[0].overdue
    assert not of_kind(DueKind.PROBATION, probationary(joined_on=D(2025, 6)))[0].overdue


def test_extended_probation_ends_later() -> None:
    # Joined 2025-02-14: a year ended in February, but six more months end on 2026-08-14.
    (item,) = items(probationary(joined_on=D(2025, 2, 14), probation_extended_months=6))
    assert item.kind is DueKind.PROBATION and not item.overdue and item.on == dt.date(2026, 8, 14)
    assert items(probationary(joined_on=D(2025, 2, 14)))[0].overdue
    # Twelve months: ends 2027-02-14, not yet due.
    assert items(probationary(joined_on=D(2025, 2, 14), probation_extended_months=12)) == []


def test_only_probationary_members_have_a_probation_ending() -> None:
    assert of_kind(DueKind.PROBATION, member(joined_on=D(2025, 7, 1), full_on=D(2026, 7, 1))) == []


# -- activists who reached a year ----------------------------------------------------------
def test_activist_of_exactly_one_year_is_listed() -> None:
    (item,) = items(someone(stage=Stage.ACTIVIST, activist_on=D(2025, 6, 15)))
    assert item.kind is DueKind.ACTIVIST_YEAR and item.on == TODAY and "2025.06.15" in item.detail


def test_activist_a_day_short_of_a_year_is_not_listed() -> None:
    assert items(someone(stage=Stage.ACTIVIST, activist_on=D(2025, 6, 16))) == []


def test_month_only_activist_counts_from_the_end_of_the_month() -> None:
    assert items(someone(stage=Stage.ACTIVIST, activist_on=D(2025, 6))) == []
    assert of_kind(DueKind.ACTIVIST_YEAR, someone(stage=Stage.ACTIVIST, activist_on=D(2025, 5)))


def test_a_candidate_is_no_longer_an_activist_to_list() -> None:
    person = someone(stage=Stage.CANDIDATE, activist_on=D(2020, 1, 1), candidate_on=D(2021, 3, 1))
    assert of_kind(DueKind.ACTIVIST_YEAR, person) == []


# -- political birthdays -------------------------------------------------------------------
def test_political_birthday_this_month() -> None:
    (item,) = items(member(joined_on=D(2010, 6, 28), full_on=D(2011, 6, 28)))
    assert item.kind is DueKind.BIRTHDAY and "16" in item.detail and "2010.06.28" in item.detail
    assert item.on == dt.date(2026, 6, 28)


def test_political_birthday_of_a_probationary_member_a_year_on() -> None:
    (item,) = of_kind(DueKind.BIRTHDAY, probationary(joined_on=D(2025, 6, 30)))
    assert item.on == dt.date(2026, 6, 30)


def test_no_political_birthday_in_the_joining_year_itself() -> None:
    assert of_kind(DueKind.BIRTHDAY, probationary(joined_on=D(2026, 6, 1))) == []


def test_no_political_birthday_in_another_month_or_for_non_members() -> None:
    assert of_kind(DueKind.BIRTHDAY, member(joined_on=D(2010, 7, 1), full_on=D(2011, 7, 1))) == []
    assert of_kind(DueKind.BIRTHDAY, member(joined_on=D(2010, 5, 31), full_on=D(2011, 5, 31))) == []
    left_party = someone(joined_on=D(2010, 6, 1))  # joined once, now 群众
    assert of_kind(DueKind.BIRTHDAY, left_party) == []


# -- fifty years in the party --------------------------------------------------------------
def test_fifty_years_this_year_counted_from_full_membership() -> None:
    (item,) = of_kind(DueKind.FIFTY, member(joined_on=D(1975, 11, 1), full_on=D(1976, 11, 1)))
    assert item.on == dt.date(2026, 11, 1)  # later this year: listed all year
    assert of_kind(DueKind.FIFTY, member(joined_on=D(1975, 1, 1), full_on=D(1976, 1, 1)))


def test_fifty_years_not_counted_from_joining() -> None:
    # Joined 1976 but full member only from 1977: 50 years of 党龄 next year.
    assert of_kind(DueKind.FIFTY, member(joined_on=D(1976, 3, 1), full_on=D(1977, 3, 1))) == []


def test_fifty_years_not_in_other_years() -> None:
    assert of_kind(DueKind.FIFTY, member(joined_on=D(1974, 3, 1), full_on=D(1975, 3, 1))) == []
    assert of_kind(DueKind.FIFTY, member(joined_on=D(1976, 3, 1), full_on=D(1977, 3, 1))) == []


def test_a_probationary_member_never_has_fifty_years() -> None:
    # Even with a (stray) full membership date of 1976.
    assert of_kind(DueKind.FIFTY, probationary(joined_on=D(1975, 3, 1), full_on=D(1976, 3, 1))) == []


# -- committee terms -----------------------------------------------------------------------
def branch(**changes: object) -> DueBranch:
    values: dict[str, object] = dict(id=7, name="第一党支部", term_start=None, term_end=None)
    values.update(changes)
    return DueBranch(**values)  # type: ignore[arg-type]


def test_term_ending_within_six_months_from_term_end() -> None:
    (item,) = items(branches=(branch(term_end=D(2026, 12, 15)),))
    assert item.kind is DueKind.TERM and item.branch_id == 7 and item.person_id is None
    assert item.name == "第一党支部" and not item.overdue and "2026.12.15" in item.detail


def test_term_ending_later_than_six_months_is_not_listed() -> None:
    assert items(branches=(branch(term_end=D(2026, 12, 16)),)) == []


def test_term_end_preferred_over_start_plus_years() -> None:
    # The start says 2026-12 but the end, which is set, says 2027.
    assert items(branches=(branch(term_start=D(2021, 12, 1), term_end=D(2027, 3, 1)),)) == []


def test_term_from_start_plus_term_years_when_no_end() -> None:
    (item,) = items(branches=(branch(term_start=D(2021, 12, 15)),))
    assert item.on == dt.date(2026, 12, 15)
    assert items(branches=(branch(term_start=D(2021, 12, 16)),)) == []
    # Three-year terms under the older rules.
    (item,) = items(branches=(branch(term_start=D(2023, 12, 15)),), term_years=3)
    assert item.on == dt.date(2026, 12, 15)
    assert items(branches=(branch(term_start=D(2023, 12, 15)),), term_years=5) == []


def test_term_already_ended_is_overdue() -> None:
    (late,) = items(branches=(branch(term_end=D(2026, 6, 14)),))
    (soon,) = items(branches=(branch(term_end=D(2026, 6, 15)),))
    assert late.overdue and not soon.overdue
    assert late.detail.replace("2026.06.14", "") != soon.detail.replace("2026.06.15", "")
    (old,) = items(branches=(branch(term_start=D(2019, 1, 1)),))
    assert old.overdue


def test_a_branch_without_term_dates_is_not_listed() -> None:
    assert items(branches=(branch(),)) == []


def test_a_month_only_term_end_is_shown_to_the_month() -> None:
    (item,) = items(branches=(branch(term_end=D(2026, 9)),))
    assert "2026.09" in item.detail and "2026.09.30" not in item.detail


def test_a_term_from_a_month_only_start_is_shown_to_the_month() -> None:
    (item,) = items(branches=(branch(term_start=D(2021, 9)),))
    assert "2026.09" in item.detail and "2026.09.01" not in item.detail


def test_a_month_only_term_end_counts_from_the_end_of_its_month() -> None:
    # "2026.12" may be the 31st: not certainly within six months of 2026-06-15.
    assert items(branches=(branch(term_end=D(2026, 12)),)) == []
    assert items(branches=(branch(term_end=D(2026, 11)),))


# -- missing dates -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("person", "missing"),
    [
        (probationary(), ["joined_on"]),
        (member(full_on=None), ["full_on"]),
        (member(joined_on=None, full_on=None), ["joined_on", "full_on"]),
        (someone(stage=Stage.APPLICANT), ["applied_on"]),
        (someone(stage=Stage.ACTIVIST), ["activist_on"]),
        (someone(stage=Stage.CANDIDATE), ["candidate_on"]),
    ],
)
def test_missing_dates_per_stage(person: DuePerson, missing: list[str]) -> None:
    (item,) = of_kind(DueKind.MISSING, person)
    assert item.person_id == 1
    for field in missing:
        assert field_label(field) in item.detail
    others = {"joined_on", "full_on", "applied_on", "activist_on", "candidate_on"} - set(missing)
    for field in others:
        assert field_label(field) not in item.detail


@pytest.mark.parametrize(
    "person",
    [
        probationary(joined_on=D(2025, 1, 10)),
        member(),
        someone(stage=Stage.APPLICANT, applied_on=D(2025, 1, 1)),
        someone(stage=Stage.ACTIVIST, activist_on=D(2026, 1, 1)),
        # A candidate needs only the candidate date (the earlier ones are not asked for).
        someone(stage=Stage.CANDIDATE, candidate_on=D(2026, 1, 1)),
        someone(),  # 群众 outside the pipeline: nothing is missing
        someone(political_status=PoliticalStatus.CAPD),
    ],
)
def test_nothing_missing(person: DuePerson) -> None:
    assert of_kind(DueKind.MISSING, person) == []


# -- 党章 Article 9 ------------------------------------------------------------------------
def article_9(person: DuePerson, life: LifeRecord | None) -> list[DueItem]:
    return of_kind(DueKind.ARTICLE_9, person, life={person.id: life} if life else {})


def test_absent_without_leave_from_every_meeting_is_flagged() -> None:
    (item,) = article_9(member(), LifeRecord(expected=4, present=0, excused=0))
    assert item.person_id == 1 and "4" in item.detail
    assert item.on == dt.date(2025, 12, 15)


def test_present_once_is_not_flagged() -> None:
    assert article_9(member(), LifeRecord(expected=4, present=1, excused=0)) == []


def test_excused_once_is_not_flagged() -> None:
    assert article_9(member(), LifeRecord(expected=4, present=0, excused=1)) == []


def test_expected_at_no_meeting_or_no_record_is_not_flagged() -> None:
    assert article_9(member(), LifeRecord(expected=0, present=0, excused=0)) == []
    assert article_9(member(), None) == []


def test_a_member_for_less_than_six_months_is_not_flagged() -> None:
    # Six months before 2026-06-15 is 2025-12-15.
    assert article_9(probationary(joined_on=D(2025, 12, 16)), LifeRecord(3, 0, 0)) == []
    assert article_9(probationary(joined_on=D(2025, 12, 15)), LifeRecord(3, 0, 0))
    assert article_9(probationary(joined_on=D(2025, 12)), LifeRecord(3, 0, 0)) == []  # may be after the 15th


def test_transferred_in_within_six_months_is_not_flagged() -> None:
    assert article_9(member(transferred_in_on=D(2026, 2, 1)), LifeRecord(3, 0, 0)) == []
    assert article_9(member(transferred_in_on=D(2025, 12, 15)), LifeRecord(3, 0, 0))
    assert article_9(member(transferred_in_on=D(2020, 1, 1)), LifeRecord(3, 0, 0))


def test_non_members_are_not_flagged() -> None:
    assert article_9(someone(stage=Stage.ACTIVIST, activist_on=D(2026, 1, 1)), LifeRecord(3, 0, 0)) == []


# -- 留党察看 ending ---------------------------------------------------------------------------
def test_observation_ending_within_sixty_days() -> None:
    (item,) = of_kind(DueKind.OBSERVATION, member(membership_status=MembershipStatus.OBSERVATION,
                                                  membership_status_until=D(2026, 8, 14)))
    assert not item.overdue and "2026.08.14" in item.detail
    assert of_kind(DueKind.OBSERVATION, member(membership_status=MembershipStatus.OBSERVATION,
                                               membership_status_until=D(2026, 8, 15))) == []


def test_observation_ended_is_overdue() -> None:
    (item,) = of_kind(DueKind.OBSERVATION, member(membership_status=MembershipStatus.OBSERVATION,
                                                  membership_status_until=D(2026, 6, 1)))
    assert item.overdue


def test_observation_needs_the_status_and_its_end() -> None:
    assert of_kind(DueKind.OBSERVATION, member(membership_status=MembershipStatus.OBSERVATION)) == []
    assert of_kind(DueKind.OBSERVATION, member(membership_status=MembershipStatus.SUSPENDED,
                                               membership_status_until=D(2026, 7, 1))) == []


# -- ordering ------------------------------------------------------------------------------
def test_items_are_grouped_by_kind_then_by_date_then_name() -> None:
    people = [
        member(id=1, name="丁", joined_on=D(2010, 6, 20), full_on=D(2011, 6, 20)),  # birthday
        member(id=2, name="乙", full_on=None),  # missing
        someone(id=3, name="丙", stage=Stage.ACTIVIST, activist_on=D(2025, 1, 1)),  # activist year
        probationary(id=4, name="甲", joined_on=D(2025, 7, 20)),  # probation
        probationary(id=5, name="戊", joined_on=D(2025, 7, 1)),  # probation, earlier
        member(id=6, name="己", joined_on=D(1975, 3, 1), full_on=D(1976, 3, 1)),  # fifty
        member(id=7, name="庚", membership_status=MembershipStatus.OBSERVATION,
               membership_status_until=D(2026, 7, 1)),  # observation
        member(id=8, name="辛"),  # article 9
        member(id=9, name="壬", joined_on=D(2010, 6, 5), full_on=D(2011, 6, 5)),  # birthday, earlier
    ]
    got = items(*people, branches=(branch(term_end=D(2026, 9, 1)),),
                life={8: LifeRecord(2, 0, 0)})
    assert [(i.kind, i.name) for i in got] == [
        (DueKind.PROBATION, "戊"),
        (DueKind.PROBATION, "甲"),
        (DueKind.ACTIVIST_YEAR, "丙"),
        (DueKind.TERM, "第一党支部"),
        (DueKind.ARTICLE_9, "辛"),
        (DueKind.OBSERVATION, "庚"),
        (DueKind.MISSING, "乙"),
        (DueKind.BIRTHDAY, "壬"),
        (DueKind.BIRTHDAY, "丁"),
        (DueKind.FIFTY, "己"),
    ]


def test_same_kind_and_date_ordered_by_name() -> None:
    # Code-point order: 乙 (U+4E59) before 甲 (U+7532); given the other way round.
    people = [someone(id=1, name="甲", stage=Stage.APPLICANT), someone(id=2, name="乙", stage=Stage.APPLICANT)]
    assert [i.name for i in items(*people)] == ["乙", "甲"]
