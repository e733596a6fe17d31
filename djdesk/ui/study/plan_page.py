"""学习计划: the units of the chosen term in their order, and the dialog of one unit with its
responsible study group and its 学做悟晒 summary."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.errors import UserError
from djdesk.domain.study import SUMMARY_FIELDS, UNIT_SUGGESTIONS
from djdesk.i18n import _
from djdesk.services import study
from djdesk.services.study import TermRow, UnitDraft, UnitRow, study_label
from djdesk.store.database import (
    Database,
    Session,  # the type the transaction hands over
)
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.ethics.records_page import save_record
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import ChoiceCombo, EditableCombo, FieldForm, dialog_buttons
from djdesk.ui.review.dialogs import date_of, optional_date_edit, set_date
from djdesk.ui.study.common import TermPage, caption_on_top, span_text, text_box

NUMBER, SUMMARISED = 0, 5  # columns shown centred
TICK = "✓"


class UnitsPage(TermPage):
    """The term's plan; 上移/下移 (or Ctrl+↑/↓) reorder it."""

    RELOAD_ON = frozenset({kinds.STUDY})
    KIND = kinds.STUDY

    def __init__(self, db: Database, events: AppEvents, asker: Asks, parent: QWidget | None = None) -> None:
        headers = [_("No."), study_label("title"), study_label("topic"), _("Time"), _("Responsible group"),
                   _("Summary written")]
        super().__init__(db, events, asker, "studyUnits", headers, 2, "", parent)
        self.search.hide()  # a plan has a handful of units
        self.hint = QLabel(_("The term's units in order, each with the study group responsible for it; "
                             "after a unit, write its summary: learnt, done, understood, shown (学做悟晒)."))
        self.hint.setObjectName("studyUnitsHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #6b6b6b;")
        self.top.takeAt(self.top.count() - 1)  # the spare width goes to the hint, not to a stretch
        self.top.insertWidget(0, self.hint, 1)
        self.add_button.setText(_("New unit…"))
        self.edit_button.setText(_("Edit…"))
        buttons = self.layout_.itemAt(self.layout_.count() - 1).layout()
        self.up_button = self._move_button("studyUnitUp", _("Up"), -1, "Ctrl+↑")
        self.down_button = self._move_button("studyUnitDown", _("Down"), 1, "Ctrl+↓")
        buttons.insertWidget(3, self.up_button)
        buttons.insertWidget(4, self.down_button)
        self._selection_changed()

    def _move_button(self, name: str, text: str, delta: int, key: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.setToolTip(key)
        button.clicked.connect(lambda: self.move(delta))
        return button

    # -- what the page shows ------------------------------------------------------------------
    def _fetch(self, session: Session) -> list[UnitRow]:
        return study.list_units(session, self.term.id) if self.term else []

    def _cells(self, row: UnitRow) -> tuple[str, ...]:
        return (str(row.position), row.title, row.topic, span_text(row.starts_on, row.ends_on), row.group,
                TICK if row.summarised else "")

    def _haystack(self, row: UnitRow) -> str:
        return f"{row.title} {row.topic}"

    def _fill(self) -> None:
        super()._fill()
        for line, row in enumerate(self.rows):
            for column in (NUMBER, SUMMARISED):
                self.table.item(line, column).setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if row.summarised:
                self.table.item(line, SUMMARISED).setToolTip("\n".join(
                    f"{_(label)}: {getattr(row, key)}" for key, label in SUMMARY_FIELDS if getattr(row, key)))
        if self.term is None:
            self.count.setText(_("Make a study term first (New term…)."))
        else:
            self.count.setText(_("{count} units, {done} summarised").format(
                count=len(self.rows), done=sum(r.summarised for r in self.rows)))

    def _selection_changed(self) -> None:
        super()._selection_changed()
        up, down = getattr(self, "up_button", None), getattr(self, "down_button", None)
        if up is None or down is None:
            return  # still being built
        row = self.current_row()
        line = self.rows.index(row) if row is not None else -1
        up.setEnabled(line > 0)
        down.setEnabled(0 <= line < len(self.rows) - 1)
        self.add_button.setEnabled(self.term is not None)

    def _make_editor(self, row: UnitRow | None) -> QDialog:
        assert self.term is not None
        dialog = UnitDialog(self.db, self.events, self.asker, self.term, row, self)
        dialog.accepted.connect(lambda: self.select_id(dialog.saved_id or 0))
        return dialog

    def _delete_question(self, row: UnitRow) -> str:
        return _("Delete the study unit {title} from the plan, with its summary?").format(title=row.title)

    def _remove(self, session: Session, record_id: int) -> None:
        study.delete_unit(session, record_id)

    # -- changing -----------------------------------------------------------------------------
    def add(self) -> None:
        if self.term is None:
            self.asker.info(self, _("Make a study term first (New term…)."))
            return
        super().add()

    def move(self, delta: int) -> None:
        row = self.current_row()
        if row is None:
            return
        try:
            with self.db.transaction() as session:
                study.move_unit(session, row.id, delta)
        except UserError as error:
            self.asker.error(self, error.message)
        self.events.changed.emit(kinds.STUDY)  # the selection follows the unit by its id

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)):
            self.move(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return super().eventFilter(watched, event)


class UnitDialog(QDialog):
    """A unit of the plan on the left, its 学做悟晒 summary (written afterwards) on the right."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, term: TermRow, unit: UnitRow | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.events, self.asker, self.term, self.unit = db, events, asker, term, unit
        self.saved_id: int | None = None
        self.setObjectName("studyUnitDialog")
        self.setWindowTitle(_("Edit the study unit") if unit else _("New study unit"))
        with db.transaction() as session:
            groups = study.list_groups(session)

        form = self.form = FieldForm()
        self.unit_title = form.add("title", study_label("title"),
                                   EditableCombo(list(UNIT_SUGGESTIONS)), required=True)
        self.topic = form.add("topic", study_label("topic"), QLineEdit())
        self.topic.setPlaceholderText(_("e.g. the party's history: the founding years"))
        self.materials = form.add("materials", study_label("materials"), text_box(90))
        self.materials.setPlaceholderText(_("Books, chapters, articles, videos…"))
        caption_on_top(form, self.materials)
        self.starts_on = form.add("starts_on", _("Starts on"), self._date_edit(),
                                  extra=QLabel(_("—: not fixed yet")))
        self.ends_on = form.add("ends_on", _("Ends on"), self._date_edit())
        self.group = form.add("group_id", _("Responsible group"), ChoiceCombo([], blank=_("(none)")))
        for group in groups:
            self.group.addItem(group.name, group.id)
        if not groups:
            self.group.setToolTip(_("Study groups are made on the Study groups page."))
        term_line = QLabel(_("Term: {name}, {span}").format(name=term.name,
                                                            span=span_text(term.starts_on, term.ends_on)))
        term_line.setObjectName("studyUnitTerm")
        term_line.setStyleSheet("color: #6b6b6b;")

        self.summary = FieldForm()
        self.summary_boxes = {}
        for key, label in SUMMARY_FIELDS:
            box = self.summary.add(key, _(label), text_box(72))
            caption_on_top(self.summary, box)
            self.summary_boxes[key] = box
        summary_box = QGroupBox(_("Summary afterwards (学做悟晒)"))
        summary_box.setObjectName("studyUnitSummary")
        column = QVBoxLayout(summary_box)
        column.addWidget(self.summary)

        if unit is not None:
            self.unit_title.set_value(unit.title)
            self.topic.setText(unit.topic)
            self.materials.setPlainText(unit.materials)
            set_date(self.starts_on, unit.starts_on)
            set_date(self.ends_on, unit.ends_on)
            self.group.set_value(unit.group_id)
            for key, box in self.summary_boxes.items():
                box.setPlainText(getattr(unit, key))

        left = QVBoxLayout()
        left.addWidget(term_line)
        left.addWidget(form, 1)
        middle = QHBoxLayout()
        middle.addLayout(left, 1)
        middle.addWidget(summary_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(middle, 1)
        layout.addWidget(dialog_buttons(self, _("Save"), "saveStudyUnit", save=True))
        self.resize(980, 460)

    def _date_edit(self):  # type: ignore[no-untyped-def]
        """An optional date whose calendar opens at the term, not in 1999: the unset value ("—")
        is the day before the term (or before a stored date outside it)."""
        edit = optional_date_edit()
        days = [self.term.starts_on, *(d for d in (self.unit.starts_on, self.unit.ends_on) if d)] \
            if self.unit else [self.term.starts_on]
        first = min(days) - dt.timedelta(days=1)
        edit.setMinimumDate(QDate(first.year, first.month, first.day))
        edit.setDate(edit.minimumDate())
        return edit

    def draft(self) -> UnitDraft:
        texts = {key: box.toPlainText() for key, box in self.summary_boxes.items()}
        return UnitDraft(self.term.id, self.unit_title.value(), self.topic.text(), self.materials.toPlainText(),
                         date_of(self.starts_on), date_of(self.ends_on), self.group.value(), **texts)

    def save(self) -> None:
        draft = self.draft()

        def write(session: Session, _today: dt.date) -> None:
            self.saved_id = study.save_unit(session, self.unit.id if self.unit else None, draft)
        save_record(self, self.form, self.db, self.asker, self.events, kinds.STUDY, write, self.summary.errors)
