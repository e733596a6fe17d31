"""Every backup the program must refuse: not a backup, a newer format, cut, bit-flipped, wrong password."""

from __future__ import annotations

import hashlib
import random
import struct
from pathlib import Path

import pytest

from djdesk.store import backup, backup_format
from djdesk.store.backup_format import (
    DamagedBackup,
    NewerBackup,
    NotABackup,
    WrongPassword,
)
from tests.store.backup_files import (
    PASSWORD,
    Layout,
    School,
    cut,
    flipped,
    layout,
    target_dir,
    write,
)

pytestmark = pytest.mark.usefixtures("cheap_kdf")




# --- refusals: not a backup, newer format ----------------------------------------------------


def test_files_that_are_not_backups_are_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    sheet = tmp_path / "roster.xlsx"
    book = Workbook()
    book.active.append(["姓名", "身份证号"])  # type: ignore[union-attr]
    book.save(sheet)
    noise = tmp_path / "random.djbak"
    noise.write_bytes(random.Random(5).randbytes(5000))
    empty = tmp_path / "empty.djbak"
    empty.write_bytes(b"")
    short = tmp_path / "short.djbak"
    short.write_bytes(backup_format.MAGIC[:5])
    for path in (sheet, noise, empty, short):
        with pytest.raises(NotABackup):
            backup.check_backup(path, PASSWORD)
        with pytest.raises(NotABackup):
            backup.inspect(path)


def test_a_missing_file_is_a_backup_error(tmp_path: Path) -> None:
    with pytest.raises(backup_format.BackupError):
        backup.check_backup(tmp_path / "gone.djbak", PASSWORD)


@pytest.mark.parametrize("fix_checksum", [False, True], ids=["checksum-stale", "checksum-valid"])
def test_a_newer_format_is_refused_before_its_header_is_checked(
    school: School, tmp_path: Path, fix_checksum: bool
) -> None:
    """A newer program may change everything after the version field, its checksum included:
    the version is looked at first, so the message says "newer", not "damaged"."""
    written = write(school.database.path, target_dir(tmp_path))
    raw = bytearray(written.path.read_bytes())
    parts = layout(written.path)
    raw[8:10] = struct.pack(">H", backup_format.FORMAT_VERSION + 1)
    if fix_checksum:
        raw[parts.checksum[0]:parts.checksum[1]] = hashlib.sha256(bytes(raw[:parts.header[1]])).digest()
    newer = tmp_path / "newer.djbak"
    newer.write_bytes(bytes(raw))
    with pytest.raises(NewerBackup):
        backup.check_backup(newer, PASSWORD)
    with pytest.raises(NewerBackup):
        backup.check_backup(newer, "wrong")


def test_an_older_format_number_is_damage(school: School, tmp_path: Path) -> None:
    written = write(school.database.path, target_dir(tmp_path))
    raw = bytearray(written.path.read_bytes())
    raw[8:10] = struct.pack(">H", 0)
    (tmp_path / "zero.djbak").write_bytes(bytes(raw))
    with pytest.raises(DamagedBackup):
        backup.check_backup(tmp_path / "zero.djbak", PASSWORD)


# --- refusals: truncated, bit-flipped, wrong password ---------------------------------------


@pytest.fixture
def sealed(school: School, tmp_path: Path) -> tuple[Path, Layout]:
    written = write(school.database.path, target_dir(tmp_path))
    return written.path, layout(written.path)


def cut_points(parts: Layout, size: int) -> dict[str, int]:
    return {
        "in-header": (parts.header[0] + parts.header[1]) // 2,
        "in-header-checksum": parts.checksum[0] + 10,
        "in-sealed-length": parts.checksum[1] + 2,
        "in-sealed-contents": (parts.sealed[0] + parts.sealed[1]) // 2,
        "payload-start": parts.payload[0] + 1,
        "in-payload": (parts.payload[0] + parts.payload[1]) // 2,
        "payload-end": parts.payload[1],
        "half-the-tag": size - 8,
        "last-byte": size - 1,
    }


def test_a_truncated_file_is_damaged_at_every_cut(sealed: tuple[Path, Layout]) -> None:
    path, parts = sealed
    size = path.stat().st_size
    for where, length in cut_points(parts, size).items():
        copy = cut(path, length)
        with pytest.raises(DamagedBackup):
            backup.check_backup(copy, PASSWORD)
        with pytest.raises(DamagedBackup):  # told before any password is asked
            backup.inspect(copy)
        assert where


