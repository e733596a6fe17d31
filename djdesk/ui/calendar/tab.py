"""The 会议日历 tab: the month grid and the year's list of meetings, their filters and actions."""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from djdesk import i18n
from djdesk.domain.holidays import DayNote, HolidayCalendar
from djdesk.i18n import _
from djdesk.services import branches as branch_service
from djdesk.services import meetings
from djdesk.services.meetings import MeetingRow
from djdesk.store.database import Database
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.background import after_first_paint, run_in_background
from djdesk.ui.calendar import colours
from djdesk.ui.calendar.colours import weekday_name
from djdesk.ui.calendar.month_view import (
    WEEKS,
    MonthView,
    add_months,
    first_grid_day,
    group_by_day,
)
from djdesk.ui.calendar.tab_actions import CalendarActions
from djdesk.ui.calendar.year_model import (
    COLUMN_KEYS,
    MINUTES_MISSING,
    NARROW_WIDTHS,
    MeetingFilter,
    MeetingFilters,
    MeetingsModel,
    MeetingTable,
)
from djdesk.ui.events import AppEvents
from djdesk.ui.prefs import Prefs

if TYPE_CHECKING:
    from djdesk.ui.record_printing import RecordPrinter

log = logging.getLogger(__name__)
MONTH_PAGE, YEAR_PAGE = 0, 1
HOLIDAYS_WAITING, HOLIDAYS_LOADING, HOLIDAYS_READY, HOLIDAYS_FAILED = "waiting", "loading", "ready", "failed"


def month_title(year: int, month: int) -> str:
    return _("{year}-{month:02d}").format(year=year, month=month)


