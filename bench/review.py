"""民主评议党员 of a branch of about 60 members, every member with ballots and a grade.

    uv run python -m bench.review [--runs 7]

Budgets (set here; issue 9 names none): opening a branch's evaluation (the membership rule over
every person on the roster) ≤ 500 ms; reading it back ≤ 100 ms; one member's result saved in
the tab until the list and counts repaint ≤ 150 ms; the 民主测评表, one copy per member,
≤ 10 s; the result table as PDF ≤ 1 s and as .xlsx ≤ 500 ms.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from bench import printing
from bench.data import TODAY, build_people, open_db
from bench.suite import Row, fewer, measure, qt_app, run_alone
from djdesk.domain.democratic import ReviewGrade
from djdesk.services import democratic
from djdesk.store.database import Database
from djdesk.store.models import Branch, Person, Review

AREA = "民主评议"
YEAR = TODAY.year - 1  # the evaluation on record; this year's is opened (and deleted) by the figure


def fill(directory: Path, branch_id: int | None = None) -> None:
    """Last year's evaluation of the branch (the first one by default), every ballot counted
    and every member graded within the cap for 优秀."""
    database = open_db(directory)
    rng = random.Random(9)
    try:
        with database.transaction(audit_skip_reason="benchmark data") as session:
            branch_id = branch_id or session.scalars(select(Branch.id).order_by(Branch.id)).first()
            review = session.get(Review, democratic.open_review(session, branch_id, YEAR, TODAY))
            review.ballots = sum(1 for e in review.entries if e.counted)
            cap = democratic.review_view(session, review.id).cap or 0
            for n, entry in enumerate(e for e in review.entries if e.counted):
                excellent = rng.randint(0, review.ballots)
                entry.votes_excellent, entry.votes_competent = excellent, review.ballots - excellent
                if excellent * 2 > review.ballots and cap > 0:
                    entry.grade, cap = ReviewGrade.EXCELLENT, cap - 1
                else:
                    entry.grade = ReviewGrade.COMPETENT
                    if excellent * 2 > review.ballots:
                        entry.grade_reason = "优秀比例所限"
                entry.self_note = f"第{n + 1}名党员的个人自评要点。"
    finally:
        database.dispose()


def build(directory: Path) -> None:
    build_people(directory, 1_000, member_share=0.12)  # about 120 members: some 60 in each branch
    fill(directory)


def tab_saves(database: Database, review_id: int, runs: int) -> list[float]:
    """Change a member's self-evaluation in the tab's editor and save, until the list and counts repaint."""
    from djdesk.ui.asker import Asker
    from djdesk.ui.events import AppEvents
    from djdesk.ui.review.tab import ReviewTab

    app = qt_app()
    tab = ReviewTab(database, AppEvents(), Asker(), Path(tempfile.gettempdir()))
    tab.resize(1300, 800)
    tab.show()
    app.processEvents()
    tab.show_review(review_id)
    times = []
    for i in range(max(runs * 3, 20)):
        tab.select_entry(tab.view.members[i % len(tab.view.members)].id)
        editor = tab.editor
        editor.self_note.setPlainText(f"修改后的个人自评（{i}）")
        started = time.perf_counter()
        assert editor.save()
        app.processEvents()
        times.append(time.perf_counter() - started)
    tab.close()
    return times


def figures(directory: Path, runs: int) -> list[Row]:
    from djdesk.reports.democratic import write_ballots_pdf, write_results_pdf
    from djdesk.sheets.democratic import write_results_xlsx

    rows = printing.first_use()
    database = open_db(directory)
    try:
        with database.transaction() as session:
            review_id, branch_id = session.execute(select(Review.id, Review.branch_id).where(Review.ballots > 0)
                                                   .order_by(Review.id.desc()).limit(1)).one()
            people = session.scalar(select(func.count()).select_from(Person))
        opened: list[int] = []

        def open_one() -> None:
            with database.transaction() as session:
                if opened:
                    democratic.delete_review(session, opened.pop())
                opened.append(democratic.open_review(session, branch_id, TODAY.year, TODAY))

        times = measure(open_one, runs)
        with database.transaction() as session:
            democratic.delete_review(session, opened.pop())
        rows.append(Row(f"open a branch's evaluation (rule over {people:,} people)", times, 0.500))

        def read() -> democratic.ReviewView:
            with database.transaction() as session:
                return democratic.review_view(session, review_id)

        view = read()
        rows.append(Row(f"read an evaluation of {len(view.members)} members back", measure(read, runs), 0.100))
        rows.append(Row("a member's result saved until the list repaints", tab_saves(database, review_id, runs), 0.150))
        slow = fewer(runs, 3)
        with tempfile.TemporaryDirectory() as scratch:
            out = Path(scratch)
            write_results_pdf(view, "基准测试中学", out / "results.pdf")  # the font registered, as in the program
            rows.append(Row(f"民主测评表, {len(view.members)} copies", measure(
                lambda: write_ballots_pdf(view, "基准测试中学", out / "ballots.pdf"), slow), 10.0))
            rows.append(Row("result table PDF", measure(
                lambda: write_results_pdf(view, "基准测试中学", out / "results.pdf"), slow), 1.0))
            rows.append(Row("result table .xlsx", measure(
                lambda: write_results_xlsx(view, "基准测试中学", out / "results.xlsx"), slow), 0.500))
    finally:
        database.dispose()
    return rows


def main() -> None:
    run_alone(build, 7, (AREA, figures))


if __name__ == "__main__":
    main()
