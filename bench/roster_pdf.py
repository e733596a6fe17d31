"""The printed 党员花名册 (PDF): 1,000 members against the budget, 10,000 for information.

    uv run python -m bench.roster_pdf
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench.data import CLOCK, build_people
from bench.roster_io import Clock
from djdesk import paths
from djdesk.store.opening import open_database

SIZES = ((1_000, "≤ 3 s"), (10_000, ""))


def first_use() -> tuple[float, float]:
    """Importing ReportLab and loading the font's tables: paid once per process, on the
    first printout, and not part of the runs below."""
    began = Clock()
    from djdesk.reports import fonts

    fonts.font_name()
    return began()


def measure(directory: Path, out: Path) -> tuple[tuple[float, float], tuple[float, float], int, int]:
    """(read the roster, + write the PDF) as (wall, cpu) seconds, lines and pages."""
    from djdesk.reports.roster import write_roster_pdf
    from djdesk.services.roster_print import roster_document

    database = open_database(paths.database_path(directory), clock=CLOCK)
    try:
        began = Clock()
        with database.transaction() as session:
            doc = roster_document(session, today=CLOCK.today())
        read = began()
        result = write_roster_pdf(doc, out)
        total = began()
    finally:
        database.dispose()
    assert not result.missing, result.missing
    return read, total, len(doc.lines), result.pages


def main(runs: int = 3) -> None:
    cold = first_use()
    print(f"{'measure (median of ' + str(runs) + ' runs)':52} {'wall s':>7} {'cpu s':>7} {'budget':>7}")
    print(f"{'first printout only: import ReportLab, load the font':52} {cold[0]:7.2f} {cold[1]:7.2f}")
    with tempfile.TemporaryDirectory() as temp:
        for people, budget in SIZES:
            directory = build_people(Path(temp) / str(people), people, member_share=1.0)
            results = [measure(directory, Path(temp) / f"{people}.pdf") for _ in range(runs)]
            lines, pages = results[0][2], results[0][3]
            size = (Path(temp) / f"{people}.pdf").stat().st_size / 1e6
            for index, name in ((0, f"{lines:,} members: read and order the roster"),
                                (1, f"  + write the PDF ({pages} pages, {size:.1f} MB)")):
                wall = statistics.median(r[index][0] for r in results)
                cpu = statistics.median(r[index][1] for r in results)
                print(f"{name:52} {wall:7.2f} {cpu:7.2f} {budget if index else '':>7}")


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"(whole benchmark {time.perf_counter() - start:.0f} s)")
