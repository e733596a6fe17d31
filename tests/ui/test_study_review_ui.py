"""Review of issue 11 (党建+学习) in the UI: proven bugs, each an expected failure until it is fixed."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from djdesk.domain.meetings import AttendanceStatus, MeetingDraft, MeetingKind
from djdesk.services import branches, meeting_edit, study
from djdesk.services.meeting_edit import AttendanceEntry, MeetingForm
from djdesk.services.study import GroupDraft
from djdesk.ui import events as kinds
from djdesk.ui.ethics.learning_page import LearningPage
from djdesk.ui.events import AppEvents
from djdesk.ui.study.records_page import StudyRecordEditor
from djdesk.workspace import Workspace
from tests.ui.conftest import RecordingAsker

NOW = dt.datetime(2026, 6, 15, 10)


def test_the_group_hint_counts_only_those_who_will_be_recorded(qtbot: QtBot, workspace: Workspace, school,
                                                              asker: RecordingAsker):
    db = workspace.database
    with db.transaction() as session:
        group = study.save_group(session, None, GroupDraft("读书小组", member_ids=(
            school["单军"], school["曾国华"], school["调走"])))
    editor = StudyRecordEditor(db, AppEvents(), asker)
    qtbot.addWidget(editor)
    editor.group.setCurrentIndex(editor.group.findData(group))
    assert "2" in editor.group_hint.text()  # 调走 has left: two are recorded


def held_lecture(workspace: Workspace, school) -> None:  # type: ignore[no-untyped-def]
    db = workspace.database
    with db.transaction() as session:
        branch_id = next(b.id for b in branches.list_branches(session) if b.name == "第一党支部")
        draft = MeetingDraft(kind=MeetingKind.LECTURE, year=2026, branch_id=branch_id,
                             starts_at=dt.datetime(2026, 6, 12, 15), title="党课", host_id=school["单军"],
                             recorder_id=school["曾国华"], expected=(school["单军"],))
        meeting_edit.save(session, None, MeetingForm(draft, (AttendanceEntry(school["单军"], AttendanceStatus.PRESENT),),
                                                     content="一、党课", held=True), now=NOW)


def test_the_ethics_learning_page_shows_a_held_lectures_records(qtbot: QtBot, workspace: Workspace, school,
                                                                asker: RecordingAsker):
    events = AppEvents()
    page = LearningPage(workspace.database, events, asker)
    qtbot.addWidget(page)
    page.show_all.setChecked(True)
    page.show()
    qtbot.waitExposed(page)
    assert page.rows == []
    held_lecture(workspace, school)
    events.changed.emit(kinds.MEETINGS)  # what the calendar says after saving a meeting
    assert len(page.rows) == 1


def test_the_ethics_learning_page_does_not_ask_to_delete_a_meetings_record(qtbot: QtBot, workspace: Workspace,
                                                                           school, asker: RecordingAsker):
    held_lecture(workspace, school)
    page = LearningPage(workspace.database, AppEvents(), asker)
    qtbot.addWidget(page)
    page.show_all.setChecked(True)
    page.show()
    qtbot.waitExposed(page)
    page.table.selectRow(0)
    asker.answers.append(True)
    page.delete()
    assert asker.questions == [] and asker.errors == []
