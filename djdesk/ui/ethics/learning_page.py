"""师德培训: the learning records of a span, and the form recording one person's or a whole group's."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.errors import ConflictError, UserError
from djdesk.domain.ethics import ETHICS_TAG, LearningKind, number
from djdesk.i18n import _
from djdesk.services import ethics_records
from djdesk.services import learning as learning_service
from djdesk.services.ethics_records import PersonOption
from djdesk.services.learning import LearningDraft, LearningRow, learning_label
from djdesk.store.database import (
    Database,
    Session,  # the type the transaction hands over
)
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.ethics.records_page import RecordsPage, date_edit, save_record, set_day
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import ERROR_STYLE, ChoiceCombo, FieldForm, dialog_buttons

_ID = Qt.ItemDataRole.UserRole


def checklist_box(options: list[PersonOption], title: str, name: str,
                  field: str) -> tuple[PeopleChecklist, QLabel, QGroupBox]:
    """People to tick in a titled box, with the line under it where a refusal of `field` shows."""
    people = PeopleChecklist(options)
    if field != "person_ids":
        people.setObjectName(f"field_{field}")
    error = QLabel()
    error.setObjectName(f"error_{field}")
    error.setStyleSheet(ERROR_STYLE)
    error.setWordWrap(True)
    error.hide()
    box = QGroupBox(title)
    box.setObjectName(name)
    column = QVBoxLayout(box)
    column.addWidget(people, 1)
    column.addWidget(error)
    return people, error, box


class MeetingRecordsLocked:
    """Records a held meeting made are changed through the meeting: Enter and Del on one tell
    why, rather than open an editor or ask a question whose yes would be refused."""

    def _why_locked(self, row: LearningRow) -> str | None:
        """The service's reason a meeting's record cannot be changed here, None for one's own.
        Asked of the service (an unchanged update it refuses) so the two never disagree."""
        if row.meeting_id is None:
            return None
        unchanged = LearningDraft((row.person_id,), row.held_on, row.topic, row.kind, number(row.hours),
                                  row.tag_text, row.organiser, row.note)
        try:
            with self.db.transaction() as session:
                learning_service.update(session, row.id, unchanged, today=self.db.clock.today())
        except ConflictError as error:
            return error.message
        except UserError as error:  # gone meanwhile: the list is stale
            self.events.changed.emit(kinds.LEARNING)
            return error.message
        return None

    def edit(self) -> None:
        row = self.current_row()
        if row is not None and (reason := self._why_locked(row)) is not None:
            self.asker.info(self, reason)
            return
        super().edit()

    def delete(self) -> None:
        row = self.current_row()
        if row is not None and (reason := self._why_locked(row)) is not None:
            self.asker.info(self, reason)  # no question whose yes would be refused
            return
        super().delete()


class LearningPage(MeetingRecordsLocked, RecordsPage):
    """The 师德 learning records of the span (or all learning records), newest first."""

    # MEETINGS: a 党课 or 主题党日 marked held adds its attendees' records.
    RELOAD_ON = frozenset({kinds.LEARNING, kinds.PEOPLE, kinds.MEETINGS})
    KIND = kinds.LEARNING

    def __init__(self, db: Database, events: AppEvents, asker: Asks, parent: QWidget | None = None) -> None:
        headers = [learning_label("held_on"), _("Name"), _("Department"), _("Content"), _("Format"),
                   learning_label("hours"), learning_label("tags"), learning_label("organiser")]
        super().__init__(db, events, asker, "learning", headers, 3,
                         _("Search: name, department or content"), parent)
        self.departments: dict[int, str] = {}
        self.show_all = QCheckBox(_("Show all learning records"))
        self.show_all.setObjectName("learningShowAll")
        self.show_all.setToolTip(_("Not only those tagged {tag}").format(tag=ETHICS_TAG))
        self.show_all.toggled.connect(lambda _on: self.reload())
        self.top.addWidget(self.show_all)
        self.note = QLabel()
        self.note.setObjectName("learningNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("font-weight: bold;")
        self.note.hide()
        self.layout_.insertWidget(0, self.note)

    def set_note(self, text: str) -> None:
        """A line above the table about the span (who falls short of training); blank hides it."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _fetch(self, session: Session) -> list[LearningRow]:
        rows = learning_service.list_records(session, start=self.starts_on, end=self.ends_on,
                                             tag=None if self.show_all.isChecked() else ETHICS_TAG)
        people = ethics_records.people(session, include=tuple({r.person_id for r in rows}))
        self.departments = {p.id: p.department for p in people}
        return rows

    def _cells(self, row: LearningRow) -> tuple[str, ...]:
        return (f"{row.held_on:%Y-%m-%d}", row.person, self.departments.get(row.person_id, ""), row.topic,
                row.kind.label, number(row.hours), row.tag_text, row.organiser)

    def _haystack(self, row: LearningRow) -> str:
        return " ".join((row.person, self.departments.get(row.person_id, ""), row.topic))

    def _make_editor(self, row: LearningRow | None) -> QDialog:
        return LearningEditor(self.db, self.events, self.asker, row, parent=self)

    def _delete_question(self, row: LearningRow) -> str:
        return _("Delete the learning record of {name} on {date} ({topic})?").format(
            name=row.person, date=f"{row.held_on:%Y-%m-%d}", topic=row.topic)

    def _remove(self, session: Session, record_id: int) -> None:
        learning_service.delete(session, record_id)


