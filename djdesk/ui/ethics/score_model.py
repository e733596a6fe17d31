"""The score grid's model: teachers × rater categories (or the items of one category), the
total and grade recomputed as each score is typed; filtering and sorting done on its own list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from djdesk.domain import ethics
from djdesk.domain.errors import UserError
from djdesk.domain.ethics import WHOLE, Scheme
from djdesk.i18n import N_, _
from djdesk.services.ethics_results import Summary, TeacherResult, summarise
from djdesk.ui.calendar import colours

Index = QModelIndex | QPersistentModelIndex
_DISPLAY, _EDIT, _USER = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.UserRole
_FOREGROUND, _TOOLTIP, _ALIGN = (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole,
                                 Qt.ItemDataRole.TextAlignmentRole)
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
EDITABLE_BACKGROUND = QColor("#fffdf2")  # the cells to type in, as a paper form's boxes

# Rows the filter combo offers: (code, label).
FILTERS = (
    ("all", N_("Everyone")),
    ("unscored", N_("Scores missing")),
    ("excellent", N_("Graded at the top")),
    ("vetoed", N_("Vetoed")),
    ("barred", N_("Barred from honours")),
    ("training", N_("First-year teachers short of training")),
)


def notes(row: TeacherResult, scheme: Scheme, today: dt.date) -> str:
    """What the office must see beside a grade: veto, bar, missing training, the cap."""
    parts = []
    if row.vetoed:
        parts.append(_("Vetoed: {kinds}").format(kinds=row.vetoed))
    if row.barred_until is not None and row.barred_until > today:
        parts.append(ethics.barred_text(row.barred_until))
    if row.short_of_training:
        parts.append(_("first-year training {hours}/{required} class hours").format(
            hours=ethics.number(row.training_hours), required=scheme.first_year_hours))
    if row.withheld and not row.vetoed:
        parts.append(_("{top} withheld under the cap").format(top=scheme.top))
    return _("; ").join(parts)


@dataclass(frozen=True)
class Cell:
    """Where a score column's value comes from: a category (and an item when scored by item)."""

    category: int
    item: int = WHOLE


