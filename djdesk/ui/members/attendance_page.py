"""The person dialog's 会议出席 page: the meetings a person was expected at, and their talks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.attendance import STREAK_LIMIT
from djdesk.i18n import _
from djdesk.services.attendance import PersonAttendance
from djdesk.services.talks import TalkRow


def _table(name: str, headings: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headings))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headings)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headings) - 1, QHeaderView.ResizeMode.Stretch)
    return table


class AttendancePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setObjectName("attendanceSummary")
        self.summary.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setObjectName("attendanceWarning")
        self.warning.setStyleSheet("color: #b00020;")
        self.warning.setWordWrap(True)
        self.warning.hide()
        self.meetings = _table("attendanceTable", [_("Date"), _("Kind"), _("Attendance"), _("Reason"), _("Topic")])
        self.meetings.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.meetings.setColumnWidth(3, 120)
        self.talks_label = QLabel()
        self.talks_label.setObjectName("talksSummary")
        self.talks = _table("personTalksTable", [_("Date"), _("Talked with by"), _("Note")])
        self.talks.setMaximumHeight(140)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.warning)
        layout.addWidget(self.meetings, 1)
        layout.addWidget(self.talks_label)
        layout.addWidget(self.talks)

    def show_record(self, record: PersonAttendance, talks: list[TalkRow]) -> None:
        s = record.summary
        if s.expected == 0:
            self.summary.setText(_("Not expected at any held meeting yet."))
        else:
            rate = f"{s.rate:.0%}" if s.rate is not None else "—"
            self.summary.setText(_(
                "Expected at {expected} held meetings: present {present}, on leave {leave}, absent {absent}, "
                "not recorded {unrecorded}; attendance {rate}.").format(
                    expected=s.expected, present=s.present, leave=s.leave, absent=s.absent,
                    unrecorded=s.unrecorded, rate=rate))
        self.warning.setVisible(record.streak >= STREAK_LIMIT)
        self.warning.setText(_("Absent without leave from the last {count} meetings in a row.").format(
            count=record.streak))
        self.meetings.setRowCount(len(record.marks))
        for row, mark in enumerate(record.marks):
            status = mark.status.label if mark.status is not None else _("Not recorded")
            cells = (f"{mark.starts_at:%Y-%m-%d}", mark.kind.label, status, mark.reason, mark.title)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 2 and mark.status is not None and mark.status.value == "absent":
                    item.setForeground(Qt.GlobalColor.red)
                self.meetings.setItem(row, column, item)
        self.talks_label.setText(_("Heart-to-heart talks: {count}").format(count=len(talks)))
        self.talks.setRowCount(len(talks))
        for row, talk in enumerate(talks):
            for column, text in enumerate((f"{talk.held_on:%Y-%m-%d}", talk.talker, talk.note)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.talks.setItem(row, column, item)
