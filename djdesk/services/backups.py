"""The USB backup and restores as the window and the command line use them: the store's file
work, then what the database should remember (the last backup, an audit note)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from djdesk import paths
from djdesk.i18n import _
from djdesk.store import backup as store_backup
from djdesk.store.backup_format import Contents, Header
from djdesk.store.database import Database
from djdesk.store.models import AuditEntry, Person, Setting
from djdesk.store.opening import prepare
from djdesk.store.snapshots import Snapshot, restore_snapshot, take_snapshot

LAST_BACKUP_KEY = "last_usb_backup"


@dataclass(frozen=True)
class LastBackup:
    at: dt.datetime
    file: str
    checksum: str


@dataclass(frozen=True)
class Restored:
    snapshot: Path | None  # the database as it was before, in the snapshots folder
    source: str


def last_backup(session: Session) -> LastBackup | None:
    raw = session.scalar(select(Setting.value).where(Setting.key == LAST_BACKUP_KEY))
    if raw is None:
        return None
    try:
        document = json.loads(raw)
        return LastBackup(dt.datetime.fromisoformat(document["at"]), str(document["file"]),
                          str(document.get("checksum", "")))
    except (ValueError, KeyError, TypeError):
        return None


def _remember(session: Session, record: LastBackup) -> None:
    current = last_backup(session)
    if current is not None and current.at >= record.at:
        return
    value = json.dumps({"at": record.at.isoformat(timespec="seconds"), "file": record.file,
                        "checksum": record.checksum}, ensure_ascii=False)
    row = session.get(Setting, LAST_BACKUP_KEY)
    if row is None:
        session.add(Setting(key=LAST_BACKUP_KEY, value=value))
    else:
        row.value = value
    session.flush()


def reminder(session: Session, today: dt.date, every_days: int) -> str | None:
    """Why a backup is due, or None. 0 days: one backup in each calendar year. A school with
    nobody on its roster yet has nothing to lose and is not reminded."""
    if not session.scalar(select(func.count(Person.id))):
        return None
    last = last_backup(session)
    if every_days <= 0:
        if last is not None and last.at.year >= today.year:
            return None
        return _("No backup to a USB stick has been made this year ({year}).").format(year=today.year)
    if last is not None and (today - last.at.date()).days < every_days:
        return None
    if last is None:
        return _("No backup to a USB stick has been made yet.")
    return _("The last backup to a USB stick was made {days} days ago ({date}).").format(
        days=(today - last.at.date()).days, date=last.at.date().isoformat())


def describe(header: Header, contents: Contents | None = None) -> list[tuple[str, str]]:
    """A backup's header (and, once unlocked, its counts) as labelled lines to show."""
    made = header.created_at.replace("T", " ")
    lines = [
        (_("Made"), made),
        (_("School"), header.school or _("(not set)")),
        (_("Program version"), header.program),
        (_("Schema revision"), header.schema),
        (_("Encryption"), _("AES-256-GCM, key from the password (scrypt)") if header.encrypted
         else _("none: anyone can read this file")),
    ]
    if header.hint:
        lines.append((_("Password hint"), header.hint))
    if contents is not None:
        counts = contents.counts
        lines += [
            (_("People at the school"), str(counts.get("people", 0))),
            (_("People who left"), str(counts.get("people_left", 0))),
            (_("Party members"), str(counts.get("party_members", 0))),
            (_("Branches"), str(counts.get("branches", 0))),
            (_("Meetings"), str(counts.get("meetings", 0))),
            (_("Ethics evaluations"), str(counts.get("ethics_evaluations", 0))),
            (_("Democratic review results"), str(counts.get("review_entries", 0))),
        ]
    return lines


def _note(database: Database, text: str) -> None:
    with database.transaction() as session:
        session.execute(insert(AuditEntry).values(
            at=database.clock.now(), action="note", entity="database", entity_id=None, field=None,
            old=None, new=text))


def make_backup(database: Database, target: Path, *, password: str | None, hint: str = "",
                progress: store_backup.Progress | None = None,
                opener: store_backup.Opener | None = None) -> store_backup.Written:
    """Write, read back and check a backup; then remember it (for the reminder) and note it."""
    now = database.clock.now()
    written = store_backup.write_backup(database.path, target, password=password, hint=hint, now=now,
                                        progress=progress, opener=opener)
    with database.transaction() as session:
        _remember(session, LastBackup(now, written.path.name, written.checksum))
    _note(database, _("Backup written to {file} (SHA-256 {checksum})").format(
        file=written.path, checksum=written.checksum))
    return written


def _known_revisions() -> set[str]:
    from djdesk.store import migrate  # Alembic: only when a restore asks

    return migrate.known_revisions()


def check(path: Path, password: str | None,
          progress: store_backup.Progress | None = None) -> store_backup.Checked:
    """Open and check a backup completely, and refuse one this version cannot restore."""
    checked = store_backup.check_backup(path, password, progress)
    store_backup.refuse_newer(checked, _known_revisions())
    return checked


def restore(database: Database, data_dir: Path, checked: store_backup.Checked,
            progress: store_backup.Progress | None = None) -> Restored:
    """Replace the database with a checked backup (the data dir's lock must be held): the
    current one is snapshot first, an older schema is migrated, and the restore is noted.
    The Database object stays usable; its connections are closed and opened anew."""
    store_backup.refuse_newer(checked, _known_revisions())
    database.dispose()
    snapshot = store_backup.restore_image(checked.data, database.path, snapshot_dir=paths.snapshot_dir(data_dir),
                                          now=database.clock.now(), progress=progress)
    prepare(database.path, clock=database.clock, snapshot_dir=paths.snapshot_dir(data_dir))
    made = dt.datetime.fromisoformat(checked.header.created_at).replace(tzinfo=None)
    with database.transaction() as session:
        # The backup itself was made then: the reminder counts it.
        _remember(session, LastBackup(made, checked.path.name, checked.checksum))
    _note(database, _("Restored from the backup {file} made {at}").format(
        file=checked.path, at=checked.header.created_at.replace("T", " ")))
    return Restored(snapshot, checked.path.name)


def restore_from_snapshot(database: Database, data_dir: Path, snapshot: Snapshot) -> Restored:
    """Go back to a snapshot; the database as it is now becomes a snapshot first."""
    from djdesk.domain.errors import StorageError
    from djdesk.store.integrity import quick_problems

    found = quick_problems(snapshot.path)
    if found:
        raise StorageError(_("The snapshot {name} is damaged ({problem}); choose another.").format(
            name=snapshot.name, problem="; ".join(found[:3])))
    directory = paths.snapshot_dir(data_dir)
    database.dispose()
    try:
        before = take_snapshot(database.path, directory, "before-restore", database.clock.now())
        restore_snapshot(snapshot.path, database.path)
    except sqlite3.DatabaseError:  # too damaged to copy: the whole file is kept beside it
        before = store_backup.replace_damaged(
            database.path, lambda target: store_backup.copy_file(snapshot.path, target), database.clock.now())
    prepare(database.path, clock=database.clock, snapshot_dir=directory)
    _note(database, _("Restored from the snapshot {name}").format(name=snapshot.name))
    return Restored(before, snapshot.name)
