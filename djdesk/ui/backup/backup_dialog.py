"""年度备份到U盘: choose the stick, type the password twice, write and read back the backup."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.errors import UserError
from djdesk.drives import Drive, removable_drives
from djdesk.i18n import _
from djdesk.services import backups
from djdesk.store import backup as store_backup
from djdesk.store.database import Database
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.background import run_in_background
from djdesk.ui.backup.common import (
    ProgressRelay,
    WorkingDialog,
    human_size,
    progress_bar,
)
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import ERROR_STYLE, FieldForm, dialog_buttons

MIN_PASSWORD = 8
WARNING_STYLE = "color: #8a4b00; font-weight: bold;"


class BackupDialog(WorkingDialog):
    """The whole database to one encrypted file on a USB stick (or any folder)."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, parent: QWidget | None = None,
                 drives: Callable[[], list[Drive]] = removable_drives) -> None:
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.setWindowTitle(_("Back up to a USB stick"))
        self.db, self.events, self.asker, self._drives = db, events, asker, drives
        self.written: store_backup.Written | None = None
        self.needed = store_backup.size_estimate(db.path)
        self.folder: Path | None = None  # a folder picked instead of a drive

        intro = QLabel(_("The whole database is written to one encrypted file, then read back from "
                         "the stick and checked. Without the password nobody can read it."))
        intro.setWordWrap(True)
        self.drive_list = QListWidget()
        self.drive_list.setObjectName("backupDrives")
        self.drive_list.setMaximumHeight(96)
        self.drive_list.currentItemChanged.connect(self._show_space)
        refresh = QPushButton(_("Refresh"))
        refresh.setObjectName("backupRefresh")
        refresh.clicked.connect(self.refresh_drives)
        other = QPushButton(_("Other folder…"))
        other.setObjectName("backupOtherFolder")
        other.clicked.connect(self._pick_folder)
        self.space = QLabel()
        self.space.setObjectName("backupSpace")
        self.space.setWordWrap(True)
        self.target_error = QLabel()
        self.target_error.setObjectName("error_target")
        self.target_error.setStyleSheet(ERROR_STYLE)
        self.target_error.setWordWrap(True)
        self.target_error.hide()
        self.target_box = target = QGroupBox(_("Back up to"))
        column = QVBoxLayout(target)
        column.addWidget(self.drive_list)
        line = QHBoxLayout()
        line.addWidget(self.space, 1)
        line.addWidget(refresh)
        line.addWidget(other)
        column.addLayout(line)
        column.addWidget(self.target_error)
        self.form = FieldForm()
        self.password = self.form.add("password", _("Password"), QLineEdit())
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = self.form.add("again", _("Password again"), QLineEdit())
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.hint = self.form.add("hint", _("Password hint"), QLineEdit())
        self.hint.setPlaceholderText(_("optional; stored unencrypted in the file, so never the password itself"))
        self.warning = QLabel(_("Remember the password: a backup whose password is forgotten cannot be "
                                "restored by anyone, the makers of this program included."))
        self.warning.setObjectName("backupWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.plain = QCheckBox(_("Without encryption (not recommended)"))
        self.plain.setObjectName("backupPlain")
        self.plain.toggled.connect(self._plain_toggled)
        self.plain_warning = QLabel(_("An unencrypted backup holds every ID number and address in the "
                                      "roster readable by anyone who finds the stick."))
        self.plain_warning.setWordWrap(True)
        self.plain_warning.setStyleSheet(ERROR_STYLE)
        self.plain_warning.hide()
        self.bar = progress_bar("backupProgress")
        self.relay = ProgressRelay(self.bar)
        self.buttons = dialog_buttons(self, _("Start backup"), "backupStart")

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(target)
        layout.addWidget(self.form)
        layout.addWidget(self.warning)
        layout.addWidget(self.plain)
        layout.addWidget(self.plain_warning)
        layout.addWidget(self.bar)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.refresh_drives()

    # -- the target --------------------------------------------------------------------------
    def refresh_drives(self) -> None:
        self.drive_list.clear()
        for drive in self._drives():
            item = QListWidgetItem(_("{drive} — {free} free").format(drive=drive.text(), free=human_size(drive.free)))
            item.setData(Qt.ItemDataRole.UserRole, drive)
            self.drive_list.addItem(item)
        if self.folder is not None:
            self._add_folder(self.folder)
        if self.drive_list.count():
            self.drive_list.setCurrentRow(0)
        else:
            self.space.setText(_("No USB stick found. Plug one in and press Refresh, or choose another folder."))

    def _add_folder(self, folder: Path) -> None:
        item = QListWidgetItem(_("Folder {path}").format(path=folder))
        item.setData(Qt.ItemDataRole.UserRole, folder)
        self.drive_list.addItem(item)
        self.drive_list.setCurrentItem(item)

    def _pick_folder(self) -> None:
        folder = self.asker.choose_folder(self, _("Back up into which folder?"))
        if folder is None:
            return
        self.folder = folder
        self.refresh_drives()
        self.drive_list.setCurrentRow(self.drive_list.count() - 1)

    def target(self) -> Path | None:
        item = self.drive_list.currentItem()
        if item is None:
            return None
        value = item.data(Qt.ItemDataRole.UserRole)
        return value.path if isinstance(value, Drive) else Path(value)

    def _free(self, target: Path) -> int | None:
        import shutil

        try:
            return shutil.disk_usage(target).free
        except OSError:
            return None

    def _show_space(self) -> None:
        target = self.target()
        if target is None:
            return
        free = self._free(target)
        if free is None:
            self.space.setText(_("{path} cannot be read: is the stick still plugged in?").format(path=target))
            self.space.setStyleSheet(ERROR_STYLE)
            return
        self.space.setText(_("{path}: {free} free; the backup needs about {needed}.").format(
            path=target, free=human_size(free), needed=human_size(self.needed)))
        self.space.setStyleSheet(ERROR_STYLE if free < self.needed else "")

    def _plain_toggled(self, plain: bool) -> None:
        for field in (self.password, self.again, self.hint):
            field.setEnabled(not plain)
        self.plain_warning.setVisible(plain)
        self.warning.setVisible(not plain)

    # -- writing -----------------------------------------------------------------------------
    def _problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        target = self.target()
        if target is None:
            found["target"] = _("choose a USB stick or a folder")
        elif not target.is_dir():
            found["target"] = _("{path} is not there: is the stick still plugged in?").format(path=target)
        else:
            free = self._free(target)
            if free is not None and free < self.needed:
                found["target"] = _("not enough space: the backup needs about {needed}, only {free} is free").format(
                    needed=human_size(self.needed), free=human_size(free))
        if not self.plain.isChecked():
            password = self.password.text()
            if not password:
                found["password"] = _("enter a password for the backup")
            elif len(password) < MIN_PASSWORD:
                found["password"] = _("use at least {count} characters").format(count=MIN_PASSWORD)
            elif self.again.text() != password:
                found["again"] = _("the two passwords differ")
            elif password.casefold() in self.hint.text().casefold():
                found["hint"] = _("the hint must not contain the password")
        return found

    def show_error(self, key: str, message: str) -> None:
        if key == "target":
            self.target_error.setText(message)
            self.target_error.show()
        else:
            self.form.show_error(key, message)

    def save(self) -> None:
        self.form.clear_errors()
        self.target_error.hide()
        problems = self._problems()
        if problems:
            for key, message in problems.items():
                self.show_error(key, message)
            first = next(iter(problems))
            (self.drive_list if first == "target" else self.form.widgets[first]).setFocus()
            return
        plain = self.plain.isChecked()
        if plain and not self.asker.confirm(self, _(
                "Write the backup WITHOUT encryption? Anyone who finds the stick can read every ID "
                "number in it."), action=_("Back up without encryption")):
            return
        password = None if plain else self.password.text()
        hint = "" if plain else self.hint.text()
        target = self.target()
        assert target is not None
        self._busy(True)

        def work() -> store_backup.Written:
            return backups.make_backup(self.db, target, password=password, hint=hint, progress=self.relay)

        run_in_background(work, self._written, self._failed, self)

    def _busy(self, busy: bool) -> None:
        self.set_working(busy, self.bar, (self.target_box, self.form, self.plain, self.buttons))

    def _written(self, written: store_backup.Written) -> None:
        self._busy(False)
        self.written = written
        self.events.changed.emit(kinds.BACKUP)
        self.asker.info(self, _(
            "Backup done.\n\nFile: {path}\nSize: {size}\nChecksum (SHA-256): {checksum}\n\n"
            "The file was read back from the stick and checked. Keep the stick in a safe place.").format(
                path=written.path, size=human_size(written.header.payload_size), checksum=written.checksum))
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        if isinstance(error, UserError):
            self.show_error("target", error.message)  # what was typed stays
            return
        raise error
