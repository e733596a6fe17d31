"""What the 民主评议 tab does to an evaluation: open one, change its details and members, print
the ballots, the tally sheet and the result table, export the results, delete one made by mistake."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from djdesk.domain.errors import UserError
from djdesk.i18n import _
from djdesk.services import democratic as service
from djdesk.ui import events as kinds
from djdesk.ui.asker import ask_save_path
from djdesk.ui.background import write_in_background
from djdesk.ui.record_printing import printout_path, safe_name, warn_missing

if TYPE_CHECKING:
    from djdesk.services.democratic import ReviewView
    from djdesk.ui.review.tab import ReviewTab


class ReviewActions(QObject):
    def __init__(self, tab: ReviewTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.db, self.asker, self.events = tab.db, tab.asker, tab.events
        self.new_action = self._action("reviewNew", _("New review…"), self.new_review)
        self.info_action = self._action("reviewDetails", _("Review details…"), self.edit_details)
        self.add_action = self._action("reviewAddMembers", _("Add members…"), self.add_members)
        self.apart_action = self._action("reviewApart", _("List apart…"), self.toggle_apart)
        self.ballots_action = self._action("reviewBallots", _("Evaluation ballots…"), self.print_ballots)
        self.tally_action = self._action("reviewTally", _("Tally sheet…"), self.print_tally)
        self.results_action = self._action("reviewResults", _("Result table…"), self.print_results)
        self.results_pdf_action = self._action("reviewResultsPdf", _("Result table (PDF)…"), self.export_pdf)
        self.results_xlsx_action = self._action("reviewResultsXlsx", _("Result table (Excel)…"), self.export_xlsx)
        self.delete_action = self._action("reviewDelete", _("Delete review…"), self.delete_review)
        tab.table.addAction(self.apart_action)
        tab.table.setContextMenuPolicy(tab.table.contextMenuPolicy().ActionsContextMenu)
        tab.table.itemSelectionChanged.connect(self.update)

    def _action(self, name: str, text: str, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self.tab)
        action.setObjectName(name)
        action.triggered.connect(slot)
        return action

    def update(self) -> None:
        has = self.tab.view is not None
        for action in (self.info_action, self.add_action, self.ballots_action, self.tally_action,
                       self.results_action, self.results_pdf_action, self.results_xlsx_action, self.delete_action):
            action.setEnabled(has)
        row = self.tab.current_row()
        self.apart_action.setEnabled(row is not None)
        self.apart_action.setText(_("List apart…") if row is None or row.counted else _("Evaluate after all"))

    def _review_id(self) -> int:
        assert self.tab.view is not None
        return self.tab.view.id

    # -- the evaluation -------------------------------------------------------------------------
    def new_review(self) -> None:
        from djdesk.ui.review.dialogs import OpenDialog

        if not self.tab.leave_entry():
            return
        dialog = OpenDialog(self.db, self.events, self.asker, self.tab)
        dialog.finished.connect(lambda _r: self._opened(dialog.review_id))
        self.tab.dialog = dialog
        dialog.open()

    def _opened(self, review_id: int | None) -> None:
        if review_id is not None:
            self.tab.reload()
            self.tab.show_review(review_id)

    def edit_details(self) -> None:
        from djdesk.ui.review.dialogs import InfoDialog

        assert self.tab.view is not None
        dialog = InfoDialog(self.db, self.events, self.asker, self.tab.view, self.tab)
        self.tab.dialog = dialog
        dialog.open()

    def add_members(self) -> None:
        from djdesk.ui.calendar.person_picker import PersonPicker

        with self.db.transaction() as session:
            options = service.addable(session, self._review_id())
        if not options:
            self.asker.info(self.tab, _("Every party member on the roster is already listed."))
            return
        picker = PersonPicker([], {}, self.tab, labelled=options, title=_("Add members"),
                              empty_text=_("No party member to add"))
        picker.setObjectName("reviewMemberPicker")
        picker.chosen.connect(self._add)
        self.tab.dialog = picker
        picker.open()

    def _add(self, ids: list[int]) -> None:
        try:
            with self.db.transaction() as session:
                service.add_members(session, self._review_id(), ids)
        except UserError as error:
            self.asker.error(self.tab, error.message)
            return
        self.events.changed.emit(kinds.REVIEW)

    def toggle_apart(self) -> None:
        """List the chosen member apart (with the reason), or bring one listed apart back."""
        row = self.tab.current_row()
        if row is None or not self.tab.leave_entry():
            return
        try:
            if row.counted:
                reason = self.asker.ask_text(self.tab, _("List apart"), _(
                    "Why is {name} not evaluated this year (e.g. 长期病休, 外出援建)?").format(name=row.name))
                if reason is None:
                    return
                with self.db.transaction() as session:
                    service.set_apart(session, row.id, reason)
            else:
                with self.db.transaction() as session:
                    service.set_counted(session, row.id)
        except UserError as error:
            self.asker.error(self.tab, error.message)
            return
        self.events.changed.emit(kinds.REVIEW)

    def delete_review(self) -> None:
        view = self.tab.view
        assert view is not None
        if not self.tab.leave_entry():  # typing saved first: it may make the review a record
            return
        question = _("Delete the democratic review {name}? Only one with nothing recorded can be deleted.").format(
            name=_("{branch}, {year}").format(branch=view.branch, year=view.year))
        if not self.asker.confirm(self.tab, question, action=_("Delete")):
            return
        try:
            with self.db.transaction() as session:
                service.delete_review(session, view.id)
        except UserError as error:
            self.asker.error(self.tab, error.message)
            return
        self.tab.view = None
        self.events.changed.emit(kinds.REVIEW)

    # -- printouts ------------------------------------------------------------------------------
    def _fresh_view(self) -> ReviewView | None:
        """What is stored now, typing in the editor saved first (or the printout is not made)."""
        if not self.tab.leave_entry():
            return None
        with self.db.transaction() as session:
            return service.review_view(session, self._review_id())

    def _base_name(self, view: ReviewView) -> str:
        return safe_name(f"{view.branch}{view.year}年度民主评议")

    def _make(self, view: ReviewView, path: Path, write: Callable[[ReviewView, Path], Any],
              done: Callable[[Path, Any], None]) -> None:
        def finished(result: Any) -> None:
            if result is not None and getattr(result, "missing", None):
                warn_missing(self.asker, self.tab, result.missing)
            done(path, result)

        write_in_background(self.tab, self.asker, path, lambda: write(view, path), finished)

    def _print(self, suffix: str, title: str, write: Callable[[ReviewView, Path], Any]) -> None:
        view = self._fresh_view()
        if view is None:
            return
        try:
            path = printout_path(self.tab.data_dir, f"{self._base_name(view)}{suffix}")
        except UserError as error:
            self.asker.error(self.tab, error.message)
            return
        self._make(view, path, write, lambda path, _result: self.asker.preview_pdf(self.tab, path, title))

    def print_ballots(self) -> None:
        from djdesk.reports.democratic import write_ballots_pdf

        school = self.tab.school
        view = self.tab.view
        assert view is not None
        if not view.members:
            self.asker.info(self.tab, _("No member is evaluated: there is nothing to print."))
            return
        self._print("测评表", _("Evaluation ballots ({copies} copies)").format(copies=len(view.members)),
                    lambda view, path: write_ballots_pdf(view, school, path))

    def print_tally(self) -> None:
        from djdesk.reports.democratic import write_tally_pdf

        school = self.tab.school
        self._print("计票表", _("Tally sheet"), lambda view, path: write_tally_pdf(view, school, path))

    def print_results(self) -> None:
        from djdesk.reports.democratic import write_results_pdf

        school = self.tab.school
        self._print("结果汇总表", _("Result table"), lambda view, path: write_results_pdf(view, school, path))

    def _export(self, title: str, suffix: str, filters: str, write: Callable[[ReviewView, Path], Any],
                done: Callable[[Path, Any], None]) -> None:
        view = self._fresh_view()
        if view is None:
            return
        path = ask_save_path(self.asker, self.tab, title, Path.home() / f"{self._base_name(view)}{suffix}", filters)
        if path is not None:
            self._make(view, path, write, done)

    def export_pdf(self) -> None:
        from djdesk.reports.democratic import write_results_pdf

        school = self.tab.school
        self._export(_("Result table (PDF)"), "结果汇总表.pdf", _("PDF document (*.pdf)"),
                     lambda view, path: write_results_pdf(view, school, path),
                     lambda path, _result: self.asker.preview_pdf(self.tab, path, _("Result table")))

    def export_xlsx(self) -> None:
        from djdesk.sheets.democratic import write_results_xlsx

        school = self.tab.school
        self._export(_("Result table (Excel)"), "结果汇总表.xlsx", _("Excel workbook (*.xlsx)"),
                     lambda view, path: write_results_xlsx(view, school, path),
                     lambda path, _result: self.asker.info(self.tab, _("Saved {path}.").format(path=path)))
