"""The 民主评议 tab on a real database: opening a branch's year, the details, recording each
member's result with the keyboard, refusals that keep the typing, printing and the person's page."""

from __future__ import annotations

import datetime as dt

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QTextBrowser
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from djdesk.domain.democratic import ReviewGrade
from djdesk.domain.meetings import MeetingDraft, MeetingKind
from djdesk.services import meeting_edit, members
from djdesk.services.meeting_edit import MeetingForm
from djdesk.store.models import Meeting, ReviewEntry
from djdesk.ui.events import AppEvents
from djdesk.ui.review.tab import ReviewTab
from djdesk.workspace import Workspace
from tests.ui.conftest import RecordingAsker

E, C = ReviewGrade.EXCELLENT, ReviewGrade.COMPETENT


@pytest.fixture
def tab(qtbot: QtBot, workspace: Workspace, school: dict[str, int], asker: RecordingAsker) -> ReviewTab:
    with workspace.database.transaction() as session:  # the 2025 组织生活会, held in March 2026
        branch_id = members.get(session, school["单军"]).draft.branch_id
        draft = MeetingDraft(kind=MeetingKind.LIFE_MEETING, year=2025, branch_id=branch_id,
                             starts_at=dt.datetime(2026, 3, 10, 15), title="2025年度组织生活会")
        meeting_edit.save(session, None, MeetingForm(draft=draft), now=dt.datetime(2026, 6, 15, 10))
    made = ReviewTab(workspace.database, AppEvents(), asker, workspace.directory)
    made.events.changed.connect(lambda _kind: None)
    qtbot.addWidget(made)
    made.resize(1300, 720)
    made.show()
    qtbot.waitExposed(made)
    return made


