"""Membership on a day, the breakdowns' bands at their edges, and the annual report's balance."""

from __future__ import annotations

import datetime as dt

import pytest

from djdesk.domain.dates import PartialDate
from djdesk.domain.membership import StatEvent, StatPerson, is_full, is_member, lost_dates
from djdesk.domain.people import LeftReason, PoliticalStatus, Sex, Stage
from djdesk.domain.stats import (
    AGE_BANDS,
    PARTY_YEARS_BANDS,
    annual_report,
    as_of_note,
    balance_notes,
    by_age,
    by_party_years,
    current_statistics,
    movement_rows,
)
from djdesk.domain.status import ChangeKind

TODAY = dt.date(2026, 6, 15)
MEMBER, PROBATIONARY = PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY
ENGLISH = str  # Label.text with the msgid itself: tests do not depend on the catalogue


def day(text: str | None) -> dt.date | None:
    """A stored date ("2025-12" or "2025-12-03") as the statistics hold it: its first day."""
    return None if text is None else PartialDate.from_iso(text).first_day()


_ids = iter(range(1, 10_000))


def person(status: PoliticalStatus = PoliticalStatus.MASSES, **fields: object) -> StatPerson:
    values: dict[str, object] = {"id": next(_ids), "sex": Sex.MALE, "birth": day("1985-03-12"),
                                 "political_status": status}
    for name, value in fields.items():
        values[name] = day(value) if name in _DATES and isinstance(value, str) else value
    return StatPerson(**values)  # type: ignore[arg-type]


_DATES = {"birth", "joined_on", "full_on", "transferred_in_on", "left_on"}


def member(**fields: object) -> StatPerson:
    fields = {"joined_on": "2010-06-28", "full_on": "2011-06-28", **fields}
    return person(MEMBER, **fields)


def lost(who: StatPerson, on: str) -> StatEvent:
    return StatEvent(who.id, ChangeKind.LOST, day(on))  # type: ignore[arg-type]


# -- who is a member on a day ---------------------------------------------------------------------
def test_a_month_only_date_counts_from_the_first_of_its_month() -> None:
    joined = member(joined_on="2025-12", full_on=None, political_status=PROBATIONARY)
    assert is_member(joined, dt.date(2025, 12, 1), {}, TODAY)
    assert not is_member(joined, dt.date(2025, 11, 30), {}, TODAY)
    left = member(left_on="2026-03", left_reason=LeftReason.TRANSFERRED_OUT)
    assert is_member(left, dt.date(2026, 2, 28), {}, TODAY)
    assert not is_member(left, dt.date(2026, 3, 1), {}, TODAY)  # left on or before D


def test_without_a_joining_date_a_member_counts_only_from_today() -> None:
    undated = member(joined_on=None, full_on=None)
    assert is_member(undated, TODAY, {}, TODAY)
    assert is_member(undated, dt.date(2026, 12, 31), {}, TODAY)
    assert not is_member(undated, dt.date(2025, 12, 31), {}, TODAY)


def test_someone_who_lost_membership_counts_until_that_day_and_non_members_never() -> None:
    gone = person(joined_on="2000-07-01", full_on="2001-07-01")  # 群众 now, after 出党
    events = lost_dates([lost(gone, "2025-05-10")])
    assert is_member(gone, dt.date(2025, 5, 9), events, TODAY)
    assert not is_member(gone, dt.date(2025, 5, 10), events, TODAY)
    assert not is_member(person(joined_on="2000-07-01"), dt.date(2020, 1, 1), {}, TODAY)


def test_a_member_transferred_in_counts_from_the_transfer() -> None:
    arrived = member(joined_on="2001-07-01", transferred_in_on="2025-09-01")
    assert not is_member(arrived, dt.date(2025, 8, 31), {}, TODAY)
    assert is_member(arrived, dt.date(2025, 9, 1), {}, TODAY)


def test_full_or_probationary_on_a_day() -> None:
    assert is_full(member(full_on="2025-07"), dt.date(2025, 7, 1))
    assert not is_full(member(full_on="2025-07"), dt.date(2025, 6, 30))
    # No 转正日期: a gap in the record, full unless probationary now or joined within a year.
    assert is_full(member(full_on=None), TODAY)
    assert not is_full(person(PROBATIONARY, joined_on="2025-09-01"), TODAY)
    assert not is_full(member(joined_on="2025-09-01", full_on=None), TODAY)
    assert is_full(member(joined_on="2025-06-15", full_on=None), TODAY)


