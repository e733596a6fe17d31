"""The roster table model: columns declared once; the model filters and sorts its own list."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from djdesk.domain import idnumber
from djdesk.domain.dates import full_years
from djdesk.domain.people import PoliticalStatus, Stage
from djdesk.domain.strokes import name_key
from djdesk.i18n import N_, _
from djdesk.services.members import MemberRow
from djdesk.ui.reorder import remap_persistent

Index = QModelIndex | QPersistentModelIndex
LEFT_COLOUR = QColor("#8a8a8a")
NO_BRANCH = ""  # the branch filter value for people in no branch
LAST = "\uffff"  # sorts after any real text


_DISPLAY, _USER = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole
_FOREGROUND, _TOOLTIP = Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole
_ROLES = frozenset((_DISPLAY, _USER, _FOREGROUND, _TOOLTIP))


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # untranslated; shown through _()
    text: Callable[[MemberRow, View], str]
    sort_key: Callable[[MemberRow, View], Any]


@dataclass(frozen=True)
class View:
    """What the columns need besides the row: today's date and whether IDs are shown whole."""

    today: dt.date
    full_id: bool = False


def _pinyin(row: MemberRow, view: View) -> str:
    return row.search_pinyin.split(" ", 1)[0] or row.name


def _age(row: MemberRow, view: View) -> int:
    return full_years(row.birth_date.first_day(), view.today)


_STATUS_ORDER = {s: i for i, s in enumerate(PoliticalStatus)}
_STAGE_ORDER = {s: i for i, s in enumerate(Stage)}

COLUMNS: tuple[Column, ...] = (
    Column("name", N_("Name"), lambda r, v: r.name, _pinyin),
    Column("sex", N_("Sex"), lambda r, v: r.sex.label, lambda r, v: r.sex.value),
    Column("birth_date", N_("Date of birth"), lambda r, v: r.birth_date.display(),
           lambda r, v: r.birth_date.isoformat()),
    Column("age", N_("Age"), lambda r, v: str(_age(r, v)), _age),
    Column("political_status", N_("Political status"), lambda r, v: r.political_status.label,
           lambda r, v: _STATUS_ORDER[r.political_status]),
    Column("stage", N_("Development stage"), lambda r, v: r.stage.label if r.stage else "",
           lambda r, v: _STAGE_ORDER.get(r.stage, len(_STAGE_ORDER)) if r.stage else len(_STAGE_ORDER)),
    Column("branch", N_("Party branch"), lambda r, v: r.branch, lambda r, v: r.branch or LAST),
    Column("group", N_("Party group"), lambda r, v: r.group, lambda r, v: r.group or LAST),
    Column("joined_on", N_("Joined the party"), lambda r, v: r.joined_on.display() if r.joined_on else "",
           lambda r, v: r.joined_on.isoformat() if r.joined_on else LAST),
    Column("post", N_("Post"), lambda r, v: r.post.label, lambda r, v: r.post.value),
    Column("department", N_("Department"), lambda r, v: r.department, lambda r, v: r.department or LAST),
    Column("phone", N_("Mobile phone"), lambda r, v: r.phone, lambda r, v: r.phone or LAST),
    Column("id_number", N_("ID number"),
           lambda r, v: r.id_number if v.full_id else idnumber.mask(r.id_number),
           lambda r, v: r.id_number),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)


@dataclass(frozen=True)
class RosterFilter:
    query: str = ""
    branch: str | None = None  # None: every branch; NO_BRANCH: people in none
    status: PoliticalStatus | None = None
    stage: Stage | None = None
    include_left: bool = False


def _matcher(query: str) -> Callable[[MemberRow], bool]:
    """Name, pinyin initials (“zs”, “sj”/“dj” for 单军) and full pinyin; digits also match
    the phone and the ID number, since the office often has only those at hand."""
    # NFKC: letters typed with the input method in full-width mode (ｚｓ) count as zs.
    q = "".join(unicodedata.normalize("NFKC", query).split()).lower()
    if not q:
        return lambda row: True
    digits = q.isdigit() and len(q) >= 3

    def match(row: MemberRow) -> bool:
        if q in row.name or q in row.search_initials or q in row.search_pinyin:
            return True
        return digits and (q in row.phone or q in row.id_number.lower())

    return match


