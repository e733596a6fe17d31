"""Printing meeting records from the calendar and the meeting dialog, and the year's book: the
PDFs made, what they say, and the record remembered as printed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPushButton, QSpinBox
from pytestqt.qtbot import QtBot

from djdesk.domain.meetings import (
    AttendanceStatus,
    MeetingDraft,
    MeetingKind,
    MeetingStatus,
)
from djdesk.domain.minutes import MinutesState
from djdesk.domain.strokes import name_key
from djdesk.services import meeting_edit, meetings, members
from djdesk.services import minutes as minutes_service
from djdesk.services.branches import list_branches
from djdesk.services.meeting_edit import AttendanceEntry, MeetingForm
from djdesk.services.minutes_count import yearbook_count
from djdesk.ui.calendar.meeting_dialog import MeetingDialog
from djdesk.ui.main_window import MainWindow
from djdesk.ui.yearbook_dialog import YearbookDialog
from djdesk.workspace import Workspace
from tests.factories import member_draft
from tests.reports.test_roster_pdf import page_texts
from tests.ui.conftest import TODAY, RecordingAsker

PAST = dt.datetime(2026, 6, 12, 15, 30)  # before the fixed clock's 2026-06-15 10:00
BODY = "一、会议传达学习了全会精神。二、党员逐一交流发言。"


@pytest.fixture
def window(window: MainWindow, qtbot: QtBot) -> MainWindow:
    """The window on the calendar with its holiday names loaded: a test must not end with that
    thread still running (its result would arrive at a deleted window)."""
    window.tabs.setCurrentWidget(window.calendar)
    qtbot.waitUntil(lambda: window.calendar.holidays_state in ("ready", "failed"), timeout=10000)
    return window


def branch_id(workspace: Workspace, name: str = "第一党支部") -> int:
    with workspace.database.transaction() as session:
        return next(b.id for b in list_branches(session) if b.name == name)


def add_meeting(workspace: Workspace, *, when: dt.datetime = PAST, title: str = "学习贯彻全会精神",
                kind: MeetingKind = MeetingKind.GENERAL, branch: str = "第一党支部", held: bool = True,
                host: int | None = None, recorder: int | None = None, year: int | None = None) -> int:
    """A meeting with the branch's members expected; held ones with everyone present and minutes."""
    chosen = branch_id(workspace, branch)
    with workspace.database.transaction() as session:
        expected = meetings.default_expected(meetings.people(session), kind, chosen, None)
        draft = MeetingDraft(kind=kind, year=year or when.year, branch_id=chosen, starts_at=when,
                             ends_at=when + dt.timedelta(hours=1, minutes=30), title=title, place="三楼会议室",
                             host_id=host if host is not None else (expected[0] if held else None),
                             recorder_id=recorder if recorder is not None else (expected[-1] if held else None),
                             expected=expected)
        attendance = tuple(AttendanceEntry(p, AttendanceStatus.PRESENT) for p in expected) if held else ()
        form = MeetingForm(draft=draft, attendance=attendance, content=BODY if held else "", held=held)
        return meeting_edit.save(session, None, form, now=workspace.database.clock.now())


def flat(path: Path) -> str:
    """All of the PDF's text without line breaks and spaces (a long line may wrap anywhere)."""
    return "".join("".join(page_texts(path)).split())


def state(workspace: Workspace, meeting_id: int) -> MinutesState:
    with workspace.database.transaction() as session:
        return next(r.state for r in minutes_service.list_rows(session, year=2026) if r.id == meeting_id)


def stored(workspace: Workspace, meeting_id: int) -> meetings.MeetingView:
    with workspace.database.transaction() as session:
        return meetings.get(session, meeting_id)


def printed_on(workspace: Workspace, meeting_id: int) -> dt.date | None:
    with workspace.database.transaction() as session:
        return next(r.printed_on for r in minutes_service.list_rows(session, year=2026) if r.id == meeting_id)


