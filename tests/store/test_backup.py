"""The .djbak file: round trip, header, secrecy, names, a failing stick, a damaged source."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import random
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from djdesk import __version__
from djdesk.domain.dates import PartialDate
from djdesk.domain.errors import StorageError
from djdesk.domain.people import LeftReason
from djdesk.services import members
from djdesk.store import backup, backup_format
from djdesk.store.database import Database
from djdesk.store.opening import HEAD_REVISION
from tests.store.backup_files import (
    MEMBER_NAME,
    NAME,
    NOW,
    PASSWORD,
    SCHOOL,
    School,
    dump_file,
    dump_image,
    layout,
    target_dir,
    write,
)

pytestmark = pytest.mark.usefixtures("cheap_kdf")




# --- round trip and header -------------------------------------------------------------------


@pytest.mark.parametrize("password", [PASSWORD, None], ids=["encrypted", "unencrypted"])
def test_round_trip_gives_the_same_database(school: School, tmp_path: Path, password: str | None) -> None:
    path = school.database.path
    written = write(path, target_dir(tmp_path), password)
    checked = backup.check_backup(written.path, password)

    image = backup.database_image(path).data
    assert checked.data == image
    assert dump_image(checked.data) == dump_file(path)
    assert any(NAME in row for row in dump_image(checked.data)["person"])
    # The checksum reported is the file's own, as read back.
    assert written.checksum == checked.checksum == hashlib.sha256(written.path.read_bytes()).hexdigest()
    assert checked.header.encrypted is (password is not None)


def test_header_and_counts(school: School, tmp_path: Path, today: dt.date) -> None:
    database = school.database
    with database.transaction() as session:
        someone = next(row for row in members.list_rows(session) if row.name == MEMBER_NAME)
        members.mark_left(session, someone.id, on=PartialDate(2026, 5, 1), reason=LeftReason.RESIGNED,
                          today=today)
    written = write(database.path, target_dir(tmp_path), hint="  the usual one  ")
    header = written.header
    assert header.format == backup_format.FORMAT_VERSION
    assert header.program == __version__
    assert header.schema == HEAD_REVISION
    assert header.school == SCHOOL
    assert header.created_at == "2026-06-15T10:30:05"
    assert header.hint == "the usual one"
    assert header.sealing is not None and header.sealing.n == 2**10
    counts = backup.check_backup(written.path, PASSWORD).contents.counts
    assert counts["people"] == 1 and counts["party_members"] == 1 and counts["people_left"] == 1
    assert counts["branches"] == 1 and counts["meetings"] == 0
    # The header is readable without the password (to show before asking for it).
    assert backup.inspect(written.path).header == header


def test_header_of_a_school_without_a_name(db: Database, tmp_path: Path) -> None:
    written = write(db.path, target_dir(tmp_path))
    assert written.header.school == ""
    assert written.path.name == f"{backup_format_stem()}-2026-06-15-1.djbak"


def backup_format_stem() -> str:
    from djdesk.i18n import _

    return _("djdesk-backup")


# --- secrecy ---------------------------------------------------------------------------------


def encodings(text: str) -> list[bytes]:
    found = [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]
    try:
        found.append(text.encode("gbk"))
    except UnicodeEncodeError:
        pass
    return found


def test_encrypted_file_reveals_no_person(school: School, tmp_path: Path) -> None:
    written = write(school.database.path, target_dir(tmp_path))
    raw = written.path.read_bytes()
    secrets = [NAME, MEMBER_NAME, "ouyang", "cuiping", "第一党支部", *school.id_numbers,
               *(n[-8:] for n in school.id_numbers)]
    for secret in secrets:
        for encoded in encodings(secret):
            assert encoded not in raw, (secret, encoded)
            assert encoded.lower() not in raw.lower(), (secret, encoded)
    # Not even the SQLite file's own header is visible.
    assert b"SQLite format 3" not in raw


def test_school_name_is_only_in_the_readable_header(school: School, tmp_path: Path) -> None:
    """By design the school's name is in the header (it is in the file name too); it must not
    show anywhere else, and the counts are sealed."""
    written = write(school.database.path, target_dir(tmp_path))
    raw = written.path.read_bytes()
    parts = layout(written.path)
    assert SCHOOL in written.path.name
    for encoded in encodings(SCHOOL):
        rest = raw[parts.header[1]:]
        assert encoded not in rest
    assert raw.count(SCHOOL.encode("utf-8")) == 1
    assert b"people" not in raw and b"counts" not in raw


def test_unencrypted_file_is_readable_by_anyone(school: School, tmp_path: Path) -> None:
    written = write(school.database.path, target_dir(tmp_path), password=None)
    raw = written.path.read_bytes()
    for secret in (NAME, MEMBER_NAME, *school.id_numbers):
        assert secret.encode("utf-8") in raw
    assert b"SQLite format 3" in raw
    assert written.header.sealing is None


# --- names -----------------------------------------------------------------------------------


def test_two_backups_the_same_day_never_overwrite(school: School, tmp_path: Path) -> None:
    target = target_dir(tmp_path)
    first = write(school.database.path, target)
    first_bytes = first.path.read_bytes()
    second = write(school.database.path, target, now=NOW + dt.timedelta(hours=3))
    third = write(school.database.path, target, password=None, now=NOW + dt.timedelta(hours=4))
    assert first.path.name.endswith(f"-{SCHOOL}-2026-06-15-1.djbak")
    assert second.path.name.endswith(f"-{SCHOOL}-2026-06-15-2.djbak")
    assert third.path.name.endswith(f"-{SCHOOL}-2026-06-15-3.djbak")
    assert first.path.name.startswith("djdesk")
    assert first.path.read_bytes() == first_bytes
    assert sorted(p.name for p in target.iterdir()) == sorted(w.path.name for w in (first, second, third))
    next_day = write(school.database.path, target, now=NOW + dt.timedelta(days=1))
    assert next_day.path.name.endswith("-2026-06-16-1.djbak")


def test_school_name_is_made_safe_for_a_file_name(tmp_path: Path) -> None:
    name = backup.backup_name(tmp_path, 'a/b\\c:d*e?"f<g>h|i j', dt.date(2026, 1, 2))
    assert name.parent == tmp_path
    assert name.name.endswith("-a_b_c_d_e_f_g_h_i_j-2026-01-02-1.djbak")


def test_real_key_derivation_parameters(school: School, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup_format, "SCRYPT_N", 2**17)
    written = write(school.database.path, target_dir(tmp_path))
    sealing = written.header.sealing
    assert sealing is not None
    assert (sealing.n, sealing.r, sealing.p) == (2**17, 8, 1)
    assert len(sealing.salt) == 16 and len(sealing.verifier) == 16
    assert written.kdf_seconds > 0
    checked = backup.check_backup(written.path, PASSWORD)
    assert any(NAME in row for row in dump_image(checked.data)["person"])


# --- a failing stick -------------------------------------------------------------------------


class FailingFile:
    """A file on a stick that fills up or is pulled after `limit` bytes."""

    def __init__(self, path: Path, limit: int, error: int) -> None:
        self.handle = open(path, "wb")  # noqa: SIM115
        self.left = limit
        self.error = error

    def write(self, data: bytes) -> int:
        data = bytes(data)
        if len(data) > self.left:
            self.handle.write(data[:self.left])
            self.left = 0
            raise OSError(self.error, os.strerror(self.error))
        self.left -= len(data)
        return self.handle.write(data)

    def flush(self) -> None:
        self.handle.flush()

    def fileno(self) -> int:
        return self.handle.fileno()

    def close(self) -> None:
        self.handle.close()

    def __enter__(self) -> FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EIO], ids=["full", "pulled"])
@pytest.mark.parametrize("where", ["header", "middle", "tag"])
def test_a_stick_that_fails_mid_write_leaves_nothing(school: School, tmp_path: Path, error: int, where: str) -> None:
    database = school.database
    (tmp_path / "probe").mkdir()
    size = write(database.path, tmp_path / "probe").path.stat().st_size
    limit = {"header": 40, "middle": size // 2, "tag": size - 5}[where]
    database.dispose()
    before = hashlib.sha256(database.path.read_bytes()).hexdigest()
    rows = dump_file(database.path)
    target = target_dir(tmp_path)
    opened: list[Path] = []

    def opener(path: Path) -> FailingFile:
        opened.append(path)
        return FailingFile(path, limit, error)

    with pytest.raises(StorageError):
        write(database.path, target, opener=opener)
    assert opened and opened[0].parent == target  # the temporary file was on the stick
    assert list(target.iterdir()) == []
    # The main file's bytes (a read-only reader may leave an empty -wal beside it).
    assert hashlib.sha256(database.path.read_bytes()).hexdigest() == before
    assert dump_file(database.path) == rows


def test_a_stick_that_cannot_even_open_the_file(school: School, tmp_path: Path) -> None:
    target = target_dir(tmp_path)

    def opener(path: Path) -> FailingFile:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    with pytest.raises(StorageError):
        write(school.database.path, target, opener=opener)
    assert list(target.iterdir()) == []


def test_a_missing_target_folder_is_refused(school: School, tmp_path: Path) -> None:
    gone = tmp_path / "no-stick"
    with pytest.raises(StorageError):
        write(school.database.path, gone)
    assert not gone.exists()
    not_a_folder = tmp_path / "a-file.txt"
    not_a_folder.write_text("x")
    with pytest.raises(StorageError):
        write(school.database.path, not_a_folder)
    assert not_a_folder.read_text() == "x"


# --- a damaged source ------------------------------------------------------------------------


def filled_database(path: Path) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE t (a TEXT)")
        rows = random.Random(3)
        connection.executemany("INSERT INTO t VALUES (?)", [(rows.randbytes(100).hex(),) for _ in range(3000)])
        connection.commit()


def damage(path: Path, how: str) -> None:
    noise = random.Random(how).randbytes  # the same damage on every run
    raw = bytearray(path.read_bytes())
    page = 4096
    if how == "garbage":
        raw = bytearray(noise(8192))
    elif how == "truncated":
        raw = raw[: len(raw) // 2]
    elif how == "table-pages":
        for number in (3, 4, 5):
            raw[(number - 1) * page + 100:(number - 1) * page + 600] = noise(500)
    elif how == "page-header":
        raw[page:page + 12] = b"\xff" * 12
    elif how == "schema-page":
        raw[100:page] = noise(page - 100)
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("how", [
    "garbage", "truncated", "table-pages", "page-header",
    "schema-page",
])
def test_a_damaged_database_is_refused_before_anything_is_written(tmp_path: Path, how: str) -> None:
    source = tmp_path / "source.sqlite3"
    filled_database(source)
    damage(source, how)
    target = target_dir(tmp_path)
    with pytest.raises(StorageError):
        write(source, target)
    assert list(target.iterdir()) == []
