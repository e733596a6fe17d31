"""年度总表: each member's twelve months of a year (paid, 欠 owed, 免 exempt) with the totals; the
table as Excel and a member's year as PDF."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.dues import month_of, yuan
from djdesk.domain.errors import UserError
from djdesk.i18n import N_, _
from djdesk.services import dues
from djdesk.services import settings as settings_service
from djdesk.services.dues import YearCell, YearLine, YearTable
from djdesk.store.database import (
    Database,
    Session,  # the type the transaction hands over
)
from djdesk.ui.asker import Asks
from djdesk.ui.dues.common import (
    CENTRE,
    FIRST_YEAR,
    GREY,
    RED,
    RIGHT,
    DuesPage,
    branch_combo,
    button,
    fill_branches,
    hint,
    money,
)
from djdesk.ui.events import AppEvents
from djdesk.ui.row_models import RowsModel, record_view

MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"), N_("Aug"),
          N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))
FIRST_MONTH = 2  # the column of January
DUE, PAID = FIRST_MONTH + 12, FIRST_MONTH + 13


class YearModel(RowsModel):
    """Each member's year, and a last line adding each month up (in bold)."""

    aligned = {**{FIRST_MONTH + month: CENTRE for month in range(12)}, DUE: RIGHT, PAID: RIGHT}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([_("Name"), _("Branch"), *(_(m) for m in MONTHS), _("Due"), _("Paid")], parent)
        self.people: tuple[YearLine, ...] = ()
        self.this_month = dt.date.min

    def set_view(self, view: YearTable | None, *, this_month: dt.date) -> None:
        self.beginResetModel()
        self.people = view.people if view else ()
        self.this_month = this_month
        self._show(len(self.people) + (1 if self.people else 0))
        self.endResetModel()

    def make_texts(self, line: int) -> tuple[str, ...]:
        people = self.people
        if line == len(people):
            # A month nobody has paid for yet (one still ahead) stays blank rather than 0.00.
            paid = [[p.months[i].paid_fen for p in people if p.months[i].paid_fen is not None] for i in range(12)]
            return (_("Total"), "", *(money(sum(month)) if month else "" for month in paid),
                    money(sum(p.due_fen for p in people)), money(sum(p.paid_fen for p in people)))
        person = people[line]
        return (person.name, person.branch, *(self._cell_text(cell) for cell in person.months),
                money(person.due_fen), money(person.paid_fen))

    def _cell_text(self, cell: YearCell) -> str:
        if cell.paid_fen is not None:
            return yuan(cell.paid_fen)
        if cell.exempt:
            return _("Ex.")
        return _("Owed") if cell.due_fen and cell.month <= self.this_month else ""

    def _no_base(self, person: YearLine) -> bool:
        return person.due_fen == 0 and person.paid_fen == 0 and not any(c.exempt for c in person.months)

    def foreground(self, line: int, column: int) -> QColor | None:
        if line >= len(self.people):
            return None
        person = self.people[line]
        if self._no_base(person):
            return GREY
        if not FIRST_MONTH <= column < DUE:
            return None
        cell = person.months[column - FIRST_MONTH]
        if cell.paid_fen is not None:
            return None
        if cell.exempt:
            return GREY
        return RED if cell.due_fen and cell.month <= self.this_month else None

    def tip(self, line: int, column: int) -> str:
        if line >= len(self.people):
            return ""
        person = self.people[line]
        if self._no_base(person):
            return _("No dues base for this year: add one on Bases and reliefs.")
        if not FIRST_MONTH <= column < DUE:
            return ""
        cell = person.months[column - FIRST_MONTH]
        tip = [] if cell.due_fen is None else [_("Due {amount} yuan").format(amount=yuan(cell.due_fen))]
        if cell.paid_fen is not None:
            tip.append(_("Paid {amount} yuan").format(amount=yuan(cell.paid_fen)))
        return _("; ").join(tip)

    def bold(self, line: int) -> bool:
        return line == len(self.people)

    def pinned(self) -> tuple[int, ...]:
        return (len(self.people),) if self.people else ()


