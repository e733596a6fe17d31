"""Bugs found reviewing issue 10's dialogs, each as a failing test until fixed."""

from __future__ import annotations

import errno
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from djdesk.drives import Drive
from djdesk.services import backups
from djdesk.ui.backup import backup_dialog, restore_dialog
from djdesk.ui.main_window import MainWindow
from tests.ui.conftest import RecordingAsker

PASSWORD = "办公室 secret-2026"


pytestmark = pytest.mark.usefixtures("cheap_kdf")


def test_escape_does_not_close_the_restore_while_it_runs(
        qtbot: QtBot, window: MainWindow, asker: RecordingAsker, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    written = backups.make_backup(window.workspace.database, stick, password=PASSWORD)
    gate, started = threading.Event(), threading.Event()
    real = backups.restore

    def slow(*args: object, **kw: object) -> backups.Restored:  # a big database takes a while
        started.set()
        gate.wait(10)
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(restore_dialog.backups, "restore", slow)
    window.findChild(QAction, "restoreBackupAction").trigger()
    dialog = window.backup.dialog
    dialog.set_file(written.path)
    dialog.password.setText(PASSWORD)
    asker.answers = [True]
    dialog.save()
    qtbot.waitUntil(started.is_set, timeout=20000)
    try:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        still_open = dialog.isVisible()
    finally:
        gate.set()
        qtbot.waitUntil(lambda: bool(asker.infos), timeout=20000)
    assert still_open


def test_a_backup_failing_after_escape_is_still_told(
        qtbot: QtBot, window: MainWindow, asker: RecordingAsker, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    gate, started = threading.Event(), threading.Event()
    real = backups.make_backup

    def pulled(*args: object, **kw: object) -> object:
        def opener(path: Path) -> object:
            started.set()
            gate.wait(10)
            raise OSError(errno.EIO, "Input/output error")
        return real(*args, opener=opener, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(backup_dialog.backups, "make_backup", pulled)
    window.findChild(QAction, "backupAction").trigger()
    dialog = window.backup.dialog
    dialog._drives = lambda: [Drive(stick, "STICK", 8 << 30, 16 << 30)]
    dialog.refresh_drives()
    dialog.password.setText(PASSWORD)
    dialog.again.setText(PASSWORD)
    dialog.save()
    qtbot.waitUntil(started.is_set, timeout=20000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    gate.set()
    qtbot.waitUntil(lambda: bool(dialog.target_error.text()), timeout=20000)
    assert dialog.isVisible() or asker.errors  # the failure is seen somewhere
