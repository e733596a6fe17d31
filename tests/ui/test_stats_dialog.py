"""The statistics dialog on a small school: the figures shown, another year, and the export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QLabel, QPushButton, QSpinBox, QTableWidget, QTabWidget
from pytestqt.qtbot import QtBot

from djdesk.store.database import Database
from djdesk.ui.members.stats_dialog import StatisticsDialog, default_year
from tests.services import stats_school
from tests.ui.conftest import RecordingAsker


@pytest.fixture
def dialog(qtbot: QtBot, db: Database, asker: RecordingAsker) -> Iterator[StatisticsDialog]:
    with db.transaction() as session:
        stats_school.build(session)
    shown = StatisticsDialog(db, db.clock, asker)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.close()


def cells(dialog: StatisticsDialog, key: str) -> list[tuple[str, ...]]:
    table = dialog.findChild(QTableWidget, f"statsTable_{key}")
    assert table is not None, key
    return [tuple(table.item(r, c).text().strip() for c in range(table.columnCount()))
            for r in range(table.rowCount())]


def count_of(dialog: StatisticsDialog, key: str, item: str) -> str:
    return next(row[1] for row in cells(dialog, key) if row[0] == item)


def test_today_s_figures_are_shown_without_clipping(dialog: StatisticsDialog) -> None:
    assert count_of(dialog, "current_political_status", "中共党员") == "5"
    assert count_of(dialog, "current_political_status", "民进会员") == "1"
    assert cells(dialog, "current_political_status")[-1][1:] == ("10", "100.0%")
    assert count_of(dialog, "current_branch", "第一党支部") == "5"
    assert count_of(dialog, "current_sex", "女") == "1"
    assert count_of(dialog, "current_ethnicity", "回族") == "1"
    assert cells(dialog, "current_party_years")[-1][1] == "7"
    for key in ("political_status", "stage", "branch", "sex", "ethnicity", "education", "age", "party_years"):
        table = dialog.findChild(QTableWidget, f"statsTable_current_{key}")
        # Sized to its contents: every line visible, no scroll bar to hide one.
        assert table.height() >= table.horizontalHeader().height() + table.verticalHeader().length()
        assert table.width() >= table.horizontalHeader().length()
    assert "10" in dialog.findChild(QLabel, "statisticsScope").text()


def test_the_annual_report_of_another_year(dialog: StatisticsDialog) -> None:
    tabs = dialog.findChild(QTabWidget, "statisticsTabs")
    tabs.setCurrentIndex(1)
    year = dialog.findChild(QSpinBox, "reportYear")
    assert year.value() == 2025 and year.maximum() == stats_school.TODAY.year
    assert [row[1] for row in cells(dialog, "report_summary")] == ["7", "5", "2", "1", "1"]
    assert [row[1] for row in cells(dialog, "report_movements")] == ["7", "1", "2", "1", "1", "1", "7", "1"]
    balance = dialog.findChild(QLabel, "reportBalance")
    assert "= 7" in balance.text() and "#1b6e2a" in balance.styleSheet()
    year.setValue(2024)
    assert [row[1] for row in cells(dialog, "report_movements")][:2] == ["6", "1"]
    assert dialog.report is not None and dialog.report.year == 2024
    year.setValue(2026)
    assert "2026.06.15" in dialog.findChild(QLabel, "reportAsOf").text()


def test_the_default_year_is_the_last_finished_one_except_in_december() -> None:
    assert default_year(dt.date(2026, 6, 15)) == 2025
    assert default_year(dt.date(2026, 1, 2)) == 2025
    assert default_year(dt.date(2026, 12, 3)) == 2026


def test_export_writes_both_sheets_for_the_year_shown(dialog: StatisticsDialog, asker: RecordingAsker,
                                                      tmp_path: Path) -> None:
    dialog.findChild(QSpinBox, "reportYear").setValue(2024)
    asker.files = [tmp_path / "统计"]  # no suffix typed: .xlsx is added
    dialog.findChild(QPushButton, "exportStatistics").click()
    written = tmp_path / "统计.xlsx"
    assert asker.errors == [] and str(written) in asker.infos[-1]
    assert asker.suggested[-1].name.endswith(".xlsx") and "测试中学" in asker.suggested[-1].name
    book = load_workbook(written, read_only=True)
    assert book["分类统计"]["A1"].value == "测试中学党员统计（2026.06.15）"
    assert book["党内统计年报"]["A1"].value == "测试中学2024年党内统计年报"


def test_export_cancelled_or_failing(dialog: StatisticsDialog, asker: RecordingAsker, tmp_path: Path) -> None:
    asker.files = [None]
    dialog.findChild(QPushButton, "exportStatistics").click()
    assert asker.infos == [] and asker.errors == []
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    asker.files = [blocker / "统计.xlsx"]  # its folder is a file: cannot be written
    dialog.findChild(QPushButton, "exportStatistics").click()
    assert asker.infos == [] and len(asker.errors) == 1
    assert asker.errors[0].startswith(f"无法写入文件 {blocker / '统计.xlsx'}")


def test_close(qtbot: QtBot, dialog: StatisticsDialog) -> None:
    dialog.findChild(QPushButton, "closeStatistics").click()
    assert not dialog.isVisible()
