"""The 会议记录 tab's actions and their buttons: saving, the meeting's form, printing, the book."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton

from djdesk.domain.errors import NotFoundError
from djdesk.i18n import _

if TYPE_CHECKING:
    from djdesk.ui.minutes.tab import MinutesTab


class MinutesActions:
    """The QActions (kept as attributes, for the window's menus) and a button for each, named
    as the tests and the window find them."""

    def __init__(self, tab: MinutesTab) -> None:
        self.tab = tab
        self.buttons: dict[str, QPushButton] = {}
        self.save_action = self._action("saveMinutes", _("Save"), tab.save, "Ctrl+S")
        self.revert_action = self._action("revertMinutes", _("Discard changes"), tab.revert)
        self.open_action = self._action("openMeeting", _("Open meeting…"), self.open_meeting)
        self.print_action = self._action("printMinutes", _("Print…"), self.print_minutes, "Ctrl+P")
        self.export_action = self._action("exportMinutes", _("Export PDF…"), self.export_minutes)
        self.signin_action = self._action("printSignin", _("Print sign-in sheet…"), self.print_signin)
        self.yearbook_action = self._action("openYearbook", _("Book of the year…"), self.open_yearbook)

    def _action(self, name: str, text: str, slot: Callable[[], object], shortcut: str | None = None) -> QAction:
        action = QAction(text, self.tab)
        action.setObjectName(f"{name}Action")
        button = QPushButton(text)
        button.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            # Only while this tab is shown: other tabs use the same keys.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            button.setToolTip(QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText))
        action.triggered.connect(lambda _checked=False: slot())
        self.tab.addAction(action)
        button.clicked.connect(action.trigger)
        action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
        self.buttons[name] = button
        return action

    def update(self, *, loaded: bool, held: bool, dirty: bool) -> None:
        self.save_action.setEnabled(dirty)
        self.revert_action.setEnabled(dirty)
        self.open_action.setEnabled(loaded)
        self.signin_action.setEnabled(loaded)
        # A meeting not held yet prints as the blank form to write the minutes on by hand
        # (RecordPrinter does not count that as the record printed).
        self.print_action.setEnabled(loaded)
        self.export_action.setEnabled(loaded)

    # -- what they do -------------------------------------------------------------------------
    def open_meeting(self) -> None:
        from djdesk.ui.calendar.meeting_dialog import (
            MeetingDialog,  # loaded when first needed
        )

        tab = self.tab
        meeting_id = tab.current_id()
        if meeting_id is None or not tab.may_leave(_(
                "The meeting's form shows the minutes too. Save the changes typed here first?")):
            return
        try:
            dialog = MeetingDialog(tab.db, tab.events, tab.asker, meeting_id, parent=tab)
        except NotFoundError as error:  # deleted meanwhile
            tab.asker.error(tab, error.message)
            tab.reload()
            return
        # Saving it emits MEETINGS, which reloads the tab.
        tab.dialog = dialog
        dialog.open()

    def _saved(self) -> int | None:
        """The meeting to print, its typed text saved or dropped first (the PDF is made from
        the stored record); one not held yet prints as the blank form."""
        tab = self.tab
        loaded = tab.editor.loaded
        if loaded is None:
            return None
        if not loaded.editable:
            return loaded.row.id
        if not tab.may_leave(_("The PDF is made from the saved record. Save the changes to “{title}” first?")
                             .format(title=loaded.row.title)):
            return None
        return loaded.row.id

    def print_minutes(self) -> None:
        meeting_id = self._saved()
        if meeting_id is not None:
            self.tab.printer.print_minutes(self.tab, meeting_id)

    def export_minutes(self) -> None:
        meeting_id = self._saved()
        if meeting_id is not None:
            self.tab.printer.export_minutes(self.tab, meeting_id)

    def print_signin(self) -> None:
        meeting_id = self.tab.current_id()
        if meeting_id is not None:
            self.tab.printer.print_signin(self.tab, meeting_id)

    def open_yearbook(self) -> None:
        from djdesk.ui.yearbook_dialog import YearbookDialog  # loaded when first needed

        tab = self.tab
        dialog = YearbookDialog(tab.db, tab.printer, tab.asker, year=tab.year_choice(),
                                branch_id=tab.branch_choice(), parent=tab)
        tab.dialog = dialog
        dialog.open()
