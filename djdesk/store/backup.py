"""Backups to a USB stick: write with read-back, verify, restore; no Qt, the standard library's sqlite3.

A backup is a consistent copy taken with SQLite's backup API into memory (so the unencrypted
database never touches the stick), checked with `PRAGMA quick_check`, then sealed by
`backup_format`. The file is written under a temporary name, synced, renamed, then read back
from the stick and checked before success is reported.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from djdesk import __version__
from djdesk.domain.errors import StorageError
from djdesk.files import fsync_dir, fsync_file
from djdesk.i18n import _
from djdesk.store import backup_format as fmt
from djdesk.store.backup_format import Contents, DamagedBackup, Header, NewerBackup
from djdesk.store.snapshots import take_snapshot

Progress = Callable[[int, int], None]
Opener = Callable[[Path], BinaryIO]
# Windows' "device not ready" and "device no longer connected": a stick pulled mid-write.
_PULLED_WINERRORS = {21, 1167, 31, 433}


@dataclass(frozen=True)
class Written:
    path: Path
    checksum: str  # SHA-256 of the file, as read back from the target
    header: Header
    contents: Contents
    kdf_seconds: float  # the key derivation, on purpose slow; measured apart


@dataclass(frozen=True)
class Checked:
    """A backup opened with its password, every byte authenticated and the database checked."""

    path: Path
    header: Header
    contents: Contents
    checksum: str
    data: bytes  # the database file's bytes


def _counts(connection: sqlite3.Connection) -> dict[str, int]:
    def count(sql: str) -> int:
        try:
            return int(connection.execute(sql).fetchone()[0])
        except sqlite3.OperationalError:  # an older schema without that table
            return 0

    try:  # the people in one pass over the table
        people, left, members = connection.execute(
            "SELECT count(*) - count(left_on), count(left_on), coalesce(sum(left_on IS NULL AND "
            "political_status IN ('cpc_member', 'cpc_probationary')), 0) FROM person").fetchone()
    except sqlite3.OperationalError:
        people = left = members = 0
    return {
        "people": int(people),
        "people_left": int(left),
        "party_members": int(members),
        "branches": count("SELECT count(*) FROM branch"),
        "meetings": count("SELECT count(*) FROM meeting"),
        "ethics_evaluations": count("SELECT count(*) FROM ethics_entry"),
        "review_entries": count("SELECT count(*) FROM review_entry"),
    }


def _school(connection: sqlite3.Connection) -> str:
    try:
        row = connection.execute("SELECT value FROM setting WHERE key = 'school_name'").fetchone()
        return str(json.loads(row[0])) if row else ""
    except (sqlite3.OperationalError, ValueError):
        return ""


def _revision(connection: sqlite3.Connection) -> str:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        row = None
    return row[0] if row else ""


@dataclass(frozen=True)
class Image:
    """The database copied into memory and checked, with what its header will say."""

    data: bytes
    counts: dict[str, int]
    school: str
    schema: str


def _problems(connection: sqlite3.Connection, pragma: str) -> list[str]:
    return [row[0] for row in connection.execute(f"PRAGMA {pragma}") if row[0] != "ok"]


def _refuse(found: list[str]) -> None:
    if found:
        raise StorageError(_("{what} failed the integrity check ({problem}); nothing was written.").format(
            what=_("The database"), problem="; ".join(found[:3])))


def database_image(database: Path, *, check: bool = True) -> Image:
    """A consistent copy of the database in memory (backup API), checked with `quick_check`
    unless the caller checks the bytes itself (`check=False`).

    quick_check verifies every page and record, but not that indexes match their tables: the
    full integrity_check alone would take ~4x a bare SQLite backup at 10,000 people, against
    a budget of 3x for the whole backup. `check_backup` (验证备份, restore) runs the full one.
    Bytes 18-19 mark the copy as a rollback-journal file: a WAL mark would make it unopenable
    in memory and, restored, tie it to a -wal file it does not have."""
    try:
        source = sqlite3.connect(f"{Path(database).resolve().as_uri()}?mode=ro", uri=True)
        memory = sqlite3.connect(":memory:")
        try:
            source.backup(memory)
            if check:
                _refuse(_problems(memory, "quick_check"))
            counts, school, schema = _counts(memory), _school(memory), _revision(memory)
            image = bytearray(memory.serialize())
        finally:
            source.close()
            memory.close()
    except sqlite3.DatabaseError as error:
        raise StorageError(_("The database {path} cannot be read: {error}").format(
            path=database, error=error)) from error
    image[18] = image[19] = 1
    return Image(bytes(image), counts, school, schema)


def _open_image(data: bytes) -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.deserialize(data)
    return connection


def backup_name(directory: Path, school: str, day: dt.date) -> Path:
    """djdesk-备份-<学校>-2026-11-21-1.djbak; the number goes up so a second backup the same
    day never overwrites the first."""
    school = re.sub(r'[\\/:*?"<>|\s]+', "_", school).strip("._")[:40]
    stem = "-".join(part for part in (_("djdesk-backup"), school, day.isoformat()) if part)
    number = 1
    while (directory / f"{stem}-{number}{fmt.SUFFIX}").exists():
        number += 1
    return directory / f"{stem}-{number}{fmt.SUFFIX}"


def size_estimate(database: Path) -> int:
    """About how many bytes the backup file will take (the database's pages plus a header)."""
    with contextlib.closing(sqlite3.connect(f"{Path(database).resolve().as_uri()}?mode=ro", uri=True)) as c:
        pages = c.execute("PRAGMA page_count").fetchone()[0]
        size = c.execute("PRAGMA page_size").fetchone()[0]
    return pages * size + 4096


def _write_failed(folder: Path, error: OSError) -> StorageError:
    if error.errno in (errno.ENOSPC, errno.EDQUOT) or getattr(error, "winerror", None) in (39, 112):
        why = _("the drive is full")
    elif error.errno in (errno.EIO, errno.ENODEV, errno.ENXIO, errno.ENOENT) or \
            getattr(error, "winerror", None) in _PULLED_WINERRORS:
        why = _("the drive was removed or cannot be written ({error})").format(error=error.strerror or error)
    else:
        why = str(error.strerror or error)
    return StorageError(_(
        "The backup to {folder} did not finish: {why}. No backup file was left there, and the "
        "database was not changed.").format(folder=folder, why=why))


def write_backup(database: Path, directory: Path, *, password: str | None, hint: str,
                 now: dt.datetime, progress: Progress | None = None,
                 opener: Opener | None = None) -> Written:
    """Write an encrypted backup (unencrypted when `password` is None) into `directory`, read
    it back and check it. `opener` opens the temporary file for writing (tests pass one that
    fails like a full or pulled stick)."""
    directory = Path(directory)
    if password == "":
        raise StorageError(_("A backup needs a password (or, on purpose, none at all)."))
    copied = database_image(database, check=False)
    checker = _Checker(copied.data)
    try:
        return _write_checked(copied, checker, directory, password=password, hint=hint, now=now,
                              progress=progress, opener=opener)
    finally:
        checker.join()


class _Checker(threading.Thread):
    """quick_check of the very bytes being sealed, beside the encryption and writing: SQLite
    leaves Python's lock while it checks, so the two overlap (budget: 3x a bare backup)."""

    def __init__(self, data: bytes) -> None:
        super().__init__(name="djdesk-backup-check", daemon=True)
        self.data, self.found = data, ["not checked"]
        self.start()

    def run(self) -> None:
        try:
            connection = _open_image(self.data)
            try:
                self.found = _problems(connection, "quick_check")
            finally:
                connection.close()
        except sqlite3.DatabaseError as error:
            self.found = [str(error)]

    def refuse_damage(self) -> None:
        self.join()
        _refuse(self.found)


def _write_checked(copied: Image, checker: _Checker, directory: Path, *, password: str | None, hint: str,
                   now: dt.datetime, progress: Progress | None, opener: Opener | None) -> Written:
    image, school, schema = copied.data, copied.school, copied.schema
    contents = Contents(copied.counts)
    sealing = fmt.new_sealing() if password is not None else None
    key = None
    kdf_seconds = 0.0
    if sealing is not None:
        started = time.perf_counter()
        key, verifier = fmt.derive(password or "", sealing)
        kdf_seconds = time.perf_counter() - started
        sealing = fmt.Sealing(sealing.salt, sealing.n, sealing.r, sealing.p, verifier,
                              sealing.contents_nonce, sealing.payload_nonce)
    header = Header(fmt.FORMAT_VERSION, __version__, schema, now.isoformat(timespec="seconds"),
                    school, hint.strip(), len(image), sealing)
    if not directory.is_dir():
        raise StorageError(_("The folder {folder} does not exist or the drive is not there.").format(
            folder=directory))
    _remove_leftovers(directory, now)
    open_target = opener or (lambda path: open(path, "wb"))
    temp = None
    try:
        handle, name = tempfile.mkstemp(prefix=".djdesk", suffix=f"{fmt.SUFFIX}.tmp", dir=directory)
        os.close(handle)
        temp = Path(name)
        with open_target(temp) as out:
            fmt.write(out, header, contents, image, key, progress)
        fsync_file(temp)
        checker.refuse_damage()  # before it gets a name: a damaged copy is never a backup
        target = _publish(temp, directory, school, now.date())
    except OSError as error:
        raise _write_failed(directory, error) from error
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
    # Read back from the target: the bytes there, not the ones in memory, are the backup.
    opened = fmt.open_file(target)
    read_contents = fmt.open_contents(opened, key)
    _data, checksum = fmt.read_payload(opened, key, keep=False)
    if read_contents != contents or opened.header != header:
        raise StorageError(_("The backup {file} was written but reads back differently: the drive may "
                             "be failing. Use another drive.").format(file=target))
    return Written(target, checksum, opened.header, contents, kdf_seconds)


def _publish(temp: Path, directory: Path, school: str, day: dt.date) -> Path:
    """Give the written file the day's next free name, never taking one another backup (a
    scheduled one, say) took meanwhile: a hard link or Windows' rename refuses an existing
    name; a stick without hard links (FAT) gets a check just before the rename."""
    while True:
        target = backup_name(directory, school, day)
        try:
            if os.name == "nt":
                os.rename(temp, target)
            else:
                try:
                    os.link(temp, target)
                except FileExistsError:
                    raise
                except OSError:
                    if target.exists():
                        continue
                    os.rename(temp, target)
                else:
                    temp.unlink()
        except FileExistsError:
            continue
        fsync_dir(directory)
        return target


def _remove_leftovers(directory: Path, now: dt.datetime) -> None:
    """Temporary files of a backup killed half-way (hidden, never under a backup's name) are
    removed once they are an hour old: no backup still running writes to them."""
    for path in directory.glob(f".*{fmt.SUFFIX}.*.tmp"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < now.timestamp() - 3600:
                path.unlink()


def inspect(path: Path) -> fmt.Opened:
    """The header of a backup file, checked, without its password."""
    return fmt.open_file(path)


def check_backup(path: Path, password: str | None, progress: Progress | None = None) -> Checked:
    """Open a backup with its password and check every byte and the database inside it."""
    opened = fmt.open_file(path)
    key, contents = fmt.unlock(opened, password)
    data, checksum = fmt.read_payload(opened, key, progress)
    try:
        connection = _open_image(data)
        try:
            problems = _problems(connection, "integrity_check")
            revision = _revision(connection)
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        problems, revision = [str(error)], ""
    if problems:
        raise DamagedBackup(_("The database inside {file} is damaged ({problem}).").format(
            file=path.name, problem="; ".join(problems[:3])))
    if revision != opened.header.schema:
        raise DamagedBackup(_("The database inside {file} does not match its header.").format(file=path.name))
    return Checked(Path(path), opened.header, contents, checksum, data)


def refuse_newer(checked: Checked, known: set[str]) -> None:
    if checked.header.schema not in known:
        raise NewerBackup(_(
            "The backup {file} holds data of a newer version of djdesk ({program}, schema {schema}); "
            "please use that version or a newer one to restore it.").format(
                file=checked.path.name, program=checked.header.program, schema=checked.header.schema))


def restore_image(data: bytes, database: Path, *, snapshot_dir: Path | None, now: dt.datetime,
                  progress: Progress | None = None) -> Path | None:
    """Replace the database's contents with `data` in one SQLite transaction: killed half-way,
    the next start finds the old database whole. The current database is snapshot first.
    Every connection to it must be closed (Database.dispose()) and the data dir locked."""
    snapshot = None
    database = Path(database)
    source = _open_image(data)
    if snapshot_dir is not None and database.exists() and database.stat().st_size > 0:
        try:
            snapshot = take_snapshot(database, snapshot_dir, "before-restore", now)
        except sqlite3.DatabaseError:  # too damaged to copy: the whole file is kept, beside
            try:
                return replace_damaged(database, source.backup, now)
            finally:
                source.close()
    try:
        target = sqlite3.connect(database)
        try:
            def step(_status: int, remaining: int, total: int) -> None:
                if progress:
                    progress(total - remaining, total)

            source.backup(target, pages=256, progress=step)
        finally:
            target.close()
    except sqlite3.DatabaseError as error:
        raise StorageError(_("The database {path} could not be replaced: {error}. It is as it was.").format(
            path=database, error=error)) from error
    finally:
        source.close()
    return snapshot


def replace_damaged(database: Path, fill: Callable[[sqlite3.Connection], None], now: dt.datetime) -> Path:
    """Put a good database in place of a damaged one with never a moment without one: the good
    one is written whole beside it, the damaged one linked (or copied) aside with its -wal and
    -shm files moved along, then the good one renamed over it. Returns where the damaged is."""
    temp = database.with_name(f".{database.name}.restoring")
    aside = database.with_name(f"{database.name}.damaged-{now:%Y%m%d-%H%M%S}")
    temp.unlink(missing_ok=True)
    try:
        with contextlib.closing(sqlite3.connect(temp)) as target:
            fill(target)
        fsync_file(temp)
        if database.exists():
            try:
                os.link(database, aside)
            except OSError:
                shutil.copyfile(database, aside)
                fsync_file(aside)
        for suffix in ("-wal", "-shm"):  # the damaged file's journal must not meet the good one
            part = Path(f"{database}{suffix}")
            if part.exists():
                os.replace(part, Path(f"{aside}{suffix}"))
        os.replace(temp, database)
        fsync_dir(database.parent)
    except (OSError, sqlite3.Error) as error:
        temp.unlink(missing_ok=True)
        raise StorageError(_("The database {path} could not be replaced: {error}. It is as it was.").format(
            path=database, error=error)) from error
    return aside


def copy_file(path: Path, target: sqlite3.Connection) -> None:
    """Fill `target` from a database file (a snapshot) with the backup API."""
    with contextlib.closing(sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)) as source:
        source.backup(target)


def copy_image(data: bytes, target: sqlite3.Connection) -> None:
    """Fill `target` from a checked backup's database bytes."""
    with contextlib.closing(_open_image(data)) as source:
        source.backup(target)
