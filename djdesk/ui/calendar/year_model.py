"""Meetings in a table: the model (columns declared once, own filtering and sorting), view, filters."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QWidget,
)

from djdesk.domain.meetings import CALENDAR_KINDS, MeetingKind, MeetingStatus, counts_as
from djdesk.i18n import N_, _
from djdesk.services.meetings import MeetingRow
from djdesk.ui.calendar import colours
from djdesk.ui.calendar.colours import time_range
from djdesk.ui.forms import ChoiceCombo
from djdesk.ui.meeting_rows import MeetingRowsModel, set_up_view

Index = QModelIndex | QPersistentModelIndex
_DISPLAY, _USER = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole
_FOREGROUND, _TOOLTIP = Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_ROLES = frozenset((_DISPLAY, _USER, _FOREGROUND, _TOOLTIP, _ALIGNMENT))
_KIND_ORDER = {k: i for i, k in enumerate(MeetingKind)}
_STATUS_ORDER = {s: i for i, s in enumerate(MeetingStatus)}
MINUTES_MISSING = N_("Minutes missing")


def kind_text(row: MeetingRow) -> str:
    if not row.also:
        return row.kind.label
    return _("{kind} (also counts as {kinds})").format(
        kind=row.kind.label, kinds=_(", ").join(k.label for k in row.also))


def branch_text(row: MeetingRow) -> str:
    return f"{row.branch} · {row.group}" if row.group else row.branch


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # untranslated; shown through _()
    text: Callable[[MeetingRow], str]
    sort_key: Callable[[MeetingRow], Any]
    numeric: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("date", N_("Date"), lambda r: f"{r.starts_at:%Y-%m-%d}", lambda r: r.starts_at),
    Column("time", N_("Time"), time_range, lambda r: (r.starts_at.time(), r.ends_at or r.starts_at)),
    Column("kind", N_("Kind"), kind_text, lambda r: (_KIND_ORDER[r.kind], r.also)),
    Column("branch", N_("Branch / party group"), branch_text, lambda r: (r.branch, r.group)),
    Column("title", N_("Topic"), lambda r: r.title, lambda r: r.title),
    Column("status", N_("Status"), lambda r: r.status.label, lambda r: _STATUS_ORDER[r.status]),
    Column("expected", N_("Expected"), lambda r: str(r.expected), lambda r: r.expected, numeric=True),
    # Only a held meeting has a number present: "0" for a plan would read as nobody came.
    Column("present", N_("Attended"), lambda r: str(r.present) if r.status is MeetingStatus.HELD else "",
           lambda r: r.present if r.status is MeetingStatus.HELD else -1, numeric=True),
    Column("minutes", N_("Minutes record"), lambda r: _(MINUTES_MISSING) if r.minutes_missing else "",
           lambda r: not r.minutes_missing),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)


def _fold(text: str) -> str:
    # NFKC: text typed in the input method's full-width mode (ｘｘ) matches.
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass(frozen=True)
class MeetingFilter:
    year: int | None = None  # the 所属年度 a meeting is counted for
    kind: MeetingKind | None = None  # matches every meeting that counts as it
    branch_id: int | None = None
    status: MeetingStatus | None = None
    text: str = ""  # in the topic or the place

    def matcher(self, *, ignore_year: bool = False) -> Callable[[MeetingRow], bool]:
        year = None if ignore_year else self.year
        kind, branch_id, status = self.kind, self.branch_id, self.status
        text = _fold(self.text.strip())

        def match(row: MeetingRow) -> bool:
            return ((year is None or row.year == year)
                    and (kind is None or kind in counts_as(row.kind, row.also))
                    and (branch_id is None or row.branch_id == branch_id)
                    and (status is None or row.status is status)
                    and (not text or text in _fold(row.title) or text in _fold(row.place)))

        return match


class MeetingsModel(MeetingRowsModel[MeetingRow]):
    """Meetings in a table, by start unless sorted by a column; the tab's year list and the
    list of a day's meetings are both one."""

    columns = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(MeetingFilter(), parent)

    def set_rows(self, rows: list[MeetingRow]) -> None:
        self._load(rows)

    @property
    def meeting_filter(self) -> MeetingFilter:
        return self._filter  # type: ignore[return-value]

    def meeting_id(self, row: int) -> int:
        return self._rows[row].id

    # -- QAbstractTableModel -----------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, column = self._rows[index.row()], COLUMNS[index.column()]
        if role == _DISPLAY:
            texts = self._texts.get(row.id)
            if texts is None:
                texts = self._texts[row.id] = tuple(c.text(row) for c in COLUMNS)
            return texts[index.column()]
        if role == _USER:
            return row.id
        if role == _ALIGNMENT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if column.numeric else None
        if role == _FOREGROUND:
            if row.status is MeetingStatus.CANCELLED:
                return colours.CANCELLED
            if column.key == "minutes":
                return colours.PROBLEM
            # The kind in its colour, as in the month: the two views read alike.
            return colours.kind_colour(row.kind) if column.key == "kind" else None
        return self._tooltip(row, column.key)

    def _tooltip(self, row: MeetingRow, key: str) -> str | None:
        if key == "status" and row.cancel_reason:
            return _("Reason for cancelling: {reason}").format(reason=row.cancel_reason)
        if key == "title":
            return _("Place: {place}").format(place=row.place) if row.place else None
        if key == "minutes" and row.minutes_missing:
            return _("The meeting was held but its minutes are not written yet")
        return None



