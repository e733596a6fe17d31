"""The score grid: typing a number starts editing, Enter goes down the column as on a paper
list, Tab across, Delete clears; a refused score reopens with the typed text and the reason."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from djdesk.i18n import _
from djdesk.ui.ethics.score_model import ScoreModel

Index = QModelIndex | QPersistentModelIndex


class _ScoreDelegate(QStyledItemDelegate):
    """Opens on the typed-but-refused text when there is one, so nothing typed is lost."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        # Refused text by (teacher, column): rows move when the table is sorted.
        self.pending: dict[tuple[int, int], str] = {}

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setObjectName("scoreEditor")
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        pending = self.pending.pop((index.data(Qt.ItemDataRole.UserRole), index.column()), None)
        if pending is not None:
            editor.setText(pending)
            editor.selectAll()
        elif not editor.text():  # a key that opened the editor has already typed itself
            editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")
            editor.selectAll()

    def setModelData(self, editor: QWidget, model, index: Index) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class ScoreTable(QTableView):
    """`confirm(question)` is asked before clearing more than one score at once."""

    def __init__(self, model: ScoreModel, confirm: Callable[[str], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.confirm = confirm
        self.setObjectName("ethicsScores")
        self.setModel(model)
        self.delegate = _ScoreDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.SelectedClicked)
        # Enabling sorting sorts at once, by default descending: start in the official order.
        self.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicatorShown(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setAlternatingRowColors(True)
        model.rejected.connect(self._rejected)
        model.modelReset.connect(self._fit_columns)
        # Fitting columns to 1,000 teachers' every cell took ~0.9 s on the tab's first visit;
        # the first 200 rows (and those on screen) give the same widths for names and scores.
        self.horizontalHeader().setResizeContentsPrecision(200)
        model.modelReset.connect(self.delegate.pending.clear)

    def _fit_columns(self) -> None:
        model = self.model()
        for column in range(model.columnCount()):
            self.resizeColumnToContents(column)
            self.setColumnWidth(column, max(self.columnWidth(column), 64))

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        # Enter commits and goes to the next teacher in the same column.
        down = hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint if down else hint)
        if down:
            current = self.currentIndex()
            below = current.siblingAtRow(current.row() + 1)
            if below.isValid():
                self.setCurrentIndex(below)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != QAbstractItemView.State.EditingState:
            cells = [QPersistentModelIndex(i) for i in self.selectedIndexes()
                     if self.model().flags(i) & Qt.ItemFlag.ItemIsEditable and i.data()]
            if len(cells) > 1 and not self.confirm(_("Clear the {count} selected scores?").format(count=len(cells))):
                return
            for index in cells:
                self.model().setData(self.model().index(index.row(), index.column()), "", Qt.ItemDataRole.EditRole)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != QAbstractItemView.State.EditingState:
            current = self.currentIndex()
            if current.isValid() and not self.model().flags(current) & Qt.ItemFlag.ItemIsEditable:
                self.activated.emit(current)  # the teacher's page
                return
        super().keyPressEvent(event)

    def _rejected(self, row: int, column: int, text: str, _message: str) -> None:
        """Back into the cell, the typed text still there (the tab shows the message)."""
        index = QPersistentModelIndex(self.model().index(row, column))
        self.delegate.pending[(index.data(Qt.ItemDataRole.UserRole), column)] = text

        def reopen() -> None:
            if index.isValid():
                here = self.model().index(index.row(), index.column())
                self.setCurrentIndex(here)
                self.edit(here)
        QTimer.singleShot(0, reopen)
