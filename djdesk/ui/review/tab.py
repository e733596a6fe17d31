"""The 民主评议 tab: a branch's evaluation for a 所属年度 chosen at the top, its members with the
ballots' marks and grades, the editor of the chosen member, and the counts against the cap."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSplitter,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.democratic import GRADES, ReviewGrade
from djdesk.i18n import _
from djdesk.services import democratic as service
from djdesk.services.democratic import EntryRow, ReviewRow, ReviewView
from djdesk.store.database import Database
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import ERROR_STYLE, record_table
from djdesk.ui.review.entry_form import EntryForm

RELOAD_ON = {kinds.REVIEW, kinds.PEOPLE, kinds.BRANCHES, kinds.MEETINGS, kinds.SETTINGS}
GREY = QColor("#777777")


def _headers() -> list[str]:
    return [_("No."), _("Name"), _("Party group"), _("Standing"), *(g.label for g in GRADES),
            _("Branch's grade"), _("Remarks")]


REMARKS = 9  # the column that takes the spare width


class ReviewTab(QWidget):
    """Reads nothing until first shown (it is built after the window's first paint)."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, data_dir: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from djdesk.ui.review.actions import ReviewActions

        self.setObjectName("reviewTab")
        self.db, self.events, self.asker, self.data_dir = db, events, asker, data_dir
        self.reviews: list[ReviewRow] = []
        self.view: ReviewView | None = None
        self.rows: list[EntryRow] = []
        self.school = ""
        self._stale = True
        self._current: int | None = None  # the entry the editor shows
        self.dialog: QWidget | None = None

        self.review_box = QComboBox()
        self.review_box.setObjectName("reviewChoice")
        self.review_box.setMinimumWidth(220)
        self.review_box.activated.connect(lambda _i: self._choose(self.review_box.currentData()))
        self.info = QLabel()
        self.info.setObjectName("reviewInfo")
        self.info.setWordWrap(True)
        self.table = record_table("reviewMembers", _headers(), REMARKS)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.summary = QLabel()
        self.summary.setObjectName("reviewSummary")
        self.summary.setWordWrap(True)
        self.editor = EntryForm(db, asker)
        self.editor.saved.connect(self._saved)
        self.editor.save_and_next.connect(self._next)
        self.editor.add_shortcuts(self)
        self.actions_ = ReviewActions(self)
        a = self.actions_

        def button(action: QAction) -> QToolButton:
            b = QToolButton()
            b.setDefaultAction(action)
            b.setObjectName(f"button_{action.objectName()}")
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            return b

        def menu_button(name: str, text: str, actions: tuple[QAction, ...]) -> QToolButton:
            b = QToolButton()
            b.setObjectName(name)
            b.setText(text)
            b.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            menu = QMenu(b)
            for action in actions:
                menu.addAction(action)
            b.setMenu(menu)
            return b

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Democratic review")))
        top.addWidget(self.review_box)
        for action in (a.new_action, a.info_action, a.add_action, a.apart_action):
            top.addWidget(button(action))
        top.addStretch(1)
        top.addWidget(menu_button("reviewPrintMenu", _("Print"), (a.ballots_action, a.tally_action, a.results_action)))
        top.addWidget(menu_button("reviewExportMenu", _("Export"), (a.results_pdf_action, a.results_xlsx_action)))
        top.addWidget(button(a.delete_action))

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        column.addWidget(self.summary)
        split = QSplitter()
        split.setObjectName("reviewSplit")
        split.addWidget(left)
        split.addWidget(self.editor)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([800, 520])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addWidget(split, 1)
        events.changed.connect(self._changed)

    # -- loading ----------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _changed(self, kind: str) -> None:
        if kind in RELOAD_ON:
            self._stale = True
            if self.isVisible():
                self.reload()

    def reload(self) -> None:
        from djdesk.services import settings

        self._stale = False
        with self.db.transaction() as session:
            self.reviews = service.list_reviews(session)
            self.school = settings.load(session).school_name
        chosen = self.view.id if self.view else None
        self.review_box.blockSignals(True)
        self.review_box.clear()
        for review in self.reviews:
            self.review_box.addItem(review.text(), review.id)
        self.review_box.blockSignals(False)
        ids = [r.id for r in self.reviews]
        self.show_review(chosen if chosen in ids else (ids[0] if ids else None))

    def _choose(self, review_id: int | None) -> None:
        if self.leave_entry():
            self.show_review(review_id)
        elif self.view is not None:
            self.review_box.setCurrentIndex(max(self.review_box.findData(self.view.id), 0))

    def show_review(self, review_id: int | None) -> None:
        keep = self._current if self.view is not None and self.view.id == review_id else None
        if review_id is None:
            self.view = None
        else:
            with self.db.transaction() as session:
                self.view = service.review_view(session, review_id)
        self.review_box.setCurrentIndex(max(self.review_box.findData(review_id), 0))
        self.rows = [*self.view.members, *self.view.apart] if self.view else []
        self._fill()
        self._show_info()
        self.actions_.update()
        ids = [r.id for r in self.rows]
        self.select_entry(keep if keep in ids else (ids[0] if ids else None), force=True)

    def _fill(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        counted = 0
        for row in self.rows:
            line = self.table.rowCount()
            self.table.insertRow(line)
            if row.counted:
                counted += 1
            tallied = row.tally.total > 0
            cells = [str(counted) if row.counted else "", row.name, row.group,
                     row.standing if row.counted else _("Listed apart"),
                     *((str(row.tally.count(g)) if tallied else "") for g in GRADES),
                     row.grade.label if row.grade else "", row.remarks()]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, row.id)
                elif column == REMARKS and text:
                    item.setToolTip(text)  # the column is narrow beside the editor
                if column != 1 and column != REMARKS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if not row.counted:
                    item.setForeground(GREY)
                elif column == REMARKS - 1 and row.grade is ReviewGrade.INCOMPETENT:
                    item.setForeground(QColor("#b00020"))
                self.table.setItem(line, column, item)
        self.table.blockSignals(False)

    def _show_info(self) -> None:
        view = self.view
        if view is None:
            self.info.setText(_("No democratic review yet: choose New review to open one for a branch and year."))
            self.summary.clear()
            return
        held = view.meeting.text() if view.meeting else _("not linked yet (Review details)")
        ballots = (_("{count} ballots").format(count=view.ballots) if view.ballots is not None
                   else _("not entered yet"))
        share = view.share or _("no cap")
        parts = [_("Held at: {meeting}").format(meeting=held),
                 _("Ballots returned: {ballots}").format(ballots=ballots),
                 _("Cap on Excellent: {share}").format(share=share)]
        if view.held_on is not None:
            parts.append(_("Graded on: {date}").format(date=f"{view.held_on:%Y.%m.%d}"))
        self.info.setText(_("; ").join(parts))
        over = view.cap is not None and view.count(ReviewGrade.EXCELLENT) > view.cap
        self.summary.setStyleSheet(ERROR_STYLE if over else "")
        self.summary.setText(view.summary())

    # -- the chosen member ----------------------------------------------------------------------
    def current_row(self) -> EntryRow | None:
        return next((r for r in self.rows if r.id == self._current), None)

    def select_entry(self, entry_id: int | None, *, force: bool = False) -> None:
        """Show the entry in the list and the editor (force: even if it is already shown, as
        after a reload, unless the editor holds unsaved typing for it)."""
        line = next((i for i, r in enumerate(self.rows) if r.id == entry_id), None)
        self.table.blockSignals(True)
        self.table.clearSelection()
        if line is not None:
            self.table.selectRow(line)
            self.table.scrollToItem(self.table.item(line, 0))
        self.table.blockSignals(False)
        if entry_id == self._current and not force:
            return
        if entry_id == self._current and self.editor.dirty():
            # A reload (评议信息 saved, say) must not throw away what is typed here.
            self.editor.refresh(self.current_row(), self.view.ballots if self.view else None)
            return
        self._current = entry_id
        self.editor.show_row(self.current_row(), ballots=self.view.ballots if self.view else None)
        self.actions_.update()

    def _selection_changed(self) -> None:
        items = self.table.selectedItems()
        entry_id = self.table.item(items[0].row(), 0).data(Qt.ItemDataRole.UserRole) if items else None
        if entry_id == self._current:
            return
        if not self.leave_entry():
            self.select_entry(self._current)  # stay where the typing is
            return
        self.select_entry(entry_id)

    def leave_entry(self) -> bool:
        """Whether the editor may show something else: nothing typed, saved, or discarded."""
        if not self.editor.dirty():
            return True
        row = self.current_row()
        answer = self.asker.save_changes(self, _("Save the changes to {name}?").format(name=row.name if row else ""))
        if answer is None:
            return False
        return self.editor.save() if answer else True

    def _saved(self, entry_id: int) -> None:
        self._current = entry_id
        self.events.changed.emit(kinds.REVIEW)

    def _next(self) -> None:
        members = [r.id for r in self.rows if r.counted]
        if self._current in members and members.index(self._current) + 1 < len(members):
            self.select_entry(members[members.index(self._current) + 1])
        self.editor.focus_votes()