class ScoreModel(QAbstractTableModel):
    """`rejected` carries (row, column, typed text, message) when a typed score is refused."""

    rejected = Signal(int, int, str, str)
    summary_changed = Signal()

    def __init__(self, save: Callable[[TeacherResult, Cell, Decimal | None], TeacherResult],
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._save = save
        self.scheme: Scheme | None = None
        self.closed = True
        self.today = dt.date.min  # set by load()
        self.category = 0  # the category whose items are shown, when scored by item
        self.rows: list[TeacherResult] = []
        self.shown: list[TeacherResult] = []
        self.search, self.filter = "", "all"
        self.cells: list[Cell] = []
        self.headers: list[str] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- loading ----------------------------------------------------------------------------
    def load(self, scheme: Scheme, rows: list[TeacherResult], *, closed: bool, today: dt.date) -> None:
        self.beginResetModel()
        self.scheme, self.rows, self.closed, self.today = scheme, list(rows), closed, today
        self.category = min(self.category, len(scheme.raters) - 1)
        self._columns()
        self.shown = self._sorted(self._filtered())
        self.endResetModel()
        self.summary_changed.emit()

    def _columns(self) -> None:
        scheme = self.scheme
        assert scheme is not None
        if scheme.by_item:
            self.cells = [Cell(self.category, i) for i in range(len(scheme.items))]
            heads = [_("{item} ({points})").format(item=item.name, points=item.points) for item in scheme.items]
        else:
            self.cells = [Cell(c) for c in range(len(scheme.raters))]
            heads = [_("{rater} ({weight}%)").format(rater=r.name, weight=r.weight) for r in scheme.raters]
        # When scored by item the categories' scores follow the items, read-only.
        self.category_columns = [_("{rater} ({weight}%)").format(rater=r.name, weight=r.weight)
                                 for r in scheme.raters] if scheme.by_item else []
        self.headers = [_("Name"), _("Teaching group"), *heads, *self.category_columns,
                        _("Total score"), _("Grade"), _("Remarks")]

    def set_category(self, category: int) -> None:
        if self.scheme is not None and category != self.category:
            self.category = category
            self.load(self.scheme, self.rows, closed=self.closed, today=self.today)

    # -- filtering and sorting --------------------------------------------------------------
    def set_filter(self, search: str, code: str) -> None:
        self.beginResetModel()
        self.search, self.filter = search.strip().lower(), code
        self.shown = self._sorted(self._filtered())
        self.endResetModel()

    def _keep(self, row: TeacherResult) -> bool:
        if self.search and self.search not in row.name.lower() and self.search not in row.department.lower():
            return False
        scheme = self.scheme
        assert scheme is not None
        return {
            "all": True,
            "unscored": row.total is None,
            "excellent": row.grade == scheme.top,
            "vetoed": bool(row.vetoed),
            "barred": self._barred(row),
            "training": row.short_of_training,
        }.get(self.filter, True)

    def _barred(self, row: TeacherResult) -> bool:
        """Barred today (a closed period keeps the date it had; the bar may have ended since)."""
        return row.barred_until is not None and row.barred_until > self.today

    def _filtered(self) -> list[TeacherResult]:
        return [r for r in self.rows if self._keep(r)]

    def _sort_key(self, column: int) -> Callable[[TeacherResult], Any]:
        low = Decimal(-1)
        if column == 0:
            return lambda r: r.sort_key
        if column == 1:
            return lambda r: (r.department, r.sort_key)
        value = self._value_getter(column)
        if value is not None:
            return lambda r: (value(r) if value(r) is not None else low, r.sort_key)
        grades = {b.name: i for i, b in enumerate(self.scheme.bands)} if self.scheme else {}
        if column == len(self.headers) - 2:
            return lambda r: (grades.get(r.grade or "", len(grades)), r.sort_key)
        return lambda r: (notes(r, self.scheme, self.today), r.sort_key)  # type: ignore[arg-type]

    def _sorted(self, rows: list[TeacherResult]) -> list[TeacherResult]:
        if self._sort is None:
            return rows
        column, order = self._sort
        return sorted(rows, key=self._sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        # The open editor, the current cell and the selection follow their teacher, not the
        # row number: a score typed after sorting must reach the teacher it was typed for.
        old = self.persistentIndexList()
        held = [(self.shown[i.row()].person_id, i.column()) for i in old]
        self._sort = (column, order)
        self.shown = self._sorted(self.shown)
        position = {r.person_id: n for n, r in enumerate(self.shown)}
        self.changePersistentIndexList(old, [self.index(position[pid], col) for pid, col in held])
        self.layoutChanged.emit()

    # -- reading ----------------------------------------------------------------------------
    def _value_getter(self, column: int) -> Callable[[TeacherResult], Decimal | None] | None:
        """The score a column shows, or None for the text columns."""
        first = 2
        if first <= column < first + len(self.cells):
            cell = self.cells[column - first]
            if cell.item == WHOLE:
                return lambda r: r.scores[cell.category]
            return lambda r: r.item_scores[cell.category][cell.item] if r.item_scores[cell.category] else None
        after = first + len(self.cells)
        if after <= column < after + len(self.category_columns):
            category = column - after
            return lambda r: r.scores[category]
        if column == len(self.headers) - 3:
            return lambda r: r.total
        return None

    def cell_at(self, column: int) -> Cell | None:
        return self.cells[column - 2] if 2 <= column < 2 + len(self.cells) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < len(self.headers):
            return self.headers[section]
        if orientation == Qt.Orientation.Horizontal and role == _TOOLTIP and self.cell_at(section):
            return _("Type a score and press Enter to go down the column, Tab to go across; "
                     "Delete clears a score.")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and self._editable(self.shown[index.row()], index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _editable(self, row: TeacherResult, column: int) -> bool:
        cell = self.cell_at(column)
        return cell is not None and not self.closed and not row.imported[cell.category]

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or self.scheme is None:
            return None
        row, column = self.shown[index.row()], index.column()
        if role == _USER:
            return row.person_id
        value = self._value_getter(column)
        if role in (_DISPLAY, _EDIT):
            if value is not None:
                return ethics.number(value(row))
            if column == 0:
                return row.name
            if column == 1:
                return row.department
            if column == len(self.headers) - 2:
                return row.grade or ""
            return notes(row, self.scheme, self.today)
        if role == _ALIGN and value is not None:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == _BACKGROUND and self._editable(row, column):
            return EDITABLE_BACKGROUND
        if role == _FOREGROUND:
            if column >= len(self.headers) - 2 and (row.vetoed or row.short_of_training):
                return colours.PROBLEM
            if column == 0 and self._barred(row):
                return colours.PROBLEM
        if role == _TOOLTIP:
            return self._tooltip(row, column)
        return None

    def _tooltip(self, row: TeacherResult, column: int) -> str | None:
        cell = self.cell_at(column)
        if cell is not None and row.imported[cell.category]:
            return _("The mean of {count} imported score sheets; import a corrected sheet to change it.").format(
                count=row.raters[cell.category])
        if column == 0 and self._barred(row):
            return ethics.barred_text(row.barred_until)  # type: ignore[arg-type]
        if column == 0:
            return _("Double-click for the teacher's page: every period, violations, training, honours.")
        return None

    # -- writing ----------------------------------------------------------------------------
    def setData(self, index: Index, value: Any, role: int = _EDIT) -> bool:
        if role != _EDIT or not index.isValid() or self.scheme is None:
            return False
        row = self.shown[index.row()]
        cell = self.cell_at(index.column())
        if cell is None or not self._editable(row, index.column()):
            return False
        text = str(value)
        try:
            score = ethics.parse_score(text, self.scheme.item_max(cell.item))
        except ethics.BadScore as error:
            self.rejected.emit(index.row(), index.column(), text, str(error))
            return False
        current = self._value_getter(index.column())(row)  # type: ignore[misc]
        if score == current and (score is None or row.raters[cell.category] <= 1):
            return True
        try:
            fresh = self._save(row, cell, score)
        except UserError as error:
            self.rejected.emit(index.row(), index.column(), text, error.message)
            return False
        self.replace(fresh)
        return True

    def replace(self, fresh: TeacherResult) -> None:
        """Put a recomputed teacher in place and repaint their line and the counts."""
        for rows in (self.rows, self.shown):
            for i, row in enumerate(rows):
                if row.person_id == fresh.person_id:
                    rows[i] = fresh
        shown = next((i for i, r in enumerate(self.shown) if r.person_id == fresh.person_id), None)
        if shown is not None:
            self.dataChanged.emit(self.index(shown, 0), self.index(shown, len(self.headers) - 1))
        self.summary_changed.emit()

    def summary(self) -> Summary | None:
        return summarise(self.scheme, self.rows) if self.scheme is not None else None

    def row(self, index: int) -> TeacherResult:
        return self.shown[index]
