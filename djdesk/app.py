"""The window's entry: log, language, lock, the first-run setup if needed, window, database.

The window appears first; opening (and perhaps migrating, or generating the demo school) and
loading the roster run in a worker thread, so the screen never looks dead.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from djdesk import __version__, i18n, logs, paths
from djdesk.domain.errors import UserError
from djdesk.i18n import _

if TYPE_CHECKING:
    from djdesk.services.setup import SetupAnswers
    from djdesk.ui.asker import Asks
    from djdesk.ui.main_window import MainWindow
    from djdesk.ui.setup_wizard import SetupWizard

log = logging.getLogger(__name__)
Hook = Callable[["MainWindow"], None]


def _use_qt_language(app, language: str) -> None:  # type: ignore[no-untyped-def]
    """Qt's own buttons and dialogs in the language chosen (its `qtbase_zh_CN.qm`)."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    old = getattr(app, "_djdesk_translator", None)
    if old is not None:
        app.removeTranslator(old)
        app._djdesk_translator = None
    if language == "en":
        return
    translator = QTranslator(app)
    if translator.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
        app._djdesk_translator = translator


def run(directory: Path, *, demo: bool, asker: Asks | None = None,
        on_shown: Hook | None = None, on_ready: Hook | None = None,
        on_setup: Callable[[SetupWizard], None] | None = None) -> int:
    """Show the main window on the data dir until it is closed; returns the exit status.

    On an empty data dir (never for the demo) the first-run wizard comes first; cancelling it
    ends the program with nothing written. `on_setup` runs once the wizard is shown,
    `on_shown` once the window is on screen, `on_ready` once the roster is in it (tests and
    the start-up benchmark).
    """
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from djdesk.store.lock import DataDirLock
    from djdesk.store.opening import is_unset
    from djdesk.ui import crash, fonts

    _preload()
    asker = asker or _default_asker()
    app = QApplication.instance() or QApplication(sys.argv[:1])  # first: to show any error
    app.setApplicationName("djdesk")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(paths.resource_dir() / "icons" / "djdesk.png")))
    _use_qt_language(app, i18n.current_language())
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

    start = _Start(app, directory, demo, asker, log_path, lock, on_shown, on_ready)
    try:
        if not demo and is_unset(paths.database_path(directory)):
            crash.install(asker, log_path, lambda: None)
            start.ask_first(on_setup)
        else:
            start.show_window()
        return app.exec()
    finally:
        sys.excepthook = sys.__excepthook__
        start.close()
        lock.release()


def _preload() -> None:
    """Import SQLAlchemy and the models (~0.6 s) in a thread while Qt starts the window: the
    worker that opens the database would otherwise begin with it after the first paint."""
    import importlib
    import threading

    def load() -> None:
        for name in ("djdesk.store.database", "djdesk.services.members", "djdesk.services.branches"):
            importlib.import_module(name)

    threading.Thread(target=load, name="preload", daemon=True).start()


def _default_asker() -> Asks:
    from djdesk.ui.asker import Asker

    return Asker()


