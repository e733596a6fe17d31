"""The 25 steps of 发展党员工作细则: each warning at its edge, the next stage, the probation's end."""

from __future__ import annotations

import datetime as dt

import pytest

from djdesk.domain.dates import PartialDate
from djdesk.domain.people import MembershipStatus, PersonDraft, PoliticalStatus, Stage
from djdesk.domain.pipeline import (
    BY_CODE,
    STEPS,
    NextStep,
    Standing,
    StepRecord,
    next_step,
    probation_end,
    split_names,
    warnings,
)

TODAY = dt.date(2026, 6, 15)
D = PartialDate


def person(**changes: object) -> PersonDraft:
    return PersonDraft(name="甲", **changes)  # type: ignore[arg-type]


def found(draft: PersonDraft, records: list[StepRecord] | None = None,
          introducers: dict[str, Standing] | None = None, *, today: dt.date = TODAY,
          extended: int | None = None) -> list[str]:
    """The steps warned about, in order."""
    return [w.step for w in warnings(draft, records or [], introducers or {}, today, extended)]


def messages(draft: PersonDraft, records: list[StepRecord] | None = None,
             introducers: dict[str, Standing] | None = None, *, extended: int | None = None,
             step: str) -> list[str]:
    return [w.message for w in warnings(draft, records or [], introducers or {}, TODAY, extended)
            if w.step == step]


# -- the steps themselves ------------------------------------------------------------------
def test_twenty_five_steps_in_five_stages_with_unique_codes() -> None:
    assert [s.number for s in STEPS] == list(range(1, 26))
    assert len(BY_CODE) == 25
    assert sorted({s.stage for s in STEPS}) == [1, 2, 3, 4, 5]
    stages = [s.stage for s in STEPS]
    assert stages == sorted(stages)  # the stages follow each other
    fields = {s.code: s.person_field for s in STEPS if s.person_field}
    assert fields == {"applied": "applied_on", "activist": "activist_on", "candidate": "candidate_on",
                      "admitted": "joined_on", "full_approved": "full_on"}


def test_a_clean_full_record_has_no_warnings() -> None:
    draft = person(political_status=PoliticalStatus.CPC_MEMBER, stage=Stage.FULL,
                   applied_on=D(2008, 3, 1), activist_on=D(2008, 9, 1), candidate_on=D(2009, 10, 1),
                   joined_on=D(2010, 6, 28), full_on=D(2011, 6, 28), introducers="乙、丙")
    records = [StepRecord("talk", D(2008, 3, 20)), StepRecord("approved", D(2010, 8, 1))]
    assert found(draft, records) == []


# -- 谈话 within one month of the application ---------------------------------------------------
def test_talk_before_the_application_warns() -> None:
    draft = person(applied_on=D(2024, 3, 10))
    assert found(draft, [StepRecord("talk", D(2024, 3, 9))]) == ["talk"]
    # Month-only: a talk in February is certainly before an application in March.
    assert found(person(applied_on=D(2024, 3)), [StepRecord("talk", D(2024, 2))]) == ["talk"]


def test_talk_on_the_day_of_the_application_does_not_warn() -> None:
    draft = person(applied_on=D(2024, 3, 10))
    assert found(draft, [StepRecord("talk", D(2024, 3, 10))]) == []


def test_talk_in_the_month_of_a_month_only_application_is_not_before_it() -> None:
    # Applied "2024.03": a talk on 2024-03-01 may well be after it.
    assert found(person(applied_on=D(2024, 3)), [StepRecord("talk", D(2024, 3, 1))]) == []


def test_talk_within_a_month_does_not_warn_and_later_does() -> None:
    draft = person(applied_on=D(2024, 2, 1))
    assert found(draft, [StepRecord("talk", D(2024, 3, 1))]) == []  # 29 days
    assert found(draft, [StepRecord("talk", D(2024, 3, 5))]) == ["talk"]
    late = messages(draft, [StepRecord("talk", D(2024, 3, 5))], step="talk")
    early = messages(draft, [StepRecord("talk", D(2024, 1, 5))], step="talk")
    assert len(late) == 1 and len(early) == 1 and late != early  # two different rules


