"""Importing a rater's filled score sheet: choose the file and the rater category, see every row
matched (or its error), then import all of it or nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain import ethics
from djdesk.domain.errors import UserError
from djdesk.i18n import _
from djdesk.services.ethics import PeriodView
from djdesk.store.database import Database
from djdesk.ui.asker import Asks
from djdesk.ui.calendar import colours
from djdesk.ui.forms import ERROR_STYLE, dialog_buttons


class ScoreImportDialog(QDialog):
    imported = Signal(int)

    def __init__(self, db: Database, asker: Asks, view: PeriodView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.asker, self.view = db, asker, view
        self.preview = None
        self.path: Path | None = None
        self.setObjectName("ethicsImportDialog")
        self.setWindowTitle(_("Import a score sheet"))
        self.file = QLineEdit()
        self.file.setObjectName("importFile")
        self.file.setReadOnly(True)
        self.file.setPlaceholderText(_("The .xlsx a rater filled in"))
        choose = QPushButton(_("Choose…"))
        choose.setObjectName("importChoose")
        choose.clicked.connect(self.choose_file)
        self.category = QComboBox()
        self.category.setObjectName("importCategory")
        for rater in view.scheme.raters:
            self.category.addItem(_("{rater} ({weight}%)").format(rater=rater.name, weight=rater.weight))
        self.category.currentIndexChanged.connect(lambda _i: self.refresh())
        self.rater = QLineEdit()
        self.rater.setObjectName("importRater")
        self.rater.setPlaceholderText(_("Who filled it in (a sheet imported again under the same name replaces it)"))
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(choose)
        form = QFormLayout()
        form.addRow(_("File"), file_row)
        form.addRow(_("Rater category"), self.category)
        form.addRow(_("Rater"), self.rater)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("importRows")
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.status = QLabel()
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)
        self.buttons = dialog_buttons(self, _("Import"), "importScores")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(760, 560)
        self._enable()

    def choose_file(self) -> None:
        path = self.asker.open_file(self, _("Import a score sheet"), _("Excel workbook (*.xlsx)"))
        if path is not None:
            self.load(path)

    def load(self, path: Path) -> None:
        self.path = path
        self.file.setText(str(path))
        self.refresh()

    def refresh(self) -> None:
        """Read and match the sheet again (after choosing the file or another category)."""
        from djdesk.services.ethics_import import preview_sheet
        from djdesk.sheets.ethics import read_score_sheet

        self.preview = None
        self.table.setRowCount(0)
        if self.path is None:
            self._enable()
            return
        try:
            sheet = read_score_sheet(self.path, self.view.scheme)
            with self.db.transaction() as session:
                self.preview = preview_sheet(session, self.view.period.id, self.category.currentIndex(), sheet)
        except UserError as error:
            self.status.setText(error.message)
            self.status.setStyleSheet(ERROR_STYLE)
            self._enable()
            return
        except OSError as error:
            self.status.setText(_("The file {path} could not be read: {error}").format(
                path=self.path, error=error.strerror or error))
            self.status.setStyleSheet(ERROR_STYLE)
            self._enable()
            return
        if sheet.rater and not self.rater.text().strip():
            self.rater.setText(sheet.rater)
        elif not self.rater.text().strip():
            self.rater.setText(self.path.stem)
        self._show()

    def _show(self) -> None:
        preview = self.preview
        assert preview is not None
        self.table.setHorizontalHeaderLabels([_("Row"), _("Name"), _("Teaching group"), _("Scores or problem")])
        lines: list[tuple[int, str, str, str, bool]] = []
        for line, message in preview.errors:
            lines.append((line, "", "", message, True))
        for row in preview.rows:
            scores = _("、").join(
                ethics.number(v) if item == ethics.WHOLE else f"{self.view.scheme.items[item].name} {ethics.number(v)}"
                for item, v in sorted(row.values.items()))
            lines.append((row.line, row.name, row.department, scores, False))
        lines.sort(key=lambda line: (line[0], not line[4]))
        self.table.setRowCount(len(lines))
        for i, (line, name, department, text, bad) in enumerate(lines):
            for column, value in enumerate((str(line), name, department, text)):
                item = QTableWidgetItem(value)
                if bad:
                    item.setForeground(colours.PROBLEM)
                self.table.setItem(i, column, item)
        self.table.resizeColumnsToContents()
        if preview.errors:
            text = _("{errors} errors: nothing will be imported. Correct the sheet and choose it again.").format(
                errors=len(preview.errors))
            self.status.setStyleSheet(ERROR_STYLE)
        else:
            text = _("{count} teachers' scores will be imported.").format(count=len(preview.rows))
            if preview.skipped:
                text += " " + _("{count} rows without any score are left out.").format(count=preview.skipped)
            if preview.not_on_sheet:
                text += " " + _("Not on the sheet: {names}.").format(names=_("、").join(preview.not_on_sheet[:10])
                                                                      + ("…" if len(preview.not_on_sheet) > 10 else ""))
            self.status.setStyleSheet("")
        self.status.setText(text)
        self._enable()

    def _enable(self) -> None:
        button = self.buttons.button(self.buttons.StandardButton.Ok)
        button.setEnabled(self.preview is not None and self.preview.ok)

    def save(self) -> None:
        from djdesk.services.ethics_import import apply_sheet

        if self.preview is None or not self.preview.ok:
            return
        rater = self.rater.text().strip()
        if not rater:
            self.status.setText(_("Name the rater: a sheet imported again under the same name replaces it."))
            self.status.setStyleSheet(ERROR_STYLE)
            self.rater.setFocus()
            return
        try:
            with self.db.transaction() as session:
                count = apply_sheet(session, self.view.period.id, self.category.currentIndex(), rater, self.preview)
        except UserError as error:
            self.asker.error(self, error.message)
            return
        self.asker.info(self, _("Imported {count} scores from {rows} teachers.").format(
            count=count, rows=len(self.preview.rows)))
        self.imported.emit(count)
        self.accept()