class YearPage(DuesPage):
    """People in the official name order, never ranked; the last line adds each month up."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, parent: QWidget | None = None) -> None:
        super().__init__(db, events, asker, "duesYearPage", parent)
        self.view: YearTable | None = None
        self.chosen: int | None = None
        today = self.today()
        self.year = QSpinBox()
        self.year.setObjectName("duesYear")
        self.year.setRange(FIRST_YEAR, today.year + 1)
        self.year.setValue(today.year)
        self.year.setKeyboardTracking(False)  # a table per finished number, not per keystroke
        self.year.valueChanged.connect(lambda _v: self.reload_soon())
        self.branch = branch_combo("duesYearBranch")
        self.branch.currentIndexChanged.connect(lambda _i: self.reload_soon())
        self.xlsx_button = button("duesYearXlsx", _("Export Excel…"), self.export_table)
        self.person_button = button("duesPersonYearPdf", _("Member's year (PDF)…"), self.export_person)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Year")))
        top.addWidget(self.year)
        top.addSpacing(12)
        top.addWidget(QLabel(_("Branch")))
        top.addWidget(self.branch)
        top.addStretch(1)
        top.addWidget(self.xlsx_button)
        top.addWidget(self.person_button)

        self.model = YearModel(self)
        self.table = record_view("duesYearTable", self.model, 0)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        # Twelve months of one width, as on paper, whether a month is paid or still ahead.
        self.month_width = self.table.fontMetrics().horizontalAdvance("0000.00") + 14
        for month in range(12):
            header.setSectionResizeMode(FIRST_MONTH + month, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(FIRST_MONTH + month, self.month_width)
        self.table.selectionModel().selectionChanged.connect(lambda _new, _old: self._update_buttons())
        self.totals = QLabel()
        self.totals.setObjectName("duesYearTotals")
        legend = hint(_("Each month: the amount paid; “{owed}” owed; “{exempt}” exempt; blank: not due "
                        "(not a member then, before the dues kept here, or still ahead).").format(
            owed=_("Owed"), exempt=_("Ex.")), "duesYearLegend")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(legend)
        self._update_buttons()

    def _read(self, session: Session) -> None:
        self.chosen = self.current_person()  # chosen again after reading, by who it is
        fill_branches(self.branch, session)
        self.view = dues.year_table(session, self.year.value(), branch_id=self.branch.currentData(),
                                    today=self.today())

    def _fill(self) -> None:
        chosen = self.chosen
        this_month = month_of(self.today())
        self.model.set_view(self.view, this_month=this_month)
        people = self.model.people
        # Wider when a month's total needs it (a large school's): of one width still.
        total = [self.model.index(len(people), FIRST_MONTH + month) for month in range(12)] if people else []
        width = max([self.month_width, *(self.table.cell_width(index) for index in total)])
        for month in range(12):
            self.table.horizontalHeader().resizeSection(FIRST_MONTH + month, width)
        row = next((line for line, person in enumerate(people) if person.person_id == chosen), None)
        if row is not None:
            self.table.selectRow(row)
        owed = sum(1 for p in people for c in p.months
                   if c.paid_fen is None and c.due_fen and c.month <= this_month)
        self.totals.setText(_("{count} members; the year's dues {due} yuan, paid {paid} yuan; "
                              "months owed so far: {owed}").format(
            count=len(people), due=money(sum(p.due_fen for p in people)),
            paid=money(sum(p.paid_fen for p in people)), owed=owed))
        self._update_buttons()

    def current_person(self) -> int | None:
        people = self.model.people
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        row = rows[0].row() if rows else -1
        return people[row].person_id if 0 <= row < len(people) else None

    def _update_buttons(self) -> None:
        self.person_button.setEnabled(self.current_person() is not None)
        self.xlsx_button.setEnabled(bool(self.view and self.view.people))

    # -- files ----------------------------------------------------------------------------------
    def export_table(self) -> None:
        view = self.view
        if view is None:
            return
        branch = self.branch.currentText() if self.branch.currentData() is not None else ""
        name = _("{branch} dues {year}").format(branch=branch, year=view.year).strip()
        today = self.today()

        def write(path):  # type: ignore[no-untyped-def]
            from djdesk.sheets.dues import write_year_xlsx

            return write_year_xlsx(path, view, today=today)

        self.export(_("Year's dues table (Excel)"), name, False, write)

    def export_person(self) -> None:
        person_id = self.current_person()
        if person_id is None:
            return
        try:
            with self.db.transaction() as session:
                year = dues.person_year(session, person_id, self.year.value(), today=self.today())
                school = settings_service.load(session).school_name
        except UserError as error:
            self.asker.error(self, error.message)
            return
        today = self.today()

        def write(path):  # type: ignore[no-untyped-def]
            from djdesk.reports.dues import write_person_year_pdf

            return write_person_year_pdf(path, year, school, today=today)

        self.export(_("Member's dues of the year (PDF)"), _("{name} dues {year}").format(name=year.name,
                                                                                          year=year.year), True, write)
