"""A table model of meeting rows kept by start, filtered and sorted by the model itself: the
calendar's year and day lists and the 会议记录 tab share it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from djdesk.i18n import _
from djdesk.ui.reorder import remap_persistent

Index = QModelIndex | QPersistentModelIndex


class _Row(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def starts_at(self) -> Any: ...


class _Filter(Protocol):
    def matcher(self) -> Callable[[Any], bool]: ...


class _Column(Protocol):
    label: str

    @property
    def sort_key(self) -> Callable[[Any], Any]: ...


Row = TypeVar("Row", bound=_Row)


def _by_start(row: _Row) -> tuple[Any, int]:
    return (row.starts_at, row.id)


class MeetingRowsModel(QAbstractTableModel, Generic[Row]):
    """Rows by start unless sorted by a column (equal values stay by start, also reversed);
    only those the filter lets through. Subclasses give `columns` and `data`."""

    columns: Sequence[_Column] = ()

    def __init__(self, meeting_filter: _Filter, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[Row] = []  # by start: the order equal values keep when sorting
        self._rows: list[Row] = []
        self._texts: dict[int, tuple[str, ...]] = {}  # display texts, made when first shown
        self._filter = meeting_filter
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    # -- data in -----------------------------------------------------------------------------
    def _load(self, rows: list[Row]) -> None:
        self._all = sorted(rows, key=_by_start)
        self._texts.clear()
        self._refresh()

    def set_filter(self, meeting_filter: _Filter) -> None:
        if meeting_filter != self._filter:
            self._filter = meeting_filter
            self._refresh()

    @property
    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort

    # -- what the views and the tabs read -----------------------------------------------------
    def meeting(self, row: int) -> Row:
        return self._rows[row]

    def row_of(self, meeting_id: int) -> int | None:
        return next((number for number, row in enumerate(self._rows) if row.id == meeting_id), None)

    def shown(self) -> list[Row]:
        return list(self._rows)

    def shown_count(self) -> int:
        return len(self._rows)

    def total_count(self) -> int:
        return len(self._all)

    # -- filtering and sorting ---------------------------------------------------------------
    def _refresh(self) -> None:
        match = self._filter.matcher()
        rows = self._sorted([r for r in self._all if match(r)])
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def _sorted(self, rows: list[Row]) -> list[Row]:
        """`rows` come by start (a filtered or resorted part of `_all`)."""
        column, order = self._sort
        if not 0 <= column < len(self.columns):
            return rows
        return sorted(rows, key=self.columns[column].sort_key, reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column if 0 <= column < len(self.columns) else -1, order)
        old = self._rows
        # Ordered before the views are told: a failing key must not leave them mid-change.
        rows = self._sorted(sorted(old, key=_by_start))
        self.layoutAboutToBeChanged.emit()
        self._rows = rows
        remap_persistent(self, old, self._rows)
        self.layoutChanged.emit()

    # -- QAbstractTableModel -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(self.columns[section].label) if 0 <= section < len(self.columns) else None
        return str(section + 1)


def set_up_view(view: QTableView, name: str, model: QAbstractTableModel) -> None:
    """A list of meetings: whole rows, one at a time, read-only, one line a row."""
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
