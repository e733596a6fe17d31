"""The 会议日历 tab over a temp database: data, holidays, keys, filters and the meeting actions."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import types
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QToolButton,
)
from pytestqt.qtbot import QtBot

from djdesk.domain import holidays as holiday_rules
from djdesk.domain.errors import NotFoundError
from djdesk.domain.holidays import DayKind
from djdesk.domain.meetings import (
    AttendanceStatus,
    MeetingDraft,
    MeetingKind,
    MeetingStatus,
)
from djdesk.services import meeting_edit, meetings
from djdesk.services.branches import list_branches
from djdesk.services.meeting_edit import AttendanceEntry, MeetingForm
from djdesk.ui import events as kinds
from djdesk.ui.calendar.tab import CalendarTab, month_title
from djdesk.ui.calendar.tab_actions import parse_schedule
from djdesk.ui.calendar.year_model import COLUMN_KEYS, MeetingFilter, MeetingsModel
from djdesk.ui.events import AppEvents
from djdesk.ui.prefs import Prefs
from djdesk.workspace import Workspace
from tests.ui.conftest import TODAY, RecordingAsker

NOW = dt.datetime(2026, 6, 15, 10)


def add_meeting(workspace: Workspace, when: dt.datetime, *, branch: str = "第一党支部", title: str = "学习党章",
                kind: MeetingKind = MeetingKind.GENERAL, also: tuple[MeetingKind, ...] = (), group: str = "",
                place: str = "", held: bool = False, leave: bool = False) -> int:
    with workspace.database.transaction() as session:
        chosen = next(b for b in list_branches(session) if b.name == branch)
        group_id = next(g.id for g in chosen.groups if g.name == group) if group else None
        people = [p.id for p in meetings.people(session) if p.branch_id == chosen.id]
        draft = MeetingDraft(kind=kind, year=when.year, branch_id=chosen.id, starts_at=when,
                             ends_at=when + dt.timedelta(hours=1), also_counts_as=also, group_id=group_id,
                             title=title, place=place, host_id=people[0] if held else None,
                             recorder_id=people[0] if held else None, expected=tuple(people))
        attendance = (AttendanceEntry(people[0], AttendanceStatus.LEAVE, "出差"),) if leave else ()
        return meeting_edit.save(session, None, MeetingForm(draft=draft, attendance=attendance, held=held), now=NOW)


def stored(workspace: Workspace, meeting_id: int) -> meetings.MeetingView | None:
    with workspace.database.transaction() as session:
        try:
            return meetings.get(session, meeting_id)
        except Exception:
            return None


def branch_id(workspace: Workspace, name: str) -> int:
    with workspace.database.transaction() as session:
        return next(b.id for b in list_branches(session) if b.name == name)


class FakeDialog(QDialog):
    """Stands in for the dialogs the tab opens (written separately): records how it was made."""

    made: list[FakeDialog] = []
    fail: Exception | None = None
    saved = Signal(int)

    def __init__(self, *args: object, **kwargs: object) -> None:
        if FakeDialog.fail is not None:
            raise FakeDialog.fail
        super().__init__(kwargs.get("parent"))  # type: ignore[arg-type]
        self.args, self.kwargs, self.opened = args, kwargs, False
        FakeDialog.made.append(self)

    def open(self) -> None:  # never shown: no test leaves a dialog open
        self.opened = True


@pytest.fixture
def fake_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[FakeDialog]:
    FakeDialog.made, FakeDialog.fail = [], None
    for module, name in (("meeting_dialog", "MeetingDialog"), ("plan_dialog", "PlanDialog"),
                         ("compliance_dialog", "ComplianceDialog"), ("talks_dialog", "TalksDialog")):
        fake = types.ModuleType(f"djdesk.ui.calendar.{module}")
        setattr(fake, name, FakeDialog)
        monkeypatch.setitem(sys.modules, f"djdesk.ui.calendar.{module}", fake)
    return FakeDialog.made


@pytest.fixture
def chinese_holidays(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The holidays library picks its names' language from the environment (LANGUAGE, LANG):
    under C.UTF-8 it names days in English and domain/holidays.py then misses the 调休 swaps.
    Until that module asks for zh_CN itself, these tests set the environment."""
    monkeypatch.setenv("LANGUAGE", "zh_CN")
    holiday_rules._year.cache_clear()
    yield
    holiday_rules._year.cache_clear()


