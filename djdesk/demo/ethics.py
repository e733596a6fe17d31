"""The demo school's 师德考核: last school year closed, this one under way; violations, training,
honours and observed lessons to go with them."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain.ethics import (
    ETHICS_TAG,
    HonourLevel,
    LearningKind,
    ObservationKind,
    ObservationRating,
    Sanction,
)
from djdesk.services import ethics as service
from djdesk.services import ethics_records as records
from djdesk.services import learning
from djdesk.store.models import EthicsEntry, EthicsScore, Person

SEED = 20250108  # its own seed: the rest of the demo is not reshuffled
TRAININGS = (
    ("学习《新时代中小学教师职业行为十项准则》", "3"),
    ("师德师风专题报告会", "2"),
    ("警示教育：违反师德典型案例通报", "2"),
)
NEW_TEACHER_TRAINING = ("新任教师师德规范专题培训", "4")
OBSERVATION_NOTES = (
    "教学目标明确，课堂组织有序，注重学生参与。",
    "板书规范，讲练结合；个别学生关注不够。",
    "语言亲切，尊重学生，课堂氛围好。",
    "环节紧凑，建议增加分层练习。",
)


def _score(rng: random.Random, base: float) -> int:
    """Hundredths of a point, around the teacher's level, never over 100."""
    return round(min(100.0, max(55.0, rng.gauss(base, 3.0))) * 10) * 10


def _fill(session: Session, period_id: int, rng: random.Random, share: float) -> None:
    entries = session.execute(select(EthicsEntry.id, EthicsEntry.person_id)
                              .where(EthicsEntry.period_id == period_id)).all()
    for entry_id, _pid in entries:
        if rng.random() >= share:
            continue
        base = rng.choice((93, 90, 88, 85, 82, 78, 72))
        session.add_all(EthicsScore(entry_id=entry_id, category=c, rater="", item=-1, points=_score(rng, base))
                        for c in range(4))
    session.flush()


def make(session: Session, today: dt.date) -> None:
    rng = random.Random(SEED)
    start_year = today.year if today.month >= 9 else today.year - 1
    draft = service.default_draft(session, today)
    draft = replace(draft, scheme=replace(draft.scheme, cap_percent=20))
    last = service.open_period(session, replace(
        draft, name=f"{start_year - 1}-{start_year}学年", starts_on=dt.date(start_year - 1, 9, 1),
        ends_on=dt.date(start_year, 8, 31)))
    teachers = [pid for (pid,) in session.execute(select(EthicsEntry.person_id).where(EthicsEntry.period_id == last))]
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(teachers)))}
    # Training: the whole staff's sessions each year, and new teachers' own course (one missed it).
    for year in (start_year - 1, start_year):
        for i, (topic, hours) in enumerate(TRAININGS):
            day = dt.date(year, 9, 10) + dt.timedelta(days=30 * i)
            if day < today:
                learning.add(session, learning.LearningDraft(tuple(teachers), day, topic, LearningKind.TRAINING,
                                                             hours, ETHICS_TAG, "学校党总支"), today=today)
    new = [pid for pid, p in people.items() if p.work_start and p.work_start.year >= start_year - 1]
    if new:
        learning.add(session, learning.LearningDraft(tuple(new[1:]) or tuple(new), dt.date(start_year - 1, 10, 20),
                                                     NEW_TEACHER_TRAINING[0], LearningKind.TRAINING,
                                                     NEW_TEACHER_TRAINING[1], ETHICS_TAG, "区教师进修学校"),
                     today=today)
    # Two cases: paid tutoring last year (记过), and a 诫勉谈话 with its bar.
    ordered = sorted(teachers)
    if len(ordered) < 8:
        return  # not a school to show this with
    records.add_violation(session, records.ViolationDraft(
        ordered[7 % len(ordered)], dt.date(start_year, 3, 14), "有偿补课", "寒假期间在校外培训机构有偿授课，经查属实。",
        Sanction.DEMERIT, decided_on=dt.date(start_year, 4, 2)), today=today)
    records.add_violation(session, records.ViolationDraft(
        ordered[21 % len(ordered)], dt.date(start_year - 1, 11, 5), "收受家长财物", "收受学生家长购物卡一张，已退还。",
        Sanction.OTHER, "诫勉谈话", 24, dt.date(start_year - 1, 11, 20)), today=today)
    _fill(session, last, rng, 1.0)
    proposal = service.propose_cap(session, last, today)
    if proposal is not None:
        service.apply_cap(session, last, set(proposal.withhold))
    service.close_period(session, last, dt.date(start_year, 7, 10))
    for pid, title, level in ((ordered[2 % len(ordered)], "最美教师", HonourLevel.SCHOOL), (ordered[11 % len(ordered)], "师德楷模", HonourLevel.DISTRICT),
                              (ordered[30 % len(ordered)], "优秀班主任", HonourLevel.SCHOOL)):
        records.add_honour(session, records.HonourDraft(pid, title, start_year, level, min(dt.date(start_year, 9, 5), today)),
                           today=today)
    # This year's period is under way: most teachers scored so far.
    current = service.open_period(session, replace(
        draft, name=f"{start_year}-{start_year + 1}学年", starts_on=dt.date(start_year, 9, 1),
        ends_on=dt.date(start_year + 1, 8, 31)))
    _fill(session, current, rng, 0.8)
    observers = ordered[:3]
    for i in range(24):
        day = dt.date(start_year - 1, 9, 15) + dt.timedelta(days=rng.randrange(max(1, (today - dt.date(start_year - 1, 9, 15)).days)))
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        teacher = rng.choice(ordered[3:])
        records.add_observation(session, records.ObservationDraft(
            teacher, rng.choice(observers), day, rng.choice(list(ObservationKind)),
            f"{rng.randint(7, 9)}年级{rng.randint(1, 8)}班", (people[teacher].department or "语文组").removesuffix("组"),
            rng.choice(OBSERVATION_NOTES), rng.choice(list(ObservationRating))), today=today)
