"""Roster in and out: exporting 10,000 people and importing 5,000 rows (with validation) into
an empty database.

    uv run python -m bench.roster_io [--runs 3]

Budgets (issue 4): import of 5,000 rows including validation ≤ 3 s; export of 10,000 people ≤ 3 s.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from bench.data import CLOCK, build_people, open_db
from bench.suite import Row, fewer, measure, run_alone
from djdesk.services import import_runs, roster_export, roster_import
from djdesk.sheets import roster, workbook
from djdesk.store.models import Person

AREA = "党员"
IMPORTED = 5_000


def typical_sheet(path: Path, people: int) -> Path:
    """An office's own sheet: 16 columns, as most rosters are (not the 38 of the export)."""
    from openpyxl import Workbook

    from tests.sheets.messy import HEADER, number

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


def time_import(sheet_path: Path, database_dir: Path) -> tuple[float, float, float]:
    """Seconds to read and map, + preview, + write, into an empty database."""
    open_db(database_dir).dispose()  # created and migrated before the clock starts
    fresh = open_db(database_dir)
    began = time.perf_counter()
    sheet = workbook.read_sheet(sheet_path)
    header = roster.find_header(sheet)
    parsed = roster.parse(sheet, header, roster.auto_mapping(roster.headers_of(sheet, header)), CLOCK.today())
    read = time.perf_counter() - began
    with fresh.transaction() as session:
        plan = roster_import.plan(session, parsed, CLOCK.today())
    planned = time.perf_counter() - began
    assert not plan.problems, plan.problems[:3]
    result = import_runs.run_import(fresh, database_dir, parsed, source=sheet_path.name, previewed=plan)
    total = time.perf_counter() - began
    assert result.added == len(parsed.rows)
    fresh.dispose()
    return read, planned, total


def figures(directory: Path, runs: int) -> list[Row]:
    slow = fewer(runs, 3)
    database = open_db(directory)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        try:
            with database.transaction() as session:
                people = session.scalar(select(func.count()).select_from(Person))
            size = min(IMPORTED, people)

            def export(path: Path, ids: range | None = None) -> None:
                with database.transaction() as session:
                    roster_export.export_roster(session, path, today=CLOCK.today(), ids=ids)

            rows.append(Row(f"export {people:,} people to .xlsx", measure(lambda: export(folder / "all.xlsx"), slow),
                            3.0))
            export(folder / "part.xlsx", range(1, size + 1))
        finally:
            database.dispose()
        sheets = (("a 16-column office sheet", typical_sheet(folder / "typical.xlsx", size)),
                  ("djdesk's 38-column export", folder / "part.xlsx"))
        for kind, (name, sheet) in enumerate(sheets):
            found = [time_import(sheet, folder / f"import-{kind}-{n}") for n in range(slow)]  # each into a new one
            rows.append(Row(f"import {size:,} rows of {name}: read", [f[0] for f in found]))
            rows.append(Row("  + check every row (the preview)", [f[1] for f in found]))
            rows.append(Row("  + write (snapshot, one transaction, audit)", [f[2] for f in found], 3.0))
    return rows


def main() -> None:
    run_alone(build_people, 3, (AREA, figures), people=10_000)


if __name__ == "__main__":
    main()
