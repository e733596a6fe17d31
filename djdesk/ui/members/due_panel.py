"""The 待办 panel beside the roster: what is due, by kind; Enter or a double click opens it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.due import DueItem, DueKind
from djdesk.i18n import _
from djdesk.services.due import list_due
from djdesk.store.database import Database
from djdesk.ui.background import run_in_background

OVERDUE = QColor("#b00020")
PERSON_ROLE = Qt.ItemDataRole.UserRole
BRANCH_ROLE = Qt.ItemDataRole.UserRole + 1


class _DueTree(QTreeWidget):
    def __init__(self, on_open) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self._on_open = on_open

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self._on_open(self.currentItem())
            return
        super().keyPressEvent(event)


class DuePanel(QWidget):
    """Lists domain.due's items under a heading per kind with its count; the kinds without
    items are left out. Loaded off the window's thread: it reads the whole roster."""

    open_person = Signal(int)
    open_branch = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("duePanel")
        self.items: list[DueItem] = []
        self.title = QLabel(_("To do"))
        self.title.setStyleSheet("font-weight: bold;")
        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.setObjectName("dueRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.tree = _DueTree(self._open)
        self.tree.setObjectName("dueTree")
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.itemActivated.connect(lambda item, _column: self._open(item))
        self.tree.setToolTip(_("Enter or double click: open the person"))
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        self._loading = False
        self._again = False

    def refresh(self) -> None:
        if self._loading:
            self._again = True  # data changed while loading: load once more when done
            return
        self._loading = True
        today = self.db.clock.today()

        def work() -> list[DueItem]:
            with self.db.transaction() as session:
                return list_due(session, today=today)

        def failed(error: BaseException) -> None:
            self._loading = False
            raise error

        run_in_background(work, self.show_items, failed, self)

    def show_items(self, items: list[DueItem]) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.refresh()
        self.items = items
        expanded = {self.tree.topLevelItem(i).data(0, PERSON_ROLE) for i in range(self.tree.topLevelItemCount())
                    if self.tree.topLevelItem(i).isExpanded()}
        self.tree.clear()
        groups: dict[DueKind, list[DueItem]] = {}
        for item in items:
            groups.setdefault(item.kind, []).append(item)
        for kind in DueKind:
            found = groups.get(kind)
            if not found:
                continue
            heading = QTreeWidgetItem([_("{kind} ({count})").format(kind=kind.label, count=len(found))])
            heading.setData(0, PERSON_ROLE, kind.value)
            font = heading.font(0)
            font.setBold(True)
            heading.setFont(0, font)
            for due in found:
                text = _("{name}: {detail}").format(name=due.name, detail=due.detail)
                child = QTreeWidgetItem([text])
                child.setToolTip(0, text)
                child.setData(0, PERSON_ROLE, due.person_id)
                child.setData(0, BRANCH_ROLE, due.branch_id)
                if due.overdue:
                    child.setForeground(0, QBrush(OVERDUE))
                heading.addChild(child)
            self.tree.addTopLevelItem(heading)
            # The short lists open; the long ones (birthdays, missing dates) stay closed.
            heading.setExpanded(kind.value in expanded or len(found) <= 8)
        count = len(items)
        self.title.setText(_("To do ({count})").format(count=count) if count else _("To do: nothing due"))

    def _open(self, item: QTreeWidgetItem) -> None:
        if item.parent() is None:
            item.setExpanded(not item.isExpanded())
            return
        person_id, branch_id = item.data(0, PERSON_ROLE), item.data(0, BRANCH_ROLE)
        if person_id is not None:
            self.open_person.emit(person_id)
        elif branch_id is not None:
            self.open_branch.emit(branch_id)
