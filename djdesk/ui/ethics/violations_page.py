"""违规记录: a teacher's recorded violations and what was decided (处分, 其他处理), with the
period each one bars honours and promotion — and the teacher picker both record pages use."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain import ethics
from djdesk.domain.ethics import (
    MIN_OTHER_MONTHS,
    OTHER_MEASURES,
    VIOLATION_KINDS,
    Case,
    Sanction,
)
from djdesk.i18n import _
from djdesk.services import ethics_records as records
from djdesk.services.ethics_records import ViolationDraft, ViolationRow, label
from djdesk.store.database import (
    Database,
    Session,  # the type the transaction hands over
)
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.ethics.records_page import RecordsPage, date_edit, save_record, set_day
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import ChoiceCombo, EditableCombo, FieldForm, dialog_buttons

BARRED_BACKGROUND = QColor("#fde8e8")
NOTE_STYLE = "color: #6b6b6b;"
TABLE_STYLE = "QTableView::item { padding: 0 6px; } QHeaderView::section { padding: 2px 6px; }"
BARRED_STYLE = "color: #8a4b00; font-weight: bold;"  # a consequence to heed, not an error


def dotted(day: dt.date | None) -> str:
    """The office's notation, as on its papers: 2027.04.01."""
    return f"{day.year}.{day.month:02d}.{day.day:02d}" if day else ""