def menu_action(window: MainWindow, name: str) -> QAction:
    action = window.findChild(QAction, f"menu_{name}")
    assert action is not None, name
    return action


def chosen(window: MainWindow, meeting_id: int) -> None:
    window.calendar.reload()
    assert window.calendar.select_meeting(meeting_id)
    assert window.calendar.current_meeting().id == meeting_id


# -- from the calendar ----------------------------------------------------------------------------
def test_the_minutes_printed_from_the_calendar_say_what_was_recorded_and_are_remembered(
        qtbot: QtBot, window: MainWindow, workspace: Workspace, school: dict[str, int],
        asker: RecordingAsker) -> None:
    meeting_id = add_meeting(workspace, host=school["单军"], recorder=school["曾国华"])
    chosen(window, meeting_id)
    asker.print_from_preview = True
    menu_action(window, "printMinutes").trigger()  # as from the 会议 menu, on any tab
    qtbot.waitUntil(lambda: len(asker.pdf_previews) == 1, timeout=10000)
    path, title, landscape = asker.pdf_previews[0]
    assert path.exists() and path.parent == workspace.directory / "printouts" and not landscape
    assert title == minutes_service.rules.minutes_title(MeetingKind.GENERAL)
    text = flat(path)
    for wanted in ("学习贯彻全会精神", "单军", "曾国华", "三楼会议室", "一、会议传达学习了全会精神。"):
        assert wanted in text, wanted
    assert not asker.errors
    # Printed from the preview: remembered with the day, until the record changes.
    assert printed_on(workspace, meeting_id) == TODAY
    assert state(workspace, meeting_id) is MinutesState.PRINTED
    with workspace.database.transaction() as session:
        minutes_service.save_minutes(session, meeting_id, content=BODY + "三、补充。", resolution="")
    assert state(workspace, meeting_id) is MinutesState.CHANGED


def test_a_preview_closed_without_printing_leaves_the_record_unprinted(
        qtbot: QtBot, window: MainWindow, workspace: Workspace, asker: RecordingAsker) -> None:
    meeting_id = add_meeting(workspace)
    chosen(window, meeting_id)
    window.calendar.print_minutes_action.trigger()
    qtbot.waitUntil(lambda: len(asker.pdf_previews) == 1, timeout=10000)
    assert printed_on(workspace, meeting_id) is None and state(workspace, meeting_id) is MinutesState.WRITTEN


def test_export_writes_the_chosen_file_and_marks_the_record_printed(
        qtbot: QtBot, window: MainWindow, workspace: Workspace, asker: RecordingAsker, tmp_path: Path) -> None:
    meeting_id = add_meeting(workspace)
    chosen(window, meeting_id)
    target = tmp_path / "x.pdf"
    asker.files = [target]
    menu_action(window, "exportMinutes").trigger()
    qtbot.waitUntil(lambda: len(asker.infos) == 1, timeout=10000)
    assert target.exists() and "学习贯彻全会精神" in flat(target)
    assert str(target) in asker.infos[0] and not asker.pdf_previews and not asker.errors
    assert asker.suggested[0].suffix == ".pdf"
    assert printed_on(workspace, meeting_id) == TODAY and state(workspace, meeting_id) is MinutesState.PRINTED


def test_an_export_cancelled_in_the_file_dialog_writes_nothing(
        window: MainWindow, workspace: Workspace, asker: RecordingAsker) -> None:
    meeting_id = add_meeting(workspace)
    chosen(window, meeting_id)
    asker.files = [None]
    window.calendar.export_minutes_action.trigger()
    assert not asker.infos and not asker.errors and printed_on(workspace, meeting_id) is None