def test_a_file_cut_just_after_the_magic_is_damaged_not_foreign(sealed: tuple[Path, Layout]) -> None:
    path, _parts = sealed
    for length in (len(backup_format.MAGIC), 9, 12):
        with pytest.raises(DamagedBackup):
            backup.inspect(cut(path, length))


def test_a_longer_file_is_damaged(sealed: tuple[Path, Layout]) -> None:
    path, _parts = sealed
    copy = path.with_name("longer.djbak")
    copy.write_bytes(path.read_bytes() + b"\0")
    with pytest.raises(DamagedBackup):
        backup.check_backup(copy, PASSWORD)


def flip_points(parts: Layout) -> dict[str, int]:
    return {
        "header-length": 12,
        "header-json": (parts.header[0] + parts.header[1]) // 2,
        "header-last": parts.header[1] - 2,
        "header-checksum": parts.checksum[0] + 5,
        "sealed-length": parts.checksum[1] + 3,
        "sealed-contents-start": parts.sealed[0],
        "sealed-contents-middle": (parts.sealed[0] + parts.sealed[1]) // 2,
        "sealed-contents-tag": parts.sealed[1] - 1,
        "payload-start": parts.payload[0],
        "payload-middle": (parts.payload[0] + parts.payload[1]) // 2,
        "payload-end": parts.payload[1] - 1,
        "tag-start": parts.trailer[0],
        "tag-end": parts.trailer[1] - 1,
    }


def test_a_flipped_bit_anywhere_is_damage(sealed: tuple[Path, Layout]) -> None:
    path, parts = sealed
    for where, position in flip_points(parts).items():
        copy = flipped(path, position)
        with pytest.raises(DamagedBackup):
            backup.check_backup(copy, PASSWORD)
        copy.unlink()
        assert where


def test_a_flipped_bit_in_the_magic_is_not_a_backup(sealed: tuple[Path, Layout]) -> None:
    path, _parts = sealed
    for position in (0, 3, 7):
        with pytest.raises(NotABackup):
            backup.check_backup(flipped(path, position), PASSWORD)


def test_wrong_password_is_told_apart_from_damage(sealed: tuple[Path, Layout]) -> None:
    path, parts = sealed
    for wrong in ("wrong", PASSWORD + " ", PASSWORD.upper(), ""):
        with pytest.raises(WrongPassword):
            backup.check_backup(path, wrong)
    with pytest.raises(WrongPassword):
        backup.check_backup(path, None)
    # Damaged data behind the wrong password: still "wrong password" (nothing can be told
    # before the key is right); with the right one, the damage is reported.
    damaged = flipped(path, (parts.payload[0] + parts.payload[1]) // 2)
    with pytest.raises(WrongPassword):
        backup.check_backup(damaged, "wrong")
    with pytest.raises(DamagedBackup):
        backup.check_backup(damaged, PASSWORD)


def test_the_password_is_normalised(school: School, tmp_path: Path) -> None:
    """"é" typed as one code point or as e + combining accent is the same password (NFC)."""
    written = write(school.database.path, target_dir(tmp_path), password="caf\u00e9")
    assert backup.check_backup(written.path, "cafe\u0301").data


def test_unencrypted_damage_is_found_by_its_checksum(school: School, tmp_path: Path) -> None:
    written = write(school.database.path, target_dir(tmp_path), password=None)
    parts = layout(written.path)
    assert backup.check_backup(written.path, None).data
    for position in (parts.header[0] + 3, parts.sealed[0] + 2, parts.payload[0] + 200,
                     parts.payload[1] - 1, parts.trailer[1] - 1):
        with pytest.raises(DamagedBackup):
            backup.check_backup(flipped(written.path, position), None)
    with pytest.raises(DamagedBackup):
        backup.check_backup(cut(written.path, parts.trailer[0] + 10), None)


def test_a_forged_header_cannot_ask_for_an_endless_key_derivation(sealed: tuple[Path, Layout], tmp_path: Path) -> None:
    path, parts = sealed
    raw = path.read_bytes()
    head = raw[parts.header[0]:parts.header[1]].replace(b'"n": 1024', b'"n": 1073741824')
    assert head != raw[parts.header[0]:parts.header[1]]
    prefix = raw[:10] + struct.pack(">I", len(head)) + head
    forged = tmp_path / "forged.djbak"
    forged.write_bytes(prefix + hashlib.sha256(prefix).digest() + raw[parts.checksum[1]:])
    with pytest.raises(DamagedBackup):
        backup.check_backup(forged, PASSWORD)
