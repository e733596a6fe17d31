"""月度收缴: a month's dues of a branch (or all), who paid when, how and to whom; recording,
correcting and undoing payments; the month's or quarter's hand-over sheet."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QAction, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.dues import PayMethod, add_months, month_of, months
from djdesk.domain.errors import UserError
from djdesk.i18n import _
from djdesk.services import dues
from djdesk.services.branches import BranchView
from djdesk.services.dues import DuesLine, MonthTable, PaymentDraft, dues_label
from djdesk.store.database import (
    Database,
    Session,  # the type the transaction hands over
)
from djdesk.ui.asker import Asks
from djdesk.ui.dues.common import (
    CENTRE,
    GREY,
    RED,
    RIGHT,
    DuesPage,
    arrow,
    branch_combo,
    button,
    fill_branches,
    money,
    month_edit,
    month_text,
    month_value,
    set_month,
)
from djdesk.ui.events import AppEvents
from djdesk.ui.row_models import RowsModel, record_view

NAME, BRANCH, BASE, RATE, DUE, RELIEF, PAID, PAID_ON, METHOD, RECEIVER, NOTE = range(11)


def rate_text(line: DuesLine) -> str:
    """0.5%, 1.5%; a flat or fixed amount says so."""
    if line.rate is None:
        return _("flat") if line.kind is not None else ""
    return f"{format((line.rate * 100).normalize(), 'f')}%"


def quarter(month: dt.date) -> list[dt.date]:
    first = dt.date(month.year, (month.month - 1) // 3 * 3 + 1, 1)
    return months(first, add_months(first, 2))


class MonthModel(RowsModel):
    """A month's lines: the unpaid in red once the month is over, those without a base grey."""

    aligned = {BASE: RIGHT, RATE: CENTRE, DUE: RIGHT, PAID: RIGHT, PAID_ON: CENTRE, METHOD: CENTRE}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([
            _("Name"), _("Branch"), _("Base"), _("Rate"), _("Due"), _("Relief"), _("Paid"), _("Paid on"),
            _("Method"), dues_label("received_by"), dues_label("note")], parent)
        self.lines: tuple[DuesLine, ...] = ()
        self.late = False

    def set_view(self, view: MonthTable | None, *, late: bool) -> None:
        self.beginResetModel()
        self.lines = view.lines if view else ()
        self.late = late
        self._show(len(self.lines))
        self.endResetModel()

    def make_texts(self, line: int) -> tuple[str, ...]:
        row = self.lines[line]
        payment = row.payment
        due = _("no base yet") if row.due_fen is None else money(row.due_fen)
        if payment is not None:
            paid = (money(payment.amount_fen), f"{payment.paid_on:%Y-%m-%d}", payment.method.label,
                    payment.received_by, _("; ").join(filter(None, (payment.approval, payment.note))))
        else:
            paid = (_("unpaid") if row.owed else "", "", "", "", "")
        base = money(row.base_fen) if row.rate is not None else ("—" if row.kind is not None else "")
        return (row.name, row.branch, base, rate_text(row), due, row.relief, *paid)

    def foreground(self, line: int, column: int) -> QColor | None:
        row = self.lines[line]
        if row.due_fen is None:
            return GREY
        return RED if row.owed and self.late else None  # this month's and ahead are not late yet

    def tip(self, line: int, column: int) -> str:
        row = self.lines[line]
        if column in (NOTE, PAID):
            note = self.texts(line)[NOTE]
            if note:
                return note
        if row.due_fen is None:
            return _("No dues base for this month: add one on Bases and reliefs.")
        return row.kind.label if column in (BASE, RATE) and row.kind is not None else ""


