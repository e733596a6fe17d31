"""The window the office sees: four tabs, the status bar, Chinese rendered with the bundled font."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget
from pytestqt.qtbot import QtBot

from djdesk import app
from djdesk.domain.clock import FixedClock
from djdesk.services import settings as settings_service
from djdesk.store.lock import DataDirLock
from djdesk.ui import fonts
from djdesk.ui.busy import BusyNote
from djdesk.ui.main_window import MainWindow
from djdesk.workspace import open_workspace
from tests.factories import draft
from tests.ui.conftest import RecordingAsker


@pytest.fixture
def window(qtbot: QtBot, data_dir: Path):  # type: ignore[no-untyped-def]
    workspace = open_workspace(data_dir, clock=FixedClock.on(dt.date(2026, 6, 15)))
    with workspace.database.transaction() as session:
        settings_service.save(session, settings_service.SchoolSettings(school_name="测试中学"))
        from djdesk.services import members

        members.add(session, draft(name="张喆"), today=dt.date(2026, 6, 15))
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    yield main
    workspace.close()


def test_four_tabs_each_saying_what_it_will_hold(window: MainWindow) -> None:
    tabs = window.findChild(QTabWidget, "mainTabs")
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["党员", "会议日历", "师德考核", "会议记录"]
    for i in range(tabs.count()):
        description = tabs.widget(i).findChild(QLabel, "tabDescription")
        assert len(description.text()) > 20


def test_status_bar_shows_school_counts_and_database_path(window: MainWindow) -> None:
    assert window.findChild(QLabel, "schoolLabel").text() == "测试中学"
    assert window.findChild(QLabel, "countsLabel").text() == "在册 1 人，党员 0 人，会议 0 次"
    assert window.findChild(QLabel, "databasePathLabel").text() == str(window.workspace.database_path)
    assert window.windowTitle().startswith("测试中学")


def test_bundled_font_is_registered_and_covers_rare_characters(qapp: QApplication) -> None:
    families = fonts.install(qapp)
    assert families and "WenQuanYi Micro Hei" in families[0]
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(families[0])
    from PySide6.QtGui import QFont, QFontMetrics

    metrics = QFontMetrics(QFont(families[0]))
    for char in "喆堃赟玥珺昇彧琍鑫党员会议":
        assert metrics.inFontUcs4(ord(char)), char


def test_busy_note_returns_the_result_and_passes_errors_on(qtbot: QtBot) -> None:
    assert BusyNote("…").run(lambda: 42) == 42
    with pytest.raises(ZeroDivisionError):
        BusyNote("…").run(lambda: 1 / 0)


def test_the_real_start_up_opens_the_window_on_the_data_dir(qtbot: QtBot, data_dir: Path, asker: RecordingAsker) -> None:
    seen: list[str] = []

    def close_when_shown() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append(widget.windowTitle())
                widget.close()
                return
        QTimer.singleShot(50, close_when_shown)

    QTimer.singleShot(50, close_when_shown)
    assert app.run(data_dir, demo=False, asker=asker) == 0
    assert seen and asker.errors == []
    assert (data_dir / "djdesk.sqlite3").exists()
    DataDirLock(data_dir).acquire().release()  # released when the window closed


def test_a_second_start_on_the_same_data_dir_is_told_clearly(qtbot: QtBot, data_dir: Path, asker: RecordingAsker) -> None:
    with DataDirLock(data_dir):
        assert app.run(data_dir, demo=False, asker=asker) == 1
    assert len(asker.errors) == 1 and "程序已在使用此数据目录" in asker.errors[0]