def test_talk_exactly_one_calendar_month_later_does_not_warn() -> None:
    # 31 days: within "one month" counted on the calendar, not as 30-odd days.
    assert found(person(applied_on=D(2024, 3, 1)), [StepRecord("talk", D(2024, 4, 1))]) == []
    assert found(person(applied_on=D(2024, 3, 1)), [StepRecord("talk", D(2024, 4, 2))]) == ["talk"]
    # 31 January + 1 month is 29 February (2024).
    assert found(person(applied_on=D(2024, 1, 31)), [StepRecord("talk", D(2024, 2, 29))]) == []
    assert found(person(applied_on=D(2024, 1, 31)), [StepRecord("talk", D(2024, 3, 1))]) == ["talk"]


def test_talk_after_a_month_only_application() -> None:
    # Applied "2024.03": a talk in April may be within a month; one in May is certainly not.
    assert found(person(applied_on=D(2024, 3)), [StepRecord("talk", D(2024, 4, 30))]) == []
    assert found(person(applied_on=D(2024, 3)), [StepRecord("talk", D(2024, 5, 1))]) == ["talk"]


def test_the_earliest_talk_counts() -> None:
    draft = person(applied_on=D(2024, 3, 10))
    records = [StepRecord("talk", D(2024, 9, 1)), StepRecord("talk", D(2024, 3, 20))]
    assert found(draft, records) == []


def test_no_talk_or_no_application_no_talk_warning() -> None:
    assert found(person(applied_on=D(2024, 3, 10))) == []
    assert found(person(), [StepRecord("talk", D(2024, 3, 20))]) == []
    # A talk recorded with only a note has no date to judge.
    assert found(person(applied_on=D(2024, 3, 10)), [StepRecord("talk", None, "谈过")]) == []


# -- a year as activist before becoming 发展对象 --------------------------------------------------
@pytest.mark.parametrize(
    ("activist", "candidate", "warns"),
    [
        (D(2024, 3, 10), D(2025, 3, 9), True),  # a day short of a year
        (D(2024, 3, 10), D(2025, 3, 10), False),  # exactly a year
        (D(2024, 3, 10), D(2025, 6, 1), False),
        (D(2024, 3), D(2025, 2), True),  # month-only: certainly less than a year
        (D(2024, 3), D(2025, 3), False),  # month-only: may be a year
        (D(2024, 3), D(2025, 2, 28), True),
        (D(2024, 3), D(2025, 3, 1), False),
        (D(2024, 3, 10), D(2025, 3), False),  # 2025.03 may be on or after 03-10
        (D(2024, 2, 29), D(2025, 2, 28), False),  # a year after 29 February
        (D(2024, 2, 29), D(2025, 2, 27), True),
    ],
)
def test_candidate_less_than_a_year_after_activist(activist: PartialDate, candidate: PartialDate,
                                                   warns: bool) -> None:
    draft = person(stage=Stage.CANDIDATE, activist_on=activist, candidate_on=candidate)
    assert ("candidate" in found(draft)) is warns


def test_candidate_rule_needs_both_dates() -> None:
    assert "candidate" not in found(person(stage=Stage.CANDIDATE, candidate_on=D(2026, 1, 1)))
    assert "candidate" not in found(person(stage=Stage.ACTIVIST, activist_on=D(2026, 1, 1)))


# -- 培养教育考察 every half year ------------------------------------------------------------
def test_a_current_activist_without_reviews_for_more_than_half_a_year_warns() -> None:
    # Six months to today: fine; seven: warned.
    assert "review" not in found(person(stage=Stage.ACTIVIST, activist_on=D(2025, 12, 15)))
    assert "review" in found(person(stage=Stage.ACTIVIST, activist_on=D(2025, 11, 15)))


def test_reviews_every_half_year_satisfy_the_rule() -> None:
    draft = person(stage=Stage.ACTIVIST, activist_on=D(2025, 1, 10))
    reviews = [StepRecord("review", D(2025, 7, 10)), StepRecord("review", D(2026, 1, 10))]
    assert "review" not in found(draft, reviews)
    # In any order: they are sorted by date.
    assert "review" not in found(draft, list(reversed(reviews)))


def test_a_review_a_few_days_past_the_half_year_is_in_time() -> None:
    # Counted in months: January to July is half a year, whatever the days.
    draft = person(stage=Stage.ACTIVIST, activist_on=D(2025, 1, 2))
    assert "review" not in found(draft, [StepRecord("review", D(2025, 7, 30)),
                                         StepRecord("review", D(2026, 1, 2))])
    assert "review" in found(draft, [StepRecord("review", D(2025, 8, 1)),
                                     StepRecord("review", D(2026, 1, 2))])


