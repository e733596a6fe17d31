"""学时统计: each member's and each study group's hours against the yearly targets, who has had no
learning lately (for a friendly reminder), and the term's study record table as PDF or Excel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.errors import NotFoundError, UserError
from djdesk.domain.ethics import number
from djdesk.domain.study import LEADER_TARGET, MEMBER_TARGET, Totals
from djdesk.i18n import _
from djdesk.services import study
from djdesk.services.study import (
    GroupStudy,
    PersonStudy,
    QuietRow,
    TermRow,
    study_label,
)
from djdesk.store.database import Database
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks, ask_save_path
from djdesk.ui.background import write_in_background
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import record_table
from djdesk.ui.record_printing import safe_name, warn_missing

RELOAD_ON = frozenset({kinds.LEARNING, kinds.PEOPLE, kinds.MEETINGS, kinds.STUDY, kinds.BRANCHES})
RED = QColor("#b00020")
SHORT = 6  # the column of hours still missing
FIRST_YEAR = 2000
DEFAULT_WEEKS = 4
MAX_WEEKS = 52
NUMBERS = Qt.AlignmentFlag.AlignCenter  # short numbers under wide headers


def _by_kind(totals: Totals) -> str:
    """自学 2; 集中学习 4 — a cell's tooltip."""
    return _("; ").join(f"{kind.label} {number(hours)}" for kind, hours in totals.by_kind.items())


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold;")
    return label


