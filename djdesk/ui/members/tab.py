"""The 党员 tab: search and filters over the roster table, and the actions on a person."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.errors import ConflictError, NotFoundError
from djdesk.domain.people import PoliticalStatus, Stage
from djdesk.i18n import _
from djdesk.services import branches as branch_service
from djdesk.services import members
from djdesk.services import settings as settings_service
from djdesk.store.database import Database
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.background import after_first_paint
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import ChoiceCombo
from djdesk.ui.members.due_panel import DuePanel
from djdesk.ui.members.listing import roster_html
from djdesk.ui.members.model import COLUMN_KEYS, NO_BRANCH, MembersModel, RosterFilter
from djdesk.ui.members.person_actions import PersonActions
from djdesk.ui.members.roster_files import RosterFiles
from djdesk.ui.prefs import Prefs

ALL = "__all__"
# First-run column widths, in characters of typical content ("汉" for text, "0" for digits).
DEFAULT_WIDTHS = {"name": ("汉", 5), "sex": ("汉", 2), "birth_date": ("0", 11), "age": ("0", 4),
                  "political_status": ("汉", 6), "stage": ("汉", 6), "branch": ("汉", 5),
                  "group": ("汉", 5), "joined_on": ("0", 11), "post": ("汉", 3),
                  "department": ("汉", 5), "phone": ("0", 12), "id_number": ("0", 19)}


def plain(text: str) -> str:
    """An action's text for a button: without the mnemonic "(&N)" or "&", and the "…"."""
    return re.sub(r"\(&\w\)", "", text).replace("&", "").rstrip("…")


@dataclass(frozen=True)
class RosterData:
    """What the tab shows, loaded in one transaction (at start-up, in a worker thread)."""

    rows: list[members.MemberRow]
    branches: list[branch_service.BranchView]
    school: str


def load_roster(db: Database) -> RosterData:
    with db.transaction() as session:
        return RosterData(
            rows=members.list_rows(session, include_left=True),
            branches=branch_service.list_branches(session),
            school=settings_service.load(session).school_name,
        )


class _SearchBox(QLineEdit):
    """Down arrow moves into the table; Escape clears the search."""

    def __init__(self, table: QTableView) -> None:
        super().__init__()
        self._table = table

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Down and self._table.model().rowCount() > 0:
            self._table.setFocus()
            self._table.selectRow(max(self._table.currentIndex().row(), 0))
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class _RosterTable(QTableView):
    """Return/Enter opens the person, Del deletes: keys handled here rather than as shortcuts,
    so they work whenever the table has focus and never inside a text field."""

    def __init__(self, on_open, on_delete) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self._on_open, self._on_delete = on_open, on_delete

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        # The number pad's Enter and Del carry KeypadModifier: they count as the same keys.
        plain = (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier) == Qt.KeyboardModifier.NoModifier
        if plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_open()
            return
        if plain and event.key() == Qt.Key.Key_Delete:
            self._on_delete()
            return
        super().keyPressEvent(event)


