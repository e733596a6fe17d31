"""The demo school's 民主评议党员: last year's evaluation of every branch, held at its January
组织生活会, with ballots, grades under the cap on 优秀, and one member graded down with a reason."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain.democratic import ReviewGrade, Tally, excellent_cap, parse_share
from djdesk.domain.meetings import MeetingStatus
from djdesk.services import democratic as service
from djdesk.store.models import Branch, Review, ReviewEntry

SEED = 20260120  # its own seed: the rest of the demo is not reshuffled
SELF_NOTES = (
    "认真学习党的创新理论，按时参加组织生活，立足岗位做好教育教学工作。",
    "能够发挥党员先锋模范作用，主动承担毕业班教学任务；理论学习的系统性还需加强。",
    "积极参加主题党日和志愿服务，按时足额交纳党费；批评与自我批评还不够深入。",
    "坚持立德树人，关心学生成长；对新教师的传帮带做得不够。",
    "退休后坚持参加支部学习，关心学校发展，发挥余热。",
)


def _tally(rng: random.Random, ballots: int, lean: float) -> Tally:
    """Marks from `ballots` ballots, `lean` the share marking 优秀; a ballot now and then blank."""
    excellent = competent = basic = 0
    for _ballot in range(ballots):
        draw = rng.random()
        if draw < 0.02:
            continue
        if draw < lean:
            excellent += 1
        elif draw < 0.97:
            competent += 1
        else:
            basic += 1
    return Tally(excellent, competent, basic, 0)


def make(session: Session, today: dt.date) -> None:
    rng = random.Random(SEED)
    year = today.year - 1
    for branch_id in session.scalars(select(Branch.id).order_by(Branch.sort_order, Branch.id)):
        review_id = service.open_review(session, branch_id, year, today)
        review = session.get(Review, review_id)
        assert review is not None
        entries = [e for e in review.entries if e.counted]
        meeting = service.review_view(session, review_id).meeting
        if meeting is None or meeting.status is not MeetingStatus.HELD:
            continue  # early in the year: the evaluation is opened, not yet held
        review.ballots = max(len(entries) - rng.randint(0, 2), 1)
        review.decided_on = meeting.starts_at.date()
        tallies = {e.id: _tally(rng, review.ballots, rng.choice((0.15, 0.3, 0.55, 0.7))) for e in entries}
        cap = excellent_cap(len(entries), parse_share(review.share)) or 0
        # The branch keeps 优秀 for the members most ballots marked so, up to the cap.
        ranked = sorted(entries, key=lambda e: -tallies[e.id].excellent)
        excellent = {e.id for e in ranked[:cap] if tallies[e.id].excellent * 2 > review.ballots}
        for entry in entries:
            _grade(entry, tallies[entry.id], entry.id in excellent)
            entry.self_note = rng.choice(SELF_NOTES)
        basic = [e for e in entries if e.grade is ReviewGrade.COMPETENT and not e.grade_reason]
        if len(basic) > 8:  # one member the branch graded down, on its own judgement
            chosen = rng.choice(basic)
            chosen.grade = ReviewGrade.BASIC
            chosen.grade_reason = "全年无故缺席组织生活 3 次，经支委会研究评定为基本合格"
    session.flush()


def _grade(entry: ReviewEntry, tally: Tally, excellent: bool) -> None:
    entry.votes_excellent, entry.votes_competent = tally.excellent, tally.competent
    entry.votes_basic, entry.votes_incompetent = tally.basic, tally.incompetent
    if excellent:
        entry.grade = ReviewGrade.EXCELLENT
    else:
        entry.grade = ReviewGrade.COMPETENT
        if ReviewGrade.COMPETENT not in tally.leading():
            entry.grade_reason = "优秀比例所限，经支部党员大会评定为合格"
