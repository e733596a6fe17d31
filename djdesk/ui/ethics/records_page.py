"""A searchable table of one kind of ethics record for a span, with 登记/修改/删除, and form helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.errors import UserError, ValidationError
from djdesk.i18n import _
from djdesk.store.database import (
    Database,
    Session,  # the type the transaction hands over
)
from djdesk.ui.asker import Asks
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import FieldForm, record_table

FIRST_YEAR = 2000


def date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(QDate(FIRST_YEAR, 1, 1))
    return edit


def set_day(edit: QDateEdit, day: dt.date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


def show_refusal(dialog: QWidget, form: FieldForm, error: ValidationError, asker: Asks,
                 labels: dict[str, QLabel] | None = None) -> None:
    """Each message under its field (or in `labels`, fields outside the form); the rest in a box."""
    labels = {**(labels or {}), **form.errors}
    others = []
    for problem in error.problems:
        if problem.field in labels:
            label = labels[problem.field]  # cleared before saving: several messages add up
            label.setText("\n".join(filter(None, (label.text(), problem.message))))
            label.show()
        else:
            others.append(str(problem))
    if others:
        asker.error(dialog, "\n".join(others))


def save_record(dialog: QDialog, form: FieldForm, db: Database, asker: Asks, events: AppEvents, kind: str,
                write: Callable[[Session, dt.date], object], labels: dict[str, QLabel] | None = None) -> None:
    """An editor's Save: write in one transaction, then tell the tabs and close; a refusal goes
    under its fields and everything typed stays."""
    form.clear_errors()
    for label in (labels or {}).values():
        label.clear()
        label.hide()
    try:
        with db.transaction() as session:
            write(session, db.clock.today())
    except ValidationError as error:
        show_refusal(dialog, form, error, asker, labels)
        return
    except UserError as error:
        asker.error(dialog, error.message)
        return
    events.changed.emit(kind)
    dialog.accept()


class RecordsPage(QWidget):
    """A searchable table of records of a span with 登记/修改/删除; reloads only when seen."""

    RELOAD_ON: frozenset[str] = frozenset()
    KIND = ""  # the change emitted after a deletion

    def __init__(self, db: Database, events: AppEvents, asker: Asks, name: str, headers: list[str],
                 stretch: int, search_hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.events, self.asker = db, events, asker
        self.setObjectName(f"{name}Page")
        self.starts_on: dt.date | None = None
        self.ends_on: dt.date | None = None
        self.all_rows: list = []
        self.rows: list = []  # the rows shown, in table order
        self.editor: QDialog | None = None
        self._stale = True  # filled when first shown

        self.search = QLineEdit()
        self.search.setObjectName(f"{name}Search")
        self.search.setPlaceholderText(search_hint)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.search.textChanged.connect(lambda _text: self._fill())
        self.top = QHBoxLayout()
        self.top.addWidget(self.search)
        self.top.addStretch(1)

        self.table = record_table(f"{name}Table", headers, stretch)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.table.installEventFilter(self)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        buttons = QHBoxLayout()
        self.add_button = self._button(f"add_{name}", _("Record…"), self.add, buttons)
        self.edit_button = self._button(f"edit_{name}", _("Modify…"), self.edit, buttons)
        self.delete_button = self._button(f"delete_{name}", _("Delete"), self.delete, buttons)
        buttons.addStretch(1)
        self.count = QLabel()
        self.count.setObjectName(f"{name}Count")
        self.count.setStyleSheet("color: #6b6b6b;")
        buttons.addWidget(self.count)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.top)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addLayout(buttons)
        self._selection_changed()
        events.changed.connect(self._data_changed)

    @staticmethod
    def _button(name: str, text: str, slot, row: QHBoxLayout) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)  # Enter in the table edits the record, not this button
        button.clicked.connect(lambda: slot())
        row.addWidget(button)
        return button

    # -- what a page says ---------------------------------------------------------------------
    def _fetch(self, session: Session) -> list:
        raise NotImplementedError

    def _cells(self, row) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def _haystack(self, row) -> str:  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def _make_editor(self, row) -> QDialog:  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def _delete_question(self, row) -> str:  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def _remove(self, session: Session, record_id: int) -> None:
        raise NotImplementedError

    # -- loading ------------------------------------------------------------------------------
    def set_period(self, starts_on: dt.date | None, ends_on: dt.date | None) -> None:
        """The records of these days (inclusive); None and None: all of them."""
        self.starts_on, self.ends_on = starts_on, ends_on
        self._reload_soon()

    def _reload_soon(self) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True  # reloaded when next shown: a hidden page costs nothing

    def _data_changed(self, kind: str) -> None:
        if kind in self.RELOAD_ON:
            self._reload_soon()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        with self.db.transaction() as session:
            self.all_rows = self._fetch(session)
        self._stale = False
        self._fill()

    def _fill(self) -> None:
        selected = self.current_row()
        needle = self.search.text().strip().casefold()
        self.rows = [r for r in self.all_rows if not needle or needle in self._haystack(r).casefold()]
        self.table.clearSelection()
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            for column, text in enumerate(self._cells(row)):
                one_line = " ".join(text.split())  # the form shows it whole
                item = QTableWidgetItem(one_line)
                if one_line != text or len(text) > 30:
                    item.setToolTip(text)
                self.table.setItem(index, column, item)
            if selected is not None and row.id == selected.id:
                self.table.selectRow(index)
        shown, total = len(self.rows), len(self.all_rows)
        self.count.setText(_("Records: {count}").format(count=total) if shown == total
                           else _("Records: {shown} of {count}").format(shown=shown, count=total))
        self._selection_changed()

    def current_row(self):  # type: ignore[no-untyped-def]
        index = self.table.currentRow()
        selected = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[index] if selected and 0 <= index < len(self.rows) else None

    def select_id(self, record_id: int) -> None:
        for index, row in enumerate(self.rows):
            if row.id == record_id:
                self.table.selectRow(index)

    def _selection_changed(self) -> None:
        chosen = self.current_row() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Delete:
                self.delete()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit()
                return True
        return super().eventFilter(watched, event)

    # -- changing -----------------------------------------------------------------------------
    def _open_editor(self, row) -> None:  # type: ignore[no-untyped-def]
        if self.editor is not None and self.editor.isVisible():
            # One form at a time, and what was typed in it is not thrown away.
            self.editor.raise_()
            self.editor.activateWindow()
            return
        self.editor = self._make_editor(row)
        self.editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.editor.finished.connect(lambda _result: setattr(self, "editor", None))
        self.editor.show()

    def add(self) -> None:
        self._open_editor(None)

    def edit(self) -> None:
        row = self.current_row()
        if row is not None:
            self._open_editor(row)

    def delete(self) -> None:
        row = self.current_row()
        if row is None or not self.asker.confirm(self, self._delete_question(row), action=_("Delete")):
            return
        try:
            with self.db.transaction() as session:
                self._remove(session, row.id)
        except UserError as error:
            self.asker.error(self, error.message)
        self.events.changed.emit(self.KIND)  # also after "no longer exists": the list is stale