class MembersTab(QWidget):
    def __init__(self, db: Database, events: AppEvents, asker: Asks, prefs: Prefs,
                 data: RosterData | None = None, data_dir: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.events, self.asker, self.prefs = db, events, asker, prefs
        self.data_dir = data_dir or db.path.parent
        self.setObjectName("membersTab")
        self.branches: list[branch_service.BranchView] = []
        self.school = ""
        self.dialog: QWidget | None = None  # the open person, status or import dialog, if any

        self.model = MembersModel(db.clock.today(), self)
        self.table = _RosterTable(lambda: self.edit_person(), lambda: self.delete_person())
        self.table.setObjectName("rosterTable")
        self.table.setModel(self.model)
        # Section -1 is the model's official order (按姓氏笔画), the order lists start in.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        # No row numbers: sizing them costs a thousand header look-ups on every keystroke,
        # and the count beside the buttons says how many are shown.
        vertical.hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_person())

        self.search = _SearchBox(self.table)
        self.search.setObjectName("memberSearch")
        self.search.setPlaceholderText(_("Search: name, pinyin initials (zs) or full pinyin"))
        self.search.setClearButtonEnabled(True)
        # Filtering 10,000 rows takes a few dozen milliseconds: every keystroke filters.
        self.search.textChanged.connect(lambda _text: self._apply_filter())

        self.branch_filter = QComboBox()
        self.branch_filter.setObjectName("branchFilter")
        self.status_filter = ChoiceCombo(PoliticalStatus, blank=_("All political statuses"))
        self.status_filter.setObjectName("statusFilter")
        self.stage_filter = ChoiceCombo(Stage, blank=_("All stages"))
        self.stage_filter.setObjectName("stageFilter")
        self.show_left = QCheckBox(_("Show people who left"))
        self.show_left.setObjectName("showLeft")
        self.full_id = QCheckBox(_("Show full ID numbers"))
        self.full_id.setObjectName("showFullId")
        for combo in (self.branch_filter, self.status_filter, self.stage_filter):
            combo.currentIndexChanged.connect(self._apply_filter)
        self.show_left.toggled.connect(self._apply_filter)
        self.full_id.toggled.connect(self.model.set_full_id)
        self.count_label = QLabel()
        self.count_label.setObjectName("rosterCount")

        self._make_actions()
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.branch_filter)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.stage_filter)
        filters.addWidget(self.show_left)
        filters.addWidget(self.full_id)
        buttons = QHBoxLayout()
        for action in (self.new_action, self.edit_action, self.advance_action, self.status_action,
                       self.delete_action, self.official_action, self.print_action):
            button = QPushButton(plain(action.text()))
            button.setObjectName(f"{action.objectName()}Button")
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
            button.setEnabled(action.isEnabled())
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        self.due = DuePanel(db)
        # The first 待办 list is worked out once the roster is on screen, not competing with it.
        self._due_loaded = False
        after_first_paint(self.due.tree, self._load_due)
        self.due.open_person.connect(self.open_person)
        self.due.open_branch.connect(self._branch_due)
        self.splitter = QSplitter()
        self.splitter.setObjectName("rosterSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.due)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setCollapsible(0, False)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)
        splitter_state = prefs.geometry("rosterSplitter")
        if splitter_state is None or not self.splitter.restoreState(splitter_state):
            self.splitter.setSizes([900, 300])

        state = prefs.geometry("rosterHeader")
        if state is None or not self.table.horizontalHeader().restoreState(state):
            metrics = self.table.fontMetrics()
            for column, key in enumerate(COLUMN_KEYS):
                sample, count = DEFAULT_WIDTHS[key]
                self.table.setColumnWidth(column, metrics.horizontalAdvance(sample * count) + 16)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        events.changed.connect(self._data_changed)
        self.show_data(data or load_roster(db))

    # -- actions ----------------------------------------------------------------------------
    def _action(self, name: str, text: str, slot, shortcut=None) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            # Only while the roster tab is shown: other tabs may use the same keys.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        self.new_action = self._action("newPerson", _("&New person…"), self.new_person, "Ctrl+N")
        self.edit_action = self._action("editPerson", _("&Edit person…"), self.edit_person, "Ctrl+E")
        self.people = PersonActions(self)
        self.advance_action = self.people.advance_action
        self.status_action = self.people.status_action
        self.undo_change_action = self.people.undo_change_action
        self.delete_action = self._action("deletePerson", _("&Delete person…"), self.delete_person)
        self.find_action = self._action("find", _("&Find"), self.focus_search, "Ctrl+F")
        self.official_action = self._action("officialOrder", _("Sort by surname &strokes"), self.sort_official)
        self.print_action = self._action("printList", _("&Print list…"), self.print_list, "Ctrl+P")
        self.refresh_action = self._action("refresh", _("&Refresh"), self.reload, "F5")
        self.files = RosterFiles(self)
        self.import_action = self.files.import_action
        self.export_action = self.files.export_action
        self.undo_import_action = self.files.undo_import_action
        self.print_roster_action = self.files.print_roster_action
        self.statistics_action = self.files.statistics_action
        self.due_action = self._action("showDue", _("&To do"), self._toggle_due, "F9")
        self.due_action.setCheckable(True)
        self.due_action.setChecked(True)
        self._selection_changed()

    # -- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        self.show_data(load_roster(self.db))

    def show_data(self, data: RosterData) -> None:
        selected = self.selected()
        self.branches, self.school = data.branches, data.school
        self._fill_branch_filter()
        self.model.set_rows(data.rows)
        self._after_refresh(selected.id if selected else None)
        self.files.refresh()
        if self._due_loaded:
            self.due.refresh()

    def _fill_branch_filter(self) -> None:
        current = self.branch_filter.currentData()
        self.branch_filter.blockSignals(True)
        self.branch_filter.clear()
        self.branch_filter.addItem(_("All branches"), ALL)
        for branch in self.branches:
            self.branch_filter.addItem(branch.name, branch.name)
        self.branch_filter.addItem(_("(no branch)"), NO_BRANCH)
        index = self.branch_filter.findData(current)
        self.branch_filter.setCurrentIndex(max(index, 0))
        self.branch_filter.blockSignals(False)

    def _data_changed(self, kind: str) -> None:
        if kind in (kinds.PEOPLE, kinds.BRANCHES, kinds.SETTINGS):
            self.reload()

    def current_filter(self) -> RosterFilter:
        branch = self.branch_filter.currentData()
        return RosterFilter(
            query=self.search.text(),
            branch=None if branch == ALL else branch,
            status=self.status_filter.value(),
            stage=self.stage_filter.value(),
            include_left=self.show_left.isChecked(),
        )

    def _apply_filter(self) -> None:
        selected = self.selected()
        self.model.set_filter(self.current_filter())
        self._after_refresh(selected.id if selected else None)

    def _after_refresh(self, keep_id: int | None) -> None:
        row = self.model.row_of(keep_id) if keep_id is not None else None
        if row is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.count_label.setText(_("Showing {shown} of {total}").format(
            shown=self.model.shown_count(), total=self.model.scope_count()))
        self._selection_changed()

    # -- selection --------------------------------------------------------------------------
    def selected(self) -> members.MemberRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self.model.member(rows[0].row())

    def _selection_changed(self, *_args: object) -> None:
        person = self.selected()
        self.edit_action.setEnabled(person is not None)
        self.delete_action.setEnabled(person is not None)
        self.people.selection_changed(person)

    # -- what the actions do ----------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def sort_official(self) -> None:
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    def _departments(self) -> list[str]:
        """Every department in the roster (not only the filtered rows), for suggestions."""
        return sorted({r.department for r in self.model.all_rows() if r.department})

    def _open(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.saved.connect(self._saved)  # type: ignore[attr-defined]
        dialog.finished.connect(lambda _code: setattr(self, "dialog", None))  # type: ignore[attr-defined]
        dialog.open()  # type: ignore[attr-defined]

    def new_person(self) -> None:
        from djdesk.ui.members.person_dialog import (
            PersonDialog,  # loaded when first needed
        )

        self._open(PersonDialog(self.db, self.asker, self.branches, None, self._departments(), self))

    def edit_person(self) -> None:
        person = self.selected()
        if person is None:
            return
        try:
            with self.db.transaction() as session:
                record = members.get(session, person.id)
        except NotFoundError as error:
            self.asker.error(self, error.message)
            self.reload()
            return
        from djdesk.ui.members.person_dialog import (
            PersonDialog,  # loaded when first needed
        )

        self._open(PersonDialog(self.db, self.asker, self.branches, record, self._departments(), self))

    def delete_person(self) -> None:
        person = self.selected()
        if person is None:
            return
        question = _("Delete {name} for good? Use this only for a person entered by mistake; "
                     "the deletion is recorded in the audit trail.").format(name=person.name)
        if not self.asker.confirm(self, question, action=_("Delete")):
            return
        try:
            with self.db.transaction() as session:
                members.delete(session, person.id)
        except (ConflictError, NotFoundError) as error:
            self.asker.error(self, error.message)
            return
        self.events.changed.emit(kinds.PEOPLE)

    def print_list(self) -> None:
        """The people the filters show, in the official order whatever the screen's sort."""
        title = _("{school} staff list").format(school=self.school) if self.school else _("Staff list")
        rows = self.model.shown_in_official_order()
        self.asker.preview(self, roster_html(rows, title, self.db.clock.today()), title, landscape=True)

    def _saved(self, person_id: int) -> None:
        self.events.changed.emit(kinds.PEOPLE)
        row = self.model.row_of(person_id)
        if row is None and not self.show_left.isChecked():
            return
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def open_person(self, person_id: int) -> None:
        """Select a person (showing people who left if need be) and open them."""
        if self.model.row_of(person_id) is None:
            self.search.clear()
            self.branch_filter.setCurrentIndex(0)
            self.status_filter.setCurrentIndex(0)
            self.stage_filter.setCurrentIndex(0)
        row = self.model.row_of(person_id)
        if row is None:
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        self.edit_person()

    def _branch_due(self, branch_id: int) -> None:
        name = next((b.name for b in self.branches if b.id == branch_id), "")
        self.asker.info(self, _("When {branch} has elected its new committee, enter the new term in "
                                "Tools → Settings → Branches.").format(branch=name))

    def _load_due(self) -> None:
        self._due_loaded = True
        self.due.refresh()

    def _toggle_due(self, shown: bool) -> None:
        self.due.setVisible(shown)
        if shown:
            self.due.refresh()

    def save_state(self) -> None:
        self.prefs.set_geometry("rosterHeader", self.table.horizontalHeader().saveState())
        self.prefs.set_geometry("rosterSplitter", self.splitter.saveState())

