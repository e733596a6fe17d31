"""`djdesk backup|verify|restore|snapshots` run in-process through `djdesk.cli.main`: files, exit codes, data."""

from __future__ import annotations

import hashlib
import io
import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from djdesk import paths
from djdesk.cli import main
from djdesk.domain.clock import FixedClock
from djdesk.services import members
from djdesk.store import backup_format
from djdesk.store.backup import check_backup
from djdesk.store.backup_format import WrongPassword
from djdesk.store.lock import DataDirLock
from djdesk.store.snapshots import list_snapshots
from djdesk.workspace import open_workspace
from tests.conftest import TODAY
from tests.factories import branch, member_draft

PASSWORD = "correct horse 电池"




@pytest.fixture(autouse=True)
def no_log_handler() -> Iterator[None]:
    """main() points the root logger at the data dir's log file; close it with the test's temp dir."""
    yield
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_djdesk", False):
            root.removeHandler(handler)
            handler.close()


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """No terminal, even under `pytest -s`; a "y" waiting on stdin shows a prompt would have read it."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str, lang: str | None = None) -> tuple[int, str, str]:
    capsys.readouterr()
    argv = ["--data-dir", str(data_dir), *(["--lang", lang] if lang else []), *args]
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def school(directory: Path, names: tuple[str, ...]) -> Path:
    """A data dir with these party members in one branch; returns the database path."""
    workspace = open_workspace(directory, clock=FixedClock.on(TODAY, hour=10))
    try:
        with workspace.database.transaction() as session:
            first = branch(session, "第一党支部")
            for name in names:
                members.add(session, member_draft(first.id, name=name), today=TODAY)
    finally:
        workspace.close()
    return paths.database_path(directory)


def people(capsys: pytest.CaptureFixture[str], directory: Path) -> int:
    code, out, err = run(capsys, directory, "info", lang="en")
    assert code == 0, err
    return int(re.search(r"^People at the school: (\d+)$", out, re.M).group(1))  # type: ignore[union-attr]


def password_file(folder: Path, text: str, name: str = "pw.txt") -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_backup(capsys: pytest.CaptureFixture[str], source: Path, target: Path, password: str = PASSWORD) -> Path:
    code, _out, err = run(capsys, source, "backup", "--to", str(target),
                          "--password-file", str(password_file(target.parent, password, "made.txt")))
    assert code == 0, err
    (made,) = target.glob("*.djbak")
    return made


@pytest.fixture
def source(tmp_path: Path) -> Path:
    directory = tmp_path / "source"
    school(directory, ("王喆", "李堃", "赵赟"))
    return directory


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


def test_backup_writes_one_checked_file_and_prints_its_path_and_checksum(
        capsys: pytest.CaptureFixture[str], source: Path, stick: Path, tmp_path: Path) -> None:
    # The real scrypt parameters, once.
    code, out, err = run(capsys, source, "backup", "--to", str(stick),
                         "--password-file", str(password_file(tmp_path, PASSWORD + "\n")), "--hint", "马")
    assert code == 0, err
    assert err == ""  # encrypted: no warning
    (made,) = stick.iterdir()  # one file, no temporary left beside it
    assert made.suffix == ".djbak"
    assert str(made) in out
    assert re.search(rf"SHA-256[:：] ?{sha256(made)}$", out, re.M)
    header = backup_format.open_file(made).header
    assert header.encrypted and header.sealing.n == 2**17 and header.hint == "马"  # type: ignore[union-attr]
    assert b"\xe7\x8e\x8b\xe5\x96\x86" not in made.read_bytes()  # 王喆 in UTF-8: not readable in the file
    checked = check_backup(made, PASSWORD)
    assert checked.contents.counts["people"] == 3 and checked.checksum == sha256(made)


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_one_trailing_newline_is_stripped_and_inner_spaces_kept(
        capsys: pytest.CaptureFixture[str], cheap_kdf: None, source: Path, stick: Path, tmp_path: Path,
        ending: str) -> None:
    made = make_backup(capsys, source, stick, password=f" pass  word {ending}")
    assert check_backup(made, " pass  word ").contents.counts["people"] == 3
    for wrong in ("pass  word", " pass word ", f" pass  word {ending}"):
        with pytest.raises(WrongPassword):
            check_backup(made, wrong)
    for good in (" pass  word ", f" pass  word {ending}"):
        code, _out, err = run(capsys, source, "verify", str(made), "--password-file", str(password_file(tmp_path, good)))
        assert code == 0, err
    # Only one ending is a file's last line: a second one is part of the password.
    code, _out, _err = run(capsys, source, "verify", str(made),
                           "--password-file", str(password_file(tmp_path, f" pass  word {ending}{ending}")))
    assert code == 1
    code, _out, _err = run(capsys, source, "verify", str(made), "--password-file",
                           str(password_file(tmp_path, "pass  word\n")))
    assert code == 1


def test_without_a_password_file_nothing_is_written(
        capsys: pytest.CaptureFixture[str], cheap_kdf: None, source: Path, stick: Path, tmp_path: Path) -> None:
    code, _out, err = run(capsys, source, "backup", "--to", str(stick))
    assert code == 1 and err
    for text in ("", "\n", "\r\n"):
        code, _out, err = run(capsys, source, "backup", "--to", str(stick),
                              "--password-file", str(password_file(tmp_path, text)))
        assert code == 1 and err
    code, _out, err = run(capsys, source, "backup", "--to", str(stick),
                          "--password-file", str(tmp_path / "missing.txt"))
    assert code == 1 and err
    code, _out, err = run(capsys, source, "backup", "--to", str(stick), "--no-encryption",
                          "--password-file", str(password_file(tmp_path, PASSWORD)))
    assert code == 1 and err
    assert list(stick.iterdir()) == []


def test_an_unencrypted_backup_is_readable_and_warned_about(
        capsys: pytest.CaptureFixture[str], source: Path, stick: Path) -> None:
    code, out, err = run(capsys, source, "backup", "--to", str(stick), "--no-encryption")
    assert code == 0
    assert err.strip()  # the warning
    (made,) = stick.iterdir()
    assert re.search(rf"SHA-256[:：] ?{sha256(made)}$", out, re.M)
    assert not backup_format.open_file(made).header.encrypted
    assert b"SQLite format 3\x00" in made.read_bytes()
    code, out, err = run(capsys, source, "verify", str(made), lang="en")
    assert code == 0, err
    assert re.search(r"^People at the school: 3$", out, re.M)


def test_verify_checks_the_password_and_every_byte(
        capsys: pytest.CaptureFixture[str], cheap_kdf: None, source: Path, stick: Path, tmp_path: Path) -> None:
    made = make_backup(capsys, source, stick)
    good = password_file(tmp_path, PASSWORD + "\n")
    code, out, err = run(capsys, source, "verify", str(made), "--password-file", str(good), lang="en")
    assert code == 0, err
    assert re.search(r"^People at the school: 3$", out, re.M)
    assert re.search(r"^Party members: 3$", out, re.M) and re.search(r"^Meetings: 0$", out, re.M)
    assert re.search(rf"SHA-256[:：] ?{sha256(made)}$", out, re.M)

    wrong = password_file(tmp_path, "not it", "wrong.txt")
    assert run(capsys, source, "verify", str(made), "--password-file", str(wrong))[0] == 1
    assert run(capsys, source, "verify", str(made))[0] == 1  # encrypted, and no password given

    other = tmp_path / "notes.djbak"
    other.write_bytes(b"just some notes\n" * 100)
    assert run(capsys, source, "verify", str(other), "--password-file", str(good))[0] == 1

    data = made.read_bytes()
    truncated = tmp_path / "truncated.djbak"
    truncated.write_bytes(data[: len(data) - 100])
    assert run(capsys, source, "verify", str(truncated), "--password-file", str(good))[0] == 1

    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x01
    damaged = tmp_path / "flipped.djbak"
    damaged.write_bytes(bytes(flipped))
    assert run(capsys, source, "verify", str(damaged), "--password-file", str(good))[0] == 1

    assert run(capsys, source, "verify", str(tmp_path / "absent.djbak"), "--password-file", str(good))[0] == 1


def test_restore_into_an_empty_data_dir(
        capsys: pytest.CaptureFixture[str], cheap_kdf: None, source: Path, stick: Path, tmp_path: Path) -> None:
    made = make_backup(capsys, source, stick)
    empty = tmp_path / "new-computer"
    code, _out, err = run(capsys, empty, "restore", str(made), "--password-file",
                          str(password_file(tmp_path, PASSWORD)), "--yes")
    assert code == 0, err
    assert people(capsys, empty) == 3
    assert run(capsys, empty, "check")[0] == 0


def test_restore_needs_yes_without_a_terminal(
        capsys: pytest.CaptureFixture[str], cheap_kdf: None, source: Path, stick: Path, tmp_path: Path) -> None:
    made = make_backup(capsys, source, stick)
    target = tmp_path / "target"
    database = school(target, ("孙悟空",))
    before = sha256(database)
    code, _out, err = run(capsys, target, "restore", str(made), "--password-file", str(password_file(tmp_path, PASSWORD)))
    assert code == 1 and err
    assert sys.stdin.read() == "y\n"  # never prompted
    assert sha256(database) == before
    assert list_snapshots(paths.snapshot_dir(target)) == []
    assert people(capsys, target) == 1


def test_restore_is_refused_while_the_data_dir_is_locked(
        capsys: pytest.CaptureFixture[str], cheap_kdf: None, source: Path, stick: Path, tmp_path: Path) -> None:
    made = make_backup(capsys, source, stick)
    target = tmp_path / "target"
    database = school(target, ("孙悟空",))
    before = sha256(database)
    lock = DataDirLock(target).acquire()
    try:
        code, _out, err = run(capsys, target, "restore", str(made), "--password-file",
                              str(password_file(tmp_path, PASSWORD)), "--yes")
    finally:
        lock.release()
    assert code == 1 and err
    assert sha256(database) == before
    assert list_snapshots(paths.snapshot_dir(target)) == []
    assert people(capsys, target) == 1


def test_restore_keeps_the_old_database_as_a_snapshot_to_go_back_to(
        capsys: pytest.CaptureFixture[str], cheap_kdf: None, source: Path, stick: Path, tmp_path: Path) -> None:
    made = make_backup(capsys, source, stick)
    target = tmp_path / "target"
    school(target, ("孙悟空",))
    code, out, _err = run(capsys, target, "snapshots")
    assert code == 0 and not list_snapshots(paths.snapshot_dir(target))

    code, out, err = run(capsys, target, "restore", str(made), "--password-file",
                         str(password_file(tmp_path, PASSWORD)), "--yes")
    assert code == 0, err
    assert people(capsys, target) == 3
    (kept,) = list_snapshots(paths.snapshot_dir(target))
    assert kept.label == "before-restore" and str(kept.path) in out

    code, out, err = run(capsys, target, "snapshots")
    assert code == 0, err
    assert [line.split("\t")[0] for line in out.splitlines()] == [kept.name]

    assert run(capsys, target, "snapshots", "--restore", "20000101-000000-daily.sqlite3", "--yes")[0] == 1
    assert run(capsys, target, "snapshots", "--restore", kept.name)[0] == 1  # no --yes, no terminal
    assert people(capsys, target) == 3

    code, _out, err = run(capsys, target, "snapshots", "--restore", kept.name, "--yes")
    assert code == 0, err
    assert people(capsys, target) == 1
    found = list_snapshots(paths.snapshot_dir(target))
    assert len(found) == 2 and kept in found  # going back kept the restored data as a snapshot too
    code, out, _err = run(capsys, target, "snapshots")
    assert sorted(line.split("\t")[0] for line in out.splitlines()) == sorted(s.name for s in found)


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path) -> None:
    for argv in (["backup"], ["verify"], ["restore"], ["backup", "--to", str(tmp_path), "--frobnicate"]):
        with pytest.raises(SystemExit) as exited:
            main(["--data-dir", str(data_dir), *argv])
        assert exited.value.code == 2
        assert capsys.readouterr().err
    assert not paths.database_path(data_dir).exists()


def test_a_missing_target_folder_is_a_user_error(
        capsys: pytest.CaptureFixture[str], cheap_kdf: None, source: Path, tmp_path: Path) -> None:
    gone = tmp_path / "pulled-stick"
    code, _out, err = run(capsys, source, "backup", "--to", str(gone),
                          "--password-file", str(password_file(tmp_path, PASSWORD)))
    assert code == 1 and err
    assert not gone.exists()


def test_two_backups_a_day_never_overwrite_each_other(
        capsys: pytest.CaptureFixture[str], cheap_kdf: None, source: Path, stick: Path, tmp_path: Path) -> None:
    first = make_backup(capsys, source, stick)
    before = sha256(first)
    code, _out, err = run(capsys, source, "backup", "--to", str(stick),
                          "--password-file", str(password_file(tmp_path, PASSWORD)))
    assert code == 0, err
    made = sorted(stick.glob("*.djbak"))
    assert len(made) == 2 and first in made and sha256(first) == before
    assert [p.name[-8:] for p in made] == ["-1.djbak", "-2.djbak"]


def test_a_backup_from_a_newer_version_is_refused(
        capsys: pytest.CaptureFixture[str], cheap_kdf: None, template_db: Path, stick: Path, tmp_path: Path) -> None:
    import contextlib
    import datetime as dt
    import shutil
    import sqlite3

    from djdesk.store.backup import write_backup

    newer = tmp_path / "newer.sqlite3"
    shutil.copyfile(template_db, newer)
    with contextlib.closing(sqlite3.connect(newer)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
        connection.commit()
    made = write_backup(newer, stick, password=PASSWORD, hint="", now=dt.datetime(2026, 6, 15, 10)).path
    target = tmp_path / "target"
    database = school(target, ("孙悟空",))
    before = sha256(database)
    good = str(password_file(tmp_path, PASSWORD))
    assert run(capsys, target, "verify", str(made), "--password-file", good)[0] == 1
    assert run(capsys, target, "restore", str(made), "--password-file", good, "--yes")[0] == 1
    assert sha256(database) == before and people(capsys, target) == 1


def test_a_snapshot_can_be_restored_over_a_damaged_database(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import contextlib
    import datetime as dt
    import sqlite3

    from djdesk.store.snapshots import take_snapshot

    target = tmp_path / "target"
    database = school(target, ("孙悟空",))
    with contextlib.closing(sqlite3.connect(database)) as connection:  # enough pages to damage one in the middle
        connection.execute("CREATE TABLE filler (x TEXT)")
        connection.executemany("INSERT INTO filler VALUES (?)", [("填充" * 300,)] * 400)
        connection.commit()
    kept = take_snapshot(database, paths.snapshot_dir(target), "daily", dt.datetime(2026, 6, 15, 10))
    size = database.stat().st_size
    with open(database, "r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xff" * 16384)
    assert run(capsys, target, "check")[0] == 1
    code, out, _err = run(capsys, target, "snapshots")
    assert code == 0 and kept.name in out
    code, _out, err = run(capsys, target, "snapshots", "--restore", kept.name, "--yes")
    assert code == 0, err
    assert run(capsys, target, "check")[0] == 0 and people(capsys, target) == 1