def make_tab(qtbot: QtBot, workspace: Workspace, asker: RecordingAsker, *, show: bool = True) -> CalendarTab:
    tab = CalendarTab(workspace.database, AppEvents(), asker, Prefs(workspace.directory))
    qtbot.addWidget(tab)
    tab.resize(1200, 760)
    if show:
        tab.show()
        qtbot.waitExposed(tab)
        # Never end a test with the holiday thread still running: its widget would be gone.
        qtbot.waitUntil(lambda: tab.holidays_state in ("ready", "failed"), timeout=10000)
    return tab


@pytest.fixture
def tab(qtbot: QtBot, workspace: Workspace, school: dict[str, int], asker: RecordingAsker,
        chinese_holidays: None) -> CalendarTab:
    return make_tab(qtbot, workspace, asker)


def choose(tab: CalendarTab, meeting_id: int) -> None:
    assert tab.select_meeting(meeting_id)
    assert tab.current_meeting() is not None and tab.current_meeting().id == meeting_id


# -- showing ----------------------------------------------------------------------------------
def test_opens_on_today_and_shows_a_new_meeting_after_changed(tab: CalendarTab, workspace: Workspace) -> None:
    assert (tab.year, tab.month) == (2026, 6) and tab.title.text() == month_title(2026, 6)
    assert tab.month_view.today() == TODAY and tab.month_view.selected() == TODAY
    meeting_id = add_meeting(workspace, dt.datetime(2026, 6, 18, 14, 30), title="研究发展党员工作")
    assert tab.month_view.meetings_on(dt.date(2026, 6, 18)) == []
    tab.events.changed.emit(kinds.MEETINGS)
    day = dt.date(2026, 6, 18)
    assert [r.id for r in tab.month_view.meetings_on(day)] == [meeting_id]
    rect = tab.month_view.meeting_rect(meeting_id)
    assert rect is not None and tab.month_view.cell_rect(day).contains(rect)
    assert tab.month_view.meeting_at(rect.center()) == meeting_id
    assert tab.year_model.row_of(meeting_id) is not None


def test_changes_while_hidden_are_loaded_when_shown(qtbot: QtBot, tab: CalendarTab, workspace: Workspace) -> None:
    tab.hide()
    meeting_id = add_meeting(workspace, dt.datetime(2026, 6, 18, 14, 30))
    tab.events.changed.emit(kinds.PEOPLE)
    tab.events.changed.emit(kinds.TALKS)  # not shown here: no reload
    assert tab.year_model.row_of(meeting_id) is None
    tab.show()
    assert tab.year_model.row_of(meeting_id) is not None


def test_holidays_and_workdays_arrive_after_the_first_paint(qtbot: QtBot, workspace: Workspace,
                                                            school: dict[str, int], asker: RecordingAsker,
                                                            chinese_holidays: None) -> None:
    hidden = make_tab(qtbot, workspace, asker, show=False)
    assert hidden.holidays_state == "waiting"  # the library is not touched before it is shown
    tab = make_tab(qtbot, workspace, asker)
    assert tab.holidays_state == "ready"
    tab.go_to(2026, 10)
    national_day = tab.month_view.note_on(dt.date(2026, 10, 1))
    assert national_day.kind is DayKind.HOLIDAY and "国庆" in national_day.name
    assert tab.month_view.note_on(dt.date(2026, 10, 10)).kind is DayKind.WORKDAY  # shown from October too
    tab.go_to(2026, 9)
    assert tab.month_view.note_on(dt.date(2026, 9, 20)).kind is DayKind.WORKDAY
    tab.go_to(2026, 12)  # its grid reaches into 2027: next year's New Year's Day is marked
    assert tab.month_view.note_on(dt.date(2027, 1, 1)).kind is DayKind.HOLIDAY


