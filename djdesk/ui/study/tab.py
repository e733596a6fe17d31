"""The 学习 tab (党建+学习): the study term chosen at the top, and its pages: the plan's units, the
learning records, the totals against the yearly targets, and the study groups."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.errors import UserError
from djdesk.i18n import _
from djdesk.services import study
from djdesk.services.study import TermRow
from djdesk.store.database import Database
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.events import AppEvents
from djdesk.ui.study.common import span_text


class StudyTab(QWidget):
    """Reads nothing until first shown (it is built after the window's first paint)."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, data_dir: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from djdesk.ui.study.groups_page import GroupsPage
        from djdesk.ui.study.plan_page import UnitsPage
        from djdesk.ui.study.records_page import StudyRecordsPage
        from djdesk.ui.study.totals_page import TotalsPage

        self.setObjectName("studyTab")
        self.db, self.events, self.asker, self.data_dir = db, events, asker, data_dir
        self.terms: list[TermRow] = []
        self.term: TermRow | None = None
        self.dialog: QWidget | None = None
        self._stale = True

        self.term_box = QComboBox()
        self.term_box.setObjectName("studyTerm")
        self.term_box.setMinimumWidth(200)
        self.term_box.activated.connect(lambda _i: self.show_term(self.term_box.currentData()))
        self.new_term_button = self._button("studyNewTerm", _("New term…"), self.new_term)
        self.edit_term_button = self._button("studyEditTerm", _("Edit term…"), self.edit_term)
        self.delete_term_button = self._button("studyDeleteTerm", _("Delete term"), self.delete_term)
        self.span = QLabel()
        self.span.setObjectName("studyTermSpan")
        self.span.setStyleSheet("color: #6b6b6b;")
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Study term")))
        top.addWidget(self.term_box)
        top.addWidget(self.span)
        top.addStretch(1)
        for button in (self.new_term_button, self.edit_term_button, self.delete_term_button):
            top.addWidget(button)

        self.plan = UnitsPage(db, events, asker)
        self.records = StudyRecordsPage(db, events, asker)
        self.totals = TotalsPage(db, events, asker)
        self.groups = GroupsPage(db, events, asker)
        self.pages = QTabWidget()
        self.pages.setObjectName("studyPages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.plan, _("Study plan"))
        self.pages.addTab(self.records, _("Learning records"))
        self.pages.addTab(self.totals, _("Hours and targets"))
        self.pages.addTab(self.groups, _("Study groups"))

        # Only while this tab is shown: the roster and the calendar use the same key.
        self.new_action = QAction(_("New"), self)
        self.new_action.setObjectName("studyNew")
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(self.new_in_page)
        self.addAction(self.new_action)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        self._update_buttons()
        events.changed.connect(self._changed)

    @staticmethod
    def _button(name: str, text: str, slot) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: slot())
        return button

    # -- loading ----------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _changed(self, kind: str) -> None:
        if kind == kinds.STUDY:  # the pages reload themselves on the kinds they show
            self._stale = True
            if self.isVisible():
                self.reload()

    def reload(self) -> None:
        self._stale = False
        chosen = self.term.id if self.term else None
        with self.db.transaction() as session:
            self.terms = study.list_terms(session)
            if chosen is None:
                around = study.term_for(session, self.db.clock.today())
                chosen = around.id if around else None
        self.term_box.blockSignals(True)
        self.term_box.clear()
        for term in self.terms:
            self.term_box.addItem(term.name, term.id)
            self.term_box.setItemData(self.term_box.count() - 1, span_text(term.starts_on, term.ends_on),
                                      Qt.ItemDataRole.ToolTipRole)
        self.term_box.blockSignals(False)
        ids = [t.id for t in self.terms]
        self.show_term(chosen if chosen in ids else (ids[0] if ids else None))

    def show_term(self, term_id: int | None) -> None:
        self.term = next((t for t in self.terms if t.id == term_id), None)
        self.term_box.setCurrentIndex(self.term_box.findData(term_id) if self.term else -1)
        if self.term is None:
            self.span.setText(_("No study term yet: “New term…” makes one.") if not self.terms else "")
        else:
            self.span.setText(span_text(self.term.starts_on, self.term.ends_on))
            self.span.setToolTip(self.term.note)
        for page in (self.plan, self.records, self.totals):
            page.set_term(self.term)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.edit_term_button.setEnabled(self.term is not None)
        self.delete_term_button.setEnabled(self.term is not None)

    # -- terms ------------------------------------------------------------------------------
    def _open_term_dialog(self, term: TermRow | None) -> None:
        from djdesk.ui.study.terms import TermDialog

        dialog = TermDialog(self.db, self.events, self.asker, term, {t.name for t in self.terms}, self)
        dialog.accepted.connect(lambda: self._term_saved(dialog.saved_id))
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _term_saved(self, term_id: int | None) -> None:
        if term_id not in (t.id for t in self.terms):
            self.reload()  # the change was told while the tab was not reading
        self.show_term(term_id)

    def new_term(self) -> None:
        self._open_term_dialog(None)

    def edit_term(self) -> None:
        if self.term is not None:
            self._open_term_dialog(self.term)

    def delete_term(self) -> None:
        term = self.term
        if term is None or not self.asker.confirm(
                self, _("Delete the study term {name}? Only a term without units can be deleted.").format(
                    name=term.name), action=_("Delete")):
            return
        try:
            with self.db.transaction() as session:
                study.delete_term(session, term.id)
        except UserError as error:
            self.asker.error(self, error.message)
            return
        self.term = None  # the term around today (or the newest) is shown next
        self.events.changed.emit(kinds.STUDY)

    # -- keys -------------------------------------------------------------------------------
    def new_in_page(self) -> None:
        """Ctrl+N: a new unit, record or group, whichever page is shown."""
        add = getattr(self.pages.currentWidget(), "add", None)
        if add is not None:
            add()
