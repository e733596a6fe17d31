"""生成年度计划: the meetings each branch must still hold in a year, proposed on working days,
ticked off and created as 计划 in one go."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.errors import UserError
from djdesk.domain.holidays import HolidayCalendar
from djdesk.domain.meeting_plan import Proposal
from djdesk.domain.meetings import meeting_label
from djdesk.i18n import N_, _, current_language
from djdesk.services import compliance
from djdesk.services import settings as settings_service
from djdesk.store.database import Database
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.background import run_in_background
from djdesk.ui.events import AppEvents

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
COLUMNS = ("date", "time", "branch", "kind", "title", "note")
MOVED_COLOUR = QColor("#8a5a00")
# Changes that alter what is still to be planned.
RELOAD_ON = {kinds.MEETINGS, kinds.SETTINGS, kinds.BRANCHES, kinds.PEOPLE}


def day_text(day: dt.date) -> str:
    return f"{day:%Y-%m-%d} {_(WEEKDAYS[day.weekday()])}"


def month_day(day: dt.date) -> str:
    return _("{month}/{day}").format(month=day.month, day=day.day)


def kind_text(proposal: Proposal) -> str:
    if not proposal.also:
        return proposal.kind.label
    return _("{kind}, also {also}").format(kind=proposal.kind.label,
                                          also=_(", ").join(k.label for k in proposal.also))


def note_text(proposal: Proposal) -> str:
    notes = []
    moved = proposal.moved_from
    if moved is not None:
        notes.append(_("usually {date}; moved off a holiday or weekend").format(date=month_day(moved)))
    if proposal.lecturer_id is not None:
        notes.append(_("given by the branch secretary"))
    return _("; ").join(notes)


def proposal_key(proposal: Proposal) -> tuple[object, ...]:
    return (proposal.kind, proposal.branch_id, proposal.group_id, proposal.title)


class PlanDialog(QDialog):
    """Shown with `open()`; the proposals are read after the holiday calendar has loaded."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, year: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.events, self.asker = db, events, asker
        self.setObjectName("planDialog")
        self.setWindowTitle(_("Plan the year's meetings"))
        self.calendar = HolidayCalendar(english=current_language() == "en")
        self.proposals: list[Proposal] = []
        self.unticked: set[tuple[object, ...]] = set()  # kept across a refresh
        self._generation = 0
        self.busy_work = False
        with db.transaction() as session:
            theme_day = settings_service.load(session).theme_day
        today = db.clock.today()

        self.year = QSpinBox()
        self.year.setObjectName("planYear")
        # Plans are made for this year and, from December, the next; meetings are dated at
        # most two years ahead.
        self.year.setRange(min(year, today.year - 1), max(year, today.year + 1))
        self.year.setValue(year)
        self.year.setKeyboardTracking(False)
        self.year.valueChanged.connect(lambda _value: self.refresh())
        self.theme_day = QSpinBox()
        self.theme_day.setObjectName("planThemeDay")
        self.theme_day.setRange(1, 28)  # every month has it
        self.theme_day.setValue(min(max(theme_day, 1), 28))
        self.theme_day.setPrefix(_("day "))
        self.theme_day.setSuffix(_(" of the month"))
        self.theme_day.setKeyboardTracking(False)
        self.theme_day.valueChanged.connect(lambda _value: self.refresh())
        again = QPushButton(_("Propose again"))
        again.setObjectName("planRefresh")
        again.clicked.connect(self.refresh)
        year_label, day_label = QLabel(_("Year:")), QLabel(_("Theme party day:"))
        year_label.setBuddy(self.year)
        day_label.setBuddy(self.theme_day)
        top = QHBoxLayout()
        for widget in (year_label, self.year, day_label, self.theme_day, again):
            top.addWidget(widget)
            if widget is self.year:
                top.addSpacing(16)
        top.addStretch(1)

        self.intro = QLabel()
        self.intro.setObjectName("planIntro")
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("planTable")
        self.table.setHorizontalHeaderLabels([
            _("Date"), _("Time"), meeting_label("branch_id"), meeting_label("kind"), meeting_label("title"),
            _("Details")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        vertical = self.table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMNS.index("title"), QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._ticked)
        self.empty = QLabel()
        self.empty.setObjectName("planEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #1b6e2a; font-size: 14px; padding: 40px;")
        self.empty.hide()
        self.busy = QProgressBar()
        self.busy.setObjectName("planBusy")
        self.busy.setRange(0, 0)
        self.busy.setFormat(_("Reading the holiday calendar…"))
        self.busy.setTextVisible(True)
        self.busy.hide()

        self.count = QLabel()
        self.count.setObjectName("planCount")
        all_on, all_off = QPushButton(_("Select all")), QPushButton(_("Select none"))
        all_on.setObjectName("planSelectAll")
        all_off.setObjectName("planSelectNone")
        all_on.clicked.connect(lambda: self._tick_all(True))
        all_off.clicked.connect(lambda: self._tick_all(False))
        self.create_button = QPushButton(_("Create the chosen plans"))
        self.create_button.setObjectName("planCreate")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create)
        close = QPushButton(_("Close"))
        close.setObjectName("planClose")
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(all_on)
        bottom.addWidget(all_off)
        bottom.addSpacing(12)
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.create_button)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.intro)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(bottom)
        self.resize(1040, 620)
        events.changed.connect(self._data_changed)
        self.refresh()

    # -- proposing ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Propose again. The first calendar of a run imports the holidays library (about half
        a second), so the calendar is read off the window's thread; the database stays on it."""
        self._generation += 1
        generation, year = self._generation, self.year.value()
        self._set_busy(True)
        run_in_background(lambda: self.calendar.notes(year),
                          lambda _notes: self._calendar_ready(generation),
                          lambda error: self._failed(generation, error), self)

    def _calendar_ready(self, generation: int) -> None:
        if generation != self._generation:
            return  # the year or day changed meanwhile: a later run shows its own
        try:
            with self.db.transaction() as session:
                proposals = compliance.propose_plan(
                    session, self.year.value(), calendar=self.calendar, today=self.db.clock.today(),
                    theme_day=self.theme_day.value())
        except UserError as error:
            self._failed(generation, error)
            return
        self._set_busy(False)
        self._show(proposals)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._set_busy(False)
        if isinstance(error, UserError):
            self.asker.error(self, error.message)
        else:
            raise error  # a bug: the crash dialog shows it

    def _set_busy(self, busy: bool) -> None:
        self.busy_work = busy
        self.busy.setVisible(busy)
        self.create_button.setEnabled(not busy and self._chosen_count() > 0)

    def _data_changed(self, kind: str) -> None:
        if kind in RELOAD_ON and self.isVisible():
            self.refresh()

    def _show(self, proposals: list[Proposal]) -> None:
        self.proposals = proposals
        year = self.year.value()
        self.intro.setText(_(
            "The meetings each branch must still hold in {year}, on working days (statutory holidays "
            "and weekends avoided). Periods already covered by a planned or held meeting are left out; "
            "the secretary gives one of the party lectures.").format(year=year))
        self.table.blockSignals(True)
        self.table.setRowCount(len(proposals))
        for row, proposal in enumerate(proposals):
            texts = (day_text(proposal.starts_at.date()),
                     f"{proposal.starts_at:%H:%M}–{proposal.ends_at:%H:%M}",
                     proposal.branch, kind_text(proposal), proposal.title, note_text(proposal))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    ticked = proposal_key(proposal) not in self.unticked
                    item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
                if column == COLUMNS.index("note") and proposal.moved_from is not None:
                    item.setForeground(MOVED_COLOUR)
                if column >= COLUMNS.index("kind"):
                    item.setToolTip(text)  # in full where the column is too narrow
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self._fit_columns()
        nothing = not proposals
        self.table.setVisible(not nothing)
        self.empty.setVisible(nothing)
        self.empty.setText(_("All meetings the branches must hold in {year} are planned or held.").format(year=year))
        self._count_changed()

    def _fit_columns(self) -> None:
        """Each column as wide as its text, the long ones capped so the topic keeps its room."""
        self.table.resizeColumnsToContents()
        for key, limit in (("kind", 240), ("note", 280)):
            column = COLUMNS.index(key)
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), limit))

    # -- choosing -----------------------------------------------------------------------------
    def is_ticked(self, row: int) -> bool:
        return self.table.item(row, 0).checkState() == Qt.CheckState.Checked

    def set_ticked(self, row: int, ticked: bool) -> None:
        self.table.item(row, 0).setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def chosen(self) -> list[Proposal]:
        return [p for row, p in enumerate(self.proposals) if self.is_ticked(row)]

    def _chosen_count(self) -> int:
        return sum(1 for row in range(len(self.proposals)) if self.is_ticked(row))

    def _tick_all(self, ticked: bool) -> None:
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            self.set_ticked(row, ticked)
        self.table.blockSignals(False)
        self.unticked = set() if ticked else {proposal_key(p) for p in self.proposals}
        self._count_changed()

    def _ticked(self, item: QTableWidgetItem) -> None:
        if item.column() != 0 or item.row() >= len(self.proposals):
            return
        key = proposal_key(self.proposals[item.row()])
        if item.checkState() == Qt.CheckState.Checked:
            self.unticked.discard(key)
        else:
            self.unticked.add(key)
        self._count_changed()

    def _count_changed(self) -> None:
        chosen = self._chosen_count()
        self.count.setText(_("{total} proposed, {chosen} chosen").format(total=len(self.proposals), chosen=chosen))
        self.create_button.setEnabled(chosen > 0 and not self.busy_work)

    # -- creating -----------------------------------------------------------------------------
    def create(self) -> None:
        chosen = self.chosen()
        if not chosen or self.busy_work:
            return
        if not self.asker.confirm(self, _("Create {count} planned meetings?").format(count=len(chosen)),
                                  action=_("Create")):
            return
        try:
            with self.db.transaction() as session:
                created = compliance.create_plan(session, chosen, calendar=self.calendar,
                                                 theme_day=self.theme_day.value(), now=self.db.clock.now())
        except UserError as error:
            self.asker.error(self, error.message)
            return
        self.asker.info(self, _("{count} planned meetings created.").format(count=created))
        self.events.changed.emit(kinds.MEETINGS)  # this dialog too proposes again, on the signal