def test_a_gap_between_two_reviews_warns() -> None:
    draft = person(stage=Stage.ACTIVIST, activist_on=D(2025, 1, 10))
    reviews = [StepRecord("review", D(2025, 4, 10)), StepRecord("review", D(2026, 1, 10))]  # 9 months
    assert "review" in found(draft, reviews)


def test_a_gap_from_the_last_review_to_today_warns_for_a_current_activist() -> None:
    draft = person(stage=Stage.ACTIVIST, activist_on=D(2025, 1, 10))
    reviews = [StepRecord("review", D(2025, 7, 10)), StepRecord("review", D(2025, 10, 10))]
    assert "review" in found(draft, reviews)  # 8 months to 2026-06-15
    assert "review" not in found(draft, reviews, today=dt.date(2026, 4, 10))


def test_old_records_without_reviews_are_not_asked_for_them() -> None:
    # A member from long ago: no review is recorded, none is asked for.
    draft = person(political_status=PoliticalStatus.CPC_MEMBER, stage=Stage.FULL,
                   activist_on=D(2008, 9, 1), candidate_on=D(2010, 10, 1),
                   joined_on=D(2011, 6, 28), full_on=D(2012, 6, 28))
    assert found(draft) == []


def test_once_reviews_are_recorded_the_gaps_up_to_the_candidate_date_count() -> None:
    base = dict(stage=Stage.CANDIDATE, activist_on=D(2024, 1, 10), candidate_on=D(2025, 2, 1))
    spaced = [StepRecord("review", D(2024, 7, 1)), StepRecord("review", D(2025, 1, 5))]
    assert "review" not in found(person(**base), spaced)  # ends at the candidate date, not today
    assert "review" in found(person(**base), spaced[:1])  # 7 months from the review to the candidate


def test_the_review_rule_needs_the_activist_date() -> None:
    assert "review" not in found(person(stage=Stage.ACTIVIST))


# -- 入党介绍人 -----------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["乙", "乙、丙、丁", "乙，丙，丁"])
def test_not_two_introducers_warns(text: str) -> None:
    assert found(person(introducers=text)) == ["introducers"]


@pytest.mark.parametrize("text", ["", "乙、丙", "乙，丙", "乙 丙", "乙,丙", " 乙 、 丙 "])
def test_two_introducers_or_none_named_does_not_warn(text: str) -> None:
    assert found(person(introducers=text)) == []


@pytest.mark.parametrize(
    ("status", "membership"),
    [
        (PoliticalStatus.CPC_PROBATIONARY, MembershipStatus.NORMAL),
        (PoliticalStatus.CPC_MEMBER, MembershipStatus.SUSPENDED),
        (PoliticalStatus.CPC_MEMBER, MembershipStatus.OBSERVATION),
        (PoliticalStatus.MASSES, MembershipStatus.NORMAL),
    ],
)
def test_an_introducer_not_a_full_member_in_good_standing_warns(
        status: PoliticalStatus, membership: MembershipStatus) -> None:
    standings = {"乙": Standing("乙", status, membership),
                 "丙": Standing("丙", PoliticalStatus.CPC_MEMBER, MembershipStatus.NORMAL)}
    draft = person(introducers="乙、丙")
    assert found(draft, introducers=standings) == ["introducers"]
    (message,) = messages(draft, introducers=standings, step="introducers")
    assert "乙" in message and "丙" not in message


def test_full_members_in_good_standing_and_unknown_names_do_not_warn() -> None:
    standings = {"乙": Standing("乙", PoliticalStatus.CPC_MEMBER, MembershipStatus.NORMAL)}
    assert found(person(introducers="乙、丙"), introducers=standings) == []  # 丙 is not in the roster


def test_each_bad_introducer_is_named() -> None:
    standings = {name: Standing(name, PoliticalStatus.CPC_PROBATIONARY, MembershipStatus.NORMAL)
                 for name in ("乙", "丙")}
    found_messages = messages(person(introducers="乙、丙"), introducers=standings, step="introducers")
    assert len(found_messages) == 2
    assert "乙" in found_messages[0] and "丙" in found_messages[1]


