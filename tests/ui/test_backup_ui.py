"""The backup as the office uses it: the reminder, 年度备份到U盘, 验证备份, 从备份恢复, 自动快照, and a
damaged database at start, each on real files in temporary folders."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from djdesk import app, paths
from djdesk.domain.clock import FixedClock
from djdesk.drives import Drive
from djdesk.services import backups, members
from djdesk.services import settings as settings_service
from djdesk.store import backup as store_backup
from djdesk.store import backup_format
from djdesk.store.integrity import quick_problems
from djdesk.store.snapshots import list_snapshots
from djdesk.ui.backup.backup_dialog import BackupDialog
from djdesk.ui.backup.recovery import recover
from djdesk.ui.backup.restore_dialog import BackupFileDialog
from djdesk.ui.backup.snapshots_dialog import SnapshotsDialog
from djdesk.ui.main_window import MainWindow
from djdesk.workspace import Workspace, daily_upkeep, open_workspace
from tests.factories import draft
from tests.ui.conftest import TODAY, RecordingAsker, small_school

PASSWORD = "办公室 secret-2026"


pytestmark = pytest.mark.usefixtures("cheap_kdf")


def people(workspace: Workspace) -> set[str]:
    with closing(sqlite3.connect(workspace.database_path)) as connection:
        return {name for (name,) in connection.execute("SELECT name FROM person")}


def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir(exist_ok=True)
    return folder


def open_backup_dialog(window: MainWindow, usb: Path) -> BackupDialog:
    window.findChild(QAction, "backupAction").trigger()
    dialog = window.backup.dialog
    assert isinstance(dialog, BackupDialog)
    dialog._drives = lambda: [Drive(usb, "STICK", 8 << 30, 16 << 30)]
    dialog.refresh_drives()
    return dialog


def error_of(dialog: object, key: str) -> str:
    label = dialog.findChild(QLabel, f"error_{key}")  # type: ignore[attr-defined]
    return label.text() if label.isVisibleTo(dialog) else ""  # type: ignore[arg-type]


def test_the_reminder_leads_to_a_backup_that_is_checked_and_then_goes_away(
        qtbot: QtBot, window: MainWindow, asker: RecordingAsker, tmp_path: Path) -> None:
    banner = window.backup.banner
    assert banner.isVisibleTo(window)
    assert "今年（2026 年）还没有备份到U盘" in banner.text.text()
    usb = stick(tmp_path)
    banner.findChild(QPushButton, "backupBannerNow").click()
    dialog = window.backup.dialog
    assert isinstance(dialog, BackupDialog)
    dialog._drives = lambda: [Drive(usb, "STICK", 8 << 30, 16 << 30)]
    dialog.refresh_drives()
    assert "可用 8.0 GB" in dialog.drive_list.item(0).text()

    # Refusals under their fields; what was typed stays; nothing is written.
    dialog.password.setText("short")
    dialog.save()
    assert "至少 8 个字符" in error_of(dialog, "password")
    dialog.password.setText(PASSWORD)
    dialog.again.setText(PASSWORD + "x")
    dialog.save()
    assert error_of(dialog, "again") == "两次输入的密码不一致"
    dialog.again.setText(PASSWORD)
    dialog.hint.setText(f"就是 {PASSWORD}")
    dialog.save()
    assert error_of(dialog, "hint") == "提示中不能含有密码"
    assert dialog.password.text() == PASSWORD and list(usb.iterdir()) == []

    dialog.hint.setText("保险柜里的信封")
    dialog.save()
    qtbot.waitUntil(lambda: bool(asker.infos), timeout=20000)
    [written] = list(usb.iterdir())
    assert written.name == "djdesk-备份-测试中学-2026-06-15-1.djbak"
    checksum = hashlib.sha256(written.read_bytes()).hexdigest()
    assert "备份成功" in asker.infos[0] and checksum in asker.infos[0]
    assert not banner.isVisibleTo(window)  # the reminder went with the backup
    with window.workspace.database.transaction() as session:
        assert backups.last_backup(session).file == written.name
    # The file opens with the password, and says what it holds.
    checked = store_backup.check_backup(written, PASSWORD)
    assert checked.header.hint == "保险柜里的信封" and checked.contents.counts["people"] == 6


def test_a_full_stick_is_told_under_the_target_and_leaves_no_file(
        qtbot: QtBot, window: MainWindow, asker: RecordingAsker, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    usb = stick(tmp_path)
    before = window.workspace.database_path.read_bytes()

    class Full:
        def __init__(self, path: Path) -> None:
            self.handle, self.written = open(path, "wb"), 0

        def write(self, data: bytes) -> int:
            if self.written + len(data) > 300:
                raise OSError(errno.ENOSPC, "No space left on device")
            self.written += len(data)
            return self.handle.write(data)

        def __getattr__(self, name: str) -> object:
            return getattr(self.handle, name)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

    monkeypatch.setattr(store_backup, "open", lambda path, mode="rb": Full(path) if "w" in mode else open(path, mode),
                        raising=False)
    dialog = open_backup_dialog(window, usb)
    dialog.password.setText(PASSWORD)
    dialog.again.setText(PASSWORD)
    dialog.save()
    qtbot.waitUntil(lambda: bool(error_of(dialog, "target")), timeout=20000)
    assert "U盘已满" in error_of(dialog, "target") and "没有留下备份文件" in error_of(dialog, "target")
    assert list(usb.iterdir()) == []  # neither the final name nor a temporary file
    assert dialog.password.text() == PASSWORD and dialog.isVisible()
    assert window.workspace.database_path.read_bytes() == before
    with window.workspace.database.transaction() as session:
        assert backups.last_backup(session) is None


def test_an_unencrypted_backup_needs_a_second_yes(qtbot: QtBot, window: MainWindow, asker: RecordingAsker,
                                                  tmp_path: Path) -> None:
    usb = stick(tmp_path)
    dialog = open_backup_dialog(window, usb)
    dialog.plain.setChecked(True)
    assert not dialog.password.isEnabled()
    asker.answers = [False, True]
    dialog.save()
    assert "不加密" in asker.questions[-1] and list(usb.iterdir()) == []
    dialog.save()
    qtbot.waitUntil(lambda: bool(asker.infos), timeout=20000)
    [written] = list(usb.iterdir())
    assert not backup_format.open_file(written).header.encrypted
    assert "单军".encode() in written.read_bytes()  # what the warning said


def test_restore_shows_the_header_first_refuses_a_wrong_password_then_replaces_after_asking(
        qtbot: QtBot, window: MainWindow, asker: RecordingAsker, tmp_path: Path) -> None:
    workspace = window.workspace
    written = backups.make_backup(workspace.database, stick(tmp_path), password=PASSWORD, hint="信封")
    with workspace.database.transaction() as session:
        members.add(session, draft(name="后来的"), today=TODAY)
    window.events.changed.emit("people")
    assert "在册 7 人" in window.findChild(QLabel, "countsLabel").text()

    window.findChild(QAction, "restoreBackupAction").trigger()
    dialog = window.backup.dialog
    assert isinstance(dialog, BackupFileDialog) and dialog.restoring
    asker.files = [written.path]
    dialog.choose_file()
    shown = dialog.facts.texts()
    assert "测试中学" in shown and "信封" in shown
    assert "在册人员：" not in shown  # the counts are sealed: only with the password

    dialog.password.setText("wrong password")
    dialog.save()
    qtbot.waitUntil(lambda: bool(error_of(dialog, "password")), timeout=20000)
    assert "密码不对" in error_of(dialog, "password") and "信封" in error_of(dialog, "password")
    assert "后来的" in people(workspace)

    dialog.password.setText(PASSWORD)
    asker.answers = [False]  # asked, and declined: nothing changes
    dialog.save()
    qtbot.waitUntil(lambda: len(asker.questions) == 2, timeout=20000)  # the file's, then this
    assert "在册 6 人" in asker.questions[-1]
    assert "后来的" in people(workspace) and list_snapshots(paths.snapshot_dir(workspace.directory)) == []

    asker.answers = [True]
    dialog.save()
    qtbot.waitUntil(lambda: bool(asker.infos), timeout=20000)
    assert "后来的" not in people(workspace) and "单军" in people(workspace)
    [kept] = list_snapshots(paths.snapshot_dir(workspace.directory))
    assert kept.label == "before-restore" and kept.name in asker.infos[0]
    with closing(sqlite3.connect(kept.path)) as connection:  # the way back holds what was replaced
        assert connection.execute("SELECT count(*) FROM person WHERE name = '后来的'").fetchone()[0] == 1
    # The window reads the restored data: the counts, and the roster is still usable.
    assert "在册 6 人" in window.findChild(QLabel, "countsLabel").text()
    assert window.members.model.rowCount() == 6


def test_checking_tells_a_file_that_is_not_a_backup(window: MainWindow, asker: RecordingAsker, tmp_path: Path) -> None:
    bogus = tmp_path / "名册.djbak"
    bogus.write_bytes(b"PK\x03\x04 not a backup at all")
    window.findChild(QAction, "verifyBackupAction").trigger()
    dialog = window.backup.dialog
    assert isinstance(dialog, BackupFileDialog) and not dialog.restoring
    dialog.set_file(bogus)
    assert error_of(dialog, "file") == "名册.djbak 不是 djdesk 备份文件（.djbak）。"
    dialog.save()
    assert error_of(dialog, "file") == "请选择备份文件（.djbak）"


def test_snapshots_are_listed_and_one_can_be_gone_back_to(window: MainWindow, asker: RecordingAsker) -> None:
    workspace = window.workspace
    assert daily_upkeep(workspace.directory, workspace.database, dt.datetime(2026, 6, 15, 8)) is not None
    with workspace.database.transaction() as session:
        members.add(session, draft(name="后来的"), today=TODAY)
    window.findChild(QAction, "snapshotsAction").trigger()
    dialog = window.backup.dialog
    assert isinstance(dialog, SnapshotsDialog)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 1).text() == "每日启动时"
    asker.answers = [True]
    dialog.restore_button.click()
    assert "后来的" not in people(workspace)
    assert dialog.table.rowCount() == 2  # the database as it was is the newest snapshot
    assert dialog.table.item(0, 1).text() == "恢复前"
    assert "在册 6 人" in window.findChild(QLabel, "countsLabel").text()


def test_the_reminder_follows_the_setting_and_later_hides_it(window: MainWindow) -> None:
    workspace = window.workspace
    with workspace.database.transaction() as session:
        settings_service.save(session, settings_service.SchoolSettings(school_name="测试中学", backup_every_days=30))
    window.events.changed.emit("settings")
    assert "还从未备份到U盘" in window.backup.banner.text.text()
    window.backup.banner.findChild(QPushButton, "backupBannerLater").click()
    window.events.changed.emit("people")
    assert not window.backup.banner.isVisibleTo(window)


def _damaged_data_dir(directory: Path) -> bytes:
    """A data dir whose database has a good snapshot from this morning and then broke."""
    workspace = open_workspace(directory, clock=FixedClock.on(TODAY, hour=8))
    small_school(workspace)
    daily_upkeep(directory, workspace.database, dt.datetime(2026, 6, 15, 8))
    workspace.close()
    path = paths.database_path(directory)
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xa5" * 4096  # a page of garbage, as a bad sector would leave
    path.write_bytes(bytes(data))
    return bytes(data)


def test_recovery_puts_the_newest_good_snapshot_in_place_and_keeps_the_damaged_file(
        tmp_path: Path, asker: RecordingAsker) -> None:
    directory = tmp_path / "data"
    damaged = _damaged_data_dir(directory)
    asker.choices = [0]
    assert recover(None, asker, directory, "damaged", FixedClock.on(TODAY, hour=9))
    assert "恢复到 2026-06-15 08:00 的快照" in asker.offered[0]
    assert quick_problems(paths.database_path(directory)) == []
    [aside] = directory.glob("djdesk.sqlite3.damaged-*")
    assert aside.read_bytes() == damaged


def test_a_damaged_database_at_start_offers_recovery_instead_of_crashing(
        qtbot: QtBot, tmp_path: Path, asker: RecordingAsker) -> None:
    directory = tmp_path / "data"
    damaged = _damaged_data_dir(directory)
    asker.choices = [2]  # quit: the file stays as it is
    assert app.run(directory, demo=False, asker=asker) == 1
    assert asker.crashes == [] and paths.database_path(directory).read_bytes() == damaged

    seen: list[str] = []

    def ready(window: MainWindow) -> None:
        seen.append(window.findChild(QLabel, "countsLabel").text())
        window.close()

    asker.choices = [0]
    assert app.run(directory, demo=False, asker=asker, on_ready=ready) == 0
    assert asker.crashes == [] and asker.errors == []
    assert seen and "在册 6 人" in seen[0]
