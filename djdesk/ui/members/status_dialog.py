"""Recording a change of standing (转出, 转入, 停止党籍, 留党察看, death, leaving the school)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.dates import InvalidDate, PartialDate
from djdesk.domain.errors import ConflictError, NotFoundError, Problem, ValidationError
from djdesk.domain.pipeline import EXTENSION_MONTHS
from djdesk.domain.status import (
    MEMBERS_ONLY,
    OBSERVATION_MONTHS,
    Change,
    ChangeKind,
    change_label,
)
from djdesk.i18n import _
from djdesk.services import lifecycle
from djdesk.services.members import MemberRow
from djdesk.store.database import Database
from djdesk.ui.asker import Asks
from djdesk.ui.forms import ChoiceCombo, FieldForm, PartialDateEdit, dialog_buttons

# The fields each kind asks for, besides the date.
FIELDS = {
    ChangeKind.TRANSFER_OUT: ("organisation", "letter_no", "dues_until", "note"),
    ChangeKind.TRANSFER_IN: ("organisation", "letter_no", "note"),
    ChangeKind.SUSPENDED: ("note",),
    ChangeKind.OBSERVATION: ("months", "note"),
    ChangeKind.RESTORED: ("note",),
    ChangeKind.EXTENDED: ("months", "note"),
    ChangeKind.LOST: ("note",),
    ChangeKind.DECEASED: ("note",),
    ChangeKind.LEFT: ("note",),
}
LEAVING = {ChangeKind.TRANSFER_OUT, ChangeKind.DECEASED, ChangeKind.LEFT}


class StatusDialog(QDialog):
    saved = Signal(int)

    def __init__(self, db: Database, asker: Asks, person: MemberRow, parent: QWidget | None = None,
                 kind: ChangeKind | None = None) -> None:
        super().__init__(parent)
        self.db, self.asker, self.person = db, asker, person
        self.setObjectName("statusDialog")
        self.setWindowTitle(_("Change of standing: {name}").format(name=person.name))
        member = person.political_status.is_party_member
        # A member leaving the school has the membership transferred out, never just "leaves".
        if member:
            kinds = [k for k in ChangeKind if k is not ChangeKind.LEFT]
        else:
            kinds = [k for k in ChangeKind if k not in MEMBERS_ONLY]
        if person.left_on is not None:
            kinds = [ChangeKind.TRANSFER_IN]
        self.form = FieldForm()
        self.kind = self.form.add("kind", _("Change"), ChoiceCombo(kinds), required=True)
        self.date = self.form.add("on", change_label("on"), PartialDateEdit(), required=True)
        self.date.set_value(PartialDate.of(db.clock.today()))
        self.organisation = self.form.add("organisation", change_label("organisation"), QLineEdit())
        self.letter_no = self.form.add("letter_no", change_label("letter_no"), QLineEdit())
        self.letter_no.setMaximumWidth(220)
        self.dues_until = self.form.add("dues_until", change_label("dues_until"), PartialDateEdit())
        self.dues_until.setPlaceholderText(_("month, e.g. 2026.05"))
        if member:  # 党费交至: the last month the 党费 tab has paid, to check and keep or change
            from djdesk.services import dues

            with db.transaction() as session:
                paid = dues.person_year(session, person.id, db.clock.today().year, today=db.clock.today()).dues_until
            if paid is not None:
                self.dues_until.set_value(PartialDate(paid.year, paid.month))
        self.months = self.form.add("months", change_label("months"), QComboBox())
        self.note = self.form.add("note", change_label("note"), QLineEdit())
        self.explain = QLabel()
        self.explain.setObjectName("statusExplain")
        self.explain.setWordWrap(True)
        self.explain.setStyleSheet("color: #444;")
        buttons = dialog_buttons(self, _("Record"), "confirmStatus")
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(540)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        if kind is not None and kind in kinds:
            self.kind.set_value(kind)
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind.value()
        shown = FIELDS[kind]
        for key in ("organisation", "letter_no", "dues_until", "months", "note"):
            self.form.layout_.setRowVisible(self.form.widgets[key].parentWidget(), key in shown)
        self.months.clear()
        if kind is ChangeKind.OBSERVATION:
            for months in OBSERVATION_MONTHS:
                self.months.addItem(_("{count} year(s)").format(count=months // 12), months)
        elif kind is ChangeKind.EXTENDED:
            for months in EXTENSION_MONTHS:
                self.months.addItem(_("{count} months").format(count=months), months)
        placeholders = {
            ChangeKind.TRANSFER_OUT: _("the organisation the membership goes to"),
            ChangeKind.TRANSFER_IN: _("the organisation the membership comes from"),
        }
        self.organisation.setPlaceholderText(placeholders.get(kind, ""))
        caption = self.form.layout_.labelForField(self.organisation.parentWidget())
        if caption is not None:
            caption.setText(_("Transferred to *") if kind is ChangeKind.TRANSFER_OUT
                            else _("Transferred from *"))
        notes = {
            ChangeKind.SUSPENDED: _("the decision, e.g. 支部大会决定，因出国（境）定居停止党籍"),
            ChangeKind.LOST: _("how: 开除党籍, 除名, 自行脱党, 退党, 取消预备党员资格"),
        }
        self.note.setPlaceholderText(notes.get(kind, ""))
        if kind in LEAVING:
            text = _("{name} will no longer appear in current lists, but stays in the history, "
                     "the minutes and past evaluations.")
        elif kind is ChangeKind.LOST:
            text = _("{name} becomes 群众 and leaves the branch; the record and its history stay.")
        else:
            text = _("The change is kept in {name}'s history; the last one can be undone.")
        self.explain.setText(text.format(name=self.person.name))
        self.form.clear_errors()

    def change(self) -> tuple[Change | None, list[Problem]]:
        problems: list[Problem] = []
        dates: dict[str, PartialDate | None] = {}
        for key, edit in (("on", self.date), ("dues_until", self.dues_until)):
            try:
                dates[key] = edit.value()
            except InvalidDate as error:
                problems.append(Problem(key, change_label(key), str(error)))
        if problems:
            return None, problems
        kind = self.kind.value()
        shown = FIELDS[kind]
        return Change(
            kind=kind, on=dates["on"],
            organisation=self.organisation.text() if "organisation" in shown else "",
            letter_no=self.letter_no.text() if "letter_no" in shown else "",
            dues_until=dates["dues_until"] if "dues_until" in shown else None,
            months=self.months.currentData() if "months" in shown else None,
            note=self.note.text(),
        ), []

    def save(self) -> None:
        self.form.clear_errors()
        change, problems = self.change()
        if change is not None:
            try:
                with self.db.transaction() as session:
                    lifecycle.change_status(session, self.person.id, change, today=self.db.clock.today())
            except ValidationError as error:
                problems = list(error.problems)
            except (NotFoundError, ConflictError) as error:
                self.asker.error(self, error.message)
                return
        if problems:
            for problem in problems:
                key = problem.field if problem.field in self.form.errors else "on"
                self.form.show_error(key, problem.message)
            return
        self.saved.emit(self.person.id)
        self.accept()
