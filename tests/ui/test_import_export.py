"""Import, undo and export through the roster tab, with files chosen through the Asker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QPushButton
from pytestqt.qtbot import QtBot

from djdesk.services import members
from djdesk.sheets import roster, workbook
from djdesk.ui.main_window import MainWindow
from djdesk.ui.members.import_dialog import ImportDialog
from tests.sheets import messy
from tests.ui.conftest import RecordingAsker


def names(window: MainWindow) -> set[str]:
    with window.workspace.database.transaction() as session:
        return {r.name for r in members.list_rows(session)}


def open_import(qtbot: QtBot, window: MainWindow, asker: RecordingAsker, path: Path) -> ImportDialog:
    window.findChild(type(window.members.import_action), "menu_importRoster").trigger()
    dialog = window.members.dialog
    assert isinstance(dialog, ImportDialog)
    asker.files = [path]
    dialog.findChild(QPushButton, "chooseFile").click()
    qtbot.waitUntil(lambda: dialog.findChild(QComboBox, "importSheet").currentText() == "党员花名册")
    dialog.findChild(QPushButton, "readSheet").click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    return dialog


def problems_shown(dialog: ImportDialog) -> list[str]:
    box = dialog.findChild(QListWidget, "importProblems")
    return [box.item(i).text() for i in range(box.count())]


def test_import_with_problems_offers_only_the_good_rows_then_undo(
        qtbot: QtBot, window: MainWindow, asker: RecordingAsker, tmp_path: Path) -> None:
    before = names(window)
    dialog = open_import(qtbot, window, asker, messy.build(tmp_path / "messy.xlsx"))
    assert not dialog.findChild(QPushButton, "importAll").isEnabled()
    shown = problems_shown(dialog)
    for expected in messy.EXPECTED_PROBLEMS.values():
        assert all(problem in shown for problem in expected)
    assert "有问题 12 行" in dialog.findChild(QLabel, "importSummary").text()
    good = dialog.findChild(QPushButton, "importGoodRows")
    assert good.text() == "只导入没有问题的 6 行…"
    asker.answers = [True]
    good.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=10_000)
    assert asker.questions[-1].startswith("导入没有问题的 6 行，有问题的 12 行不导入？")
    assert dialog.findChild(QLabel, "importResult").text().startswith("已导入：新增 6 人，更新 0 人，未导入 12 行。")
    dialog.findChild(QPushButton, "closeImport").click()
    assert names(window) == before | {"张喆", "刘玥", "单军", "王堃", "陈珺", "老同志"}
    assert "张喆" in [window.members.model.member(r).name for r in range(window.members.model.rowCount())]
    undo = window.findChild(type(window.members.import_action), "menu_undoImport")
    assert undo.isEnabled()
    asker.answers = [True]
    undo.trigger()
    assert asker.questions[-1].startswith("撤销 messy.xlsx")
    assert names(window) == before
    assert not undo.isEnabled()


def test_changing_a_columns_field_checks_again(qtbot: QtBot, window: MainWindow, asker: RecordingAsker,
                                               tmp_path: Path) -> None:
    dialog = open_import(qtbot, window, asker, messy.build(tmp_path / "messy.xlsx"))
    phone_column = messy.HEADER.index("联系电话")
    assert any("联系电话" in p for p in problems_shown(dialog))
    combo = dialog.sample.cellWidget(0, phone_column)
    combo.setCurrentIndex(combo.findData(None))  # 不导入
    qtbot.waitUntil(lambda: not any("联系电话" in p for p in problems_shown(dialog)), timeout=10_000)
    assert dialog.mapping()[phone_column] is None


def test_a_bad_file_is_refused_when_chosen(qtbot: QtBot, window: MainWindow, asker: RecordingAsker,
                                           tmp_path: Path) -> None:
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    window.members.import_action.trigger()
    dialog = window.members.dialog
    assert isinstance(dialog, ImportDialog)
    asker.files = [tmp_path / "old.xls"]
    dialog.findChild(QPushButton, "chooseFile").click()
    qtbot.waitUntil(lambda: bool(asker.errors))
    assert len(asker.errors) == 1 and asker.errors[0].startswith("old.xls 是旧的 Excel 97-2003 格式")
    assert not dialog.findChild(QPushButton, "readSheet").isEnabled()


def test_export_writes_the_shown_people_in_the_official_order(qtbot: QtBot, window: MainWindow,
                                                              asker: RecordingAsker, tmp_path: Path) -> None:
    window.members.search.setText("")
    out = tmp_path / "导出"  # no extension typed: .xlsx is added
    asker.files = [out]
    window.members.export_action.trigger()
    qtbot.waitUntil(lambda: bool(asker.infos), timeout=10_000)
    written = out.with_suffix(".xlsx")
    assert asker.infos == [f"已将 6 人导出到 {written}。"]
    assert asker.suggested[0].name.startswith("测试中学花名册-")
    sheet = workbook.read_sheet(written)
    header = roster.find_header(sheet)
    assert header == 3 and sheet.rows[0][0] == "测试中学人员花名册"
    exported = [row[1] for row in sheet.rows[header:]]
    assert exported == ["王五", "李四", "张三", "陈珺", "单军", "曾国华"]



def test_choosing_another_file_after_a_preview_reads_that_file(qtbot: QtBot, window: MainWindow,
                                                               asker: RecordingAsker, tmp_path: Path) -> None:
    from openpyxl import Workbook

    def one_person(path: Path, name: str, sequence: int) -> Path:
        import datetime as dt

        book = Workbook()
        book.active.title = "党员花名册"
        book.active.append(["姓名", "身份证号", "工作岗位"])
        book.active.append([name, messy.number(dt.date(1980, 1, 1), sequence), "教师"])
        book.save(path)
        return path

    dialog = open_import(qtbot, window, asker, one_person(tmp_path / "a.xlsx", "甲甲", 11))
    dialog.pages.setCurrentIndex(0)  # 上一步
    asker.files = [one_person(tmp_path / "b.xlsx", "乙乙", 13)]
    dialog.findChild(QPushButton, "chooseFile").click()
    qtbot.waitUntil(lambda: dialog.path.text().endswith("b.xlsx"))
    dialog.findChild(QPushButton, "readSheet").click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1 and dialog.reading is not None
                    and dialog.reading.parsed.rows[0].values["name"] == "乙乙", timeout=10_000)
    dialog.findChild(QPushButton, "importAll").click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=10_000)
    assert "乙乙" in names(window) and "甲甲" not in names(window)


def test_a_mapping_that_cannot_be_read_cannot_be_imported(qtbot: QtBot, window: MainWindow,
                                                          asker: RecordingAsker, tmp_path: Path) -> None:
    dialog = open_import(qtbot, window, asker, messy.build(tmp_path / "messy.xlsx"))
    name_column = messy.HEADER.index("姓名")
    combo = dialog.sample.cellWidget(0, name_column)
    combo.setCurrentIndex(combo.findData(None))  # 姓名 not imported: the sheet cannot be read
    qtbot.waitUntil(lambda: bool(asker.errors), timeout=10_000)
    assert "姓名" in asker.errors[-1]
    assert not dialog.findChild(QPushButton, "importAll").isEnabled()
    assert not dialog.findChild(QPushButton, "importGoodRows").isEnabled()