class _Start:
    """The start-up's steps, from the first-run wizard (if any) to the roster shown."""

    def __init__(self, app, directory: Path, demo: bool, asker: Asks, log_path: Path,  # type: ignore[no-untyped-def]
                 lock, on_shown: Hook | None, on_ready: Hook | None) -> None:
        self.app, self.directory, self.demo, self.asker = app, directory, demo, asker
        self.log_path, self.lock = log_path, lock
        self.on_shown, self.on_ready = on_shown, on_ready
        self.window: MainWindow | None = None
        self.wizard: SetupWizard | None = None
        self.answers: SetupAnswers | None = None
        self.first_language = i18n.current_language()  # --lang or the INI: not a choice to save
        self.workspace_box: list = []
        self.workers: list = []

    def ask_first(self, on_setup: Callable[[SetupWizard], None] | None) -> None:
        from djdesk.domain.clock import SystemClock
        from djdesk.ui.setup_wizard import SetupWizard

        def use_language(language: str) -> None:
            i18n.setup(language)
            _use_qt_language(self.app, language)

        self.wizard = wizard = SetupWizard(today=SystemClock().today(), use_language=use_language,
                                           asker=self.asker)
        wizard.accepted.connect(self._set_up)
        wizard.rejected.connect(lambda: self.app.exit(0))  # nothing written: asked again next time
        wizard.show()
        wizard.activateWindow()
        if on_setup is not None:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, lambda: on_setup(wizard))  # inside the event loop, as a person would

    def _set_up(self) -> None:
        from djdesk.ui.prefs import Prefs

        assert self.wizard is not None
        self.answers = self.wizard.answers()
        if self.wizard.language() != self.first_language:  # chosen, not just --lang for once
            prefs = Prefs(self.directory)
            prefs.set_language(self.wizard.language())
            prefs.sync()
        self.wizard.hide()  # kept until the answers are written: shown again should that fail
        self.show_window()

    def show_window(self) -> None:
        from djdesk.ui import crash
        from djdesk.ui.background import after_first_paint
        from djdesk.ui.main_window import MainWindow
        from djdesk.ui.prefs import Prefs

        self.window = window = MainWindow(self.directory, self.asker, Prefs(self.directory), opening_text=(
            _("Opening the demo school…") if self.demo else _("Opening the database…")))
        crash.install(self.asker, self.log_path, lambda: window)

        def painted() -> None:
            if self.on_shown is not None:
                self.on_shown(window)
            self._open()

        after_first_paint(window.tabs, painted)
        window.show()
        window.activateWindow()  # take the keyboard, also where no window manager gives it

    def _open(self) -> None:
        from djdesk.ui.background import run_in_background

        assert self.window is not None
        self.workers.append(run_in_background(self._open_and_load, self._opened, self._failed, self.window))

    def _open_and_load(self):  # type: ignore[no-untyped-def]  # runs in the worker thread
        from djdesk.ui.members.tab import load_roster
        from djdesk.workspace import open_workspace

        workspace = open_workspace(self.directory, demo=self.demo, lock=self.lock)
        self.workspace_box.append(workspace)
        if self.answers is not None:
            from djdesk.services import setup

            with workspace.database.transaction() as session:
                setup.apply(session, self.answers, today=workspace.database.clock.today())
            self.answers = None
        return workspace, load_roster(workspace.database)

    def _opened(self, result) -> None:  # type: ignore[no-untyped-def]
        from djdesk.ui.background import run_in_background
        from djdesk.workspace import daily_upkeep

        workspace, roster = result
        window = self.window
        assert window is not None
        if self.wizard is not None:  # its answers are written
            self.wizard.deleteLater()
            self.wizard = None
        window.attach(workspace, roster)
        # The day's snapshot once the roster is up: ~40 ms at 10,000 people that the start-up
        # budget does not have. A failure is logged inside and never stops the work.
        self.workers.append(run_in_background(
            lambda: daily_upkeep(self.directory, workspace.database, workspace.database.clock.now()),
            lambda _taken: None, lambda error: log.error("daily upkeep failed", exc_info=error), window))
        if self.on_ready is not None:
            self.on_ready(window)

    def _failed(self, error: BaseException) -> None:
        from djdesk.store.opening import DamagedDatabase

        window = self.window
        if self.answers is not None and self.wizard is not None and not isinstance(error, DamagedDatabase):
            self._ask_again(error)
            return
        if isinstance(error, DamagedDatabase):
            from djdesk.domain.clock import SystemClock
            from djdesk.ui.backup.recovery import recover

            log.error("damaged database: %s", error.message)
            try:
                recovered = recover(window, self.asker, self.directory, error.message, SystemClock())
            except (UserError, OSError) as trouble:
                self.asker.error(window, str(getattr(trouble, "message", trouble)))
                recovered = False
            if recovered:  # open the good copy now in place
                self._open()
                return
            self.app.exit(1)
            return
        if isinstance(error, UserError):
            self.asker.error(window, error.message)
        else:
            log.error("opening the database failed", exc_info=error)
            self.asker.crash(window, f"{type(error).__name__}: {error}", self.log_path)
        self.app.exit(1)

    def _ask_again(self, error: BaseException) -> None:
        """The first start's answers could not be written (nothing was: one transaction): say
        why and show the wizard again with everything typed, rather than lose it."""
        assert self.window is not None and self.wizard is not None
        log.error("the first start's answers could not be written", exc_info=error)
        reason = error.message if isinstance(error, UserError) else f"{type(error).__name__}: {error}"
        self.asker.error(self.window, _("The school's details could not be saved: {reason}\n\nNothing was "
                                        "written; check them and press Start again.").format(reason=reason))
        for workspace in self.workspace_box:
            workspace.database.dispose()  # not close(): the lock stays held for the next try
        self.workspace_box.clear()
        self.window.hide()
        self.window.deleteLater()
        self.window = None
        self.wizard.show()

    def close(self) -> None:
        if self.wizard is not None:
            self.wizard.close()
        if self.window is not None:
            self.window.close()
        for worker in self.workers:  # closed while still opening: let it finish before unlocking
            worker.join()
        if self.workspace_box:
            self.workspace_box[0].close()
