"""The meeting dialog: details, attendance, vote and minutes on tabs, saved in one go with every
problem shown beside its field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.errors import Problem, UserError, ValidationError
from djdesk.domain.meetings import (
    CALENDAR_KINDS,
    MeetingDraft,
    MeetingKind,
    MeetingStatus,
)
from djdesk.i18n import _
from djdesk.services import meeting_edit, meetings
from djdesk.services.branches import list_branches
from djdesk.services.meeting_edit import MeetingForm
from djdesk.store.database import Database
from djdesk.ui.asker import Asks
from djdesk.ui.calendar.attendance_grid import AttendanceGrid
from djdesk.ui.calendar.attendance_model import GridRow
from djdesk.ui.calendar.meeting_form import (
    DEFAULT_END,
    DEFAULT_START,
    DetailsPage,
    default_year,
)
from djdesk.ui.calendar.minutes_page import MinutesPage
from djdesk.ui.calendar.vote_panel import VotePanel
from djdesk.ui.events import MEETINGS, AppEvents
from djdesk.ui.forms import ERROR_STYLE, dialog_buttons

if TYPE_CHECKING:
    from djdesk.ui.record_printing import RecordPrinter

TITLE_CHARS = 30  # of the topic in the window title


class MeetingDialog(QDialog):
    """Adds a meeting (meeting_id None: on `day`, for `branch_id`) or edits one; emits `saved`
    with the id after writing. Raises NotFoundError when the meeting no longer exists."""

    saved = Signal(int)

    def __init__(self, db: Database, events: AppEvents, asker: Asks, meeting_id: int | None = None, *,
                 day: dt.date | None = None, branch_id: int | None = None,
                 printer: RecordPrinter | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.events, self.asker, self.meeting_id = db, events, asker, meeting_id
        self.printer = printer
        self.setObjectName("meetingDialog")
        today = db.clock.today()
        with db.transaction() as session:
            view = meetings.get(session, meeting_id) if meeting_id is not None else None
            branches = list_branches(session)
            self.people = meetings.people(session)
            # Places of this year's and last year's meetings: a short list to choose from,
            # without reading twenty years of meetings.
            places = meetings.recent_places(session, since_year=today.year - 1)
        self.view = view
        self.status = QLabel()
        self.status.setObjectName("meetingStatus")
        self.status.setWordWrap(True)
        self.details = DetailsPage(branches, self.people, places, today)
        self.grid = AttendanceGrid(asker)
        self.grid.set_people(self.people, {b.id: b.name for b in branches})
        self.vote = VotePanel()
        self.minutes = MinutesPage()
        # Each page keeps FieldForm's error protocol: widgets, errors, show_error, clear_errors.
        self.pages = (self.details, self.grid, self.vote, self.minutes)
        self.tab_titles = (_("Basic information"), _("Attendance"), _("Vote"), _("Minutes and resolution"))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("meetingTabs")
        for page, title in zip(self.pages, self.tab_titles):
            self.tabs.addTab(page, title)
        self.summary = QLabel()
        self.summary.setObjectName("dialogSummary")
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        self.summary.hide()
        buttons = dialog_buttons(self, _("Save"), "saveMeeting", save=True)
        self.print_button = self._print_button()
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setVisible(printer is not None)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        self.resize(760, 640)

        if view is not None:
            self._load_view(view)
        else:
            self._load_new(day or today, branch_id, branches[0].id if branches else None)
        self.details.scope_changed.connect(self._scope_changed)
        self.details.kinds_changed.connect(self._kinds_changed)
        self.grid.rebuild_requested.connect(self._rebuild)
        self.grid.changed.connect(self._attendance_changed)
        self.grid.branch_id = self.details.branch.value()
        self._kinds_changed()
        self._attendance_changed()
        self._initial = self.form()
        self.details.kind.setFocus()  # the first field, not the tab bar

    # -- loading ----------------------------------------------------------------------------
    def _load_view(self, view: meetings.MeetingView) -> None:
        self._set_title(view.draft.title)
        self.details.load(view.draft, view.names)
        self.grid.load(GridRow.of(a) for a in view.attendees)
        self.vote.load(view.vote)
        self.minutes.load(view.draft.kind, view.content, view.resolution, view.status is MeetingStatus.HELD)
        self._show_status(view.status, view.cancel_reason)

    def _set_title(self, title: str) -> None:
        short = title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS] + "…"
        self.setWindowTitle(_("Meeting: {title}").format(title=short))

    def _load_new(self, day: dt.date, branch_id: int | None, first_branch: int | None) -> None:
        self.setWindowTitle(_("New meeting"))
        kind = CALENDAR_KINDS[0]
        branch_id = branch_id if branch_id is not None else first_branch
        draft = MeetingDraft(
            kind=kind, year=default_year(frozenset({kind}), day), branch_id=branch_id,
            starts_at=dt.datetime.combine(day, DEFAULT_START), ends_at=dt.datetime.combine(day, DEFAULT_END))
        self.details.load(draft, {})
        self.details.suggest_host()
        self.grid.rebuild(self._expected_by_rule(), ask=False)
        self.vote.load(None)
        self.minutes.load(kind, "", "", False)
        self._show_status(MeetingStatus.PLANNED, "")

    def _print_button(self) -> QPushButton:
        button = QPushButton(_("Print"))
        button.setObjectName("printButton")
        button.setAutoDefault(False)  # Enter saves; it does not open this menu
        menu = QMenu(button)
        menu.setObjectName("meetingPrintMenu")
        for name, text, start in (
                ("dialogPrintMinutes", _("Print the minutes…"), lambda p, m: p.print_minutes(self, m)),
                ("dialogExportMinutes", _("Export as PDF…"), lambda p, m: p.export_minutes(self, m)),
                ("dialogPrintSignin", _("Print the sign-in sheet…"), lambda p, m: p.print_signin(self, m))):
            action = menu.addAction(text)
            action.setObjectName(name)
            action.triggered.connect(lambda _checked=False, start=start: self.print_record(start))
        button.setMenu(menu)
        return button

    def _show_status(self, status: MeetingStatus, reason: str) -> None:
        if status is MeetingStatus.CANCELLED and reason:
            text = _("Status: {status} (reason: {reason})").format(status=status.label, reason=reason)
        else:
            text = _("Status: {status}").format(status=status.label)
        if self.meeting_id is None:
            text = _("{status} · new meeting, not yet saved").format(status=text)
        self.status.setText(text)
        # A cancelled meeting has no record to print (it is restored in the calendar, not here).
        self.print_button.setEnabled(status is not MeetingStatus.CANCELLED)
        self.print_button.setToolTip(_("A cancelled meeting has no record to print.")
                                     if status is MeetingStatus.CANCELLED else "")

    # -- reactions --------------------------------------------------------------------------
    def _expected_by_rule(self) -> tuple[int, ...]:
        draft = self.details.draft(())
        return meetings.default_expected(self.people, draft.kind, draft.branch_id, draft.group_id)

    def _scope_changed(self) -> None:
        """A new meeting's list follows the kind, branch and group; a stored one's only when
        the user agrees. A 党小组会 waits for its group: no one would be listed before."""
        draft = self.details.draft(())
        self.grid.branch_id = draft.branch_id
        if self.meeting_id is None:
            self.details.suggest_host()
        if draft.kind is MeetingKind.GROUP and draft.group_id is None:
            return
        self.grid.rebuild(self._expected_by_rule(), ask=self.meeting_id is not None)

    def _rebuild(self) -> None:
        self.grid.rebuild(self._expected_by_rule(), ask=False)

    def _kinds_changed(self) -> None:
        general = MeetingKind.GENERAL in self.details.kinds()
        self.vote.set_available(general)
        self.tabs.setTabEnabled(self.pages.index(self.vote), general)
        self.minutes.set_kind(self.details.kind.value())

    def _attendance_changed(self) -> None:
        self.vote.set_attendance(*self.grid.model.voting())

    # -- saving -----------------------------------------------------------------------------
    def form(self) -> MeetingForm:
        """Everything typed, as the service takes it."""
        self.grid.commit_edits()
        model = self.grid.model
        return MeetingForm(
            draft=self.details.draft(model.expected_ids()), attendance=model.entries(),
            vote=self.vote.vote(), content=self.minutes.text(),
            resolution=self.minutes.resolution.toPlainText().strip(), held=self.minutes.held.isChecked())

    def show_problems(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        """Messages under their fields, a count on each tab that has some, and the first one's
        page shown with its field focused."""
        for page in self.pages:
            page.clear_errors()
        placed: list[tuple[int, int, str]] = []
        unplaced = []
        for problem in problems:
            number = next((n for n, page in enumerate(self.pages) if problem.field in page.errors), None)
            if number is None or problem.field is None:
                unplaced.append(str(problem))
                continue
            page = self.pages[number]
            page.show_error(problem.field, problem.message)
            placed.append((number, list(page.widgets).index(problem.field), problem.field))
        for number, title in enumerate(self.tab_titles):
            count = sum(1 for p in placed if p[0] == number)
            self.tabs.setTabText(number, f"{title}（{count}）" if count else title)
        if placed:
            number, _row, field = min(placed)
            self.tabs.setCurrentIndex(number)
            self.pages[number].widgets[field].setFocus()
        text = _("Please correct the {count} marked entries.").format(count=len(problems))
        self.summary.setText("\n".join([text, *unplaced]))
        self.summary.setVisible(bool(problems))

    def save(self) -> None:
        if self._write():
            self.accept()

    def _write(self) -> bool:
        """Store the form; False when it was refused or the user stopped, the dialog then
        showing why."""
        form = self.form()
        unrecorded = self.grid.model.counts().unrecorded
        was_held = self.view is not None and self.view.status is MeetingStatus.HELD
        if form.held and not was_held and unrecorded and not self.asker.confirm(self, _(
                "The attendance of {count} expected attendees is not recorded. Save the meeting as "
                "held anyway?").format(count=unrecorded), action=_("Save")):
            self.tabs.setCurrentWidget(self.grid)
            return False
        try:
            with self.db.transaction() as session:
                meeting_id = meeting_edit.save(session, self.meeting_id, form, now=self.db.clock.now())
                # Read back: the dialog may stay open (saved to print) and must know it is stored.
                self.view = meetings.get(session, meeting_id)
        except ValidationError as error:
            self.show_problems(error.problems)
            return False
        except UserError as error:
            self.asker.error(self, error.message)
            return False
        self.show_problems(())
        self.meeting_id = meeting_id
        self._initial = form
        self._set_title(self.view.draft.title)
        self._show_status(self.view.status, self.view.cancel_reason)
        self.events.changed.emit(MEETINGS)
        self.saved.emit(meeting_id)
        return True

    # -- printing ---------------------------------------------------------------------------
    def print_record(self, start: Callable[[RecordPrinter, int], object]) -> None:
        """Print or export the record as stored: what is typed and not yet saved is saved
        first, when the user agrees (a new meeting has nothing stored to print)."""
        if self.printer is None:
            return
        if self.meeting_id is None or self.form() != self._initial:
            question = _("The new meeting must be saved before its record can be printed. Save it now?") \
                if self.meeting_id is None else _("Save your changes before printing? The record is printed "
                                                  "as it is stored.")
            if not self.asker.confirm(self, question, action=_("Save and print")) or not self._write():
                return
        if self.meeting_id is None:
            return
        try:
            start(self.printer, self.meeting_id)
        except UserError as error:  # cancelled or deleted in the calendar meanwhile
            self.asker.error(self, error.message)

    def reject(self) -> None:
        if self.form() != self._initial and not self.asker.confirm(
                self, _("Discard what you typed?"), action=_("Discard")):
            return
        super().reject()