def test_the_signin_sheet_lists_the_expected_attendees_by_strokes(
        qtbot: QtBot, window: MainWindow, workspace: Workspace, asker: RecordingAsker) -> None:
    first = branch_id(workspace)
    with workspace.database.transaction() as session:
        for name in ("魏巍", "丁一", "王芳", "欧阳娜", "马丽"):
            members.add(session, member_draft(first, name=name), today=TODAY)
    meeting_id = add_meeting(workspace, when=dt.datetime(2026, 6, 24, 15, 30), title="学习党章", held=False)
    with workspace.database.transaction() as session:
        names = [a.name for a in meetings.get(session, meeting_id).attendees]
    assert len(names) == 7
    expected = sorted(names, key=name_key)
    assert expected != names  # the order is the sheet's own, not the list's
    chosen(window, meeting_id)
    assert window.calendar.print_signin_action.isEnabled()
    menu_action(window, "printSignin").trigger()
    qtbot.waitUntil(lambda: len(asker.pdf_previews) == 1, timeout=10000)
    path, _title, _landscape = asker.pdf_previews[0]
    text = flat(path)
    assert "学习党章" in text
    assert sorted(names, key=text.index) == expected


def test_a_cancelled_meeting_has_nothing_to_print(window: MainWindow, workspace: Workspace,
                                                 asker: RecordingAsker) -> None:
    calendar = window.calendar
    meeting_id = add_meeting(workspace, when=dt.datetime(2026, 6, 24, 15, 30), held=False)
    chosen(window, meeting_id)
    assert all(a.isEnabled() for a in calendar.actions.print_actions())
    with workspace.database.transaction() as session:
        meeting_edit.cancel(session, meeting_id, "上级临时通知开会")
    chosen(window, meeting_id)
    for name in ("printMinutes", "exportMinutes", "printSignin"):
        assert not window.findChild(QAction, name).isEnabled() and not menu_action(window, name).isEnabled()
    assert calendar.yearbook_action.isEnabled() and menu_action(window, "openYearbook").isEnabled()
    calendar.actions.print_record(lambda printer, mid: printer.print_minutes(calendar, mid))
    assert not asker.pdf_previews and not asker.errors
    calendar.year_table.clearSelection()
    calendar.day_table.clearSelection()
    assert not calendar.print_minutes_action.isEnabled()


def test_a_meeting_cancelled_since_the_list_was_loaded_is_reported(
        window: MainWindow, workspace: Workspace, asker: RecordingAsker) -> None:
    meeting_id = add_meeting(workspace, when=dt.datetime(2026, 6, 24, 15, 30), held=False)
    chosen(window, meeting_id)
    with workspace.database.transaction() as session:  # elsewhere, without telling the calendar
        meeting_edit.cancel(session, meeting_id, "上级临时通知开会")
    window.calendar.export_minutes_action.trigger()
    assert len(asker.errors) == 1 and not asker.files
    assert not window.calendar.export_minutes_action.isEnabled()  # reloaded


def test_the_print_actions_are_in_the_menus_and_ctrl_p_follows_the_tab(
        window: MainWindow) -> None:
    names = {a.objectName() for a in window.calendar.actions.context_menu().actions()}
    assert {"printMinutes", "exportMinutes", "printSignin", "openYearbook"} <= names
    menu = [a.objectName() for a in window.meetings_menu.actions()]
    at = menu.index("menu_printMinutes")
    assert menu[at - 1] == "" and menu[at:at + 4] == [
        "menu_printMinutes", "menu_exportMinutes", "menu_printSignin", "menu_openYearbook"]
    window.tabs.setCurrentWidget(window.calendar)
    assert menu_action(window, "printMinutes").shortcut().toString() == "Ctrl+P"
    assert menu_action(window, "printList").shortcut().toString() == ""
    window.tabs.setCurrentWidget(window.members)
    assert menu_action(window, "printMinutes").shortcut().toString() == ""
    assert menu_action(window, "printList").shortcut().toString() == "Ctrl+P"


