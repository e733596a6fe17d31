"""The self-test's window check: the real main window, shown and closed (offscreen in CI)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QTabWidget

from djdesk.ui import fonts
from djdesk.ui.asker import Asker
from djdesk.ui.main_window import MainWindow
from djdesk.ui.prefs import Prefs
from djdesk.workspace import open_workspace


def show_main_window(directory: Path) -> str:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    families = fonts.install(app)  # type: ignore[arg-type]
    if not families:
        raise AssertionError("the bundled font could not be registered")
    workspace = open_workspace(directory)
    try:
        window = MainWindow(directory, Asker(), Prefs(directory))
        window.show()
        window.attach(workspace)
        app.processEvents()
        tabs = window.findChild(QTabWidget, "mainTabs")
        shown = window.members.model.rowCount() if window.members else 0
        window.close()
        if tabs.tabText(0) != "党员" or shown != 1:
            raise AssertionError(f"tab {tabs.tabText(0)!r}, {shown} row(s)")
    finally:
        workspace.close()
    return f"{families[0]}, {app.platformName()}"
