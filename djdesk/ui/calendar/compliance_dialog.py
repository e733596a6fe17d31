"""落实情况: a branch's required meetings month by month (held, missed, due, to come) and its
谈心谈话 of the year."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.compliance import Cell, CellState, Row, per_year_label
from djdesk.i18n import N_, _
from djdesk.services import branches as branch_service
from djdesk.services import compliance
from djdesk.services.compliance import BranchCompliance
from djdesk.store.database import Database
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.events import AppEvents

MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"), N_("Aug"),
          N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))
FIRST_MONTH_COLUMN = 3
# Background and text colour of each state: green held, red missed, amber running, grey to come.
COLOURS = {
    CellState.DONE: ("#dff3e3", "#1b6e2a"),
    CellState.BEHIND: ("#fbe0e0", "#b00020"),
    CellState.DUE: ("#fff1cc", "#8a5a00"),
    CellState.FUTURE: ("#f2f2f2", "#6b6b6b"),
}
LEGEND = (
    (CellState.DONE, N_("✓ held")),
    (CellState.BEHIND, N_("Not held, period over")),
    (CellState.DUE, N_("To hold, period running")),
    (CellState.FUTURE, N_("Period not begun")),
)
RELOAD_ON = {kinds.MEETINGS, kinds.TALKS, kinds.PEOPLE, kinds.SETTINGS, kinds.BRANCHES}
FIRST_YEAR = 2000


def cell_text(cell: Cell) -> str:
    planned = _("planned {count}").format(count=cell.planned) if cell.planned else ""
    if cell.state is CellState.DONE:
        return "✓" if cell.held == 1 else f"✓ {cell.held}"
    if cell.state is CellState.BEHIND:
        return _("Not held")
    if cell.state is CellState.DUE:
        return "\n".join(t for t in (_("To hold"), planned) if t)
    return planned


def cell_tip(row: Row, cell: Cell) -> str:
    return _("{kind}, {period}: held {held}, planned {planned}; due by {deadline}").format(
        kind=row.label, period=cell.period.label, held=cell.held, planned=cell.planned,
        deadline=f"{cell.deadline:%Y-%m-%d}")


class ComplianceDialog(QDialog):
    """Shown with `open()` or `show()`; it reloads itself when meetings, talks or settings change."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, year: int, branch_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.events, self.asker = db, events, asker
        self.setObjectName("complianceDialog")
        self.setWindowTitle(_("Meetings held against requirements"))
        self.result: BranchCompliance | None = None
        today = db.clock.today()

        self.year = QSpinBox()
        self.year.setObjectName("complianceYear")
        self.year.setRange(min(year, FIRST_YEAR), max(year, today.year + 1))
        self.year.setValue(year)
        self.year.setKeyboardTracking(False)
        self.year.valueChanged.connect(lambda _value: self.reload())
        self.branch = QComboBox()
        self.branch.setObjectName("complianceBranch")
        self.branch.setMinimumWidth(160)
        self.branch.currentIndexChanged.connect(lambda _index: self.reload())
        year_label, branch_label = QLabel(_("Year:")), QLabel(_("Branch:"))
        year_label.setBuddy(self.year)
        branch_label.setBuddy(self.branch)
        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year)
        top.addSpacing(16)
        top.addWidget(branch_label)
        top.addWidget(self.branch)
        top.addStretch(1)

        self.summary = QLabel()
        self.summary.setObjectName("complianceSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.grid = QTableWidget(0, FIRST_MONTH_COLUMN + 12)
        self.grid.setObjectName("complianceGrid")
        self.grid.setHorizontalHeaderLabels([_("Item"), _("Required"), _("Held"), *(_(m) for m in MONTHS)])
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.grid.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.grid.setShowGrid(True)
        vertical = self.grid.verticalHeader()
        vertical.hide()
        # Heights set per row (one or two lines): resizing to contents skips spanned cells
        # and follows the tall fallback font of "✓".
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for column in range(FIRST_MONTH_COLUMN, FIRST_MONTH_COLUMN + 12):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        # A month is never narrower than its longest word: a scroll bar rather than "已计…".
        widest = max(_("Not held"), _("To hold"), _("planned {count}").format(count=9),
                     key=self.grid.fontMetrics().horizontalAdvance)
        header.setMinimumSectionSize(self.grid.fontMetrics().horizontalAdvance(widest) + 14)
        self.talks = QLabel()
        self.talks.setObjectName("complianceTalks")
        self.talks.setWordWrap(True)
        self.talks_missing = QLabel()
        self.talks_missing.setObjectName("complianceTalksMissing")
        self.talks_missing.setWordWrap(True)
        self.talks_missing.setStyleSheet("color: #b00020;")
        self.talks_missing.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QPushButton(_("Close"))
        close.setObjectName("complianceClose")
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addLayout(self._legend(), 1)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.grid, 1)
        heading = QLabel(_("Heart-to-heart talks"))
        heading.setStyleSheet("font-weight: bold; margin-top: 6px;")
        layout.addWidget(heading)
        layout.addWidget(self.talks)
        layout.addWidget(self.talks_missing)
        layout.addLayout(bottom)
        self._load_branches(branch_id)
        self._fit()
        events.changed.connect(self._data_changed)

    def _fit(self) -> None:
        """As tall as the grid of the branch shown, so no empty band sits under it."""
        grid = self.grid
        content = grid.horizontalHeader().sizeHint().height() + grid.verticalHeader().length() + 2 * grid.frameWidth()
        screen = (self.parentWidget() or self).screen().availableGeometry()
        grid.setMinimumHeight(min(max(content, 200), screen.height() - 260))
        self.resize(min(1100, screen.width() - 40), min(self.sizeHint().height(), screen.height() - 40))
        grid.setMinimumHeight(160)  # the user may still make it smaller

    @staticmethod
    def _legend() -> QHBoxLayout:
        line = QHBoxLayout()
        for state, text in LEGEND:
            background, colour = COLOURS[state]
            sample = QLabel(_(text))
            sample.setStyleSheet(f"background: {background}; color: {colour}; border: 1px solid #cccccc; "
                                 "padding: 2px 8px;")
            line.addWidget(sample)
        line.addStretch(1)
        return line

    # -- loading ------------------------------------------------------------------------------
    def branch_id(self) -> int | None:
        return self.branch.currentData()

    def _load_branches(self, wanted: int | None = None) -> None:
        with self.db.transaction() as session:
            branches = branch_service.list_branches(session)
        current = wanted if wanted is not None else self.branch_id()
        self.branch.blockSignals(True)
        self.branch.clear()
        for branch in branches:
            self.branch.addItem(branch.name, branch.id)
        self.branch.setCurrentIndex(max(self.branch.findData(current), 0))
        self.branch.blockSignals(False)
        self.reload()

    def _data_changed(self, kind: str) -> None:
        if kind in (kinds.BRANCHES, kinds.SETTINGS):
            self._load_branches()
        elif kind in RELOAD_ON:
            self.reload()

    def reload(self) -> None:
        branch_id = self.branch_id()
        if branch_id is None:
            self.result = None
            self.grid.clearSpans()
            self.grid.setRowCount(0)
            self.summary.setText(escape(_("There is no party branch yet: add one in 设置.")))
            self.talks.clear()
            self.talks_missing.clear()
            return
        with self.db.transaction() as session:
            self.result = compliance.branch_compliance(session, self.year.value(), branch_id,
                                                       today=self.db.clock.today())
        self._show(self.result)

    # -- showing ------------------------------------------------------------------------------
    def _show(self, result: BranchCompliance) -> None:
        grid = self.grid
        grid.clearSpans()
        grid.clearContents()
        grid.setRowCount(len(result.rows))
        bold = QFont(grid.font())
        bold.setBold(True)
        for index, row in enumerate(result.rows):
            label = QTableWidgetItem(row.label)
            if row.group_id is None and not row.secretary_lecture:
                label.setFont(bold)
            grid.setItem(index, 0, label)
            grid.setItem(index, 1, self._centred(per_year_label(row.per_year)))
            grid.setItem(index, 2, self._centred(str(row.held)))
            months = 12 // row.per_year
            for cell in row.cells:
                column = FIRST_MONTH_COLUMN + cell.period.index * months
                item = self._centred(cell_text(cell))
                background, colour = COLOURS[cell.state]
                item.setBackground(QColor(background))
                item.setForeground(QColor(colour))
                item.setToolTip(cell_tip(row, cell))
                item.setData(Qt.ItemDataRole.UserRole, cell.state.value)
                grid.setItem(index, column, item)
                if months > 1:
                    grid.setSpan(index, column, 1, months)
            lines = max((cell_text(c).count("\n") + 1 for c in row.cells), default=1)
            grid.setRowHeight(index, lines * grid.fontMetrics().height() + 10)
        self._show_summary(result)
        self._show_talks(result)

    def _show_summary(self, result: BranchCompliance) -> None:
        behind = sum(row.behind for row in result.rows)
        due = sum(1 for row in result.rows for cell in row.cells
                  if cell.state is CellState.DUE and not cell.planned)
        if not result.rows:
            self.summary.setText(escape(_("No meetings are required (see 设置 → meeting requirements).")))
            return
        red, green, amber = (COLOURS[s][1] for s in (CellState.BEHIND, CellState.DONE, CellState.DUE))
        # Messages outside the f-strings: Babel does not look inside them.
        if behind:
            verdict, colour = _("{count} behind").format(count=behind), red
        else:
            verdict, colour = _("All held as required"), green
        parts = [f'<b style="color: {colour}">{escape(verdict)}</b>']
        if due:
            text = _("{count} still to hold in the running period, not yet planned").format(count=due)
            parts.append(f'<span style="color: {amber}">{escape(text)}</span>')
        self.summary.setText(escape(_("; ")).join(parts))

    def _show_talks(self, result: BranchCompliance) -> None:
        check = result.talks
        self.talks.setText(_("Talked with {talked} of {members} members").format(
            talked=check.talked, members=check.members))
        if check.missing:
            self.talks_missing.setText(_("Not yet talked with: {names}").format(
                names=_(", ").join(name for _id, name in check.missing)))
        elif check.members:
            self.talks_missing.setText(_("Every member has had a talk this year."))
        else:
            self.talks_missing.clear()
        self.talks_missing.setStyleSheet("color: #b00020;" if check.missing else "color: #1b6e2a;")

    @staticmethod
    def _centred(text: str) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        return item