# -- bands ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("birth", "band"), [
    ("1995-06-16", "-30"),  # 30 the day before the 31st birthday
    ("1995-06-15", "31-35"),
    ("1995-06", "31-35"),  # month-only: from 1 June, so 31 by 15 June
    ("1995-07", "-30"),
    ("1990-06-16", "31-35"), ("1990-06-15", "36-40"),
    ("1965-06-16", "56-60"), ("1965-06-15", "61-"),
    ("1940-01-01", "61-"),
])
def test_age_bands_at_their_edges(birth: str, band: str) -> None:
    counts = by_age([member(birth=birth)], TODAY).counts()
    assert counts[band] == 1 and sum(counts.values()) == 1


@pytest.mark.parametrize(("full_on", "band"), [
    ("2021-06-16", "-4"), ("2021-06-15", "5-9"), ("2021-06", "5-9"), ("2021-07", "-4"),
    ("2016-06-16", "5-9"), ("2016-06-15", "10-19"), ("2006-06-15", "20-29"),
    ("1976-06-16", "40-49"), ("1976-06-15", "50-"), ("1976-06", "50-"),
])
def test_years_of_membership_bands_at_their_edges(full_on: str, band: str) -> None:
    counts = by_party_years([member(joined_on="1970-01-01", full_on=full_on)], TODAY).counts()
    assert counts[band] == 1 and sum(counts.values()) == 1


def test_bands_cover_every_age_without_overlap() -> None:
    for bands in (AGE_BANDS, PARTY_YEARS_BANDS):
        for years in range(0, 120):
            assert sum(years in band for band in bands) == 1, years


def test_probationary_members_and_missing_full_dates_have_rows_of_their_own() -> None:
    people = [person(PROBATIONARY, joined_on="2025-09-01"), member(full_on=None), member()]
    counts = by_party_years(people, TODAY).counts()
    assert (counts["probationary"], counts["no_date"], counts["10-19"]) == (1, 1, 1)


# -- today's figures -------------------------------------------------------------------------------
def test_current_statistics_by_hand() -> None:
    people = [
        member(branch_id=1, ethnicity="汉族", education="大学本科", sex=Sex.FEMALE),
        member(branch_id=1, ethnicity="回", education="研究生"),  # 回 counts as 回族
        member(branch_id=2, ethnicity="满族", education="党校研究生"),
        person(PROBATIONARY, joined_on="2025-09-01", branch_id=None, ethnicity="", stage=Stage.PROBATIONARY),
        person(stage=Stage.ACTIVIST),
        person(PoliticalStatus.CAPD),
        member(left_on="2026-03-01", left_reason=LeftReason.TRANSFERRED_OUT),  # gone: out of scope
        person(left_on="2020-01-01", left_reason=LeftReason.RESIGNED),
    ]
    figures = current_statistics(people, [], [(1, "第一党支部"), (2, "第二党支部"), (3, "退休党支部")], TODAY)
    assert (figures.staff, figures.members) == (6, 4)
    status = figures.get("political_status")
    assert status.total == 6 and len(status.rows) == 13
    assert (status.counts()["cpc_member"], status.counts()["cpc_probationary"]) == (3, 1)
    assert (status.counts()["capd"], status.counts()["masses"]) == (1, 1)
    stage = figures.get("stage").counts()
    assert (stage["activist"], stage["probationary"], stage[""]) == (1, 1, 4)
    assert figures.get("branch").counts() == {"1": 2, "2": 1, "3": 0, "": 1}
    assert figures.get("sex").counts() == {"male": 3, "female": 1}
    ethnicity = figures.get("ethnicity")
    assert ethnicity.counts() == {"汉族": 1, "minority": 2, "回族": 1, "满族": 1, "": 1}
    assert [r.indent for r in ethnicity.rows] == [0, 0, 1, 1, 0]
    education = figures.get("education").counts()
    assert (education["研究生"], education["大学本科"], education["党校研究生"], education[""]) == (1, 1, 1, 1)
    assert education["高中"] == 0
    assert sum(figures.get("age").counts().values()) == 4