class TeacherCombo(QComboBox):
    """Staff to choose from, found by typing any part of a name or 教研组."""

    def __init__(self, options: list[records.PersonOption], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumWidth(240)
        self.addItem("", None)
        for option in options:
            self.addItem(option.text, option.id)
        self._names = {option.id: option.name for option in options}
        completer = self.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.lineEdit().setPlaceholderText(_("Type part of a name or department"))

    def value(self) -> int | None:
        """The chosen person; a bare name typed is enough when only one person has it."""
        text = self.currentText().strip()
        if not text:
            return None
        index = self.findText(text)
        if index >= 0:
            return self.itemData(index)
        named = [pid for pid, name in self._names.items() if name == text]
        return named[0] if len(named) == 1 else None

    def set_value(self, person_id: int | None) -> None:
        self.setCurrentIndex(max(self.findData(person_id), 0))


class _ShortText(QPlainTextEdit):
    """Four lines high; the form sizes the field's caption by the size hint."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.fontMetrics().lineSpacing() * 4 + 12)


class ViolationEditor(QDialog):
    """Record or correct a violation; refused data stays as typed with the reason under its field."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, violation: ViolationRow | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.events, self.asker, self.violation = db, events, asker, violation
        self.setObjectName("violationEditor")
        self.setWindowTitle(_("Edit the violation record") if violation else _("Record a violation"))
        today = db.clock.today()
        include = (violation.person_id,) if violation else ()
        with db.transaction() as session:
            options = records.people(session, include=include)
        form = self.form = FieldForm()
        self.teacher = form.add("person_id", label("person_id"), TeacherCombo(options), required=True)
        self.occurred_on = form.add("occurred_on", label("occurred_on"), date_edit(), required=True)
        set_day(self.occurred_on, today)
        self.kind = form.add("kind", label("kind"), EditableCombo([_(k) for k in VIOLATION_KINDS]),
                             required=True)
        self.kind.setMinimumWidth(240)
        self.description = form.add("description", label("description"), _ShortText())
        self.description.setTabChangesFocus(True)
        self.sanction = form.add("sanction", label("sanction"), ChoiceCombo(Sanction, blank=_("Not handled")))
        self.barred_note = QLabel()
        self.barred_note.setObjectName("violationBarredNote")
        self.veto_note = QLabel()
        self.veto_note.setObjectName("violationVetoNote")
        self.veto_note.setWordWrap(True)
        self.veto_note.setStyleSheet(NOTE_STYLE)
        notes = QWidget()
        notes.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        column = QVBoxLayout(notes)
        column.setContentsMargins(0, 0, 0, 4)
        column.setSpacing(2)
        column.addWidget(self.barred_note)
        column.addWidget(self.veto_note)
        form.layout_.addRow("", notes)
        self.measure = form.add("measure", label("measure"), EditableCombo([_(m) for m in OTHER_MEASURES]))
        self.months = form.add("months", label("months"), QSpinBox())
        self.months.setRange(MIN_OTHER_MONTHS, 120)
        self.decided_on = form.add("decided_on", label("decided_on"), date_edit())
        set_day(self.decided_on, today)  # most decisions are recorded the day they are taken
        if violation is not None:
            self._fill(violation)
        self.sanction.currentIndexChanged.connect(self._update)
        for signal in (self.occurred_on.dateChanged, self.decided_on.dateChanged, self.months.valueChanged):
            signal.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(form, 1)
        layout.addWidget(dialog_buttons(self, _("Save"), "saveViolation", save=True))
        self._update()
        self.resize(580, 460)

    def _fill(self, violation: ViolationRow) -> None:
        self.teacher.set_value(violation.person_id)
        set_day(self.occurred_on, violation.occurred_on)
        self.kind.set_value(violation.kind)
        self.description.setPlainText(violation.description)
        self.sanction.set_value(violation.sanction)
        self.measure.set_value(violation.measure)
        self.months.setValue(violation.months or MIN_OTHER_MONTHS)
        if violation.decided_on is not None:
            set_day(self.decided_on, violation.decided_on)

    def _update(self) -> None:
        """Fields that matter only for the sanction chosen, and the notes of what it entails."""
        sanction: Sanction | None = self.sanction.value()
        other = sanction is Sanction.OTHER
        self.measure.setEnabled(other)
        self.months.setEnabled(other)
        self.decided_on.setEnabled(sanction is not None)
        draft = self.draft()
        until = ethics.barred_until(Case(draft.occurred_on, draft.kind, sanction, draft.decided_on, draft.months))
        self.barred_note.setText(ethics.barred_text(until) if until else _("Nothing barred until handling is decided"))
        self.barred_note.setStyleSheet(BARRED_STYLE if until else NOTE_STYLE)
        self.veto_note.setText(_(
            "One-vote veto: whatever the scores, the ethics grade of the period that includes {date} is "
            "“Incompetent”, and no honour may be proposed for {year}.").format(
            date=dotted(draft.occurred_on), year=draft.occurred_on.year))

    def draft(self) -> ViolationDraft:
        sanction: Sanction | None = self.sanction.value()
        other = sanction is Sanction.OTHER
        return ViolationDraft(
            self.teacher.value(), self.occurred_on.date().toPython(), self.kind.value(),
            self.description.toPlainText(), sanction, self.measure.value() if other else "",
            self.months.value() if other else None,
            self.decided_on.date().toPython() if sanction is not None else None)

    def save(self) -> None:
        draft = self.draft()

        def write(session: Session, today: dt.date) -> None:
            if self.violation is None:
                records.add_violation(session, draft, today=today)
            else:
                records.update_violation(session, self.violation.id, draft, today=today)
        save_record(self, self.form, self.db, self.asker, self.events, kinds.ETHICS, write)


class ViolationsPage(RecordsPage):
    """The violations of the period, newest first; rows still barred today are tinted."""

    RELOAD_ON = frozenset({kinds.ETHICS, kinds.PEOPLE})
    KIND = kinds.ETHICS

    def __init__(self, db: Database, events: AppEvents, asker: Asks, parent: QWidget | None = None) -> None:
        headers = [label("occurred_on"), _("Name"), _("Department"), label("kind"), _("Action taken"),
                   label("decided_on"), _("Barred until")]
        super().__init__(db, events, asker, "violations", headers, 4, _("Search by name or department"), parent)
        # Breathing room between the short columns sized to their contents.
        self.table.setStyleSheet(TABLE_STYLE)

    def _fetch(self, session: Session) -> list[ViolationRow]:
        return records.list_violations(session, start=self.starts_on, end=self.ends_on)

    def _cells(self, row: ViolationRow) -> tuple[str, ...]:
        until = row.barred_until
        barred = Sanction.DISMISSAL.label if until == dt.date.max else dotted(until)
        return (dotted(row.occurred_on), row.person, row.department, row.kind,
                row.handling or _("Not handled"), dotted(row.decided_on), barred)

    def _haystack(self, row: ViolationRow) -> str:
        return f"{row.person} {row.department}"

    def _fill(self) -> None:
        super()._fill()
        today = self.db.clock.today()
        for index, row in enumerate(self.rows):
            if row.sanction is None:
                self.table.item(index, 4).setForeground(QBrush(QColor("#6b6b6b")))
            until = row.barred_until
            if until is not None and (row.decided_on or row.occurred_on) <= today < until:
                for column in range(self.table.columnCount()):
                    item = self.table.item(index, column)
                    item.setBackground(QBrush(BARRED_BACKGROUND))
                    item.setToolTip(ethics.barred_text(until))

    def _make_editor(self, row: ViolationRow | None) -> QDialog:
        return ViolationEditor(self.db, self.events, self.asker, row, parent=self)

    def _delete_question(self, row: ViolationRow) -> str:
        return _("Delete the violation record of {name} of {date} ({kind})?").format(
            name=row.person, date=dotted(row.occurred_on), kind=row.kind)

    def _remove(self, session: Session, record_id: int) -> None:
        records.delete_violation(session, record_id)
