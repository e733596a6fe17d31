"""A small searchable list for adding people: a meeting's expected attendees, a period's teachers."""

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
                 parent: QWidget | None = None, *, labelled: list[tuple[int, str]] | None = None,
                 title: str | None = None, empty_text: str | None = None) -> None:
        """People with their branch; or `labelled` (id, text) pairs, for lists of other things
        (a teacher with their teaching group)."""
        super().__init__(parent)
        self.setObjectName("attendeePicker")
        self.setWindowTitle(title or _("Add people to the meeting"))
        self.search = QLineEdit()
        self.search.setObjectName("attendeeSearch")
        self.search.setPlaceholderText(_("Type part of a name or branch"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("attendeeList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        if labelled is None:
            labelled = []
            for person in people:
                branch = branch_names.get(person.branch_id, "") if person.branch_id is not None else ""
                labelled.append((person.id, _("{name} ({branch})").format(name=person.name, branch=branch)
                                 if branch else person.name))
        for person_id, text in labelled:
            item = QListWidgetItem(text)
            item.setData(_ID, person_id)
            self.list.addItem(item)
        empty = QLabel(empty_text or _("Everyone is already expected at this meeting."))
        empty.setObjectName("attendeePickerEmpty")
        empty.setVisible(not labelled)
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
