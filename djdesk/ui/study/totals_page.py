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
from djdesk.ui.record_printing import safe_name, warn_missing
from djdesk.ui.row_models import RowsModel, record_view

RELOAD_ON = frozenset({kinds.LEARNING, kinds.PEOPLE, kinds.MEETINGS, kinds.STUDY, kinds.BRANCHES})
RED = QColor("#b00020")
SHORT = 6  # the column of hours still missing
BELOW = 5  # a study group's column of members below the target
TERM_HOURS, YEAR_HOURS, TARGET = 2, 4, 5
FIRST_YEAR = 2000
DEFAULT_WEEKS = 4
MAX_WEEKS = 52
NUMBERS = Qt.AlignmentFlag.AlignCenter  # short numbers under wide headers


def _by_kind(totals: Totals) -> str:
    """自学 2; 集中学习 4 — a cell's tooltip."""
    return _("; ").join(f"{kind.label} {number(hours)}" for kind, hours in totals.by_kind.items())


class PeopleModel(RowsModel):
    """Each person's hours, in the order given; what is still missing in red, the hours by kind in
    the tooltips. The term's columns stay empty without a term."""

    aligned = {column: NUMBERS for column in range(2, 7)}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([_("Name"), _("Branch"), _("Term hours"), _("Term sessions"),
                          _("Year's concentrated hours"), _("Target"), _("Still short")], parent)
        self.rows: tuple[PersonStudy, ...] = ()
        self.has_term = False

    def set_rows(self, rows: Sequence[PersonStudy], has_term: bool) -> None:
        self.beginResetModel()
        self.rows, self.has_term = tuple(rows), has_term
        self._show(len(self.rows))
        self.endResetModel()

    def make_texts(self, line: int) -> tuple[str, ...]:
        p, term = self.rows[line], self.has_term
        return (p.name, p.branch, number(p.term.hours) if term else "", str(p.term.sessions) if term else "",
                number(p.year.concentrated),
                number(p.target) if p.member else "",  # no target outside the party
                number(p.short) if p.short > 0 else "")

    def foreground(self, line: int, column: int) -> QColor | None:
        return RED if column == SHORT and self.rows[line].short > 0 else None

    def tip(self, line: int, column: int) -> str:
        p = self.rows[line]
        if column == TERM_HOURS:
            return _by_kind(p.term) if self.has_term else ""
        if column == YEAR_HOURS:
            return _by_kind(p.year)
        if column == TARGET:
            return _("Secretary or committee member") if p.leader else ""
        if column == SHORT and p.short > 0:
            return _("{hours} hours still to study this year").format(hours=number(p.short))
        return ""


class GroupsModel(RowsModel):
    """Each study group's hours; how many of its members are below the target in red."""

    aligned = {column: NUMBERS for column in range(1, 6)}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([study_label("group_id"), _("Count"), _("Term hours"), _("Term sessions"),
                          _("Year's concentrated hours"), _("Below target")], parent)
        self.rows: tuple[GroupStudy, ...] = ()
        self.has_term = False

    def set_rows(self, rows: Sequence[GroupStudy], has_term: bool) -> None:
        self.beginResetModel()
        self.rows, self.has_term = tuple(rows), has_term
        self._show(len(self.rows))
        self.endResetModel()

    def make_texts(self, line: int) -> tuple[str, ...]:
        g, term = self.rows[line], self.has_term
        return (g.name, str(g.members), number(g.term.hours) if term else "", str(g.term.sessions) if term else "",
                number(g.year.concentrated), str(g.below_target) if g.below_target else "")

    def foreground(self, line: int, column: int) -> QColor | None:
        return RED if column == BELOW and self.rows[line].below_target else None

    def tip(self, line: int, column: int) -> str:
        g = self.rows[line]
        if column == TERM_HOURS:
            return _by_kind(g.term) if self.has_term else ""
        return _by_kind(g.year) if column == YEAR_HOURS else ""


class QuietModel(RowsModel):
    """Who has had no learning lately, and when they last had some."""

    aligned = {2: NUMBERS}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([_("Name"), _("Branch"), _("Last learning")], parent)
        self.rows: tuple[QuietRow, ...] = ()

    def set_rows(self, rows: Sequence[QuietRow]) -> None:
        self.beginResetModel()
        self.rows = tuple(rows)
        self._show(len(self.rows))
        self.endResetModel()

    def make_texts(self, line: int) -> tuple[str, ...]:
        q = self.rows[line]
        return (q.name, q.branch, f"{q.last_on:%Y-%m-%d}" if q.last_on else _("none recorded"))


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

        # Models, not table items: a whole school is thousands of people, of whom 30 are on screen.
        self.people_model = PeopleModel(self)
        self.groups_model = GroupsModel(self)
        self.quiet_model = QuietModel(self)
        self.people_table = record_view("studyPeople", self.people_model, 1)
        self.groups_table = record_view("studyGroupTotals", self.groups_model, 0)
        self.quiet_table = record_view("studyQuiet", self.quiet_model, 1)

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
    def _fill_people(self) -> None:
        self.people_model.set_rows(self.people, self.term is not None)
        short = sum(1 for p in self.people if p.short > 0)
        self.people_heading.setText(_("People: {count}; short of the year's target: {short}").format(
            count=len(self.people), short=short))

    def _fill_groups(self) -> None:
        self.groups_model.set_rows(self.group_rows, self.term is not None)

    def _fill_quiet(self) -> None:
        self.quiet_model.set_rows(self.quiet_rows)

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
