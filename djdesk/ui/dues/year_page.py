"""年度总表: each member's twelve months of a year (paid, 欠 owed, 免 exempt) with the totals; the
table as Excel and a member's year as PDF."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.dues import month_of, yuan
from djdesk.domain.errors import UserError
from djdesk.i18n import N_, _
from djdesk.services import dues
from djdesk.services import settings as settings_service
from djdesk.services.dues import YearCell, YearTable
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
    paint,
)
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import record_table

MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"), N_("Aug"),
          N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))
FIRST_MONTH = 2  # the column of January
DUE, PAID = FIRST_MONTH + 12, FIRST_MONTH + 13


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

        self.table = record_table("duesYearTable", [
            _("Name"), _("Branch"), *(_(m) for m in MONTHS), _("Due"), _("Paid")], 0)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        # Twelve months of one width, as on paper, whether a month is paid or still ahead.
        width = self.table.fontMetrics().horizontalAdvance("0000.00") + 14
        for month in range(12):
            header.setSectionResizeMode(FIRST_MONTH + month, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(FIRST_MONTH + month, width)
        self.table.itemSelectionChanged.connect(self._update_buttons)
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

    def _cell(self, cell: YearCell) -> QTableWidgetItem:
        this_month = month_of(self.today())
        item = QTableWidgetItem()
        item.setTextAlignment(CENTRE)
        tip = [] if cell.due_fen is None else [_("Due {amount} yuan").format(amount=yuan(cell.due_fen))]
        if cell.paid_fen is not None:
            item.setText(yuan(cell.paid_fen))
            tip.append(_("Paid {amount} yuan").format(amount=yuan(cell.paid_fen)))
        elif cell.exempt:
            item.setText(_("Ex."))
            item.setForeground(GREY)
        elif cell.due_fen and cell.month <= this_month:
            item.setText(_("Owed"))
            item.setForeground(RED)
        item.setToolTip(_("; ").join(tip))
        return item

    def _fill(self) -> None:
        chosen = self.chosen
        people = self.view.people if self.view else ()
        table = self.table
        table.blockSignals(True)
        table.clearSelection()
        table.setRowCount(len(people) + (1 if people else 0))
        for line, person in enumerate(people):
            table.setItem(line, 0, QTableWidgetItem(person.name))
            table.setItem(line, 1, QTableWidgetItem(person.branch))
            for index, cell in enumerate(person.months):
                table.setItem(line, FIRST_MONTH + index, self._cell(cell))
            for column, fen in ((DUE, person.due_fen), (PAID, person.paid_fen)):
                item = QTableWidgetItem(money(fen))
                item.setTextAlignment(RIGHT)
                table.setItem(line, column, item)
            if person.due_fen == 0 and person.paid_fen == 0 and not any(c.exempt for c in person.months):
                paint(table, line, GREY, tip=_("No dues base for this year: add one on Bases and reliefs."))
            if person.person_id == chosen:
                table.selectRow(line)
        if people:
            last = len(people)
            font = table.font()
            font.setBold(True)
            # A month nobody has paid for yet (one still ahead) stays blank rather than 0.00.
            paid = [[p.months[i].paid_fen for p in people if p.months[i].paid_fen is not None] for i in range(12)]
            totals = [_("Total"), "", *(money(sum(month)) if month else "" for month in paid),
                      money(sum(p.due_fen for p in people)), money(sum(p.paid_fen for p in people))]
            for column, text in enumerate(totals):
                item = QTableWidgetItem(text)
                item.setFont(font)
                if column >= FIRST_MONTH:
                    item.setTextAlignment(CENTRE if column < DUE else RIGHT)
                table.setItem(last, column, item)
        table.blockSignals(False)
        owed = sum(1 for p in people for c in p.months
                   if c.paid_fen is None and c.due_fen and c.month <= month_of(self.today()))
        self.totals.setText(_("{count} members; the year's dues {due} yuan, paid {paid} yuan; "
                              "months owed so far: {owed}").format(
            count=len(people), due=money(sum(p.due_fen for p in people)),
            paid=money(sum(p.paid_fen for p in people)), owed=owed))
        self._update_buttons()

    def current_person(self) -> int | None:
        people = self.view.people if self.view else ()
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
