"""Snapshots: names and order, never overwritten, once a day, the 7 daily + 12 monthly rule, upkeep."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

from djdesk import paths
from djdesk.services import import_runs, members
from djdesk.store.database import Database
from djdesk.store.snapshots import (
    Snapshot,
    daily_snapshot,
    list_snapshots,
    newest_good,
    prune,
    take_snapshot,
    to_prune,
)
from djdesk.workspace import daily_upkeep
from tests.factories import draft

NOW = dt.datetime(2026, 6, 15, 10, 0, 0)


def names(snapshots: list[Snapshot] | list[Path]) -> list[str]:
    return [s.name for s in snapshots]


def people(path: Path) -> list[str]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        return sorted(r[0] for r in connection.execute("SELECT name FROM person"))


def add(db: Database, name: str) -> None:
    with db.transaction() as session:
        members.add(session, draft(name=name), today=db.clock.today())


def touch(directory: Path, *file_names: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name in file_names:
        (directory / name).write_bytes(b"x" * 10)


# --- listing ---------------------------------------------------------------------------------


def test_list_parses_names_and_sorts_newest_first(tmp_path: Path) -> None:
    touch(tmp_path,
          "20260101-120000-daily.sqlite3",
          "20251231-235959-before-import.sqlite3",
          "20260102-000000-before-upgrade-0001_people.sqlite3",
          "20260103-080000-before-restore-3.sqlite3",
          # not snapshots: left out
          "last-import.json", "notes.txt", "20260104-000000-daily.sqlite3.tmp",
          ".20260104-000000-daily.sqlite3.abc.tmp", "2026-bad-daily.sqlite3",
          "20261340-000000-daily.sqlite3", "20260105-000000-.sqlite3", "djdesk.sqlite3")
    (tmp_path / "20260106-000000-daily.sqlite3").mkdir()  # a folder of that name is no snapshot
    found = list_snapshots(tmp_path)
    assert names(found) == [
        "20260103-080000-before-restore-3.sqlite3",
        "20260102-000000-before-upgrade-0001_people.sqlite3",
        "20260101-120000-daily.sqlite3",
        "20251231-235959-before-import.sqlite3",
    ]
    assert [s.label for s in found] == ["before-restore", "before-upgrade-0001_people", "daily", "before-import"]
    assert found[0].taken_at == dt.datetime(2026, 1, 3, 8, 0, 0)
    assert found[0].size == 10 and found[0].path == tmp_path / found[0].name


def test_list_of_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert list_snapshots(tmp_path / "nowhere") == []


def test_snapshots_of_the_same_second_list_the_later_first(tmp_path: Path) -> None:
    touch(tmp_path, *(f"20260101-120000-daily{suffix}.sqlite3" for suffix in ("", "-2", "-9", "-10")))
    assert names(list_snapshots(tmp_path)) == [
        "20260101-120000-daily-10.sqlite3", "20260101-120000-daily-9.sqlite3",
        "20260101-120000-daily-2.sqlite3", "20260101-120000-daily.sqlite3"]


# --- taking ----------------------------------------------------------------------------------


def test_take_snapshot_never_overwrites_within_one_second(db: Database, tmp_path: Path) -> None:
    directory = tmp_path / "snapshots"
    add(db, "甲")
    first = take_snapshot(db.path, directory, "daily", NOW)
    add(db, "乙")
    second = take_snapshot(db.path, directory, "daily", NOW)
    third = take_snapshot(db.path, directory, "daily", NOW)
    assert first.name == "20260615-100000-daily.sqlite3"
    assert second.name == "20260615-100000-daily-2.sqlite3"
    assert third.name == "20260615-100000-daily-3.sqlite3"
    assert people(first) == ["甲"]
    assert people(second) == people(third) == ["乙", "甲"]
    assert {s.label for s in list_snapshots(directory)} == {"daily"}


def test_a_snapshot_is_one_self_contained_file(db: Database, tmp_path: Path) -> None:
    """The copy of a WAL database must not need a -wal file, and the live one is untouched."""
    add(db, "甲")
    directory = tmp_path / "snapshots"
    snapshot = take_snapshot(db.path, directory, "daily", NOW)
    assert sorted(p.name for p in directory.iterdir()) == [snapshot.name]
    with closing(sqlite3.connect(snapshot)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert connection.execute("PRAGMA quick_check").fetchone() == ("ok",)
    add(db, "乙")  # the live database still works and the snapshot stays as it was
    assert people(snapshot) == ["甲"]


def test_daily_snapshot_once_a_day(db: Database, tmp_path: Path) -> None:
    directory = tmp_path / "snapshots"
    taken = daily_snapshot(db.path, directory, NOW)
    assert taken is not None and taken.name == "20260615-100000-daily.sqlite3"
    assert daily_snapshot(db.path, directory, NOW.replace(hour=18)) is None
    assert daily_snapshot(db.path, directory, NOW.replace(hour=23, minute=59, second=59)) is None
    tomorrow = daily_snapshot(db.path, directory, NOW + dt.timedelta(days=1, hours=-9))
    assert tomorrow is not None and tomorrow.name == "20260616-010000-daily.sqlite3"
    assert names(list_snapshots(directory)) == [tomorrow.name, taken.name]


def test_other_snapshots_of_the_day_do_not_count_as_the_daily_one(db: Database, tmp_path: Path) -> None:
    take_snapshot(db.path, tmp_path, "before-import", NOW.replace(hour=8))
    assert daily_snapshot(db.path, tmp_path, NOW) is not None


def test_no_daily_snapshot_of_a_missing_or_empty_database(tmp_path: Path) -> None:
    directory = tmp_path / "snapshots"
    assert daily_snapshot(tmp_path / "none.sqlite3", directory, NOW) is None
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    assert daily_snapshot(empty, directory, NOW) is None
    assert list_snapshots(directory) == []


# --- retention -------------------------------------------------------------------------------


def made(*moments: dt.datetime, label: str = "daily") -> list[Snapshot]:
    """Snapshots that exist only as names (to_prune looks at nothing else), newest first."""
    found = [Snapshot(Path(f"/nowhere/{m:%Y%m%d-%H%M%S}-{label}.sqlite3"), m, label, 1) for m in moments]
    return sorted(found, key=lambda s: s.taken_at, reverse=True)


def kept(snapshots: list[Snapshot], **kw: object) -> list[dt.datetime]:
    pruned = {s.path for s in to_prune(snapshots, **kw)}  # type: ignore[arg-type]
    return sorted((s.taken_at for s in snapshots if s.path not in pruned), reverse=True)


def day(y: int, m: int, d: int, h: int = 9) -> dt.datetime:
    return dt.datetime(y, m, d, h)


def test_the_newest_seven_days_are_kept_whole() -> None:
    # Several a day for ten days: the newest seven days keep all theirs.
    moments = [day(2026, 6, d, h) for d in range(6, 16) for h in (8, 12, 17)]
    result = kept(made(*moments))
    recent = [m for m in moments if m.day >= 9]
    assert set(recent) <= set(result)
    # Of the three older days (June 6-8, same month), only the newest snapshot stays.
    assert [m for m in result if m.day < 9] == [day(2026, 6, 8, 17)]


def test_days_without_snapshots_do_not_use_up_the_seven() -> None:
    """Seven days that have snapshots, however far apart (the office was closed)."""
    moments = [day(2026, 6, 15), day(2026, 6, 1), day(2026, 5, 20), day(2026, 5, 19), day(2026, 4, 2),
               day(2026, 3, 30), day(2026, 3, 29), day(2026, 3, 28), day(2026, 3, 27)]
    result = kept(made(*moments))
    assert result[:7] == moments[:7]
    assert result == moments[:8]  # March 28 is the newest older one of March; March 27 goes


def test_older_ones_keep_the_newest_of_each_of_twelve_months() -> None:
    recent = [day(2026, 6, d) for d in range(9, 16)]
    older = [day(y, m, d) for y, m in [(2024, 12), *((2025, m) for m in range(1, 13)), (2026, 1)]
             for d in (3, 17, 28)]
    result = kept(made(*recent, *older))
    months = [(2026, 1), *((2025, m) for m in range(12, 1, -1))]  # the 12 newest months
    assert result == sorted(recent, reverse=True) + [day(y, m, 28) for y, m in months]


def test_a_year_of_daily_snapshots_leaves_seven_and_twelve() -> None:
    """365 daily snapshots, 2025-06-16 to 2026-06-15. The seven newest days (June 9-15) stay;
    of the older ones June 2026 (1-8) is the newest month and uses one of the twelve monthly
    places, so the twelve reach back to July 2025 and June 2025 (16-30) goes entirely."""
    first = dt.date(2025, 6, 16)
    moments = [dt.datetime.combine(first + dt.timedelta(days=n), dt.time(9)) for n in range(365)]
    assert moments[-1].date() == dt.date(2026, 6, 15)
    result = kept(made(*moments))
    assert len(result) == 7 + 12
    assert [m.date() for m in result] == [
        *(dt.date(2026, 6, d) for d in range(15, 8, -1)),
        dt.date(2026, 6, 8), dt.date(2026, 5, 31), dt.date(2026, 4, 30), dt.date(2026, 3, 31),
        dt.date(2026, 2, 28), dt.date(2026, 1, 31), dt.date(2025, 12, 31), dt.date(2025, 11, 30),
        dt.date(2025, 10, 31), dt.date(2025, 9, 30), dt.date(2025, 8, 31), dt.date(2025, 7, 31),
    ]


def test_the_seven_days_across_a_month_end() -> None:
    """On June 3 the seven days reach into May: May's monthly one is the newest OLDER May
    snapshot (May 27), not May 31, which is already kept as a daily one."""
    start = dt.date(2026, 4, 20)
    moments = [dt.datetime.combine(start + dt.timedelta(days=n), dt.time(9)) for n in range(45)]
    assert moments[-1].date() == dt.date(2026, 6, 3)
    result = [m.date() for m in kept(made(*moments))]
    assert result == [*(dt.date(2026, 6, d) for d in (3, 2, 1)), *(dt.date(2026, 5, d) for d in (31, 30, 29, 28)),
                      dt.date(2026, 5, 27), dt.date(2026, 4, 30)]


def test_a_protected_snapshot_is_kept() -> None:
    snapshots = made(*(day(2026, 6, d) for d in range(1, 16)))
    old = made(day(2025, 1, 5), label="before-import") + made(day(2025, 1, 4), label="before-import")
    everything = sorted(snapshots + old, key=lambda s: s.taken_at, reverse=True)
    pruned = names(to_prune(everything, protect=frozenset({old[1].name})))
    assert old[1].name not in pruned
    assert old[0].name not in pruned  # the newest of January 2025
    unprotected = names(to_prune(everything))
    assert old[1].name in unprotected


def test_custom_limits() -> None:
    moments = [day(2026, m, 10) for m in range(1, 7)]
    assert kept(made(*moments), keep_days=1, keep_months=2) == [day(2026, 6, 10), day(2026, 5, 10), day(2026, 4, 10)]


def test_prune_deletes_the_files_and_nothing_else(tmp_path: Path) -> None:
    recent = [f"202606{d:02d}-090000-daily.sqlite3" for d in range(9, 16)]
    older = ["20260601-090000-daily.sqlite3", "20260605-090000-daily.sqlite3",
             "20260501-090000-daily.sqlite3", "20260502-090000-before-import.sqlite3"]
    touch(tmp_path, *recent, *older, "last-import.json", "readme.txt")
    removed = prune(tmp_path, protect=frozenset({"20260501-090000-daily.sqlite3"}))
    assert sorted(p.name for p in removed) == ["20260601-090000-daily.sqlite3"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*recent, "20260605-090000-daily.sqlite3", "20260501-090000-daily.sqlite3",
         "20260502-090000-before-import.sqlite3", "last-import.json", "readme.txt"])


def test_daily_snapshot_prunes(db: Database, tmp_path: Path) -> None:
    touch(tmp_path, *(f"202606{d:02d}-090000-daily.sqlite3" for d in range(7, 15)), "20260606-090000-daily.sqlite3")
    taken = daily_snapshot(db.path, tmp_path, NOW)
    assert taken is not None
    left = names(list_snapshots(tmp_path))
    assert taken.name in left
    # June 9-15 are the seven days; of June 6-8, the newest (June 8) is the month's one.
    assert "20260608-090000-daily.sqlite3" in left and len(left) == 8
    assert "20260606-090000-daily.sqlite3" not in left and "20260607-090000-daily.sqlite3" not in left


# --- the newest good one ---------------------------------------------------------------------


def test_newest_good_skips_a_damaged_snapshot(db: Database, tmp_path: Path) -> None:
    add(db, "甲")
    older = take_snapshot(db.path, tmp_path, "daily", NOW - dt.timedelta(days=1))
    add(db, "乙")
    newer = take_snapshot(db.path, tmp_path, "daily", NOW)
    assert newest_good(tmp_path).path == newer  # type: ignore[union-attr]
    size = newer.stat().st_size
    newer.write_bytes(b"\xde\xad\xbe\xef" * (size // 4))  # garbage of the same size
    good = newest_good(tmp_path)
    assert good is not None and good.path == older
    assert people(good.path) == ["甲"]
    assert newer.exists()  # skipped, never deleted


def test_newest_good_skips_a_snapshot_damaged_inside(db: Database, tmp_path: Path) -> None:
    for name in ("甲", "乙", "丙"):
        add(db, name)
    older = take_snapshot(db.path, tmp_path, "daily", NOW - dt.timedelta(days=1))
    newer = take_snapshot(db.path, tmp_path, "daily", NOW)
    raw = bytearray(newer.read_bytes())
    page = 4096
    for number in range(2, len(raw) // page):  # every page but the first: the file still opens
        raw[number * page:number * page + 16] = b"\xff" * 16
    newer.write_bytes(bytes(raw))
    assert newest_good(tmp_path).path == older  # type: ignore[union-attr]


def test_newest_good_of_nothing_good(tmp_path: Path) -> None:
    assert newest_good(tmp_path) is None
    (tmp_path / "20260615-100000-daily.sqlite3").write_bytes(b"not a database" * 100)
    assert newest_good(tmp_path) is None


# --- the day's upkeep in the data dir -------------------------------------------------------


def printouts(data_dir: Path, now: dt.datetime, ages: dict[str, float]) -> None:
    folder = paths.printouts_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    for name, days in ages.items():
        path = folder / name
        path.write_bytes(b"%PDF-1.4")
        stamp = (now - dt.timedelta(days=days)).timestamp()
        os.utime(path, (stamp, stamp))


def left_printouts(data_dir: Path) -> list[str]:
    return sorted(p.name for p in paths.printouts_dir(data_dir).iterdir())


def test_upkeep_removes_old_printouts_only_when_it_takes_the_days_snapshot(db: Database, data_dir: Path) -> None:
    printouts(data_dir, NOW, {"old.pdf": 31, "edge.pdf": 30.01, "recent.pdf": 25, "today.pdf": 0,
                              "old-notes.txt": 90})
    taken = daily_upkeep(data_dir, db, NOW)
    assert taken is not None and taken.parent == paths.snapshot_dir(data_dir)
    assert left_printouts(data_dir) == ["old-notes.txt", "recent.pdf", "today.pdf"]
    # Later the same day: no snapshot, and nothing is removed.
    printouts(data_dir, NOW, {"stale.pdf": 40})
    assert daily_upkeep(data_dir, db, NOW.replace(hour=15)) is None
    assert "stale.pdf" in left_printouts(data_dir)
    # The next day it goes.
    assert daily_upkeep(data_dir, db, NOW + dt.timedelta(days=1)) is not None
    assert left_printouts(data_dir) == ["old-notes.txt", "recent.pdf", "today.pdf"]


def test_upkeep_without_a_printouts_folder(db: Database, data_dir: Path) -> None:
    assert daily_upkeep(data_dir, db, NOW) is not None
    assert not paths.printouts_dir(data_dir).exists()


def test_upkeep_keeps_the_import_undo_snapshot(db: Database, data_dir: Path) -> None:
    folder = paths.snapshot_dir(data_dir)
    undo = "20250101-090000-before-import.sqlite3"
    touch(folder, undo, "20250102-090000-daily.sqlite3", "20250115-090000-daily.sqlite3",
          *(f"202606{d:02d}-090000-daily.sqlite3" for d in range(8, 15)))
    (folder / import_runs.UNDO_FILE).write_text(json.dumps({"snapshot": undo}), encoding="utf-8")
    assert import_runs.undo_snapshot(data_dir) == undo
    assert daily_upkeep(data_dir, db, NOW) is not None
    left = names(list_snapshots(folder))
    assert undo in left
    assert "20250115-090000-daily.sqlite3" in left  # the newest of its month
    assert "20250102-090000-daily.sqlite3" not in left
    assert (folder / import_runs.UNDO_FILE).exists()


def test_the_window_start_does_the_upkeep_once_the_roster_is_shown(
        qtbot, db: Database, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from djdesk import app
    from tests.ui.conftest import RecordingAsker

    add(db, "甲")
    db.dispose()
    printouts(data_dir, dt.datetime.now(), {"old.pdf": 45, "new.pdf": 2})
    assert app.run(data_dir, demo=False, asker=RecordingAsker(), on_ready=lambda window: window.close()) == 0
    (snapshot,) = list_snapshots(paths.snapshot_dir(data_dir))  # joined before the program ends
    assert snapshot.label == "daily" and snapshot.taken_at.date() == dt.date.today()
    assert people(snapshot.path) == ["甲"]
    assert left_printouts(data_dir) == ["new.pdf"]
    assert app.run(data_dir, demo=False, asker=RecordingAsker(), on_ready=lambda window: window.close()) == 0
    assert len(list_snapshots(paths.snapshot_dir(data_dir))) == 1  # once a day