# -- the year's book ------------------------------------------------------------------------------
@pytest.fixture
def year_of_meetings(workspace: Workspace, school: dict[str, int]) -> list[int]:
    """Four held meetings of 2026 (three of 第一党支部, one a 主题党日), and some that are not."""
    made = [add_meeting(workspace, when=dt.datetime(2026, 3, 10, 15, 30), title="第一季度党员大会"),
            add_meeting(workspace, when=dt.datetime(2026, 5, 12, 15, 30), title="第二季度党员大会"),
            add_meeting(workspace, when=dt.datetime(2026, 4, 8, 15, 30), title="清明主题党日",
                        kind=MeetingKind.THEME_DAY),
            add_meeting(workspace, when=dt.datetime(2026, 4, 20, 9), title="退休支部党员大会", branch="退休党支部")]
    add_meeting(workspace, when=dt.datetime(2026, 6, 24, 15, 30), title="还没开", held=False)
    add_meeting(workspace, when=dt.datetime(2026, 1, 10, 15, 30), title="上年度组织生活会",
                kind=MeetingKind.LIFE_MEETING, year=2025)
    return made


def open_yearbook(qtbot: QtBot, window: MainWindow) -> YearbookDialog:
    window.tabs.setCurrentWidget(window.calendar)
    menu_action(window, "openYearbook").trigger()
    dialog = window.calendar.yearbook_dialog
    assert isinstance(dialog, YearbookDialog) and dialog.isVisible() and not dialog.isModal()
    qtbot.addWidget(dialog)
    return dialog


def test_the_yearbook_dialog_counts_the_held_meetings_chosen(
        qtbot: QtBot, window: MainWindow, workspace: Workspace, year_of_meetings: list[int]) -> None:
    dialog = open_yearbook(qtbot, window)
    assert dialog.objectName() == "yearbookDialog"
    year = dialog.findChild(QSpinBox, "yearbookYear")
    branch = dialog.findChild(QComboBox, "yearbookBranch")
    count = dialog.findChild(QLabel, "yearbookCount")
    ok = dialog.findChild(QPushButton, "makeYearbook")
    boxes = {kind: dialog.findChild(QCheckBox, f"yearbookKind_{kind.value}") for kind in dialog.kinds}
    assert year.value() == 2026 and branch.currentData() is None and branch.count() == 3
    assert all(box.isChecked() for box in boxes.values()) and MeetingKind.TALK not in boxes
    assert "4" in count.text() and ok.isEnabled()
    branch.setCurrentIndex(branch.findText("第一党支部"))
    assert "3" in count.text()
    boxes[MeetingKind.GENERAL].setChecked(False)
    assert "1" in count.text()  # the 主题党日
    dialog.findChild(QPushButton, "yearbookNoKinds").click()
    assert not any(box.isChecked() for box in boxes.values()) and not ok.isEnabled()
    dialog.findChild(QPushButton, "yearbookAllKinds").click()
    assert "3" in count.text() and ok.isEnabled()
    year.setValue(2025)
    assert "1" in count.text()
    year.setValue(2024)
    assert not ok.isEnabled()
    # The count agrees with the book the service would make, whatever the choice.
    with workspace.database.transaction() as session:
        for branch_choice in (None, branch_id(workspace), branch_id(workspace, "退休党支部")):
            for kinds in (None, (MeetingKind.GENERAL,), (MeetingKind.THEME_DAY, MeetingKind.LECTURE), ()):
                book = minutes_service.yearbook_document(session, year=2026, today=TODAY, branch_id=branch_choice,
                                                         kinds=kinds)
                assert yearbook_count(session, year=2026, branch_id=branch_choice, kinds=kinds) == len(book.meetings)
    dialog.reject()