def _open(tab: ReviewTab, qtbot: QtBot) -> None:
    tab.actions_.new_action.trigger()
    dialog = tab.dialog
    assert dialog is not None and dialog.objectName() == "reviewOpenDialog"
    assert dialog.year.value() == 2025  # in June the evaluation most likely meant is last year's
    assert "2026.03.10" in dialog.hint.text()  # the 2025 组织生活会, held the next March
    qtbot.mouseClick(dialog.findChild(QPushButton, "reviewOpenOk"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.view is not None)


def _details(tab: ReviewTab, qtbot: QtBot, ballots: int) -> None:
    tab.actions_.info_action.trigger()
    dialog = tab.dialog
    assert dialog.objectName() == "reviewInfoDialog"
    dialog.ballots.setValue(ballots)
    qtbot.mouseClick(dialog.findChild(QPushButton, "reviewInfoOk"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.view is not None and tab.view.ballots == ballots)


def _stored(workspace: Workspace, person_id: int) -> ReviewEntry:
    with workspace.database.transaction() as session:
        entry = session.scalars(select(ReviewEntry).where(ReviewEntry.person_id == person_id)).one()
        session.expunge(entry)
        return entry


def test_recording_a_branchs_results(tab: ReviewTab, qtbot: QtBot, workspace: Workspace,
                                     school: dict[str, int], asker: RecordingAsker) -> None:
    assert "新建评议" in tab.info.text() or tab.view is None
    _open(tab, qtbot)
    names = [tab.table.item(i, 1).text() for i in range(tab.table.rowCount())]
    assert names == ["单军", "曾国华", "调走"]  # 按姓氏笔画; the member who left is listed apart, last
    assert tab.table.item(2, 3).text() == "另列" and "2026.03.01 转出" in tab.table.item(2, 9).text()
    assert "2026.03.10 组织生活会" in tab.info.text()
    _details(tab, qtbot, ballots=2)
    # The meeting now counts as the year's 民主评议党员 too.
    with workspace.database.transaction() as session:
        assert MeetingKind.REVIEW in session.scalars(select(Meeting)).one().also_counts_as

    editor = tab.editor
    assert tab.current_row().name == "单军"
    editor.self_note.setPlainText("带头落实一岗双责")
    editor.votes[E].setValue(2)
    editor.grade.set_value(E)
    tab.activateWindow()
    editor.self_note.setFocus()
    qtbot.waitUntil(editor.self_note.hasFocus)
    qtbot.keyClick(editor.self_note, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    # Two members under a cap of 1/3: no 优秀 at all. Refused under the field, typing kept, nothing stored.
    assert "最多 0 人" in editor.form.errors["grade"].text()
    assert editor.grade.value() is E and editor.votes[E].value() == 2
    assert _stored(workspace, school["单军"]).grade is None

    editor.grade.set_value(C)  # against the ballots' majority: the reason is asked for
    assert "不一致" in editor.majority.text()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "请填写支部的理由" in editor.form.errors["grade_reason"].text()
    editor.reason.setText("本年度优秀名额已满")
    qtbot.mouseClick(editor.next_button, Qt.MouseButton.LeftButton)  # 保存并转到下一人
    stored = _stored(workspace, school["单军"])
    assert (stored.grade, stored.votes_excellent, stored.grade_reason, stored.self_note) == (
        C, 2, "本年度优秀名额已满", "带头落实一岗双责")
    assert tab.table.item(0, 8).text() == "合格" and tab.table.item(0, 9).text() == "本年度优秀名额已满"
    assert tab.current_row().name == "曾国华" and editor.votes[E].hasFocus()

    # More marks than ballots: refused with the count, the numbers stay in the boxes.
    editor.votes[C].setValue(3)
    editor.grade.set_value(C)
    qtbot.keyClick(editor.votes[C], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.form.errors["votes"].text() == "共 3 票，但只收回 2 张测评票"
    assert editor.votes[C].value() == 3 and _stored(workspace, school["曾国华"]).grade is None

    # Leaving a member with unsaved typing asks; "save" writes it first.
    editor.votes[C].setValue(2)
    asker.save_answers.append(True)
    tab.table.selectRow(0)
    assert asker.questions[-1] == "是否保存对曾国华的修改？"
    assert _stored(workspace, school["曾国华"]).votes_competent == 2 and tab.current_row().name == "单军"
    assert "参评 2 人：优秀 0、合格 2" in tab.summary.text()

    # Undo changes: back to what is stored.
    editor.reason.setText("改了又不要")
    qtbot.mouseClick(editor.revert_button, Qt.MouseButton.LeftButton)
    assert editor.reason.text() == "本年度优秀名额已满" and not editor.dirty()

    # The ballots: one copy per member evaluated; the result table shows the grades.
    tab.actions_.ballots_action.trigger()
    qtbot.waitUntil(lambda: len(asker.pdf_previews) == 1, timeout=10_000)
    path, title, _landscape = asker.pdf_previews[0]
    assert len(pdfium.PdfDocument(path)) == 2 and "2" in title
    tab.actions_.results_action.trigger()
    qtbot.waitUntil(lambda: len(asker.pdf_previews) == 2, timeout=10_000)
    text = "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(asker.pdf_previews[1][0]))
    assert "本年度优秀名额已满" in text.replace("\r", "").replace("\n", "")


def test_the_person_dialog_shows_the_grades_year_by_year(tab: ReviewTab, qtbot: QtBot, workspace: Workspace,
                                                        school: dict[str, int], asker: RecordingAsker) -> None:
    from djdesk.ui.members.person_dialog import PersonDialog

    _open(tab, qtbot)
    _details(tab, qtbot, ballots=2)
    tab.editor.votes[C].setValue(2)
    tab.editor.grade.set_value(C)
    assert tab.editor.save()
    with workspace.database.transaction() as session:
        record = members.get(session, school["单军"])
    dialog = PersonDialog(workspace.database, asker, [], record, [])
    qtbot.addWidget(dialog)
    page = dialog.findChild(QTextBrowser, "reviewPage").toPlainText()
    assert "2025" in page and "第一党支部" in page and "合格" in page
    with workspace.database.transaction() as session:
        outsider = members.get(session, school["张三"])  # never a member: no such page
    other = PersonDialog(workspace.database, asker, [], outsider, [])
    qtbot.addWidget(other)
    assert other.findChild(QTextBrowser, "reviewPage") is None


def test_listing_apart_asks_the_reason_and_deleting_keeps_a_recorded_review(
        tab: ReviewTab, qtbot: QtBot, workspace: Workspace, school: dict[str, int], asker: RecordingAsker) -> None:
    _open(tab, qtbot)
    tab.select_entry(next(r.id for r in tab.rows if r.name == "曾国华"))
    asker.texts.append("长期病休")
    tab.actions_.apart_action.trigger()
    assert [r.name for r in tab.view.apart] == ["曾国华", "调走"] or [r.name for r in tab.view.apart] == ["调走", "曾国华"]
    assert not tab.editor.save_button.isEnabled()  # someone listed apart is not graded
    tab.actions_.apart_action.trigger()  # 重新参评
    assert "曾国华" in [r.name for r in tab.view.members]
    _details(tab, qtbot, ballots=2)
    tab.select_entry(tab.view.members[0].id)
    tab.editor.votes[C].setValue(1)
    assert tab.editor.save()
    asker.answers.append(True)
    tab.actions_.delete_action.trigger()
    assert "记录了评议结果" in asker.errors[-1] and tab.view is not None


def test_typing_survives_the_details_dialog_and_is_saved_before_deleting(
        tab: ReviewTab, qtbot: QtBot, workspace: Workspace, school: dict[str, int], asker: RecordingAsker) -> None:
    _open(tab, qtbot)
    editor = tab.editor
    editor.self_note.setPlainText("尚未保存的自评")
    _details(tab, qtbot, ballots=2)  # a reload while typing: the typing stays, the message follows
    assert editor.self_note.toPlainText() == "尚未保存的自评" and editor.message.text() == "收回测评票 2 张"
    # Ctrl+S from the member list saves the member shown.
    tab.activateWindow()
    tab.table.setFocus()
    qtbot.waitUntil(tab.table.hasFocus)
    qtbot.keyClick(tab.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert _stored(workspace, school["单军"]).self_note == "尚未保存的自评" and not editor.dirty()
    # Deleting asks about unsaved typing first; saved, it makes the review a record to keep.
    editor.self_note.setPlainText("又改了")
    asker.save_answers.append(True)
    asker.answers.append(True)
    tab.actions_.delete_action.trigger()
    assert asker.questions[0] == "是否保存对单军的修改？"
    assert "记录了评议结果" in asker.errors[-1] and tab.view is not None
