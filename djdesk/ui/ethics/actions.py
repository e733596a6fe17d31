"""What the 师德考核 tab does to a period: open one, change its scheme and teachers, import
score sheets, apply the 优秀 cap, close and reopen it, export and print its results."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from djdesk.domain.errors import UserError
from djdesk.i18n import _
from djdesk.services import ethics as service
from djdesk.ui import events as kinds
from djdesk.ui.asker import ask_save_path
from djdesk.ui.background import write_in_background

if TYPE_CHECKING:
    from djdesk.ui.ethics.tab import EthicsTab


class EthicsActions(QObject):
    def __init__(self, tab: EthicsTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.db, self.asker = tab.db, tab.asker
        self.new_action = self._action("ethicsNewPeriod", _("New period…"), self.new_period)
        self.scheme_action = self._action("ethicsScheme", _("Scheme…"), self.edit_scheme)
        self.teachers_action = self._action("ethicsTeachers", _("Add teachers…"), self.add_teachers)
        self.remove_action = self._action("ethicsRemoveTeachers", _("Take out of the period"), self.remove_teachers)
        self.import_action = self._action("ethicsImport", _("Import score sheets…"), self.import_sheet)
        self.summary_pdf_action = self._action("ethicsSummaryPdf", _("Summary table (PDF)…"), self.summary_pdf)
        self.summary_xlsx_action = self._action("ethicsSummaryXlsx", _("Summary table (Excel)…"), self.summary_xlsx)
        self.template_action = self._action("ethicsTemplate", _("Blank score sheet for raters (Excel)…"),
                                            self.score_template)
        self.forms_action = self._action("ethicsForms", _("Print evaluation forms…"), self.print_forms)
        self.cap_action = self._action("ethicsCap", _("Apply the cap…"), self.apply_cap)
        self.close_action = self._action("ethicsClose", _("Close the period…"), self.close_period)
        self.reopen_action = self._action("ethicsReopen", _("Reopen…"), self.reopen_period)
        tab.table.addAction(self.remove_action)
        tab.table.setContextMenuPolicy(tab.table.contextMenuPolicy().ActionsContextMenu)

    def _action(self, name: str, text: str, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self.tab)
        action.setObjectName(name)
        action.triggered.connect(slot)
        return action

    def update(self) -> None:
        """Enabled as the period allows: a closed one can only be read, exported and reopened."""
        view = self.tab.view
        has, closed = view is not None, view is not None and view.period.closed
        for action in (self.teachers_action, self.remove_action, self.import_action, self.close_action):
            action.setEnabled(has and not closed)
        for action in (self.scheme_action, self.summary_pdf_action, self.summary_xlsx_action,
                       self.template_action, self.forms_action):
            action.setEnabled(has)
        self.cap_action.setEnabled(has and not closed and view.scheme.cap_percent is not None)  # type: ignore[union-attr]
        self.reopen_action.setEnabled(closed)
        self.close_action.setVisible(not closed)
        self.reopen_action.setVisible(closed)

    def _period_id(self) -> int:
        assert self.tab.view is not None
        return self.tab.view.period.id

    def _changed(self) -> None:
        self.tab.events.changed.emit(kinds.ETHICS)

    def _open(self, dialog: Any) -> None:
        self.tab.dialog = dialog
        dialog.finished.connect(lambda _code: setattr(self.tab, "dialog", None))
        dialog.open()

    # -- the period ---------------------------------------------------------------------------
    def new_period(self) -> None:
        from djdesk.ui.ethics.period_dialog import PeriodDialog

        dialog = PeriodDialog(self.db, self.asker, parent=self.tab)
        dialog.saved.connect(self._opened)
        self._open(dialog)

    def _opened(self, period_id: int) -> None:
        self.tab.view = None
        self._changed()
        self.tab.reload()
        self.tab.show_period(period_id)

    def edit_scheme(self) -> None:
        from djdesk.ui.ethics.period_dialog import PeriodDialog

        view = self.tab.view
        assert view is not None
        dialog = PeriodDialog(self.db, self.asker, view.period.id, closed=view.period.closed, parent=self.tab)
        dialog.saved.connect(lambda _id: self._changed())
        self._open(dialog)

    def add_teachers(self) -> None:
        from djdesk.ui.calendar.person_picker import PersonPicker

        with self.db.transaction() as session:
            people = service.candidates(session, self._period_id())
        labelled = [(p.id, _("{name} ({department})").format(name=p.name, department=p.department)
                     if p.department else p.name) for p in people]
        picker = PersonPicker([], {}, self.tab, labelled=labelled, title=_("Add people to the evaluation"),
                              empty_text=_("Everyone at the school is in the period already."))
        picker.setObjectName("ethicsTeacherPicker")
        picker.chosen.connect(self._add_chosen)
        self._open(picker)

    def _add_chosen(self, ids: list[int]) -> None:
        try:
            with self.db.transaction() as session:
                service.add_teachers(session, self._period_id(), ids)
        except UserError as error:
            self.tab.error(error)
        self._changed()

    def remove_teachers(self) -> None:
        ids = self.tab.selected_people()
        if not ids:
            self.asker.info(self.tab, _("Select the teachers to take out of the period first."))
            return
        period_id = self._period_id()
        with self.db.transaction() as session:
            scores = sum(service.score_count(session, period_id, pid) for pid in ids)
        names = _("、").join(r.name for r in self.tab.model.rows if r.person_id in ids)
        question = _("Take {names} out of the evaluation period?").format(names=names)
        if scores:
            question += " " + _("Their {count} scores are deleted with them (the audit trail keeps them).").format(
                count=scores)
        if not self.asker.confirm(self.tab, question, action=_("Take out")):
            return
        try:
            with self.db.transaction() as session:
                for pid in ids:
                    service.remove_teacher(session, period_id, pid)
        except UserError as error:
            self.tab.error(error)
        self._changed()

    def import_sheet(self) -> None:
        from djdesk.ui.ethics.import_dialog import ScoreImportDialog

        view = self.tab.view
        assert view is not None
        dialog = ScoreImportDialog(self.db, self.asker, view, self.tab)
        dialog.imported.connect(lambda _count: self._changed())
        self._open(dialog)

    def apply_cap(self) -> None:
        from djdesk.ui.ethics.cap_dialog import CapDialog

        try:
            with self.db.transaction() as session:
                proposal = service.propose_cap(session, self._period_id(), self.db.clock.today())
        except UserError as error:
            self.tab.error(error)
            return
        if proposal is None:
            return
        assert self.tab.view is not None
        dialog = CapDialog(self.db, self.asker, self.tab.view, proposal, self.tab)
        dialog.applied.connect(self._changed)
        self._open(dialog)

    def close_period(self) -> None:
        view = self.tab.view
        assert view is not None
        question = _("Close “{name}”? The scheme and every teacher's result are frozen as they are now; "
                     "changing them afterwards needs reopening with a reason.").format(name=view.period.name)
        if not self.asker.confirm(self.tab, question, action=_("Close the period")):
            return
        try:
            with self.db.transaction() as session:
                service.close_period(session, view.period.id, self.db.clock.today())
        except UserError as error:
            self.tab.error(error)
            return
        self._changed()

    def reopen_period(self) -> None:
        view = self.tab.view
        assert view is not None
        reason = self.asker.ask_text(self.tab, _("Reopen the period"), _(
            "Why is “{name}” reopened? The reason is kept with the period.").format(name=view.period.name))
        if reason is None:
            return
        try:
            with self.db.transaction() as session:
                service.reopen_period(session, view.period.id, reason)
        except UserError as error:
            self.tab.error(error)
            return
        self._changed()

    # -- files --------------------------------------------------------------------------------
    def _write(self, title: str, suggested: str, filters: str, write, done) -> None:  # type: ignore[no-untyped-def]
        view = self.tab.view
        assert view is not None
        path = ask_save_path(self.asker, self.tab, title, Path.home() / suggested, filters)
        if path is None:
            return
        write_in_background(self.tab, self.asker, path, lambda: write(view, path), lambda result: done(path, result))

    def _base_name(self) -> str:
        assert self.tab.view is not None
        return f"{self.tab.school}{self.tab.view.period.name}"

    def summary_pdf(self) -> None:
        from djdesk.reports.ethics import write_summary_pdf

        school = self.tab.school
        self._write(_("Summary table (PDF)"), f"{self._base_name()}师德考核结果汇总表.pdf", _("PDF document (*.pdf)"),
                    lambda view, path: write_summary_pdf(view, school, path),
                    lambda path, _result: self.asker.preview_pdf(self.tab, path, _("Ethics evaluation summary"),
                                                                 landscape=True))

    def summary_xlsx(self) -> None:
        from djdesk.sheets.ethics import write_summary_xlsx

        school = self.tab.school
        self._write(_("Summary table (Excel)"), f"{self._base_name()}师德考核结果汇总表.xlsx",
                    _("Excel workbook (*.xlsx)"), lambda view, path: write_summary_xlsx(view, school, path),
                    lambda path, _result: self.asker.info(self.tab, _("Saved {path}.").format(path=path)))

    def score_template(self) -> None:
        from djdesk.sheets.ethics import write_score_template

        view = self.tab.view
        assert view is not None
        category = max(self.tab.category.currentIndex(), 0) if view.scheme.by_item else 0
        names = [r.name for r in view.scheme.raters]
        if not view.scheme.by_item and len(names) > 1:
            chosen = self.asker.choose(self.tab, _("Blank score sheet"), _("For which raters?"), names)
            if chosen is None:
                return
            category = chosen
        self._write(_("Blank score sheet for raters (Excel)"),
                    f"{self._base_name()}师德考核评分表-{names[category]}.xlsx", _("Excel workbook (*.xlsx)"),
                    lambda view, path: write_score_template(view, category, path),
                    lambda path, _result: self.asker.info(self.tab, _("Saved {path}.").format(path=path)))

    def print_forms(self) -> None:
        """The 教师师德考核表 of the selected teachers, or of everyone shown."""
        from djdesk.reports.ethics import write_teacher_forms_pdf

        view = self.tab.view
        assert view is not None
        ids = set(self.tab.selected_people())
        rows = [r for r in self.tab.model.shown if not ids or r.person_id in ids]
        if not rows:
            self.asker.info(self.tab, _("No teacher is shown: clear the search to print everyone's form."))
            return
        school = self.tab.school
        suggested = f"{self._base_name()}教师师德考核表{'-' + rows[0].name if len(rows) == 1 else ''}.pdf"
        self._write(_("Print evaluation forms"), suggested, _("PDF document (*.pdf)"),
                    lambda view, path: write_teacher_forms_pdf(view, rows, school, path),
                    lambda path, _result: self.asker.preview_pdf(self.tab, path, _("Teacher ethics evaluation forms")))
