"""The 月度收缴 dialogs: one member paying one or several months, a whole branch paying the month,
and correcting a payment with its reason; a refusal goes under its field and the typing stays."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from djdesk.domain.dues import MAX_MONTHS, PayMethod, add_months, month_of, months, yuan
from djdesk.domain.errors import UserError, ValidationError
from djdesk.i18n import _
from djdesk.services import dues
from djdesk.services.branches import BranchView
from djdesk.services.dues import DuesLine, PaymentDraft, PaymentRow, dues_label
from djdesk.ui.dues.common import fit, hint, month_text
from djdesk.ui.ethics.records_page import date_edit, set_day, show_refusal
from djdesk.ui.forms import ChoiceCombo, FieldForm, dialog_buttons
from djdesk.ui.study.common import caption_on_top

if TYPE_CHECKING:
    from djdesk.ui.dues.month_page import MonthPage

MONTH = Qt.ItemDataRole.UserRole
DUE = Qt.ItemDataRole.UserRole + 1


class _PaymentForm(QDialog):
    """Paid on (today), how, to whom: the fields every payment has."""

    def __init__(self, page: MonthPage, name: str, title: str) -> None:
        super().__init__(page)
        self.page, self.db, self.asker = page, page.db, page.asker
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.form = FieldForm()

    def _payment_fields(self, *, approval: bool, note: bool = True) -> None:
        form = self.form
        self.paid_on = form.add("paid_on", dues_label("paid_on"), date_edit(), required=True)
        set_day(self.paid_on, self.page.today())
        self.method = form.add("method", dues_label("method"), ChoiceCombo(PayMethod))
        self.method.set_value(self.page.method)
        self.received_by = form.add("received_by", dues_label("received_by"), QLineEdit())
        self.received_by.setText(self.page.received_by)
        self.received_by.setPlaceholderText(_("who collected it"))
        if approval:
            self.approval = form.add("approval", dues_label("approval"), QLineEdit())
            self.approval.setPlaceholderText(_("e.g. agreed by the branch committee on 2026-06-10"))
        if note:
            self.note = form.add("note", dues_label("note"), QLineEdit())

    def draft(self) -> PaymentDraft:
        approval = self.approval.text().strip() if hasattr(self, "approval") else ""
        return PaymentDraft(paid_on=self.paid_on.date().toPython(), method=self.method.value(),
                            received_by=self.received_by.text().strip(), approval=approval,
                            note=self.note.text().strip())

    def _write(self, work) -> bool:  # type: ignore[no-untyped-def]
        """Run `work(session)` in one transaction; a refusal is shown, nothing is lost."""
        self.form.clear_errors()
        try:
            with self.db.transaction() as session:
                work(session)
        except ValidationError as error:
            show_refusal(self, self.form, error, self.asker)
            fit(self)
            return False
        except UserError as error:
            self.asker.error(self, error.message)
            return False
        return True

    def _done(self) -> None:
        self.page.remember(self.method.value(), self.received_by.text().strip())
        self.page.changed()
        self.accept()


class PayDialog(_PaymentForm):
    """登记缴费: the months around today (six back, six ahead) with each one's dues; the month
    shown on the page is ticked."""

    def __init__(self, page: MonthPage, line: DuesLine, month: dt.date) -> None:
        super().__init__(page, "duesPayDialog", _("Record a payment"))
        self.line = line
        today = page.today()
        this = month_of(today)
        offered = months(add_months(this, -MAX_MONTHS), add_months(this, MAX_MONTHS))
        if month not in offered:
            offered = sorted({*offered, month})
        with self.db.transaction() as session:
            cells = {cell.month: cell
                     for year in sorted({m.year for m in offered})
                     for cell in dues.person_year(session, line.person_id, year, today=today).cells}

        who = QLabel(_("{name}, {branch}").format(name=line.name, branch=line.branch or _("no branch")))
        who.setObjectName("duesPayWho")
        who.setStyleSheet("font-weight: bold;")
        self.months = QListWidget()
        for m in offered:
            self.months.addItem(self._month_item(m, cells.get(m), ticked=m == month))
        rows = self.months.sizeHintForRow(0) * len(offered) + 2 * self.months.frameWidth() + 4
        self.months.setFixedHeight(min(rows, 340))
        self.months.setMinimumWidth(300)
        self.form.add("months", dues_label("months"), self.months, required=True)
        caption_on_top(self.form, self.months)
        self.months.itemChanged.connect(lambda _item: self._sum())
        self.total = QLabel()
        self.total.setObjectName("duesPayTotal")
        self.form.layout_.addRow(QLabel(), self.total)
        self._payment_fields(approval=True)
        self.form.layout_.insertRow(self.form.layout_.rowCount() - 1, QLabel(), hint(
            _("An approval is noted when several months are paid at once, or a month other than "
              "the current one (at most {count} months, in advance or in arrears).").format(count=MAX_MONTHS),
            "duesPayApprovalHint"))

        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(self.form, 1)
        layout.addWidget(dialog_buttons(self, _("Record"), "duesPayOk"))
        self._sum()
        self.setMinimumWidth(560)
        self.adjustSize()
        fit(self)

    def _month_item(self, month: dt.date, cell, ticked: bool) -> QListWidgetItem:  # type: ignore[no-untyped-def]
        item = QListWidgetItem()
        item.setData(MONTH, month)
        flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
        if cell is not None and cell.paid_fen is not None:
            text = _("{month}: paid {amount} yuan").format(month=month_text(month), amount=yuan(cell.paid_fen))
            flags = Qt.ItemFlag.NoItemFlags
        elif cell is not None and cell.exempt:
            text = _("{month}: exempt").format(month=month_text(month))
            flags = Qt.ItemFlag.NoItemFlags
        elif cell is None or cell.due_fen is None:
            # The service says why when such a month is asked for; here it is only offered.
            text = _("{month}: nothing due (not a member then, or no base)").format(month=month_text(month))
            item.setData(DUE, None)
        else:
            text = _("{month}: {amount} yuan").format(month=month_text(month), amount=yuan(cell.due_fen))
            item.setData(DUE, cell.due_fen)
        item.setText(text)
        item.setFlags(flags)
        item.setCheckState(Qt.CheckState.Checked if ticked and flags != Qt.ItemFlag.NoItemFlags
                           else Qt.CheckState.Unchecked)
        return item

    def ticked(self) -> list[dt.date]:
        return [self.months.item(i).data(MONTH) for i in range(self.months.count())
                if self.months.item(i).checkState() == Qt.CheckState.Checked]

    def _sum(self) -> None:
        items = [self.months.item(i) for i in range(self.months.count())]
        ticked = [i for i in items if i.checkState() == Qt.CheckState.Checked]
        total = sum(i.data(DUE) or 0 for i in ticked)
        self.total.setText(_("{count} months, {amount} yuan").format(count=len(ticked), amount=yuan(total)))

    def save(self) -> None:
        chosen, draft = self.ticked(), self.draft()
        if not chosen:
            self.form.clear_errors()
            self.form.show_error("months", _("tick the months paid"))
            fit(self)
            return
        if self._write(lambda session: dues.pay(session, self.line.person_id, chosen, draft,
                                                today=self.page.today())):
            self._done()


class BranchPayDialog(_PaymentForm):
    """全支部本月已交: every member of the branch still owing the month, paid today; asks first,
    with the count and the total."""

    def __init__(self, page: MonthPage, branch: BranchView, month: dt.date) -> None:
        super().__init__(page, "duesBranchPayDialog", _("Whole branch paid"))
        self.branch, self.month = branch, month
        with self.db.transaction() as session:
            view = dues.month_table(session, month, branch_id=branch.id, today=page.today())
        owing = [line for line in view.lines if line.owed]
        self.count, self.amount = len(owing), sum(line.due_fen or 0 for line in owing)
        text = _("{branch}, {month}: {count} members still owe {amount} yuan.").format(
            branch=branch.name, month=month_text(month), count=self.count, amount=yuan(self.amount))
        if view.missing_base:
            text += "\n" + _("{count} members without a base are left out.").format(count=view.missing_base)
        summary = QLabel(text)
        summary.setObjectName("duesBranchPaySummary")
        summary.setWordWrap(True)
        self._payment_fields(approval=month != month_of(page.today()))
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.form, 1)
        layout.addWidget(dialog_buttons(self, _("Record"), "duesBranchPayOk"))
        self.setMinimumWidth(520)
        self.adjustSize()
        fit(self)

    def save(self) -> None:
        if self.count == 0:
            self.asker.info(self, _("Nobody in the branch owes this month."))
            return
        if not self.asker.confirm(self, _(
                "Record {count} members of {branch} as paid for {month}, {amount} yuan in all?").format(
                count=self.count, branch=self.branch.name, month=month_text(self.month),
                amount=yuan(self.amount)), action=_("Record")):
            return
        draft = self.draft()
        if self._write(lambda session: dues.pay_branch(session, self.branch.id, self.month, draft,
                                                       today=self.page.today())):
            self._done()


class CorrectDialog(_PaymentForm):
    """更正: the amount, the day, the way or the receiver, with the reason (kept in the note and
    in the audit trail)."""

    def __init__(self, page: MonthPage, name: str, payment: PaymentRow) -> None:
        super().__init__(page, "duesCorrectDialog", _("Correct a payment"))
        self.payment = payment
        who = QLabel(_("{name}, {month}").format(name=name, month=month_text(payment.month)))
        who.setObjectName("duesCorrectWho")
        who.setStyleSheet("font-weight: bold;")
        self.amount = self.form.add("amount", dues_label("amount"), QLineEdit(), required=True)
        self.amount.setText(yuan(payment.amount_fen))
        self.amount.setMaximumWidth(160)
        # No note of its own: the reason is the note a correction writes.
        self._payment_fields(approval=False, note=False)
        set_day(self.paid_on, payment.paid_on)
        self.method.set_value(payment.method)
        self.received_by.setText(payment.received_by)
        self.reason = self.form.add("reason", dues_label("reason"), QLineEdit(), required=True)
        self.reason.setPlaceholderText(_("e.g. the amount was typed wrong"))
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(self.form, 1)
        layout.addWidget(dialog_buttons(self, _("Correct"), "duesCorrectOk", save=True))
        self.setMinimumWidth(520)
        self.adjustSize()
        fit(self)

    def save(self) -> None:
        amount, paid_on = self.amount.text(), self.paid_on.date().toPython()
        method, received_by, reason = self.method.value(), self.received_by.text().strip(), self.reason.text()
        if self._write(lambda session: dues.correct(
                session, self.payment.id, amount=amount, paid_on=paid_on, method=method,
                received_by=received_by, reason=reason, today=self.page.today())):
            self._done()
