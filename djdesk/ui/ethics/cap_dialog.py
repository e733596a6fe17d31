"""Over the 优秀 cap: the program's proposal (the highest totals keep it), ticked for the office
to confirm or change; ties at the line are marked for a closer look."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain import ethics
from djdesk.domain.errors import UserError
from djdesk.domain.ethics import CapProposal
from djdesk.i18n import _
from djdesk.services import ethics as service
from djdesk.services.ethics import PeriodView
from djdesk.store.database import Database
from djdesk.ui.asker import Asks
from djdesk.ui.calendar import colours
from djdesk.ui.forms import ERROR_STYLE, dialog_buttons

_ID = Qt.ItemDataRole.UserRole


class CapDialog(QDialog):
    applied = Signal()

    def __init__(self, db: Database, asker: Asks, view: PeriodView, proposal: CapProposal,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.asker, self.view, self.proposal = db, asker, view, proposal
        self.setObjectName("ethicsCapDialog")
        top = view.scheme.top
        self.setWindowTitle(_("Who keeps {top}").format(top=top))
        rows = {r.person_id: r for r in view.rows}
        ranked = [rows[pid] for pid in (*proposal.keep, *proposal.withhold)]
        intro = QLabel(_(
            "{count} teachers reach {top}; the cap of {cap}% allows {allowed}. Ticked: the highest totals, as "
            "proposed. Change the ticks if the office decides otherwise; the others are graded {next}.").format(
            count=len(ranked), top=top, cap=view.scheme.cap_percent, allowed=proposal.allowed,
            next=view.scheme.bands[1].name))
        intro.setWordWrap(True)
        self.table = QTableWidget(len(ranked), 4)
        self.table.setObjectName("capTable")
        self.table.setHorizontalHeaderLabels([_("Keeps {top}").format(top=top), _("Name"), _("Teaching group"),
                                              _("Total score")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        tied = set(proposal.tied)
        for i, row in enumerate(ranked):
            keep = QTableWidgetItem()
            keep.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            keep.setCheckState(Qt.CheckState.Checked if row.person_id in proposal.keep else Qt.CheckState.Unchecked)
            keep.setData(_ID, row.person_id)
            cells = [keep, QTableWidgetItem(row.name), QTableWidgetItem(row.department),
                     QTableWidgetItem(ethics.number(row.total))]
            for column, item in enumerate(cells):
                if column:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if row.person_id in tied:
                    item.setForeground(colours.PROBLEM)
                    item.setToolTip(_("Same total as the last one proposed: the office decides."))
                self.table.setItem(i, column, item)
        self.table.resizeColumnsToContents()
        self.count = QLabel()
        self.count.setObjectName("capCount")
        self.table.itemChanged.connect(lambda _item: self._count())
        tie_note = QLabel(_("Marked red: equal totals at the line.")) if tied else QLabel()
        buttons = dialog_buttons(self, _("Apply"), "applyCap")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(tie_note)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.resize(520, 480)
        self._count()

    def kept(self) -> set[int]:
        return {self.table.item(r, 0).data(_ID) for r in range(self.table.rowCount())
                if self.table.item(r, 0).checkState() == Qt.CheckState.Checked}

    def _count(self) -> None:
        kept = len(self.kept())
        self.count.setText(_("{kept} keep it, {allowed} allowed").format(kept=kept, allowed=self.proposal.allowed))
        self.count.setStyleSheet(ERROR_STYLE if kept > self.proposal.allowed else "")

    def save(self) -> None:
        kept = self.kept()
        if len(kept) > self.proposal.allowed:
            self.asker.error(self, _("Only {allowed} may keep {top}: untick {extra} more.").format(
                allowed=self.proposal.allowed, top=self.view.scheme.top, extra=len(kept) - self.proposal.allowed))
            return
        withhold = {self.table.item(r, 0).data(_ID) for r in range(self.table.rowCount())} - kept
        try:
            with self.db.transaction() as session:
                service.apply_cap(session, self.view.period.id, withhold)
        except UserError as error:
            self.asker.error(self, error.message)
            return
        self.applied.emit()
        self.accept()
