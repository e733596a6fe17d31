"""The attendance grid of a meeting: who is expected, who came, with the counts kept live."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.meetings import AttendanceStatus
from djdesk.i18n import _
from djdesk.services.meetings import PersonChoice
from djdesk.ui.asker import Asks
from djdesk.ui.calendar.attendance_model import (
    NAME,
    STANDING,
    STATUS,
    UNRECORDED,
    VOTE,
    AttendanceModel,
    GridRow,
    Index,
)
from djdesk.ui.forms import ERROR_STYLE

_EDIT = Qt.ItemDataRole.EditRole
KEYS = {Qt.Key.Key_1: AttendanceStatus.PRESENT, Qt.Key.Key_2: AttendanceStatus.LEAVE,
        Qt.Key.Key_3: AttendanceStatus.ABSENT, Qt.Key.Key_0: None, Qt.Key.Key_Delete: None,
        Qt.Key.Key_Backspace: None}


class StatusDelegate(QStyledItemDelegate):
    """A drop-down of the attendance states; choosing one writes it at once."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("attendanceStatusEditor")
        combo.addItem(UNRECORDED, "")
        for status in AttendanceStatus:
            combo.addItem(status.label, status.value)
        combo.activated.connect(lambda _index: self._commit(combo))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(_EDIT) or ""), 0))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), _EDIT)


