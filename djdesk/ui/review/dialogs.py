"""The 民主评议 dialogs: opening a branch's evaluation for a year, and the evaluation's own
details (the meeting it was held at, the ballots returned, the cap on 优秀, the day of grading)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain import democratic
from djdesk.domain.democratic import SHARES, review_label
from djdesk.domain.errors import UserError, ValidationError
from djdesk.i18n import _
from djdesk.services import branches as branch_service
from djdesk.services import democratic as service
from djdesk.store.database import Database
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.ethics.records_page import show_refusal
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import EditableCombo, FieldForm, dialog_buttons


def optional_date_edit() -> QDateEdit:
    """A date that may be left unset: the day before the first allowed one reads "—"."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(QDate(1999, 12, 31))
    edit.setSpecialValueText("—")
    edit.setDate(edit.minimumDate())
    return edit


def date_of(edit: QDateEdit) -> dt.date | None:
    if edit.date() == edit.minimumDate():
        return None
    return edit.date().toPython()  # type: ignore[no-any-return]


def set_date(edit: QDateEdit, day: dt.date | None) -> None:
    edit.setDate(edit.minimumDate() if day is None else QDate(day.year, day.month, day.day))


class OpenDialog(QDialog):
    """新建评议: a branch and a 所属年度; the meeting it will be linked to is shown as you choose."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewOpenDialog")
        self.setWindowTitle(_("New democratic review"))
        self.db, self.events, self.asker = db, events, asker
        self.review_id: int | None = None
        today = db.clock.today()
        self.form = FieldForm()
        self.branch = self.form.add("branch_id", _("Branch"), QComboBox(), required=True)
        with db.transaction() as session:
            for branch in branch_service.list_branches(session):
                self.branch.addItem(branch.name, branch.id)
        self.year = self.form.add("year", _("For the year"), QSpinBox(), required=True)
        self.year.setRange(today.year - service.YEARS_BACK, today.year)
        self.year.setValue(service.default_year(today))
        self.hint = QLabel()
        self.hint.setObjectName("reviewOpenHint")
        self.hint.setWordWrap(True)
        self.branch.currentIndexChanged.connect(self._show_meeting)
        self.year.valueChanged.connect(self._show_meeting)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.hint)
        layout.addWidget(dialog_buttons(self, _("Open"), "reviewOpenOk"))
        self._show_meeting()
        self.setMinimumWidth(460)
        self.adjustSize()

    def _show_meeting(self) -> None:
        branch_id = self.branch.currentData()
        if branch_id is None:
            self.hint.setText(_("Add a branch first (Tools → Settings → Branches and party groups)."))
            return
        with self.db.transaction() as session:
            options = service.meeting_options(session, branch_id, self.year.value())
        if options:
            chosen = next((o for o in options if o.counts_as_review), options[0])
            self.hint.setText(_("It will be linked to {meeting}, which then also counts as the year's "
                                "democratic review of members.").format(meeting=chosen.text()))
        else:
            self.hint.setText(_("No organisational life meeting of this branch is in the calendar for "
                                "{year} (所属年度); you can link one later.").format(year=self.year.value()))

    def save(self) -> None:
        self.form.clear_errors()
        branch_id = self.branch.currentData()
        if branch_id is None:
            self.form.show_error("branch_id", _("choose the branch"))
            return
        try:
            with self.db.transaction() as session:
                self.review_id = service.open_review(session, branch_id, self.year.value(), self.db.clock.today())
        except ValidationError as error:
            show_refusal(self, self.form, error, self.asker)
            return
        except UserError as error:
            self.form.show_error("year", error.message)
            return
        self.events.changed.emit(kinds.REVIEW)
        self.events.changed.emit(kinds.MEETINGS)  # the meeting linked now counts as the review too
        self.accept()


class InfoDialog(QDialog):
    """评议信息: the meeting, the ballots returned, the cap on 优秀, the day of grading, notes."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, view: service.ReviewView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewInfoDialog")
        self.setWindowTitle(_("{branch} {title}").format(branch=view.branch, title=view.title()))
        self.db, self.events, self.asker, self.review_id = db, events, asker, view.id
        self.form = FieldForm()
        self.meeting = self.form.add("meeting_id", review_label("meeting_id"), QComboBox())
        self.meeting.addItem(_("(not linked to a meeting)"), None)
        with db.transaction() as session:
            options = service.meeting_options(session, view.branch_id, view.year)
        if view.meeting is not None and view.meeting.id not in [o.id for o in options]:
            options.insert(0, view.meeting)
        for option in options:
            self.meeting.addItem(option.text(), option.id)
        self.meeting.setCurrentIndex(max(self.meeting.findData(view.meeting.id if view.meeting else None), 0))
        self.ballots = self.form.add("ballots", review_label("ballots"), QSpinBox())
        self.ballots.setRange(0, democratic.MAX_BALLOTS)
        self.ballots.setSpecialValueText(_("not entered"))
        self.ballots.setSuffix(_(" ballots"))
        self.ballots.setValue(view.ballots or 0)
        note = QLabel(_("blank: no cap"))
        self.share = self.form.add("share", review_label("share"), EditableCombo(SHARES), extra=note)
        self.share.set_value(view.share)
        self.decided_on = self.form.add("decided_on", review_label("decided_on"), optional_date_edit(),
                                        extra=QLabel(_("—: the day of the meeting")))
        set_date(self.decided_on, view.decided_on)
        note_box = QPlainTextEdit()
        note_box.setFixedHeight(90)  # before adding: the caption takes the field's height
        self.note = self.form.add("note", review_label("note"), note_box)
        self.note.setPlainText(view.note)
        self.note.setTabChangesFocus(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(dialog_buttons(self, _("Save"), "reviewInfoOk", save=True))
        self.setMinimumWidth(560)
        self.adjustSize()

    def draft(self) -> service.ReviewDraft:
        return service.ReviewDraft(self.meeting.currentData(), self.ballots.value() or None,
                                   self.share.value(), date_of(self.decided_on), self.note.toPlainText())

    def save(self) -> None:
        self.form.clear_errors()
        try:
            with self.db.transaction() as session:
                notes = service.update_review(session, self.review_id, self.draft(), self.db.clock.today())
        except ValidationError as error:
            show_refusal(self, self.form, error, self.asker)
            return
        except UserError as error:
            self.asker.error(self, error.message)
            return
        self.events.changed.emit(kinds.REVIEW)
        if notes:
            self.events.changed.emit(kinds.MEETINGS)
            self.asker.info(self, "\n".join(notes))
        self.accept()