class TotalsPage(QWidget):
    """Reads nothing until shown and until the tab has said which term; people stay in the
    official name order (never ranked by hours)."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.events, self.asker = db, events, asker
        self.setObjectName("studyTotalsPage")
        self.term: TermRow | None = None
        self.term_known = False
        self._stale = True
        self.people: list[PersonStudy] = []
        self.group_rows: list[GroupStudy] = []
        self.quiet_rows: list[QuietRow] = []
        today = db.clock.today()

        self.year = QSpinBox()
        self.year.setObjectName("studyYear")
        self.year.setRange(FIRST_YEAR, today.year + 1)
        self.year.setValue(today.year)
        self.year.valueChanged.connect(lambda _v: self._reload_soon())
        self.targets = QLabel(_("Yearly targets: members {member} hours, secretaries and committee members "
                                "{leader}; group study, party lectures and trainings count.").format(
            member=number(MEMBER_TARGET), leader=number(LEADER_TARGET)))
        self.targets.setObjectName("studyTargets")
        self.targets.setWordWrap(True)
        self.targets.setStyleSheet("color: #6b6b6b;")
        self.pdf_button = self._button("studyExportPdf", _("Export PDF…"), lambda: self.export(pdf=True))
        self.xlsx_button = self._button("studyExportXlsx", _("Export Excel…"), lambda: self.export(pdf=False))
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Year")))
        top.addWidget(self.year)
        top.addWidget(self.targets, 1)
        top.addWidget(self.pdf_button)
        top.addWidget(self.xlsx_button)

        self.people_table = record_table("studyPeople", [
            _("Name"), _("Branch"), _("Term hours"), _("Term sessions"), _("Year's concentrated hours"),
            _("Target"), _("Still short")], 1)
        self.groups_table = record_table("studyGroupTotals", [
            study_label("group_id"), _("Count"), _("Term hours"), _("Term sessions"),
            _("Year's concentrated hours"), _("Below target")], 0)
        self.quiet_table = record_table("studyQuiet", [_("Name"), _("Branch"), _("Last learning")], 1)

        self.weeks = QSpinBox()
        self.weeks.setObjectName("studyQuietWeeks")
        self.weeks.setRange(1, MAX_WEEKS)
        self.weeks.setValue(DEFAULT_WEEKS)
        self.weeks.valueChanged.connect(lambda _v: self._reload_soon())
        # One sentence around the number, so it can be translated whole.
        before, _mark, after = _("No learning record in the last {weeks} weeks").partition("{weeks}")
        quiet_line = QHBoxLayout()
        quiet_line.addWidget(_heading(before.strip()))
        quiet_line.addWidget(self.weeks)
        quiet_line.addWidget(_heading(after.strip()))
        quiet_line.addStretch(1)
        self.quiet_note = QLabel(_("For a friendly reminder, not a ranking."))
        self.quiet_note.setObjectName("studyQuietNote")
        self.quiet_note.setStyleSheet("color: #6b6b6b;")

        # The wide tables on the left (a person's line, a group's line); the short list on the right.
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.people_heading = _heading("")
        column.addWidget(self.people_heading)
        column.addWidget(self.people_table, 3)
        column.addSpacing(8)
        column.addWidget(_heading(_("Study groups")))
        column.addWidget(self.groups_table, 1)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(quiet_line)
        column.addWidget(self.quiet_table, 1)
        column.addWidget(self.quiet_note)
        split = QSplitter()
        split.setObjectName("studyTotalsSplit")
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self._update_buttons()
        events.changed.connect(self._changed)

    @staticmethod
    def _button(name: str, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: slot())
        return button

    # -- loading ------------------------------------------------------------------------------
    def set_term(self, term: TermRow | None) -> None:
        if self.term_known and term == self.term:
            return
        self.term, self.term_known = term, True
        self.year.blockSignals(True)  # one reading, not two
        self.year.setValue(term.starts_on.year if term else self.db.clock.today().year)
        self.year.blockSignals(False)
        self._update_buttons()
        self._reload_soon()

    def _changed(self, kind: str) -> None:
        if kind in RELOAD_ON:
            self._reload_soon()

    def _reload_soon(self) -> None:
        if self.isVisible() and self.term_known:
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._stale and self.term_known:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        term_id = self.term.id if self.term else None
        try:
            with self.db.transaction() as session:
                self.people = study.person_totals(session, term_id=term_id, year=self.year.value())
                self.group_rows = study.group_totals(session, term_id=term_id, year=self.year.value())
                self.quiet_rows = study.quiet(session, weeks=self.weeks.value(), today=self.db.clock.today())
        except NotFoundError:
            # The term was just deleted: the same change makes the tab choose another one.
            self._stale = True
            return
        self._fill_people()
        self._fill_groups()
        self._fill_quiet()

    # -- tables -------------------------------------------------------------------------------
    @staticmethod
    def _put(table: QTableWidget, rows: Sequence[Sequence[str | tuple[str, str]]]) -> None:
        """Cells as text, or (text, tooltip); numbers (every column after the second) centred."""
        table.setRowCount(len(rows))
        for line, cells in enumerate(rows):
            for column, cell in enumerate(cells):
                text, tip = cell if isinstance(cell, tuple) else (cell, "")
                item = QTableWidgetItem(text)
                if tip:
                    item.setToolTip(tip)
                if column >= 2 or (column == 1 and text.isdigit()):
                    item.setTextAlignment(NUMBERS)
                table.setItem(line, column, item)

    def _fill_people(self) -> None:
        has_term = self.term is not None
        rows = []
        for p in self.people:
            target = number(p.target) if p.member else ""  # no target outside the party
            rows.append([
                p.name, p.branch,
                (number(p.term.hours), _by_kind(p.term)) if has_term else "",
                str(p.term.sessions) if has_term else "",
                (number(p.year.concentrated), _by_kind(p.year)),
                (target, _("Secretary or committee member") if p.leader else ""),
                number(p.short) if p.short > 0 else "",
            ])
        self._put(self.people_table, rows)
        short = 0
        for line, p in enumerate(self.people):
            if p.short > 0:
                short += 1
                item = self.people_table.item(line, SHORT)
                item.setForeground(RED)
                item.setToolTip(_("{hours} hours still to study this year").format(hours=number(p.short)))
        self.people_heading.setText(_("People: {count}; short of the year's target: {short}").format(
            count=len(self.people), short=short))

    def _fill_groups(self) -> None:
        has_term = self.term is not None
        self._put(self.groups_table, [
            [g.name, str(g.members),
             (number(g.term.hours), _by_kind(g.term)) if has_term else "",
             str(g.term.sessions) if has_term else "",
             (number(g.year.concentrated), _by_kind(g.year)),
             str(g.below_target) if g.below_target else ""]
            for g in self.group_rows])
        for line, g in enumerate(self.group_rows):
            if g.below_target:
                self.groups_table.item(line, 5).setForeground(RED)

    def _fill_quiet(self) -> None:
        self._put(self.quiet_table, [
            [q.name, q.branch, f"{q.last_on:%Y-%m-%d}" if q.last_on else _("none recorded")]
            for q in self.quiet_rows])

    def _update_buttons(self) -> None:
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(self.term is not None)
            button.setToolTip("" if self.term else _("Choose or make a study term first."))

    # -- the term's study record table ----------------------------------------------------------
    def export(self, *, pdf: bool) -> None:
        if self.term is None:
            return
        try:
            with self.db.transaction() as session:
                report = study.term_report(session, self.term.id)
        except UserError as error:
            self.asker.error(self, error.message)
            return
        base = safe_name(_("{term} study records").format(term=report.term.name))
        if pdf:
            path = ask_save_path(self.asker, self, _("Term study records (PDF)"), Path.home() / f"{base}.pdf",
                                 _("PDF document (*.pdf)"))
        else:
            path = ask_save_path(self.asker, self, _("Term study records (Excel)"), Path.home() / f"{base}.xlsx",
                                 _("Excel workbook (*.xlsx)"))
        if path is None:
            return
        chosen = path

        def write() -> Any:
            if pdf:
                from djdesk.reports.study import write_term_pdf

                return write_term_pdf(chosen, report)
            from djdesk.sheets.study import write_term_xlsx

            return write_term_xlsx(chosen, report)

        write_in_background(self, self.asker, chosen, write, lambda result: self._written(chosen, result))

    def _written(self, path: Path, result: Any) -> None:
        missing = getattr(result, "missing", None)
        if missing:
            warn_missing(self.asker, self, missing)
        self.asker.info(self, _("Saved {path}.").format(path=path))
