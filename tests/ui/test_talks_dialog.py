"""谈心谈话 records: add, edit and delete through the form, refusals under the fields, the check."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QPushButton, QTableWidget
from pytestqt.qtbot import QtBot

from djdesk.i18n import _
from djdesk.services import members, talks
from djdesk.services.branches import list_branches
from djdesk.ui import events as kinds
from djdesk.ui.calendar.talks_dialog import TalkEditor, TalksDialog
from djdesk.ui.events import AppEvents
from djdesk.workspace import Workspace
from tests.factories import member_draft
from tests.ui.conftest import TODAY, RecordingAsker


@pytest.fixture
def events() -> AppEvents:
    return AppEvents()


@pytest.fixture
def people(workspace: Workspace, school: dict[str, int]) -> dict[str, int]:
    """The small school and a secretary for its first branch."""
    with workspace.database.transaction() as session:
        first = next(b for b in list_branches(session) if b.name == "第一党支部")
        school = {**school, "周红": members.add(session, member_draft(first.id, name="周红", party_post="书记"),
                                               today=TODAY).id, "first": first.id}
    return school


@pytest.fixture
def dialog(qtbot: QtBot, workspace: Workspace, people: dict[str, int], asker: RecordingAsker,
           events: AppEvents) -> TalksDialog:
    shown = TalksDialog(workspace.database, events, asker, 2026)
    qtbot.addWidget(shown)
    shown.open()
    return shown


def stored(workspace: Workspace) -> list[talks.TalkRow]:
    with workspace.database.transaction() as session:
        return talks.list_talks(session, year=2026)


def editor(dialog: TalksDialog) -> TalkEditor:
    assert dialog.editor is not None and dialog.editor.isVisible()
    return dialog.editor


def check_text(dialog: TalksDialog) -> str:
    return dialog.findChild(QLabel, "talksCheck").text()


def missing(dialog: TalksDialog) -> list[str]:
    names = dialog.findChild(QListWidget, "talksMissing")
    return [names.item(i).text() for i in range(names.count())]


def test_add_edit_and_delete_a_talk(qtbot: QtBot, dialog: TalksDialog, workspace: Workspace,
                                    people: dict[str, int], asker: RecordingAsker, events: AppEvents) -> None:
    changed: list[str] = []
    events.changed.connect(changed.append)
    assert check_text(dialog) == _("Talked with {talked} of {members} members").format(talked=0, members=3)
    dialog.findChild(QPushButton, "addTalk").click()
    form = editor(dialog)
    form.person.setCurrentIndex(form.person.findData(people["单军"]))
    assert form.talker.currentData() == people["周红"]  # the secretary of the member's branch
    assert form.held_on.date() == QDate(2026, 6, 15)
    form.note.setPlainText("了解近期思想和工作情况")
    form.findChild(QPushButton, "saveTalk").click()
    assert not form.isVisible() and changed == [kinds.TALKS]
    (talk,) = stored(workspace)
    assert (talk.talker_id, talk.person_id, talk.held_on, talk.note, talk.branch) == (
        people["周红"], people["单军"], TODAY, "了解近期思想和工作情况", "第一党支部")
    table = dialog.findChild(QTableWidget, "talksTable")
    assert table.rowCount() == 1 and table.item(0, 3).text() == "单军"
    assert check_text(dialog) == _("Talked with {talked} of {members} members").format(talked=1, members=3)
    assert not any(name.startswith("单军") for name in missing(dialog))

    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)  # Enter edits
    form = editor(dialog)
    assert form.person.currentData() == people["单军"] and form.note.toPlainText() == "了解近期思想和工作情况"
    form.held_on.setDate(QDate(2026, 6, 1))
    form.note.setPlainText("谈教学工作")
    form.findChild(QPushButton, "saveTalk").click()
    (talk,) = stored(workspace)
    assert (talk.held_on, talk.note) == (dt.date(2026, 6, 1), "谈教学工作")

    table.selectRow(0)
    asker.answers = [False]
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert len(stored(workspace)) == 1
    asker.answers = [True]
    dialog.findChild(QPushButton, "deleteTalk").click()
    assert asker.questions[-1] == _("Delete the talk of {date} with {name}?").format(date="2026-06-01", name="单军")
    assert stored(workspace) == [] and table.rowCount() == 0
    assert not dialog.findChild(QPushButton, "deleteTalk").isEnabled()


def test_a_future_date_is_refused_under_the_field_and_the_typing_kept(
        dialog: TalksDialog, workspace: Workspace, people: dict[str, int]) -> None:
    dialog.findChild(QPushButton, "addTalk").click()
    form = editor(dialog)
    form.person.setCurrentIndex(form.person.findData(people["曾国华"]))
    form.held_on.setDate(QDate(2026, 6, 16))
    form.note.setPlainText("约谈")
    form.findChild(QPushButton, "saveTalk").click()
    assert form.isVisible() and stored(workspace) == []
    error = form.findChild(QLabel, "error_held_on")
    assert error.isVisible() and error.text() == _("a talk is recorded once it has taken place")
    assert form.note.toPlainText() == "约谈" and form.person.currentData() == people["曾国华"]
    # Nobody chosen at all: both combos say so.
    form.person.setCurrentIndex(0)
    form.talker.setCurrentIndex(0)
    form.held_on.setDate(QDate(2026, 6, 15))
    form.findChild(QPushButton, "saveTalk").click()
    assert form.findChild(QLabel, "error_person_id").text() == _("choose the member")
    assert form.findChild(QLabel, "error_talker_id").text() == _("choose who held the talk")
    assert not form.findChild(QLabel, "error_held_on").isVisible()
    form.reject()


def test_the_yearly_check_by_branch_and_a_talk_from_the_missing_list(
        qtbot: QtBot, dialog: TalksDialog, workspace: Workspace, people: dict[str, int]) -> None:
    assert len(missing(dialog)) == 3  # the secretary 周红 holds the talks
    assert _("{name} ({branch})").format(name="王五", branch="退休党支部") in missing(dialog)
    branch = dialog.findChild(QComboBox, "talksBranch")
    branch.setCurrentIndex(branch.findData(people["first"]))
    assert check_text(dialog) == _("Talked with {talked} of {members} members").format(talked=0, members=2)
    assert missing(dialog) == ["单军", "曾国华"]
    qtbot.waitExposed(dialog)
    names = dialog.findChild(QListWidget, "talksMissing")
    rect = names.visualItemRect(names.item(1))
    # Qt 6's item views take a double click only after the press that began it.
    qtbot.mouseClick(names.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(names.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    form = editor(dialog)
    assert form.person.currentData() == people["曾国华"] and form.talker.currentData() == people["周红"]
    form.findChild(QPushButton, "saveTalk").click()
    assert missing(dialog) == ["单军"]
    # Another year has its own talks.
    dialog.year.setValue(2025)
    assert dialog.findChild(QTableWidget, "talksTable").rowCount() == 0 and len(missing(dialog)) == 2


def test_a_talk_deleted_meanwhile(dialog: TalksDialog, workspace: Workspace, people: dict[str, int],
                                  asker: RecordingAsker, events: AppEvents) -> None:
    with workspace.database.transaction() as session:
        talk_id = talks.add(session, talks.TalkDraft(people["周红"], people["单军"], TODAY), today=TODAY)
    events.changed.emit(kinds.TALKS)
    table = dialog.findChild(QTableWidget, "talksTable")
    table.selectRow(0)
    dialog.findChild(QPushButton, "editTalk").click()
    form = editor(dialog)
    with workspace.database.transaction() as session:
        talks.delete(session, talk_id)
    form.findChild(QPushButton, "saveTalk").click()
    assert asker.errors == [_("This talk record no longer exists (deleted meanwhile?)")]
    form.reject()
