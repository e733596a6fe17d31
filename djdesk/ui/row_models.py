"""Long read-only tables (党费, 学习 and others): a model over the rows a service returned, whose texts,
colours and tooltips are made when the view asks for a cell, and the read-only view that shows it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QTableView

from djdesk.ui.forms import lay_out_records

Index = QModelIndex | QPersistentModelIndex
_DISPLAY, _FOREGROUND = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole
_TOOLTIP, _ALIGNMENT, _FONT = Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.FontRole
_ROLES = frozenset((_DISPLAY, _FOREGROUND, _TOOLTIP, _ALIGNMENT, _FONT))


class RowsModel(QAbstractTableModel):
    """Read-only lines under fixed headers. A subclass says a line's texts and, for a cell, its
    colour and tooltip; `aligned` gives the columns of numbers their alignment. Only the lines
    looked at get their texts made (a whole school is 4,500 lines of which 30 are on screen)."""

    aligned: dict[int, Qt.AlignmentFlag] = {}

    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._count = 0
        self._texts: dict[int, tuple[str, ...]] = {}
        self._alignment = {column: int(flag) for column, flag in self.aligned.items()}
        self._bold: QFont | None = None

    def _show(self, count: int) -> None:
        """Call between beginResetModel and endResetModel with the new number of lines."""
        self._count = count
        self._texts.clear()

    # -- what a subclass says --------------------------------------------------------------------
    def make_texts(self, line: int) -> tuple[str, ...]:
        raise NotImplementedError

    def foreground(self, line: int, column: int) -> QColor | None:
        return None

    def tip(self, line: int, column: int) -> str:
        return ""

    def bold(self, line: int) -> bool:
        return False

    def pinned(self) -> tuple[int, ...]:
        """Lines a column is always wide enough for, wherever they are (a totals line at the end
        of thousands: Qt measures only the first thousand)."""
        return ()

    def texts(self, line: int) -> tuple[str, ...]:
        made = self._texts.get(line)
        if made is None:
            made = self._texts[line] = self.make_texts(line)
        return made

    # -- QAbstractTableModel ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Qt asks for a dozen roles per cell each time it paints or measures a column: the
        # ones not used are answered first.
        if role not in _ROLES or not index.isValid():
            return None
        line, column = index.row(), index.column()
        if not (0 <= line < self._count and 0 <= column < len(self._headers)):
            return None
        if role == _DISPLAY:
            return self.texts(line)[column]
        if role == _ALIGNMENT:
            return self._alignment.get(column)
        if role == _FOREGROUND:
            return self.foreground(line, column)
        if role == _TOOLTIP:
            return self.tip(line, column) or None
        if not self.bold(line):
            return None
        if self._bold is None:
            self._bold = QFont()  # the application's font, as a table item's own font would be
            self._bold.setBold(True)
        return self._bold

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return str(section + 1)


class RecordView(QTableView):
    """Measures a column once per reading: the header fitting its columns to their contents asks
    several times (shown, laid out, resized), and each time reads a thousand lines through Python."""

    def __init__(self) -> None:
        super().__init__()
        self._widths: dict[int, int] = {}

    def setModel(self, model: QAbstractItemModel | None) -> None:  # type: ignore[override]
        super().setModel(model)
        self._widths.clear()
        if model is not None:
            # Before a change too: nothing measured in between may outlive it.
            for signal in (model.modelAboutToBeReset, model.modelReset, model.layoutAboutToBeChanged,
                           model.layoutChanged, model.dataChanged, model.rowsInserted, model.rowsRemoved,
                           model.columnsInserted, model.columnsRemoved):
                signal.connect(self._forget)

    def _forget(self, *_args: object) -> None:
        self._widths.clear()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._widths.clear()
        super().changeEvent(event)

    def sizeHintForColumn(self, column: int) -> int:
        width = self._widths.get(column)
        if width is None:
            width = super().sizeHintForColumn(column)
            model = self.model()
            if isinstance(model, RowsModel):
                for line in model.pinned():
                    width = max(width, self.cell_width(model.index(line, column)))
            self._widths[column] = width
        return width

    def cell_width(self, index: QModelIndex) -> int:
        """What the cell needs, measured as Qt measures a column (its grid line included)."""
        return self.sizeHintForIndex(index).width() + (1 if self.showGrid() else 0)


def record_view(name: str, model: RowsModel, stretch: int) -> RecordView:
    """As forms.record_table, over a model: one line a record, whole lines chosen one at a time,
    the `stretch` column taking the spare width and the others fitting their contents."""
    view = RecordView()
    view.setObjectName(name)
    view.setModel(model)
    return lay_out_records(view, stretch)
