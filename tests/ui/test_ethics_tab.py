"""The 师德考核 tab: opening a period, typing scores in the grid, the cap, closing and reopening,
importing a score sheet, the teacher's page and the printouts — on a real database."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from djdesk.services import ethics as service
from djdesk.store.models import EthicsScore
from djdesk.ui.ethics.tab import EthicsTab
from djdesk.ui.events import AppEvents
from djdesk.workspace import Workspace
from tests.conftest import TODAY
from tests.ui.conftest import RecordingAsker


@pytest.fixture
def tab(qtbot: QtBot, workspace: Workspace, school: dict[str, int], asker: RecordingAsker) -> EthicsTab:
    made = EthicsTab(workspace.database, AppEvents(), asker, workspace.directory)
    qtbot.addWidget(made)
    made.resize(1200, 700)
    made.show()
    qtbot.waitExposed(made)
    return made


def _open_period(tab: EthicsTab, qtbot: QtBot) -> int:
    tab.actions_.new_action.trigger()
    dialog = tab.dialog
    assert dialog is not None and dialog.objectName() == "ethicsPeriodDialog"
    assert dialog.name.text() == "2025-2026学年"  # the school year of TODAY (2026-06-15)
    qtbot.mouseClick(dialog.findChild(QPushButton, "savePeriod"), Qt.MouseButton.LeftButton)
    assert tab.view is not None
    return tab.view.period.id


def _type(qtbot: QtBot, table, text: str):  # type: ignore[no-untyped-def]
    """As a person types: the first key opens the editor, the rest go into it; after Tab the
    next cell's editor is open already."""
    editor = QApplication.focusWidget()
    if editor is None or editor.objectName() != "scoreEditor":
        qtbot.keyClick(table, text[0])
        text = text[1:]
        editor = QApplication.focusWidget()
    assert editor.objectName() == "scoreEditor"
    qtbot.keyClicks(editor, text)
    return editor


def _row_of(tab: EthicsTab, name: str) -> int:
    return next(i for i in range(tab.model.rowCount()) if tab.model.row(i).name == name)


def _scores(workspace: Workspace) -> list[tuple[int, int]]:
    with workspace.database.transaction() as session:
        return [(s.category, s.points) for s in session.scalars(select(EthicsScore).order_by(EthicsScore.id))]


def test_a_new_period_holds_every_teacher_and_the_default_scheme(tab: EthicsTab, qtbot: QtBot) -> None:
    assert "尚无" in tab.state.text() or tab.view is None
    _open_period(tab, qtbot)
    names = {tab.model.row(i).name for i in range(tab.model.rowCount())}
    # Everyone in the small school is a teacher; 调走 left in March, during the period.
    assert names == {"单军", "曾国华", "王五", "张三", "李四", "陈珺", "调走"}
    assert tab.model.headers[2:6] == ["自评（10%）", "同事互评（30%）", "学生/家长评价（30%）", "学校考评（30%）"]
    assert tab.period_box.currentText() == "2025-2026学年"


def test_scores_typed_in_the_grid_give_the_total_and_grade_live(
        tab: EthicsTab, qtbot: QtBot, workspace: Workspace) -> None:
    _open_period(tab, qtbot)
    row = _row_of(tab, "张三")
    table = tab.table
    table.setFocus()
    table.setCurrentIndex(tab.model.index(row, 2))
    for text in ("95", "92", "90", "88"):
        editor = _type(qtbot, table, text)  # typing starts editing
        qtbot.keyClick(editor, Qt.Key.Key_Tab)  # across to the next rater category
    line = tab.model.row(_row_of(tab, "张三"))
    assert line.total == Decimal("90.50") and line.grade == "优秀"
    assert tab.model.data(tab.model.index(_row_of(tab, "张三"), 6)) == "90.5"
    assert "优秀 1" in tab.summary.text()
    assert sorted(_scores(workspace)) == [(0, 9500), (1, 9200), (2, 9000), (3, 8800)]
    # Enter goes down the column, to the next teacher.
    table.setCurrentIndex(tab.model.index(0, 2))
    qtbot.keyClick(_type(qtbot, table, "80"), Qt.Key.Key_Return)  # committed once the key is handled
    qtbot.waitUntil(lambda: table.currentIndex().row() == 1)
    assert table.currentIndex().row() == 1 and table.currentIndex().column() == 2


