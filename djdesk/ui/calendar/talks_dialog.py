"""谈心谈话: the year's talk records of a branch, the form to record one, and who has had none."""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.errors import UserError, ValidationError
from djdesk.i18n import _
from djdesk.services import branches as branch_service
from djdesk.services import compliance
from djdesk.services import meetings as meeting_service
from djdesk.services import talks as talk_service
from djdesk.services.talks import TalkDraft, TalkRow, talk_label
from djdesk.store.database import Database
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import FieldForm, dialog_buttons, record_table

FIRST_YEAR = 2000
RELOAD_ON = {kinds.TALKS, kinds.PEOPLE, kinds.BRANCHES}


class _People:
    """Who can be chosen, read once per form: names, branches and each branch's secretary."""

    def __init__(self, db: Database) -> None:
        with db.transaction() as session:
            self.choices = meeting_service.people(session)
            self.branches = {b.id: b.name for b in branch_service.list_branches(session)}
            self.secretaries = compliance.secretaries(session)

    def label(self, person: meeting_service.PersonChoice) -> str:
        branch = self.branches.get(person.branch_id) if person.branch_id is not None else None
        return _("{name} ({branch})").format(name=person.name, branch=branch) if branch else person.name

    def branch_of(self, person_id: int | None) -> int | None:
        return next((p.branch_id for p in self.choices if p.id == person_id), None)

    def secretary_of(self, branch_id: int | None) -> int | None:
        return (self.secretaries.get(branch_id) or [None])[0] if branch_id is not None else None