class PeopleChecklist(QWidget):
    """Tick one person or many: a search, a whole department at once, all shown, none."""

    def __init__(self, options: list[PersonOption], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("field_person_ids")
        self.search = QLineEdit()
        self.search.setObjectName("peopleSearch")
        self.search.setPlaceholderText(_("Type part of a name or department"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.department = QComboBox()
        self.department.setObjectName("peopleDepartment")
        self.department.addItem(_("Select by department…"), None)
        for name in dict.fromkeys(o.department for o in options if o.department):
            self.department.addItem(name, name)
        self.department.activated.connect(self._tick_department)
        self.select_all = QPushButton(_("Select all"))
        self.select_all.setObjectName("peopleSelectAll")
        self.select_all.setToolTip(_("Tick everyone shown in the list"))
        self.select_all.clicked.connect(lambda: self._tick(lambda item: not item.isHidden()))
        self.clear = QPushButton(_("Clear"))
        self.clear.setObjectName("peopleClear")
        self.clear.clicked.connect(self._untick_all)
        for button in (self.select_all, self.clear):
            button.setAutoDefault(False)
        self.list = QListWidget()
        self.list.setObjectName("peopleList")
        self.departments: dict[int, str] = {}
        for option in options:
            item = QListWidgetItem(option.text)
            item.setData(_ID, option.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
            self.departments[option.id] = option.department
        self.list.itemChanged.connect(lambda _item: self._count())
        self.count = QLabel()
        self.count.setObjectName("peopleCount")
        self.tools = QWidget()
        tools = QHBoxLayout(self.tools)
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addWidget(self.department, 1)
        tools.addWidget(self.select_all)
        tools.addWidget(self.clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.tools)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count)
        self._count()

    def items(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count())]

    def ids(self) -> tuple[int, ...]:
        """Who is ticked, in list order (ticked people hidden by a search count too)."""
        return tuple(i.data(_ID) for i in self.items() if i.checkState() == Qt.CheckState.Checked)

    def set_ids(self, ids: set[int] | tuple[int, ...]) -> None:
        self._tick(lambda item: item.data(_ID) in ids, only=True)

    def lock(self) -> None:
        """Only one person, who cannot be changed (a stored record belongs to one person)."""
        self.search.hide()
        self.tools.hide()
        self.count.hide()
        for item in self.items():
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # One line, not a tall empty list.
        self.list.setFixedHeight(self.list.sizeHintForRow(0) + 2 * self.list.frameWidth() + 4)

    def _tick(self, wanted, *, only: bool = False) -> None:  # type: ignore[no-untyped-def]
        self.list.blockSignals(True)
        for item in self.items():
            if wanted(item):
                item.setCheckState(Qt.CheckState.Checked)
            elif only:
                item.setCheckState(Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._count()

    def _untick_all(self) -> None:
        self.set_ids(())

    def _tick_department(self, index: int) -> None:
        name = self.department.itemData(index)
        if name is not None:
            self._tick(lambda item: self.departments.get(item.data(_ID)) == name)
        self.department.setCurrentIndex(0)  # ready for the next department

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for item in self.items():
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def _count(self) -> None:
        self.count.setText(_("Chosen: {count}").format(count=len(self.ids())))


class LearningEditor(QDialog):
    """Record a training for one person or many at once, or correct one stored record."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, record: LearningRow | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.events, self.asker, self.record = db, events, asker, record
        self.setObjectName("learningEditor")
        self.setWindowTitle(_("Edit the learning record") if record else _("Record learning"))
        with db.transaction() as session:
            options = ethics_records.people(session, include=(record.person_id,) if record else ())
        if record is not None:
            options = [o for o in options if o.id == record.person_id]
        self.people, self.people_error, box = checklist_box(
            options, learning_label("person_ids"), "learningPeople", "person_ids")

        self.form = FieldForm()
        self.held_on = self.form.add("held_on", learning_label("held_on"), date_edit(), required=True)
        self.topic = self.form.add("topic", _("Content"), QLineEdit(), required=True)
        self.topic.setPlaceholderText(_("e.g. the ten rules of professional conduct for teachers"))
        self.kind = self.form.add("kind", _("Format"), ChoiceCombo(LearningKind))
        self.hours = QLineEdit()
        self.hours.setPlaceholderText(_("e.g. 2 or 1.5"))
        self.hours.setMaximumWidth(120)
        self.hours.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.form.add("hours", learning_label("hours"), self.hours, required=True)
        self.tags = self.form.add("tags", learning_label("tags"), QLineEdit())
        self.tags.setToolTip(_("Separate tags with commas; records tagged {tag} count as ethics training").format(
            tag=ETHICS_TAG))
        self.organiser = self.form.add("organiser", learning_label("organiser"), QLineEdit())
        self.note = self.form.add("note", learning_label("note"), QLineEdit())
        if record is None:
            set_day(self.held_on, db.clock.today())
            self.kind.set_value(LearningKind.TRAINING)
            self.tags.setText(ETHICS_TAG)
        else:
            self.people.set_ids((record.person_id,))
            self.people.lock()
            set_day(self.held_on, record.held_on)
            self.topic.setText(record.topic)
            self.kind.set_value(record.kind)
            self.hours.setText(number(record.hours))
            self.tags.setText(record.tag_text)
            self.organiser.setText(record.organiser)
            self.note.setText(record.note)

        middle = QHBoxLayout()
        if record is None:
            middle.addWidget(box, 2)
        else:
            middle.addWidget(box, 1, Qt.AlignmentFlag.AlignTop)  # one person: a short box
        middle.addWidget(self.form, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(middle, 1)
        layout.addWidget(dialog_buttons(self, _("Save"), "saveLearning", save=True))
        if record is None:
            self.resize(860, 480)
        else:
            self.resize(720, 320)

    def draft(self) -> LearningDraft:
        return LearningDraft(self.people.ids(), self.held_on.date().toPython(), self.topic.text(),
                             self.kind.value(), self.hours.text(), self.tags.text(), self.organiser.text(),
                             self.note.text())

    def save(self) -> None:
        draft = self.draft()

        def write(session: Session, today: dt.date) -> None:
            if self.record is None:
                learning_service.add(session, draft, today=today)
            else:
                learning_service.update(session, self.record.id, draft, today=today)
        save_record(self, self.form, self.db, self.asker, self.events, kinds.LEARNING, write,
                    {"person_ids": self.people_error})
