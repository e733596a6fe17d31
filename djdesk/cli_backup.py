"""`djdesk backup|verify|restore|snapshots`: the USB backup for IT staff and scheduled tasks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from djdesk import paths
from djdesk.domain.errors import UserError
from djdesk.i18n import _


def add_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    backup = commands.add_parser("backup", help=_("write an encrypted backup (.djbak) into a folder, "
                                                  "e.g. a USB stick, and check it"))
    backup.add_argument("--to", required=True, metavar=_("DIR"), help=_("the folder to write the backup into"))
    backup.add_argument("--password-file", metavar=_("FILE"),
                        help=_("a file holding the backup password (a trailing newline is ignored)"))
    backup.add_argument("--hint", default="", metavar=_("TEXT"), help=_("a password hint stored unencrypted"))
    backup.add_argument("--no-encryption", action="store_true",
                        help=_("write the backup unencrypted: anyone who finds it can read every ID number"))
    verify = commands.add_parser("verify", help=_("check a backup file completely without restoring it"))
    verify.add_argument("file", metavar=_("FILE.djbak"))
    verify.add_argument("--password-file", metavar=_("FILE"), help=_("a file holding the backup password"))
    restore = commands.add_parser("restore", help=_("replace the database with a backup (the current one "
                                                    "is kept as a snapshot)"))
    restore.add_argument("file", metavar=_("FILE.djbak"))
    restore.add_argument("--password-file", metavar=_("FILE"), help=_("a file holding the backup password"))
    restore.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    snapshots = commands.add_parser("snapshots", help=_("list the automatic snapshots, or go back to one"))
    snapshots.add_argument("--restore", metavar=_("NAME"), help=_("the snapshot to go back to"))
    snapshots.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))


def _password(args: argparse.Namespace, *, required: bool) -> str | None:
    if not args.password_file:
        if required:
            raise UserError(_("Give the backup password with --password-file FILE."))
        return None
    try:
        text = Path(args.password_file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(_("The password file {path} cannot be read: {error}").format(
            path=args.password_file, error=getattr(error, "strerror", None) or error)) from error
    for ending in ("\r\n", "\n"):
        if text.endswith(ending):
            text = text[: -len(ending)]
            break
    if not text:
        raise UserError(_("The password file {path} is empty.").format(path=args.password_file))
    return text


def _confirmed(args: argparse.Namespace, question: str) -> bool:
    """--yes, or a terminal's y; without a terminal there is nobody to ask."""
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise UserError(_("{question} Add --yes to confirm.").format(question=question))
    answer = input(_("{question} [y/N] ").format(question=question))
    return answer.strip().lower() in ("y", "yes", "是")


def _show(lines: list[tuple[str, str]]) -> None:
    for label, value in lines:
        print(_("{label}: {value}").format(label=label, value=value))


def backup(directory: Path, args: argparse.Namespace) -> int:
    from djdesk.services import backups
    from djdesk.workspace import open_workspace

    password = None if args.no_encryption else _password(args, required=True)
    if args.no_encryption and args.password_file:
        raise UserError(_("--no-encryption and --password-file exclude each other."))
    if password and args.hint and password.casefold() in args.hint.casefold():
        raise UserError(_("The hint must not contain the password: it is stored unencrypted."))
    # No lock, so a scheduled backup also runs while the window is open: it reads the data and
    # writes only its own record (the last backup, an audit note), which SQLite's busy timeout
    # serialises with the window's writes.
    workspace = open_workspace(directory, demo=args.demo, writing=False)
    try:
        written = backups.make_backup(workspace.database, Path(args.to).expanduser(), password=password,
                                      hint=args.hint)
    finally:
        workspace.close()
    _show(backups.describe(written.header, written.contents))
    print(_("Backup written and checked: {path}").format(path=written.path))
    print(_("SHA-256: {checksum}").format(checksum=written.checksum))
    if password is None:
        print(_("Warning: this backup is not encrypted; keep it locked away."), file=sys.stderr)
    return 0


def verify(directory: Path, args: argparse.Namespace) -> int:
    from djdesk.services import backups
    from djdesk.store import backup_format

    path = Path(args.file).expanduser()
    opened = backup_format.open_file(path)
    password = _password(args, required=opened.header.encrypted)
    checked = backups.check(path, password)
    _show(backups.describe(checked.header, checked.contents))
    print(_("The backup {path} is complete and readable.").format(path=path))
    print(_("SHA-256: {checksum}").format(checksum=checked.checksum))
    return 0


def restore(directory: Path, args: argparse.Namespace) -> int:
    from djdesk.services import backups
    from djdesk.store import backup_format
    from djdesk.store.database import Database
    from djdesk.store.lock import DataDirLock

    path = Path(args.file).expanduser()
    opened = backup_format.open_file(path)
    password = _password(args, required=opened.header.encrypted)
    with DataDirLock(directory):  # refused while the window or another command has the data dir
        checked = backups.check(path, password)
        _show(backups.describe(checked.header, checked.contents))
        database_path = paths.database_path(directory)
        if not _confirmed(args, _("Replace the database {path} with this backup?").format(path=database_path)):
            print(_("Nothing was changed."))
            return 1
        database = Database(database_path)
        try:
            restored = backups.restore(database, directory, checked)
        finally:
            database.dispose()
    print(_("Restored from {file}.").format(file=path))
    if restored.snapshot is not None:
        print(_("The database as it was is kept as {path}.").format(path=restored.snapshot))
    return 0


def snapshots(directory: Path, args: argparse.Namespace) -> int:
    from djdesk.services import backups
    from djdesk.store.database import Database
    from djdesk.store.lock import DataDirLock
    from djdesk.store.snapshots import list_snapshots

    found = list_snapshots(paths.snapshot_dir(directory))
    if not args.restore:
        if not found:
            print(_("No snapshots in {path}.").format(path=paths.snapshot_dir(directory)))
        for snapshot in found:
            print(f"{snapshot.name}\t{snapshot.taken_at:%Y-%m-%d %H:%M}\t{snapshot.label}\t"
                  + _("{size} KB").format(size=max(1, snapshot.size // 1024)))
        return 0
    chosen = next((s for s in found if s.name == args.restore), None)
    if chosen is None:
        raise UserError(_("There is no snapshot named {name} in {path}.").format(
            name=args.restore, path=paths.snapshot_dir(directory)))
    if not _confirmed(args, _("Go back to the snapshot {name}?").format(name=chosen.name)):
        print(_("Nothing was changed."))
        return 1
    # Not open_workspace: the database may be the damaged one this snapshot is to replace.
    with DataDirLock(directory):
        database = Database(paths.database_path(directory))
        try:
            restored = backups.restore_from_snapshot(database, directory, chosen)
        finally:
            database.dispose()
    print(_("Restored from {file}.").format(file=chosen.name))
    print(_("The database as it was is kept as {path}.").format(path=restored.snapshot))
    return 0
