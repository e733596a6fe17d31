"""`djdesk` subcommands as separate processes: output, exit codes, no prompts, no Qt."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from djdesk import __version__
from djdesk.store.lock import DataDirLock
from djdesk.store.opening import HEAD_REVISION

pytestmark = pytest.mark.slow


def djdesk(*args: str, data_dir: Path | None = None, env: dict[str, str] | None = None,
           module: bool = True) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJDESK_")}
    environment.update(env or {})
    if data_dir is not None:
        environment["DJDESK_DATA_DIR"] = str(data_dir)
    command = [sys.executable, "-m", "djdesk", *args]
    # stdin closed: a command that tried to prompt would fail instead of waiting forever.
    return subprocess.run(command, capture_output=True, text=True, env=environment,
                          stdin=subprocess.DEVNULL, timeout=120)


def test_version() -> None:
    result = djdesk("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"djdesk {__version__}"


def test_info_creates_and_migrates_a_missing_database(data_dir: Path) -> None:
    result = djdesk("info", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert f"数据目录：{data_dir}" in result.stdout
    assert f"数据库：{data_dir / 'djdesk.sqlite3'}" in result.stdout
    assert f"数据库结构版本：{HEAD_REVISION}" in result.stdout
    assert "在册人员：0" in result.stdout and "会议：0" in result.stdout
    assert (data_dir / "djdesk.sqlite3").exists()


def test_data_dir_option_beats_the_environment(tmp_path: Path) -> None:
    chosen, other = tmp_path / "chosen", tmp_path / "other"
    result = djdesk("--data-dir", str(chosen), "info", data_dir=other)
    assert result.returncode == 0
    assert (chosen / "djdesk.sqlite3").exists() and not other.exists()


def test_demo_info_counts_the_demo_school(data_dir: Path) -> None:
    result = djdesk("--demo", "info", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert f"数据目录：{data_dir / 'demo'}" in result.stdout
    assert "学校：兰州市城关区明德中学" in result.stdout
    people = int(result.stdout.split("在册人员：")[1].split()[0])
    assert 100 <= people <= 130


def test_check_passes_on_a_good_database(data_dir: Path) -> None:
    result = djdesk("check", data_dir=data_dir)
    assert result.returncode == 0
    assert "完好" in result.stdout


def test_check_exits_1_on_a_damaged_file(data_dir: Path, template_db: Path) -> None:
    path = data_dir / "djdesk.sqlite3"
    shutil.copyfile(template_db, path)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE filler (x TEXT)")
        connection.executemany("INSERT INTO filler VALUES (?)", [("填充" * 300,)] * 400)
        connection.commit()
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xff" * 16384)
    result = djdesk("check", data_dir=data_dir)
    assert result.returncode == 1
    assert "已损坏" in result.stdout + result.stderr


def test_a_file_that_is_not_a_database_is_a_user_error(data_dir: Path) -> None:
    (data_dir / "djdesk.sqlite3").write_bytes(b"not a database at all" * 200)
    result = djdesk("info", data_dir=data_dir)
    assert result.returncode == 1
    assert result.stderr.startswith("djdesk：无法读取数据库文件")


def test_usage_errors_exit_2_in_chinese(data_dir: Path) -> None:
    result = djdesk("frobnicate", data_dir=data_dir)
    assert result.returncode == 2
    assert "无效的选择" in result.stderr and "用法：" in result.stderr


def test_language_can_be_english(data_dir: Path) -> None:
    result = djdesk("--lang", "en", "info", data_dir=data_dir)
    assert "Data folder:" in result.stdout
    (data_dir / "djdesk.ini").write_text("[General]\nlanguage=en\n", encoding="utf-8")
    assert "Data folder:" in djdesk("info", data_dir=data_dir).stdout


def test_creating_a_database_needs_the_lock(data_dir: Path) -> None:
    with DataDirLock(data_dir):
        result = djdesk("info", data_dir=data_dir)
    assert result.returncode == 1
    assert "程序已在使用此数据目录" in result.stderr
    assert not (data_dir / "djdesk.sqlite3").exists()


def test_reading_works_while_the_window_holds_the_lock(data_dir: Path) -> None:
    assert djdesk("info", data_dir=data_dir).returncode == 0
    with DataDirLock(data_dir):
        assert djdesk("info", data_dir=data_dir).returncode == 0
        assert djdesk("check", data_dir=data_dir).returncode == 0


def test_the_djdesk_script_is_installed(data_dir: Path) -> None:
    script = shutil.which("djdesk", path=str(Path(sys.executable).parent))
    assert script is not None
    result = subprocess.run([script, "--version"], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=60)
    assert result.stdout.strip() == f"djdesk {__version__}"


def test_self_test_passes_on_this_installation() -> None:
    result = djdesk("--self-test", env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "self-test passed"
    assert sum(line.startswith("ok ") for line in lines) == 10


def test_an_unusable_data_folder_is_a_clear_user_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = djdesk("--data-dir", str(blocker / "data"), "info")
    assert result.returncode == 1
    assert result.stderr.startswith(f"djdesk：数据目录 {blocker / 'data'} 无法使用")
    assert "Traceback" not in result.stderr


def test_import_roster_prints_every_problem_and_writes_nothing(data_dir: Path, tmp_path: Path) -> None:
    from tests.sheets import messy

    sheet = messy.build(tmp_path / "messy.xlsx")
    result = djdesk("import-roster", str(sheet), data_dir=data_dir)
    assert result.returncode == 1
    assert "新增 6 人；更新 0 人；不变 0 人；有问题 12 行。" in result.stdout
    for problems in messy.EXPECTED_PROBLEMS.values():
        for problem in problems:
            assert problem in result.stdout
    assert "没有导入任何数据" in result.stdout
    assert "在册人员：0" in djdesk("info", data_dir=data_dir).stdout


def test_import_roster_good_rows_then_export_and_dry_run(data_dir: Path, tmp_path: Path) -> None:
    from tests.sheets import messy

    sheet = messy.build(tmp_path / "messy.xlsx")
    result = djdesk("import-roster", str(sheet), "--only-good-rows", data_dir=data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "已导入：新增 6 人，更新 0 人，未导入 12 行。" in result.stdout
    assert "在册人员：6" in djdesk("info", data_dir=data_dir).stdout
    out = tmp_path / "out.xlsx"
    exported = djdesk("export-roster", str(out), "--branch", "第一党支部", data_dir=data_dir)
    assert exported.returncode == 0 and exported.stdout.strip() == f"已将 2 人导出到 {out}。"
    again = djdesk("import-roster", str(out), "--dry-run", data_dir=data_dir)
    assert again.returncode == 0 and "新增 0 人；更新 0 人；不变 2 人；有问题 0 行。" in again.stdout


def test_import_roster_refuses_a_bad_file_with_exit_1(data_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    result = djdesk("import-roster", str(tmp_path / "old.xls"), data_dir=data_dir)
    assert result.returncode == 1
    assert result.stderr.startswith("djdesk：old.xls 是旧的 Excel 97-2003 格式")
