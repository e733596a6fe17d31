"""The calendar in the main window: a meeting created and recorded through the dialog shows
in its day cell; Ctrl+N follows the current tab; the status bar's reminders."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from djdesk.domain.meetings import AttendanceStatus, MeetingKind, MeetingStatus
from djdesk.services import branches, meetings
from djdesk.ui.main_window import MainWindow
from tests.ui.conftest import RecordingAsker

DAY = dt.date(2026, 6, 12)  # before the fixed clock's 2026-06-15 10:00


def shortcut(window: MainWindow, name: str) -> str:
    return window.findChild(QAction, name).shortcut().toString()


def test_a_meeting_created_and_recorded_in_the_dialog_shows_in_its_day(
        qtbot: QtBot, window: MainWindow, school: dict[str, int], asker: RecordingAsker) -> None:
    calendar = window.calendar
    window.tabs.setCurrentWidget(calendar)
    calendar.go_to(DAY.year, DAY.month, DAY)
    assert calendar.month_view.meetings_on(DAY) == []
    # Ctrl+N on the calendar is a new meeting, on the roster a new person
    assert shortcut(window, "menu_newMeeting") == "Ctrl+N" and shortcut(window, "menu_newPerson") == ""
    window.findChild(QAction, "menu_newMeeting").trigger()
    dialog = calendar.dialog
    qtbot.addWidget(dialog, before_close_func=lambda _w: asker.answers.extend([True] * 3))
    assert dialog.isVisible() and dialog.details.date.date().toPython() == DAY
    dialog.details.title.insert("学习贯彻全会精神")
    dialog.details.host.set_value(school["单军"])
    dialog.details.recorder.set_value(school["曾国华"])
    dialog.grid.model.all_present()
    dialog.minutes.held.setChecked(True)
    dialog.minutes.content.setPlainText("一、会议学习了全会精神。\n二、党员交流发言。")
    dialog.findChild(QPushButton, "saveMeeting").click()
    assert not dialog.isVisible(), [(l.objectName(), l.text()) for l in dialog.findChildren(__import__("PySide6.QtWidgets").QtWidgets.QLabel) if l.objectName().startswith("error_") and l.text()]
    lines = calendar.month_view.meetings_on(DAY)
    assert [(r.title, r.status, r.present, r.expected) for r in lines] == [
        ("学习贯彻全会精神", MeetingStatus.HELD, 2, 2)]
    with window.workspace.database.transaction() as session:
        view = meetings.get(session, lines[0].id)
    assert view.draft.kind is MeetingKind.GENERAL
    assert {a.status for a in view.attendees} == {AttendanceStatus.PRESENT}
    window.tabs.setCurrentWidget(window.members)
    assert shortcut(window, "menu_newPerson") == "Ctrl+N" and shortcut(window, "menu_newMeeting") == ""


def test_the_status_bar_names_this_weeks_meetings_and_what_is_overdue(
        qtbot: QtBot, window: MainWindow, school: dict[str, int]) -> None:
    from djdesk.domain.meetings import MeetingDraft
    from djdesk.services import meeting_edit
    from djdesk.services.meeting_edit import MeetingForm

    with window.workspace.database.transaction() as session:
        branch_id = branches.list_branches(session)[0].id
        for day, title in ((dt.date(2026, 6, 17), "本周主题党日"), (dt.date(2026, 6, 8), "上周支委会")):
            draft = MeetingDraft(kind=MeetingKind.THEME_DAY, year=2026, branch_id=branch_id,
                                 starts_at=dt.datetime.combine(day, dt.time(15, 30)), title=title)
            meeting_edit.save(session, None, MeetingForm(draft=draft), now=window.workspace.database.clock.now())
    window.events.changed.emit("meetings")
    button = window.reminders_button
    assert button.isVisible()
    assert button.text().startswith("本周会议 1 个")
    texts = [a.text() for a in button.menu().actions()]
    assert any("本周主题党日" in t for t in texts)
    overdue = next(a for a in button.menu().actions() if "上周支委会" in a.text())
    assert overdue.text().startswith("⚠")
    overdue.trigger()  # jumps to the meeting in the calendar and opens it
    assert window.tabs.currentWidget() is window.calendar
    dialog = window.calendar.dialog
    qtbot.addWidget(dialog)
    assert dialog.details.title.text() == "上周支委会"
    dialog.reject()


def test_the_person_dialog_shows_attendance(qtbot: QtBot, window: MainWindow, school: dict[str, int]) -> None:
    from djdesk.domain.meetings import MeetingDraft
    from djdesk.services import meeting_edit, members
    from djdesk.services.meeting_edit import AttendanceEntry, MeetingForm

    with window.workspace.database.transaction() as session:
        person = members.get(session, school["单军"])
        draft = MeetingDraft(kind=MeetingKind.GENERAL, year=2026, branch_id=person.draft.branch_id,
                             starts_at=dt.datetime(2026, 6, 1, 15), title="六月党员大会",
                             host_id=school["单军"], recorder_id=school["曾国华"],
                             expected=(school["单军"], school["曾国华"]))
        meeting_edit.save(session, None, MeetingForm(
            draft=draft, held=True, attendance=(AttendanceEntry(school["单军"], AttendanceStatus.LEAVE, "出差"),)),
            now=window.workspace.database.clock.now())
    window.members.open_person(school["单军"])
    dialog = window.members.dialog
    qtbot.addWidget(dialog)
    page = dialog.attendance
    assert "请假1次" in page.summary.text()
    assert page.meetings.item(0, 3).text() == "出差" and page.meetings.item(0, 4).text() == "六月党员大会"
    dialog.reject()
