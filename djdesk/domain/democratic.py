"""民主评议党员: the grades, the 民主测评 tally and its rules, the cap on 优秀, and who a branch's
evaluation for a 所属年度 lists.

Who is listed (`enrol`), for branch B and year Y (the year ends on its 31 December, "the end"):
- evaluated: people of B who were party members on the day of the evaluation (正式 or 预备,
  not left by then; "now" for one opened before its meeting), had joined by the
  end (or have no 入党日期: a gap in the record) and had not arrived from elsewhere after it.
  Their standing (正式/预备) is the one at the end of the year;
- listed apart, not evaluated: people of B who were members during Y but no longer were on the
  day of the evaluation (its meeting, or the day it is opened), having left the school (转出,
  death, leaving; or away then, between a 转出 and a later return) or lost their membership
  (出党; the branch is the one they had before it) between 1 January and that day.
The list is stored when the evaluation is opened: later changes to the roster never alter it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from djdesk.domain.choices import Choice
from djdesk.domain.errors import Problem
from djdesk.domain.membership import Lost, StatPerson, is_full
from djdesk.domain.people import PoliticalStatus
from djdesk.i18n import N_, _


class ReviewGrade(Choice):
    EXCELLENT = ("excellent", N_("Excellent"))
    COMPETENT = ("competent", N_("Competent"))
    BASIC = ("basic", N_("Basically competent"))
    INCOMPETENT = ("incompetent", N_("Incompetent"))


GRADES = tuple(ReviewGrade)

# What the office usually records for a member graded 不合格 (free text is allowed too).
HANDLINGS = (
    N_("Correct within a time limit"),
    N_("Advised to withdraw from the party"),
    N_("Removed from the party"),
    N_("Probation extended"),
    N_("Probationary membership cancelled"),
)

SHARES = ("1/3", "1/4", "1/5", "30%", "20%")  # offered; any fraction or percentage will do
MAX_BALLOTS = 9999

REVIEW_LABELS = {
    "ballots": N_("Ballots returned"),
    "share": N_("Cap on Excellent"),
    "meeting_id": N_("Held at"),
    "decided_on": N_("Graded on"),
    "self_note": N_("Personal self-evaluation"),
    "votes_excellent": N_("Votes for Excellent"),
    "votes_competent": N_("Votes for Competent"),
    "votes_basic": N_("Votes for Basically competent"),
    "votes_incompetent": N_("Votes for Incompetent"),
    "votes": N_("Ballot tally"),
    "grade": N_("Branch's grade"),
    "grade_reason": N_("Reason for the grade"),
    "handling": N_("Handling decided"),
    "handled_on": N_("Handled on"),
    "apart_reason": N_("Reason"),
    "note": N_("Notes"),
}


def review_label(field: str) -> str:
    return _(REVIEW_LABELS[field])


def problem(field: str, message: str) -> Problem:
    return Problem(field, review_label(field), message)


def vote_field(grade: ReviewGrade) -> str:
    return f"votes_{grade.value}"


# -- the tally ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Tally:
    """The 民主测评 ballots' marks for one member, by grade."""

    excellent: int = 0
    competent: int = 0
    basic: int = 0
    incompetent: int = 0

    @classmethod
    def of(cls, counts: dict[ReviewGrade, int]) -> Tally:
        return cls(*(counts.get(g, 0) for g in GRADES))

    def count(self, grade: ReviewGrade) -> int:
        return int(getattr(self, grade.value))

    @property
    def total(self) -> int:
        return self.excellent + self.competent + self.basic + self.incompetent

    def leading(self) -> frozenset[ReviewGrade]:
        """The grades with the most votes (more than one on a tie); none without votes."""
        top = max(self.count(g) for g in GRADES)
        return frozenset() if top == 0 else frozenset(g for g in GRADES if self.count(g) == top)

    def text(self) -> str:
        """"优秀 8，合格 3，基本合格 0，不合格 0"."""
        return _(", ").join(f"{g.label} {self.count(g)}" for g in GRADES)


def tally_problems(tally: Tally, ballots: int | None) -> list[Problem]:
    """A member's marks cannot outnumber the ballots returned: each ballot marks one grade at
    most for each member (a ballot left blank for someone counts for no grade)."""
    found = [problem(vote_field(g), _("a number of votes is 0 or more"))
             for g in GRADES if tally.count(g) < 0]
    if found or tally.total == 0:
        return found
    if ballots is None:
        return [problem("votes", _("enter the number of ballots returned first"))]
    if tally.total > ballots:
        return [problem("votes", _("{votes} votes in all, but only {ballots} ballots were returned")
                        .format(votes=tally.total, ballots=ballots))]
    return []


