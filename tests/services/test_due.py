"""The 待办 list from a real database: people, branches, settings and meeting attendance."""

from __future__ import annotations

import datetime as dt

import pytest

from djdesk.domain.dates import PartialDate
from djdesk.domain.due import DueItem, DueKind
from djdesk.domain.meetings import AttendanceStatus, MeetingKind, MeetingStatus
from djdesk.domain.people import LeftReason, PoliticalStatus, Stage
from djdesk.domain.status import Change, ChangeKind
from djdesk.services import branches, lifecycle, members
from djdesk.services import settings as settings_service
from djdesk.services.due import list_due
from djdesk.store.database import Database
from djdesk.store.models import Attendance, Meeting
from tests.factories import branch, draft, member_draft

D = PartialDate
P, L, A = AttendanceStatus.PRESENT, AttendanceStatus.LEAVE, AttendanceStatus.ABSENT


class School:
    """A branch and the people added to it, by name."""

    def __init__(self, db: Database, today: dt.date) -> None:
        self.db, self.today = db, today
        with db.transaction() as session:
            self.branch_id = branch(session).id
        self.ids: dict[str, int] = {}

    def member(self, name: str, **changes: object) -> int:
        # Joined in March: no political birthday in June to crowd the list.
        values: dict[str, object] = dict(joined_on=D(2010, 3, 28), full_on=D(2011, 3, 28))
        values.update(changes)
        with self.db.transaction() as session:
            pid = members.add(session, member_draft(self.branch_id, name=name, **values), today=self.today).id
        self.ids[name] = pid
        return pid

    def person(self, name: str, **changes: object) -> int:
        with self.db.transaction() as session:
            pid = members.add(session, draft(name=name, **changes), today=self.today).id
        self.ids[name] = pid
        return pid

    def meeting(self, when: dt.datetime, attendance: dict[str, AttendanceStatus | None], *,
                kind: MeetingKind = MeetingKind.GENERAL, status: MeetingStatus = MeetingStatus.HELD) -> None:
        with self.db.transaction() as session:
            meeting = Meeting(kind=kind, year=when.year, branch_id=self.branch_id, starts_at=when, status=status)
            meeting.attendance = [Attendance(person_id=self.ids[name], status=state)
                                  for name, state in attendance.items()]
            session.add(meeting)

    def due(self) -> list[DueItem]:
        with self.db.transaction() as session:
            return list_due(session, today=self.today)

    def flagged(self) -> list[str]:
        return sorted(i.name for i in self.due() if i.kind is DueKind.ARTICLE_9)


@pytest.fixture
def school(db: Database, today: dt.date) -> School:
    return School(db, today)


MARCH = dt.datetime(2026, 3, 10, 15, 0)
MAY = dt.datetime(2026, 5, 12, 15, 0)


def test_nothing_due_in_an_empty_or_complete_school(school: School) -> None:
    assert school.due() == []
    school.member("甲")
    school.person("乙")
    assert school.due() == []


def test_absent_without_leave_from_every_meeting_is_flagged(school: School) -> None:
    for name in ("缺席", "出席一次", "请假一次"):
        school.member(name)
    school.meeting(MARCH, {"缺席": A, "出席一次": P, "请假一次": A})
    school.meeting(MAY, {"缺席": A, "出席一次": A, "请假一次": L})
    (item,) = [i for i in school.due() if i.kind is DueKind.ARTICLE_9]
    assert (item.name, item.person_id) == ("缺席", school.ids["缺席"])
    assert "2" in item.detail  # absent from both meetings


def test_a_talk_is_not_organisational_life(school: School) -> None:
    school.member("谈过心")  # absent from the meeting, present at a talk
    school.member("只有谈话")  # expected only at a talk, and absent
    school.meeting(MARCH, {"谈过心": A})
    school.meeting(MAY, {"谈过心": P, "只有谈话": A}, kind=MeetingKind.TALK)
    assert school.flagged() == ["谈过心"]


@pytest.mark.parametrize("kind", sorted(set(MeetingKind) - {MeetingKind.TALK, MeetingKind.OTHER}))
def test_every_branch_meeting_kind_is_organisational_life(school: School, kind: MeetingKind) -> None:
    school.member("甲")
    school.meeting(MARCH, {"甲": A}, kind=kind)
    assert school.flagged() == ["甲"]


@pytest.mark.parametrize("status", [MeetingStatus.PLANNED, MeetingStatus.CANCELLED])
def test_meetings_not_held_do_not_count(school: School, status: MeetingStatus) -> None:
    school.member("只在计划中缺席")
    school.member("只在计划中出席")
    school.meeting(MARCH, {"只在计划中出席": A})
    school.meeting(MAY, {"只在计划中缺席": A, "只在计划中出席": P}, status=status)
    assert school.flagged() == ["只在计划中出席"]


def test_only_the_last_six_months_count(school: School) -> None:
    # Six months before 2026-06-15 is 2025-12-15; the meeting later today counts too.
    school.member("半年前出席")
    school.member("边界当天出席")
    school.member("今天出席")
    school.meeting(dt.datetime(2025, 12, 14, 15, 0), {"半年前出席": P})
    school.meeting(dt.datetime(2025, 12, 15, 9, 0), {"边界当天出席": P})
    school.meeting(dt.datetime(2026, 6, 15, 16, 0), {"今天出席": P})
    school.meeting(MARCH, {"半年前出席": A, "边界当天出席": A, "今天出席": A})
    assert school.flagged() == ["半年前出席"]


