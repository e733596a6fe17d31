"""荣誉推荐: the honours teachers were proposed for (最美教师, 师德楷模…), refused by the service
for a teacher under 一票否决 or still barred."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from djdesk.domain.ethics import HONOUR_TITLES, HonourLevel
from djdesk.i18n import _
from djdesk.services import ethics_records as records
from djdesk.services.ethics_records import HonourDraft, HonourRow, label
from djdesk.store.database import (
    Database,
    Session,  # the type the transaction hands over
)
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.ethics.records_page import RecordsPage, date_edit, save_record, set_day
from djdesk.ui.ethics.violations_page import TABLE_STYLE, TeacherCombo, dotted
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import ChoiceCombo, EditableCombo, FieldForm, dialog_buttons


class HonourEditor(QDialog):
    """Propose a teacher for an honour or correct the record; a refusal (一票否决, barred) is shown
    under the teacher and nothing is saved."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, honour: HonourRow | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.events, self.asker, self.honour = db, events, asker, honour
        self.setObjectName("honourEditor")
        self.setWindowTitle(_("Edit the honour") if honour else _("Record an honour"))
        today = db.clock.today()
        include = (honour.person_id,) if honour else ()
        with db.transaction() as session:
            options = records.people(session, include=include)
        form = self.form = FieldForm()
        self.teacher = form.add("person_id", label("person_id"), TeacherCombo(options), required=True)
        self.title = form.add("title", label("title"), EditableCombo([_(t) for t in HONOUR_TITLES]),
                              required=True)
        self.title.setMinimumWidth(240)
        self.year = form.add("year", label("year"), QSpinBox(), required=True)
        self.year.setRange(1950, today.year + 1)
        self.year.setValue(today.year)
        self.level = form.add("level", label("level"), ChoiceCombo(HonourLevel), required=True)
        self.proposed_on = form.add("proposed_on", label("proposed_on"), date_edit(), required=True)
        set_day(self.proposed_on, today)
        self.note = form.add("note", label("note"), QLineEdit())
        self.note.setMaxLength(200)
        if honour is not None:
            self.teacher.set_value(honour.person_id)
            self.title.set_value(honour.title)
            self.year.setValue(honour.year)
            self.level.set_value(honour.level)
            set_day(self.proposed_on, honour.proposed_on)
            self.note.setText(honour.note)
        layout = QVBoxLayout(self)
        layout.addWidget(form, 1)
        layout.addWidget(dialog_buttons(self, _("Save"), "saveHonour", save=True))
        self.resize(520, 300)

    def draft(self) -> HonourDraft:
        return HonourDraft(self.teacher.value(), self.title.value(), self.year.value(), self.level.value(),
                           self.proposed_on.date().toPython(), self.note.text())

    def save(self) -> None:
        draft = self.draft()

        def write(session: Session, today: dt.date) -> None:
            if self.honour is None:
                records.add_honour(session, draft, today=today)
            else:
                records.update_honour(session, self.honour.id, draft, today=today)
        save_record(self, self.form, self.db, self.asker, self.events, kinds.ETHICS, write)


class HonoursPage(RecordsPage):
    """Honours of the years the period touches, newest year first."""

    RELOAD_ON = frozenset({kinds.ETHICS, kinds.PEOPLE})
    KIND = kinds.ETHICS

    def __init__(self, db: Database, events: AppEvents, asker: Asks, parent: QWidget | None = None) -> None:
        headers = [label("year"), _("Name"), _("Department"), label("title"), label("level"),
                   label("proposed_on"), label("note")]
        super().__init__(db, events, asker, "honours", headers, 6, _("Search by name or department"), parent)
        # Breathing room between the short columns sized to their contents.
        self.table.setStyleSheet(TABLE_STYLE)

    def _fetch(self, session: Session) -> list[HonourRow]:
        # A school year (2025.09–2026.08) touches two calendar years; honours are given by year.
        first = self.starts_on.year if self.starts_on else dt.MINYEAR
        last = self.ends_on.year if self.ends_on else dt.MAXYEAR
        return [row for row in records.list_honours(session) if first <= row.year <= last]

    def _cells(self, row: HonourRow) -> tuple[str, ...]:
        return (str(row.year), row.person, row.department, row.title, row.level.label, dotted(row.proposed_on),
                row.note)

    def _haystack(self, row: HonourRow) -> str:
        return f"{row.person} {row.department}"

    def _make_editor(self, row: HonourRow | None) -> QDialog:
        return HonourEditor(self.db, self.events, self.asker, row, parent=self)

    def _delete_question(self, row: HonourRow) -> str:
        return _("Delete the honour “{title}” ({year}) of {name}?").format(
            title=row.title, year=row.year, name=row.person)

    def _remove(self, session: Session, record_id: int) -> None:
        records.delete_honour(session, record_id)