# -- 上级党委审批 within three months ----------------------------------------------------------
def test_approval_within_three_months_does_not_warn() -> None:
    draft = person(political_status=PoliticalStatus.CPC_PROBATIONARY, joined_on=D(2025, 1, 15))
    assert found(draft, [StepRecord("approved", D(2025, 4, 15))]) == []
    assert found(draft, [StepRecord("approved", D(2025, 1, 15))]) == []


def test_approval_more_than_three_months_after_admission_warns() -> None:
    draft = person(political_status=PoliticalStatus.CPC_PROBATIONARY, joined_on=D(2025, 1, 15))
    assert found(draft, [StepRecord("approved", D(2025, 4, 25))]) == ["approved"]
    assert found(draft, [StepRecord("approved", D(2025, 6, 1))]) == ["approved"]


def test_approval_exactly_three_calendar_months_later_does_not_warn() -> None:
    # 92 days, but three calendar months.
    draft = person(political_status=PoliticalStatus.CPC_PROBATIONARY, joined_on=D(2024, 3, 1))
    assert found(draft, [StepRecord("approved", D(2024, 6, 1))]) == []


def test_approval_a_day_over_three_calendar_months_warns() -> None:
    # 91 days, but past 2024-04-30, three calendar months after 31 January.
    draft = person(political_status=PoliticalStatus.CPC_PROBATIONARY, joined_on=D(2024, 1, 31))
    assert found(draft, [StepRecord("approved", D(2024, 5, 1))]) == ["approved"]


# -- 转正: a year after joining, or when the extended probation ends ------------------------------
@pytest.mark.parametrize(
    ("joined", "full", "warns"),
    [
        (D(2010, 6, 28), D(2011, 6, 28), False),
        (D(2010, 6, 28), D(2011, 6, 29), True),
        (D(2010, 6, 28), D(2011, 6, 27), True),
        (D(2010, 6, 28), D(2012, 6, 28), True),
        (D(2010, 6), D(2011, 6, 28), False),  # month-only joining: the month must agree
        (D(2010, 6), D(2011, 7, 1), True),
        (D(2010, 6, 28), D(2011, 6), False),  # month-only full membership
        (D(2010, 6, 28), D(2011, 5), True),
        (D(2010, 6), D(2011, 6), False),
        (D(2010, 6), D(2011, 7), True),
        (D(2024, 2, 29), D(2025, 2, 28), False),  # a year after 29 February
    ],
)
def test_full_membership_a_year_after_joining(joined: PartialDate, full: PartialDate, warns: bool) -> None:
    draft = person(political_status=PoliticalStatus.CPC_MEMBER, stage=Stage.FULL, joined_on=joined,
                   full_on=full)
    assert found(draft) == (["full_approved"] if warns else [])


def test_the_full_membership_warning_names_the_expected_date() -> None:
    draft = person(political_status=PoliticalStatus.CPC_MEMBER, joined_on=D(2010, 6, 28), full_on=D(2011, 9, 1))
    (message,) = messages(draft, step="full_approved")
    assert "2011.06.28" in message
    month_only = person(political_status=PoliticalStatus.CPC_MEMBER, joined_on=D(2010, 6), full_on=D(2011, 9, 1))
    (message,) = messages(month_only, step="full_approved")
    assert "2011.06" in message and "2011.06.01" not in message  # no day invented


def test_an_extension_of_six_months_moves_the_full_membership_date() -> None:
    joined = D(2010, 6, 28)
    on_time = person(political_status=PoliticalStatus.CPC_MEMBER, joined_on=joined, full_on=D(2011, 12, 28))
    assert found(on_time, extended=6) == []
    assert found(on_time) == ["full_approved"]  # without the extension it is half a year late
    normal = person(political_status=PoliticalStatus.CPC_MEMBER, joined_on=joined, full_on=D(2011, 6, 28))
    assert found(normal, extended=6) == ["full_approved"]
    (with_extension,) = messages(normal, extended=6, step="full_approved")
    (without,) = messages(on_time, step="full_approved")
    assert "2011.12.28" in with_extension and "2011.06.28" in without
    assert with_extension.replace("2011.12.28", "") != without.replace("2011.06.28", "")


def test_an_extension_of_twelve_months() -> None:
    draft = person(political_status=PoliticalStatus.CPC_MEMBER, joined_on=D(2010, 6, 28), full_on=D(2012, 6, 28))
    assert found(draft, extended=12) == []


