"""师德 violations and honours pages: record through the editors, refusals under the field with
the typing kept, the barred period shown, delete only when confirmed, the period and the search."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from djdesk.domain import ethics
from djdesk.domain.ethics import HonourLevel, Sanction
from djdesk.i18n import _
from djdesk.services import ethics_records as records
from djdesk.services import members
from djdesk.ui import events as kinds
from djdesk.ui.ethics.honours_page import HonourEditor, HonoursPage
from djdesk.ui.ethics.violations_page import (
    BARRED_BACKGROUND,
    ViolationEditor,
    ViolationsPage,
)
from djdesk.ui.events import AppEvents
from djdesk.workspace import Workspace
from tests.factories import draft
from tests.ui.conftest import TODAY, RecordingAsker


@pytest.fixture
def events() -> AppEvents:
    return AppEvents()


@pytest.fixture
def teachers(workspace: Workspace) -> dict[str, int]:
    with workspace.database.transaction() as session:
        return {name: members.add(session, draft(name=name, department=department), today=TODAY).id
                for name, department in (("张晓红", "语文组"), ("李建国", "数学组"), ("王芳", "语文组"))}


def violations(workspace: Workspace) -> list[records.ViolationRow]:
    with workspace.database.transaction() as session:
        return records.list_violations(session)


def honours(workspace: Workspace) -> list[records.HonourRow]:
    with workspace.database.transaction() as session:
        return records.list_honours(session)


def record_violation(workspace: Workspace, person_id: int, on: dt.date, kind: str = "有偿补课",
                     sanction: Sanction | None = None, decided_on: dt.date | None = None) -> None:
    with workspace.database.transaction() as session:
        records.add_violation(session, records.ViolationDraft(person_id, on, kind, sanction=sanction,
                                                              decided_on=decided_on), today=TODAY)


def shown(qtbot: QtBot, page: ViolationsPage | HonoursPage) -> ViolationsPage | HonoursPage:
    qtbot.addWidget(page)
    page.resize(900, 400)
    page.show()
    qtbot.waitExposed(page)
    return page


def type_text(widget: QWidget, text: str) -> None:
    """Keys typed one by one (QTest's keyClicks asserts on characters outside ASCII)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


def row_texts(table: QTableWidget, row: int) -> list[str]:
    return [table.item(row, column).text() for column in range(table.columnCount())]


def visible_rows(table: QTableWidget) -> list[str]:
    return [table.item(r, 1).text() for r in range(table.rowCount()) if not table.isRowHidden(r)]


def test_a_violation_with_a_sanction_shows_its_barred_date(
        qtbot: QtBot, workspace: Workspace, teachers: dict[str, int], asker: RecordingAsker,
        events: AppEvents) -> None:
    changed: list[str] = []
    events.changed.connect(changed.append)
    page = shown(qtbot, ViolationsPage(workspace.database, events, asker))
    page.findChild(QPushButton, "add_violations").click()
    form = page.editor
    assert isinstance(form, ViolationEditor) and form.isVisible()
    assert form.occurred_on.date() == QDate(2026, 6, 15)  # today by the database's clock
    assert not form.decided_on.isEnabled() and not form.measure.isEnabled() and not form.months.isEnabled()
    type_text(form.teacher.lineEdit(), "张晓红")  # a bare name is enough
    form.teacher.completer().popup().hide()
    form.occurred_on.setDate(QDate(2026, 5, 20))
    type_text(form.kind.lineEdit(), "体罚学生")
    form.description.setPlainText("课堂上罚学生站立两节课")
    form.sanction.setCurrentIndex(form.sanction.findData(Sanction.DEMERIT.value))
    assert form.decided_on.isEnabled() and not form.months.isEnabled()
    form.decided_on.setDate(QDate(2026, 6, 10))
    note = form.findChild(QLabel, "violationBarredNote")
    assert note.text() == ethics.barred_text(dt.date(2027, 6, 10))  # 记过: 12 months from the decision
    assert "2026.05.20" in form.findChild(QLabel, "violationVetoNote").text()
    form.findChild(QPushButton, "saveViolation").click()

    assert not form.isVisible() and changed == [kinds.ETHICS] and page.editor is None
    (stored,) = violations(workspace)
    assert (stored.person_id, stored.occurred_on, stored.kind, stored.sanction, stored.decided_on) == (
        teachers["张晓红"], dt.date(2026, 5, 20), "体罚学生", Sanction.DEMERIT, dt.date(2026, 6, 10))
    table = page.findChild(QTableWidget, "violationsTable")
    assert row_texts(table, 0) == ["2026.05.20", "张晓红", "语文组", "体罚学生", Sanction.DEMERIT.label,
                                   "2026.06.10", "2027.06.10"]
    assert table.item(0, 6).background().color() == BARRED_BACKGROUND  # still barred on 2026.06.15

    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)  # Enter edits
    form = page.editor
    assert form.teacher.value() == teachers["张晓红"] and form.kind.value() == "体罚学生"
    form.sanction.setCurrentIndex(form.sanction.findData(Sanction.OTHER.value))
    assert form.measure.isEnabled() and form.months.isEnabled()
    type_text(form.measure.lineEdit(), "诫勉谈话")
    form.months.setValue(36)
    assert form.barred_note.text() == ethics.barred_text(dt.date(2029, 6, 10))
    form.findChild(QPushButton, "saveViolation").click()
    (stored,) = violations(workspace)
    assert (stored.sanction, stored.measure, stored.months) == (Sanction.OTHER, "诫勉谈话", 36)
    assert table.item(0, 4).text() == stored.handling and table.item(0, 6).text() == "2029.06.10"

    table.selectRow(0)
    table.doubleClicked.emit(table.model().index(0, 0))  # a double click edits too
    page.editor.sanction.setCurrentIndex(page.editor.sanction.findData(Sanction.DISMISSAL.value))
    page.editor.findChild(QPushButton, "saveViolation").click()
    assert table.item(0, 6).text() == Sanction.DISMISSAL.label


