"""The window's entry: log, language, QApplication, fonts, lock and database, then the main window."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from djdesk import __version__, i18n, logs
from djdesk.domain.errors import UserError
from djdesk.i18n import _

if TYPE_CHECKING:
    from djdesk.ui.asker import Asks
    from djdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def run(directory: Path, *, demo: bool, asker: Asks | None = None,
        on_shown: Callable[[MainWindow], None] | None = None) -> int:
    """Show the main window on the data dir until it is closed; returns the exit status.

    `on_shown` is called once the window is on screen (tests and the start-up benchmark).
    """
    log_path = logs.setup(directory)
    log.info("djdesk %s starting on %s", __version__, directory)
    from PySide6.QtCore import QLibraryInfo, QTimer, QTranslator
    from PySide6.QtWidgets import QApplication

    from djdesk.ui import crash, fonts
    from djdesk.ui.asker import Asker
    from djdesk.ui.busy import BusyNote
    from djdesk.ui.main_window import MainWindow
    from djdesk.ui.prefs import Prefs
    from djdesk.workspace import open_workspace

    asker = asker or Asker()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("djdesk")
    app.setApplicationVersion(__version__)
    translator = QTranslator(app)
    if i18n.current_language() != "en" and translator.load(
        f"qtbase_{i18n.current_language()}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(translator)  # Qt's own buttons and dialogs in Chinese
    fonts.install(app)
    window: MainWindow | None = None
    crash.install(asker, log_path, lambda: window)

    note = BusyNote(_("Opening the database…") if not demo else _("Opening the demo school…"))
    try:
        workspace = note.run(lambda: open_workspace(directory, demo=demo))
    except UserError as error:
        asker.error(None, error.message)
        return 1
    try:
        window = MainWindow(workspace, asker, Prefs(directory))
        window.show()
        if on_shown is not None:
            shown = window
            QTimer.singleShot(0, lambda: on_shown(shown))
        return app.exec()
    finally:
        sys.excepthook = sys.__excepthook__
        workspace.close()
