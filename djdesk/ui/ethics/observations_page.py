"""听课记录: the lessons school leaders observed (跟踪听课, 推门听课), and the form recording one."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.ethics import ObservationKind, ObservationRating
from djdesk.i18n import _
from djdesk.services import ethics_records
from djdesk.services.ethics_records import (
    ObservationDraft,
    ObservationRow,
    label,
)
from djdesk.store.database import (
    Database,
    Session,  # the type the transaction hands over
)
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.ethics.records_page import RecordsPage, date_edit, save_record, set_day
from djdesk.ui.ethics.violations_page import TeacherCombo
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import ChoiceCombo, FieldForm, dialog_buttons


class ObservationsPage(RecordsPage):
    """The observed lessons of the span, newest first; `show_teacher` keeps one teacher's."""

    RELOAD_ON = frozenset({kinds.ETHICS, kinds.PEOPLE})
    KIND = kinds.ETHICS

    def __init__(self, db: Database, events: AppEvents, asker: Asks, parent: QWidget | None = None) -> None:
        headers = [label("held_on"), _("Observed teacher"), label("observer_id"), _("Format"),
                   label("class_name"), label("subject"), label("rating"), _("Lesson notes")]
        super().__init__(db, events, asker, "observations", headers, 7,
                         _("Search: teacher, observer, department, class or subject"), parent)
        self.teacher_id: int | None = None
        self.departments: dict[int, str] = {}

    def show_teacher(self, person_id: int | None) -> None:
        """Only this teacher's observed lessons (None: everyone's); a new record is about them."""
        self.teacher_id = person_id
        self._reload_soon()

    def _fetch(self, session: Session) -> list[ObservationRow]:
        rows = ethics_records.list_observations(session, teacher_id=self.teacher_id, start=self.starts_on,
                                                end=self.ends_on)
        people = ethics_records.people(session, include=tuple({r.teacher_id for r in rows}))
        self.departments = {p.id: p.department for p in people}
        return rows

    def _cells(self, row: ObservationRow) -> tuple[str, ...]:
        return (f"{row.held_on:%Y-%m-%d}", row.teacher, row.observer, row.kind.label, row.class_name,
                row.subject, row.rating.label if row.rating else "", row.notes)

    def _haystack(self, row: ObservationRow) -> str:
        return " ".join((row.teacher, row.observer, self.departments.get(row.teacher_id, ""),
                         row.class_name, row.subject))

    def _make_editor(self, row: ObservationRow | None) -> QDialog:
        return ObservationEditor(self.db, self.events, self.asker, row, teacher_id=self.teacher_id, parent=self)

    def _delete_question(self, row: ObservationRow) -> str:
        return _("Delete the observation of {teacher}'s lesson on {date}?").format(
            teacher=row.teacher, date=f"{row.held_on:%Y-%m-%d}")

    def _remove(self, session: Session, record_id: int) -> None:
        ethics_records.delete_observation(session, record_id)


class ObservationEditor(QDialog):
    """Record or correct one observed lesson; refused data stays as typed with the reason under it."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, observation: ObservationRow | None = None,
                 *, teacher_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.events, self.asker, self.observation = db, events, asker, observation
        self.setObjectName("observationEditor")
        self.setWindowTitle(_("Edit the observation record") if observation else _("Record an observed lesson"))
        include = (observation.teacher_id, observation.observer_id) if observation else ()
        with db.transaction() as session:
            options = ethics_records.people(session, include=include)
        form = self.form = FieldForm()
        # The service reports a problem with the teacher under "person_id".
        self.teacher = form.add("person_id", _("Observed teacher"), TeacherCombo(options), required=True)
        self.observer = form.add("observer_id", label("observer_id"), TeacherCombo(options), required=True)
        self.held_on = form.add("held_on", label("held_on"), date_edit(), required=True)
        self.kind = form.add("observation_kind", _("Format"), ChoiceCombo(ObservationKind))
        self.class_name = form.add("class_name", label("class_name"), QLineEdit())
        self.class_name.setPlaceholderText(_("e.g. Grade 8 Class 3"))
        self.subject = form.add("subject", label("subject"), QLineEdit())
        self.rating = form.add("rating", label("rating"), ChoiceCombo(ObservationRating, blank=_("Not rated")))
        self.notes = form.add("notes", _("Lesson notes"), QPlainTextEdit())
        self.notes.setPlaceholderText(_("How the lesson went, what was discussed with the teacher"))
        self.notes.setTabChangesFocus(True)
        caption = form.layout_.labelForField(self.notes.parentWidget())
        if caption is not None:  # level with the first line of the notes, not their middle
            caption.setFixedHeight(self.subject.sizeHint().height())
        if observation is None:
            set_day(self.held_on, db.clock.today())
            self.teacher.set_value(teacher_id)
        else:
            self.teacher.set_value(observation.teacher_id)
            self.observer.set_value(observation.observer_id)
            set_day(self.held_on, observation.held_on)
            self.kind.set_value(observation.kind)
            self.class_name.setText(observation.class_name)
            self.subject.setText(observation.subject)
            self.rating.set_value(observation.rating)
            self.notes.setPlainText(observation.notes)
        layout = QVBoxLayout(self)
        layout.addWidget(form, 1)
        layout.addWidget(dialog_buttons(self, _("Save"), "saveObservation", save=True))
        self.resize(520, 480)

    def draft(self) -> ObservationDraft:
        return ObservationDraft(self.teacher.value(), self.observer.value(), self.held_on.date().toPython(),
                                self.kind.value(), self.class_name.text(), self.subject.text(),
                                self.notes.toPlainText(), self.rating.value())

    def save(self) -> None:
        draft = self.draft()

        def write(session: Session, today: dt.date) -> None:
            if self.observation is None:
                ethics_records.add_observation(session, draft, today=today)
            else:
                ethics_records.update_observation(session, self.observation.id, draft, today=today)
        save_record(self, self.form, self.db, self.asker, self.events, kinds.ETHICS, write)
