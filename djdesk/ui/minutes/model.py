"""The 会议记录 tab's table: a year's meetings with the state of their records, filtered and
sorted by the model itself."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QTableView

from djdesk.domain.meetings import MeetingKind
from djdesk.domain.minutes import MinutesState
from djdesk.i18n import N_, _
from djdesk.services.minutes import MinutesRow
from djdesk.ui.calendar import colours
from djdesk.ui.meeting_rows import MeetingRowsModel, set_up_view

Index = QModelIndex | QPersistentModelIndex
_DISPLAY, _USER = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole
_FOREGROUND, _TOOLTIP = Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole
_ROLES = frozenset((_DISPLAY, _USER, _FOREGROUND, _TOOLTIP))
_KIND_ORDER = {k: i for i, k in enumerate(MeetingKind)}
# Sorted by state, what needs doing comes first: records to write, then to print again.
_STATE_ORDER = {s: i for i, s in enumerate((MinutesState.EMPTY, MinutesState.CHANGED, MinutesState.WRITTEN,
                                            MinutesState.PRINTED, MinutesState.NOT_HELD))}

# A record to write (held, nothing written) is the office's problem: red, as in the calendar.
# One changed after printing needs printing again: amber, unlike both red and the kinds' hues.
STATE_COLOURS: dict[MinutesState, QColor] = {
    MinutesState.EMPTY: colours.PROBLEM,
    MinutesState.CHANGED: QColor("#b26a00"),
    MinutesState.NOT_HELD: colours.MUTED,
    MinutesState.PRINTED: QColor("#1b7a3a"),
}


def state_text(row: MinutesRow) -> str:
    """记录状态 as shown: a printed record says when (已打印 2026-06-20)."""
    if row.printed_on is not None and row.state in (MinutesState.PRINTED, MinutesState.CHANGED):
        return _("{state} {date}").format(state=row.state.label, date=f"{row.printed_on:%Y-%m-%d}")
    return row.state.label


def when_text(row: MinutesRow, year: int | None) -> str:
    """The start without the year when it is the 所属年度 shown (room for the topic); a meeting
    counted for another year than it was held in shows its year, and stands out."""
    return f"{row.starts_at:%m-%d %H:%M}" if row.starts_at.year == year else f"{row.starts_at:%Y-%m-%d %H:%M}"


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # untranslated; shown through _()
    text: Callable[[MinutesRow, int | None], str]  # the row and the 所属年度 shown
    sort_key: Callable[[MinutesRow], Any]


COLUMNS: tuple[Column, ...] = (
    Column("when", N_("Date and time"), when_text, lambda r: r.starts_at),
    # The short name (党员大会, 支委会) leaves the topic room; the full one is in the tooltip.
    Column("kind", N_("Kind"), lambda r, y: colours.short_label(r.kind), lambda r: _KIND_ORDER[r.kind]),
    Column("branch", N_("Branch"), lambda r, y: r.branch, lambda r: r.branch),
    Column("title", N_("Topic"), lambda r, y: r.title, lambda r: r.title),
    Column("state", N_("Record status"), lambda r, y: state_text(r), lambda r: (_STATE_ORDER[r.state], r.printed_on or dt.date.min)),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)


def _fold(text: str) -> str:
    # NFKC: text typed in the input method's full-width mode (ｘｘ) matches.
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass(frozen=True)
class MinutesFilter:
    state: MinutesState | None = None
    text: str = ""  # in the topic or the branch's name

    def matcher(self) -> Callable[[MinutesRow], bool]:
        state, text = self.state, _fold(self.text.strip())
        return lambda row: ((state is None or row.state is state)
                            and (not text or text in _fold(row.title) or text in _fold(row.branch)))


class MinutesModel(MeetingRowsModel[MinutesRow]):
    """The meetings by start unless sorted by a column; the rows the filter lets through."""

    columns = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(MinutesFilter(), parent)
        self._year: int | None = None

    def set_rows(self, rows: list[MinutesRow], year: int | None = None) -> None:
        """The rows of the 所属年度 `year`."""
        self._year = year
        self._load(rows)

    @property
    def minutes_filter(self) -> MinutesFilter:
        return self._filter  # type: ignore[return-value]

    def find(self, meeting_id: int) -> MinutesRow | None:
        """The meeting among all loaded, shown or filtered out."""
        return next((row for row in self._all if row.id == meeting_id), None)

    # -- QAbstractTableModel -----------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Qt asks for a dozen roles per visible cell on every repaint: the unused ones first.
        if role not in _ROLES or not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, key = self._rows[index.row()], COLUMNS[index.column()].key
        if role == _DISPLAY:
            texts = self._texts.get(row.id)
            if texts is None:
                texts = self._texts[row.id] = tuple(c.text(row, self._year) for c in COLUMNS)
            return texts[index.column()]
        if role == _USER:
            return row.id
        if role == _FOREGROUND:
            if key == "state":
                return STATE_COLOURS.get(row.state)
            # The kind in its colour, as in the calendar: the two tabs read alike.
            return colours.kind_colour(row.kind) if key == "kind" else None
        if key == "state":
            return _tooltip(row.state)
        return row.kind.label if key == "kind" else row.title if key == "title" else None



def _tooltip(state: MinutesState) -> str | None:
    if state is MinutesState.EMPTY:
        return _("The meeting was held but its minutes are not written yet")
    if state is MinutesState.CHANGED:
        return _("The record was changed after it was printed: print it again for the meeting book")
    if state is MinutesState.NOT_HELD:
        return _("Record the meeting as held in the calendar first (Open meeting…)")
    return None


# First-run column widths: typical content ("汉" for text, "0" for digits).
WIDTHS = {"when": "00-00 00:00", "kind": "汉" * 4, "branch": "汉" * 5, "title": "汉" * 10}


class MinutesTable(QTableView):
    """The meetings, one selected at a time; the topic takes the room left."""

    def __init__(self, model: MinutesModel) -> None:
        super().__init__()
        set_up_view(self, "minutesTable", model)
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # by start until clicked
        self.horizontalHeader().setSectionResizeMode(COLUMN_KEYS.index("title"), QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        # The state's longest text in the language shown: 打印后有修改 2026-06-20.
        samples = {**WIDTHS, "state": max((f"{s.label} 2026-06-20" for s in MinutesState),
                                          key=metrics.horizontalAdvance)}
        for column, key in enumerate(COLUMN_KEYS):
            self.setColumnWidth(column, metrics.horizontalAdvance(samples[key]) + 16)
