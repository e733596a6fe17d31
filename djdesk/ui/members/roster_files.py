"""The roster tab's files and reports: Excel import, export and its undo, the printed 花名册,
the statistics."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from djdesk.domain.errors import UserError
from djdesk.i18n import _
from djdesk.services import import_runs
from djdesk.ui import events as kinds
from djdesk.ui.asker import ask_save_path
from djdesk.ui.background import run_in_background
from djdesk.ui.members.model import NO_BRANCH

if TYPE_CHECKING:
    from djdesk.ui.members.tab import MembersTab


class RosterFiles(QObject):
    def __init__(self, tab: MembersTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.db, self.asker = tab.db, tab.asker
        self.import_action = tab._action("importRoster", _("&Import roster…"), self.import_roster, "Ctrl+I")
        self.export_action = tab._action("exportRoster", _("E&xport roster…"), self.export_roster)
        self.undo_import_action = tab._action("undoImport", _("&Undo import"), self.undo_import)
        self.print_roster_action = tab._action("printRoster", _("Print the &roster (PDF)…"), self.print_roster)
        self.statistics_action = tab._action("statistics", _("&Statistics…"), self.open_statistics)

    def _failed(self, path: Path):  # type: ignore[no-untyped-def]
        def failed(error: BaseException) -> None:
            if isinstance(error, OSError):  # the folder is read-only, the stick was pulled...
                self.asker.error(self.tab, _("The file {path} could not be written: {error}").format(
                    path=path, error=error.strerror or error))
            elif isinstance(error, UserError):
                self.asker.error(self.tab, error.message)
            else:
                raise error
        return failed

    # -- Excel in and out ----------------------------------------------------------------------
    def import_roster(self) -> None:
        from djdesk.ui.members.import_dialog import (
            ImportDialog,  # loaded when first needed
        )

        tab = self.tab
        dialog = ImportDialog(self.db, tab.data_dir, self.asker, tab)
        dialog.imported.connect(lambda _result: self._changed_all())
        tab.dialog = dialog
        dialog.finished.connect(lambda _code: setattr(tab, "dialog", None))
        dialog.open()

    def _changed_all(self) -> None:
        self.tab.events.changed.emit(kinds.BRANCHES)
        self.tab.events.changed.emit(kinds.PEOPLE)

    def export_roster(self) -> None:
        """The people the filters show, in the official order, as the 花名册 workbook."""
        today = self.db.clock.today()
        suggested = Path.home() / f"{self.tab.school or '人员'}花名册-{today:%Y-%m-%d}.xlsx"
        path = ask_save_path(self.asker, self.tab, _("Export roster"), suggested, _("Excel workbook (*.xlsx)"))
        if path is None:
            return
        ids = [row.id for row in self.tab.model.shown_in_official_order()]

        def work() -> int:
            from djdesk.services import roster_export  # loaded when first needed

            with self.db.transaction() as session:
                return roster_export.export_roster(session, path, today=today, ids=ids)

        def done(count: int) -> None:
            self.asker.info(self.tab, _("Exported {count} people to {path}.").format(count=count, path=path))

        run_in_background(work, done, self._failed(path), self.tab)

    def undo_import(self) -> None:
        point = import_runs.undo_point(self.db, self.tab.data_dir)
        if point is None:
            self.asker.error(self.tab, _("The last import can no longer be undone: the data has changed since."))
            self.undo_import_action.setEnabled(False)
            return
        question = _("Undo the import of {source} ({at})? The {added} people added and the {updated} "
                     "changed go back to how they were before it.").format(
            source=point.source, at=point.at, added=point.added, updated=point.updated)
        if not self.asker.confirm(self.tab, question, action=_("Undo import")):
            return
        try:
            import_runs.undo_last_import(self.db, self.tab.data_dir)
        except UserError as error:
            self.asker.error(self.tab, error.message)
        self._changed_all()

    def refresh(self) -> None:
        # Any change may end the chance to undo the last import.
        self.undo_import_action.setEnabled(import_runs.undo_point(self.db, self.tab.data_dir) is not None)

    # -- the printed roster and the statistics ------------------------------------------------
    def print_roster(self) -> None:
        """The party members of the chosen branch (or all), 按姓氏笔画, as a PDF to keep, then
        the print preview."""
        tab = self.tab
        today = self.db.clock.today()
        branch_name = tab.branch_filter.currentData()
        if branch_name == NO_BRANCH:
            self.asker.error(tab, _("Party members always belong to a branch: choose a branch, or all "
                                    "branches, to print the roster."))
            return
        branch = next((b for b in tab.branches if b.name == branch_name), None)
        suggested = Path.home() / f"{tab.school or ''}{branch.name if branch else ''}党员花名册-{today:%Y-%m-%d}.pdf"
        path = ask_save_path(self.asker, tab, _("Print the roster"), suggested, _("PDF document (*.pdf)"))
        if path is None:
            return

        def work():  # type: ignore[no-untyped-def]
            from djdesk.reports.roster import (
                write_roster_pdf,  # reportlab: loaded when first needed
            )
            from djdesk.services.roster_print import roster_document

            with self.db.transaction() as session:
                document = roster_document(session, today=today, branch_id=branch.id if branch else None,
                                           include_left=False)  # an official roster: current members
            return write_roster_pdf(document, path)

        def done(result) -> None:  # type: ignore[no-untyped-def]
            if result.missing:
                chars = "".join(sorted(result.missing))
                self.asker.error(tab, _(
                    "The font has no glyph for {chars}; those characters are left out of the printed "
                    "roster. Check the names: {names}").format(
                    chars=chars, names=_("、").join(sorted({n for ns in result.missing.values() for n in ns}))))
            self.asker.preview_pdf(tab, path, _("Party member roster"), landscape=True)

        run_in_background(work, done, self._failed(path), tab)

    def open_statistics(self) -> None:
        from djdesk.ui.members.stats_dialog import (
            StatisticsDialog,  # loaded when first needed
        )

        tab = self.tab
        dialog = StatisticsDialog(self.db, self.db.clock, self.asker, tab)
        tab.dialog = dialog
        dialog.finished.connect(lambda _code: setattr(tab, "dialog", None))
        dialog.open()
