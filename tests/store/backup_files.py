"""Shared by the backup tests: a school with secrets, writing a backup, the file's layout, damage."""

from __future__ import annotations

import datetime as dt
import sqlite3
import struct
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from djdesk.services import members
from djdesk.services import settings as school_settings
from djdesk.store import backup, backup_format
from djdesk.store.database import Database
from tests.factories import branch, id_number, member_draft

NOW = dt.datetime(2026, 6, 15, 10, 30, 5)
PASSWORD = "正确的密码 horse battery"
SCHOOL = "青山湾实验中学"
NAME = "欧阳翠屏"  # distinctive: found in the file only if the data leaks
MEMBER_NAME = "司马靖远"


@dataclass(frozen=True)
class School:
    database: Database
    id_numbers: tuple[str, ...]



def make_school(db: Database, today: dt.date) -> School:
    """A named school with two members whose names and ID numbers must never leak."""
    numbers = (id_number(dt.date(1979, 5, 20), male=False), id_number(dt.date(1988, 1, 9)))
    with db.transaction() as session:
        school_settings.save(session, school_settings.SchoolSettings(school_name=SCHOOL))
        first = branch(session, "第一党支部", ("第一党小组",))
        members.add(session, member_draft(first.id, name=NAME, id_number=numbers[0]), today=today)
        members.add(session, member_draft(first.id, name=MEMBER_NAME, id_number=numbers[1]), today=today)
    return School(db, numbers)


def target_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "stick"
    directory.mkdir()
    return directory


def dump(connection: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order."""
    tables = [r[0] for r in connection.execute(
        "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    return {t: sorted(connection.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


def dump_file(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        return dump(connection)


def dump_image(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    with closing(sqlite3.connect(":memory:")) as connection:
        connection.deserialize(data)
        return dump(connection)


def write(database: Path, directory: Path, password: str | None = PASSWORD, **kw: object) -> backup.Written:
    kw.setdefault("hint", "")
    kw.setdefault("now", NOW)
    return backup.write_backup(database, directory, password=password, **kw)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Layout:
    """Offsets of the parts of a written backup file."""

    header: tuple[int, int]  # the JSON
    checksum: tuple[int, int]
    sealed: tuple[int, int]
    payload: tuple[int, int]
    trailer: tuple[int, int]


def layout(path: Path) -> Layout:
    opened = backup_format.open_file(path)
    (length,) = struct.unpack(">I", path.read_bytes()[10:14])
    header_end = 14 + length
    sealed_start = opened.payload_offset - len(opened.sealed)
    payload_end = opened.payload_offset + opened.header.payload_size
    return Layout((14, header_end), (header_end, header_end + 32), (sealed_start, opened.payload_offset),
                  (opened.payload_offset, payload_end), (payload_end, opened.file_size))


def flipped(path: Path, position: int, bit: int = 0x04) -> Path:
    raw = bytearray(path.read_bytes())
    raw[position] ^= bit
    copy = path.with_name(f"flipped-{position}.djbak")
    copy.write_bytes(bytes(raw))
    return copy


def cut(path: Path, length: int) -> Path:
    copy = path.with_name(f"cut-{length}.djbak")
    copy.write_bytes(path.read_bytes()[:length])
    return copy