def test_a_holiday_failure_is_logged_and_the_calendar_works_on(qtbot: QtBot, workspace: Workspace,
                                                              school: dict[str, int], asker: RecordingAsker,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    meeting_id = add_meeting(workspace, dt.datetime(2026, 6, 18, 14, 30))
    tab = make_tab(qtbot, workspace, asker, show=False)

    def broken(year: int) -> dict:  # type: ignore[type-arg]
        raise RuntimeError("no holiday data")

    tab.holidays.notes = broken  # type: ignore[method-assign]
    with caplog.at_level(logging.ERROR):
        tab.show()
        qtbot.waitUntil(lambda: tab.holidays_state == "failed", timeout=10000)
    assert "holiday" in caplog.text
    assert tab.month_view.note_on(dt.date(2026, 6, 19)) is None
    assert [r.id for r in tab.month_view.meetings_on(dt.date(2026, 6, 18))] == [meeting_id]
    tab.go_to(2026, 10)  # still turns the months
    assert tab.title.text() == month_title(2026, 10)


# -- moving about -----------------------------------------------------------------------------
def test_keys_move_the_day_and_turn_the_month(qtbot: QtBot, tab: CalendarTab) -> None:
    view = tab.month_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert tab.selected_day == dt.date(2026, 6, 16)
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert (tab.year, tab.month, tab.selected_day) == (2026, 7, dt.date(2026, 7, 16))
    tab.go_to(2026, 7, dt.date(2026, 7, 31))
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert (tab.month, tab.selected_day) == (8, dt.date(2026, 8, 1))
    assert view.month == 8 and tab.title.text() == month_title(2026, 8)
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert tab.month == 7
    tab.next_action.trigger()
    tab.next_action.trigger()
    assert tab.month == 9
    tab.today_action.trigger()
    assert (tab.month, tab.selected_day) == (6, TODAY)


def test_the_year_list_follows_the_month_across_new_year(tab: CalendarTab, workspace: Workspace) -> None:
    old = add_meeting(workspace, dt.datetime(2025, 12, 10, 15), title="去年的会")
    tab.reload()
    assert tab.year_model.row_of(old) is None  # 2026 chosen
    tab.go_to(2025, 12)
    assert tab.filters.year.currentData() == 2025 and tab.year_model.row_of(old) is not None
    years = tab.findChild(QComboBox, "calendarYearFilter")
    years.setCurrentIndex(years.findData(2026))
    assert (tab.year, tab.month) == (2026, 12)
    years.setCurrentIndex(years.findData(None))  # all years
    assert tab.year_model.row_of(old) is not None


def test_filters_apply_to_both_views(tab: CalendarTab, workspace: Workspace) -> None:
    general = add_meeting(workspace, dt.datetime(2026, 6, 18, 9), title="支部党员大会", also=(MeetingKind.LECTURE,))
    retired = add_meeting(workspace, dt.datetime(2026, 6, 18, 14), branch="退休党支部", title="退休支部学习",
                          kind=MeetingKind.LECTURE, place="老干部活动室")
    tab.reload()
    day = dt.date(2026, 6, 18)
    kinds_box = tab.findChild(QComboBox, "calendarKindFilter")
    kinds_box.setCurrentIndex(kinds_box.findData(MeetingKind.LECTURE.value))
    assert {r.id for r in tab.month_view.meetings_on(day)} == {general, retired}  # also counts as a lecture
    kinds_box.setCurrentIndex(kinds_box.findData(MeetingKind.GENERAL.value))
    assert [r.id for r in tab.month_view.meetings_on(day)] == [general]
    kinds_box.setCurrentIndex(0)
    branches = tab.findChild(QComboBox, "calendarBranchFilter")
    branches.setCurrentIndex(branches.findText("退休党支部"))
    assert [r.id for r in tab.month_view.meetings_on(day)] == [retired]
    assert [tab.year_model.meeting_id(r) for r in range(tab.year_model.rowCount())] == [retired]
    branches.setCurrentIndex(0)
    tab.findChild(QLineEdit, "calendarSearch").setText("活动室")
    assert [r.id for r in tab.month_view.meetings_on(day)] == [retired]


def test_the_days_list_and_the_whole_month(tab: CalendarTab, workspace: Workspace) -> None:
    first = add_meeting(workspace, dt.datetime(2026, 6, 18, 9))
    second = add_meeting(workspace, dt.datetime(2026, 6, 25, 9))
    tab.reload()
    tab.go_to(2026, 6, dt.date(2026, 6, 18))
    assert [tab.day_model.meeting_id(r) for r in range(tab.day_model.rowCount())] == [first]
    assert tab.day_table.isColumnHidden(COLUMN_KEYS.index("date"))
    tab.whole_month.setChecked(True)
    assert [tab.day_model.meeting_id(r) for r in range(tab.day_model.rowCount())] == [first, second]
    assert not tab.day_table.isColumnHidden(COLUMN_KEYS.index("date"))


# -- the year model ---------------------------------------------------------------------------
def rows_for_model(workspace: Workspace) -> list[meetings.MeetingRow]:
    add_meeting(workspace, dt.datetime(2026, 3, 10, 9), title="党员大会", also=(MeetingKind.LECTURE,))
    add_meeting(workspace, dt.datetime(2026, 4, 10, 9), title="专题党课", kind=MeetingKind.LECTURE, place="报告厅")
    add_meeting(workspace, dt.datetime(2026, 5, 10, 9), branch="退休党支部", title="退休党小组学习",
                kind=MeetingKind.GROUP, group="退休党小组", held=True)
    add_meeting(workspace, dt.datetime(2025, 5, 10, 9), title="去年的会")
    with workspace.database.transaction() as session:
        return meetings.list_rows(session)


def titles(model: MeetingsModel) -> list[str]:
    return [model.meeting(r).title for r in range(model.rowCount())]


def test_the_year_model_keeps_qts_rules(qtmodeltester, workspace: Workspace,  # type: ignore[no-untyped-def]
                                        school: dict[str, int]) -> None:
    model = MeetingsModel()
    model.set_rows(rows_for_model(workspace))
    qtmodeltester.check(model)
    model.sort(COLUMN_KEYS.index("title"), Qt.SortOrder.DescendingOrder)
    model.set_filter(MeetingFilter(year=2026))
    qtmodeltester.check(model)


def test_the_year_model_filters_and_sorts(workspace: Workspace, school: dict[str, int]) -> None:
    model = MeetingsModel()
    model.set_rows(rows_for_model(workspace))
    assert titles(model) == ["去年的会", "党员大会", "专题党课", "退休党小组学习"]
    model.set_filter(MeetingFilter(year=2026, kind=MeetingKind.LECTURE))
    assert titles(model) == ["党员大会", "专题党课"]  # a meeting counts as what it also counts as
    model.set_filter(MeetingFilter(status=MeetingStatus.HELD))
    assert titles(model) == ["退休党小组学习"]
    model.set_filter(MeetingFilter(branch_id=branch_id(workspace, "退休党支部")))
    assert titles(model) == ["退休党小组学习"]
    model.set_filter(MeetingFilter(text="报告"))  # the place
    assert titles(model) == ["专题党课"]
    model.set_filter(MeetingFilter(text="党课"))  # the topic
    assert titles(model) == ["专题党课"]
    model.set_filter(MeetingFilter(year=2026))
    model.sort(COLUMN_KEYS.index("status"), Qt.SortOrder.DescendingOrder)
    assert titles(model)[0] == "退休党小组学习"
    held = model.row_of(next(r.id for r in model.shown() if r.title == "退休党小组学习"))
    kind = model.index(0, COLUMN_KEYS.index("kind"))
    assert model.data(kind) == MeetingKind.GROUP.label
    also = model.index(model.row_of(next(r.id for r in model.shown() if r.title == "党员大会")), kind.column())
    assert MeetingKind.LECTURE.label in model.data(also)
    assert model.data(model.index(held, COLUMN_KEYS.index("minutes")))  # held without minutes: flagged
    assert model.data(model.index(held, COLUMN_KEYS.index("branch"))) == "退休党支部 · 退休党小组"


# -- changing meetings ------------------------------------------------------------------------
def test_reschedule_moves_the_meeting_and_follows_it(tab: CalendarTab, workspace: Workspace,
                                                    asker: RecordingAsker) -> None:
    meeting_id = add_meeting(workspace, dt.datetime(2026, 6, 18, 14, 30))
    tab.reload()
    choose(tab, meeting_id)
    assert tab.reschedule_action.isEnabled() and not tab.restore_action.isEnabled()
    asker.texts = ["2026-07-02 09:00-10:30"]
    tab.reschedule_action.trigger()
    assert asker.offered == ["2026-06-18 14:30-15:30"]
    view = stored(workspace, meeting_id)
    assert (view.draft.starts_at, view.draft.ends_at) == (dt.datetime(2026, 7, 2, 9), dt.datetime(2026, 7, 2, 10, 30))
    assert (tab.month, tab.selected_day) == (7, dt.date(2026, 7, 2))
    assert tab.current_meeting().id == meeting_id


def test_a_bad_reschedule_is_shown_and_asked_again_with_what_was_typed(
        tab: CalendarTab, workspace: Workspace, asker: RecordingAsker) -> None:
    meeting_id = add_meeting(workspace, dt.datetime(2026, 6, 18, 14, 30))
    tab.reload()
    choose(tab, meeting_id)
    asker.texts = ["下周四下午", "2026-06-19 10:00-09:00", "２０２６－０６－１９　９：００"]
    tab.reschedule_action.trigger()
    assert asker.offered == ["2026-06-18 14:30-15:30", "下周四下午", "2026-06-19 10:00-09:00"]
    assert len(asker.errors) == 2 and "2026-11-21 14:30-16:00" in asker.errors[0]
    view = stored(workspace, meeting_id)
    # Full-width digits and colon are fine; without an end the meeting keeps its hour.
    assert (view.draft.starts_at, view.draft.ends_at) == (dt.datetime(2026, 6, 19, 9), dt.datetime(2026, 6, 19, 10))


def test_a_cancelled_reschedule_changes_nothing(tab: CalendarTab, workspace: Workspace, asker: RecordingAsker) -> None:
    meeting_id = add_meeting(workspace, dt.datetime(2026, 6, 18, 14, 30))
    tab.reload()
    choose(tab, meeting_id)
    asker.texts = [None]
    tab.reschedule_action.trigger()
    assert stored(workspace, meeting_id).draft.starts_at == dt.datetime(2026, 6, 18, 14, 30) and not asker.errors


def test_cancel_needs_a_reason_and_restore_brings_it_back(tab: CalendarTab, workspace: Workspace,
                                                          asker: RecordingAsker) -> None:
    meeting_id = add_meeting(workspace, dt.datetime(2026, 6, 18, 14, 30))
    tab.reload()
    choose(tab, meeting_id)
    asker.texts = ["  ", "与期中考试冲突"]
    tab.cancel_action.trigger()
    assert len(asker.errors) == 1 and asker.offered == ["", "  "]
    view = stored(workspace, meeting_id)
    assert view.status is MeetingStatus.CANCELLED and view.cancel_reason == "与期中考试冲突"
    assert tab.current_meeting().status is MeetingStatus.CANCELLED
    assert tab.restore_action.isEnabled() and not tab.reschedule_action.isEnabled()
    assert not tab.cancel_action.isEnabled()
    tab.restore_action.trigger()
    assert stored(workspace, meeting_id).status is MeetingStatus.PLANNED
    assert tab.reschedule_action.isEnabled()


def test_delete_asks_first_and_keeps_a_meeting_with_records(tab: CalendarTab, workspace: Workspace,
                                                            asker: RecordingAsker) -> None:
    planned = add_meeting(workspace, dt.datetime(2026, 6, 18, 14, 30))
    recorded = add_meeting(workspace, dt.datetime(2026, 6, 19, 14, 30), leave=True)
    held = add_meeting(workspace, dt.datetime(2026, 6, 10, 14, 30), held=True)
    tab.reload()
    choose(tab, planned)
    asker.answers = [False, True]
    tab.delete_action.trigger()
    assert stored(workspace, planned) is not None
    tab.delete_action.trigger()
    assert stored(workspace, planned) is None and tab.year_model.row_of(planned) is None
    choose(tab, recorded)
    asker.answers = [True]
    tab.delete_action.trigger()
    assert stored(workspace, recorded) is not None and len(asker.errors) == 1
    choose(tab, held)
    assert tab.open_action.isEnabled()
    assert not any(a.isEnabled() for a in (tab.delete_action, tab.reschedule_action, tab.cancel_action,
                                             tab.restore_action))


def test_del_in_the_list_or_the_grid_deletes(qtbot: QtBot, tab: CalendarTab, workspace: Workspace,
                                             asker: RecordingAsker) -> None:
    planned = add_meeting(workspace, dt.datetime(2026, 6, 18, 14, 30))
    other = add_meeting(workspace, dt.datetime(2026, 6, 18, 16, 30))
    tab.reload()
    choose(tab, planned)
    tab.day_table.setFocus()
    asker.answers = [True, True]
    qtbot.keyClick(tab.day_table, Qt.Key.Key_Delete)
    assert stored(workspace, planned) is None
    qtbot.mouseClick(tab.month_view, Qt.MouseButton.LeftButton, pos=tab.month_view.meeting_rect(other).center())
    assert tab.current_meeting().id == other
    qtbot.keyClick(tab.month_view, Qt.Key.Key_Delete)
    assert stored(workspace, other) is None and not asker.answers


# -- dialogs ----------------------------------------------------------------------------------
def test_new_and_open_pass_the_day_and_branch(qtbot: QtBot, tab: CalendarTab, workspace: Workspace,
                                              fake_dialogs: list[FakeDialog]) -> None:
    meeting_id = add_meeting(workspace, dt.datetime(2026, 6, 18, 14, 30))
    tab.reload()
    branches = tab.findChild(QComboBox, "calendarBranchFilter")
    branches.setCurrentIndex(branches.findText("第一党支部"))
    tab.month_view.setFocus()
    qtbot.keyClick(tab, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert fake_dialogs[-1].args[3] is None and fake_dialogs[-1].opened
    assert fake_dialogs[-1].kwargs["day"] == TODAY
    assert fake_dialogs[-1].kwargs["branch_id"] == branch_id(workspace, "第一党支部")
    assert tab.dialog is fake_dialogs[-1]
    fake_dialogs[-1].done(0)
    assert tab.dialog is None
    # Double click on the meeting's line; Enter in the list opens the one chosen.
    tab.go_to(2026, 6, dt.date(2026, 6, 18))
    line = tab.month_view.meeting_rect(meeting_id).center()
    qtbot.mouseDClick(tab.month_view, Qt.MouseButton.LeftButton, pos=line)
    assert fake_dialogs[-1].args[3] == meeting_id
    assert tab.current_meeting().id == meeting_id
    tab.day_table.setFocus()
    qtbot.keyClick(tab.day_table, Qt.Key.Key_Return)
    assert len(fake_dialogs) == 3 and fake_dialogs[-1].args[3] == meeting_id
    empty = tab.month_view.cell_rect(dt.date(2026, 6, 24))
    qtbot.mouseDClick(tab.month_view, Qt.MouseButton.LeftButton, pos=empty.center())
    assert fake_dialogs[-1].args[3] is None and fake_dialogs[-1].kwargs["day"] == dt.date(2026, 6, 24)


def test_a_saved_meeting_is_chosen_and_a_vanished_one_reported(tab: CalendarTab, workspace: Workspace,
                                                               asker: RecordingAsker,
                                                               fake_dialogs: list[FakeDialog]) -> None:
    tab.new_action.trigger()
    meeting_id = add_meeting(workspace, dt.datetime(2026, 8, 20, 9))
    tab.events.changed.emit(kinds.MEETINGS)  # as the meeting dialog does on saving
    fake_dialogs[-1].saved.emit(meeting_id)
    assert tab.current_meeting().id == meeting_id and tab.month == 8
    FakeDialog.fail = NotFoundError("这个会议已不存在")
    tab.open_action.trigger()
    assert asker.errors == ["这个会议已不存在"] and tab.dialog is fake_dialogs[-1]


def test_plan_compliance_and_talks_get_the_year_and_branch(tab: CalendarTab, workspace: Workspace,
                                                           fake_dialogs: list[FakeDialog]) -> None:
    tab.plan_action.trigger()
    assert fake_dialogs[-1].args[3] == 2026
    branches = tab.findChild(QComboBox, "calendarBranchFilter")
    branches.setCurrentIndex(branches.findText("退休党支部"))
    tab.compliance_action.trigger()
    assert fake_dialogs[-1].args[3:] == (2026, branch_id(workspace, "退休党支部"))
    tab.talks_action.trigger()
    assert fake_dialogs[-1].args[3] == 2026 and tab.dialog is fake_dialogs[-1]


# -- the rest ---------------------------------------------------------------------------------
def test_every_action_is_named_and_in_the_context_menu(tab: CalendarTab) -> None:
    names = {a.objectName() for a in tab.actions.context_menu().actions() if not a.isSeparator()}
    expected = {"newMeeting", "openMeeting", "rescheduleMeeting", "cancelMeeting", "restoreMeeting",
                "deleteMeeting", "yearPlan", "complianceCheck", "heartTalks", "calendarToday", "previousMonth",
                "nextMonth", "calendarRefresh"}
    assert names == expected
    for kind in (QPushButton, QComboBox, QCheckBox, QLineEdit, QTableView, QTabWidget):
        for widget in tab.findChildren(kind):
            assert widget.objectName(), widget
    button = tab.findChild(QToolButton, "rescheduleMeetingButton")
    assert button is not None and not button.isEnabled()


def test_select_meeting_clears_a_filter_hiding_it(tab: CalendarTab, workspace: Workspace) -> None:
    meeting_id = add_meeting(workspace, dt.datetime(2026, 9, 3, 9), branch="退休党支部")
    tab.reload()
    branches = tab.findChild(QComboBox, "calendarBranchFilter")
    branches.setCurrentIndex(branches.findText("第一党支部"))
    assert tab.select_meeting(meeting_id)
    assert branches.currentIndex() == 0 and (tab.month, tab.selected_day) == (9, dt.date(2026, 9, 3))
    assert not tab.select_meeting(999_999)


def test_the_page_and_columns_are_remembered(qtbot: QtBot, tab: CalendarTab, workspace: Workspace,
                                             asker: RecordingAsker) -> None:
    tab.pages.setCurrentIndex(1)
    tab.year_table.setColumnWidth(0, 222)
    tab.save_state()
    again = make_tab(qtbot, workspace, asker, show=False)
    again.show()
    assert again.pages.currentIndex() == 1 and again.year_table.columnWidth(0) == 222
    assert again.holidays_state == "waiting"  # the month is not on screen: no holidays needed yet


def test_schedule_text() -> None:
    assert parse_schedule("2026/7/2 9:00") == (dt.datetime(2026, 7, 2, 9), None)
    assert parse_schedule("2026年7月2日 14:30—16:00") == (dt.datetime(2026, 7, 2, 14, 30),
                                                       dt.datetime(2026, 7, 2, 16))
