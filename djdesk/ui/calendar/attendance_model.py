"""The attendance grid's model: the expected attendees of a meeting and their attendance."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from djdesk.domain.attendance import Summary
from djdesk.domain.meetings import AttendanceStatus
from djdesk.domain.people import MembershipStatus, PoliticalStatus
from djdesk.domain.votes import can_vote
from djdesk.i18n import N_, _
from djdesk.services.meeting_edit import AttendanceEntry
from djdesk.services.meetings import Attendee, PersonChoice

Index = QModelIndex | QPersistentModelIndex
NAME, STANDING, VOTE, STATUS, REASON = range(5)
HEADERS = (N_("Name"), N_("Political status"), N_("Right to vote"), N_("Attendance"), N_("Reason"))
UNRECORDED = "—"
# Space walks through the states in the order a register is usually filled in.
CYCLE: tuple[AttendanceStatus | None, ...] = (None, *AttendanceStatus)
COLOURS = {AttendanceStatus.PRESENT: QColor("#1b7a1b"), AttendanceStatus.LEAVE: QColor("#9a6700"),
           AttendanceStatus.ABSENT: QColor("#b00020")}
MUTED = QColor("#8a8a8a")
_DISPLAY, _EDIT = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole
_FOREGROUND, _TOOLTIP = Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole


@dataclass(frozen=True)
class GridRow:
    person_id: int
    name: str
    political_status: PoliticalStatus
    membership_status: MembershipStatus
    status: AttendanceStatus | None = None
    reason: str = ""

    @property
    def can_vote(self) -> bool:
        return can_vote(self.political_status, self.membership_status)

    @classmethod
    def of(cls, person: Attendee | PersonChoice) -> GridRow:
        if isinstance(person, Attendee):
            return cls(person.person_id, person.name, person.political_status, person.membership_status,
                       person.status, person.reason)
        return cls(person.id, person.name, person.political_status, person.membership_status)


def _standing(row: GridRow) -> str:
    if row.membership_status is MembershipStatus.NORMAL:
        return row.political_status.label
    return _("{status} ({membership})").format(status=row.political_status.label,
                                               membership=row.membership_status.label)


def _status_code(value: object) -> AttendanceStatus | None:
    if isinstance(value, AttendanceStatus) or value is None:
        return value
    return AttendanceStatus(value) if value else None


class AttendanceModel(QAbstractTableModel):
    """The expected attendees, in the order they were listed, editable in place."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[GridRow] = []

    # -- Qt ---------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < len(HEADERS):
            return _(HEADERS[section])
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == _DISPLAY:
            return self._text(row, column)
        if role == _EDIT:
            if column == STATUS:
                return row.status.value if row.status else ""
            return row.reason if column == REASON else self._text(row, column)
        if role == _FOREGROUND:
            if column == STATUS:
                return COLOURS.get(row.status, MUTED) if row.status else MUTED
            if column == VOTE and not row.can_vote:
                return MUTED
        if role == _TOOLTIP and column == VOTE and not row.can_vote:
            return _("Probationary members, and members under probation within the party, attend "
                     "without a vote.")
        return None

    @staticmethod
    def _text(row: GridRow, column: int) -> str:
        if column == NAME:
            return row.name
        if column == STANDING:
            return _standing(row)
        if column == VOTE:
            return _("has a vote") if row.can_vote else _("no vote")
        if column == STATUS:
            return row.status.label if row.status else UNRECORDED
        return row.reason

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        if index.column() == STATUS:
            return base | Qt.ItemFlag.ItemIsEditable
        if index.column() == REASON:
            # Someone who came needs no reason: the cell is greyed out and stays empty.
            if self._rows[index.row()].status is AttendanceStatus.PRESENT:
                return Qt.ItemFlag.ItemIsSelectable
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = _EDIT) -> bool:
        if not index.isValid() or role != _EDIT or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        number = index.row()
        if index.column() == STATUS:
            try:
                status = _status_code(value)
            except ValueError:
                return False
            self.set_status([number], status)
            return True
        if index.column() == REASON:
            self._replace(number, replace(self._rows[number], reason=str(value or "")))
            return True
        return False

    # -- the list ---------------------------------------------------------------------------
    def rows(self) -> list[GridRow]:
        return list(self._rows)

    def row(self, number: int) -> GridRow:
        return self._rows[number]

    def set_rows(self, rows: Iterable[GridRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def _replace(self, number: int, row: GridRow) -> None:
        self._rows[number] = row
        self.dataChanged.emit(self.index(number, 0), self.index(number, len(HEADERS) - 1))

    def set_status(self, numbers: Iterable[int], status: AttendanceStatus | None) -> None:
        for number in sorted(set(numbers)):
            old = self._rows[number]
            reason = "" if status is AttendanceStatus.PRESENT else old.reason
            if (old.status, old.reason) != (status, reason):
                self._replace(number, replace(old, status=status, reason=reason))

    def cycle(self, numbers: Iterable[int]) -> None:
        for number in sorted(set(numbers)):
            current = CYCLE.index(self._rows[number].status)
            self.set_status([number], CYCLE[(current + 1) % len(CYCLE)])

    def all_present(self) -> None:
        """Everyone not yet recorded came; leave and absence already entered stay."""
        self.set_status([n for n, r in enumerate(self._rows) if r.status is None], AttendanceStatus.PRESENT)

    def append(self, rows: Sequence[GridRow]) -> None:
        known = {r.person_id for r in self._rows}
        new = [r for r in {r.person_id: r for r in rows}.values() if r.person_id not in known]
        if not new:
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(new) - 1)
        self._rows.extend(new)
        self.endInsertRows()

    def remove(self, numbers: Iterable[int]) -> None:
        # From the bottom up, so the numbers still to remove stay valid.
        for number in sorted(set(numbers), reverse=True):
            self.beginRemoveRows(QModelIndex(), number, number)
            del self._rows[number]
            self.endRemoveRows()

    # -- what the form needs ----------------------------------------------------------------
    def expected_ids(self) -> tuple[int, ...]:
        return tuple(r.person_id for r in self._rows)

    def entries(self) -> tuple[AttendanceEntry, ...]:
        return tuple(AttendanceEntry(r.person_id, r.status, r.reason.strip()) for r in self._rows)

    def counts(self) -> Summary:
        statuses = [r.status for r in self._rows]
        return Summary(len(statuses), statuses.count(AttendanceStatus.PRESENT),
                       statuses.count(AttendanceStatus.LEAVE), statuses.count(AttendanceStatus.ABSENT),
                       statuses.count(None))

    def voting(self) -> tuple[int, int]:
        """Voting members expected and present, for the vote's 应到/实到."""
        voters = [r for r in self._rows if r.can_vote]
        return len(voters), sum(1 for r in voters if r.status is AttendanceStatus.PRESENT)
