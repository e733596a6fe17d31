"""The demo school's 党建+学习: study groups, this term's and last term's plans (the last one
summarised in the 学做悟晒 form), the records its held 党课 and 主题党日 gave their attendees, and
members' own self-study and daily lessons, with a few members quiet of late."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain.ethics import LearningKind
from djdesk.domain.meetings import MeetingStatus
from djdesk.domain.people import PoliticalStatus
from djdesk.domain.study import term_around
from djdesk.services.study_meetings import sync_meeting
from djdesk.store.models import (
    LearningRecord,
    Meeting,
    Person,
    StudyGroup,
    StudyGroupMember,
    StudyTerm,
    StudyUnit,
)

SEED = 20260301  # its own seed: the rest of the demo is not reshuffled
UNITS = (
    ("学史明理", "学习党的创新理论，读原著学原文悟原理", "《习近平新时代中国特色社会主义思想学习纲要》第一至三章"),
    ("学史增信", "回顾党的百年奋斗历程，坚定理想信念", "《中国共产党简史》第五、六章"),
    ("学史崇德", "学习身边的优秀党员教师，涵养师德师风", "《新时代中小学教师职业行为十项准则》"),
    ("学史力行", "为学生办实事，开展课后服务与结对帮扶", "学校“我为群众办实事”清单"),
)
SUMMARY = (
    "集中学习3次，个人自学笔记人均5篇。",
    "组织党员教师承担课后服务，结对帮扶学困生12名。",
    "党员教师普遍认为要把理论学习和教书育人结合起来，在岗位上作表率。",
    "在校园公众号推送学习心得4篇，党员示范课6节。",
)
SELF_TOPICS = ("学习《习近平谈治国理政》第四卷", "学习强国专题学习", "学习《中国共产党章程》",
               "学习《中国共产党纪律处分条例》", "阅读《觉醒年代》观后感", "学习全国教育大会精神")
DAILY_TOPICS = ("党建日课：党史上的今天", "党建日课：党章一日一条", "党建日课：新思想天天学")


def make(session: Session, today: dt.date) -> None:
    rng = random.Random(SEED)
    for meeting in session.scalars(select(Meeting).where(Meeting.status == MeetingStatus.HELD)):
        sync_meeting(session, meeting)
    members = list(session.scalars(select(Person).where(
        Person.left_on.is_(None),
        Person.political_status.in_([PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY]))
        .order_by(Person.id)))
    teachers = [p for p in members if p.department]
    groups = [StudyGroup(name=name, note=note) for name, note in (
        ("青年党员学习小组", "35岁以下党员教师"), ("语文数学组学习小组", ""), ("退休党员学习小组", "每月集中一次"))]
    session.add_all(groups)
    session.flush()
    young = [p for p in teachers if p.birth_date is not None and p.birth_date.year >= today.year - 35]
    core = [p for p in teachers if p.department in ("语文组", "数学组")]
    retired = [p for p in members if not p.department]
    for group, people in zip(groups, (young, core, retired)):
        for person in people[:20]:
            session.add(StudyGroupMember(group_id=group.id, person_id=person.id))
    this = term_around(today)
    last = term_around(this.starts_on - dt.timedelta(days=1))
    for dates, summarised in ((last, True), (this, False)):
        term = StudyTerm(name=dates.name, starts_on=dates.starts_on, ends_on=dates.ends_on,
                         note="按照学校党建+学习计划安排")
        session.add(term)
        session.flush()
        span = (dates.ends_on - dates.starts_on).days // len(UNITS)
        for position, ((title, topic, materials), group) in enumerate(zip(UNITS, groups + groups[:1]), start=1):
            starts = dates.starts_on + dt.timedelta(days=span * (position - 1))
            unit = StudyUnit(term_id=term.id, position=position, title=title, topic=topic, materials=materials,
                             starts_on=starts, ends_on=starts + dt.timedelta(days=span - 1), group_id=group.id)
            if summarised:
                unit.learnt, unit.done, unit.understood, unit.shown = SUMMARY
            session.add(unit)
    # Members' own study since last term began: most study every few weeks; a few have been
    # quiet for a while, which the 学时统计 page lists for a friendly reminder.
    quiet = set(rng.sample([p.id for p in members], k=min(4, len(members))))
    for person in members:
        day = last.starts_on + dt.timedelta(days=rng.randint(0, 20))
        stop = today - dt.timedelta(days=45) if person.id in quiet else today
        while day <= stop:
            daily = rng.random() < 0.3
            session.add(LearningRecord(
                person_id=person.id, held_on=day, kind=LearningKind.DAILY if daily else LearningKind.SELF,
                topic=rng.choice(DAILY_TOPICS if daily else SELF_TOPICS), hours_tenths=5 if daily else 10,
                tags="", organiser="", note=""))
            day += dt.timedelta(days=rng.randint(14, 35))
    session.flush()
