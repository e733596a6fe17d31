"""The statistics dialog: today's breakdowns, the 党内统计年报 of a year, and both to Excel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.clock import Clock
from djdesk.domain.stats import (
    AnnualReport,
    Breakdown,
    Row,
    Statistics,
    as_of_note,
    balance_notes,
    movement_rows,
    scope_note,
    summary_rows,
)
from djdesk.i18n import _
from djdesk.services import settings as settings_service
from djdesk.services import stats as stats_service
from djdesk.store.database import Database
from djdesk.ui.asker import Asks, ask_save_path

INDENT = "　　"  # two ideographic spaces: a row that is part of the one above (其中)
# The first tab's breakdowns in four columns, each column's tables stacked (a grid would give
# every table of a row the height of the tallest, 政治面貌's thirteen lines).
LAYOUT = (("political_status", "sex"), ("stage", "branch"), ("ethnicity", "education"),
          ("age", "party_years"))
FIRST_YEAR = 1950
BALANCED_STYLE, UNBALANCED_STYLE = "color: #1b6e2a;", "color: #b00020; font-weight: bold;"
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def default_year(today: dt.date) -> int:
    """The last year that has ended; in December the office already prepares this year's."""
    return today.year if today.month == 12 else today.year - 1


class FigureTable(QTableWidget):
    """A small read-only table sized to its contents: never a scroll bar, never a cut word."""

    def __init__(self, name: str, headers: list[str]) -> None:
        super().__init__(0, len(headers))
        self.setObjectName(name)
        self.setHorizontalHeaderLabels(headers)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        vertical = self.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def set_lines(self, lines: list[tuple[str, ...]], *, total_last: bool = False) -> None:
        """One line per row: the item, then figures (right-aligned); a bold last line for 合计."""
        self.setRowCount(len(lines))
        bold = QFont(self.font())
        bold.setBold(True)
        for row, line in enumerate(lines):
            for column, text in enumerate(line):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(_RIGHT)
                if total_last and row == len(lines) - 1:
                    item.setFont(bold)
                self.setItem(row, column, item)
        self._fit()

    def _fit(self) -> None:
        self.resizeColumnsToContents()
        frame = 2 * self.frameWidth()
        header = self.horizontalHeader()
        widths = [max(self.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(self.columnCount())]
        self.setMinimumWidth(sum(widths) + 12 * self.columnCount() + frame)
        self.setFixedHeight(header.sizeHint().height() + self.verticalHeader().length() + frame)


def _share(count: int, total: int) -> str:
    return f"{count / total:.1%}" if total else "—"


def _item(row: Row) -> str:
    return INDENT * row.indent + row.label.text()


def breakdown_lines(breakdown: Breakdown) -> list[tuple[str, ...]]:
    lines = [(_item(row), str(row.count), _share(row.count, breakdown.total)) for row in breakdown.rows]
    lines.append((_("Total"), str(breakdown.total), _share(breakdown.total, breakdown.total)))
    return lines


class StatisticsDialog(QDialog):
    """Shown with `open()` or `show()`; it asks nothing itself except through the Asker."""

    def __init__(self, db: Database, clock: Clock, asker: Asks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.clock, self.asker = db, clock, asker
        self.setObjectName("statisticsDialog")
        self.setWindowTitle(_("Party membership statistics"))
        self.school = ""
        self.statistics: Statistics | None = None
        self.report: AnnualReport | None = None
        self.tables: dict[str, FigureTable] = {}

        self.tabs = QTabWidget()
        self.tabs.setObjectName("statisticsTabs")
        self.tabs.addTab(self._current_page(), _("By category"))
        self.tabs.addTab(self._annual_page(), _("Annual report"))
        export = QPushButton(_("Export to Excel…"))
        export.setObjectName("exportStatistics")
        export.clicked.connect(self.export)
        close = QPushButton(_("Close"))
        close.setObjectName("closeStatistics")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(export)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.reload()
        self._fit_to_contents()

    def _fit_to_contents(self) -> None:
        """Wide enough for the tables side by side (English labels are long), within the screen."""
        pages = [self.tabs.widget(i) for i in range(self.tabs.count())]
        wanted = max(page.widget().sizeHint().width() for page in pages) + 60  # type: ignore[attr-defined]
        screen = (self.parentWidget() or self).screen().availableGeometry()
        self.resize(max(min(wanted, screen.width() - 40), 800), min(720, screen.height() - 40))

    # -- the pages --------------------------------------------------------------------------------
    @staticmethod
    def _scrolled(content: QWidget) -> QScrollArea:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        return scroll

    def _group(self, key: str, headers: list[str]) -> QGroupBox:
        box = QGroupBox()
        box.setObjectName(f"statsGroup_{key}")
        table = self.tables[key] = FigureTable(f"statsTable_{key}", headers)
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        QVBoxLayout(box).addWidget(table)
        return box

    def _current_page(self) -> QWidget:
        page = QWidget()
        self.scope = QLabel()
        self.scope.setObjectName("statisticsScope")
        self.scope.setWordWrap(True)
        self.current_columns = QHBoxLayout()
        layout = QVBoxLayout(page)
        layout.addWidget(self.scope)
        layout.addLayout(self.current_columns, 1)
        return self._scrolled(page)

    def _annual_page(self) -> QWidget:
        page = QWidget()
        self.year = QSpinBox()
        self.year.setObjectName("reportYear")
        self.year.setRange(FIRST_YEAR, self.clock.today().year)
        self.year.setValue(default_year(self.clock.today()))
        self.year.setKeyboardTracking(False)  # a report per finished number, not per keystroke
        self.year.valueChanged.connect(lambda _year: self.show_report())
        self.as_of = QLabel()
        self.as_of.setObjectName("reportAsOf")
        year_label = QLabel(_("Year:"))
        year_label.setBuddy(self.year)
        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year)
        top.addSpacing(16)
        top.addWidget(self.as_of, 1)
        self.balance = QLabel()
        self.balance.setObjectName("reportBalance")
        self.balance.setWordWrap(True)
        self.balance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        figures, count = [_("Item"), _("Count")], [_("Item"), _("Count"), _("Share")]
        self.summary_box = self._group("report_summary", figures)
        self.movements_box = self._group("report_movements", figures)
        grid = QGridLayout()
        top_left = Qt.AlignmentFlag.AlignTop
        grid.addWidget(self.summary_box, 0, 0, top_left)
        grid.addWidget(self.movements_box, 0, 1, top_left)
        grid.addWidget(self.balance, 1, 0, 1, 2)
        grid.addWidget(self._group("report_age", count), 2, 0, top_left)
        grid.addWidget(self._group("report_education", count), 2, 1, top_left)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(3, 1)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addLayout(grid, 1)
        return self._scrolled(page)

    # -- showing the figures ------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the figures again (the lead may connect this to the data-changed signal)."""
        with self.db.transaction() as session:
            self.school = settings_service.load(session).school_name
            self.statistics, report = stats_service.current_and_annual(
                session, self.year.value(), today=self.clock.today())
        self._show_current(self.statistics)
        self._show_report(report)

    def _show_current(self, statistics: Statistics) -> None:
        self.scope.setText(scope_note(statistics).text())
        if not any(key.startswith("current_") for key in self.tables):
            self._place_current([b.key for b in statistics.breakdowns])
        for breakdown in statistics.breakdowns:
            table = self.tables[f"current_{breakdown.key}"]
            table.parentWidget().setTitle(_(breakdown.title))  # type: ignore[attr-defined]
            table.set_lines(breakdown_lines(breakdown), total_last=True)

    def _place_current(self, keys: list[str]) -> None:
        headers = [_("Item"), _("Count"), _("Share")]
        columns = [[key for key in column if key in keys] for column in LAYOUT]
        columns[-1] += [key for key in keys if not any(key in column for column in LAYOUT)]
        for column in columns:
            stack = QVBoxLayout()
            for key in column:
                stack.addWidget(self._group(f"current_{key}", headers))
            stack.addStretch(1)
            self.current_columns.addLayout(stack, 1)

    def show_report(self) -> None:
        """The report of the year chosen."""
        with self.db.transaction() as session:
            report = stats_service.annual(session, self.year.value(), today=self.clock.today())
        self._show_report(report)

    def _show_report(self, report: AnnualReport) -> None:
        self.report = report
        self.as_of.setText(as_of_note(report).text())
        self.summary_box.setTitle(_("Membership"))
        self.tables["report_summary"].set_lines([(_item(row), str(row.count)) for row in summary_rows(report)])
        self.movements_box.setTitle(_("Movements in {year}").format(year=report.year))
        self.tables["report_movements"].set_lines([
            (f"{sign} {_item(row)}" if sign else _item(row), str(row.count))
            for sign, row in movement_rows(report)])
        self.balance.setText("\n".join(note.text() for note in balance_notes(report)))
        self.balance.setStyleSheet(BALANCED_STYLE if report.difference == 0 else UNBALANCED_STYLE)
        for key, breakdown in (("report_age", report.age), ("report_education", report.education)):
            table = self.tables[key]
            table.parentWidget().setTitle(_(breakdown.title))  # type: ignore[attr-defined]
            table.set_lines(breakdown_lines(breakdown), total_last=True)

    # -- Excel ----------------------------------------------------------------------------------
    def export(self) -> None:
        today, year = self.clock.today(), self.year.value()
        suggested = Path.home() / f"{self.school}党员统计-{year}年报-{today:%Y-%m-%d}.xlsx"
        path = ask_save_path(self.asker, self, _("Export statistics"), suggested, _("Excel workbook (*.xlsx)"))
        if path is None:
            return
        try:
            with self.db.transaction() as session:
                stats_service.export(session, path, year, today=today)
        except OSError as error:  # a read-only folder, a file open in Excel (Windows), a full disk
            self.asker.error(self, _("The file {path} could not be written: {error}").format(
                path=path, error=error.strerror or error))
            return
        self.asker.info(self, _("Statistics exported to {path}.").format(path=path))
