"""The calendar tab's actions: its dialogs; rescheduling, cancelling, restoring, deleting a meeting."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QPushButton, QToolBar, QWidget

from djdesk.domain.errors import ConflictError, NotFoundError, UserError
from djdesk.domain.meetings import MeetingStatus
from djdesk.i18n import _
from djdesk.services import meeting_edit
from djdesk.services.meetings import MeetingRow
from djdesk.ui import events as kinds

if TYPE_CHECKING:
    from djdesk.ui.calendar.tab import CalendarTab
    from djdesk.ui.record_printing import RecordPrinter

Session = Any  # a database session, passed through to the services untouched

EXAMPLE = "2026-11-21 14:30-16:00"
# Dates as 2026-11-21, 2026/11/21, 2026.11.21 or 2026年11月21日, a start and an optional end.
_SCHEDULE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*(\d{1,2}):(\d{2})"
                       r"(?:\s*-\s*(\d{1,2}):(\d{2}))?")
_DASHES = re.compile("[–—―−~至到]")


def format_schedule(row: MeetingRow) -> str:
    text = f"{row.starts_at:%Y-%m-%d %H:%M}"
    return f"{text}-{row.ends_at:%H:%M}" if row.ends_at is not None else text


def parse_schedule(text: str, duration: dt.timedelta | None = None) -> tuple[dt.datetime, dt.datetime | None]:
    """"2026-11-21 14:30-16:00" (full-width digits, colons and dashes too); without an end, the
    meeting keeps its `duration`."""
    normal = _DASHES.sub("-", unicodedata.normalize("NFKC", text)).strip()
    match = _SCHEDULE.fullmatch(normal)
    if match is None:
        raise UserError(_("Write the new date and time like {example}.").format(example=EXAMPLE))
    year, month, day, hour, minute, end_hour, end_minute = match.groups()
    try:
        starts = dt.datetime(int(year), int(month), int(day), int(hour), int(minute))
        ends = starts.replace(hour=int(end_hour), minute=int(end_minute)) if end_hour is not None else None
    except ValueError:
        raise UserError(_("{text} is not a real date and time.").format(text=normal)) from None
    if ends is None and duration is not None:
        ends = starts + duration
    return starts, ends


def plain(text: str) -> str:
    """An action's text for a button: without the mnemonic "(&N)" or "&", and the "…"."""
    return re.sub(r"\(&\w\)", "", text).replace("&", "").rstrip("…")