@pytest.mark.parametrize("months", [3, 5, 13, 24])
def test_an_extension_outside_six_to_twelve_months_warns(months: int) -> None:
    draft = person(political_status=PoliticalStatus.CPC_PROBATIONARY, joined_on=D(2025, 6, 28))
    assert found(draft, extended=months) == ["full_approved"]


@pytest.mark.parametrize("months", [6, 9, 12, None])
def test_an_extension_of_six_to_twelve_months_does_not_warn(months: int | None) -> None:
    draft = person(political_status=PoliticalStatus.CPC_PROBATIONARY, joined_on=D(2025, 6, 28))
    assert found(draft, extended=months) == []


def test_full_membership_rule_needs_both_dates() -> None:
    assert found(person(political_status=PoliticalStatus.CPC_MEMBER, full_on=D(2011, 1, 1))) == []
    assert found(person(political_status=PoliticalStatus.CPC_PROBATIONARY, joined_on=D(2010, 1, 1))) == []


def test_several_rules_are_reported_together() -> None:
    draft = person(stage=Stage.CANDIDATE, applied_on=D(2024, 1, 1), activist_on=D(2024, 6, 1),
                   candidate_on=D(2024, 12, 1), introducers="乙")
    records = [StepRecord("talk", D(2024, 5, 1))]
    assert found(draft, records) == ["talk", "candidate", "introducers"]


# -- next_step -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "stage", "expected"),
    [
        (PoliticalStatus.MASSES, None, NextStep(Stage.APPLICANT, "applied_on", None)),
        (PoliticalStatus.CYL_MEMBER, None, NextStep(Stage.APPLICANT, "applied_on", None)),
        (PoliticalStatus.MASSES, Stage.APPLICANT, NextStep(Stage.ACTIVIST, "activist_on", None)),
        (PoliticalStatus.CYL_MEMBER, Stage.ACTIVIST, NextStep(Stage.CANDIDATE, "candidate_on", None)),
        (PoliticalStatus.MASSES, Stage.CANDIDATE,
         NextStep(Stage.PROBATIONARY, "joined_on", PoliticalStatus.CPC_PROBATIONARY)),
        (PoliticalStatus.CPC_PROBATIONARY, Stage.PROBATIONARY,
         NextStep(Stage.FULL, "full_on", PoliticalStatus.CPC_MEMBER)),
        (PoliticalStatus.CPC_MEMBER, Stage.FULL, None),
        (PoliticalStatus.CAPD, None, None),  # 民进: members of other parties do not apply
        (PoliticalStatus.JIUSAN, None, None),  # 九三学社
    ],
)
def test_next_step(status: PoliticalStatus, stage: Stage | None, expected: NextStep | None) -> None:
    assert next_step(person(political_status=status, stage=stage)) == expected


# -- probation_end -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("joined", "extended", "end"),
    [
        (D(2025, 6, 28), None, D(2026, 6, 28)),
        (D(2025, 6, 28), 6, D(2026, 12, 28)),
        (D(2025, 6, 28), 12, D(2027, 6, 28)),
        (D(2024, 2, 29), None, D(2025, 2, 28)),  # no 29 February in 2025
        (D(2023, 2, 28), None, D(2024, 2, 28)),
        (D(2023, 8, 31), 6, D(2025, 2, 28)),  # the 31st in a shorter month
        (D(2025, 6), None, D(2026, 6)),  # month-only stays month-only
        (D(2025, 9), 6, D(2027, 3)),
    ],
)
def test_probation_end(joined: PartialDate, extended: int | None, end: PartialDate) -> None:
    assert probation_end(joined, extended) == end
    assert probation_end(joined, extended).precise is joined.precise


# -- split_names ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("", []),
        ("   ", []),
        ("张三", ["张三"]),
        ("张三、李四", ["张三", "李四"]),
        ("张三，李四", ["张三", "李四"]),
        ("张三,李四", ["张三", "李四"]),
        ("张三 李四", ["张三", "李四"]),
        ("张三\u3000李四", ["张三", "李四"]),
        ("张三；李四", ["张三", "李四"]),
        ("张三/李四", ["张三", "李四"]),
        ("张三、 李四", ["张三", "李四"]),  # mixed separators leave no empty names
        ("、张三、、李四、", ["张三", "李四"]),
        ("张三、李四、王五", ["张三", "李四", "王五"]),
    ],
)
def test_split_names(text: str, names: list[str]) -> None:
    assert split_names(text) == names
