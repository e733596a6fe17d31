"""The printed 党员花名册 (PDF): 1,000 members against the budget, the whole school for information.

    uv run python -m bench.roster_pdf [--people 10000] [--runs 3]

Budget (issue 5): the roster PDF of 1,000 people ≤ 3 s.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench import printing
from bench.data import CLOCK, add_branch, branch_near, build_people, open_db
from bench.suite import Row, fewer, run_alone
from djdesk.store.database import Database

AREA = "党员"
BUDGET_SIZE = 1_000


def build(directory: Path, people: int) -> None:
    """Everyone a party member, and a branch of 1,000 of them."""
    build_people(directory, people, member_share=1.0)
    add_branch(directory, "第二党支部", BUDGET_SIZE)


def print_roster(database: Database, branch_id: int | None, out: Path, runs: int) -> list[Row]:
    """(read and order the roster, + write the PDF) in seconds, with its size in the names."""
    from djdesk.reports.roster import write_roster_pdf
    from djdesk.services.roster_print import roster_document

    reads, totals = [], []
    for _ in range(runs):
        began = time.perf_counter()
        with database.transaction() as session:
            doc = roster_document(session, today=CLOCK.today(), branch_id=branch_id)
        reads.append(time.perf_counter() - began)
        result = write_roster_pdf(doc, out)
        totals.append(time.perf_counter() - began)
        assert not result.missing, result.missing
    lines, pages, size = len(doc.lines), result.pages, out.stat().st_size / 1e6
    return [Row(f"roster PDF of {lines:,} members: read and order", reads),
            Row(f"  + write the PDF ({pages} pages, {size:.1f} MB)", totals, 3.0 if lines <= BUDGET_SIZE * 1.2 else None)]


def figures(directory: Path, runs: int) -> list[Row]:
    rows = printing.first_use()
    database = open_db(directory)
    try:
        branch_id, _name, _size = branch_near(database, BUDGET_SIZE)
        with tempfile.TemporaryDirectory() as scratch:
            if branch_id is not None:
                rows += print_roster(database, branch_id, Path(scratch) / "branch.pdf", fewer(runs, 3))
            rows += print_roster(database, None, Path(scratch) / "school.pdf", fewer(runs, 2))
    finally:
        database.dispose()
    return rows


def main() -> None:
    run_alone(build, 3, (AREA, figures), people=10_000)


if __name__ == "__main__":
    main()