def test_the_yearbook_dialog_starts_from_the_calendars_year_and_branch(
        qtbot: QtBot, window: MainWindow, year_of_meetings: list[int]) -> None:
    filters = window.calendar.filters
    filters.branch.setCurrentIndex(filters.branch.findText("退休党支部"))
    dialog = open_yearbook(qtbot, window)
    assert dialog.branch_id() == branch_id(window.workspace, "退休党支部")
    assert "1" in dialog.count.text()
    menu_action(window, "openYearbook").trigger()  # already open: brought forward, not doubled
    assert window.calendar.yearbook_dialog is dialog
    dialog.reject()


def test_the_yearbook_is_written_where_chosen_and_the_dialog_closes(
        qtbot: QtBot, window: MainWindow, asker: RecordingAsker, tmp_path: Path,
        year_of_meetings: list[int]) -> None:
    import pypdfium2 as pdfium

    dialog = open_yearbook(qtbot, window)
    branch = dialog.findChild(QComboBox, "yearbookBranch")
    branch.setCurrentIndex(branch.findText("第一党支部"))
    asker.files = [None]  # first the file dialog is cancelled: the choice stays to be made again
    dialog.findChild(QPushButton, "makeYearbook").click()
    assert dialog.isVisible() and not asker.pdf_previews
    target = tmp_path / "book.pdf"
    asker.files = [target]
    dialog.findChild(QPushButton, "makeYearbook").click()
    assert not dialog.isVisible()
    assert asker.suggested[-1].name.startswith("第一党支部")
    qtbot.waitUntil(lambda: len(asker.pdf_previews) == 1, timeout=20000)
    assert asker.pdf_previews[0][0] == target and not asker.errors
    pdf = pdfium.PdfDocument(str(target))
    try:
        assert len(pdf) > 3  # a cover and the contents besides the three records
    finally:
        pdf.close()
    text = flat(target)
    assert all(title in text for title in ("第一季度党员大会", "第二季度党员大会", "清明主题党日"))
    assert "退休支部党员大会" not in text and "还没开" not in text


# -- from the meeting dialog ----------------------------------------------------------------------
def open_meeting(qtbot: QtBot, window: MainWindow, asker: RecordingAsker, meeting_id: int | None) -> MeetingDialog:
    calendar = window.calendar
    window.tabs.setCurrentWidget(calendar)
    if meeting_id is None:
        calendar.go_to(2026, 6, dt.date(2026, 6, 24))
        calendar.new_action.trigger()
    else:
        chosen(window, meeting_id)
        calendar.open_action.trigger()
    dialog = calendar.dialog
    assert isinstance(dialog, MeetingDialog)
    # Closing at teardown must not wait for an answer nobody gives.
    qtbot.addWidget(dialog, before_close_func=lambda _w: asker.answers.extend([True] * 3))
    return dialog


def dialog_action(dialog: MeetingDialog, name: str) -> QAction:
    action = dialog.findChild(QAction, name)
    assert action is not None, name
    return action


def test_the_dialog_prints_what_is_stored_without_asking(
        qtbot: QtBot, window: MainWindow, workspace: Workspace, asker: RecordingAsker) -> None:
    meeting_id = add_meeting(workspace)
    dialog = open_meeting(qtbot, window, asker, meeting_id)
    button = dialog.findChild(QPushButton, "printButton")
    assert button.isVisible() and button.isEnabled() and not button.autoDefault()
    assert [a.objectName() for a in button.menu().actions()] == [
        "dialogPrintMinutes", "dialogExportMinutes", "dialogPrintSignin"]
    asker.print_from_preview = True
    dialog_action(dialog, "dialogPrintMinutes").trigger()
    qtbot.waitUntil(lambda: len(asker.pdf_previews) == 1, timeout=10000)
    assert not asker.questions and dialog.isVisible()
    assert printed_on(workspace, meeting_id) == TODAY