class MembersModel(QAbstractTableModel):
    OFFICIAL_ORDER = -1  # the sort column meaning 按姓氏笔画

    def __init__(self, today: dt.date, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[MemberRow] = []
        self._texts: dict[int, tuple[str, ...]] = {}  # a row's cells as shown, made on first view
        self._present = 0
        self._rows: list[MemberRow] = []
        self._filter = RosterFilter()
        self._view = View(today=today)
        self._sort: tuple[int, Qt.SortOrder] = (self.OFFICIAL_ORDER, Qt.SortOrder.AscendingOrder)

    # -- data in -----------------------------------------------------------------------------
    def set_rows(self, rows: list[MemberRow]) -> None:
        # Kept in the official order: a filter preserves it, and a stable sort by a column
        # leaves equal values in it, so neither needs the (costly) stroke keys again.
        self._all = sorted(rows, key=lambda r: (name_key(r.name), r.id))
        self._present = sum(1 for r in self._all if r.left_on is None)
        self._texts.clear()
        self._refresh()

    def set_filter(self, roster_filter: RosterFilter) -> None:
        if roster_filter != self._filter:
            self._filter = roster_filter
            self._refresh()

    @property
    def roster_filter(self) -> RosterFilter:
        return self._filter

    def set_full_id(self, shown: bool) -> None:
        self._view = replace(self._view, full_id=shown)
        self._texts.clear()
        column = COLUMN_KEYS.index("id_number")
        if self._rows:
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    @property
    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort

    # -- what the view and tab read --------------------------------------------------------
    def person_id(self, row: int) -> int:
        return self._rows[row].id

    def member(self, row: int) -> MemberRow:
        return self._rows[row]

    def row_of(self, person_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if row.id == person_id:
                return number
        return None

    def shown_count(self) -> int:
        return len(self._rows)

    def scope_count(self) -> int:
        """How many people the filters choose from: those at the school, and those who left
        when they are shown too."""
        return len(self._all) if self._filter.include_left else self._present

    def all_rows(self) -> list[MemberRow]:
        return list(self._all)

    def shown_in_official_order(self) -> list[MemberRow]:
        return self._in_official_order(self._rows)

    # -- filtering and sorting ---------------------------------------------------------------
    def _refresh(self) -> None:
        f = self._filter
        match = _matcher(f.query)
        rows = [
            r for r in self._all
            if (f.include_left or r.left_on is None)
            and (f.branch is None or r.branch == f.branch)
            and (f.status is None or r.political_status is f.status)
            and (f.stage is None or r.stage is f.stage)
            and match(r)
        ]
        self.beginResetModel()
        self._rows = self._sorted(rows)  # filtering kept the official order
        self.endResetModel()

    def _sorted(self, rows: list[MemberRow]) -> list[MemberRow]:
        """`rows` come in the official order (a filtered or resorted part of `_all`)."""
        column, order = self._sort
        if not 0 <= column < len(COLUMNS):  # -1: the official order, which they are in
            return rows
        key, view = COLUMNS[column].sort_key, self._view
        # Stable, also in reverse: equal values stay in the official order.
        return sorted(rows, key=lambda r: key(r, view), reverse=order == Qt.SortOrder.DescendingOrder)

    def _in_official_order(self, rows: list[MemberRow]) -> list[MemberRow]:
        """The shown rows back in the official order (they may be sorted by a column now)."""
        shown = {row.id for row in rows}
        return [row for row in self._all if row.id in shown]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            column = self.OFFICIAL_ORDER
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = self._rows
        self._rows = self._sorted(self._in_official_order(old))
        remap_persistent(self, old, self._rows)
        self.layoutChanged.emit()

    # -- QAbstractTableModel -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Qt asks for a dozen roles per visible cell on every repaint: answer the ones we do
        # not use before anything else.
        if role not in _ROLES or not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        if role == _DISPLAY:
            texts = self._texts.get(row.id)
            if texts is None:
                texts = self._texts[row.id] = tuple(c.text(row, self._view) for c in COLUMNS)
            return texts[index.column()]
        if role == _USER:
            return row.id
        if row.left_on is not None:
            if role == _FOREGROUND:
                return LEFT_COLOUR
            return _("Left on {date}").format(date=row.left_on.display())
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section].label) if 0 <= section < len(COLUMNS) else None
        return str(section + 1)