def test_a_refused_score_keeps_what_was_typed_and_stores_nothing(
        tab: EthicsTab, qtbot: QtBot, workspace: Workspace) -> None:
    _open_period(tab, qtbot)
    table = tab.table
    table.setFocus()
    table.setCurrentIndex(tab.model.index(0, 3))
    qtbot.keyClick(_type(qtbot, table, "105"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(tab.message.text()))
    assert "最多 100 分" in tab.message.text() and "105" in tab.message.text()
    qtbot.waitUntil(lambda: table.state() == table.State.EditingState)
    editor = table.findChild(QLineEdit, "scoreEditor")
    assert editor.text() == "105" and table.currentIndex().row() == 0  # back in the cell, as typed
    assert _scores(workspace) == []


def _fill(workspace: Workspace, period_id: int, totals: dict[int, str]) -> None:
    with workspace.database.transaction() as session:
        for pid, score in totals.items():
            for category in range(4):
                service.set_score(session, period_id, pid, category, Decimal(score))


def test_over_the_cap_the_office_decides_then_closes_and_reopens_with_a_reason(
        tab: EthicsTab, qtbot: QtBot, workspace: Workspace, school: dict[str, int],
        asker: RecordingAsker) -> None:
    period_id = _open_period(tab, qtbot)
    with workspace.database.transaction() as session:
        draft = service.period_draft(session, period_id)
        service.update_period(session, period_id, dataclasses.replace(
            draft, scheme=dataclasses.replace(draft.scheme, cap_percent=30)))  # 7 teachers: 2 may be 优秀
    _fill(workspace, period_id, {school["单军"]: "95", school["曾国华"]: "93", school["王五"]: "91",
                                 school["张三"]: "80", school["李四"]: "75", school["陈珺"]: "70",
                                 school["调走"]: "65"})
    tab.events.changed.emit("ethics")
    assert "超出" in tab.summary.text()
    asker.answers = [True]
    tab.actions_.close_action.trigger()
    assert "上限" in asker.errors[-1] and tab.view is not None and not tab.view.period.closed

    tab.actions_.cap_action.trigger()
    dialog = tab.dialog
    assert dialog is not None and dialog.objectName() == "ethicsCapDialog"
    assert dialog.kept() == {school["单军"], school["曾国华"]}  # the highest totals, as proposed
    qtbot.mouseClick(dialog.findChild(QPushButton, "applyCap"), Qt.MouseButton.LeftButton)
    assert tab.model.row(_row_of(tab, "王五")).grade == "合格"
    assert "超出" not in tab.summary.text()

    asker.answers = [True]
    tab.actions_.close_action.trigger()
    assert tab.view.period.closed and "冻结" in tab.state.text()
    assert not tab.model.flags(tab.model.index(0, 2)) & Qt.ItemFlag.ItemIsEditable
    assert not tab.actions_.import_action.isEnabled() and tab.actions_.reopen_action.isEnabled()

    asker.texts = ["复核发现评分录入错误"]
    tab.actions_.reopen_action.trigger()
    assert not tab.view.period.closed and "复核发现评分录入错误" in tab.state.text()
    assert tab.model.flags(tab.model.index(0, 2)) & Qt.ItemFlag.ItemIsEditable


def test_a_filled_score_sheet_is_previewed_then_imported(
        tab: EthicsTab, qtbot: QtBot, workspace: Workspace, tmp_path: Path, school: dict[str, int]) -> None:
    import openpyxl

    from djdesk.sheets.ethics import write_score_template
    from djdesk.ui.ethics.import_dialog import ScoreImportDialog

    _open_period(tab, qtbot)
    assert tab.view is not None
    template = tmp_path / "同事互评.xlsx"
    write_score_template(tab.view, 1, template)
    book = openpyxl.load_workbook(template)
    sheet = book.active
    for row in sheet.iter_rows():
        if row[1].value in ("张三", "陈珺"):
            row[3].value = 88 if row[1].value == "张三" else 91.5
    book.save(template)

    dialog = ScoreImportDialog(workspace.database, tab.asker, tab.view, tab)
    qtbot.addWidget(dialog)
    dialog.category.setCurrentIndex(1)
    dialog.load(template)
    assert dialog.preview is not None and dialog.preview.ok and len(dialog.preview.rows) == 2
    import_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert import_button.isEnabled()
    qtbot.mouseClick(import_button, Qt.MouseButton.LeftButton)
    assert sorted(_scores(workspace)) == [(1, 8800), (1, 9150)]
    tab.events.changed.emit("ethics")
    line = tab.model.row(_row_of(tab, "张三"))
    assert line.scores[1] == Decimal("88.00") and line.imported[1]
    # An imported cell is the sheets' mean: not typed over in the grid.
    assert not tab.model.flags(tab.model.index(_row_of(tab, "张三"), 3)) & Qt.ItemFlag.ItemIsEditable


def test_the_teacher_page_opens_from_the_name(tab: EthicsTab, qtbot: QtBot, workspace: Workspace,
                                              school: dict[str, int]) -> None:
    period_id = _open_period(tab, qtbot)
    _fill(workspace, period_id, {school["陈珺"]: "86"})
    tab.events.changed.emit("ethics")
    index = tab.model.index(_row_of(tab, "陈珺"), 0)
    tab.table.activated.emit(index)
    dialog = tab.dialog
    assert dialog is not None and dialog.objectName() == "ethicsTeacherDialog"
    text = dialog.browser.toPlainText()
    assert "陈珺" in text and "2025-2026学年" in text and "86" in text and "合格" in text
    dialog.close()


def test_the_summary_pdf_is_written_and_previewed(tab: EthicsTab, qtbot: QtBot, workspace: Workspace,
                                                  tmp_path: Path, asker: RecordingAsker,
                                                  school: dict[str, int]) -> None:
    period_id = _open_period(tab, qtbot)
    _fill(workspace, period_id, {school["陈珺"]: "86"})
    tab.events.changed.emit("ethics")
    target = tmp_path / "汇总表.pdf"
    asker.files = [target]
    tab.actions_.summary_pdf_action.trigger()
    qtbot.waitUntil(lambda: bool(asker.pdf_previews), timeout=10000)
    assert asker.pdf_previews[0][0] == target and target.stat().st_size > 1000


def test_the_person_dialog_shows_the_ethics_record_and_the_bar(
        qtbot: QtBot, workspace: Workspace, school: dict[str, int], asker: RecordingAsker) -> None:
    import datetime as dt

    from PySide6.QtWidgets import QTextBrowser

    from djdesk.domain.ethics import Sanction
    from djdesk.services import ethics_records

    with workspace.database.transaction() as session:
        ethics_records.add_violation(session, ethics_records.ViolationDraft(
            school["张三"], dt.date(2026, 3, 1), "有偿补课", sanction=Sanction.DEMERIT,
            decided_on=dt.date(2026, 4, 1)), today=TODAY)
    from djdesk.services import members
    from djdesk.ui.members.person_dialog import PersonDialog

    with workspace.database.transaction() as session:
        record = members.get(session, school["张三"])
    dialog = PersonDialog(workspace.database, asker, [], record, [])
    qtbot.addWidget(dialog)
    page = dialog.findChild(QTextBrowser, "ethicsPage")
    assert "2027.04.01 前不得评优评先、晋升" in page.toPlainText() and "有偿补课" in page.toPlainText()


def test_sorting_keeps_the_cell_with_its_teacher_and_exports_see_typed_scores(
        tab: EthicsTab, qtbot: QtBot, workspace: Workspace, school: dict[str, int], asker: RecordingAsker) -> None:
    _open_period(tab, qtbot)
    table = tab.table
    table.setFocus()
    first = tab.model.row(0)
    table.setCurrentIndex(tab.model.index(0, 2))
    tab.model.sort(0, Qt.SortOrder.DescendingOrder)  # the first teacher is now last
    assert tab.model.row(table.currentIndex().row()).person_id == first.person_id
    qtbot.keyClick(_type(qtbot, table, "77"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.model.rows and any(r.scores[0] is not None for r in tab.model.rows))
    scored = [r for r in tab.model.rows if r.scores[0] is not None]
    assert [r.person_id for r in scored] == [first.person_id]
    # What the exports and the cap read has the typed score too.
    assert tab.view is not None
    assert next(r for r in tab.view.rows if r.person_id == first.person_id).scores[0] == Decimal("77.00")
    # Clearing several scores at once asks first.
    _fill(workspace, tab.view.period.id, {school["陈珺"]: "80", school["王五"]: "82"})
    tab.events.changed.emit("ethics")
    stored = len(_scores(workspace))
    table.selectAll()
    asker.answers = [False]
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert f"{stored} 个评分" in asker.questions[-1] and len(_scores(workspace)) == stored
    asker.answers = [True]
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert _scores(workspace) == []
