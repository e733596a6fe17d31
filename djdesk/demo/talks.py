"""The demo school's 谈心谈话: every member last year, most of them so far this year."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm import Session

from djdesk.demo.people import DemoPerson
from djdesk.store.models import Talk

SEED = 20250103  # its own seed: adding talks does not reshuffle the rest of the demo
NOTES = (
    "了解近期思想和工作情况，听取对支部工作的意见建议。",
    "交流班主任工作中的困难，鼓励其发挥党员先锋模范作用。",
    "谈心了解家庭情况，提醒按时参加组织生活。",
    "就教学改革和青年教师培养交换意见。",
    "听取对师德师风建设的建议，勉励其立足岗位作贡献。",
)
SHARE_THIS_YEAR = 0.7


def make(session: Session, today: dt.date, people: list[DemoPerson]) -> int:
    rng = random.Random(SEED)
    secretaries = {p.branch_id: p for p in people if p.role == "secretary" and p.left is None}
    count = 0
    for year, share in ((today.year - 1, 1.0), (today.year, SHARE_THIS_YEAR)):
        last = dt.date(year, 12, 31) if year < today.year else today - dt.timedelta(days=1)
        for person in people:
            secretary = secretaries.get(person.branch_id)
            if (secretary is None or person is secretary or not person.status.is_party_member
                    or person.joined is None or person.left is not None):
                continue
            if rng.random() >= share:
                continue
            start = max(dt.date(year, 3, 1), person.joined)
            if start > last:
                continue
            day = start + dt.timedelta(days=rng.randrange((last - start).days + 1))
            while day.weekday() >= 5:
                day -= dt.timedelta(days=1)
            session.add(Talk(branch_id=person.branch_id, talker_id=secretary.id, person_id=person.id,
                             held_on=day, note=rng.choice(NOTES)))
            count += 1
    return count
