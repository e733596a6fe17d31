"""Meetings on a real database: saving the form, its refusals, attendance, votes, changes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from djdesk.domain.dates import PartialDate
from djdesk.domain.errors import ConflictError, ValidationError
from djdesk.domain.meetings import AttendanceStatus, MeetingDraft, MeetingKind, MeetingStatus
from djdesk.domain.people import MembershipStatus, PoliticalStatus
from djdesk.domain.votes import Vote
from djdesk.services import attendance, meeting_edit, meetings, members
from djdesk.services.meeting_edit import AttendanceEntry, MeetingForm
from djdesk.store.database import Database
from djdesk.store.models import Attendance, Meeting
from tests.factories import branch, member_draft

NOW = dt.datetime(2026, 6, 15, 10)
P, L, A = AttendanceStatus.PRESENT, AttendanceStatus.LEAVE, AttendanceStatus.ABSENT


@pytest.fixture
def school(db: Database) -> dict[str, int]:
    ids: dict[str, int] = {}
    with db.transaction() as session:
        first = branch(session, "第一党支部", ("第一党小组",))
        other = branch(session, "第二党支部", ())
        ids["branch"], ids["group"], ids["other"] = first.id, first.groups[0].id, other.id
        for name, changes in (
            ("书记甲", dict(party_post="书记", group_id=first.groups[0].id)),
            ("委员乙", dict(party_post="组织委员")),
            ("党员丙", dict(group_id=first.groups[0].id)),
            ("预备丁", dict(political_status=PoliticalStatus.CPC_PROBATIONARY, full_on=None)),
            ("察看戊", dict(membership_status=MembershipStatus.OBSERVATION,
                         membership_status_since=PartialDate(2026, 1, 10), membership_status_until=PartialDate(2027, 1, 9))),
        ):
            ids[name] = members.add(session, member_draft(first.id, name=name, **changes), today=NOW.date()).id
        ids["外支部"] = members.add(session, member_draft(other.id, name="外支部"), today=NOW.date()).id
    return ids


def general(ids: dict[str, int], **changes: object) -> MeetingDraft:
    expected = tuple(ids[n] for n in ("书记甲", "委员乙", "党员丙", "预备丁", "察看戊"))
    base = MeetingDraft(kind=MeetingKind.GENERAL, year=2026, branch_id=ids["branch"],
                        starts_at=dt.datetime(2026, 6, 12, 15, 30), ends_at=dt.datetime(2026, 6, 12, 17),
                        title="第二季度支部党员大会", host_id=ids["书记甲"], recorder_id=ids["委员乙"],
                        expected=expected)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def save(db: Database, form: MeetingForm, meeting_id: int | None = None) -> int:
    with db.transaction() as session:
        return meeting_edit.save(session, meeting_id, form, now=NOW)


def count(db: Database) -> tuple[int, int]:
    with db.transaction() as session:
        return (session.scalar(select(func.count()).select_from(Meeting)),
                session.scalar(select(func.count()).select_from(Attendance)))


def refused(db: Database, form: MeetingForm, meeting_id: int | None = None) -> dict[str | None, str]:
    before = count(db)
    with pytest.raises(ValidationError) as error:
        save(db, form, meeting_id)
    assert count(db) == before  # nothing written
    return {p.field: p.message for p in error.value.problems}


def test_a_held_meeting_with_attendance_vote_and_minutes_reads_back(db, school):
    entries = (AttendanceEntry(school["书记甲"], P), AttendanceEntry(school["委员乙"], P),
               AttendanceEntry(school["党员丙"], L, "外出培训"), AttendanceEntry(school["预备丁"], P),
               AttendanceEntry(school["察看戊"], A, "未请假"))
    form = MeetingForm(draft=general(school), attendance=entries, vote=Vote(3, 2, 1, 3, 0, 0),
                       content="一、会议议程", resolution="同意", held=True)
    meeting_id = save(db, form)
    with db.transaction() as session:
        view = meetings.get(session, meeting_id)
        rows = meetings.list_rows(session, year=2026)
    assert view.status is MeetingStatus.HELD
    assert (view.expected, view.present) == (5, 3)
    assert {a.name: (a.status, a.reason, a.can_vote) for a in view.attendees}["党员丙"] == (L, "外出培训", True)
    assert not {a.name: a.can_vote for a in view.attendees}["预备丁"]
    assert not {a.name: a.can_vote for a in view.attendees}["察看戊"]
    assert view.vote == Vote(3, 2, 1, 3, 0, 0)
    assert view.name(view.draft.host_id) == "书记甲"
    assert [(r.expected, r.present, r.minutes_missing) for r in rows] == [(5, 3, False)]


def test_the_expected_attendees_come_from_the_branch_group_or_committee(db, school):
    with db.transaction() as session:
        choices = meetings.people(session)
    branch_members = meetings.default_expected(choices, MeetingKind.GENERAL, school["branch"], None)
    assert set(branch_members) == {school[n] for n in ("书记甲", "委员乙", "党员丙", "预备丁", "察看戊")}
    assert meetings.default_expected(choices, MeetingKind.GROUP, school["branch"], school["group"]) == (
        school["书记甲"], school["党员丙"])
    assert set(meetings.default_expected(choices, MeetingKind.COMMITTEE, school["branch"], None)) == {
        school["书记甲"], school["委员乙"]}


def test_bad_input_is_refused_field_by_field_and_nothing_is_stored(db, school):
    problems = refused(db, MeetingForm(draft=general(school, ends_at=dt.datetime(2026, 6, 12, 15))))
    assert "ends_at" in problems
    problems = refused(db, MeetingForm(draft=general(school, host_id=school["外支部"])))
    assert "第二党支部" not in problems["host_id"] and "第一党支部" in problems["host_id"]
    problems = refused(db, MeetingForm(draft=general(school, recorder_id=None), held=True))
    assert "recorder_id" in problems
    problems = refused(db, MeetingForm(draft=general(school, kind=MeetingKind.GROUP)))
    assert "group_id" in problems
    problems = refused(db, MeetingForm(draft=general(school, starts_at=dt.datetime(2062, 6, 12, 15, 30),
                                                     ends_at=None, year=2062)))
    assert "starts_at" in problems
    problems = refused(db, MeetingForm(draft=general(school), attendance=(AttendanceEntry(school["外支部"], P),)))
    assert "attendance" in problems
    problems = refused(db, MeetingForm(draft=general(school), vote=Vote(3, 2, 0, 2, 1, 1)))
    assert "votes_for" in problems
    problems = refused(db, MeetingForm(draft=general(school, kind=MeetingKind.COMMITTEE), vote=Vote(3, 2, 0, 2, 0, 0)))
    assert "vote" in problems
    # a planned meeting cannot be marked held before it starts, nor record presence ahead
    later = general(school, starts_at=dt.datetime(2026, 6, 20, 15), ends_at=None)
    assert "starts_at" in refused(db, MeetingForm(draft=later, held=True))
    assert "attendance" in refused(db, MeetingForm(draft=later, attendance=(AttendanceEntry(school["书记甲"], P),)))
    # ... but leave asked for in advance is recorded
    meeting_id = save(db, MeetingForm(draft=later, attendance=(AttendanceEntry(school["党员丙"], L, "出差"),)))
    with db.transaction() as session:
        assert meetings.get(session, meeting_id).attendees[2].status is L


def test_editing_the_expected_attendees_keeps_the_attendance_of_those_kept(db, school):
    entries = (AttendanceEntry(school["书记甲"], P), AttendanceEntry(school["党员丙"], A, "无故"))
    meeting_id = save(db, MeetingForm(draft=general(school), attendance=entries))
    smaller = general(school, expected=(school["书记甲"], school["党员丙"], school["外支部"]))
    save(db, MeetingForm(draft=smaller), meeting_id)
    with db.transaction() as session:
        view = meetings.get(session, meeting_id)
    assert [(a.name, a.status, a.reason) for a in view.attendees] == [
        ("书记甲", P, ""), ("党员丙", A, "无故"), ("外支部", None, "")]


def test_reschedule_cancel_restore_and_delete(db, school):
    planned = save(db, MeetingForm(draft=general(school, starts_at=dt.datetime(2026, 6, 25, 15, 30),
                                                 ends_at=dt.datetime(2026, 6, 25, 17))))
    with db.transaction() as session:
        meeting_edit.reschedule(session, planned, dt.datetime(2026, 6, 29, 16), dt.datetime(2026, 6, 29, 17), now=NOW)
    with db.transaction() as session, pytest.raises(ValidationError):
        meeting_edit.reschedule(session, planned, dt.datetime(2026, 6, 29, 16), dt.datetime(2026, 6, 29, 15), now=NOW)
    with db.transaction() as session, pytest.raises(ValidationError):
        meeting_edit.cancel(session, planned, "  ")
    with db.transaction() as session:
        meeting_edit.cancel(session, planned, "与期末考试冲突")
        row = meetings.list_rows(session)[0]
    assert (row.status, row.cancel_reason, row.starts_at) == (
        MeetingStatus.CANCELLED, "与期末考试冲突", dt.datetime(2026, 6, 29, 16))
    with db.transaction() as session:
        meeting_edit.restore(session, planned)
        meeting_edit.delete(session, planned)
    assert count(db) == (0, 0)
    held = save(db, MeetingForm(draft=general(school), attendance=(AttendanceEntry(school["书记甲"], P),), held=True))
    with db.transaction() as session, pytest.raises(ConflictError):
        meeting_edit.delete(session, held)
    with db.transaction() as session, pytest.raises(ConflictError):
        meeting_edit.cancel(session, held, "记错了")


def test_a_held_meeting_with_empty_or_template_minutes_is_flagged(db, school):
    from djdesk.domain.meetings import minutes_template

    save(db, MeetingForm(draft=general(school), held=True))
    save(db, MeetingForm(draft=general(school, title="二"), content=minutes_template(MeetingKind.GENERAL), held=True))
    save(db, MeetingForm(draft=general(school, title="三"), content="会议学习了……", held=True))
    with db.transaction() as session:
        flags = [r.minutes_missing for r in meetings.list_rows(session)]
    assert flags == [True, True, False]


def test_a_persons_attendance_and_the_streak(db, school):
    for day, status in ((1, P), (2, L), (3, A), (4, A), (5, A)):
        save(db, MeetingForm(draft=general(school, starts_at=dt.datetime(2026, day, 10, 15), ends_at=None,
                                           title=f"会议{day}"),
                             attendance=(AttendanceEntry(school["党员丙"], status),), held=True))
    with db.transaction() as session:
        record = attendance.person_attendance(session, school["党员丙"])
        streaks = attendance.absence_streaks(session)
    assert (record.summary.expected, record.summary.present, record.summary.leave, record.summary.absent) == (5, 1, 1, 3)
    assert record.streak == 3 and [m.title for m in record.marks][:2] == ["会议5", "会议4"]
    assert streaks == {school["党员丙"]: 3}


def test_a_chair_or_recorder_who_moved_branch_since_does_not_block_a_later_edit(db, school):
    draft = general(school, expected=(school["书记甲"], school["党员丙"]))
    meeting_id = save(db, MeetingForm(draft=draft, held=True))
    with db.transaction() as session:
        record = members.get(session, school["委员乙"])
        members.update(session, record.id, dataclasses.replace(record.draft, branch_id=school["other"], group_id=None),
                       today=NOW.date())
    save(db, MeetingForm(draft=draft, content="补记会议内容", held=True), meeting_id)
    # choosing someone of another branch afresh is still refused
    assert "host_id" in refused(db, MeetingForm(draft=dataclasses.replace(draft, host_id=school["外支部"])), meeting_id)


def test_a_plan_whose_minutes_are_only_the_template_can_be_deleted(db, school):
    from djdesk.domain.meetings import minutes_template

    later = general(school, starts_at=dt.datetime(2026, 6, 20, 15), ends_at=None)
    meeting_id = save(db, MeetingForm(draft=later, content=minutes_template(MeetingKind.GENERAL)))
    with db.transaction() as session:
        meeting_edit.delete(session, meeting_id)
    assert count(db) == (0, 0)
