"""验证备份 and 从备份恢复: pick a .djbak, see its header, give the password; the file is checked
completely before anything changes, and a restore asks first and keeps the current database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.errors import UserError
from djdesk.i18n import _
from djdesk.services import backups
from djdesk.store import backup as store_backup
from djdesk.store import backup_format
from djdesk.store.database import Database
from djdesk.ui.asker import Asks
from djdesk.ui.background import run_in_background
from djdesk.ui.backup.common import (
    FactsView,
    ProgressRelay,
    WorkingDialog,
    progress_bar,
)
from djdesk.ui.events import ALL, AppEvents
from djdesk.ui.forms import FieldForm, dialog_buttons

FILTER = "djdesk (*.djbak)"


class BackupFileDialog(WorkingDialog):
    """`restoring=False`: 验证备份, nothing changes. `restoring=True`: 从备份恢复."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, directory: Path, *, restoring: bool,
                 may_replace: Callable[[], bool] = lambda: True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.restoring = restoring
        self.setObjectName("restoreDialog" if restoring else "verifyDialog")
        self.setWindowTitle(_("Restore from a backup") if restoring else _("Check a backup"))
        self.db, self.events, self.asker, self.directory = db, events, asker, directory
        self.may_replace = may_replace
        self.opened: backup_format.Opened | None = None
        self.checked: store_backup.Checked | None = None
        self.restored: backups.Restored | None = None

        self.form = FieldForm()
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        self.file.setObjectName("backupFilePath")
        choose = QPushButton(_("Choose…"))
        choose.setObjectName("backupChooseFile")
        choose.clicked.connect(self.choose_file)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.file, 1)
        line.addWidget(choose)
        row.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.form.add("file", _("Backup file"), row)
        self.password = self.form.add("password", _("Password"), QLineEdit())
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.textEdited.connect(self._forget_check)
        self.facts = FactsView("backupFacts")
        box = QGroupBox(_("What the backup says about itself"))
        inside = QVBoxLayout(box)
        inside.addWidget(self.facts)
        self.result = QLabel()
        self.result.setObjectName("backupResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = progress_bar("backupCheckProgress")
        self.relay = ProgressRelay(self.bar)
        ok_text = _("Restore…") if restoring else _("Check")
        self.buttons = dialog_buttons(self, ok_text, "backupFileOk")
        layout = QVBoxLayout(self)
        if restoring:
            note = QLabel(_("The database is replaced by the backup's. The current one is kept as a "
                            "snapshot first (快照), so this can be undone."))
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self.form)
        layout.addWidget(box)
        layout.addWidget(self.result)
        layout.addWidget(self.bar)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        box.setVisible(False)
        self.facts_box = box

    def choose_file(self) -> None:
        path = self.asker.open_file(self, _("Choose a backup file"), FILTER)
        if path is not None:
            self.set_file(path)

    def set_file(self, path: Path) -> None:
        """Read the header at once (no password needed): the user sees which backup it is."""
        self.form.clear_errors()
        self.file.setText(str(path))
        self.opened, self.checked = None, None
        self.result.clear()
        try:
            self.opened = store_backup.inspect(path)
        except UserError as error:
            self.facts_box.setVisible(False)
            self.form.show_error("file", error.message)
            return
        self.facts.show_lines(backups.describe(self.opened.header))
        self.facts_box.setVisible(True)
        self.password.setEnabled(self.opened.header.encrypted)
        if self.opened.header.encrypted:
            self.password.setFocus()

    def _forget_check(self) -> None:
        self.checked = None

    def save(self) -> None:
        """Check the whole file (in the background); restoring, then ask and replace."""
        self.form.clear_errors()
        if self.opened is None:
            self.form.show_error("file", _("choose a backup file (.djbak)"))
            return
        if self.opened.header.encrypted and not self.password.text():
            self.form.show_error("password", _("enter the backup's password"))
            self.password.setFocus()
            return
        path = self.opened.path
        password = self.password.text() if self.opened.header.encrypted else None
        self._busy(True)
        run_in_background(lambda: backups.check(path, password, self.relay), self._checked,
                          self._failed, self)

    def _busy(self, busy: bool) -> None:
        self.set_working(busy, self.bar, (self.form, self.buttons))

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        if isinstance(error, backup_format.WrongPassword):
            self.form.show_error("password", error.message)
            self.password.selectAll()
            self.password.setFocus()
        elif isinstance(error, UserError):
            self.form.show_error("file", error.message)
        else:
            raise error

    def _checked(self, checked: store_backup.Checked) -> None:
        self._busy(False)
        self.checked = checked
        self.facts.show_lines(backups.describe(checked.header, checked.contents))
        self.result.setText(_("✔ The backup is complete: every byte passed the authentication check "
                              "and the database inside is in good order.\nSHA-256: {checksum}").format(
                                  checksum=checked.checksum))
        if self.restoring:
            self._restore(checked)

    def _restore(self, checked: store_backup.Checked) -> None:
        counts = checked.contents.counts
        question = _(
            "Replace the current database with the backup made {made} ({school}: {people} people, "
            "{meetings} meetings)?\n\nEverything entered since that backup is replaced; the current "
            "database is kept as a snapshot first and can be brought back under 快照.").format(
                made=checked.header.created_at.replace("T", " "), school=checked.header.school or "—",
                people=counts.get("people", 0), meetings=counts.get("meetings", 0))
        if not self.may_replace() or not self.asker.confirm(self, question, action=_("Restore")):
            return
        self._busy(True)
        run_in_background(lambda: backups.restore(self.db, self.directory, checked, self.relay),
                          self._restored, self._failed, self)

    def _restored(self, restored: backups.Restored) -> None:
        self._busy(False)
        self.restored = restored
        for kind in ALL:  # every tab reads its data anew
            self.events.changed.emit(kind)
        where = _("The database as it was is kept as the snapshot {name}.").format(
            name=restored.snapshot.name) if restored.snapshot is not None else ""
        self.asker.info(self, _("Restored from {file}.").format(file=restored.source) + "\n" + where)
        self.accept()
