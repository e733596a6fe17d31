"""基数与减免: a member chosen by name, their dues bases with the month each applies from, and their
approved reductions and exemptions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.dues import FLAT_KINDS, yuan
from djdesk.domain.errors import UserError
from djdesk.domain.people import PoliticalStatus
from djdesk.domain.strokes import name_key
from djdesk.i18n import _
from djdesk.services import dues, members
from djdesk.services import settings as settings_service
from djdesk.services.dues import BaseRow, ReliefRow, dues_label
from djdesk.services.members import MemberRow
from djdesk.store.database import (
    Database,
    Session,  # the type the transaction hands over
)
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.dues.common import (
    CENTRE,
    GREY,
    RIGHT,
    DuesPage,
    button,
    hint,
    money,
    month_text,
    put,
)
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import record_table

IN_PARTY = (PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY)
PERSON = Qt.ItemDataRole.UserRole


def matches(row: MemberRow, needle: str) -> bool:
    return not needle or needle in row.name or needle in row.search_initials or needle in row.search_pinyin


class PeopleModel(QAbstractListModel):
    """The party members to choose from, those who left greyed: a whole school's are thousands,
    so a line's text is made only when it is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[MemberRow] = []

    def set_rows(self, rows: list[MemberRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_of(self, person_id: int | None) -> int:
        return next((number for number, row in enumerate(self.rows) if row.id == person_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows) or index.column() != 0:
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.name}　{row.branch}" + (_(" (left)") if row.left_on is not None else "")
        if role == PERSON:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole and row.left_on is not None:
            return GREY
        return None


class BasesPage(DuesPage):
    def __init__(self, db: Database, events: AppEvents, asker: Asks, parent: QWidget | None = None) -> None:
        super().__init__(db, events, asker, "duesBasesPage", parent)
        self.people: list[MemberRow] = []
        self.person: MemberRow | None = None
        self.bases: list[BaseRow] = []
        self.reliefs: list[ReliefRow] = []
        self.yearly = False

        self.search = QLineEdit()
        self.search.setObjectName("duesBasesSearch")
        self.search.setPlaceholderText(_("Search: name or pinyin initials"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._fill_people())
        self.people_model = PeopleModel(self)
        self.list = QListView()
        self.list.setObjectName("duesBasesPeople")
        self.list.setModel(self.people_model)
        self.list.setUniformItemSizes(True)  # one line each: no measuring of thousands
        self.list.selectionModel().currentChanged.connect(lambda current, _old: self._choose(current))
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.list, 1)

        self.who = QLabel()
        self.who.setObjectName("duesBasesWho")
        self.who.setStyleSheet("font-weight: bold;")
        self.rule = hint("", "duesBasesRule")
        self.base_table = record_table("duesBasesTable", [
            dues_label("valid_from"), dues_label("kind"), dues_label("amount"), _("Monthly dues"),
            dues_label("note")], 4)
        self.base_table.itemSelectionChanged.connect(self._update_buttons)
        self.add_base_button = button("duesAddBase", _("New base…"), self.add_base)
        self.delete_base_button = button("duesDeleteBase", _("Delete"), self.delete_base)
        self.relief_table = record_table("duesReliefsTable", [
            dues_label("starts"), dues_label("ends"), _("Relief"), dues_label("approval"), dues_label("note")], 3)
        self.relief_table.itemSelectionChanged.connect(self._update_buttons)
        self.add_relief_button = button("duesAddRelief", _("New relief…"), self.add_relief)
        self.delete_relief_button = button("duesDeleteRelief", _("Delete"), self.delete_relief)

        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.who)
        column.addWidget(self._box(_("Dues bases"), "duesBasesBox", self.base_table,
                                   (self.add_base_button, self.delete_base_button), self.rule), 3)
        column.addWidget(self._box(_("Reductions and exemptions"), "duesReliefsBox", self.relief_table,
                                   (self.add_relief_button, self.delete_relief_button),
                                   hint(_("Approved by the branch committee, with its approval noted."),
                                        "duesReliefsHint")), 2)
        split = QSplitter()
        split.setObjectName("duesBasesSplit")
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setSizes([240, 760])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        self._update_buttons()

    @staticmethod
    def _box(title: str, name: str, table: QWidget, buttons: tuple[QWidget, ...], note: QLabel) -> QGroupBox:
        box = QGroupBox(title)
        box.setObjectName(name)
        column = QVBoxLayout(box)
        column.addWidget(table, 1)
        line = QHBoxLayout()
        for widget in buttons:
            line.addWidget(widget)
        line.addWidget(note, 1)
        column.addLayout(line)
        return box

    # -- reading --------------------------------------------------------------------------------
    def _read(self, session: Session) -> None:
        people = [r for r in members.list_rows(session, include_left=True) if r.political_status in IN_PARTY]
        self.people = sorted(people, key=lambda r: (r.left_on is not None, name_key(r.name), r.id))
        self.yearly = settings_service.load(session).dues_base_yearly
        ids = {r.id for r in self.people}
        chosen = self.person.id if self.person and self.person.id in ids else None
        self.person = next((r for r in self.people if r.id == chosen), None)
        self._read_person(session)

    def _read_person(self, session: Session) -> None:
        person = self.person
        self.bases = dues.list_bases(session, person.id) if person else []
        self.reliefs = dues.list_reliefs(session, person.id) if person else []

    def _fill(self) -> None:
        self._fill_people()
        self._fill_person()

    def _fill_people(self) -> None:
        needle = self.search.text().strip().casefold()
        self.people_model.set_rows([row for row in self.people if matches(row, needle)])
        # The one chosen stays chosen (choosing it again reads nothing); else the first one found
        # is shown, its bases read.
        row = self.people_model.row_of(self.person.id if self.person else None)
        if row < 0 and self.people_model.rowCount():
            row = 0
        if row >= 0:
            self.list.setCurrentIndex(self.people_model.index(row))

    def _choose(self, current: QModelIndex) -> None:
        person_id = current.data(PERSON) if current.isValid() else None
        if person_id is None or (self.person is not None and self.person.id == person_id):
            return
        self.person = next((r for r in self.people if r.id == person_id), None)
        with self.db.transaction() as session:
            self._read_person(session)
        self._fill_person()

    def choose_person(self, person_id: int) -> None:
        row = self.people_model.row_of(person_id)
        if row >= 0:
            self.list.setCurrentIndex(self.people_model.index(row))

    def _fill_person(self) -> None:
        person = self.person
        self.who.setText(_("{name}, {branch}").format(name=person.name, branch=person.branch or _("no branch"))
                         if person else _("Choose a member on the left."))
        self.rule.setText(_("The base is fixed each January: a change counts from the next January (Settings).")
                          if self.yearly else _("A new base counts from the month the new salary is first paid."))
        put(self.base_table, [[month_text(b.valid_from), b.kind.label, money(b.amount_fen) if b.kind not in FLAT_KINDS else "—",
                               money(b.monthly_fen), b.note] for b in self.bases], {0: CENTRE, 2: RIGHT, 3: RIGHT})
        put(self.relief_table, [[month_text(r.starts), month_text(r.ends) if r.ends else _("until revoked"),
                                 _("Exempt") if r.exempt else _("Reduced to {amount} yuan").format(
                                     amount=yuan(r.amount_fen)), r.approval, r.note]
                                for r in self.reliefs], {0: CENTRE, 1: CENTRE})
        self._update_buttons()

    @staticmethod
    def _chosen(table) -> int:  # type: ignore[no-untyped-def]
        rows = table.selectionModel().selectedRows() if table.selectionModel() else []
        return rows[0].row() if rows else -1

    def _update_buttons(self) -> None:
        has = self.person is not None
        self.add_base_button.setEnabled(has)
        self.add_relief_button.setEnabled(has)
        self.delete_base_button.setEnabled(0 <= self._chosen(self.base_table) < len(self.bases))
        self.delete_relief_button.setEnabled(0 <= self._chosen(self.relief_table) < len(self.reliefs))

    # -- changing -------------------------------------------------------------------------------
    def add_base(self) -> None:
        from djdesk.ui.dues.base_dialogs import BaseDialog

        if self.person is not None:
            self.open_dialog(BaseDialog(self, self.person))

    def add_relief(self) -> None:
        from djdesk.ui.dues.base_dialogs import ReliefDialog

        if self.person is not None:
            self.open_dialog(ReliefDialog(self, self.person))

    def _delete(self, question: str, remove) -> None:  # type: ignore[no-untyped-def]
        if not self.asker.confirm(self, question, action=_("Delete")):
            return
        try:
            with self.db.transaction() as session:
                remove(session)
        except UserError as error:
            self.asker.error(self, error.message)
        self.changed(kinds.PEOPLE)  # the roster shows the newest base

    def delete_base(self) -> None:
        index = self._chosen(self.base_table)
        if self.person is None or not 0 <= index < len(self.bases):
            return
        base = self.bases[index]
        self._delete(_("Delete the dues base of {name} from {month} ({kind}, {amount} yuan)?").format(
            name=self.person.name, month=month_text(base.valid_from), kind=base.kind.label,
            amount=money(base.amount_fen)), lambda session: dues.delete_base(session, base.id))

    def delete_relief(self) -> None:
        index = self._chosen(self.relief_table)
        if self.person is None or not 0 <= index < len(self.reliefs):
            return
        relief = self.reliefs[index]
        self._delete(_("Delete the relief of {name} from {month}?").format(
            name=self.person.name, month=month_text(relief.starts)),
            lambda session: dues.delete_relief(session, relief.id))