def needs_reason(grade: ReviewGrade | None, tally: Tally) -> bool:
    """The branch's grade differs from what most ballots said: the reason must be recorded."""
    leading = tally.leading()
    return grade is not None and bool(leading) and grade not in leading


def leading_text(tally: Tally) -> str:
    return _(", ").join(g.label for g in GRADES if g in tally.leading())


# -- the cap on 优秀 ------------------------------------------------------------------------
_PERCENT = re.compile(r"^(\d{1,3}(?:\.\d+)?)\s*[%％]$")
_FRACTION = re.compile(r"^(\d{1,3})\s*[/／]\s*(\d{1,3})$")


def parse_share(text: str) -> Fraction | None:
    """"1/3" or "30%" → the share; "" → no cap. Raises ValueError for anything else."""
    text = text.strip()
    if not text:
        return None
    if match := _FRACTION.match(text):
        top, bottom = int(match[1]), int(match[2])
        if bottom == 0:
            raise ValueError(text)
        share = Fraction(top, bottom)
    elif match := _PERCENT.match(text):
        share = Fraction(match[1]) / 100
    else:
        raise ValueError(text)
    if not 0 < share <= 1:
        raise ValueError(text)
    return share


def share_problem(text: str) -> Problem | None:
    try:
        parse_share(text)
    except ValueError:
        return problem("share", _("write it as a fraction such as 1/3, or a percentage such as 30%"))
    return None


def excellent_cap(members: int, share: Fraction | None) -> int | None:
    """How many of `members` may be 优秀: "at most one third" of 10 is 3, of 2 is none."""
    return None if share is None else math.floor(members * share)


def cap_problem(excellent: int, members: int, share_text: str) -> str | None:
    """Why `excellent` 优秀 among `members` is over the cap, or None."""
    cap = excellent_cap(members, parse_share(share_text))
    if cap is None or excellent <= cap:
        return None
    return _("Excellent is at most {share} of the members evaluated: {members} members, so at "
             "most {cap}, but this would make {count}").format(
        share=share_text.strip(), members=members, cap=cap, count=excellent)


# -- who is listed ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Enrolment:
    person_id: int
    probationary: bool
    counted: bool  # False: listed apart, not evaluated
    apart_reason: str = ""


_IN_PARTY = (PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY)


def enrol(people: Iterable[StatPerson], branch_id: int, year: int, lost: Lost,
          as_of: dt.date) -> list[Enrolment]:
    """Who branch `branch_id`'s evaluation for `year` lists, by this module's docstring;
    `as_of` is the day of the evaluation (its meeting, or today): who left after it was there."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    found = []
    for p in people:
        if p.branch_id != branch_id:
            continue
        if (p.joined_on is not None and p.joined_on > end) or (
                p.transferred_in_on is not None and p.transferred_in_on > end):
            continue
        lost_in = sorted(on for on in lost.get(p.id, ()) if on >= start)
        lost_by = lost_in[0] if lost_in and lost_in[0] <= as_of else None
        left_by = p.left_on if p.left_on is not None and p.left_on <= as_of else None
        why = p.left_reason
        # Away on the day after leaving and before coming back (a 转出 and a later 转入).
        away = next(((left, reason) for left, reason, back in p.gaps if left <= as_of < back), None)
        if away is not None and (left_by is None or away[0] < left_by):
            left_by, why = away
        if p.political_status not in _IN_PARTY and not lost_in:
            continue  # never a member this year (an activist of the branch, say)
        if any(left <= start and back > end for left, _why, back in p.gaps):
            continue  # away the whole year (transferred out before it, back after it)
        member = p.political_status in _IN_PARTY or any(on > as_of for on in lost_in)
        if member and left_by is None and lost_by is None:
            found.append(Enrolment(p.id, not is_full(p, end), True))
        elif left_by is not None and left_by >= start and (lost_by is None or left_by <= lost_by):
            reason = why.label if why else _("Left")
            found.append(Enrolment(p.id, not is_full(p, left_by), False, f"{left_by:%Y.%m.%d} {reason}".strip()))
        elif lost_by is not None:
            found.append(Enrolment(p.id, not is_full(p, lost_by), False,
                                   _("{date} lost membership").format(date=f"{lost_by:%Y.%m.%d}")))
    return found
