"""The 党员大会 vote: who votes, quorum, majority, written opinions."""

from __future__ import annotations

import pytest

from djdesk.domain.errors import ValidationError
from djdesk.domain.people import MembershipStatus, PoliticalStatus
from djdesk.domain.votes import Vote, can_vote, outcome, validate


def test_only_full_members_in_good_standing_vote():
    assert can_vote(PoliticalStatus.CPC_MEMBER, MembershipStatus.NORMAL)
    assert not can_vote(PoliticalStatus.CPC_PROBATIONARY, MembershipStatus.NORMAL)
    assert not can_vote(PoliticalStatus.CPC_MEMBER, MembershipStatus.OBSERVATION)


@pytest.mark.parametrize(("due", "present", "quorum"), [(10, 5, False), (10, 6, True), (9, 5, True), (1, 1, True)])
def test_quorum_is_more_than_half_of_the_voting_members_present(due, present, quorum):
    assert outcome(Vote(due, present, 0, present, 0, 0)).quorum is quorum


def test_passing_needs_more_than_half_of_all_voting_members_due_not_of_those_present():
    # 10 due, 7 present, 5 for: more than half of those present but not of all due.
    assert not outcome(Vote(10, 7, 0, 5, 1, 1)).passed
    assert outcome(Vote(10, 7, 0, 6, 1, 0)).passed
    # no quorum: never passed, however the votes fell
    assert not outcome(Vote(10, 5, 0, 5, 0, 0)).passed


def test_written_opinions_of_absent_voters_count_for_an_admission():
    vote = Vote(voting_due=10, voting_present=6, written_opinions=3, votes_for=9, votes_against=0, votes_abstain=0)
    validate(vote)  # 9 votes > 6 present, allowed by the 3 written opinions
    assert outcome(vote).passed


def test_votes_adding_up_to_more_than_present_plus_written_are_refused():
    with pytest.raises(ValidationError) as error:
        validate(Vote(10, 6, 1, 6, 1, 1))
    assert error.value.problems[0].field == "votes_for"
    assert "8" in error.value.message and "7" in error.value.message


def test_impossible_counts_are_refused_field_by_field():
    with pytest.raises(ValidationError) as error:
        validate(Vote(10, 11, 0, 0, 0, 0))
    assert [p.field for p in error.value.problems] == ["voting_present"]
    with pytest.raises(ValidationError) as error:
        validate(Vote(10, 8, 3, 0, 0, 0))
    assert [p.field for p in error.value.problems] == ["written_opinions"]
    with pytest.raises(ValidationError) as error:
        validate(Vote(10, 8, 0, -1, 0, 0))
    assert [p.field for p in error.value.problems] == ["votes_for"]
    with pytest.raises(ValidationError):
        validate(Vote(0, 0, 0, 0, 0, 0))
