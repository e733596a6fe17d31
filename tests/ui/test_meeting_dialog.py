"""The meeting dialog over a temp database: creating, editing, attendance, votes, minutes and
the problems shown beside their fields."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from djdesk.domain import votes
from djdesk.domain.meetings import (
    AttendanceStatus,
    MeetingDraft,
    MeetingKind,
    MeetingStatus,
    minutes_template,
)
from djdesk.domain.people import PoliticalStatus
from djdesk.domain.votes import Vote
from djdesk.i18n import _
from djdesk.services import branches, meeting_edit, meetings, members
from djdesk.services.meeting_edit import AttendanceEntry, MeetingForm
from djdesk.ui.calendar.attendance_model import REASON, STATUS
from djdesk.ui.calendar.meeting_dialog import MeetingDialog
from djdesk.ui.events import MEETINGS, AppEvents
from djdesk.workspace import Workspace
from tests.factories import member_draft
from tests.ui.conftest import TODAY, RecordingAsker

PAST = dt.date(2026, 6, 10)  # before the fixed clock's 2026-06-15 10:00


def first_branch(workspace: Workspace) -> branches.BranchView:
    with workspace.database.transaction() as session:
        return next(b for b in branches.list_branches(session) if b.name == "第一党支部")


def add_member(workspace: Workspace, name: str, **changes: object) -> int:
    with workspace.database.transaction() as session:
        return members.add(session, member_draft(first_branch(workspace).id, name=name, **changes),
                           today=TODAY).id


def make_meeting(workspace: Workspace, *, kind: MeetingKind = MeetingKind.GENERAL, day: dt.date = PAST,
                 **changes: object) -> int:
    """A planned meeting of 第一党支部 with its members expected, stored through the service."""
    branch_id = first_branch(workspace).id
    with workspace.database.transaction() as session:
        expected = meetings.default_expected(meetings.people(session), kind, branch_id, None)
        values: dict[str, object] = {
            "kind": kind, "year": day.year, "branch_id": branch_id, "title": "学习党章",
            "starts_at": dt.datetime.combine(day, dt.time(15, 30)),
            "ends_at": dt.datetime.combine(day, dt.time(17)), "expected": expected}
        values.update(changes)
        draft = MeetingDraft(**values)  # type: ignore[arg-type]
        return meeting_edit.save(session, None, MeetingForm(draft=draft), now=workspace.database.clock.now())


def view(workspace: Workspace, meeting_id: int) -> meetings.MeetingView:
    with workspace.database.transaction() as session:
        return meetings.get(session, meeting_id)


def meeting_count(workspace: Workspace) -> int:
    with workspace.database.transaction() as session:
        return len(meetings.list_rows(session))


class Opened:
    """A dialog opened as the calendar opens it, with what it emitted."""

    def __init__(self, qtbot: QtBot, workspace: Workspace, asker: RecordingAsker, meeting_id: int | None = None,
                 **kwargs: object) -> None:
        self.events = AppEvents()
        self.changes: list[str] = []
        self.saved: list[int] = []
        self.events.changed.connect(self.changes.append)
        self.dialog = MeetingDialog(workspace.database, self.events, asker, meeting_id, **kwargs)  # type: ignore[arg-type]
        self.dialog.saved.connect(self.saved.append)
        # Closing at teardown must not wait for an answer nobody gives.
        qtbot.addWidget(self.dialog, before_close_func=lambda _w: asker.answers.extend([True] * 3))
        self.dialog.open()

    def save(self) -> None:
        self.dialog.findChild(QPushButton, "saveMeeting").click()

    def error(self, key: str) -> str:
        label = self.dialog.findChild(QLabel, f"error_{key}")
        return label.text() if not label.isHidden() else ""


@pytest.fixture
def opener(qtbot: QtBot, workspace: Workspace, asker: RecordingAsker, school: dict[str, int]):  # type: ignore[no-untyped-def]
    kept: list[Opened] = []  # a dialog without a parent lives as long as its Python object

    def open_dialog(meeting_id: int | None = None, **kwargs: object) -> Opened:
        kept.append(Opened(qtbot, workspace, asker, meeting_id, **kwargs))
        return kept[-1]

    return open_dialog


# -- creating ------------------------------------------------------------------------------------
def test_a_new_general_meeting_is_stored_with_its_expected_attendees(
        opener, workspace: Workspace, school: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    branch = first_branch(workspace)
    opened = opener(day=dt.date(2026, 6, 24), branch_id=branch.id)
    dialog = opened.dialog
    assert dialog.objectName() == "meetingDialog" and dialog.isVisible()
    assert dialog.details.kind.value() is MeetingKind.GENERAL
    assert dialog.details.start.time() == QTime(15, 30) and dialog.details.end.time() == QTime(17, 0)
    assert dialog.details.year.value() == 2026
    assert [r.name for r in dialog.grid.model.rows()] == ["单军", "曾国华"]  # not the activist, not who left
    dialog.details.title.insert("学习贯彻全会精神")
    dialog.details.place.set_value("三楼会议室")
    dialog.details.recorder.set_value(school["曾国华"])
    opened.save()
    assert not dialog.isVisible()
    assert opened.changes == [MEETINGS] and len(opened.saved) == 1
    stored = view(workspace, opened.saved[0])
    assert stored.status is MeetingStatus.PLANNED
    assert stored.draft.kind is MeetingKind.GENERAL and stored.draft.branch_id == branch.id
    assert stored.draft.title == "学习贯彻全会精神" and stored.draft.place == "三楼会议室"
    assert stored.draft.starts_at == dt.datetime(2026, 6, 24, 15, 30)
    assert stored.draft.ends_at == dt.datetime(2026, 6, 24, 17, 0)
    assert stored.draft.year == 2026 and stored.draft.recorder_id == school["曾国华"]
    assert [(a.name, a.status) for a in stored.attendees] == [("单军", None), ("曾国华", None)]
    assert stored.content == ""  # the template's bare headings are not minutes


def test_the_defaults_follow_the_day_and_the_kind(opener, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    opened = opener(day=dt.date(2027, 2, 26))
    details = opened.dialog.details
    assert details.date.date() == QDate(2027, 2, 26) and details.year.value() == 2027
    details.kind.set_value(MeetingKind.LIFE_MEETING)
    assert details.year.value() == 2026  # a 组织生活会 in February closes the year before
    details.date.setDate(QDate(2027, 4, 1))
    assert details.year.value() == 2027
    details.year.setValue(2026)  # typed over: no longer follows
    details.date.setDate(QDate(2027, 4, 2))
    assert details.year.value() == 2026


def test_fields_are_enabled_by_kind(opener) -> None:  # type: ignore[no-untyped-def]
    dialog = opener().dialog
    details = dialog.details
    assert not details.group.isEnabled() and not details.lecturer.isEnabled()
    assert dialog.tabs.isTabEnabled(2)
    details.kind.set_value(MeetingKind.THEME_DAY)
    assert not dialog.tabs.isTabEnabled(2) and details.also[MeetingKind.THEME_DAY].isHidden()
    details.also[MeetingKind.LECTURE].setChecked(True)
    assert details.lecturer.isEnabled()
    details.also[MeetingKind.GENERAL].setChecked(True)
    assert dialog.tabs.isTabEnabled(2)
    details.kind.set_value(MeetingKind.GROUP)
    assert details.group.isEnabled()


def test_a_new_group_meeting_lists_the_groups_members(opener, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    dialog = opener().dialog
    dialog.details.kind.set_value(MeetingKind.GROUP)
    assert [r.name for r in dialog.grid.model.rows()] == ["单军", "曾国华"]  # until a group is chosen
    dialog.details.group.set_value(first_branch(workspace).groups[1].id)
    assert [r.name for r in dialog.grid.model.rows()] == ["曾国华"]


# -- problems ------------------------------------------------------------------------------------
def test_an_end_before_the_start_is_refused_and_what_was_typed_stays(
        opener, workspace: Workspace, asker: RecordingAsker) -> None:  # type: ignore[no-untyped-def]
    opened = opener()
    dialog = opened.dialog
    dialog.details.title.insert("支部换届选举")
    dialog.details.end.setTime(QTime(15, 0))
    dialog.tabs.setCurrentIndex(3)
    opened.save()
    assert dialog.isVisible() and opened.saved == [] and opened.changes == []
    assert "15:30" in opened.error("ends_at")
    assert dialog.tabs.currentIndex() == 0
    assert dialog.tabs.tabText(0) == f"{_('Basic information')}（1）"
    assert dialog.details.title.text() == "支部换届选举"
    assert meeting_count(workspace) == 0
    dialog.details.end.setTime(QTime(16, 30))
    opened.save()
    assert not dialog.isVisible() and meeting_count(workspace) == 1


def test_a_group_meeting_without_its_group_is_refused(opener, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    opened = opener()
    opened.dialog.details.kind.set_value(MeetingKind.GROUP)
    opened.dialog.details.title.insert("小组学习")
    opened.save()
    assert opened.dialog.isVisible()
    assert opened.error("group_id") == _("a party group meeting needs its party group")
    assert meeting_count(workspace) == 0


def test_marking_held_without_a_recorder_is_refused(
        opener, workspace: Workspace, asker: RecordingAsker, school: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    meeting_id = make_meeting(workspace, host_id=school["单军"])
    opened = opener(meeting_id)
    dialog = opened.dialog
    dialog.grid.model.all_present()
    dialog.tabs.setCurrentIndex(3)
    dialog.minutes.held.setChecked(True)
    dialog.minutes.content.setPlainText("会议学习了党章。")
    opened.save()
    assert dialog.isVisible() and asker.questions == []  # everyone recorded: nothing to ask
    assert opened.error("recorder_id") == _("a held meeting needs its recorder")
    assert dialog.tabs.currentIndex() == 0
    assert view(workspace, meeting_id).status is MeetingStatus.PLANNED
    assert dialog.minutes.content.toPlainText() == "会议学习了党章。"


def test_marking_held_with_attendance_missing_asks_first(
        opener, workspace: Workspace, asker: RecordingAsker, school: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    meeting_id = make_meeting(workspace, host_id=school["单军"], recorder_id=school["曾国华"])
    opened = opener(meeting_id)
    dialog = opened.dialog
    dialog.grid.model.set_status([0], AttendanceStatus.PRESENT)
    dialog.minutes.held.setChecked(True)
    asker.answers = [False]
    opened.save()
    assert "1" in asker.questions[-1] and dialog.isVisible()
    assert dialog.tabs.currentWidget() is dialog.grid
    assert view(workspace, meeting_id).status is MeetingStatus.PLANNED
    asker.answers = [True]
    opened.save()
    assert not dialog.isVisible()
    stored = view(workspace, meeting_id)
    assert stored.status is MeetingStatus.HELD
    assert [a.status for a in stored.attendees] == [AttendanceStatus.PRESENT, None]


# -- editing -------------------------------------------------------------------------------------
def test_attendance_is_recorded_with_the_grid_and_counted(
        qtbot: QtBot, opener, workspace: Workspace, school: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    add_member(workspace, "赵敏")
    meeting_id = make_meeting(workspace)
    opened = opener(meeting_id)
    grid = opened.dialog.grid
    model = grid.model
    assert [r.name for r in model.rows()] == ["单军", "曾国华", "赵敏"]
    opened.dialog.tabs.setCurrentWidget(grid)
    grid.view.setFocus()
    grid.view.selectRow(0)
    qtbot.keyClick(grid.view, "1")  # present, and on to the next person
    qtbot.keyClick(grid.view, "2")
    model.setData(model.index(1, REASON), "外出培训")
    grid.view.selectRow(2)
    qtbot.keyClick(grid.view, "3")
    model.setData(model.index(2, REASON), "未请假")
    assert [r.status for r in model.rows()] == [
        AttendanceStatus.PRESENT, AttendanceStatus.LEAVE, AttendanceStatus.ABSENT]
    counts = model.counts()
    assert (counts.expected, counts.present, counts.leave, counts.absent, counts.unrecorded) == (3, 1, 1, 1, 0)
    text = grid.counts.text()
    assert all(str(n) in text for n in (3, 1, 0))
    opened.save()
    assert not opened.dialog.isVisible()
    stored = view(workspace, meeting_id)
    assert [(a.name, a.status, a.reason) for a in stored.attendees] == [
        ("单军", AttendanceStatus.PRESENT, ""), ("曾国华", AttendanceStatus.LEAVE, "外出培训"),
        ("赵敏", AttendanceStatus.ABSENT, "未请假")]
    again = opener(meeting_id).dialog
    assert again.grid.model.data(again.grid.model.index(1, STATUS)) == AttendanceStatus.LEAVE.label
    assert again.grid.model.data(again.grid.model.index(1, REASON)) == "外出培训"


def test_a_vote_shows_its_outcome_and_a_count_too_high_is_refused(
        opener, workspace: Workspace, school: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    add_member(workspace, "赵敏")
    add_member(workspace, "钱预备", political_status=PoliticalStatus.CPC_PROBATIONARY, full_on=None)
    meeting_id = make_meeting(workspace, host_id=school["单军"], recorder_id=school["曾国华"])
    opened = opener(meeting_id)
    dialog = opened.dialog
    model = dialog.grid.model
    model.set_status([0, 1, 3], AttendanceStatus.PRESENT)  # 赵敏 (a vote) absent; 钱预备 has none
    model.set_status([2], AttendanceStatus.LEAVE)
    panel = dialog.vote
    panel.enabled.setChecked(True)
    assert (panel.spins["voting_due"].value(), panel.spins["voting_present"].value()) == (3, 2)
    model.set_status([2], AttendanceStatus.PRESENT)  # the counts filled in follow the grid…
    assert panel.spins["voting_present"].value() == 3
    model.set_status([2], AttendanceStatus.LEAVE)
    assert panel.spins["voting_present"].value() == 2
    panel.spins["votes_for"].setValue(2)
    assert panel.outcome.text() == votes.outcome(Vote(3, 2, 0, 2, 0, 0)).describe()
    assert opened.error("votes_for") == ""
    panel.spins["votes_against"].setValue(1)  # three cast, two present, no written opinion
    too_many = _("for, against and abstain add up to {cast}, more than the {allowed} present or voting "
                 "in writing").format(cast=3, allowed=2)
    assert opened.error("votes_for") == too_many  # as it is typed
    dialog.tabs.setCurrentIndex(0)
    opened.save()
    assert dialog.isVisible()
    assert dialog.tabs.currentWidget() is panel
    assert dialog.tabs.tabText(2) == f"{_('Vote')}（1）"
    assert opened.error("votes_for") == too_many
    assert view(workspace, meeting_id).vote is None
    panel.spins["written_opinions"].setValue(1)  # 赵敏 sent her opinion in writing
    assert opened.error("votes_for") == ""
    dialog.minutes.held.setChecked(True)
    opened.save()
    assert not dialog.isVisible()
    assert view(workspace, meeting_id).vote == Vote(3, 2, 1, 2, 1, 0)


def test_a_recorder_no_longer_in_the_branch_still_shows(
        opener, workspace: Workspace, school: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    meeting_id = make_meeting(workspace, host_id=school["单军"], recorder_id=school["调走"])
    opened = opener(meeting_id)
    details = opened.dialog.details
    assert details.recorder.value() == school["调走"] and details.recorder.currentText() == "调走"
    assert details.host.currentText() == "单军"
    assert "调走" not in [details.host.itemText(i) for i in range(details.host.count())]
    details.place.set_value("图书馆")
    opened.save()
    assert not opened.dialog.isVisible()
    assert view(workspace, meeting_id).draft.recorder_id == school["调走"]


def test_changing_the_kind_of_a_stored_meeting_asks_before_replacing_the_list(
        opener, workspace: Workspace, asker: RecordingAsker) -> None:  # type: ignore[no-untyped-def]
    meeting_id = make_meeting(workspace)
    dialog = opener(meeting_id).dialog
    asker.answers = [False]
    dialog.details.kind.set_value(MeetingKind.COMMITTEE)  # nobody in the school holds a post
    assert len(asker.questions) == 1
    assert [r.name for r in dialog.grid.model.rows()] == ["单军", "曾国华"]
    asker.answers = [True]
    dialog.details.kind.set_value(MeetingKind.GROUP)
    dialog.details.group.set_value(first_branch(workspace).groups[0].id)
    assert [r.name for r in dialog.grid.model.rows()] == ["单军"]


# -- minutes -------------------------------------------------------------------------------------
def test_the_minutes_start_from_the_kinds_template(opener, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    dialog = opener().dialog
    minutes = dialog.minutes
    assert minutes.content.toPlainText() == minutes_template(MeetingKind.GENERAL)
    dialog.details.kind.set_value(MeetingKind.LECTURE)
    assert minutes.content.toPlainText() == minutes_template(MeetingKind.LECTURE)
    minutes.content.setPlainText("书记讲党课。")
    dialog.details.kind.set_value(MeetingKind.THEME_DAY)
    assert minutes.content.toPlainText() == "书记讲党课。"  # written text is never replaced
    minutes.content.moveCursor(minutes.content.textCursor().MoveOperation.End)
    dialog.findChild(QPushButton, "insertTemplateButton").click()
    assert minutes.content.toPlainText() == "书记讲党课。" + minutes_template(MeetingKind.THEME_DAY)
    minutes.content.clear()
    minutes.held.setChecked(True)
    assert not dialog.findChild(QLabel, "minutesWarning").isHidden()
    minutes.content.setPlainText("到会者学习了党章。")
    assert dialog.findChild(QLabel, "minutesWarning").isHidden()


def test_a_stored_meeting_with_empty_minutes_shows_the_template(opener, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    meeting_id = make_meeting(workspace, kind=MeetingKind.COMMITTEE, expected=())
    dialog = opener(meeting_id).dialog
    assert dialog.minutes.content.toPlainText() == minutes_template(MeetingKind.COMMITTEE)


# -- closing -------------------------------------------------------------------------------------
def test_closing_with_changes_asks_and_without_does_not(
        opener, workspace: Workspace, asker: RecordingAsker) -> None:  # type: ignore[no-untyped-def]
    meeting_id = make_meeting(workspace)
    dialog = opener(meeting_id).dialog
    dialog.reject()
    assert not dialog.isVisible() and asker.questions == []
    dialog = opener(meeting_id).dialog
    dialog.grid.model.set_status([1], AttendanceStatus.LEAVE)
    asker.answers = [False]
    dialog.reject()
    assert dialog.isVisible() and len(asker.questions) == 1
    asker.answers = [True]
    dialog.close()
    assert not dialog.isVisible()
    assert view(workspace, meeting_id).attendees[1].status is None


def test_a_meeting_deleted_meanwhile_is_reported(
        opener, workspace: Workspace, asker: RecordingAsker) -> None:  # type: ignore[no-untyped-def]
    meeting_id = make_meeting(workspace)
    opened = opener(meeting_id)
    with workspace.database.transaction() as session:
        meeting_edit.delete(session, meeting_id)
    opened.dialog.details.title.setText("改过的议题")
    opened.save()
    assert opened.dialog.isVisible() and len(asker.errors) == 1
    assert meeting_count(workspace) == 0


def test_the_attendance_entries_are_what_the_service_takes(opener, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    meeting_id = make_meeting(workspace)
    dialog = opener(meeting_id).dialog
    dialog.grid.model.set_status([1], AttendanceStatus.LEAVE)
    assert dialog.form().attendance == (
        AttendanceEntry(dialog.grid.model.row(0).person_id, None, ""),
        AttendanceEntry(dialog.grid.model.row(1).person_id, AttendanceStatus.LEAVE, ""))


def test_ctrl_s_saves_and_escape_cancels(qtbot: QtBot, opener, workspace: Workspace,  # type: ignore[no-untyped-def]
                                         asker: RecordingAsker) -> None:
    opened = opener()
    dialog = opened.dialog
    with qtbot.waitActive(dialog):
        dialog.activateWindow()  # shortcuts work in the active window
    assert dialog.focusWidget() is dialog.details.kind  # the first field, not the tab bar
    dialog.details.title.setFocus()
    dialog.details.title.insert("学习党章")
    asker.answers = [False]
    qtbot.keyClick(dialog.details.title, Qt.Key.Key_Escape)
    assert dialog.isVisible() and len(asker.questions) == 1  # something typed: asked first
    qtbot.keyClick(dialog.details.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible() and len(opened.saved) == 1
    again = opener(opened.saved[0]).dialog
    with qtbot.waitActive(again):
        again.activateWindow()
    qtbot.keyClick(again.details.title, Qt.Key.Key_Escape)
    assert not again.isVisible() and len(asker.questions) == 1


def test_a_reason_still_being_typed_is_saved(opener, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    meeting_id = make_meeting(workspace)
    opened = opener(meeting_id)
    grid = opened.dialog.grid
    grid.model.set_status([1], AttendanceStatus.LEAVE)
    index = grid.model.index(1, REASON)
    grid.view.setCurrentIndex(index)
    grid.view.edit(index)
    editor = grid.view.indexWidget(index)
    assert editor is not None
    editor.setText("病假")
    opened.save()  # as with Ctrl+S, the editor still open
    assert not opened.dialog.isVisible()
    assert view(workspace, meeting_id).attendees[1].reason == "病假"


def test_vote_counts_typed_over_no_longer_follow_the_grid(opener, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    dialog = opener(make_meeting(workspace)).dialog
    dialog.vote.enabled.setChecked(True)
    assert dialog.vote.spins["voting_due"].value() == 2
    dialog.vote.spins["voting_present"].setValue(1)
    dialog.grid.model.all_present()
    assert dialog.vote.spins["voting_present"].value() == 1
    dialog.findChild(QPushButton, "fillVoteButton").click()
    assert dialog.vote.spins["voting_present"].value() == 2
    dialog.details.kind.set_value(MeetingKind.THEME_DAY)
    assert dialog.form().vote is None  # only a 党员大会 holds a vote
