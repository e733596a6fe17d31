"""The main window: menus, the tabs and the status bar; a shell that holds the tabs.

The window appears before the database is open (start-up must not wait for SQLAlchemy and
the roster); `attach()` then brings in the workspace, the roster and the calendar.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from djdesk import paths
from djdesk.i18n import _
from djdesk.ui.asker import Asks
from djdesk.ui.background import after_first_paint
from djdesk.ui.events import AppEvents
from djdesk.ui.prefs import Prefs

if TYPE_CHECKING:
    from djdesk.services.compliance import Reminders
    from djdesk.ui.calendar.tab import CalendarTab
    from djdesk.ui.ethics.tab import EthicsTab
    from djdesk.ui.members.tab import MembersTab, RosterData
    from djdesk.ui.minutes.tab import MinutesTab
    from djdesk.ui.review.tab import ReviewTab
    from djdesk.workspace import Workspace

class _Opening(QWidget):
    """Stands in the roster's place while the database opens (a demo school takes seconds)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.setObjectName("openingPage")
        bar = QProgressBar()
        bar.setRange(0, 0)  # the length of the work is not known
        bar.setMaximumWidth(320)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(QLabel(text), 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(bar, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


class MainWindow(QMainWindow):
    def __init__(self, directory: Path, asker: Asks, prefs: Prefs, *, opening_text: str = "",
                 events: AppEvents | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.directory, self.asker, self.prefs = directory, asker, prefs
        self.events = events or AppEvents(self)
        self.workspace: Workspace | None = None
        self.members: MembersTab | None = None
        self.calendar: CalendarTab | None = None
        self.minutes: MinutesTab | None = None
        self.ethics: EthicsTab | None = None
        self.review: ReviewTab | None = None
        self.study: QWidget | None = None
        self.dues: QWidget | None = None
        self.setObjectName("mainWindow")
        self.setWindowTitle(_("djdesk — Party office"))

        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(_Opening(opening_text or _("Opening the database…")), _("Members"))
        self.tabs.addTab(_Opening(opening_text or _("Opening the database…")), _("Meeting calendar"))
        self.tabs.addTab(_Opening(opening_text or _("Opening the database…")), _("Ethics evaluation"))
        self.tabs.addTab(_Opening(opening_text or _("Opening the database…")), _("Democratic review"))
        self.tabs.addTab(_Opening(opening_text or _("Opening the database…")), _("Study"))
        self.tabs.addTab(_Opening(opening_text or _("Opening the database…")), _("Party dues"))
        self.tabs.addTab(_Opening(opening_text or _("Opening the database…")), _("Meeting records"))
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.setCentralWidget(central)

        bar = self.menuBar()
        self.file_menu = bar.addMenu(_("&File"))
        self.edit_menu = bar.addMenu(_("&Edit"))
        self.view_menu = bar.addMenu(_("&View"))
        self.meetings_menu = bar.addMenu(_("&Meetings"))
        self.tools_menu = tools_menu = bar.addMenu(_("&Tools"))
        help_menu = bar.addMenu(_("&Help"))
        # Spelled out: the platform's standard Quit and Preferences keys are empty on Windows.
        self._quit = self._action("quitAction", _("&Quit"), self.close, "Ctrl+Q")
        from djdesk.ui.backup.menu import BackupMenu

        self.backup = BackupMenu(self, self.file_menu, self.events, asker, self.may_replace)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self._quit)
        column.addWidget(self.backup.banner)
        column.addWidget(self.tabs, 1)
        self.settings_action = self._action("settingsAction", _("&Settings…"), self.open_settings, "Ctrl+,")
        self.settings_action.setEnabled(False)  # until the database is open
        tools_menu.addAction(self.settings_action)

        def user_guide() -> None:
            """F1: the guide on the topic of the tab being used."""
            from djdesk.help import TAB_TOPICS
            from djdesk.ui.help_window import show_help  # loaded when first needed

            show_help(self, TAB_TOPICS.get(self.tabs.currentIndex()))

        help_menu.addAction(self._action("helpAction", _("&User guide"), user_guide, "F1"))
        help_menu.addAction(self._action("aboutAction", _("&About djdesk"), self.about))

        self.school_label = QLabel()
        self.school_label.setObjectName("schoolLabel")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("countsLabel")
        self.path_label = QLabel(str(paths.database_path(directory)))
        self.path_label.setObjectName("databasePathLabel")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # What is due this week and what is overdue; a click lists them.
        self.reminders_button = QToolButton()
        self.reminders_button.setObjectName("remindersButton")
        self.reminders_button.setAutoRaise(True)
        self.reminders_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.reminders_button.setMenu(QMenu(self.reminders_button))
        self.reminders_button.hide()
        status = self.statusBar()
        status.addWidget(self.school_label)
        status.addWidget(self.counts_label)
        status.addPermanentWidget(self.reminders_button)
        status.addPermanentWidget(self.path_label)

        geometry = prefs.geometry("mainWindow")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)

    # -- the database arrives ---------------------------------------------------------------
    def attach(self, workspace: Workspace, roster: RosterData | None = None) -> None:
        """Put the opened workspace to work: the roster tab, its menu entries, the status."""
        from djdesk.ui.members.tab import MembersTab
        from djdesk.ui.record_printing import RecordPrinter

        self.workspace = workspace
        self.members = MembersTab(workspace.database, self.events, self.asker, self.prefs, roster,
                                  workspace.directory)
        current = self.tabs.currentIndex()
        placeholder = self.tabs.widget(0)
        self.tabs.removeTab(0)
        placeholder.deleteLater()
        self.tabs.insertTab(0, self.members, _("Members"))
        self.tabs.setCurrentIndex(current)
        if current == 0:
            self.members.search.setFocus()  # the usual first thing: find someone
        self._roster_menus(self.members)
        # One printer of meeting records for the calendar, the meeting dialog and 会议记录.
        self.record_printer = RecordPrinter(workspace.database, self.events, self.asker, workspace.directory)
        self._attach_calendar(workspace)
        # 会议记录 is built once the tab shown first has been painted: at start-up the roster
        # is what the user waits for (its budget is 1.5 s at 10,000 people).
        after_first_paint(self.tabs.currentWidget(), lambda: self._attach_minutes(workspace))
        self.settings_action.setEnabled(True)
        self.path_label.setText(str(workspace.database_path))
        self.events.changed.connect(lambda _kind: (self.refresh_status(), self.refresh_reminders(),
                                                   self.backup.refresh_banner()))
        self.backup.attach(workspace)
        self.refresh_status()
        # At start-up the status bar already says what is due this week and what is overdue
        # (a temporary message would be drawn over the school's name).
        self.refresh_reminders()

    def _attach_calendar(self, workspace: Workspace) -> None:
        from djdesk.ui.calendar.tab import CalendarTab

        self.calendar = CalendarTab(workspace.database, self.events, self.asker, self.prefs,
                                    printer=self.record_printer)
        self.calendar.setObjectName("calendarTab")
        current = self.tabs.currentIndex()
        placeholder = self.tabs.widget(1)
        self.tabs.removeTab(1)
        placeholder.deleteLater()
        self.tabs.insertTab(1, self.calendar, _("Meeting calendar"))
        self.tabs.setCurrentIndex(current)
        self._calendar_menus(self.calendar)

    def _attach_minutes(self, workspace: Workspace) -> None:
        from djdesk.ui.minutes.tab import MinutesTab

        if self.workspace is not workspace:  # closed meanwhile
            return

        self.minutes = MinutesTab(workspace.database, self.events, self.asker, self.prefs, self.record_printer)
        current = self.tabs.currentIndex()
        index = self.tabs.count() - 1  # the last tab: 会议记录 follows the others
        placeholder = self.tabs.widget(index)
        self.tabs.removeTab(index)
        placeholder.deleteLater()
        self.tabs.insertTab(index, self.minutes, _("Meeting records"))
        self._attach_ethics(workspace)
        self.tabs.setCurrentIndex(current)
        self._shown_tab = self.tabs.currentWidget()
        self.tabs.currentChanged.connect(self._leaving_minutes)

    def _attach_ethics(self, workspace: Workspace) -> None:
        """师德考核 reads its period when first shown; built with 会议记录, after the first paint."""
        from djdesk.ui.ethics.tab import EthicsTab

        self.ethics = EthicsTab(workspace.database, self.events, self.asker, workspace.directory)
        placeholder = self.tabs.widget(2)
        self.tabs.removeTab(2)
        placeholder.deleteLater()
        self.tabs.insertTab(2, self.ethics, _("Ethics evaluation"))
        self._attach_review(workspace)

    def _attach_review(self, workspace: Workspace) -> None:
        """民主评议 reads its evaluations when first shown, like 师德考核."""
        from djdesk.ui.review.tab import ReviewTab

        self.review = ReviewTab(workspace.database, self.events, self.asker, workspace.directory)
        placeholder = self.tabs.widget(3)
        self.tabs.removeTab(3)
        placeholder.deleteLater()
        self.tabs.insertTab(3, self.review, _("Democratic review"))
        self._attach_study(workspace)

    def _attach_study(self, workspace: Workspace) -> None:
        """学习 (党建+学习) reads its term when first shown, like 师德考核 and 民主评议."""
        from djdesk.ui.study.tab import StudyTab

        self.study = StudyTab(workspace.database, self.events, self.asker, workspace.directory)
        placeholder = self.tabs.widget(4)
        self.tabs.removeTab(4)
        placeholder.deleteLater()
        self.tabs.insertTab(4, self.study, _("Study"))
        self._attach_dues(workspace)

    def _attach_dues(self, workspace: Workspace) -> None:
        """党费 reads its month when first shown."""
        from djdesk.ui.dues.tab import DuesTab

        self.dues = DuesTab(workspace.database, self.events, self.asker, workspace.directory)
        placeholder = self.tabs.widget(5)
        self.tabs.removeTab(5)
        placeholder.deleteLater()
        self.tabs.insertTab(5, self.dues, _("Party dues"))

    def _leaving_minutes(self) -> None:
        """Unsaved minutes are saved or dropped before another tab is shown: the calendar's
        meeting window shows the same minutes, and would otherwise edit an older text."""
        previous, self._shown_tab = self._shown_tab, self.tabs.currentWidget()
        if previous is self.minutes and self._shown_tab is not self.minutes and not self.minutes.leave():
            self._shown_tab = self.minutes  # before the switch back, which calls here again
            self.tabs.setCurrentWidget(self.minutes)  # the user chose to stay

    # -- menus ------------------------------------------------------------------------------
    def _action(self, name: str, text: str, slot, shortcut: str | None = None) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _roster(self, menu: QMenu, action: QAction, hint: str = "") -> QAction:
        """A roster action in the menu; choosing it from any tab brings the roster forward.
        `hint` shows a key that works only inside the table (Del)."""
        return self._proxy(menu, action, lambda: self.members, hint)

    def _proxy(self, menu: QMenu, action: QAction, tab, hint: str = "") -> QAction:  # type: ignore[no-untyped-def]
        proxy = QAction(f"{action.text()}\t{hint}" if hint else action.text(), self)
        proxy.setObjectName(f"menu_{action.objectName()}")
        proxy.setShortcuts(action.shortcuts())
        proxy.setEnabled(action.isEnabled())
        action.changed.connect(lambda: proxy.setEnabled(action.isEnabled()))
        proxy.triggered.connect(lambda: (self.tabs.setCurrentWidget(tab()), action.trigger()))
        # The window-wide shortcut lives on the proxy; the tab's own one would be ambiguous.
        action.setShortcuts([])
        menu.addAction(proxy)
        return proxy

    def _calendar_menus(self, c: CalendarTab) -> None:
        menu = self.meetings_menu
        new_meeting = self._proxy(menu, c.new_action, lambda: self.calendar)
        self._proxy(menu, c.open_action, lambda: self.calendar, hint="Enter")
        self._proxy(menu, c.reschedule_action, lambda: self.calendar)
        self._proxy(menu, c.cancel_action, lambda: self.calendar)
        self._proxy(menu, c.restore_action, lambda: self.calendar)
        self._proxy(menu, c.delete_action, lambda: self.calendar, hint="Del")
        menu.addSeparator()
        print_minutes = self._proxy(menu, c.print_minutes_action, lambda: self.calendar)
        for action in (c.export_minutes_action, c.print_signin_action, c.yearbook_action):
            self._proxy(menu, action, lambda: self.calendar)
        menu.addSeparator()
        for action in (c.plan_action, c.compliance_action, c.talks_action):
            self._proxy(menu, action, lambda: self.calendar)
        menu.addSeparator()
        for action in (c.today_action, c.previous_action, c.next_action):
            self._proxy(menu, action, lambda: self.calendar)
        refresh_calendar = self._proxy(self.view_menu, c.refresh_action, lambda: self.calendar)
        # Ctrl+N, F5 and Ctrl+P mean a new person, reloading and printing the list on the roster,
        # a new meeting, reloading and printing the minutes on the calendar: the key moves with
        # the current tab (two window-wide actions with one key would be ambiguous and neither
        # would fire).
        self._twins = [(self.findChild(QAction, "menu_newPerson"), new_meeting),
                       (self.findChild(QAction, "menu_refresh"), refresh_calendar),
                       (self.findChild(QAction, "menu_printList"), print_minutes)]
        self._keys = [twin[0].shortcuts() for twin in self._twins]
        self.tabs.currentChanged.connect(self._move_keys)
        self._move_keys()

    def _move_keys(self) -> None:
        calendar = self._in_calendar()
        # On 会议记录, Ctrl+P prints the minutes being edited: the tab's own action, so neither
        # window-wide twin may hold it there.
        minutes = self.minutes is not None and self.tabs.currentWidget() is self.minutes
        # 师德考核, 民主评议, 学习 and 党费 have no new person to make nor list to print: the roster's keys
        # do nothing there (学习 has its own Ctrl+N).
        ethics = self.tabs.currentWidget() in (
            w for w in (self.ethics, self.review, self.study, self.dues) if w is not None)
        for (roster, meetings), keys in zip(self._twins, self._keys):
            mine = minutes and roster.objectName() == "menu_printList"
            roster.setShortcuts([] if calendar or mine or ethics else keys)
            meetings.setShortcuts(keys if calendar else [])

    def _in_calendar(self) -> bool:
        return self.calendar is not None and self.tabs.currentWidget() is self.calendar

    def _roster_menus(self, m: MembersTab) -> None:
        self.file_menu.removeAction(self._quit)
        self._roster(self.file_menu, m.new_action)
        self.file_menu.addSeparator()
        for action in (m.import_action, m.export_action, m.undo_import_action):
            self._roster(self.file_menu, action)
        self.file_menu.addSeparator()
        self._roster(self.file_menu, m.print_action)
        self._roster(self.file_menu, m.print_roster_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self._quit)  # Quit stays last
        self._roster(self.edit_menu, m.edit_action)
        self.edit_menu.addSeparator()
        for action in (m.advance_action, m.status_action, m.undo_change_action):
            self._roster(self.edit_menu, action)
        self.edit_menu.addSeparator()
        self._roster(self.edit_menu, m.delete_action, hint="Del")
        self.edit_menu.addSeparator()
        self._roster(self.edit_menu, m.find_action)
        for box in (m.show_left, m.full_id):
            toggle = QAction(box.text(), self)
            toggle.setObjectName(f"menu_{box.objectName()}")
            toggle.setCheckable(True)
            toggle.toggled.connect(box.setChecked)
            box.toggled.connect(toggle.setChecked)
            self.view_menu.addAction(toggle)
        due = QAction(m.due_action.text(), self)
        due.setObjectName("menu_showDue")
        due.setCheckable(True)
        due.setChecked(m.due_action.isChecked())
        due.setShortcuts(m.due_action.shortcuts())
        m.due_action.setShortcuts([])
        due.toggled.connect(m.due_action.setChecked)
        due.toggled.connect(m._toggle_due)
        self.view_menu.addAction(due)
        self._roster(self.view_menu, m.official_action)
        self._roster(self.tools_menu, m.statistics_action)
        self.tools_menu.removeAction(self.settings_action)
        self.tools_menu.addSeparator()
        self.tools_menu.addAction(self.settings_action)  # settings stay last
        self.view_menu.addSeparator()
        self._roster(self.view_menu, m.refresh_action)

    # -- what the menus do ------------------------------------------------------------------
    def open_settings(self) -> None:
        from djdesk.ui.settings_dialog import SettingsDialog

        if self.workspace is None:
            return
        dialog = SettingsDialog(self.workspace.database, self.events, self.asker, self.prefs, self)
        self.settings_dialog = dialog
        dialog.open()

    def about(self) -> None:
        from djdesk.ui.about_dialog import AboutDialog

        self.about_dialog = AboutDialog(self.directory, self)
        self.about_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.about_dialog.open()

    def refresh_status(self) -> None:
        from djdesk.services import overview as overview_service
        from djdesk.services import settings as settings_service

        if self.workspace is None:
            return
        with self.workspace.database.transaction() as session:
            school = settings_service.load(session).school_name
            counts = overview_service.overview(session)
        self.school_label.setText(school or _("(school name not set)"))
        self.counts_label.setText(
            "· " + _("{people} people, {members} party members, {meetings} meetings").format(
                people=counts.people, members=counts.party_members, meetings=counts.meetings
            )
        )
        title = _("djdesk — Party office")
        self.setWindowTitle(f"{school} · {title}" if school else title)

    def refresh_reminders(self) -> Reminders | None:
        """The status bar's reminder: this week's meetings and what is overdue, listed on click."""
        from djdesk.services import compliance

        if self.workspace is None:
            return None
        with self.workspace.database.transaction() as session:
            reminders = compliance.reminders(session, today=self.workspace.database.clock.today())
        button = self.reminders_button
        button.setText(self._reminder_text(reminders))
        button.setStyleSheet("color: #b00020;" if reminders.overdue else "")
        menu = button.menu()
        menu.clear()
        for row in reminders.this_week:
            item = menu.addAction(_("This week: {date} {branch} {title}").format(
                date=f"{row.starts_at:%m-%d %H:%M}", branch=row.branch, title=row.title))
            item.triggered.connect(lambda _=False, mid=row.id: self._show_meeting(mid))
        if reminders.this_week and reminders.alerts:
            menu.addSeparator()
        for alert in reminders.alerts[:30]:
            text = _("{branch}: {text}").format(branch=alert.branch, text=alert.text)
            item = menu.addAction(("⚠ " if alert.overdue else "") + text)
            if alert.meeting_id is not None:
                item.triggered.connect(lambda _=False, mid=alert.meeting_id: self._show_meeting(mid))
            else:
                item.triggered.connect(self._show_compliance)
        button.setToolTip(_("What is due this week and what is overdue; click to see the list."))
        button.setVisible(bool(reminders.this_week or reminders.alerts))
        return reminders

    @staticmethod
    def _reminder_text(reminders: Reminders) -> str:
        return _("This week {week} meetings · {due} reminders · {overdue} overdue").format(
            week=len(reminders.this_week), due=len(reminders.alerts) - reminders.overdue,
            overdue=reminders.overdue)

    def _show_meeting(self, meeting_id: int) -> None:
        if self.calendar is not None:
            self.tabs.setCurrentWidget(self.calendar)
            self.calendar.select_meeting(meeting_id)
            self.calendar.open_action.trigger()

    def _show_compliance(self) -> None:
        if self.calendar is not None:
            self.tabs.setCurrentWidget(self.calendar)
            self.calendar.compliance_action.trigger()

    def may_replace(self) -> bool:
        """Unsaved typing is saved or dropped first (asked); False when the user stays."""
        if self.minutes is not None and not self.minutes.leave():
            return False
        return self.review is None or self.review.leave_entry()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_replace():  # unsaved minutes or a member's result: the user stays
            event.ignore()
            return
        self.prefs.set_geometry("mainWindow", self.saveGeometry())
        if self.calendar is not None:
            self.calendar.save_state()
        if self.members is not None:
            self.members.save_state()
        if self.minutes is not None:
            self.minutes.save_state()
        self.prefs.sync()
        super().closeEvent(event)
