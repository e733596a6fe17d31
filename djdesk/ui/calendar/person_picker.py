"""A small searchable list for adding people to a meeting's expected attendees."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from djdesk.i18n import _
from djdesk.services.meetings import PersonChoice

_ID = Qt.ItemDataRole.UserRole


class PersonPicker(QDialog):
    """Opened with open(): emits `chosen` with the ids picked, then closes."""

    chosen = Signal(list)

    def __init__(self, people: list[PersonChoice], branch_names: dict[int, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attendeePicker")
        self.setWindowTitle(_("Add people to the meeting"))
        self.search = QLineEdit()
        self.search.setObjectName("attendeeSearch")
        self.search.setPlaceholderText(_("Type part of a name or branch"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("attendeeList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for person in people:
            branch = branch_names.get(person.branch_id, "") if person.branch_id is not None else ""
            text = _("{name} ({branch})").format(name=person.name, branch=branch) if branch else person.name
            item = QListWidgetItem(text)
            item.setData(_ID, person.id)
            self.list.addItem(item)
        empty = QLabel(_("Everyone is already expected at this meeting."))
        empty.setObjectName("attendeePickerEmpty")
        empty.setVisible(not people)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Add"))
        ok.setObjectName("addChosenButton")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(empty)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._filter)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.resize(320, 420)

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def accept(self) -> None:
        ids = [item.data(_ID) for item in self.list.selectedItems() if not item.isHidden()]
        if ids:
            self.chosen.emit(ids)
        super().accept()
