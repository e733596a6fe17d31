"""What the 党费 pages share: months picked as months, money as 元, a branch chooser, a page
that reads only when seen, dialogs one at a time, and files written off the window's thread."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QWidget,
)

from djdesk.domain.dues import month_of, yuan
from djdesk.i18n import _
from djdesk.services import branches as branch_service
from djdesk.services.branches import BranchView
from djdesk.store.database import (
    Database,
    Session,  # the type the transaction hands over
)
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks, ask_save_path
from djdesk.ui.background import write_in_background
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import FieldForm
from djdesk.ui.record_printing import safe_name, warn_missing

# The kind of change the dues pages emit (ui/events.py names it DUES).
DUES: str = getattr(kinds, "DUES", "dues")
RELOAD_ON = frozenset({kinds.PEOPLE, kinds.BRANCHES, kinds.SETTINGS, DUES})
RED = QColor("#b00020")
GREY = QColor("#6b6b6b")
CENTRE = Qt.AlignmentFlag.AlignCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
FIRST_YEAR = 2000


def money(fen: int | None) -> str:
    """12345 → "123.45"; nothing for no amount."""
    return "" if fen is None else yuan(fen)


def month_text(month: dt.date) -> str:
    return f"{month:%Y.%m}"


def month_edit(name: str) -> QDateEdit:
    """A month (its day is not shown and not used)."""
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM")
    edit.setMinimumDate(QDate(FIRST_YEAR, 1, 1))
    edit.setMinimumWidth(110)
    return edit


def month_value(edit: QDateEdit) -> dt.date:
    return month_of(edit.date().toPython())


def set_month(edit: QDateEdit, month: dt.date) -> None:
    edit.setDate(QDate(month.year, month.month, 1))


def button(name: str, text: str, slot: Callable[[], object], tip: str = "") -> QPushButton:
    made = QPushButton(text)
    made.setObjectName(name)
    made.setAutoDefault(False)  # Enter in a table acts on the row, not on this button
    if tip:
        made.setToolTip(tip)
    made.clicked.connect(lambda: slot())
    return made


def arrow(name: str, direction: Qt.ArrowType, tip: str, slot: Callable[[], object]) -> QToolButton:
    made = QToolButton()
    made.setObjectName(name)
    made.setArrowType(direction)
    made.setToolTip(tip)
    made.clicked.connect(lambda: slot())
    return made


def hint(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet("color: #6b6b6b;")
    # As wide as it may be: a form row otherwise gives a wrapped label its narrow preferred
    # width and the height of one line, and the second line is cut off.
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


def branch_combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setMinimumWidth(160)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


def fill_branches(combo: QComboBox, session: Session) -> list[BranchView]:
    """全部 and each branch, the choice kept across readings (if the branch still exists)."""
    chosen = combo.currentData()
    branches = branch_service.list_branches(session)
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(_("All branches"), None)
    for branch in branches:
        combo.addItem(branch.name, branch.id)
    combo.setCurrentIndex(max(combo.findData(chosen), 0))
    combo.blockSignals(False)
    return branches


def put(table: QTableWidget, rows: Sequence[Sequence[str]], aligned: dict[int, Qt.AlignmentFlag]) -> None:
    """Fill a read-only table; the columns in `aligned` get their alignment (numbers)."""
    table.setRowCount(len(rows))
    for line, cells in enumerate(rows):
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column in aligned:
                item.setTextAlignment(aligned[column])
            table.setItem(line, column, item)


def paint(table: QTableWidget, line: int, colour: QColor, columns: Sequence[int] | None = None,
          tip: str = "") -> None:
    for column in range(table.columnCount()) if columns is None else columns:
        item = table.item(line, column)
        if item is not None:
            item.setForeground(colour)
            if tip:
                item.setToolTip(tip)


def fit(dialog: QDialog) -> None:
    """Grow a dialog to the height its wrapped lines need at its width: Qt's minimum size of a
    window ignores height-for-width, so a message appearing under a field would squeeze the rows."""
    layout = dialog.layout()
    if layout is None:
        return
    for form in dialog.findChildren(FieldForm):
        for label in form.errors.values():
            # A field's row may keep the height it had before its message appeared (cached).
            label.parentWidget().updateGeometry()
    layout.activate()
    need = layout.totalHeightForWidth(dialog.width()) if layout.hasHeightForWidth() else layout.sizeHint().height()
    if need > dialog.height():
        dialog.resize(dialog.width(), need)


class DuesPage(QWidget):
    """A page that reads when shown and again when something it shows changes (only then)."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.db, self.events, self.asker = db, events, asker
        self.dialog: QDialog | None = None
        self._stale = True
        events.changed.connect(self._changed)

    def _read(self, session: Session) -> None:
        raise NotImplementedError

    def _fill(self) -> None:
        raise NotImplementedError

    def _changed(self, kind: str) -> None:
        if kind in RELOAD_ON:
            self.reload_soon()

    def reload_soon(self) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True  # read when next shown: a hidden page costs nothing

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        with self.db.transaction() as session:
            self._read(session)
        self._fill()

    def today(self) -> dt.date:
        return self.db.clock.today()

    def changed(self, *extra: str) -> None:
        """Tell every tab (this page included) that dues changed."""
        self.events.changed.emit(DUES)
        for kind in extra:
            self.events.changed.emit(kind)

    def open_dialog(self, dialog: QDialog) -> None:
        """One form at a time; what was typed in an open one is not thrown away."""
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            self.dialog.activateWindow()
            dialog.deleteLater()
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def export(self, title: str, name: str, pdf: bool, work: Callable[[Path], Any]) -> None:
        """Ask where, then write the file off the window's thread; say what could not be drawn."""
        suffix, filters = (".pdf", _("PDF document (*.pdf)")) if pdf else (".xlsx", _("Excel workbook (*.xlsx)"))
        path = ask_save_path(self.asker, self, title, Path.home() / f"{safe_name(name)}{suffix}", filters)
        if path is None:
            return
        chosen = path

        def done(result: Any) -> None:
            missing = getattr(result, "missing", None)
            if missing:
                warn_missing(self.asker, self, missing)
            self.asker.info(self, _("Saved {path}.").format(path=chosen))

        write_in_background(self, self.asker, chosen, lambda: work(chosen), done)