class MonthPage(DuesPage):
    """Enter: record a payment for the chosen member; Ctrl+Enter: the chosen members paid this
    month at once (today, in the way and to the person last used)."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, parent: QWidget | None = None) -> None:
        super().__init__(db, events, asker, "duesMonthPage", parent)
        self.view: MonthTable | None = None
        self.chosen: set[int] = set()  # the members chosen in the table, kept across readings
        self.branches: list[BranchView] = []
        # What the last payment said, offered again: one person usually collects a month's dues.
        self.method = PayMethod.CASH
        self.received_by = ""

        self.branch = branch_combo("duesMonthBranch")
        self.branch.currentIndexChanged.connect(lambda _i: self.reload_soon())
        self.month = month_edit("duesMonth")
        set_month(self.month, month_of(self.today()))
        self.month.dateChanged.connect(lambda _d: self.reload_soon())
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Branch")))
        top.addWidget(self.branch)
        top.addSpacing(12)
        top.addWidget(QLabel(dues_label("months")))
        top.addWidget(arrow("duesPreviousMonth", Qt.ArrowType.LeftArrow, _("Previous month"), lambda: self.step(-1)))
        top.addWidget(self.month)
        top.addWidget(arrow("duesNextMonth", Qt.ArrowType.RightArrow, _("Next month"), lambda: self.step(1)))
        top.addWidget(button("duesThisMonth", _("This month"), lambda: set_month(self.month, month_of(self.today()))))
        top.addStretch(1)

        self.model = MonthModel(self)
        self.table = record_view("duesMonthTable", self.model, NOTE)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda _index: self.pay())
        self.table.selectionModel().selectionChanged.connect(lambda _new, _old: self._update_buttons())
        self.totals = QLabel()
        self.totals.setObjectName("duesMonthTotals")
        self.totals.setWordWrap(True)

        self.pay_button = button("duesPay", _("Record payment…"), self.pay, _("Enter; Ctrl+Enter: paid today"))
        self.branch_button = button("duesPayBranch", _("Whole branch paid this month…"), self.pay_branch)
        self.correct_button = button("duesCorrect", _("Correct…"), self.correct)
        self.undo_button = button("duesUndo", _("Undo…"), self.undo)
        self.export_button = QPushButton(_("Export collection sheet"))
        self.export_button.setObjectName("duesExportMenu")
        self.export_button.setAutoDefault(False)
        menu = QMenu(self.export_button)
        for name, text, whole_quarter, pdf in (
                ("duesExportMonthPdf", _("This month's sheet (PDF)…"), False, True),
                ("duesExportMonthXlsx", _("This month's sheet (Excel)…"), False, False),
                ("duesExportQuarterPdf", _("This quarter's sheet (PDF)…"), True, True),
                ("duesExportQuarterXlsx", _("This quarter's sheet (Excel)…"), True, False)):
            action = QAction(text, self)
            action.setObjectName(name)
            action.triggered.connect(lambda _checked=False, q=whole_quarter, p=pdf: self.export_sheet(q, p))
            menu.addAction(action)
        self.export_button.setMenu(menu)
        buttons = QHBoxLayout()
        for widget in (self.pay_button, self.branch_button, self.correct_button, self.undo_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addLayout(buttons)
        self._update_buttons()

    # -- reading --------------------------------------------------------------------------------
    def step(self, delta: int) -> None:
        set_month(self.month, add_months(month_value(self.month), delta))

    def _read(self, session: Session) -> None:
        # Chosen again after reading, by who they are: their rows may have moved.
        self.chosen = {line.person_id for line in self.selected_lines()}
        self.branches = fill_branches(self.branch, session)
        self.view = dues.month_table(session, month_value(self.month), branch_id=self.branch.currentData(),
                                     today=self.today())

    def _fill(self) -> None:
        view = self.view
        self.model.set_view(view, late=view is not None and view.month < month_of(self.today()))
        lines = self.model.lines
        again = QItemSelection()
        for index, line in enumerate(lines):
            if line.person_id in self.chosen:
                again.select(self.model.index(index, 0), self.model.index(index, NOTE))
        if not again.isEmpty():
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().select(again, flags)
        if view is None:
            self.totals.clear()
        else:
            text = _("Due {due} yuan, collected {paid} yuan; paid: {paid_count}, unpaid: {unpaid_count}").format(
                due=money(view.due_fen), paid=money(view.paid_fen), paid_count=view.paid_count,
                unpaid_count=view.unpaid_count)
            if view.missing_base:
                text += _("; ") + _("no base yet: {count}").format(count=view.missing_base)
            self.totals.setText(text)
        self._update_buttons()

    def selected_lines(self) -> list[DuesLine]:
        lines = self.model.lines
        model = self.table.selectionModel()
        rows = sorted({index.row() for index in model.selectedRows()}) if model else []
        return [lines[r] for r in rows if r < len(lines)]

    def current_line(self) -> DuesLine | None:
        lines = self.model.lines
        selected = self.selected_lines()
        row = self.table.currentIndex().row()
        if 0 <= row < len(lines) and lines[row] in selected:
            return lines[row]
        return selected[0] if selected else None

    def _update_buttons(self) -> None:
        line = self.current_line()
        self.pay_button.setEnabled(line is not None)
        self.correct_button.setEnabled(line is not None and line.payment is not None)
        self.undo_button.setEnabled(line is not None and line.payment is not None)
        has_branches = bool(self.branches)
        self.branch_button.setEnabled(has_branches)
        self.export_button.setEnabled(has_branches)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.pay_quickly()
            else:
                self.pay()
            return True
        return super().eventFilter(watched, event)

    # -- which branch -------------------------------------------------------------------------------
    def chosen_branch(self) -> BranchView | None:
        """The branch shown; with all shown, the only one or the one the user picks."""
        branch_id = self.branch.currentData()
        if branch_id is not None:
            return next((b for b in self.branches if b.id == branch_id), None)
        if len(self.branches) <= 1:
            return self.branches[0] if self.branches else None
        index = self.asker.choose(self, _("Branch"), _("Which branch?"), [b.name for b in self.branches])
        return None if index is None else self.branches[index]

    # -- payments -----------------------------------------------------------------------------------
    def remember(self, method: PayMethod, received_by: str) -> None:
        self.method, self.received_by = method, received_by

    def pay(self) -> None:
        from djdesk.ui.dues.pay_dialogs import PayDialog

        line = self.current_line()
        if line is not None:
            self.open_dialog(PayDialog(self, line, month_value(self.month)))

    def pay_quickly(self) -> None:
        month = month_value(self.month)
        lines = self.selected_lines()
        owing = [line for line in lines if line.owed]
        if not owing:
            if lines:
                self.asker.info(self, _("Nothing is owed for {month} by those chosen.").format(
                    month=month_text(month)))
            return
        draft = PaymentDraft(paid_on=self.today(), method=self.method, received_by=self.received_by)
        try:
            with self.db.transaction() as session:
                for line in owing:
                    dues.pay(session, line.person_id, [month], draft, today=self.today())
        except UserError as error:
            self.asker.error(self, error.message)
            return
        self.changed()

    def pay_branch(self) -> None:
        from djdesk.ui.dues.pay_dialogs import BranchPayDialog

        branch = self.chosen_branch()
        if branch is not None:
            self.open_dialog(BranchPayDialog(self, branch, month_value(self.month)))

    def correct(self) -> None:
        from djdesk.ui.dues.pay_dialogs import CorrectDialog

        line = self.current_line()
        if line is not None and line.payment is not None:
            self.open_dialog(CorrectDialog(self, line.name, line.payment))

    def undo(self) -> None:
        line = self.current_line()
        if line is None or line.payment is None:
            return
        payment = line.payment
        reason = self.asker.ask_text(self, _("Undo a payment"), _(
            "Undo the payment of {name} for {month} ({amount} yuan)? The audit trail keeps it.\n"
            "Reason (required):").format(name=line.name, month=month_text(payment.month),
                                         amount=money(payment.amount_fen)))
        if reason is None:
            return
        try:
            with self.db.transaction() as session:
                dues.undo_payment(session, payment.id, reason=reason)
        except UserError as error:
            self.asker.error(self, error.message)
        self.changed()  # also after "no longer exists": the table is stale

    # -- the hand-over sheet --------------------------------------------------------------------
    def export_sheet(self, whole_quarter: bool, pdf: bool) -> None:
        branch = self.chosen_branch()
        if branch is None:
            return
        month = month_value(self.month)
        chosen = quarter(month) if whole_quarter else [month]
        try:
            with self.db.transaction() as session:
                sheet = dues.handover(session, branch.id, chosen, today=self.today())
        except UserError as error:
            self.asker.error(self, error.message)
            return
        if whole_quarter:
            period = _("{year} quarter {quarter}").format(year=month.year, quarter=(month.month - 1) // 3 + 1)
        else:
            period = month_text(month)
        name = _("{branch} dues collected {period}").format(branch=branch.name, period=period)

        def write(path):  # type: ignore[no-untyped-def]
            if pdf:
                from djdesk.reports.dues import write_handover_pdf

                return write_handover_pdf(path, sheet)
            from djdesk.sheets.dues import write_handover_xlsx

            return write_handover_xlsx(path, sheet)

        title = _("Dues collection sheet (PDF)") if pdf else _("Dues collection sheet (Excel)")
        self.export(title, name, pdf, write)
