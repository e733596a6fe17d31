"""Roster in and out: importing 5,000 rows (with validation) and exporting 10,000 people.

    uv run python -m bench.roster_io
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench.data import CLOCK, build_people
from djdesk import paths
from djdesk.services import import_runs, roster_export, roster_import
from djdesk.sheets import roster, workbook
from djdesk.store.opening import open_database


def typical_sheet(path: Path, people: int) -> Path:
    """An office's own sheet: 16 columns, as most rosters are (not the 38 of the export)."""
    from openpyxl import Workbook

    from tests.sheets.messy import HEADER, number
    import datetime as dt
    import random

    rng = random.Random(5)
    # Not write-only: that writes inline strings, which Excel and WPS never do (and which
    # openpyxl reads far more slowly than a shared string table).
    book = Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append(["明德中学党员花名册"])
    sheet.append(HEADER)
    for n in range(people):
        birth = dt.date(rng.randint(1950, 1998), rng.randint(1, 12), rng.randint(1, 28))
        sex_digit = rng.randint(0, 499) * 2 + 1
        sheet.append([n + 1, f"张{'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平'[n % 20]}{'一二三四五六七八九十'[n // 20 % 10]}{n}",
                      "男", "汉族", f"{birth:%Y.%m}", number(birth, sex_digit, "6201" + f"{n // 1000:02d}"),
                      "大学本科", None, f"{birth.year + 25}.{rng.randint(1, 12)}", None, "第一党支部",
                      "第一党小组", "中共党员", f"139{rng.randint(0, 99999999):08d}", "教师", None])
    book.save(path)
    return path


class Clock:
    """Wall time (what a user waits) and this process's CPU time (the work itself, steadier
    than wall time on a shared virtual machine)."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def __call__(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def time_import(sheet_path: Path, database_dir: Path) -> tuple[tuple[float, float], ...]:
    """(read and map, + preview, + write) as (wall, cpu) seconds, into an empty database."""
    open_database(paths.database_path(database_dir), clock=CLOCK).dispose()
    fresh = open_database(paths.database_path(database_dir), clock=CLOCK)
    began = Clock()
    sheet = workbook.read_sheet(sheet_path)
    header = roster.find_header(sheet)
    parsed = roster.parse(sheet, header, roster.auto_mapping(roster.headers_of(sheet, header)), CLOCK.today())
    read = began()
    with fresh.transaction() as session:
        plan = roster_import.plan(session, parsed, CLOCK.today())
    planned = began()
    assert not plan.problems, plan.problems[:3]
    result = import_runs.run_import(fresh, database_dir, parsed, source=sheet_path.name, previewed=plan)
    total = began()
    assert result.added == len(parsed.rows)
    fresh.dispose()
    return read, planned, total


def measure() -> list[tuple[str, tuple[float, float], str]]:
    rows = []
    with tempfile.TemporaryDirectory() as temp:
        source = build_people(Path(temp) / "source", 10_000)
        database = open_database(paths.database_path(source), clock=CLOCK)
        out10k, out5k = Path(temp) / "10k.xlsx", Path(temp) / "5k.xlsx"
        began = Clock()
        with database.transaction() as session:
            roster_export.export_roster(session, out10k, today=CLOCK.today())
        rows.append(("export 10,000 people to .xlsx", began(), "≤ 3 s"))
        with database.transaction() as session:
            roster_export.export_roster(session, out5k, today=CLOCK.today(), ids=range(1, 5_001))
        database.dispose()

        read, planned, total = time_import(typical_sheet(Path(temp) / "typical.xlsx", 5_000), Path(temp) / "t1")
        rows.append(("import 5,000 rows of a 16-column office sheet: read", read, ""))
        rows.append(("  + check every row (the preview)", planned, ""))
        rows.append(("  + write (snapshot, one transaction, audit)", total, "≤ 3 s"))
        read, planned, total = time_import(out5k, Path(temp) / "t2")
        rows.append(("import 5,000 rows of djdesk's 38-column export: read", read, ""))
        rows.append(("  + check every row (the preview)", planned, ""))
        rows.append(("  + write (snapshot, one transaction, audit)", total, "≤ 3 s"))
    return rows


def main(runs: int = 3) -> None:
    results = [measure() for _ in range(runs)]
    print(f"{'measure (median of ' + str(runs) + ' runs)':58} {'wall s':>7} {'cpu s':>7} {'budget':>7}")
    for index, (name, _value, budget) in enumerate(results[0]):
        wall = statistics.median(r[index][1][0] for r in results)
        cpu = statistics.median(r[index][1][1] for r in results)
        print(f"{name:58} {wall:7.2f} {cpu:7.2f} {budget:>7}")


if __name__ == "__main__":
    main()