class AttendanceView(QTableView):
    """The table, answering 1/2/3 (present, leave, absent), Space (next state) and 0 (clear)
    on the selected rows, so a register is typed in without the mouse."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        model = self.model()
        key = Qt.Key(event.key())
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        rows = sorted({i.row() for i in self.selectionModel().selectedIndexes()})
        if not rows and self.currentIndex().isValid():
            rows = [self.currentIndex().row()]
        if plain and rows and isinstance(model, AttendanceModel) and (key in KEYS or key == Qt.Key.Key_Space):
            if key == Qt.Key.Key_Space:
                model.cycle(rows)
            else:
                model.set_status(rows, KEYS[key])
                if len(rows) == 1 and rows[0] + 1 < model.rowCount():
                    # On to the next person, as with a paper register.
                    self.selectRow(rows[0] + 1)
            event.accept()
            return
        super().keyPressEvent(event)


class AttendanceGrid(QWidget):
    """The grid with its counts and buttons. `rebuild_requested` asks the dialog for the
    branch's or group's members (it knows the kind, branch and group)."""

    changed = Signal()
    rebuild_requested = Signal()

    def __init__(self, asker: Asks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.asker = asker
        self.setObjectName("attendanceGrid")
        self.model = AttendanceModel(self)
        self.people: list[PersonChoice] = []
        self.branch_names: dict[int, str] = {}
        self.branch_id: int | None = None  # the meeting's: its people are offered first
        self.picker: QWidget | None = None
        self.view = AttendanceView()
        self.view.setObjectName("attendanceTable")
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(STATUS, StatusDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        vertical = self.view.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        for column, width in ((NAME, 110), (STANDING, 130), (VOTE, 70), (STATUS, 80)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)

        self.counts = QLabel()
        self.counts.setObjectName("attendanceCounts")
        self.hint = QLabel(_("Keys: 1 present, 2 on leave, 3 absent, Space next state, 0 clear; "
                             "double-click a reason to type it."))
        self.hint.setObjectName("attendanceHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #666;")
        self.error = QLabel()
        self.error.setObjectName("error_attendance")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        # Duck-typed like FieldForm, so the dialog places problems on this page the same way.
        self.widgets: dict[str, QWidget] = {"expected": self.view, "attendance": self.view}
        self.errors: dict[str, QLabel] = {"expected": self.error, "attendance": self.error}

        self.all_present_button = self._button(_("All present"), "allPresentButton", self.model.all_present)
        self.rebuild_button = self._button(_("Rebuild the list from the branch or group"), "rebuildButton",
                                           self.rebuild_requested.emit)
        self.add_button = self._button(_("Add people…"), "addAttendeesButton", self.open_picker)
        self.remove_button = self._button(_("Remove from the list"), "removeAttendeeButton", self.remove_selected)
        self.all_present_button.setToolTip(_("Mark everyone not yet recorded as present"))
        buttons = QHBoxLayout()
        for button in (self.all_present_button, self.rebuild_button, self.add_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.counts)
        layout.addWidget(self.error)
        layout.addWidget(self.hint)
        for signal in (self.model.dataChanged, self.model.modelReset, self.model.rowsInserted,
                       self.model.rowsRemoved):
            signal.connect(self._changed)
        self._changed()

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _changed(self, *_args: object) -> None:
        c = self.model.counts()
        self.counts.setText(_(
            "Expected {expected} · present {present} · on leave {leave} · absent {absent} · "
            "not recorded {unrecorded}").format(expected=c.expected, present=c.present, leave=c.leave,
                                               absent=c.absent, unrecorded=c.unrecorded))
        self.changed.emit()

    # -- filling ----------------------------------------------------------------------------
    def set_people(self, people: list[PersonChoice], branch_names: dict[int, str]) -> None:
        """Everyone who can be added (members at school), and branch names to tell them apart."""
        self.people, self.branch_names = people, branch_names

    def load(self, rows: Iterable[GridRow]) -> None:
        self.model.set_rows(rows)

    def rebuild(self, person_ids: Sequence[int], *, ask: bool) -> bool:
        """Replace the list with these people (from `people`), keeping the attendance of those
        who stay. Asks first when `ask`, or when recorded attendance would be lost; returns
        whether the list was replaced."""
        by_id = {p.id: p for p in self.people}
        current = {r.person_id: r for r in self.model.rows()}
        rows = [current.get(i) or GridRow.of(by_id[i]) for i in person_ids if i in current or i in by_id]
        if [r.person_id for r in rows] == list(current):
            return True
        lost = [r for r in current.values() if r.status is not None and r.person_id not in person_ids]
        if lost:
            question = _("The attendance recorded for {names} would be lost. Rebuild the list "
                         "anyway?").format(names=_names(lost))
        elif ask:
            question = _("Replace the expected attendees with the members of the chosen branch or "
                         "party group? Expected after the change: {count}.").format(count=len(rows))
        if (lost or ask) and not self.asker.confirm(self, question, action=_("Rebuild")):
            return False
        self.model.set_rows(rows)
        return True

    def add(self, person_ids: Iterable[int]) -> None:
        by_id = {p.id: p for p in self.people}
        self.model.append([GridRow.of(by_id[i]) for i in person_ids if i in by_id])

    def commit_edits(self) -> None:
        """Write a cell still being edited (Ctrl+S pressed while typing a reason)."""
        editor = self.view.indexWidget(self.view.currentIndex())
        if editor is not None and self.view.state() is QAbstractItemView.State.EditingState:
            self.view.commitData(editor)

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})

    def remove_selected(self) -> None:
        numbers = self.selected_rows()
        if not numbers:
            return
        recorded = [self.model.row(n) for n in numbers if self.model.row(n).status is not None]
        if recorded and not self.asker.confirm(self, _(
                "The attendance of {names} is recorded. Remove them from the meeting anyway?").format(
                    names=_names(recorded)), action=_("Remove from the list")):
            return
        self.model.remove(numbers)

    def open_picker(self) -> None:
        """Choose people not yet expected, from a searchable list (window-modal, not exec())."""
        from djdesk.ui.calendar.person_picker import PersonPicker

        expected = set(self.model.expected_ids())
        candidates = sorted((p for p in self.people if p.id not in expected),
                            key=lambda p: p.branch_id != self.branch_id)
        picker = PersonPicker(candidates, self.branch_names, self)
        picker.chosen.connect(self.add)
        self.picker = picker
        picker.open()

    # -- FieldForm's error protocol ---------------------------------------------------------
    def show_error(self, key: str, message: str) -> None:
        text = self.error.text()
        self.error.setText(f"{text}\n{message}" if text else message)
        self.error.show()

    def clear_errors(self) -> None:
        self.error.clear()
        self.error.hide()


def _names(rows: Sequence[GridRow], limit: int = 5) -> str:
    names = _(", ").join(r.name for r in rows[:limit])
    return names + ("…" if len(rows) > limit else "")
