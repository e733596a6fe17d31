"""The window's entry: log, language, QApplication, fonts, lock, window; then the database.

The window appears first; opening (and perhaps migrating, or generating the demo school) and
loading the roster run in a worker thread, so the screen never looks dead.
"""

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
Hook = Callable[["MainWindow"], None]


def run(directory: Path, *, demo: bool, asker: Asks | None = None,
        on_shown: Hook | None = None, on_ready: Hook | None = None) -> int:
    """Show the main window on the data dir until it is closed; returns the exit status.

    `on_shown` runs once the window is on screen, `on_ready` once the roster is in it
    (tests and the start-up benchmark).
    """
    from PySide6.QtCore import QLibraryInfo, QTranslator
    from PySide6.QtWidgets import QApplication

    from djdesk.store.lock import DataDirLock
    from djdesk.ui import crash, fonts
    from djdesk.ui.asker import Asker
    from djdesk.ui.background import after_first_paint, run_in_background
    from djdesk.ui.main_window import MainWindow
    from djdesk.ui.prefs import Prefs

    asker = asker or Asker()
    app = QApplication.instance() or QApplication(sys.argv[:1])  # first: to show any error
    app.setApplicationName("djdesk")
    app.setApplicationVersion(__version__)
    translator = QTranslator(app)
    if i18n.current_language() != "en" and translator.load(
        f"qtbase_{i18n.current_language()}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(translator)  # Qt's own buttons and dialogs in Chinese
    fonts.install(app)

    # The log and the lock first (both cheap): an unusable data folder or a second start is
    # told so before any window appears.
    try:
        log_path = logs.setup(directory)
        log.info("djdesk %s starting on %s", __version__, directory)
        lock = DataDirLock(directory).acquire()
    except UserError as error:
        asker.error(None, error.message)
        return 1

    window = MainWindow(directory, asker, Prefs(directory), opening_text=(
        _("Opening the demo school…") if demo else _("Opening the database…")))
    crash.install(asker, log_path, lambda: window)
    workspace_box: list = []
    workers: list = []

    def open_and_load():  # type: ignore[no-untyped-def]  # runs in the worker thread
        from djdesk.ui.members.tab import load_roster
        from djdesk.workspace import open_workspace

        workspace = open_workspace(directory, demo=demo, lock=lock)
        workspace_box.append(workspace)
        return workspace, load_roster(workspace.database)

    def opened(result) -> None:  # type: ignore[no-untyped-def]
        from djdesk.workspace import daily_upkeep

        workspace, roster = result
        window.attach(workspace, roster)
        # The day's snapshot once the roster is up: ~40 ms at 10,000 people that the start-up
        # budget does not have. A failure is logged inside and never stops the work.
        workers.append(run_in_background(
            lambda: daily_upkeep(directory, workspace.database, workspace.database.clock.now()),
            lambda _taken: None, lambda error: log.error("daily upkeep failed", exc_info=error), window))
        if on_ready is not None:
            on_ready(window)

    def failed(error: BaseException) -> None:
        from djdesk.store.opening import DamagedDatabase

        if isinstance(error, DamagedDatabase):
            from djdesk.domain.clock import SystemClock
            from djdesk.ui.backup.recovery import recover

            log.error("damaged database: %s", error.message)
            try:
                recovered = recover(window, asker, directory, error.message, SystemClock())
            except (UserError, OSError) as trouble:
                asker.error(window, str(getattr(trouble, "message", trouble)))
                recovered = False
            if recovered:  # open the good copy now in place
                workers.append(run_in_background(open_and_load, opened, failed, window))
                return
            app.exit(1)
            return
        if isinstance(error, UserError):
            asker.error(window, error.message)
        else:
            log.error("opening the database failed", exc_info=error)
            asker.crash(window, f"{type(error).__name__}: {error}", log_path)
        app.exit(1)

    try:
        def painted() -> None:
            if on_shown is not None:
                on_shown(window)
            workers.append(run_in_background(open_and_load, opened, failed, window))

        after_first_paint(window.tabs, painted)
        window.show()
        window.activateWindow()  # take the keyboard, also where no window manager gives it
        return app.exec()
    finally:
        sys.excepthook = sys.__excepthook__
        window.close()
        for worker in workers:  # closed while still opening: let it finish before unlocking
            worker.join()
        if workspace_box:
            workspace_box[0].close()
        lock.release()
