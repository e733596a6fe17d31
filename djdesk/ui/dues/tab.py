"""The 党费 tab: its pages side by side in a tab bar; each page reads only when first shown and
again when dues, people, branches or the settings change."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from djdesk.i18n import _
from djdesk.store.database import Database
from djdesk.ui.asker import Asks
from djdesk.ui.events import AppEvents


class DuesTab(QWidget):
    """Reads nothing until first shown (it is built after the window's first paint)."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, directory: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from djdesk.ui.dues.arrears_page import ArrearsPage
        from djdesk.ui.dues.bases_page import BasesPage
        from djdesk.ui.dues.extras_page import ExtrasPage
        from djdesk.ui.dues.month_page import MonthPage
        from djdesk.ui.dues.year_page import YearPage

        self.setObjectName("duesTab")
        self.db, self.events, self.asker, self.directory = db, events, asker, directory
        self.month = MonthPage(db, events, asker)
        self.year = YearPage(db, events, asker)
        self.arrears = ArrearsPage(db, events, asker)
        self.bases = BasesPage(db, events, asker)
        self.extras = ExtrasPage(db, events, asker)
        self.pages = QTabWidget()
        self.pages.setObjectName("duesPages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.month, _("Monthly collection"))
        self.pages.addTab(self.year, _("Year's table"))
        self.pages.addTab(self.arrears, _("Arrears"))
        self.pages.addTab(self.bases, _("Bases and reliefs"))
        self.pages.addTab(self.extras, _("Voluntary extra payments"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