class CalendarTab(QWidget):
    def __init__(self, db: Database, events: AppEvents, asker: Asks, prefs: Prefs,
                 parent: QWidget | None = None, *, printer: RecordPrinter | None = None) -> None:
        super().__init__(parent)
        self.db, self.events, self.asker, self.prefs = db, events, asker, prefs
        self.printer = printer  # None: no printing of records (the tab alone, in tests)
        self.yearbook_dialog: QWidget | None = None  # not modal: it may stay open beside the calendar
        self.setObjectName("calendarTab")
        self.today = db.clock.today()
        self.year, self.month, self.selected_day = self.today.year, self.today.month, self.today
        self.rows: list[MeetingRow] = []
        self.branches: list[branch_service.BranchView] = []
        self._by_day: dict[dt.date, list[MeetingRow]] = {}
        self.dialog: QWidget | None = None  # the meeting, plan, compliance or talks dialog open
        self.holidays = HolidayCalendar(english=i18n.current_language() == "en")
        self.holidays_state = HOLIDAYS_WAITING
        self._notes: dict[int, dict[dt.date, DayNote]] = {}
        self._stale = False
        self._menu: QMenu | None = None

        self.title = QLabel()
        self.title.setObjectName("calendarTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.filters = MeetingFilters()
        self.filters.changed.connect(lambda: self._apply_filter(self._current_id()))
        self.filters.yearChanged.connect(self._year_chosen)

        self.month_view = MonthView()
        self.month_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.month_view.daySelected.connect(self._day_chosen)
        self.month_view.meetingClicked.connect(self._meeting_clicked)
        self.month_view.meetingActivated.connect(lambda meeting_id: self.actions.open_meeting(meeting_id))
        self.month_view.newMeetingRequested.connect(lambda day: self.actions.new_meeting(day))
        self.month_view.monthChangeRequested.connect(lambda year, month: self.go_to(year, month))
        self.month_view.deleteRequested.connect(lambda: self.actions.delete_meeting())
        self.legend = QLabel(colours.legend_html(_(MINUTES_MISSING)))
        self.legend.setObjectName("calendarLegend")
        self.legend.setWordWrap(True)
        self.day_model = MeetingsModel(self)
        self.day_table = MeetingTable("dayMeetings", self.day_model, lambda: self.actions.open_meeting(),
                                      lambda: self.actions.delete_meeting(),
                                      NARROW_WIDTHS)
        self.day_label = QLabel()
        self.day_label.setObjectName("dayHeading")
        self.whole_month = QCheckBox(_("Show the whole month"))
        self.whole_month.setObjectName("showWholeMonth")
        self.whole_month.toggled.connect(lambda _on: self._fill_day_list(self._current_id()))
        self.year_model = MeetingsModel(self)
        self.year_table = MeetingTable("yearMeetings", self.year_model, lambda: self.actions.open_meeting(),
                                       lambda: self.actions.delete_meeting(),
                                       stretch_title=True)
        self.year_table.setSortingEnabled(True)
        self.year_table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.year_count = QLabel()
        self.year_count.setObjectName("yearCount")

        self.pages = QTabWidget()
        self.pages.setObjectName("calendarPages")
        self.month_page = QWidget()
        self.month_page.setObjectName("monthPage")
        self.actions = a = CalendarActions(self)
        self.new_action, self.open_action, self.reschedule_action = a.new_action, a.open_action, a.reschedule_action
        self.cancel_action, self.restore_action, self.delete_action = a.cancel_action, a.restore_action, a.delete_action
        self.plan_action, self.compliance_action, self.talks_action = a.plan_action, a.compliance_action, a.talks_action
        self.today_action, self.previous_action, self.next_action = a.today_action, a.previous_action, a.next_action
        self.refresh_action = a.refresh_action
        self.print_minutes_action, self.export_minutes_action = a.print_minutes_action, a.export_minutes_action
        self.print_signin_action, self.yearbook_action = a.print_signin_action, a.yearbook_action
        self._lay_out()
        for widget in (self.month_view, self.day_table, self.year_table):
            widget.customContextMenuRequested.connect(lambda pos, w=widget: self._popup(w, pos))
        self.day_table.selectionModel().selectionChanged.connect(self._day_row_changed)
        self.year_table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.pages.currentChanged.connect(self._page_changed)
        self._restore_state()
        events.changed.connect(self._data_changed)
        # The holidays library takes half a second to import: only once the grid is on screen.
        after_first_paint(self.month_view, self._start_holidays)
        # The meetings are read when the tab is first shown: at start-up the roster is what
        # the user waits for (3,000 meetings take ~0.15 s).
        self._stale = True

    # -- building -----------------------------------------------------------------------------
    def _lay_out(self) -> None:
        button = self.actions.button
        top = QHBoxLayout()
        top.addWidget(button(self.previous_action, "‹ {text}"))
        top.addWidget(button(self.today_action))
        top.addWidget(button(self.next_action, "{text} ›"))
        top.addSpacing(12)
        top.addWidget(self.title)
        top.addSpacing(24)
        top.addWidget(self.filters, 1)  # the search in it takes the room left

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.month_view, 1)
        left_layout.addWidget(self.legend)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()
        heading.addWidget(self.day_label, 1)
        heading.addWidget(self.whole_month)
        right_layout.addLayout(heading)
        right_layout.addWidget(self.day_table, 1)
        self.splitter = QSplitter()
        self.splitter.setObjectName("calendarSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        # A window made smaller narrows both sides, the grid more: neither is squeezed to nothing.
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setCollapsible(0, False)
        month_layout = QVBoxLayout(self.month_page)
        month_layout.setContentsMargins(4, 4, 4, 4)
        month_layout.addWidget(self.splitter)
        year_page = QWidget()
        year_page.setObjectName("yearPage")
        year_layout = QVBoxLayout(year_page)
        year_layout.setContentsMargins(4, 4, 4, 4)
        year_layout.addWidget(self.year_table, 1)
        year_layout.addWidget(self.year_count)
        self.pages.addTab(self.month_page, _("Month"))
        self.pages.addTab(year_page, _("Year list"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.actions.tool_bar())
        layout.addWidget(self.pages, 1)

    # -- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        keep = self._current_id()
        with self.db.transaction() as session:
            rows = meetings.list_rows(session)
            branches = branch_service.list_branches(session)
        self._stale = False
        self.rows, self.branches = rows, branches
        self.today = self.db.clock.today()
        self.filters.fill_branches([(b.id, b.name) for b in branches])
        self._fill_year_filter()
        self.year_model.set_rows(rows)
        self._apply_filter(keep)

    def _data_changed(self, kind: str) -> None:
        if kind not in (kinds.MEETINGS, kinds.PEOPLE, kinds.BRANCHES, kinds.SETTINGS):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True  # reloaded when next shown: edits elsewhere need no calendar

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _fill_year_filter(self, wanted: int | None = -1) -> None:
        """The years there are meetings for, and the ones about now; `wanted` chosen (by default
        the one chosen, this year the first time)."""
        chosen = self.filters.year.currentData() if self.filters.year.count() else self.today.year
        years = {r.year for r in self.rows} | {self.today.year, self.today.year + 1, self.year}
        self.filters.fill_years(years, chosen if wanted == -1 else wanted)

    # -- filters ------------------------------------------------------------------------------
    def current_filter(self) -> MeetingFilter:
        return self.filters.value()

    def _apply_filter(self, keep_id: int | None = None) -> None:
        meeting_filter = self.current_filter()
        self.year_model.set_filter(meeting_filter)
        # The month shows what the filters allow whatever the year chosen: the grid is the date.
        match = meeting_filter.matcher(ignore_year=True)
        self._by_day = group_by_day(r for r in self.rows if match(r))
        self._show_month()
        self._fill_day_list(keep_id)
        row = self.year_model.row_of(keep_id) if keep_id is not None else None
        if row is not None:
            self.year_table.selectRow(row)
            self.year_table.scrollTo(self.year_model.index(row, 0))
        self.year_count.setText(_("Showing {shown} of {total} meetings").format(
            shown=self.year_model.shown_count(), total=self.year_model.total_count()))
        self._update_actions()

    def _year_chosen(self) -> None:
        year = self.filters.year.currentData()
        if year is not None and year != self.year:
            last = calendar.monthrange(year, self.month)[1]
            self.year, self.selected_day = year, dt.date(year, self.month, min(self.selected_day.day, last))
        self._apply_filter(self._current_id())

    # -- the month ----------------------------------------------------------------------------
    def go_to(self, year: int, month: int, day: dt.date | None = None) -> None:
        """Show a month; the selected day moves to the same day of it unless `day` is given."""
        if day is None:
            last = calendar.monthrange(year, month)[1]
            day = dt.date(year, month, min(self.selected_day.day, last))
        self.year, self.month, self.selected_day = year, month, day
        if self.filters.year.currentData() not in (None, year):
            self._fill_year_filter(year)  # the year list follows the month across New Year
            self.year_model.set_filter(self.current_filter())
        self._show_month()
        self._fill_day_list()
        self._update_actions()

    def go_to_today(self) -> None:
        self.today = self.db.clock.today()
        self.go_to(self.today.year, self.today.month, self.today)

    def turn(self, months: int) -> None:
        day = add_months(dt.date(self.year, self.month, 1), months)
        self.go_to(day.year, day.month)

    def _show_month(self) -> None:
        self.title.setText(month_title(self.year, self.month))
        self.month_view.show_month(self.year, self.month, self._by_day, self._month_notes(), self.today,
                                   self.selected_day)

    def _month_notes(self) -> dict[dt.date, DayNote]:
        if self.holidays_state != HOLIDAYS_READY:
            return {}
        notes: dict[dt.date, DayNote] = {}
        for year in self._grid_years():
            if year not in self._notes:
                try:
                    self._notes[year] = self.holidays.notes(year)
                except Exception:  # holiday names are a nicety: the calendar works without them
                    log.exception("holiday names for %s could not be worked out", year)
                    self._notes[year] = {}
            notes.update(self._notes[year])
        return notes

    def _grid_years(self) -> list[int]:
        first = first_grid_day(self.year, self.month)
        return sorted({first.year, (first + dt.timedelta(days=7 * WEEKS - 1)).year})

    def _start_holidays(self) -> None:
        if self.holidays_state != HOLIDAYS_WAITING:
            return
        self.holidays_state = HOLIDAYS_LOADING
        holidays, years = self.holidays, self._grid_years()
        run_in_background(lambda: {year: holidays.notes(year) for year in years},
                          self._holidays_arrived, self._holidays_failed, self)

    def _holidays_arrived(self, notes: dict[int, dict[dt.date, DayNote]]) -> None:
        self._notes.update(notes)
        self.holidays_state = HOLIDAYS_READY
        self._show_month()

    def _holidays_failed(self, error: BaseException) -> None:
        log.error("holiday names could not be loaded; the calendar shows none", exc_info=error)
        self.holidays_state = HOLIDAYS_FAILED

    def _day_chosen(self, day: dt.date) -> None:
        self.selected_day = day
        if not self.whole_month.isChecked():
            self._fill_day_list()
        self._update_actions()

    def _meeting_clicked(self, meeting_id: int) -> None:
        row = self.day_model.row_of(meeting_id)
        if row is not None:
            self.day_table.selectRow(row)
            self.day_table.scrollTo(self.day_model.index(row, 0))

    def _fill_day_list(self, keep_id: int | None = None) -> None:
        whole = self.whole_month.isChecked()
        if whole:
            last = calendar.monthrange(self.year, self.month)[1]
            days = [dt.date(self.year, self.month, d) for d in range(1, last + 1)]
            heading = month_title(self.year, self.month)
        else:
            days, day = [self.selected_day], self.selected_day
            heading = _("{month}/{day}, {weekday}").format(month=day.month, day=day.day, weekday=weekday_name(day))
        rows = [r for d in days for r in self._by_day.get(d, ())]
        self.day_model.set_rows(rows)
        self.day_table.setColumnHidden(COLUMN_KEYS.index("date"), not whole)
        self.day_label.setText(f"<b>{escape(heading)}</b>&nbsp;&nbsp;"
                               + escape(_("Meetings: {count}").format(count=len(rows))))
        row = self.day_model.row_of(keep_id) if keep_id is not None else None
        if row is not None:
            self.day_table.selectRow(row)
        self.month_view.set_current_meeting(keep_id if row is not None else None)

    # -- selection ----------------------------------------------------------------------------
    def current_meeting(self) -> MeetingRow | None:
        """The meeting chosen on the page shown: in the year list, or the day's list."""
        year = self.pages.currentIndex() == YEAR_PAGE
        table, model = (self.year_table, self.year_model) if year else (self.day_table, self.day_model)
        rows = table.selectionModel().selectedRows()
        return model.meeting(rows[0].row()) if rows else None

    def _current_id(self) -> int | None:
        row = self.current_meeting()
        return row.id if row is not None else None

    def _day_row_changed(self, *_args: object) -> None:
        rows = self.day_table.selectionModel().selectedRows()
        self.month_view.set_current_meeting(self.day_model.meeting_id(rows[0].row()) if rows else None)
        self._update_actions()

    def _page_changed(self, page: int) -> None:
        if page == YEAR_PAGE and not self.year_table.selectionModel().hasSelection():
            # Start where the year is now: the coming meetings, not January's.
            shown = self.year_model.shown()
            row = next((n for n, r in enumerate(shown) if r.starts_at.date() >= self.today), len(shown) - 1)
            if row >= 0:
                self.year_table.scrollTo(self.year_model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        self._update_actions()

    def _update_actions(self) -> None:
        self.actions.selection_changed(self.current_meeting())

    def select_meeting(self, meeting_id: int) -> bool:
        """Show a meeting's month and day and choose it, clearing filters that hide it."""
        row = next((r for r in self.rows if r.id == meeting_id), None)
        if row is None:
            return False
        if not self.current_filter().matcher(ignore_year=True)(row):
            self.filters.clear()
        day = row.starts_at.date()
        self.year, self.month, self.selected_day = day.year, day.month, day
        if self.filters.year.currentData() not in (None, row.year):
            self._fill_year_filter(row.year)
        self._apply_filter(meeting_id)
        return True

    def _popup(self, widget: QWidget, pos: QPoint) -> None:
        self._menu = self.actions.context_menu()
        self._menu.popup(widget.mapToGlobal(pos))  # not exec(): nothing waits on it

    def branch_choice(self) -> int | None:
        """The branch chosen in the filter: a new meeting or a check is for it."""
        return self.filters.branch.currentData()

    def year_choice(self) -> int:
        return self.filters.year.currentData() or self.year

    # -- state --------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        splitter = self.prefs.geometry("calendarSplitter")
        if splitter is None or not self.splitter.restoreState(splitter):
            self.splitter.setSizes([780, 500])
        for key, table in (("calendarYearHeader", self.year_table), ("calendarDayHeader", self.day_table)):
            state = self.prefs.geometry(key)
            if state is not None:
                table.horizontalHeader().restoreState(state)
        self._day_columns()
        page = self.prefs.geometry("calendarPage")
        if page is not None and bytes(page.data()) in (b"0", b"1"):
            self.pages.setCurrentIndex(int(bytes(page.data())))

    def _day_columns(self) -> None:
        """The day's list is narrow: no counts (they are in the year list), and the topic
        straight after the time, so what scrolls away is the detail (whatever a saved state says)."""
        header = self.day_table.horizontalHeader()
        for key in ("expected", "present"):
            self.day_table.setColumnHidden(COLUMN_KEYS.index(key), True)
        for place, key in enumerate(("date", "time", "title")):
            header.moveSection(header.visualIndex(COLUMN_KEYS.index(key)), place)

    def save_state(self) -> None:
        self.prefs.set_geometry("calendarSplitter", self.splitter.saveState())
        self.prefs.set_geometry("calendarYearHeader", self.year_table.horizontalHeader().saveState())
        self.prefs.set_geometry("calendarDayHeader", self.day_table.horizontalHeader().saveState())
        self.prefs.set_geometry("calendarPage", QByteArray(str(self.pages.currentIndex()).encode()))