class CalendarActions:
    """The QActions of the calendar tab (kept as its attributes) and what they do."""

    def __init__(self, tab: CalendarTab) -> None:
        self.tab = tab
        action = self._action
        self.new_action = action("newMeeting", _("&New meeting…"), lambda: self.new_meeting(), "Ctrl+N")
        self.open_action = action("openMeeting", _("&Open / edit…"), lambda: self.open_meeting())
        self.reschedule_action = action("rescheduleMeeting", _("Re&schedule…"), self.reschedule)
        self.cancel_action = action("cancelMeeting", _("&Cancel meeting…"), self.cancel_meeting)
        self.restore_action = action("restoreMeeting", _("Restore as &planned"), self.restore_meeting)
        # Del, Enter, PgUp and PgDn are keys of the lists and the grid, not shortcuts: the main
        # window lifts the tab's shortcuts into its menus, where they would fire in every tab.
        self.delete_action = action("deleteMeeting", _("&Delete plan…"), self.delete_meeting)
        self.plan_action = action("yearPlan", _("Generate the &year plan…"), self.open_plan)
        self.compliance_action = action("complianceCheck", _("Co&mpliance check…"), self.open_compliance)
        self.talks_action = action("heartTalks", _("Heart-to-heart &talks…"), self.open_talks)
        self.today_action = action("calendarToday", _("Today"), tab.go_to_today)
        self.previous_action = action("previousMonth", _("Previous month"), lambda: tab.turn(-1))
        self.next_action = action("nextMonth", _("Next month"), lambda: tab.turn(1))
        self.refresh_action = action("calendarRefresh", _("&Refresh"), tab.reload, "F5")
        # The meeting's record on paper; Ctrl+P prints the roster's list on the roster tab.
        record = self.print_record
        self.print_minutes_action = action("printMinutes", _("Pr&int the minutes…"),
                                           lambda: record(lambda p, m: p.print_minutes(tab, m)), "Ctrl+P")
        self.export_minutes_action = action("exportMinutes", _("E&xport the minutes as PDF…"),
                                            lambda: record(lambda p, m: p.export_minutes(tab, m)))
        self.print_signin_action = action("printSignin", _("Print the si&gn-in sheet…"),
                                          lambda: record(lambda p, m: p.print_signin(tab, m)))
        self.yearbook_action = action("openYearbook", _("The year's &book of minutes…"), self.open_yearbook)
        self.selection_changed(None)

    def _action(self, name: str, text: str, slot: Callable[[], object], shortcut: str | None = None) -> QAction:
        action = QAction(text, self.tab)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            # Only while the calendar is shown: other tabs use the same keys.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.tab.addAction(action)
        return action

    def button(self, action: QAction, text: str = "{text}") -> QPushButton:
        """A button for an action, enabled with it; `text` places the action's words."""
        button = QPushButton(text.format(text=plain(action.text())))
        button.setObjectName(f"{action.objectName()}Button")
        button.clicked.connect(action.trigger)
        action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
        button.setEnabled(action.isEnabled())
        return button

    def tool_bar(self) -> QToolBar:
        """The meeting actions as a bar that folds what does not fit into a "»" menu: the
        window stays narrow enough for a small screen."""
        bar = QToolBar()
        bar.setObjectName("calendarToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for group in ((self.new_action, self.open_action, self.reschedule_action, self.cancel_action,
                       self.restore_action, self.delete_action),
                      (self.plan_action, self.compliance_action, self.talks_action)):
            if bar.actions():
                bar.addSeparator()
            for action in group:
                action.setIconText(plain(action.text()))
                bar.addAction(action)
                bar.widgetForAction(action).setObjectName(f"{action.objectName()}Button")
        return bar

    def selection_changed(self, row: MeetingRow | None) -> None:
        status = row.status if row is not None else None
        self.open_action.setEnabled(row is not None)
        self.reschedule_action.setEnabled(status is MeetingStatus.PLANNED)
        self.cancel_action.setEnabled(status is MeetingStatus.PLANNED)
        self.restore_action.setEnabled(status is MeetingStatus.CANCELLED)
        # A held meeting is a record; a cancelled plan entered by mistake may still go.
        self.delete_action.setEnabled(status in (MeetingStatus.PLANNED, MeetingStatus.CANCELLED))
        # A cancelled meeting has no record; a planned one prints as a form to fill in by hand.
        printing = self.tab.printer is not None
        for action in self.print_actions()[:3]:
            action.setEnabled(printing and row is not None and status is not MeetingStatus.CANCELLED)
        self.yearbook_action.setEnabled(printing)

    def print_actions(self) -> tuple[QAction, ...]:
        return (self.print_minutes_action, self.export_minutes_action, self.print_signin_action,
                self.yearbook_action)

    def context_menu(self) -> QMenu:
        menu = QMenu(self.tab)
        menu.setObjectName("calendarMenu")
        printing = self.print_actions() if self.tab.printer is not None else ()
        for group in ((self.open_action, self.new_action),
                      (self.reschedule_action, self.cancel_action, self.restore_action, self.delete_action),
                      printing,
                      (self.today_action, self.previous_action, self.next_action),
                      (self.plan_action, self.compliance_action, self.talks_action, self.refresh_action)):
            if not group:
                continue
            if not menu.isEmpty():
                menu.addSeparator()
            menu.addActions(list(group))
        return menu

    # -- changing the meeting chosen -----------------------------------------------------------
    def _ask(self, title: str, label: str, text: str, apply: Callable[[Session, str], None]) -> bool:
        """Ask until `apply` takes the answer: a mistake is shown and asked again with what was
        typed, to correct it. False when cancelled or when asking again cannot help."""
        tab = self.tab
        while True:
            answer = tab.asker.ask_text(tab, title, label, text)
            if answer is None:
                return False
            try:
                with tab.db.transaction() as session:
                    apply(session, answer)
            except (ConflictError, NotFoundError) as error:  # changed meanwhile: show it as it is
                tab.asker.error(tab, error.message)
                tab.reload()
                return False
            except UserError as error:
                tab.asker.error(tab, error.message)
                text = answer
                continue
            tab.events.changed.emit(kinds.MEETINGS)
            return True

    def reschedule(self) -> None:
        row = self.tab.current_meeting()
        if row is None or row.status is not MeetingStatus.PLANNED:
            return
        duration = row.ends_at - row.starts_at if row.ends_at is not None else None

        def apply(session: Session, answer: str) -> None:
            starts, ends = parse_schedule(answer, duration)
            meeting_edit.reschedule(session, row.id, starts, ends, now=self.tab.db.clock.now())

        label = _("New date and time of “{title}”, for example {example}:").format(title=row.title, example=EXAMPLE)
        if self._ask(_("Reschedule"), label, format_schedule(row), apply):
            self.tab.select_meeting(row.id)  # it moved: follow it

    def cancel_meeting(self) -> None:
        row = self.tab.current_meeting()
        if row is None or row.status is not MeetingStatus.PLANNED:
            return
        label = _("Why is “{title}” cancelled? The reason is kept with the meeting.").format(title=row.title)
        # An empty reason is refused by the service and asked again.
        self._ask(_("Cancel meeting"), label, "", lambda session, answer: meeting_edit.cancel(session, row.id, answer))

    def restore_meeting(self) -> None:
        row = self.tab.current_meeting()
        if row is not None and row.status is MeetingStatus.CANCELLED:
            self._change(lambda session: meeting_edit.restore(session, row.id))

    def delete_meeting(self) -> None:
        tab = self.tab
        row = tab.current_meeting()
        if row is None or row.status is MeetingStatus.HELD:
            return
        question = _("Delete “{title}” on {date} for good? Use this only for a meeting entered by mistake; "
                     "to call a meeting off, cancel it with a reason.").format(
                         title=row.title, date=f"{row.starts_at:%Y-%m-%d}")
        if tab.asker.confirm(tab, question, action=_("Delete")):
            self._change(lambda session: meeting_edit.delete(session, row.id))

    def _change(self, work: Callable[[Session], None]) -> None:
        tab = self.tab
        try:
            with tab.db.transaction() as session:
                work(session)
        except UserError as error:
            tab.asker.error(tab, error.message)
            tab.reload()
            return
        tab.events.changed.emit(kinds.MEETINGS)

    # -- printing -----------------------------------------------------------------------------
    def print_record(self, start: Callable[[RecordPrinter, int], object]) -> None:
        """Print or export the chosen meeting's record with `start(printer, meeting_id)`."""
        tab = self.tab
        row = tab.current_meeting()
        if tab.printer is None or row is None or row.status is MeetingStatus.CANCELLED:
            return
        try:
            start(tab.printer, row.id)
        except UserError as error:  # cancelled or deleted since the list was loaded
            tab.asker.error(tab, error.message)
            tab.reload()

    def open_yearbook(self) -> None:
        """The book's dialog, for the year and branch the calendar shows; it does not block
        the window, and a second click brings the open one forward."""
        from djdesk.ui.yearbook_dialog import YearbookDialog

        tab = self.tab
        if tab.printer is None:
            return
        shown = tab.yearbook_dialog
        if shown is not None and shown.isVisible():
            shown.raise_()
            shown.activateWindow()
            return
        if shown is not None:
            shown.deleteLater()
        tab.yearbook_dialog = YearbookDialog(tab.db, tab.printer, tab.asker, year=tab.year_choice(),
                                             branch_id=tab.branch_choice(), parent=tab)
        tab.yearbook_dialog.show()

    # -- dialogs ------------------------------------------------------------------------------
    def _open(self, dialog: QWidget) -> None:
        self.tab.dialog = dialog
        dialog.finished.connect(lambda _code, d=dialog: self._closed(d))  # type: ignore[attr-defined]
        saved = getattr(dialog, "saved", None)  # the meeting dialog's: choose what was saved
        if saved is not None:
            saved.connect(self.tab.select_meeting)
        dialog.open()  # type: ignore[attr-defined]

    def _closed(self, dialog: QWidget) -> None:
        if self.tab.dialog is dialog:
            self.tab.dialog = None

    def new_meeting(self, day: dt.date | None = None) -> None:
        self._meeting_dialog(None, day or self.tab.selected_day)

    def open_meeting(self, meeting_id: int | None = None) -> None:
        if meeting_id is None:
            row = self.tab.current_meeting()
            if row is None:
                return
            meeting_id = row.id
        self._meeting_dialog(meeting_id, self.tab.selected_day)

    def _meeting_dialog(self, meeting_id: int | None, day: dt.date) -> None:
        from djdesk.ui.calendar.meeting_dialog import (
            MeetingDialog,  # loaded when first needed
        )

        tab = self.tab
        try:
            dialog = MeetingDialog(tab.db, tab.events, tab.asker, meeting_id, day=day,
                                   branch_id=tab.branch_choice(), printer=tab.printer, parent=tab)
        except NotFoundError as error:  # deleted meanwhile
            tab.asker.error(tab, error.message)
            tab.reload()
            return
        self._open(dialog)

    def open_plan(self) -> None:
        from djdesk.ui.calendar.plan_dialog import PlanDialog

        tab = self.tab
        self._open(PlanDialog(tab.db, tab.events, tab.asker, tab.year_choice(), parent=tab))

    def open_compliance(self) -> None:
        from djdesk.ui.calendar.compliance_dialog import ComplianceDialog

        tab = self.tab
        self._open(ComplianceDialog(tab.db, tab.events, tab.asker, tab.year_choice(), tab.branch_choice(),
                                    parent=tab))

    def open_talks(self) -> None:
        from djdesk.ui.calendar.talks_dialog import TalksDialog

        tab = self.tab
        self._open(TalksDialog(tab.db, tab.events, tab.asker, tab.year_choice(), parent=tab))
