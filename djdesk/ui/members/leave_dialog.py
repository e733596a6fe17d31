"""Marking a person as left: when, why, and where to; they stay in the history."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from djdesk.domain.dates import InvalidDate, PartialDate
from djdesk.domain.errors import NotFoundError, Problem, ValidationError
from djdesk.domain.people import LeftReason, field_label
from djdesk.i18n import _
from djdesk.services import members
from djdesk.services.members import MemberRow
from djdesk.store.database import Database
from djdesk.ui.asker import Asks
from djdesk.ui.forms import ChoiceCombo, FieldForm, PartialDateEdit


class LeaveDialog(QDialog):
    saved = Signal(int)

    def __init__(self, db: Database, asker: Asks, person: MemberRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.asker, self.person = db, asker, person
        self.setObjectName("leaveDialog")
        self.setWindowTitle(_("Mark {name} as left").format(name=person.name))
        intro = QLabel(_("{name} will no longer appear in current lists, but stays in the history, "
                         "the minutes and past evaluations.").format(name=person.name))
        intro.setWordWrap(True)
        self.form = FieldForm()
        self.date = self.form.add("left_on", field_label("left_on"), PartialDateEdit(), required=True)
        self.date.set_value(PartialDate.of(db.clock.today()))
        self.reason = self.form.add("left_reason", field_label("left_reason"), ChoiceCombo(LeftReason))
        self.note = self.form.add("left_note", field_label("left_note"), QLineEdit())
        self.note.setPlaceholderText(_("for a transfer: the organisation transferred to"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Mark as left"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("confirmLeave")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(buttons)

    def save(self) -> None:
        self.form.clear_errors()
        try:
            on = self.date.value()
        except InvalidDate as error:
            self.form.show_error("left_on", str(error))
            return
        if on is None:
            self.form.show_error("left_on", _("is required"))
            return
        reason = self.reason.value()
        assert isinstance(reason, LeftReason)
        try:
            with self.db.transaction() as session:
                members.mark_left(session, self.person.id, on=on, reason=reason,
                                  note=self.note.text(), today=self.db.clock.today())
        except ValidationError as error:
            self._show(error.problems)
            return
        except NotFoundError as error:
            self.asker.error(self, error.message)
            return
        self.saved.emit(self.person.id)
        self.accept()

    def _show(self, problems: tuple[Problem, ...]) -> None:
        for problem in problems:
            if problem.field in self.form.errors:
                self.form.show_error(problem.field, problem.message)