# -- the annual report -----------------------------------------------------------------------------
def school_2025() -> tuple[list[StatPerson], list[StatEvent]]:
    """Two members all year, and one of each movement of 2025."""
    stayed = [member(), member(sex=Sex.FEMALE, ethnicity="壮族")]
    admitted = person(PROBATIONARY, joined_on="2025-06", education="研究生")
    became_full = member(joined_on="2024-05-01", full_on="2025-05-01")
    arrived = member(joined_on="2003-07-01", transferred_in_on="2025-09-01")
    # Joined at university in spring, came to the school in autumn: transferred in, not admitted.
    graduate = person(PROBATIONARY, joined_on="2025-04-01", transferred_in_on="2025-08-20")
    out = member(left_on="2025-03-01", left_reason=LeftReason.TRANSFERRED_OUT)
    died = member(left_on="2025-11", left_reason=LeftReason.DECEASED)
    expelled = person(joined_on="2000-07-01", full_on="2001-07-01")
    non_member_died = person(left_on="2025-02-01", left_reason=LeftReason.DECEASED)
    earlier = member(left_on="2024-12-31", left_reason=LeftReason.TRANSFERRED_OUT)
    people = [*stayed, admitted, became_full, arrived, graduate, out, died, expelled, non_member_died, earlier]
    return people, [lost(expelled, "2025-10-08")]


def test_the_year_s_movements_and_balance() -> None:
    people, events = school_2025()
    report = annual_report(people, events, 2025, TODAY)
    assert report.as_of == dt.date(2025, 12, 31) and report.year_over
    # On 31 Dec 2024: the two who stayed, became_full, out, died, expelled.
    assert report.previous == 6
    assert (report.developed, report.transferred_in, report.transferred_out, report.died, report.lost) == (
        1, 2, 1, 1, 1)
    assert report.became_full == 1
    assert report.members == 6  # stayed ×2, admitted, became_full, arrived, graduate
    assert (report.full, report.probationary) == (4, 2)
    assert (report.women, report.minorities) == (1, 1)
    assert report.expected == 6 + 1 + 2 - 1 - 1 - 1 == report.members and report.difference == 0
    assert report.education.counts()["研究生"] == 1
    notes = [n.text(ENGLISH) for n in balance_notes(report)]
    assert notes[1] == "The figures balance." and len(notes) == 2
    assert notes[0].startswith("Check: 6 on 2024.12.31 + 1 admitted")
    assert notes[0].endswith("= 6; counted on 2025.12.31: 6.")
    signs = {row.key: (sign, row.count) for sign, row in movement_rows(report)}
    assert signs["transferred_out"] == ("−", 1) and signs["members"] == ("=", 6)


def test_an_unbalanced_year_says_by_how_much_and_why() -> None:
    people, events = school_2025()
    resigned = member(left_on="2025-07-01", left_reason=LeftReason.RESIGNED)  # no transfer recorded
    report = annual_report([*people, resigned], events, 2025, TODAY)
    assert report.difference == -1 and report.left_otherwise == 1
    notes = [n.text(ENGLISH) for n in balance_notes(report)]
    assert notes[1] == ("The figures do not balance: 1 fewer members counted than the movements "
                        "explain.")
    assert notes[2].startswith("1 members left the school in 2025")


def test_the_current_year_is_as_of_today_and_undated_members_unbalance_it() -> None:
    undated = member(joined_on=None, full_on=None)
    report = annual_report([member(), undated], [], 2026, TODAY)
    assert report.as_of == TODAY and not report.year_over
    assert as_of_note(report).text(ENGLISH) == "2026 is not over yet: as of today, 2026.06.15"
    assert (report.previous, report.members, report.difference) == (1, 2, 1)
    assert report.without_joined_on == 1
    assert annual_report([member(), undated], [], 2025, TODAY).members == 1  # not in a past year
    with pytest.raises(ValueError):
        annual_report([], [], 2027, TODAY)


def test_a_transfer_out_of_someone_never_a_member_is_not_a_movement() -> None:
    teacher = person(left_on="2025-03-01", left_reason=LeftReason.TRANSFERRED_OUT)
    report = annual_report([teacher], [], 2025, TODAY)
    assert report.transferred_out == 0 and report.difference == 0

