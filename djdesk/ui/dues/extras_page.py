"""自愿多交: the year's voluntary extra payments apart from the monthly dues; one of 1,000 元 or more
is handed over in full and marked so."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.dues import PayMethod
from djdesk.domain.errors import UserError, ValidationError
from djdesk.domain.strokes import name_key
from djdesk.i18n import _
from djdesk.services import dues, members
from djdesk.services.dues import ExtraDraft, ExtraRow, dues_label
from djdesk.store.database import (
    Database,
    Session,  # the type the transaction hands over
)
from djdesk.ui.asker import Asks
from djdesk.ui.dues.bases_page import IN_PARTY
from djdesk.ui.dues.common import (
    CENTRE,
    FIRST_YEAR,
    RED,
    RIGHT,
    DuesPage,
    button,
    fit,
    hint,
    money,
    paint,
    put,
)
from djdesk.ui.ethics.records_page import date_edit, set_day, show_refusal
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import ChoiceCombo, FieldForm, dialog_buttons, record_table

LARGE = 7  # the column marking one handed over in full


class ExtrasPage(DuesPage):
    def __init__(self, db: Database, events: AppEvents, asker: Asks, parent: QWidget | None = None) -> None:
        super().__init__(db, events, asker, "duesExtrasPage", parent)
        self.rows: list[ExtraRow] = []
        self.method, self.received_by = PayMethod.CASH, ""  # offered again in the next one
        today = self.today()
        self.year = QSpinBox()
        self.year.setObjectName("duesExtrasYear")
        self.year.setRange(FIRST_YEAR, today.year + 1)
        self.year.setValue(today.year)
        self.year.setKeyboardTracking(False)
        self.year.valueChanged.connect(lambda _v: self.reload_soon())
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Year")))
        top.addWidget(self.year)
        top.addWidget(hint(_("Apart from the monthly dues; a single payment of 1000 yuan or more is handed over "
                             "to the higher committee in full."), "duesExtrasHint"), 1)
        self.table = record_table("duesExtrasTable", [
            dues_label("paid_on"), _("Name"), _("Branch"), dues_label("amount"), dues_label("method"),
            dues_label("received_by"), dues_label("note"), _("Hand-over")], 6)
        self.count = QLabel()
        self.count.setObjectName("duesExtrasCount")
        buttons = QHBoxLayout()
        buttons.addWidget(button("duesAddExtra", _("Record…"), self.add))
        self.delete_button = button("duesDeleteExtra", _("Delete"), self.delete)
        buttons.addWidget(self.delete_button)
        self.table.itemSelectionChanged.connect(
            lambda: self.delete_button.setEnabled(self.current_row() is not None))
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _read(self, session: Session) -> None:
        self.rows = dues.list_extras(session, year=self.year.value())

    def _fill(self) -> None:
        put(self.table, [[f"{r.paid_on:%Y-%m-%d}", r.name, r.branch, money(r.amount_fen), r.method.label,
                          r.received_by, r.note, _("in full") if r.large else ""] for r in self.rows],
            {0: CENTRE, 3: RIGHT, 4: CENTRE, LARGE: CENTRE})
        for line, row in enumerate(self.rows):
            if row.large:
                paint(self.table, line, RED, (3, LARGE), _("1000 yuan or more: handed over in full"))
        large = [r for r in self.rows if r.large]
        self.count.setText(_("{count} payments, {amount} yuan; 1000 yuan or more: {large}").format(
            count=len(self.rows), amount=money(sum(r.amount_fen for r in self.rows)), large=len(large)))
        self.delete_button.setEnabled(self.current_row() is not None)

    def current_row(self) -> ExtraRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def add(self) -> None:
        self.open_dialog(ExtraDialog(self))

    def delete(self) -> None:
        row = self.current_row()
        if row is None or not self.asker.confirm(self, _(
                "Delete the extra payment of {name} on {date} ({amount} yuan)?").format(
                name=row.name, date=f"{row.paid_on:%Y-%m-%d}", amount=money(row.amount_fen)), action=_("Delete")):
            return
        try:
            with self.db.transaction() as session:
                dues.delete_extra(session, row.id)
        except UserError as error:
            self.asker.error(self, error.message)
        self.changed()


class ExtraDialog(QDialog):
    """The member (typed or chosen), the day, the amount, how and to whom, a note."""

    def __init__(self, page: ExtrasPage) -> None:
        super().__init__(page)
        self.page, self.db, self.asker = page, page.db, page.asker
        self.setObjectName("duesExtraDialog")
        self.setWindowTitle(_("Record a voluntary extra payment"))
        with self.db.transaction() as session:
            people = sorted((r for r in members.list_rows(session) if r.political_status in IN_PARTY),
                            key=lambda r: name_key(r.name))
        form = self.form = FieldForm()
        self.person = form.add("person", dues_label("person"), QComboBox(), required=True)
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person.setMinimumWidth(220)
        for row in people:
            self.person.addItem(f"{row.name}　{row.branch}", row.id)
        self.person.setCurrentIndex(-1)
        completer = self.person.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.paid_on = form.add("paid_on", dues_label("paid_on"), date_edit(), required=True)
        set_day(self.paid_on, page.today())
        self.amount = form.add("amount", dues_label("amount"), QLineEdit(), required=True)
        self.amount.setMaximumWidth(160)
        self.method = form.add("method", dues_label("method"), ChoiceCombo(PayMethod))
        self.method.set_value(page.method)
        self.received_by = form.add("received_by", dues_label("received_by"), QLineEdit())
        self.received_by.setText(page.received_by)
        self.note = form.add("note", dues_label("note"), QLineEdit())
        layout = QVBoxLayout(self)
        layout.addWidget(form, 1)
        layout.addWidget(dialog_buttons(self, _("Record"), "duesExtraOk"))
        self.setMinimumWidth(480)
        self.adjustSize()
        fit(self)

    def person_id(self) -> int | None:
        text = self.person.currentText().strip()
        index = self.person.findText(text)
        if index < 0 and text:  # a name typed without its branch: fine when only one has it
            named = [i for i in range(self.person.count()) if self.person.itemText(i).split("　")[0] == text]
            index = named[0] if len(named) == 1 else -1
        return self.person.itemData(index) if index >= 0 else None

    def save(self) -> None:
        self.form.clear_errors()
        person_id = self.person_id()
        if person_id is None:
            self.form.show_error("person", _("choose a member from the list"))
            fit(self)
            return
        draft = ExtraDraft(paid_on=self.paid_on.date().toPython(), amount=self.amount.text(),
                           method=self.method.value(), received_by=self.received_by.text().strip(),
                           note=self.note.text().strip())
        try:
            with self.db.transaction() as session:
                dues.add_extra(session, person_id, draft, today=self.page.today())
        except ValidationError as error:
            show_refusal(self, self.form, error, self.asker)
            fit(self)
            return
        except UserError as error:
            self.asker.error(self, error.message)
            return
        self.page.method, self.page.received_by = draft.method, draft.received_by
        self.page.changed()
        self.accept()
