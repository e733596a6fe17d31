"""The main window: tabs, menus, status bar, settings, remembered geometry, crashes, start-up."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTabWidget,
)
from pytestqt.qtbot import QtBot

from djdesk import app, cli
from djdesk.services import branches as branch_service
from djdesk.services import settings as settings_service
from djdesk.store.lock import DataDirLock
from djdesk.ui import crash, fonts
from djdesk.ui.main_window import MainWindow
from djdesk.ui.prefs import Prefs
from djdesk.ui.settings_dialog import SettingsDialog
from djdesk.workspace import Workspace
from tests.ui.conftest import RecordingAsker


def test_seven_tabs_the_roster_first(window: MainWindow) -> None:
    tabs = window.findChild(QTabWidget, "mainTabs")
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["党员", "会议日历", "师德考核", "民主评议", "学习", "党费", "会议记录"]
    assert tabs.widget(1) is window.calendar and tabs.widget(2) is window.ethics
    assert tabs.widget(3) is window.review and tabs.widget(4) is window.study and tabs.widget(5) is window.dues
    assert tabs.widget(6) is window.minutes


def test_ctrl_p_prints_what_the_tab_shows_and_unsaved_minutes_keep_the_window_open(
        window: MainWindow, asker: RecordingAsker) -> None:
    printing = [window.findChild(QAction, name) for name in ("menu_printList", "menu_printMinutes")]
    window.tabs.setCurrentWidget(window.minutes)
    # On 会议记录 the tab's own Ctrl+P prints the minutes: no window-wide twin may hold it.
    assert all(action.shortcut().isEmpty() for action in printing)
    assert window.minutes.actions.print_action.shortcut().toString() == "Ctrl+P"
    window.tabs.setCurrentWidget(window.members)
    assert printing[0].shortcut().toString() == "Ctrl+P"



def test_unsaved_minutes_are_asked_about_before_another_tab_or_closing(
        window: MainWindow, workspace: Workspace, asker: RecordingAsker, school: dict[str, int]) -> None:
    import datetime as dt

    from djdesk.domain.meetings import MeetingDraft, MeetingKind
    from djdesk.services import meeting_edit
    from djdesk.services.meeting_edit import MeetingForm

    with workspace.database.transaction() as session:
        branch_id = next(b.id for b in branch_service.list_branches(session) if b.name == "第一党支部")
        meeting_id = meeting_edit.save(session, None, MeetingForm(draft=MeetingDraft(
            kind=MeetingKind.COMMITTEE, year=2026, branch_id=branch_id, starts_at=dt.datetime(2026, 6, 1, 15),
            title="研究发展党员", host_id=school["单军"], recorder_id=school["曾国华"]), held=True),
            now=dt.datetime(2026, 6, 15, 10))
    window.events.changed.emit("meetings")
    window.tabs.setCurrentWidget(window.minutes)
    assert window.minutes.select_meeting(meeting_id)
    window.minutes.content.setPlainText("手写的草稿")
    assert window.minutes.is_dirty()
    asker.save_answers = [None, None, False]
    window.tabs.setCurrentWidget(window.calendar)  # Cancel: back on 会议记录, the text kept
    assert window.tabs.currentWidget() is window.minutes and window.minutes.content.toPlainText() == "手写的草稿"
    assert not window.close() and window.isVisible()  # Cancel again
    assert window.close()  # Discard: the window closes
    assert len(asker.save_answers) == 0


def test_menus_with_standard_shortcuts(window: MainWindow) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["文件(&F)", "编辑(&E)", "视图(&V)", "会议(&M)", "工具(&T)", "帮助(&H)"]
    shortcuts = {a.objectName(): a.shortcut().toString() for a in window.findChildren(QAction)}
    assert shortcuts["menu_newPerson"] == "Ctrl+N"
    assert shortcuts["menu_find"] == "Ctrl+F"
    assert shortcuts["menu_printList"] == "Ctrl+P"
    assert shortcuts["quitAction"] == "Ctrl+Q"
    assert shortcuts["settingsAction"] == "Ctrl+,"
    assert shortcuts["menu_refresh"] == "F5"


def test_status_bar_shows_school_counts_and_database_path(window: MainWindow) -> None:
    assert window.findChild(QLabel, "schoolLabel").text() == "测试中学"
    assert window.findChild(QLabel, "countsLabel").text() == "· 在册 6 人，党员 3 人，会议 0 次"
    assert window.findChild(QLabel, "databasePathLabel").text() == str(window.workspace.database_path)
    assert window.windowTitle().startswith("测试中学")


def open_settings(window: MainWindow) -> SettingsDialog:
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog.isVisible()
    return dialog


def test_settings_persist_school_name_and_language(qtbot: QtBot, window: MainWindow, asker: RecordingAsker) -> None:
    dialog = open_settings(window)
    dialog.school_name.setText("明德中学")
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.findChild(QPushButton, "settingsOk").click()
    assert not dialog.isVisible()
    with window.workspace.database.transaction() as session:
        assert settings_service.load(session).school_name == "明德中学"
    assert window.findChild(QLabel, "schoolLabel").text() == "明德中学"
    assert asker.infos == ["新的界面语言将在下次启动程序时生效。"]
    # The command line reads the same preference, without Qt.
    assert cli.configured_language(window.workspace.directory) == "en"


def test_settings_refuse_an_empty_school_name(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_settings(window)
    dialog.school_name.setText("  ")
    dialog.findChild(QPushButton, "settingsOk").click()
    assert dialog.isVisible()
    assert dialog.school_form.errors["school_name"].text() == "为必填项"


def test_settings_edit_branches_and_groups(qtbot: QtBot, window: MainWindow, asker: RecordingAsker) -> None:
    dialog = open_settings(window)
    branches = dialog.findChild(QListWidget, "branchList")
    assert [branches.item(i).text() for i in range(branches.count())] == ["第一党支部", "退休党支部"]
    dialog.branch_full.setText("中共测试中学第一支部委员会")
    dialog.term_end.setText("2031.05")
    dialog.findChild(QPushButton, "saveBranch").click()
    asker.texts = ["语文党小组"]
    dialog.findChild(QPushButton, "addGroup").click()
    groups = dialog.findChild(QListWidget, "groupList")
    assert [groups.item(i).text() for i in range(groups.count())] == ["第一党小组", "第二党小组", "语文党小组"]
    groups.setCurrentRow(0)  # has a member: removal refused
    asker.answers = [True]
    dialog.findChild(QPushButton, "removeGroup").click()
    assert asker.errors and "仍有成员" in asker.errors[0]
    with window.workspace.database.transaction() as session:
        first = branch_service.list_branches(session)[0]
    assert first.full_name == "中共测试中学第一支部委员会" and first.term_end.display() == "2031.05"
    assert [g.name for g in first.groups] == ["第一党小组", "第二党小组", "语文党小组"]


def test_settings_show_a_bad_term_date_under_the_field(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_settings(window)
    dialog.term_start.setText("2031.05")
    dialog.term_end.setText("2026.05")
    dialog.findChild(QPushButton, "saveBranch").click()
    assert dialog.branch_form.errors["term_end"].text() == "早于任期开始日期"


def test_window_size_and_columns_are_remembered(qtbot: QtBot, workspace: Workspace, school: dict[str, int],
                                                asker: RecordingAsker) -> None:
    first = MainWindow(workspace.directory, asker, Prefs(workspace.directory))
    first.attach(workspace)
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 560)  # inside the offscreen screen's 800x600
    first.members.table.setColumnWidth(0, 177)
    first.close()
    assert (workspace.directory / "djdesk.ini").exists()
    second = MainWindow(workspace.directory, asker, Prefs(workspace.directory))
    second.attach(workspace)
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (760, 560)
    assert second.members.table.columnWidth(0) == 177


@pytest.mark.qt_no_exception_capture
def test_a_bug_in_a_slot_shows_the_crash_dialog_and_the_window_lives(
    qtbot: QtBot, window: MainWindow, asker: RecordingAsker, tmp_path: Path
) -> None:
    log_path = tmp_path / "djdesk.log"
    crash.install(asker, log_path, lambda: window)
    try:
        button = QPushButton("boom")
        qtbot.addWidget(button)
        button.clicked.connect(lambda: {}["62010219800501123X"])  # a bug with an ID number in it
        button.click()
    finally:
        sys.excepthook = sys.__excepthook__
    (details, path), = asker.crashes
    assert path == log_path
    assert "KeyError" in details and "62010219800501123X" not in details and "620102********123X" in details
    assert window.isVisible()


def test_a_user_error_escaping_a_handler_is_shown_kindly(window: MainWindow, asker: RecordingAsker, tmp_path: Path) -> None:
    from djdesk.domain.errors import ConflictError

    crash.install(asker, tmp_path / "log", lambda: window)
    try:
        sys.excepthook(ConflictError, ConflictError("已存在"), None)
    finally:
        sys.excepthook = sys.__excepthook__
    assert asker.errors == ["已存在"] and asker.crashes == []


def test_bundled_font_is_registered_and_covers_rare_characters(qapp: QApplication) -> None:
    families = fonts.install(qapp)
    assert families and "WenQuanYi Micro Hei" in families[0]
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(families[0])
    metrics = QFontMetrics(QFont(families[0]))
    for char in "喆堃赟玥珺昇彧琍鑫党员会议":
        assert metrics.inFontUcs4(ord(char)), char


def test_the_real_start_up_shows_the_window_then_the_roster(qtbot: QtBot, data_dir: Path, asker: RecordingAsker) -> None:
    seen: list[str] = []

    def shown(window: MainWindow) -> None:
        # Up before the database: the roster's place says it is opening.
        seen.append(window.tabs.widget(0).objectName())

    def ready(window: MainWindow) -> None:
        seen.append(window.tabs.widget(0).objectName())
        seen.append(window.findChild(QLabel, "countsLabel").text())
        window.close()

    def set_up(wizard) -> None:  # type: ignore[no-untyped-def]  # the first start asks for the school
        wizard.welcome.school_name.setText("测试中学")
        wizard.accept()

    assert app.run(data_dir, demo=False, asker=asker, on_shown=shown, on_ready=ready, on_setup=set_up) == 0
    assert seen == ["openingPage", "membersTab", "· 在册 0 人，党员 0 人，会议 0 次"]
    assert asker.errors == []
    assert (data_dir / "djdesk.sqlite3").exists()
    DataDirLock(data_dir).acquire().release()  # released when the window closed


def test_a_second_start_on_the_same_data_dir_is_told_clearly(qtbot: QtBot, data_dir: Path, asker: RecordingAsker) -> None:
    with DataDirLock(data_dir):
        assert app.run(data_dir, demo=False, asker=asker) == 1
    assert len(asker.errors) == 1 and "程序已在使用此数据目录" in asker.errors[0]


def test_find_from_another_tab_brings_the_roster_forward(qtbot: QtBot, window: MainWindow) -> None:
    tabs = window.findChild(QTabWidget, "mainTabs")
    tabs.setCurrentIndex(2)
    window.findChild(QAction, "menu_find").trigger()
    assert tabs.currentIndex() == 0
    assert window.findChild(QLineEdit, "memberSearch").hasFocus() or not window.isActiveWindow()


def test_a_newer_database_is_reported_and_the_program_ends(qtbot: QtBot, data_dir: Path, asker: RecordingAsker,
                                                          template_db: Path) -> None:
    import shutil
    import sqlite3
    from contextlib import closing

    path = data_dir / "djdesk.sqlite3"
    shutil.copyfile(template_db, path)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
        connection.commit()
    assert app.run(data_dir, demo=False, asker=asker) == 1
    assert len(asker.errors) == 1 and "更新版本的程序" in asker.errors[0]
    DataDirLock(data_dir).acquire().release()


def test_the_bottom_save_also_saves_an_edited_branch(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_settings(window)
    dialog.tabs.setCurrentIndex(1)
    dialog.branch_full.setText("中共测试中学第一支部委员会（改）")
    dialog.findChild(QPushButton, "settingsOk").click()
    assert not dialog.isVisible()
    with window.workspace.database.transaction() as session:
        assert branch_service.list_branches(session)[0].full_name == "中共测试中学第一支部委员会（改）"


def test_a_refusal_shows_on_its_own_tab_and_field(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_settings(window)
    dialog.term_start.setText("2031.13")  # not a date
    dialog.school_name.setText("")
    dialog.tabs.setCurrentIndex(1)
    dialog.findChild(QPushButton, "settingsOk").click()
    assert dialog.isVisible() and dialog.tabs.currentIndex() == 0  # the school name first
    dialog.school_name.setText("测试中学")
    dialog.findChild(QPushButton, "settingsOk").click()
    assert dialog.isVisible() and dialog.tabs.currentIndex() == 1
    assert dialog.branch_form.errors["term_start"].text().startswith("“2031.13”不是日期")
    assert dialog.branch_form.errors["term_end"].text() == ""


def test_closing_while_the_database_opens_waits_and_unlocks(qtbot: QtBot, data_dir: Path, asker: RecordingAsker) -> None:
    """Closed at once, while the demo school is still being generated: the generation ends
    cleanly (a whole file, no temporary leftovers) and the data folder is free again."""
    assert app.run(data_dir, demo=True, asker=asker, on_shown=lambda window: window.close()) == 0
    # app.run gets the folder to use: the command line has already added /demo.
    demo_files = sorted(p.name for p in data_dir.iterdir())
    assert "djdesk.sqlite3" in demo_files and not [n for n in demo_files if n.endswith(".tmp")]
    DataDirLock(data_dir).acquire().release()
