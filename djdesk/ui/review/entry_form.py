"""The editor beside the member list: one member's self-evaluation, the 民主测评 ballots' marks,
the branch's grade (with its reason when it differs from the majority) and a 不合格's handling."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain import democratic
from djdesk.domain.democratic import (
    GRADES,
    HANDLINGS,
    ReviewGrade,
    Tally,
    review_label,
    vote_field,
)
from djdesk.domain.errors import UserError, ValidationError
from djdesk.i18n import _
from djdesk.services import democratic as service
from djdesk.services.democratic import EntryDraft, EntryRow
from djdesk.store.database import Database
from djdesk.ui.asker import Asks
from djdesk.ui.ethics.records_page import show_refusal
from djdesk.ui.forms import ChoiceCombo, EditableCombo, FieldForm
from djdesk.ui.review.dialogs import date_of, optional_date_edit, set_date


class EntryForm(QWidget):
    """Shows the chosen member; `saved` carries the entry id once the database has it."""

    saved = Signal(int)
    save_and_next = Signal()

    def __init__(self, db: Database, asker: Asks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewEntryForm")
        self.db, self.asker = db, asker
        self.row: EntryRow | None = None
        self.ballots: int | None = None
        self._loaded: EntryDraft | None = None
        self.heading = QLabel()
        self.heading.setObjectName("reviewEntryHeading")
        self.heading.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.heading.setWordWrap(True)
        self.form = FieldForm()
        note = QPlainTextEdit()
        note.setFixedHeight(110)  # before adding: the caption takes the field's height
        self.self_note = self.form.add("self_note", review_label("self_note"), note)
        self.self_note.setPlaceholderText(_("The member's self-evaluation in brief"))
        self.self_note.setTabChangesFocus(True)
        votes = QWidget()
        line = QHBoxLayout(votes)
        line.setContentsMargins(0, 0, 0, 0)
        self.votes: dict[ReviewGrade, QSpinBox] = {}
        for grade in GRADES:
            box = QSpinBox()
            box.setObjectName(f"field_{vote_field(grade)}")
            box.setRange(0, democratic.MAX_BALLOTS)
            box.setAccelerated(True)
            box.valueChanged.connect(self._show_majority)
            caption = QLabel(grade.label)
            caption.setBuddy(box)
            line.addWidget(caption)
            line.addWidget(box)
            self.votes[grade] = box
        line.addStretch(1)
        self.form.add("votes", review_label("votes"), votes)
        self.majority = QLabel()
        self.majority.setObjectName("reviewMajority")
        self.form.layout_.addRow("", self.majority)
        self.grade = self.form.add("grade", review_label("grade"), ChoiceCombo(GRADES, blank=_("not graded yet")))
        self.grade.currentIndexChanged.connect(self._show_majority)
        self.reason = self.form.add("grade_reason", review_label("grade_reason"), QLineEdit())
        self.reason.setPlaceholderText(_("Needed when the grade differs from the ballots' majority"))
        self.handling = self.form.add("handling", review_label("handling"),
                                      EditableCombo([_(text) for text in HANDLINGS]))
        self.handling.lineEdit().setPlaceholderText(_("Only for a member graded Incompetent"))
        self.handled_on = self.form.add("handled_on", review_label("handled_on"), optional_date_edit())
        self.message = QLabel()
        self.message.setObjectName("reviewEntryMessage")
        self.message.setWordWrap(True)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setObjectName("reviewSave")
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.next_button = QPushButton(_("Save and next"))
        self.next_button.setObjectName("reviewSaveNext")
        self.next_button.setToolTip("Ctrl+Enter")
        self.next_button.clicked.connect(self._save_and_next)
        self.revert_button = QPushButton(_("Undo changes"))
        self.revert_button.setObjectName("reviewRevert")
        self.revert_button.clicked.connect(self.revert)
        buttons = QHBoxLayout()
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        layout.addWidget(self.form, 1)
        layout.addLayout(buttons)
        self.show_row(None)

    # -- showing ------------------------------------------------------------------------------
    def show_row(self, row: EntryRow | None, *, ballots: int | None = None) -> None:
        self.row, self.ballots = row, ballots
        self.form.clear_errors()
        self.message.clear()
        editable = row is not None and row.counted
        for widget in (self.form, self.save_button, self.next_button, self.revert_button):
            widget.setEnabled(editable)
        if row is None:
            self.heading.setText(_("Choose a member in the list"))
            self._fill(EntryDraft("", Tally(), None))
            return
        standing = row.standing + (f"，{row.group}" if row.group else "")
        self.heading.setText(f"{row.name}（{standing}）")
        self._show_message()
        self._fill(EntryDraft(row.self_note, row.tally, row.grade, row.grade_reason, row.handling, row.handled_on))

    def _show_message(self) -> None:
        row = self.row
        if row is None:
            self.message.clear()
        elif not row.counted:
            self.message.setText(_("Listed apart and not evaluated: {reason}").format(reason=row.apart_reason))
        elif self.ballots is None:
            self.message.setText(_("Enter the ballots returned under Review details before the votes."))
        else:
            self.message.setText(_("{ballots} ballots returned").format(ballots=self.ballots))

    def _fill(self, draft: EntryDraft) -> None:
        self.self_note.setPlainText(draft.self_note)
        for grade, box in self.votes.items():
            box.setValue(draft.tally.count(grade))
        self.grade.set_value(draft.grade)
        self.reason.setText(draft.grade_reason)
        self.handling.set_value(draft.handling)
        set_date(self.handled_on, draft.handled_on)
        self._loaded = self.draft()
        self._show_majority()

    def draft(self) -> EntryDraft:
        tally = Tally.of({grade: box.value() for grade, box in self.votes.items()})
        return EntryDraft(self.self_note.toPlainText().strip(), tally, self.grade.value(), self.reason.text().strip(),
                          self.handling.value(), date_of(self.handled_on))

    def dirty(self) -> bool:
        return self.row is not None and self.row.counted and self.draft() != self._loaded

    def _show_majority(self) -> None:
        draft = self.draft()
        if not draft.tally.total:
            self.majority.setText(_("No votes entered"))
            self.majority.setStyleSheet("")
            return
        text = _("Majority of the ballots: {grades}").format(grades=democratic.leading_text(draft.tally))
        if democratic.needs_reason(draft.grade, draft.tally):
            text += _(" — the grade differs: give the reason")
            self.majority.setStyleSheet("color: #b00020;")
        else:
            self.majority.setStyleSheet("")
        self.majority.setText(text)

    # -- saving -------------------------------------------------------------------------------
    def save(self) -> bool:
        """Write the member's result; a refusal goes under its fields and everything typed stays."""
        if self.row is None or not self.row.counted:
            return False
        self.form.clear_errors()
        votes_error = self.form.errors["votes"]
        labels = {vote_field(g): votes_error for g in GRADES}
        try:
            with self.db.transaction() as session:
                service.record(session, self.row.id, self.draft(), self.db.clock.today())
        except ValidationError as error:
            show_refusal(self, self.form, error, self.asker, labels)
            return False
        except UserError as error:
            self.asker.error(self, error.message)
            return False
        self._loaded = self.draft()
        self.saved.emit(self.row.id)
        return True

    def add_shortcuts(self, owner: QWidget) -> None:
        """Ctrl+S and Ctrl+Enter anywhere in `owner` (the tab: the member list too)."""
        for keys, slot in ((QKeySequence.StandardKey.Save, self.save),
                           (QKeySequence("Ctrl+Return"), self._save_and_next),
                           (QKeySequence("Ctrl+Enter"), self._save_and_next)):
            shortcut = QShortcut(keys, owner)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def refresh(self, row: EntryRow | None, ballots: int | None) -> None:
        """What is stored now, leaving the typing in the fields (a reload while typing)."""
        self.row, self.ballots = row, ballots
        self._show_message()

    def _save_and_next(self) -> None:
        if self.save():
            self.save_and_next.emit()

    def revert(self) -> None:
        """Back to what is stored: the undo of everything typed since the last save."""
        if self.row is not None:
            self.show_row(self.row, ballots=self.ballots)

    def focus_votes(self) -> None:
        box = self.votes[ReviewGrade.EXCELLENT]
        box.setFocus()
        box.selectAll()