def test_unsaved_changes_are_saved_before_printing_when_the_user_agrees(
        qtbot: QtBot, window: MainWindow, workspace: Workspace, asker: RecordingAsker) -> None:
    meeting_id = add_meeting(workspace)
    dialog = open_meeting(qtbot, window, asker, meeting_id)
    dialog.details.title.setText("学习贯彻全会精神（补记）")
    asker.answers = [False]  # not now: nothing saved, nothing printed
    dialog_action(dialog, "dialogPrintMinutes").trigger()
    assert len(asker.questions) == 1 and not asker.pdf_previews
    assert stored(workspace, meeting_id).draft.title == "学习贯彻全会精神"
    asker.answers = [True]
    dialog_action(dialog, "dialogPrintMinutes").trigger()
    assert stored(workspace, meeting_id).draft.title == "学习贯彻全会精神（补记）"
    assert dialog.isVisible() and "补记" in dialog.windowTitle()
    qtbot.waitUntil(lambda: len(asker.pdf_previews) == 1, timeout=10000)
    assert "学习贯彻全会精神（补记）" in flat(asker.pdf_previews[0][0])
    # Saved: closing now asks nothing, and printing again asks nothing.
    dialog_action(dialog, "dialogPrintSignin").trigger()
    qtbot.waitUntil(lambda: len(asker.pdf_previews) == 2, timeout=10000)
    assert len(asker.questions) == 2
    dialog.reject()
    assert not dialog.isVisible() and len(asker.questions) == 2


def test_nothing_is_printed_when_saving_fails(qtbot: QtBot, window: MainWindow, workspace: Workspace,
                                              asker: RecordingAsker) -> None:
    meeting_id = add_meeting(workspace)
    dialog = open_meeting(qtbot, window, asker, meeting_id)
    dialog.details.recorder.set_value(None)  # a held meeting needs its recorder
    asker.answers = [True]
    dialog_action(dialog, "dialogExportMinutes").trigger()
    assert dialog.summary.isVisible() and not asker.suggested and not asker.pdf_previews
    assert stored(workspace, meeting_id).draft.recorder_id is not None


def test_a_new_meeting_is_saved_before_its_signin_sheet_is_printed(
        qtbot: QtBot, window: MainWindow, workspace: Workspace, asker: RecordingAsker) -> None:
    dialog = open_meeting(qtbot, window, asker, None)
    assert dialog.meeting_id is None and dialog.findChild(QPushButton, "printButton").isEnabled()
    dialog.details.title.insert("学习党章")
    asker.answers = [False]
    dialog_action(dialog, "dialogPrintSignin").trigger()
    assert dialog.meeting_id is None and not asker.pdf_previews
    asker.answers = [True]
    dialog_action(dialog, "dialogPrintSignin").trigger()
    assert dialog.meeting_id is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: len(asker.pdf_previews) == 1, timeout=10000)
    assert stored(workspace, dialog.meeting_id).status is MeetingStatus.PLANNED
    assert window.calendar.current_meeting().id == dialog.meeting_id  # the calendar shows it
    assert "学习党章" in flat(asker.pdf_previews[0][0])


def test_a_cancelled_meetings_dialog_cannot_print(qtbot: QtBot, window: MainWindow, workspace: Workspace,
                                                 asker: RecordingAsker) -> None:
    meeting_id = add_meeting(workspace, when=dt.datetime(2026, 6, 24, 15, 30), held=False)
    with workspace.database.transaction() as session:
        meeting_edit.cancel(session, meeting_id, "上级临时通知开会")
    dialog = open_meeting(qtbot, window, asker, meeting_id)
    assert not dialog.findChild(QPushButton, "printButton").isEnabled()


def test_without_a_printer_the_dialog_has_no_print_button(qtbot: QtBot, workspace: Workspace,
                                                          school: dict[str, int], asker: RecordingAsker) -> None:
    from djdesk.ui.events import AppEvents

    dialog = MeetingDialog(workspace.database, AppEvents(), asker, None, day=dt.date(2026, 6, 24))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.findChild(QPushButton, "printButton").isVisible()
    dialog.print_record(lambda printer, mid: pytest.fail("printed without a printer"))
    assert not asker.questions