class TalkEditor(QDialog):
    """Record or correct one talk; refused data stays as typed with the reason under its field."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, talk: TalkRow | None = None, *,
                 person_id: int | None = None, branch_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.events, self.asker, self.talk = db, events, asker, talk
        self.setObjectName("talkEditor")
        self.setWindowTitle(_("Edit the talk") if talk else _("Record a talk"))
        self.people = _People(db)
        self.form = FieldForm()
        self.talker = self.form.add("talker_id", talk_label("talker_id"), self._combo(), required=True)
        self.person = self.form.add("person_id", talk_label("person_id"), self._combo(), required=True)
        self.held_on = self.form.add("held_on", talk_label("held_on"), QDateEdit(), required=True)
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat("yyyy-MM-dd")
        self.held_on.setMinimumDate(QDate(FIRST_YEAR, 1, 1))
        self.note = self.form.add("note", talk_label("note"), QPlainTextEdit())
        self.note.setPlaceholderText(_("What was talked about, in a few lines"))
        self.note.setTabChangesFocus(True)
        self._talker_chosen = talk is not None  # once chosen by hand, a new member keeps it
        if talk is not None:
            self._choose(self.talker, talk.talker_id, talk.talker)
            self._choose(self.person, talk.person_id, talk.person)
            self.held_on.setDate(QDate(talk.held_on.year, talk.held_on.month, talk.held_on.day))
            self.note.setPlainText(talk.note)
        else:
            today = db.clock.today()
            self.held_on.setDate(QDate(today.year, today.month, today.day))
            if person_id is not None:
                self._choose(self.person, person_id, "")
            self._default_talker(self.people.branch_of(person_id) or branch_id)
        self.person.currentIndexChanged.connect(self._person_chosen)
        self.talker.activated.connect(lambda _index: setattr(self, "_talker_chosen", True))
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(dialog_buttons(self, _("Save"), "saveTalk", save=True))
        self.resize(460, 340)

    def _combo(self) -> QComboBox:
        combo = QComboBox()
        combo.setMinimumWidth(220)
        combo.addItem("", None)
        for person in self.people.choices:
            combo.addItem(self.people.label(person), person.id)
        return combo

    @staticmethod
    def _choose(combo: QComboBox, person_id: int, name: str) -> None:
        index = combo.findData(person_id)
        if index < 0 and name:  # left the school since: still shown as recorded
            combo.addItem(name, person_id)
            index = combo.count() - 1
        combo.setCurrentIndex(max(index, 0))

    def _default_talker(self, branch_id: int | None) -> None:
        secretary = self.people.secretary_of(branch_id)
        if secretary is not None and secretary != self.person.currentData():
            self._choose(self.talker, secretary, "")

    def _person_chosen(self) -> None:
        if not self._talker_chosen:
            self._default_talker(self.people.branch_of(self.person.currentData()))

    def draft(self) -> TalkDraft:
        return TalkDraft(self.talker.currentData(), self.person.currentData(), self.held_on.date().toPython(),
                         self.note.toPlainText())

    def save(self) -> None:
        self.form.clear_errors()
        draft, today = self.draft(), self.db.clock.today()
        try:
            with self.db.transaction() as session:
                if self.talk is None:
                    talk_service.add(session, draft, today=today)
                else:
                    talk_service.update(session, self.talk.id, draft, today=today)
        except ValidationError as error:
            others = []
            for problem in error.problems:
                if problem.field in self.form.errors:
                    self.form.show_error(problem.field, problem.message)
                else:
                    others.append(str(problem))
            if others:
                self.asker.error(self, "\n".join(others))
            return
        except UserError as error:
            self.asker.error(self, error.message)
            return
        self.events.changed.emit(kinds.TALKS)
        self.accept()


class TalksDialog(QDialog):
    """Shown with `open()`; the form opens beside it, so the list stays in view."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, year: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.events, self.asker = db, events, asker
        self.setObjectName("talksDialog")
        self.setWindowTitle(_("Heart-to-heart talks"))
        self.rows: list[TalkRow] = []
        self.editor: TalkEditor | None = None
        today = db.clock.today()

        self.year = QSpinBox()
        self.year.setObjectName("talksYear")
        self.year.setRange(min(year, FIRST_YEAR), max(year, today.year))
        self.year.setValue(year)
        self.year.setKeyboardTracking(False)
        self.year.valueChanged.connect(lambda _value: self.reload())
        self.branch = QComboBox()
        self.branch.setObjectName("talksBranch")
        self.branch.setMinimumWidth(160)
        self.branch.currentIndexChanged.connect(lambda _index: self.reload())
        top = QHBoxLayout()
        for text, widget in ((_("Year:"), self.year), (_("Branch:"), self.branch)):
            label = QLabel(text)
            label.setBuddy(widget)
            top.addWidget(label)
            top.addWidget(widget)
            top.addSpacing(16)
        top.addStretch(1)

        self.table = record_table("talksTable", [talk_label("held_on"), _("Branch"), talk_label("talker_id"),
                                                 talk_label("person_id"), talk_label("note")], 4)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.table.installEventFilter(self)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        buttons = QHBoxLayout()
        self.add_button = self._button("addTalk", _("New…"), self.add, buttons)
        self.edit_button = self._button("editTalk", _("Edit…"), self.edit, buttons)
        self.delete_button = self._button("deleteTalk", _("Delete"), self.delete, buttons)
        buttons.addStretch(1)
        self._button("closeTalks", _("Close"), self.reject, buttons)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addLayout(buttons)

        self.check = QLabel()
        self.check.setObjectName("talksCheck")
        self.check.setWordWrap(True)
        self.missing = QListWidget()
        self.missing.setObjectName("talksMissing")
        self.missing.itemActivated.connect(self._talk_with)  # a double click, or Enter
        hint = QLabel(_("Not yet talked with this year; double-click a name to record a talk."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #6b6b6b;")
        box = QGroupBox(_("Yearly check"))
        column = QVBoxLayout(box)
        column.addWidget(self.check)
        column.addWidget(hint)
        column.addWidget(self.missing, 1)
        middle = QHBoxLayout()
        middle.addLayout(left, 3)
        middle.addWidget(box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        self.resize(1000, 560)
        self._load_branches()
        events.changed.connect(self._data_changed)

    def _button(self, name: str, text: str, slot, row: QHBoxLayout) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)  # Enter in the table edits the talk, not this button
        button.clicked.connect(lambda: slot())
        row.addWidget(button)
        return button

    # -- loading ------------------------------------------------------------------------------
    def branch_id(self) -> int | None:
        return self.branch.currentData()

    def _load_branches(self) -> None:
        with self.db.transaction() as session:
            self.branches = branch_service.list_branches(session)
        current = self.branch_id()
        self.branch.blockSignals(True)
        self.branch.clear()
        self.branch.addItem(_("All branches"), None)
        for branch in self.branches:
            self.branch.addItem(branch.name, branch.id)
        self.branch.setCurrentIndex(max(self.branch.findData(current), 0))
        self.branch.blockSignals(False)
        self.reload()

    def _data_changed(self, kind: str) -> None:
        if kind == kinds.BRANCHES:
            self._load_branches()
        elif kind in RELOAD_ON:
            self.reload()

    def reload(self) -> None:
        year, branch_id = self.year.value(), self.branch_id()
        chosen = [b for b in self.branches if branch_id is None or b.id == branch_id]
        with self.db.transaction() as session:
            self.rows = talk_service.list_talks(session, year=year, branch_id=branch_id)
            checks = [(b.name, talk_service.yearly_check(session, year, b.id)) for b in chosen]
        selected = self.current_row()
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            note = " ".join(row.note.split())  # one line in the table; the form shows it whole
            for column, text in enumerate((f"{row.held_on:%Y-%m-%d}", row.branch, row.talker, row.person, note)):
                item = QTableWidgetItem(text)
                if column == 4:
                    item.setToolTip(row.note)
                self.table.setItem(index, column, item)
            if selected is not None and row.id == selected.id:
                self.table.selectRow(index)
        self._show_check(checks, several=branch_id is None)
        self._selection_changed()

    def _show_check(self, checks: list[tuple[str, talk_service.TalkCheck]], *, several: bool) -> None:
        members = sum(c.members for _name, c in checks)
        talked = sum(c.talked for _name, c in checks)
        self.check.setText(_("Talked with {talked} of {members} members").format(talked=talked, members=members))
        self.check.setStyleSheet("color: #1b6e2a; font-weight: bold;" if talked == members
                                 else "color: #b00020; font-weight: bold;")
        self.missing.clear()
        for branch, check in checks:
            for person_id, name in check.missing:
                text = _("{name} ({branch})").format(name=name, branch=branch) if several else name
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, person_id)
                self.missing.addItem(item)

    def current_row(self) -> TalkRow | None:
        index = self.table.currentRow()
        selected = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[index] if selected and 0 <= index < len(self.rows) else None

    def _selection_changed(self) -> None:
        chosen = self.current_row() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key == Qt.Key.Key_Delete:
                self.delete()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit()
                return True
        return super().eventFilter(watched, event)

    # -- changing -----------------------------------------------------------------------------
    def _open_editor(self, talk: TalkRow | None = None, person_id: int | None = None) -> None:
        if self.editor is not None and self.editor.isVisible():
            # One form at a time, and what was typed in it is not thrown away.
            self.editor.raise_()
            self.editor.activateWindow()
            return
        self.editor = TalkEditor(self.db, self.events, self.asker, talk, person_id=person_id,
                                 branch_id=self.branch_id(), parent=self)
        self.editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.editor.finished.connect(lambda _result: setattr(self, "editor", None))
        self.editor.show()

    def add(self) -> None:
        self._open_editor()

    def edit(self) -> None:
        talk = self.current_row()
        if talk is not None:
            self._open_editor(talk)

    def _talk_with(self, item: QListWidgetItem) -> None:
        self._open_editor(person_id=item.data(Qt.ItemDataRole.UserRole))

    def delete(self) -> None:
        talk = self.current_row()
        if talk is None:
            return
        question = _("Delete the talk of {date} with {name}?").format(date=f"{talk.held_on:%Y-%m-%d}", name=talk.person)
        if not self.asker.confirm(self, question, action=_("Delete")):
            return
        try:
            with self.db.transaction() as session:
                talk_service.delete(session, talk.id)
        except UserError as error:
            self.asker.error(self, error.message)
        self.events.changed.emit(kinds.TALKS)  # also after "no longer exists": the list is stale
