"""新增基数 and 新增减免: a member's base from a month (its monthly dues shown as typed), and an
approved reduction or exemption for a span of months; a refusal goes under its field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.dues import (
    FLAT_KINDS,
    DuesKind,
    add_months,
    month_of,
    monthly,
    parse_yuan,
    rate,
    yuan,
)
from djdesk.domain.errors import UserError, ValidationError
from djdesk.i18n import _
from djdesk.services import dues
from djdesk.services import settings as settings_service
from djdesk.services.dues import BaseDraft, ReliefDraft, dues_label
from djdesk.services.members import MemberRow
from djdesk.ui import events as kinds
from djdesk.ui.dues.common import fit, hint, month_edit, month_value, set_month
from djdesk.ui.ethics.records_page import show_refusal
from djdesk.ui.forms import ChoiceCombo, FieldForm, dialog_buttons

if TYPE_CHECKING:
    from djdesk.ui.dues.bases_page import BasesPage


class _MemberDialog(QDialog):
    def __init__(self, page: BasesPage, person: MemberRow, name: str, title: str) -> None:
        super().__init__(page)
        self.page, self.db, self.asker, self.person = page, page.db, page.asker, person
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.form = FieldForm()
        self.who = QLabel(_("{name}, {branch}").format(name=person.name, branch=person.branch or _("no branch")))
        self.who.setStyleSheet("font-weight: bold;")

    def _lay_out(self, ok_name: str) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addWidget(self.form, 1)
        layout.addWidget(dialog_buttons(self, _("Save"), ok_name, save=True))
        self.setMinimumWidth(540)
        self.adjustSize()
        fit(self)

    def _write(self, work) -> None:  # type: ignore[no-untyped-def]
        self.form.clear_errors()
        try:
            with self.db.transaction() as session:
                work(session)
        except ValidationError as error:
            show_refusal(self, self.form, error, self.asker)
            fit(self)
            return
        except UserError as error:
            self.asker.error(self, error.message)
            return
        self.page.changed(kinds.PEOPLE)  # the roster shows the newest base
        self.accept()


class BaseDialog(_MemberDialog):
    """The kind, the amount in 元 (none for the flat 0.2 元 kinds) and the first month it counts."""

    def __init__(self, page: BasesPage, person: MemberRow) -> None:
        super().__init__(page, person, "duesBaseDialog", _("New dues base"))
        with self.db.transaction() as session:
            self.to_jiao = settings_service.load(session).dues_round_to_jiao
        newest = page.bases[-1] if page.bases else None
        self.kind = self.form.add("kind", dues_label("kind"), ChoiceCombo(DuesKind), required=True)
        self.kind.set_value(newest.kind if newest else DuesKind.IN_SERVICE)
        self.amount = self.form.add("amount", dues_label("amount"), QLineEdit(), required=True,
                                    extra=self._preview_label())
        self.amount.setMaximumWidth(160)
        self.amount.setPlaceholderText(_("e.g. 4500 or 4500.50"))
        self.valid_from = self.form.add("valid_from", dues_label("valid_from"), month_edit("field_valid_from"),
                                        required=True)
        set_month(self.valid_from, month_of(page.today()))
        self.explain = hint("", "duesBaseExplain")
        self.form.layout_.addRow(QLabel(), self.explain)
        self.note = self.form.add("note", dues_label("note"), QLineEdit())
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.amount.textChanged.connect(lambda _t: self._preview())
        self._kind_changed()
        self._lay_out("duesBaseOk")

    def _preview_label(self) -> QLabel:
        self.preview = QLabel()
        self.preview.setObjectName("duesBasePreview")
        return self.preview

    def _kind_changed(self) -> None:
        kind: DuesKind = self.kind.value()
        flat = kind in FLAT_KINDS
        self.amount.setEnabled(not flat)
        if kind is DuesKind.IN_SERVICE:
            text = _("The regular salary (岗位工资, 薪级工资, 绩效工资, 津贴补贴) less personal income tax, "
                     "per month. Up to 3000 yuan 0.5%, up to 5000 1%, up to 10000 1.5%, above 2%.")
        elif kind is DuesKind.RETIRED:
            text = _("The pension per month. Up to 5000 yuan 0.5%, above 1%.")
        elif kind is DuesKind.FIXED:
            text = _("The amount is the monthly dues itself.")
        else:
            text = _("0.20 yuan a month; no amount to enter.")
        self.explain.setText(text)
        if self.layout() is not None:
            fit(self)
        self._preview()

    def _preview(self) -> None:
        kind: DuesKind = self.kind.value()
        if kind in FLAT_KINDS:
            self.preview.setText(_("Monthly dues: {amount} yuan").format(amount=yuan(monthly(kind, 0))))
            return
        try:
            fen = parse_yuan(self.amount.text())
        except ValueError:
            self.preview.clear()  # the message appears when saving
            return
        if fen < 0:
            self.preview.clear()
            return
        found = rate(kind, fen)
        share = f" ({format((found * 100).normalize(), 'f')}%)" if found is not None else ""
        self.preview.setText(_("Monthly dues: {amount} yuan").format(
            amount=yuan(monthly(kind, fen, to_jiao=self.to_jiao))) + share)

    def draft(self) -> BaseDraft:
        kind: DuesKind = self.kind.value()
        return BaseDraft(kind=kind, amount="" if kind in FLAT_KINDS else self.amount.text(),
                         valid_from=month_value(self.valid_from), note=self.note.text().strip())

    def save(self) -> None:
        draft = self.draft()
        self._write(lambda session: dues.add_base(session, self.person.id, draft, today=self.page.today()))


class ReliefDialog(_MemberDialog):
    """From and to which month (or until revoked), exempt or reduced to an amount, the approval."""

    def __init__(self, page: BasesPage, person: MemberRow) -> None:
        super().__init__(page, person, "duesReliefDialog", _("New reduction or exemption"))
        this = month_of(page.today())
        self.starts = self.form.add("starts", dues_label("starts"), month_edit("field_starts"), required=True)
        set_month(self.starts, this)
        self.open_end = QCheckBox(_("until revoked"))
        self.open_end.setObjectName("duesReliefOpenEnd")
        self.ends = self.form.add("ends", dues_label("ends"), month_edit("field_ends"), extra=self.open_end)
        set_month(self.ends, add_months(this, 11))
        self.open_end.toggled.connect(lambda on: self.ends.setEnabled(not on))

        choice = QWidget()
        line = QHBoxLayout(choice)
        line.setContentsMargins(0, 0, 0, 0)
        self.exempt = QRadioButton(_("Exempt"))
        self.exempt.setObjectName("duesReliefExempt")
        self.reduced = QRadioButton(_("Reduced to (yuan a month)"))
        self.reduced.setObjectName("duesReliefReduced")
        group = QButtonGroup(self)
        group.addButton(self.exempt)
        group.addButton(self.reduced)
        self.exempt.setChecked(True)
        line.addWidget(self.exempt)
        line.addWidget(self.reduced)
        line.addStretch(1)
        self.form.add("exempt", _("Relief"), choice)
        self.amount = self.form.add("amount", dues_label("amount"), QLineEdit())
        self.amount.setMaximumWidth(160)
        self.amount.setEnabled(False)
        self.reduced.toggled.connect(self.amount.setEnabled)
        self.approval = self.form.add("approval", dues_label("approval"), QLineEdit(), required=True)
        self.approval.setPlaceholderText(_("who approved it, when, the document"))
        self.note = self.form.add("note", dues_label("note"), QLineEdit())
        self._lay_out("duesReliefOk")

    def draft(self) -> ReliefDraft:
        return ReliefDraft(starts=month_value(self.starts),
                           ends=None if self.open_end.isChecked() else month_value(self.ends),
                           exempt=self.exempt.isChecked(), amount="" if self.exempt.isChecked() else self.amount.text(),
                           approval=self.approval.text().strip(), note=self.note.text().strip())

    def save(self) -> None:
        draft = self.draft()
        self._write(lambda session: dues.add_relief(session, self.person.id, draft, today=self.page.today()))