def test_meetings_after_today_do_not_count(school: School) -> None:
    # As when the list is worked out for an earlier day: what came later is not known yet.
    school.member("后来出席")
    school.meeting(MARCH, {"后来出席": A})
    school.meeting(dt.datetime(2026, 6, 16, 9, 0), {"后来出席": P})
    assert school.flagged() == ["后来出席"]


def test_a_meeting_only_before_the_six_months_flags_nobody(school: School) -> None:
    school.member("甲")
    school.meeting(dt.datetime(2025, 11, 1, 15, 0), {"甲": A})
    assert school.flagged() == []


def test_attendance_not_yet_recorded_says_nothing(school: School) -> None:
    school.member("未登记")
    school.meeting(MARCH, {"未登记": None})
    assert school.flagged() == []


def test_new_and_transferred_in_members_are_not_flagged_within_six_months(school: School) -> None:
    school.member("新党员", political_status=PoliticalStatus.CPC_PROBATIONARY, joined_on=D(2026, 1, 10),
                  full_on=None, candidate_on=D(2025, 1, 1))
    school.member("转入", transferred_in_on=D(2026, 2, 1), transferred_in_from="中共某小学支部委员会")
    school.member("老转入", transferred_in_on=D(2020, 2, 1), transferred_in_from="中共某小学支部委员会")
    school.meeting(MARCH, {"新党员": A, "转入": A, "老转入": A})
    assert school.flagged() == ["老转入"]


def test_people_who_left_are_not_listed(school: School, today: dt.date) -> None:
    gone = school.member("调走", full_on=None)  # missing date and absent
    school.meeting(MARCH, {"调走": A})
    applicant = school.person("走了的申请人", stage=Stage.APPLICANT)
    assert {i.name for i in school.due()} == {"调走", "走了的申请人"}
    with school.db.transaction() as session:
        members.mark_left(session, gone, on=D(2026, 4, 1), reason=LeftReason.TRANSFERRED_OUT,
                          note="中共某校支部委员会", today=today)
        lifecycle.change_status(session, applicant, Change(ChangeKind.LEFT, D(2026, 4, 1)), today=today)
    assert school.due() == []


def test_the_rules_read_every_stored_date(school: School, today: dt.date) -> None:
    school.member("预备", political_status=PoliticalStatus.CPC_PROBATIONARY, joined_on=D(2025, 2, 14),
                  full_on=None, candidate_on=D(2024, 1, 1))
    school.member("察看")
    school.person("积极分子", stage=Stage.ACTIVIST, applied_on=D(2024, 1, 1), activist_on=D(2025, 6, 15))
    school.person("申请人", stage=Stage.APPLICANT)
    school.member("生日", joined_on=D(2010, 6, 28), full_on=D(2011, 6, 28))
    school.member("五十年", joined_on=D(1975, 11, 1), full_on=D(1976, 11, 1), birth=dt.date(1950, 3, 12),
                  applied_on=D(1974, 3, 1), activist_on=D(1974, 9, 1), candidate_on=D(1975, 3, 1))
    with school.db.transaction() as session:
        ids = school.ids
        lifecycle.change_status(session, ids["预备"], Change(ChangeKind.EXTENDED, D(2026, 2, 1), months=6),
                                today=today)
        lifecycle.change_status(session, ids["察看"], Change(ChangeKind.OBSERVATION, D(2025, 7, 20), months=12,
                                                            note="处分"), today=today)
    got = [(i.kind, i.name, i.on, i.overdue) for i in school.due()]
    assert got == [
        (DueKind.PROBATION, "预备", dt.date(2026, 8, 14), False),  # extended by six months
        (DueKind.ACTIVIST_YEAR, "积极分子", dt.date(2026, 6, 15), False),
        (DueKind.OBSERVATION, "察看", dt.date(2026, 7, 20), False),
        (DueKind.MISSING, "申请人", dt.date.min, False),
        (DueKind.BIRTHDAY, "生日", dt.date(2026, 6, 28), False),
        (DueKind.FIFTY, "五十年", dt.date(2026, 11, 1), False),
    ]


def test_committee_terms_follow_the_setting(school: School) -> None:
    with school.db.transaction() as session:
        second = branches.add_branch(session, "退休党支部", "中共测试学校退休党支部委员会",
                                     term_start=D(2023, 9, 1)).id
        third = branches.add_branch(session, "第三党支部", "中共测试学校第三党支部委员会",
                                    term_start=D(2020, 1, 1), term_end=D(2026, 3, 31)).id
    terms = [(i.branch_id, i.overdue) for i in school.due() if i.kind is DueKind.TERM]
    assert terms == [(third, True)]  # five-year terms: the second branch's ends in 2028
    with school.db.transaction() as session:
        settings_service.save(session, settings_service.SchoolSettings(committee_term_years=3))
    terms = [(i.branch_id, i.on, i.overdue) for i in school.due() if i.kind is DueKind.TERM]
    assert terms == [(third, dt.date(2026, 3, 31), True), (second, dt.date(2026, 9, 1), False)]
    assert all(i.person_id is None for i in school.due() if i.kind is DueKind.TERM)
