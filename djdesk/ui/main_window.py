"""The main window: menu, the four tabs and the status bar; a shell that holds the tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from djdesk.i18n import N_, _
from djdesk.services import overview as overview_service
from djdesk.services import settings as settings_service
from djdesk.workspace import Workspace

# (object name, tab title, what the tab holds): the tabs the office works in.
TABS = (
    ("membersTab", N_("Members"),
     N_("The roster of teachers and staff, from 群众 to full party member: the development "
        "pipeline, transfers, Excel import and export, and the year's statistics.")),
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


class IntroTab(QWidget):
    """A tab that says what it will hold until its real page is built."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(f"<h2>{title}</h2>")
        body = QLabel(text)
        body.setWordWrap(True)
        body.setObjectName("tabDescription")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setObjectName("mainWindow")
        self.resize(1200, 760)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        for name, title, text in TABS:
            tab = IntroTab(_(title), _(text))
            tab.setObjectName(name)
            self.tabs.addTab(tab, _(title))
        self.setCentralWidget(self.tabs)

        quit_action = QAction(_("&Quit"), self)
        quit_action.setObjectName("quitAction")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.menuBar().addMenu(_("&File")).addAction(quit_action)

        self.school_label = QLabel()
        self.school_label.setObjectName("schoolLabel")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("countsLabel")
        self.path_label = QLabel(str(workspace.database_path))
        self.path_label.setObjectName("databasePathLabel")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        status = self.statusBar()
        status.addWidget(self.school_label)
        status.addWidget(self.counts_label)
        status.addPermanentWidget(self.path_label)
        self.refresh_status()

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
