"""Changes of standing: what each kind needs, and what it does to the record."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from djdesk.domain.dates import PartialDate
from djdesk.domain.errors import ValidationError
from djdesk.domain.people import LeftReason, MembershipStatus, PoliticalStatus, Stage
from djdesk.domain.status import MEMBERS_ONLY, Change, ChangeKind, Standing, effect, validate_change
from djdesk.i18n import _

TODAY = dt.date(2026, 6, 15)
D = PartialDate
ON = D(2026, 5, 10)

MEMBER = Standing(
    political_status=PoliticalStatus.CPC_MEMBER, stage=Stage.FULL, membership_status=MembershipStatus.NORMAL,
    birth_date=D(1985, 3, 12), joined_on=D(2010, 6, 28), left_on=None, probation_extended_months=None,
)
PROBATIONARY = dataclasses.replace(MEMBER, political_status=PoliticalStatus.CPC_PROBATIONARY,
                                   stage=Stage.PROBATIONARY, joined_on=D(2025, 9, 1))
NON_MEMBER = dataclasses.replace(MEMBER, political_status=PoliticalStatus.MASSES, stage=None, joined_on=None)

# A change of each kind with everything it needs.
COMPLETE = {
    ChangeKind.TRANSFER_OUT: Change(ChangeKind.TRANSFER_OUT, ON, organisation="中共某中学支部委员会",
                                    letter_no="2026-017", dues_until=D(2026, 5)),
    ChangeKind.TRANSFER_IN: Change(ChangeKind.TRANSFER_IN, ON, organisation="中共某小学支部委员会"),
    ChangeKind.SUSPENDED: Change(ChangeKind.SUSPENDED, ON, note="支部大会决定"),
    ChangeKind.OBSERVATION: Change(ChangeKind.OBSERVATION, ON, months=12, note="纪律处分"),
    ChangeKind.RESTORED: Change(ChangeKind.RESTORED, ON),
    ChangeKind.EXTENDED: Change(ChangeKind.EXTENDED, ON, months=6),
    ChangeKind.LOST: Change(ChangeKind.LOST, ON, note="自行脱党，支部大会决定除名"),
    ChangeKind.DECEASED: Change(ChangeKind.DECEASED, ON, note="病故"),
    ChangeKind.LEFT: Change(ChangeKind.LEFT, ON, note="调往外地"),
}


def standing_for(kind: ChangeKind) -> Standing:
    """A standing each complete change fits."""
    if kind is ChangeKind.EXTENDED:
        return PROBATIONARY
    if kind is ChangeKind.RESTORED:
        return dataclasses.replace(MEMBER, membership_status=MembershipStatus.SUSPENDED)
    if kind is ChangeKind.LEFT:  # a member leaving is a transfer out
        return NON_MEMBER
    return MEMBER


def problems(change: Change, standing: Standing, *, today: dt.date = TODAY) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        validate_change(change, standing, today=today)
    out: dict[str, list[str]] = {}
    for problem in caught.value.problems:
        assert problem.field is not None
        out.setdefault(problem.field, []).append(problem.message)
    return out


@pytest.mark.parametrize("kind", list(ChangeKind))
def test_a_complete_change_of_each_kind_is_accepted(kind: ChangeKind) -> None:
    assert validate_change(COMPLETE[kind], standing_for(kind), today=TODAY).kind is kind


@pytest.mark.parametrize("kind", list(ChangeKind))
def test_the_date_is_required(kind: ChangeKind) -> None:
    change = dataclasses.replace(COMPLETE[kind], on=None)
    assert problems(change, standing_for(kind)) == {"on": [_("is required")]}


@pytest.mark.parametrize("kind", list(ChangeKind))
def test_a_future_date_is_refused(kind: ChangeKind) -> None:
    change = dataclasses.replace(COMPLETE[kind], on=D(2026, 6, 16))
    assert problems(change, standing_for(kind)) == {"on": [_("is in the future")]}


def test_today_and_this_month_are_not_the_future() -> None:
    validate_change(dataclasses.replace(COMPLETE[ChangeKind.LEFT], on=D(2026, 6, 15)), NON_MEMBER, today=TODAY)
    validate_change(dataclasses.replace(COMPLETE[ChangeKind.LEFT], on=D(2026, 6)), NON_MEMBER, today=TODAY)


def test_a_date_before_birth_is_refused() -> None:
    change = dataclasses.replace(COMPLETE[ChangeKind.DECEASED], on=D(1985, 3, 11))
    assert problems(change, MEMBER) == {"on": [_("is before the date of birth")]}
    # The month of birth itself may be after the birth.
    validate_change(dataclasses.replace(change, on=D(1985, 3)), MEMBER, today=TODAY)


@pytest.mark.parametrize("kind", sorted(MEMBERS_ONLY))
def test_member_only_kinds_are_refused_for_a_non_member(kind: ChangeKind) -> None:
    found = problems(COMPLETE[kind], NON_MEMBER)
    assert _("only applies to party members") in found["on"]


@pytest.mark.parametrize("kind", [ChangeKind.TRANSFER_IN, ChangeKind.DECEASED, ChangeKind.LEFT])
def test_kinds_for_anyone_on_the_staff_list(kind: ChangeKind) -> None:
    validate_change(COMPLETE[kind], NON_MEMBER, today=TODAY)


def test_member_only_kinds_are_exactly_these() -> None:
    assert MEMBERS_ONLY == {ChangeKind.TRANSFER_OUT, ChangeKind.SUSPENDED, ChangeKind.OBSERVATION,
                            ChangeKind.RESTORED, ChangeKind.EXTENDED, ChangeKind.LOST}


@pytest.mark.parametrize("kind", [k for k in ChangeKind if k is not ChangeKind.TRANSFER_IN])
def test_nothing_but_a_transfer_in_for_someone_who_has_left(kind: ChangeKind) -> None:
    gone = dataclasses.replace(standing_for(kind), left_on=D(2026, 1, 5))
    found = problems(COMPLETE[kind], gone)
    (message,) = found["on"]
    assert "2026.01.05" in message


def test_a_transfer_in_for_someone_who_has_left_is_accepted() -> None:
    gone = dataclasses.replace(MEMBER, left_on=D(2024, 1, 5))
    validate_change(COMPLETE[ChangeKind.TRANSFER_IN], gone, today=TODAY)


@pytest.mark.parametrize("kind", [ChangeKind.TRANSFER_OUT, ChangeKind.TRANSFER_IN])
@pytest.mark.parametrize("organisation", ["", "   "])
def test_a_transfer_names_the_organisation(kind: ChangeKind, organisation: str) -> None:
    change = dataclasses.replace(COMPLETE[kind], organisation=organisation)
    assert problems(change, MEMBER) == {"organisation": [_("name the organisation")]}


def test_dues_paid_up_to_at_most_a_year_after_the_transfer() -> None:
    change = COMPLETE[ChangeKind.TRANSFER_OUT]  # on 2026-05-10
    validate_change(dataclasses.replace(change, dues_until=D(2027, 5)), MEMBER, today=TODAY)
    validate_change(dataclasses.replace(change, dues_until=D(2027, 5, 10)), MEMBER, today=TODAY)
    validate_change(dataclasses.replace(change, dues_until=None), MEMBER, today=TODAY)
    found = problems(dataclasses.replace(change, dues_until=D(2027, 6)), MEMBER)
    assert list(found) == ["dues_until"]
    assert list(problems(dataclasses.replace(change, dues_until=D(2027, 5, 11)), MEMBER)) == ["dues_until"]


@pytest.mark.parametrize("months", [12, 24])
def test_observation_lasts_one_or_two_years(months: int) -> None:
    clean = validate_change(dataclasses.replace(COMPLETE[ChangeKind.OBSERVATION], months=months),
                            MEMBER, today=TODAY)
    assert clean.months == months


@pytest.mark.parametrize("months", [None, 6, 18, 36])
def test_observation_of_another_length_is_refused(months: int | None) -> None:
    change = dataclasses.replace(COMPLETE[ChangeKind.OBSERVATION], months=months)
    assert list(problems(change, MEMBER)) == ["months"]


def test_only_a_probationary_member_can_have_the_probation_extended() -> None:
    found = problems(COMPLETE[ChangeKind.EXTENDED], MEMBER)
    assert list(found) == ["on"]


def test_a_probation_is_extended_only_once() -> None:
    once = dataclasses.replace(PROBATIONARY, probation_extended_months=6)
    found = problems(COMPLETE[ChangeKind.EXTENDED], once)
    assert list(found) == ["on"]
    assert found["on"] != problems(COMPLETE[ChangeKind.EXTENDED], MEMBER)["on"]  # another reason


@pytest.mark.parametrize("months", [6, 9, 12])
def test_an_extension_of_six_to_twelve_months_is_accepted(months: int) -> None:
    clean = validate_change(dataclasses.replace(COMPLETE[ChangeKind.EXTENDED], months=months),
                            PROBATIONARY, today=TODAY)
    assert clean.months == months


@pytest.mark.parametrize("months", [None, 0, 5, 13, 24])
def test_an_extension_outside_six_to_twelve_months_is_refused(months: int | None) -> None:
    change = dataclasses.replace(COMPLETE[ChangeKind.EXTENDED], months=months)
    assert list(problems(change, PROBATIONARY)) == ["months"]


def test_restoring_a_normal_membership_is_refused() -> None:
    assert list(problems(COMPLETE[ChangeKind.RESTORED], MEMBER)) == ["on"]


@pytest.mark.parametrize("status", [MembershipStatus.SUSPENDED, MembershipStatus.OBSERVATION])
def test_restoring_a_suspended_or_observed_membership(status: MembershipStatus) -> None:
    validate_change(COMPLETE[ChangeKind.RESTORED], dataclasses.replace(MEMBER, membership_status=status),
                    today=TODAY)


@pytest.mark.parametrize("kind", [ChangeKind.SUSPENDED, ChangeKind.OBSERVATION])
@pytest.mark.parametrize("status", [MembershipStatus.SUSPENDED, MembershipStatus.OBSERVATION])
def test_suspending_or_observing_needs_a_normal_membership(kind: ChangeKind, status: MembershipStatus) -> None:
    found = problems(COMPLETE[kind], dataclasses.replace(MEMBER, membership_status=status))
    (message,) = found["on"]
    assert status.label in message


@pytest.mark.parametrize("kind", [ChangeKind.LOST, ChangeKind.SUSPENDED])
@pytest.mark.parametrize("note", ["", "  "])
def test_the_decision_is_required_for_ending_or_suspending(kind: ChangeKind, note: str) -> None:
    change = dataclasses.replace(COMPLETE[kind], note=note)
    assert list(problems(change, MEMBER)) == ["note"]


@pytest.mark.parametrize("kind", [ChangeKind.DECEASED, ChangeKind.LEFT, ChangeKind.RESTORED,
                                  ChangeKind.OBSERVATION, ChangeKind.TRANSFER_OUT])
def test_no_note_needed_for_other_kinds(kind: ChangeKind) -> None:
    validate_change(dataclasses.replace(COMPLETE[kind], note=""), standing_for(kind), today=TODAY)


def test_every_problem_is_reported_at_once() -> None:
    change = Change(ChangeKind.TRANSFER_OUT, None, organisation="")
    assert set(problems(change, NON_MEMBER)) == {"on", "organisation"}


def test_the_clean_change_is_trimmed_and_months_kept_only_where_they_mean_something() -> None:
    clean = validate_change(Change(ChangeKind.TRANSFER_OUT, ON, organisation="  某支部 ", letter_no=" 17 ",
                                   months=12, note=" 说明 "), MEMBER, today=TODAY)
    assert (clean.organisation, clean.letter_no, clean.note, clean.months) == ("某支部", "17", "说明", None)
    clean = validate_change(COMPLETE[ChangeKind.EXTENDED], PROBATIONARY, today=TODAY)
    assert clean.months == 6


# -- effect --------------------------------------------------------------------------------
def test_effect_of_a_transfer_out() -> None:
    assert effect(COMPLETE[ChangeKind.TRANSFER_OUT]) == {
        "left_on": ON, "left_reason": LeftReason.TRANSFERRED_OUT, "left_note": "中共某中学支部委员会"}


def test_effect_of_a_transfer_in_clears_having_left() -> None:
    assert effect(COMPLETE[ChangeKind.TRANSFER_IN]) == {
        "transferred_in_on": ON, "transferred_in_from": "中共某小学支部委员会",
        "left_on": None, "left_reason": None, "left_note": ""}


def test_effect_of_a_suspension() -> None:
    assert effect(COMPLETE[ChangeKind.SUSPENDED]) == {
        "membership_status": MembershipStatus.SUSPENDED, "membership_status_since": ON,
        "membership_status_until": None}


@pytest.mark.parametrize(("months", "until"), [(12, D(2027, 5, 10)), (24, D(2028, 5, 10))])
def test_effect_of_observation_ends_after_its_period(months: int, until: PartialDate) -> None:
    change = dataclasses.replace(COMPLETE[ChangeKind.OBSERVATION], months=months)
    assert effect(change) == {"membership_status": MembershipStatus.OBSERVATION,
                              "membership_status_since": ON, "membership_status_until": until}


def test_effect_of_observation_from_a_month_only_date() -> None:
    change = Change(ChangeKind.OBSERVATION, D(2026, 2), months=24)
    assert effect(change)["membership_status_until"] == D(2028, 2)


def test_effect_of_restoring() -> None:
    assert effect(COMPLETE[ChangeKind.RESTORED]) == {
        "membership_status": MembershipStatus.NORMAL, "membership_status_since": ON,
        "membership_status_until": None}


def test_effect_of_an_extension() -> None:
    assert effect(dataclasses.replace(COMPLETE[ChangeKind.EXTENDED], months=9)) == {
        "probation_extended_months": 9}


def test_effect_of_losing_the_membership() -> None:
    assert effect(COMPLETE[ChangeKind.LOST]) == {
        "political_status": PoliticalStatus.MASSES, "stage": None,
        "membership_status": MembershipStatus.NORMAL, "membership_status_since": ON,
        "membership_status_until": None, "party_post": "", "branch_id": None, "group_id": None,
        "probation_extended_months": None, "applied_on": None, "activist_on": None,
        "candidate_on": None, "joined_on": None, "full_on": None, "introducers": "", "contacts": ""}


def test_a_member_who_leaves_is_transferred_out_and_the_dead_do_not_transfer_in() -> None:
    assert "on" in problems(COMPLETE[ChangeKind.LEFT], MEMBER)
    dead = dataclasses.replace(MEMBER, left_on=D(2025, 1, 3), left_reason=LeftReason.DECEASED)
    assert "on" in problems(COMPLETE[ChangeKind.TRANSFER_IN], dead)
    gone = dataclasses.replace(MEMBER, left_on=D(2025, 1, 3), left_reason=LeftReason.TRANSFERRED_OUT)
    validate_change(COMPLETE[ChangeKind.TRANSFER_IN], gone, today=TODAY)


def test_effect_of_death() -> None:
    assert effect(COMPLETE[ChangeKind.DECEASED]) == {
        "left_on": ON, "left_reason": LeftReason.DECEASED, "left_note": "病故"}


def test_effect_of_leaving_the_school() -> None:
    assert effect(COMPLETE[ChangeKind.LEFT]) == {
        "left_on": ON, "left_reason": LeftReason.RESIGNED, "left_note": "调往外地"}



def test_a_members_change_dated_before_joining_is_refused() -> None:
    joined = MEMBER.joined_on
    assert joined is not None
    before = PartialDate.of(joined.first_day() - dt.timedelta(days=1))
    change = dataclasses.replace(COMPLETE[ChangeKind.SUSPENDED], on=before)
    assert "on" in problems(change, MEMBER)
    # A transfer in or a death may predate the joining date recorded here: not checked.
    validate_change(dataclasses.replace(COMPLETE[ChangeKind.DECEASED], on=before), MEMBER, today=TODAY)
