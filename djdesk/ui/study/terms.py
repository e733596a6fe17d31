"""The study term dialog (学期): its name, dates and remarks; a new one prefilled with the next term."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout, QWidget

from djdesk.domain.study import TermDates, term_around
from djdesk.i18n import _
from djdesk.services import study
from djdesk.services.study import TermDraft, TermRow, study_label
from djdesk.store.database import (
    Database,
    Session,  # the type the transaction hands over
)
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.ethics.records_page import date_edit, save_record, set_day
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import FieldForm, dialog_buttons
from djdesk.ui.study.common import caption_on_top, text_box

# Enough to step past every stored term (two a year) without looping for ever.
MAX_STEPS = 40


def next_free_term(today: dt.date, taken: set[str]) -> TermDates:
    """The term around today; when that one is stored already, the first one after it that is not."""
    dates = term_around(today)
    for _step in range(MAX_STEPS):
        if dates.name not in taken:
            break
        dates = term_around(dates.ends_on + dt.timedelta(days=1))
    return dates


class TermDialog(QDialog):
    """新建学期 or 编辑学期; `saved_id` is the term's id once saved."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, term: TermRow | None,
                 taken: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.events, self.asker, self.term = db, events, asker, term
        self.saved_id: int | None = None
        self.setObjectName("studyTermDialog")
        self.setWindowTitle(_("Edit the study term") if term else _("New study term"))
        self.form = FieldForm()
        self.name = self.form.add("name", _("Term name"), QLineEdit(), required=True)
        self.name.setPlaceholderText(_("e.g. 2026 spring term"))
        self.starts_on = self.form.add("starts_on", _("Starts on"), date_edit(), required=True)
        self.ends_on = self.form.add("ends_on", _("Ends on"), date_edit(), required=True)
        self.note = self.form.add("note", study_label("note"), text_box(80))
        caption_on_top(self.form, self.note)
        if term is None:
            dates = next_free_term(db.clock.today(), taken)
            self.name.setText(dates.name)
            set_day(self.starts_on, dates.starts_on)
            set_day(self.ends_on, dates.ends_on)
        else:
            self.name.setText(term.name)
            set_day(self.starts_on, term.starts_on)
            set_day(self.ends_on, term.ends_on)
            self.note.setPlainText(term.note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(dialog_buttons(self, _("Save"), "saveStudyTerm", save=True))
        self.setMinimumWidth(460)
        self.adjustSize()

    def draft(self) -> TermDraft:
        return TermDraft(self.name.text(), self.starts_on.date().toPython(), self.ends_on.date().toPython(),
                         self.note.toPlainText())

    def save(self) -> None:
        draft = self.draft()

        def write(session: Session, _today: dt.date) -> None:
            self.saved_id = study.save_term(session, self.term.id if self.term else None, draft)
        save_record(self, self.form, self.db, self.asker, self.events, kinds.STUDY, write)