def test_a_refused_violation_keeps_the_typing_and_says_why_under_the_field(
        qtbot: QtBot, workspace: Workspace, teachers: dict[str, int], asker: RecordingAsker,
        events: AppEvents) -> None:
    form = ViolationEditor(workspace.database, events, asker)
    qtbot.addWidget(form)
    form.show()
    form.teacher.set_value(teachers["李建国"])
    form.occurred_on.setDate(QDate(2026, 5, 1))
    form.description.setPlainText("收受家长购物卡")
    form.sanction.setCurrentIndex(form.sanction.findData(Sanction.WARNING.value))
    form.decided_on.setDate(QDate(2026, 6, 1))
    form.findChild(QPushButton, "saveViolation").click()

    assert form.isVisible() and violations(workspace) == [] and asker.errors == []
    error = form.findChild(QLabel, "error_kind")
    assert error.isVisible() and error.text() == _("say what the violation was")
    assert not form.findChild(QLabel, "error_person_id").isVisible()
    assert form.teacher.value() == teachers["李建国"] and form.description.toPlainText() == "收受家长购物卡"
    assert form.sanction.value() is Sanction.WARNING and form.decided_on.date() == QDate(2026, 6, 1)

    type_text(form.kind.lineEdit(), "收受家长财物")
    form.findChild(QPushButton, "saveViolation").click()
    assert not form.isVisible() and not error.isVisible()
    assert [v.kind for v in violations(workspace)] == ["收受家长财物"]


def test_an_honour_for_a_vetoed_teacher_is_refused_and_another_saved(
        qtbot: QtBot, workspace: Workspace, teachers: dict[str, int], asker: RecordingAsker,
        events: AppEvents) -> None:
    record_violation(workspace, teachers["王芳"], dt.date(2026, 3, 2))
    page = shown(qtbot, HonoursPage(workspace.database, events, asker))
    page.findChild(QPushButton, "add_honours").click()
    form = page.editor
    assert isinstance(form, HonourEditor) and form.year.value() == 2026
    form.teacher.set_value(teachers["王芳"])
    type_text(form.title.lineEdit(), "最美教师")
    form.level.set_value(HonourLevel.DISTRICT)
    form.proposed_on.setDate(QDate(2026, 6, 1))
    form.findChild(QPushButton, "saveHonour").click()

    assert form.isVisible() and honours(workspace) == []
    error = form.findChild(QLabel, "error_person_id")
    assert error.isVisible() and error.text() == _(
        "{name} cannot be proposed: 一票否决 in {year} ({kind}, {date})").format(
        name="王芳", year=2026, kind="有偿补课", date="2026.03.02")
    assert form.title.value() == "最美教师" and form.level.value() is HonourLevel.DISTRICT

    form.teacher.set_value(teachers["张晓红"])
    form.note.setText("区教育局推荐")
    form.findChild(QPushButton, "saveHonour").click()
    assert not form.isVisible()
    (stored,) = honours(workspace)
    assert (stored.person_id, stored.title, stored.year, stored.level, stored.proposed_on, stored.note) == (
        teachers["张晓红"], "最美教师", 2026, HonourLevel.DISTRICT, dt.date(2026, 6, 1), "区教育局推荐")
    table = page.findChild(QTableWidget, "honoursTable")
    assert row_texts(table, 0) == ["2026", "张晓红", "语文组", "最美教师", HonourLevel.DISTRICT.label,
                                   "2026.06.01", "区教育局推荐"]


