"""A 党员大会 vote: who may vote, the quorum and the majority (中国共产党支部工作条例)."""

from __future__ import annotations

from dataclasses import dataclass

from djdesk.domain.errors import Problem, ValidationError
from djdesk.domain.people import MembershipStatus, PoliticalStatus
from djdesk.i18n import N_, _

VOTE_LABELS = {
    "voting_due": N_("Voting members due"),
    "voting_present": N_("Voting members present"),
    "written_opinions": N_("Written opinions"),
    "votes_for": N_("For"),
    "votes_against": N_("Against"),
    "votes_abstain": N_("Abstain"),
}


def vote_label(field: str) -> str:
    return _(VOTE_LABELS[field])


def can_vote(status: PoliticalStatus, membership: MembershipStatus) -> bool:
    """Only 正式党员 vote, and not while under 留党察看 (or with the membership suspended);
    预备党员 attend without a vote."""
    return status is PoliticalStatus.CPC_MEMBER and membership is MembershipStatus.NORMAL


@dataclass(frozen=True)
class Vote:
    voting_due: int
    voting_present: int
    written_opinions: int
    votes_for: int
    votes_against: int
    votes_abstain: int

    @property
    def cast(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstain


@dataclass(frozen=True)
class VoteOutcome:
    quorum: bool  # more than half of the voting members present
    passed: bool  # 赞成 from more than half of all voting members due

    def describe(self) -> str:
        if not self.quorum:
            return _("No quorum: fewer than half of the voting members were present; the vote is not valid.")
        if self.passed:
            return _("Quorum reached; passed with more than half of all voting members in favour.")
        return _("Quorum reached; not passed: fewer than half of all voting members were in favour.")


def _problem(field: str, message: str) -> Problem:
    return Problem(field, vote_label(field), message)


def validate(vote: Vote) -> None:
    """Counts that cannot be true; raises ValidationError naming each field."""
    problems = [
        _problem(field, _("cannot be negative"))
        for field in VOTE_LABELS if getattr(vote, field) < 0
    ]
    if problems:
        raise ValidationError(problems)
    if vote.voting_due == 0:
        problems.append(_problem("voting_due", _("a vote needs voting members")))
    if vote.voting_present > vote.voting_due:
        problems.append(_problem("voting_present", _(
            "{present} present is more than the {due} voting members due").format(
                present=vote.voting_present, due=vote.voting_due)))
    absent = vote.voting_due - vote.voting_present
    if vote.written_opinions > max(absent, 0):
        problems.append(_problem("written_opinions", _(
            "only the {absent} absent voting members can send written opinions").format(absent=max(absent, 0))))
    allowed = vote.voting_present + vote.written_opinions
    if vote.cast > allowed:
        problems.append(_problem("votes_for", _(
            "for, against and abstain add up to {cast}, more than the {allowed} present or voting "
            "in writing").format(cast=vote.cast, allowed=allowed)))
    if problems:
        raise ValidationError(problems)


def outcome(vote: Vote) -> VoteOutcome:
    quorum = vote.voting_present * 2 > vote.voting_due
    return VoteOutcome(quorum=quorum, passed=quorum and vote.votes_for * 2 > vote.voting_due)
