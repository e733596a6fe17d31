"""快照: the automatic copies of the database in the data folder; going back to one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from djdesk import paths
from djdesk.domain.errors import UserError
from djdesk.i18n import _
from djdesk.services import backups
from djdesk.store.database import Database
from djdesk.store.snapshots import DAILY, Snapshot, list_snapshots
from djdesk.ui.asker import Asks
from djdesk.ui.backup.common import human_size
from djdesk.ui.events import ALL, AppEvents
from djdesk.ui.forms import record_table


def label_text(label: str) -> str:
    if label == DAILY:
        return _("daily, at start")
    if label == "before-import":
        return _("before an import")
    if label == "before-restore":
        return _("before a restore")
    if label.startswith("before-upgrade"):
        return _("before a program update")
    return label


class SnapshotsDialog(QDialog):
    def __init__(self, db: Database, events: AppEvents, asker: Asks, directory: Path, *,
                 may_replace: Callable[[], bool] = lambda: True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("snapshotsDialog")
        self.setWindowTitle(_("Snapshots"))
        self.db, self.events, self.asker, self.directory = db, events, asker, directory
        self.may_replace = may_replace
        note = QLabel(_("djdesk copies the database into {folder} at the first start of each day and "
                        "before every import, restore and program update. The last 7 days and one a "
                        "month for a year are kept.").format(folder=paths.snapshot_dir(directory)))
        note.setWordWrap(True)
        self.table = record_table("snapshotTable", [_("Taken"), _("Why"), _("Size")], 1)
        self.table.itemSelectionChanged.connect(self._selected)
        self.empty = QLabel(_("No snapshots yet: the first is taken at the next start of djdesk."))
        self.empty.setObjectName("snapshotsEmpty")
        self.restore_button = QPushButton(_("Go back to this snapshot…"))
        self.restore_button.setObjectName("snapshotRestore")
        self.restore_button.clicked.connect(self.restore_selected)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        self.resize(620, 420)
        self.reload()

    def reload(self) -> None:
        self.snapshots: list[Snapshot] = list_snapshots(paths.snapshot_dir(self.directory))
        self.table.setRowCount(len(self.snapshots))
        for row, snapshot in enumerate(self.snapshots):
            for column, text in enumerate((f"{snapshot.taken_at:%Y-%m-%d %H:%M:%S}", label_text(snapshot.label),
                                           human_size(snapshot.size))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.empty.setVisible(not self.snapshots)
        if self.snapshots:
            self.table.selectRow(0)
        self._selected()

    def _selected(self) -> None:
        self.restore_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        snapshot = self.snapshots[rows[0].row()]
        if not self.may_replace() or not self.asker.confirm(self, _(
                "Go back to the snapshot of {taken}? Everything entered after it is replaced; the "
                "database as it is now is kept as a new snapshot first.").format(
                    taken=f"{snapshot.taken_at:%Y-%m-%d %H:%M}"), action=_("Go back")):
            return
        try:
            restored = backups.restore_from_snapshot(self.db, self.directory, snapshot)
        except UserError as error:
            self.asker.error(self, error.message)
            return
        for kind in ALL:
            self.events.changed.emit(kind)
        self.asker.info(self, _("Restored from {file}.").format(file=snapshot.name) + "\n" + _(
            "The database as it was is kept as the snapshot {name}.").format(name=restored.snapshot.name))
        self.reload()
