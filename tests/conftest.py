"""Shared fixtures: offscreen Qt, a fixed "today", real migrated SQLite files in temp dirs."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

# Before anything imports Qt: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("DJDESK_DATA_DIR", None)
os.environ.pop("DJDESK_LANG", None)

import pytest

from djdesk import i18n
from djdesk.domain.clock import FixedClock
from djdesk.store.database import Database
from djdesk.store.opening import open_database

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def chinese() -> Iterator[None]:
    """Every test starts in the default language, whatever the previous one chose."""
    i18n.setup("zh_CN")
    yield
    i18n.setup("zh_CN")


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock.on(TODAY, hour=10)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database migrated to head once; tests get copies of the closed file."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    # The injected day: a new database keeps its dues from its first month (dues_since).
    open_database(path, clock=FixedClock.on(TODAY)).dispose()
    return path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "data"
    directory.mkdir()
    return directory


@pytest.fixture
def db(template_db: Path, data_dir: Path, clock: FixedClock) -> Iterator[Database]:
    path = data_dir / "djdesk.sqlite3"
    shutil.copyfile(template_db, path)
    database = open_database(path, clock=clock)
    yield database
    database.dispose()


@pytest.fixture
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt at n=2**10 instead of 2**17: the same code at a thousandth of the memory and time
    (bench/backup.py measures the real cost; one test per layer keeps the real parameters)."""
    from djdesk.store import backup_format

    monkeypatch.setattr(backup_format, "SCRYPT_N", 2**10)
