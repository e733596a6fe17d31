"""A damaged database at start: offer the newest good snapshot or a backup file, never a crash
and never a silent empty database. The damaged file is set aside, not deleted."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from djdesk import paths
from djdesk.domain.clock import Clock
from djdesk.domain.errors import UserError
from djdesk.i18n import _
from djdesk.services import backups
from djdesk.store import backup as store_backup
from djdesk.store.snapshots import newest_good
from djdesk.ui.asker import Asks
from djdesk.ui.backup.restore_dialog import FILTER


def _replace(parent: QWidget | None, asker: Asks, database: Path,
             fill: Callable[[sqlite3.Connection], None], clock: Clock) -> Path | None:
    """The good copy in place, the damaged one kept beside; None (told) when it failed."""
    try:
        return store_backup.replace_damaged(database, fill, clock.now())
    except UserError as error:
        asker.error(parent, error.message)
        return None


def recover(parent: QWidget | None, asker: Asks, directory: Path, problem: str, clock: Clock) -> bool:
    """Ask how to recover; True once a good database is in place (open it again). A copy
    that fails (a full disk) leaves the damaged file where it was, and is told."""
    database = paths.database_path(directory)
    while True:
        snapshot = newest_good(paths.snapshot_dir(directory))
        options = []
        if snapshot is not None:
            options.append(_("Go back to the snapshot of {taken} (what was entered after it is lost)").format(
                taken=f"{snapshot.taken_at:%Y-%m-%d %H:%M}"))
        options.append(_("Restore from a backup file (.djbak)…"))
        options.append(_("Quit and leave the file as it is"))
        choice = asker.choose(parent, _("The database is damaged"), _(
            "{problem}\n\nThe damaged file will be kept beside it (renamed), not deleted.").format(
                problem=problem), options)
        if choice is None or choice == len(options) - 1:
            return False
        if snapshot is not None and choice == 0:
            aside = _replace(parent, asker, database, lambda target: store_backup.copy_file(snapshot.path, target),
                             clock)
            if aside is None:
                continue
            asker.info(parent, _("The snapshot of {taken} is in place. The damaged file is kept as {path}.").format(
                taken=f"{snapshot.taken_at:%Y-%m-%d %H:%M}", path=aside))
            return True
        path = asker.open_file(parent, _("Choose a backup file"), FILTER)
        if path is None:
            continue
        password = None
        try:
            if store_backup.inspect(path).header.encrypted:
                password = asker.password(parent, _("Restore from a backup"),
                                          _("The password of {file}:").format(file=path.name))
                if password is None:
                    continue
            checked = backups.check(path, password)
        except UserError as error:
            asker.error(parent, error.message)
            continue
        aside = _replace(parent, asker, database, lambda target: store_backup.copy_image(checked.data, target),
                         clock)
        if aside is None:
            continue
        asker.info(parent, _("Restored from {file}. The damaged file is kept as {path}.").format(
            file=path.name, path=aside))
        return True
