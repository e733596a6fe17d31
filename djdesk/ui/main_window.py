"""The main window: menus, the four tabs and the status bar; a shell that holds the tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QTabWidget, QWidget

from djdesk import __version__
from djdesk.i18n import N_, _
from djdesk.services import overview as overview_service
from djdesk.services import settings as settings_service
from djdesk.ui.asker import Asks
from djdesk.ui.events import AppEvents
from djdesk.ui.intro_tab import IntroTab
from djdesk.ui.members.tab import MembersTab
from djdesk.ui.prefs import Prefs
from djdesk.workspace import Workspace

# The tabs still to be built, and what each will hold.
LATER_TABS = (
    ("calendarTab", N_("Meeting calendar"),
     N_("Planning and recording 三会一课, theme party days and organisational life meetings: "
        "attendance, votes, minutes, and whether each branch met as often as required.")),
    ("ethicsTab", N_("Ethics evaluation"),
     N_("The yearly ethics evaluation of every teacher (rubric, raters, grades, veto, training, "
        "honours) and the democratic review of party members.")),
    ("minutesTab", N_("Meeting records"),
     N_("Printable minutes, sign-in sheets and the year's minutes book, as PDF and straight to "
        "the printer.")),
)


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, asker: Asks, prefs: Prefs,
                 events: AppEvents | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.asker, self.prefs = workspace, asker, prefs
        self.events = events or AppEvents(self)
        self.setObjectName("mainWindow")
        db = workspace.database

        self.members = MembersTab(db, self.events, asker, prefs)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(self.members, _("Members"))
        for name, title, text in LATER_TABS:
            tab = IntroTab(_(title), _(text))
            tab.setObjectName(name)
            self.tabs.addTab(tab, _(title))
        self.setCentralWidget(self.tabs)
        self._build_menus()

        self.school_label = QLabel()
        self.school_label.setObjectName("schoolLabel")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("countsLabel")
        self.path_label = QLabel(str(workspace.database_path))
        self.path_label.setObjectName("databasePathLabel")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        status = self.statusBar()
        status.addWidget(self.school_label)
        status.addWidget(QLabel("·"))
        status.addWidget(self.counts_label)
        status.addPermanentWidget(self.path_label)
        self.events.changed.connect(lambda _kind: self.refresh_status())
        self.refresh_status()

        geometry = prefs.geometry("mainWindow")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)

    # -- menus ------------------------------------------------------------------------------
    def _menu_action(self, menu: QMenu, name: str, text: str, slot, shortcut=None) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _roster(self, action: QAction, hint: str = "") -> QAction:
        """A roster action in the menu; choosing it from any tab brings the roster forward.
        `hint` shows a key that works only inside the table (Del)."""
        proxy = QAction(f"{action.text()}\t{hint}" if hint else action.text(), self)
        proxy.setObjectName(f"menu_{action.objectName()}")
        proxy.setShortcuts(action.shortcuts())
        proxy.setEnabled(action.isEnabled())
        action.changed.connect(lambda: proxy.setEnabled(action.isEnabled()))
        proxy.triggered.connect(lambda: (self.tabs.setCurrentWidget(self.members), action.trigger()))
        # The window-wide shortcut lives on the proxy; the tab's own one would be ambiguous.
        action.setShortcuts([])
        return proxy

    def _build_menus(self) -> None:
        m = self.members
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        file_menu.addAction(self._roster(m.new_action))
        file_menu.addAction(self._roster(m.print_action))
        file_menu.addSeparator()
        # Spelled out: the platform's standard Quit and Preferences keys are empty on Windows.
        self._menu_action(file_menu, "quitAction", _("&Quit"), self.close, "Ctrl+Q")

        edit_menu = bar.addMenu(_("&Edit"))
        for action in (m.edit_action, m.leave_action, m.reinstate_action):
            edit_menu.addAction(self._roster(action))
        edit_menu.addAction(self._roster(m.delete_action, hint="Del"))
        edit_menu.addSeparator()
        edit_menu.addAction(self._roster(m.find_action))

        view_menu = bar.addMenu(_("&View"))
        for box in (m.show_left, m.full_id):
            toggle = QAction(box.text(), self)
            toggle.setObjectName(f"menu_{box.objectName()}")
            toggle.setCheckable(True)
            toggle.toggled.connect(box.setChecked)
            box.toggled.connect(toggle.setChecked)
            view_menu.addAction(toggle)
        view_menu.addAction(self._roster(m.official_action))
        view_menu.addSeparator()
        view_menu.addAction(self._roster(m.refresh_action))

        tools_menu = bar.addMenu(_("&Tools"))
        self._menu_action(tools_menu, "settingsAction", _("&Settings…"), self.open_settings, "Ctrl+,")
        help_menu = bar.addMenu(_("&Help"))
        self._menu_action(help_menu, "aboutAction", _("&About djdesk"), self.about)

    # -- what the menus do ------------------------------------------------------------------
    def open_settings(self) -> None:
        from djdesk.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.workspace.database, self.events, self.asker, self.prefs, self)
        self.settings_dialog = dialog
        dialog.open()

    def about(self) -> None:
        self.asker.info(self, _(
            "djdesk {version}\nThe desktop program of a school's Party office.\n\n"
            "Data folder: {folder}\nDatabase: {database}\n\n"
            "Bundled font: WenQuanYi Micro Hei (Apache License 2.0). Stroke data: Unicode Unihan "
            "(Unicode License) and cnchar (MIT). Qt for Python (LGPL)."
        ).format(version=__version__, folder=self.workspace.directory,
                 database=self.workspace.database_path))

    def refresh_status(self) -> None:
        with self.workspace.database.transaction() as session:
            school = settings_service.load(session).school_name
            counts = overview_service.overview(session)
        self.school_label.setText(school or _("(school name not set)"))
        self.counts_label.setText(
            _("{people} people, {members} party members, {meetings} meetings").format(
                people=counts.people, members=counts.party_members, meetings=counts.meetings
            )
        )
        title = _("djdesk — Party office")
        self.setWindowTitle(f"{school} · {title}" if school else title)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.prefs.set_geometry("mainWindow", self.saveGeometry())
        self.members.save_state()
        self.prefs.sync()
        super().closeEvent(event)