# First-run column widths in characters of typical content ("汉" for text, "0" for digits).
WIDTHS = {"date": ("0", 11), "time": ("0", 12), "kind": ("汉", 7), "branch": ("汉", 11),
          "title": ("汉", 18), "status": ("汉", 3), "expected": ("0", 4), "present": ("0", 4),
          "minutes": ("汉", 5)}
# The day's list beside the month is narrow: what does not fit scrolls.
NARROW_WIDTHS = {**WIDTHS, "time": ("0", 10), "kind": ("汉", 6), "branch": ("汉", 6), "title": ("汉", 10)}


class MeetingTable(QTableView):
    """Return/Enter opens the meeting and Del deletes it: handled here, so they work whenever
    the list has focus and never inside a text field."""

    def __init__(self, name: str, model: MeetingsModel, on_open, on_delete,  # type: ignore[no-untyped-def]
                 widths: dict[str, tuple[str, int]] = WIDTHS, stretch_title: bool = False) -> None:
        super().__init__()
        self._on_open, self._on_delete = on_open, on_delete
        set_up_view(self, name, model)
        if stretch_title:  # the topic takes the room left, not the narrow record flag at the end
            self.horizontalHeader().setSectionResizeMode(COLUMN_KEYS.index("title"), QHeaderView.ResizeMode.Stretch)
        else:
            self.horizontalHeader().setStretchLastSection(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.doubleClicked.connect(lambda _index: on_open())
        metrics = self.fontMetrics()
        for column, key in enumerate(COLUMN_KEYS):
            sample, count = widths[key]
            self.setColumnWidth(column, metrics.horizontalAdvance(sample * count) + 16)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        # The number pad's Enter and Del carry KeypadModifier: they count as the same keys.
        plain_key = (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier) == Qt.KeyboardModifier.NoModifier
        if plain_key and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_open()
        elif plain_key and event.key() == Qt.Key.Key_Delete:
            self._on_delete()
        else:
            super().keyPressEvent(event)


class MeetingFilters(QWidget):
    """Year, kind, branch, status and a search over topics and places, in one row."""

    changed = Signal()  # the kind, branch, status or search
    yearChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year = QComboBox()
        self.year.setObjectName("calendarYearFilter")
        self.kind = ChoiceCombo(CALENDAR_KINDS, blank=_("All kinds"))
        self.kind.setObjectName("calendarKindFilter")
        self.branch = QComboBox()
        self.branch.setObjectName("calendarBranchFilter")
        self.status = ChoiceCombo(MeetingStatus, blank=_("All statuses"))
        self.status.setObjectName("calendarStatusFilter")
        self.search = QLineEdit()
        self.search.setObjectName("calendarSearch")
        self.search.setPlaceholderText(_("Search topic or place"))
        self.search.setClearButtonEnabled(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for combo in (self.year, self.kind, self.branch, self.status):
            # Wide enough for its names when there is room; narrowed rather than widening a small window.
            combo.setMinimumWidth(combo.fontMetrics().horizontalAdvance("汉汉") + 30)
            layout.addWidget(combo)
            if combo is not self.year:
                combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        layout.addWidget(self.search, 1)
        self.year.currentIndexChanged.connect(lambda _index: self.yearChanged.emit())
        self.search.textChanged.connect(lambda _text: self.changed.emit())

    def value(self) -> MeetingFilter:
        return MeetingFilter(year=self.year.currentData(), kind=self.kind.value(), branch_id=self.branch.currentData(),
                             status=self.status.value(), text=self.search.text())

    def fill_branches(self, branches: list[tuple[int, str]]) -> None:
        current = self.branch.currentData()
        self.branch.blockSignals(True)
        self.branch.clear()
        self.branch.addItem(_("All branches"), None)
        for branch_id, name in branches:
            self.branch.addItem(name, branch_id)
        self.branch.setCurrentIndex(max(self.branch.findData(current), 0))
        self.branch.blockSignals(False)

    def fill_years(self, years: set[int], current: int | None) -> None:
        """Offer `years` (and `current`), choosing `current` (None: every year) silently."""
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem(_("All years"), None)
        for year in sorted(years | ({current} if current is not None else set()), reverse=True):
            self.year.addItem(_("Year {year}").format(year=year), year)
        self.year.setCurrentIndex(max(self.year.findData(current), 0))
        self.year.blockSignals(False)

    def clear(self) -> None:
        """Every kind, branch and status, no search; the year stays. Silent: the caller refreshes."""
        for widget in (self.kind, self.branch, self.status, self.search):
            widget.blockSignals(True)
        for combo in (self.kind, self.branch, self.status):
            combo.setCurrentIndex(0)
        self.search.clear()
        for widget in (self.kind, self.branch, self.status, self.search):
            widget.blockSignals(False)
