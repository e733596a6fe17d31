"""The year's plan, compliance and reminders, and talks, on a real database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from djdesk.domain.compliance import CellState
from djdesk.domain.errors import ValidationError
from djdesk.domain.holidays import HolidayCalendar
from djdesk.domain.meetings import AttendanceStatus, MeetingDraft, MeetingKind, MeetingStatus
from djdesk.services import compliance, meeting_edit, meetings, members, talks
from djdesk.services import settings as settings_service
from djdesk.services.meeting_edit import MeetingForm
from djdesk.store.database import Database
from djdesk.store.models import Meeting
from tests.factories import branch, member_draft

TODAY = dt.date(2026, 6, 15)
NOW = dt.datetime(2026, 6, 15, 10)
CALENDAR = HolidayCalendar()


@pytest.fixture
def school(db: Database) -> dict[str, int]:
    ids: dict[str, int] = {}
    with db.transaction() as session:
        first = branch(session, "第一党支部", ("第一党小组", "第二党小组"))
        ids["branch"], ids["group"] = first.id, first.groups[0].id
        ids["书记"] = members.add(session, member_draft(first.id, name="书记", party_post="书记",
                                                        group_id=first.groups[0].id), today=TODAY).id
        ids["党员"] = members.add(session, member_draft(first.id, name="党员", group_id=first.groups[1].id),
                                  today=TODAY).id
    return ids


def meeting_count(db: Database) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(Meeting))


def test_the_plan_covers_what_remains_of_the_year_and_a_second_run_adds_nothing(db, school):
    with db.transaction() as session:
        proposals = compliance.propose_plan(session, 2026, calendar=CALENDAR, today=TODAY)
    kinds = [p.kind for p in proposals]
    # from 15 June: June's to December's monthly meetings, Q2–Q4 quarterly ones, the yearly one
    assert kinds.count(MeetingKind.COMMITTEE) == 7
    assert kinds.count(MeetingKind.GROUP) == 14  # two groups
    assert kinds.count(MeetingKind.GENERAL) == 3 and kinds.count(MeetingKind.LECTURE) == 3
    life = [p for p in proposals if p.kind is MeetingKind.LIFE_MEETING]
    assert len(life) == 1 and life[0].also == (MeetingKind.REVIEW,)
    assert MeetingKind.REVIEW not in kinds
    assert all(p.starts_at.date() > TODAY for p in proposals)
    # the secretary gives one of the lectures
    assert [p.lecturer_id for p in proposals if p.kind is MeetingKind.LECTURE].count(school["书记"]) == 1
    with db.transaction() as session:
        created = compliance.create_plan(session, proposals, calendar=CALENDAR, now=NOW)
    assert created == len(proposals) == meeting_count(db)
    with db.transaction() as session:
        assert compliance.propose_plan(session, 2026, calendar=CALENDAR, today=TODAY) == []
        assert compliance.create_plan(session, proposals, calendar=CALENDAR, now=NOW) == 0
    assert meeting_count(db) == created
    with db.transaction() as session:
        rows = meetings.list_rows(session)
        view = meetings.get(session, next(r.id for r in rows if r.kind is MeetingKind.GROUP and r.group == "第一党小组"))
    assert all(r.status is MeetingStatus.PLANNED for r in rows)
    assert view.draft.expected == (school["书记"],)


def test_plans_move_off_holidays_and_weekends_and_use_the_chosen_theme_day(db, school):
    with db.transaction() as session:
        proposals = compliance.propose_plan(session, 2026, calendar=CALENDAR, today=TODAY, theme_day=1)
    theme = {p.starts_at.month: p for p in proposals if p.kind is MeetingKind.THEME_DAY}
    # 1 October is National Day (1-7 off in 2026, the 5th a 补假): the next working day is the 8th
    assert theme[10].starts_at.date() == dt.date(2026, 10, 8)
    assert theme[10].moved_from == dt.date(2026, 10, 1)
    assert theme[7].starts_at.date() == dt.date(2026, 7, 1) and theme[7].moved_from is None
    # 1 August 2026 is a Saturday
    assert theme[8].starts_at.date() == dt.date(2026, 8, 3)
    assert all(CALENDAR.is_working_day(p.starts_at.date()) for p in proposals)


def test_a_cancelled_meeting_leaves_its_period_to_plan_again(db, school):
    draft = MeetingDraft(kind=MeetingKind.GENERAL, year=2026, branch_id=school["branch"],
                         starts_at=dt.datetime(2026, 9, 24, 15, 30), title="三季度党员大会")
    with db.transaction() as session:
        meeting_id = meeting_edit.save(session, None, MeetingForm(draft=draft), now=NOW)
        before = [p for p in compliance.propose_plan(session, 2026, calendar=CALENDAR, today=TODAY)
                  if p.kind is MeetingKind.GENERAL]
        meeting_edit.cancel(session, meeting_id, "停课")
        after = [p for p in compliance.propose_plan(session, 2026, calendar=CALENDAR, today=TODAY)
                 if p.kind is MeetingKind.GENERAL]
    assert len(before) == 2 and len(after) == 3


def test_compliance_follows_the_settings_and_reminders_name_what_is_missing(db, school):
    held = MeetingDraft(kind=MeetingKind.GENERAL, year=2026, branch_id=school["branch"],
                        starts_at=dt.datetime(2026, 3, 24, 15, 30), title="一季度党员大会",
                        host_id=school["书记"], recorder_id=school["党员"], expected=(school["书记"], school["党员"]))
    with db.transaction() as session:
        meeting_edit.save(session, None, MeetingForm(draft=held, held=True), now=NOW)
        report = compliance.branch_compliance(session, 2026, school["branch"], today=TODAY)
    general = next(r for r in report.rows if r.kind is MeetingKind.GENERAL)
    assert [c.state for c in general.cells] == [CellState.DONE, CellState.DUE, CellState.FUTURE, CellState.FUTURE]
    assert report.talks.members == 1 and report.talks.talked == 0
    with db.transaction() as session:
        settings = settings_service.load(session)
        settings_service.save(session, settings.__class__(**{**settings.__dict__, "per_year_general": 2,
                                                             "per_year_committee": 0}))
        report = compliance.branch_compliance(session, 2026, school["branch"], today=TODAY)
        reminders = compliance.reminders(session, today=TODAY)
    general = next(r for r in report.rows if r.kind is MeetingKind.GENERAL)
    assert len(general.cells) == 2 and MeetingKind.COMMITTEE not in {r.kind for r in report.rows}
    texts = " ".join(a.text for a in reminders.alerts)
    assert "主题党日" in texts and "支部委员会会议" not in texts


def test_reminders_list_this_weeks_meetings_and_unrecorded_past_ones(db, school):
    def planned(day: dt.date, title: str) -> None:
        draft = MeetingDraft(kind=MeetingKind.THEME_DAY, year=2026, branch_id=school["branch"],
                             starts_at=dt.datetime.combine(day, dt.time(15, 30)), title=title)
        with db.transaction() as session:
            meeting_edit.save(session, None, MeetingForm(draft=draft), now=NOW)

    planned(dt.date(2026, 6, 17), "本周")
    planned(dt.date(2026, 6, 22), "下周")
    planned(dt.date(2026, 6, 10), "上周未记录")
    with db.transaction() as session:
        reminders = compliance.reminders(session, today=TODAY)
    assert [r.title for r in reminders.this_week] == ["本周"]
    overdue = [a for a in reminders.alerts if a.meeting_id is not None]
    assert len(overdue) == 1 and "上周未记录" in overdue[0].text and overdue[0].overdue


def test_talks_and_the_yearly_check(db, school):
    with db.transaction() as session:
        talk_id = talks.add(session, talks.TalkDraft(school["书记"], school["党员"], dt.date(2026, 3, 2), "谈工作"),
                            today=TODAY)
        check = talks.yearly_check(session, 2026, school["branch"])
        assert (check.members, check.talked) == (1, 1)  # the secretary holds the talks
        assert check.missing == ()
        assert talks.yearly_check(session, 2025, school["branch"]).talked == 0
        rows = talks.list_talks(session, year=2026)
        assert [(r.talker, r.person, r.note, r.branch) for r in rows] == [("书记", "党员", "谈工作", "第一党支部")]
    with db.transaction() as session, pytest.raises(ValidationError) as error:
        talks.update(session, talk_id, talks.TalkDraft(school["书记"], school["书记"], dt.date(2026, 7, 1)),
                     today=TODAY)
    assert {p.field for p in error.value.problems} == {"person_id", "held_on"}
    with db.transaction() as session:
        talks.delete(session, talk_id)
        assert talks.list_talks(session, year=2026) == []


def test_attendance_status_values_are_the_stored_codes():
    # absence_streaks compares the stored text of the status; keep the codes stable
    assert AttendanceStatus.ABSENT.value == "absent"
