"""The 文件 menu's backup entries and the reminder banner, wired to the window's workspace."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from djdesk.i18n import _
from djdesk.ui.backup.banner import BackupBanner

if TYPE_CHECKING:
    from djdesk.ui.asker import Asks
    from djdesk.ui.events import AppEvents
    from djdesk.workspace import Workspace


class BackupMenu:
    """`may_replace` asks the tabs to save or drop unsaved typing before a restore."""

    def __init__(self, parent: QWidget, menu: QMenu, events: AppEvents, asker: Asks,
                 may_replace: Callable[[], bool]) -> None:
        self.parent, self.events, self.asker, self.may_replace = parent, events, asker, may_replace
        self.workspace: Workspace | None = None
        self.dialog: QWidget | None = None  # the one open, for tests
        self.banner = BackupBanner(self.back_up)
        self.actions = [
            self._action(menu, "backupAction", _("&Back up to a USB stick…"), self.back_up, "Ctrl+Shift+B"),
            self._action(menu, "verifyBackupAction", _("&Check a backup…"), self.verify),
            self._action(menu, "restoreBackupAction", _("&Restore from a backup…"), self.restore),
            self._action(menu, "snapshotsAction", _("S&napshots…"), self.snapshots),
        ]

    def _action(self, menu: QMenu, name: str, text: str, slot: Callable[[], None],
                shortcut: str | None = None) -> QAction:
        action = QAction(text, self.parent)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        action.setEnabled(False)  # until the database is open
        menu.addAction(action)
        return action

    def attach(self, workspace: Workspace) -> None:
        self.workspace = workspace
        for action in self.actions:
            action.setEnabled(True)
        self.refresh_banner()

    def refresh_banner(self) -> None:
        from djdesk.services import backups
        from djdesk.services import settings as settings_service

        if self.workspace is None:
            return
        database = self.workspace.database
        with database.transaction() as session:
            every = settings_service.load(session).backup_every_days
            reason = backups.reminder(session, database.clock.today(), every)
        self.banner.show_reason(reason)

    def _open(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.open()  # type: ignore[attr-defined]

    def back_up(self) -> None:
        from djdesk.ui.backup.backup_dialog import BackupDialog

        if self.workspace is not None:
            self._open(BackupDialog(self.workspace.database, self.events, self.asker, self.parent))

    def verify(self) -> None:
        from djdesk.ui.backup.restore_dialog import BackupFileDialog

        if self.workspace is not None:
            self._open(BackupFileDialog(self.workspace.database, self.events, self.asker,
                                        self.workspace.directory, restoring=False, parent=self.parent))

    def restore(self) -> None:
        from djdesk.ui.backup.restore_dialog import BackupFileDialog

        if self.workspace is not None:
            self._open(BackupFileDialog(self.workspace.database, self.events, self.asker,
                                        self.workspace.directory, restoring=True,
                                        may_replace=self.may_replace, parent=self.parent))

    def snapshots(self) -> None:
        from djdesk.ui.backup.snapshots_dialog import SnapshotsDialog

        if self.workspace is not None:
            self._open(SnapshotsDialog(self.workspace.database, self.events, self.asker,
                                       self.workspace.directory, may_replace=self.may_replace,
                                       parent=self.parent))