def test_an_honour_for_a_barred_teacher_is_refused(
        qtbot: QtBot, workspace: Workspace, teachers: dict[str, int], asker: RecordingAsker,
        events: AppEvents) -> None:
    record_violation(workspace, teachers["李建国"], dt.date(2025, 11, 3), sanction=Sanction.DEMERIT,
                     decided_on=dt.date(2025, 12, 1))
    form = HonourEditor(workspace.database, events, asker)
    qtbot.addWidget(form)
    form.show()
    form.teacher.set_value(teachers["李建国"])
    type_text(form.title.lineEdit(), "师德楷模")
    form.findChild(QPushButton, "saveHonour").click()
    assert form.isVisible() and honours(workspace) == []
    assert form.findChild(QLabel, "error_person_id").text() == _("{name} cannot be proposed: {barred}").format(
        name="李建国", barred=ethics.barred_text(dt.date(2026, 12, 1)))


@pytest.mark.parametrize("page_class", [ViolationsPage, HonoursPage])
def test_deleting_asks_first_and_deletes_only_when_confirmed(
        qtbot: QtBot, workspace: Workspace, teachers: dict[str, int], asker: RecordingAsker,
        events: AppEvents, page_class: type) -> None:
    record_violation(workspace, teachers["王芳"], dt.date(2025, 3, 2))
    with workspace.database.transaction() as session:
        records.add_honour(session, records.HonourDraft(teachers["李建国"], "师德楷模", 2026, HonourLevel.SCHOOL,
                                                        dt.date(2026, 5, 4)), today=TODAY)
    page = shown(qtbot, page_class(workspace.database, events, asker))
    stored = violations if page_class is ViolationsPage else honours
    delete = page.delete_button
    assert not delete.isEnabled()
    page.table.setFocus()
    page.table.selectRow(0)
    asker.answers = [False]
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert len(stored(workspace)) == 1 and len(asker.questions) == 1
    if page_class is ViolationsPage:
        assert asker.questions[0] == _("Delete the violation record of {name} of {date} ({kind})?").format(
            name="王芳", date="2025.03.02", kind="有偿补课")
    else:
        assert asker.questions[0] == _("Delete the honour “{title}” ({year}) of {name}?").format(
            title="师德楷模", year=2026, name="李建国")
    asker.answers = [True]
    delete.click()
    assert stored(workspace) == [] and page.table.rowCount() == 0 and not delete.isEnabled()


def test_the_period_the_search_and_reloading_when_shown(
        qtbot: QtBot, workspace: Workspace, teachers: dict[str, int], asker: RecordingAsker,
        events: AppEvents) -> None:
    record_violation(workspace, teachers["王芳"], dt.date(2025, 3, 2))
    record_violation(workspace, teachers["张晓红"], dt.date(2026, 4, 8), "体罚学生")
    record_violation(workspace, teachers["李建国"], dt.date(2026, 5, 9), "有偿补课")
    page = shown(qtbot, ViolationsPage(workspace.database, events, asker))
    table = page.table
    assert visible_rows(table) == ["李建国", "张晓红", "王芳"]  # newest first
    page.set_period(dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    assert visible_rows(table) == ["李建国", "张晓红"]
    type_text(page.findChild(type(page.search), "violationsSearch"), "语文")
    assert visible_rows(table) == ["张晓红"]
    page.search.clear()

    page.hide()
    record_violation(workspace, teachers["王芳"], dt.date(2026, 6, 1))
    events.changed.emit(kinds.ETHICS)
    assert table.rowCount() == 2  # hidden: nothing read until shown again
    page.show()
    assert visible_rows(table) == ["王芳", "李建国", "张晓红"]

    honours_page = shown(qtbot, HonoursPage(workspace.database, events, asker))
    with workspace.database.transaction() as session:
        for year in (2023, 2024, 2025):
            records.add_honour(session, records.HonourDraft(teachers["张晓红"], "最美教师", year,
                                                            HonourLevel.SCHOOL, dt.date(2024, 5, 4)), today=TODAY)
    events.changed.emit(kinds.ETHICS)
    assert [honours_page.table.item(r, 0).text() for r in range(honours_page.table.rowCount())] == [
        "2025", "2024", "2023"]
    honours_page.set_period(dt.date(2023, 9, 1), dt.date(2024, 8, 31))  # touches 2023 and 2024
    assert [honours_page.table.item(r, 0).text() for r in range(honours_page.table.rowCount())] == [
        "2024", "2023"]
