"""导入花名册: choose the file and sheet, check the column mapping and every problem, then import
all rows, or (as an explicit second choice) only the rows without problems."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.errors import UserError
from djdesk.i18n import _
from djdesk.services import import_runs, roster_import
from djdesk.services.roster_import import ImportPlan, ImportResult
from djdesk.sheets import cells, roster, workbook
from djdesk.store.database import Database
from djdesk.ui.asker import Asks
from djdesk.ui.background import run_in_background

SAMPLE_ROWS = 8
FIELDS = tuple(roster.HEADERS)


@dataclass(frozen=True)
class _Reading:
    sheet: workbook.SheetData
    parsed: roster.ParsedRoster
    plan: ImportPlan


class ImportDialog(QDialog):
    imported = Signal(object)  # the ImportResult

    def __init__(self, db: Database, data_dir: Path, asker: Asks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.data_dir, self.asker = db, data_dir, asker
        self.reading: _Reading | None = None
        self.busy_work = False
        self.setObjectName("importDialog")
        self.setWindowTitle(_("Import roster"))
        self.pages = QStackedWidget()
        self.pages.addWidget(self._choose_page())
        self.pages.addWidget(self._preview_page())
        self.pages.addWidget(self._done_page())
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.busy)
        self.resize(980, 640)

    # -- page 1: the file and the sheet ----------------------------------------------------
    def _choose_page(self) -> QWidget:
        self.path = QLineEdit()
        self.path.setObjectName("importPath")
        self.path.setReadOnly(True)
        browse = QPushButton(_("Choose file…"))
        browse.setObjectName("chooseFile")
        browse.clicked.connect(self.choose_file)
        self.sheet = QComboBox()
        self.sheet.setObjectName("importSheet")
        self.sheet.currentIndexChanged.connect(lambda _index: setattr(self, "reading", None))
        self.read_button = QPushButton(_("Read and check"))
        self.read_button.setObjectName("readSheet")
        self.read_button.setEnabled(False)
        # Not connected directly: `clicked` would pass its checked flag as the mapping.
        self.read_button.clicked.connect(lambda: self.read())
        intro = QLabel(_(
            "Choose an Excel workbook (.xlsx) with one row per person and a header row with "
            "姓名. Nothing is written until you have seen the preview and chosen to import."))
        intro.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(QLabel(_("Sheet:")))
        sheet_row.addWidget(self.sheet, 1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addLayout(sheet_row)
        layout.addStretch(1)
        layout.addWidget(self.read_button, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def choose_file(self) -> None:
        chosen = self.asker.open_file(self, _("Import roster"), _("Excel workbook (*.xlsx);;All files (*)"))
        if chosen is None:
            return

        def listed(names: list[str]) -> None:
            self._work(False)
            self.reading = None  # a new file: nothing of the last one may be reused
            self.path.setText(str(chosen))
            self.sheet.clear()
            self.sheet.addItems(names)
            self.read_button.setEnabled(True)

        def refused(error: BaseException) -> None:
            self._failed(error)
            self.read_button.setEnabled(bool(self.path.text()))

        self._work(True)
        run_in_background(lambda: workbook.sheet_names(chosen), listed, refused, self)

    # -- reading, in the background --------------------------------------------------------
    def _work(self, busy: bool) -> None:
        self.busy_work = busy
        self.busy.setVisible(busy)
        for button in self.findChildren(QPushButton):
            button.setEnabled(not busy and button.property("enabledWhenIdle") is not False)

    def read(self, mapping: tuple[str | None, ...] | None = None) -> None:
        """Read the chosen file and sheet; with a `mapping`, check again the sheet already read
        (only that: choosing another file or sheet clears it)."""
        path, sheet_name = Path(self.path.text()), self.sheet.currentText() or None
        today = self.db.clock.today()
        previous = self.reading if mapping is not None else None

        def work() -> _Reading:
            sheet = previous.sheet if previous is not None else workbook.read_sheet(path, sheet_name)
            header = roster.find_header(sheet)
            columns = mapping or roster.auto_mapping(roster.headers_of(sheet, header))
            parsed = roster.parse(sheet, header, columns, today)
            with self.db.transaction() as session:
                return _Reading(sheet, parsed, roster_import.plan(session, parsed, today))

        self._work(True)
        run_in_background(work, self._read_done, self._failed, self)

    def _read_done(self, reading: _Reading) -> None:
        self._work(False)
        self.reading = reading
        self._show_preview(reading)
        self.pages.setCurrentIndex(1)

    def _failed(self, error: BaseException) -> None:
        self._work(False)
        self._importable(False)  # what is on screen was not checked: it cannot be imported
        if isinstance(error, UserError):
            self.asker.error(self, error.message)
        else:
            raise error  # a bug: the crash dialog shows it

    # -- page 2: the preview ------------------------------------------------------------------
    def _preview_page(self) -> QWidget:
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.sample = QTableWidget()
        self.sample.setObjectName("importSample")
        self.problems = QListWidget()
        self.problems.setObjectName("importProblems")
        self.problems.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setObjectName("importNotes")
        self.notes.setWordWrap(True)
        back = QPushButton(_("Back"))
        back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.import_all = QPushButton(_("Import"))
        self.import_all.setObjectName("importAll")
        self.import_all.clicked.connect(lambda: self.start_import(only_good=False))
        self.import_good = QPushButton()
        self.import_good.setObjectName("importGoodRows")
        self.import_good.clicked.connect(lambda: self.start_import(only_good=True))
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.import_good)
        buttons.addWidget(self.import_all)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(_("Check what each column is imported as (the first rows are shown):")))
        layout.addWidget(self.sample, 3)
        layout.addWidget(QLabel(_("Changes and problems (rows and columns as in the sheet):")))
        layout.addWidget(self.problems, 2)
        layout.addWidget(self.notes)
        layout.addLayout(buttons)
        return page

    def _show_preview(self, reading: _Reading) -> None:
        parsed, plan = reading.parsed, reading.plan
        text = _("Sheet “{sheet}”, header in row {row}.").format(sheet=parsed.sheet, row=parsed.header_row)
        counts = _("New: {new}; updated: {updated}; unchanged: {unchanged}; with problems: {problem}.").format(
            new=plan.count("new"), updated=plan.count("update"), unchanged=plan.count("unchanged"),
            problem=plan.count("problem"))
        created = []
        if plan.new_branches:
            created.append(_("Party branches to create: {names}").format(names="、".join(plan.new_branches)))
        if plan.new_groups:
            created.append(_("Party groups to create: {names}").format(
                names="、".join(f"{b} {g}" for b, g in plan.new_groups)))
        self.summary.setText("\n".join([text, counts, *created]))
        self._fill_sample(reading)
        self.problems.clear()
        for row in plan.rows:
            if row.action == "update":
                self.problems.addItem(_("Row {row} {name}: changes {fields}").format(
                    row=row.excel_row, name=row.name, fields=roster_import.describe_changes(row.changes)))
        problems = plan.problems
        for problem in problems:
            self.problems.addItem(str(problem))
        for index in range(self.problems.count()):
            if index >= self.problems.count() - len(problems):
                self.problems.item(index).setForeground(Qt.GlobalColor.darkRed)
        self.notes.setText("\n".join(parsed.notes))
        good = sum(1 for r in plan.rows if r.action in ("new", "update"))
        self.import_good.setVisible(bool(problems))
        self.import_good.setText(_("Import only the {count} rows without problems…").format(count=good))
        self._importable(True)

    def _importable(self, checked: bool) -> None:
        """The import buttons, enabled only for a mapping that was read and checked."""
        plan = self.reading.plan if self.reading is not None and checked else None
        good = sum(1 for r in plan.rows if r.action in ("new", "update")) if plan else 0
        can_all = plan is not None and not plan.problems and good > 0
        can_good = plan is not None and good > 0
        for button, enabled in ((self.import_all, can_all), (self.import_good, can_good)):
            button.setEnabled(enabled)
            button.setProperty("enabledWhenIdle", enabled)

    def _fill_sample(self, reading: _Reading) -> None:
        parsed, sheet = reading.parsed, reading.sheet
        # The first data rows, numbered as in the sheet, so that each can be found there.
        numbered = [(n, r) for n, r in enumerate(sheet.rows[parsed.header_row:], start=parsed.header_row + 1)
                    if r][:SAMPLE_ROWS]
        data = [r for _n, r in numbered]
        self.sample.clear()
        self.sample.setColumnCount(len(parsed.headers))
        self.sample.setRowCount(len(data) + 1)
        self.sample.setHorizontalHeaderLabels(list(parsed.headers))
        self.sample.setVerticalHeaderLabels([_("Import as"), *[str(n) for n, _r in numbered]])
        for col, key in enumerate(parsed.mapping):
            combo = QComboBox()
            combo.setObjectName(f"mapping_{col}")
            combo.addItem(_("(not imported)"), None)
            for field in FIELDS:
                combo.addItem(roster.label(field), field)
            combo.setCurrentIndex(max(combo.findData(key), 0))
            combo.currentIndexChanged.connect(self._mapping_changed)
            self.sample.setCellWidget(0, col, combo)
            for row, values in enumerate(data, start=1):
                value = values[col] if col < len(values) else None
                shown = value.strftime("%Y-%m-%d") if isinstance(value, dt.datetime) else cells.text(value)
                self.sample.setItem(row, col, QTableWidgetItem(shown))
        self.sample.resizeColumnsToContents()

    def mapping(self) -> tuple[str | None, ...]:
        return tuple(self.sample.cellWidget(0, c).currentData() for c in range(self.sample.columnCount()))

    def _mapping_changed(self) -> None:
        chosen = self.mapping()
        taken = [f for f in chosen if f]
        if len(taken) != len(set(taken)):
            self._importable(False)
            self.asker.error(self, _("Two columns are imported as the same field; choose another for one of them."))
            return
        self.read(chosen)

    # -- importing ----------------------------------------------------------------------------
    def start_import(self, *, only_good: bool) -> None:
        reading = self.reading
        if reading is None:
            return
        if only_good:
            plan = reading.plan
            question = _("Import the {good} rows without problems and leave out the {bad} rows with "
                         "problems? They can be imported later, once corrected.").format(
                good=sum(1 for r in plan.rows if r.action in ("new", "update")), bad=plan.count("problem"))
            if not self.asker.confirm(self, question, action=_("Import")):
                return
        source = Path(self.path.text()).name

        def work() -> ImportResult:
            return import_runs.run_import(self.db, self.data_dir, reading.parsed, source=source,
                                          only_good_rows=only_good, previewed=reading.plan)

        self._work(True)
        run_in_background(work, self._imported, self._failed, self)

    def _done_page(self) -> QWidget:
        self.result = QLabel()
        self.result.setObjectName("importResult")
        self.result.setWordWrap(True)
        close = QPushButton(_("Close"))
        close.setObjectName("closeImport")
        close.clicked.connect(self.accept)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.result)
        layout.addStretch(1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def _imported(self, result: ImportResult) -> None:
        self._work(False)
        lines = [_("Imported: {added} added, {updated} updated, {skipped} rows left out.").format(
            added=result.added, updated=result.updated, skipped=result.skipped)]
        if result.new_branches:
            lines.append(_("New party branches: {names}. Set their full names for printouts in 设置.").format(
                names="、".join(result.new_branches)))
        lines.append(_("Until the next change, 文件 → 撤销导入 puts everything back as it was before."))
        self.result.setText("\n".join(lines))
        self.pages.setCurrentIndex(2)
        self.imported.emit(result)

    def reject(self) -> None:
        if self.busy_work:
            return  # a transaction is running: closing now would not stop it
        super().reject()
