"""民主评议党员 of a large school branch: about 60 members in each of two branches among 1,000
staff (bench.data people), every member with ballots and a grade.

    uv run python -m bench.review

Budgets (set here; issue 9 names none): opening a branch's evaluation (the membership rule over
all 1,000 people) ≤ 500 ms; reading it back ≤ 100 ms; one member's result saved in the tab
until the list and counts repaint ≤ 150 ms; the 民主测评表, one copy per member, ≤ 10 s; the
result table as PDF ≤ 1 s and as .xlsx ≤ 500 ms.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import select  # noqa: E402

from bench.calendar import measure, report  # noqa: E402
from bench.data import CLOCK, TODAY, build_people  # noqa: E402
from djdesk import paths  # noqa: E402
from djdesk.domain.democratic import ReviewGrade  # noqa: E402
from djdesk.services import democratic  # noqa: E402
from djdesk.store.models import Branch, Review  # noqa: E402
from djdesk.store.opening import open_database  # noqa: E402

STAFF = 1000
MEMBER_SHARE = 0.12  # about 120 members: some 60 in each branch


def fill(db, review_id: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(9)
    with db.transaction(audit_skip_reason="benchmark data") as session:
        review = session.get(Review, review_id)
        review.ballots = sum(1 for e in review.entries if e.counted)
        cap = democratic.review_view(session, review_id).cap or 0
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


def tab_saves(db, review_id: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Change a member's self-evaluation in the tab's editor and save, until the list and counts repaint."""
    from PySide6.QtWidgets import QApplication

    from djdesk.ui.asker import Asker
    from djdesk.ui.events import AppEvents
    from djdesk.ui.review.tab import ReviewTab

    app = QApplication.instance() or QApplication([])
    tab = ReviewTab(db, AppEvents(), Asker(), Path(tempfile.gettempdir()))
    tab.resize(1300, 800)
    tab.show()
    app.processEvents()
    tab.show_review(review_id)
    times = []
    for i in range(20):
        tab.select_entry(tab.view.members[i].id)
        editor = tab.editor
        editor.self_note.setPlainText(f"修改后的个人自评（{i}）")
        started = time.perf_counter()
        assert editor.save()
        app.processEvents()
        times.append(time.perf_counter() - started)
    tab.close()
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        directory = Path(temp)
        build_people(directory, STAFF, member_share=MEMBER_SHARE)
        db = open_database(paths.database_path(directory), clock=CLOCK)
        try:
            with db.transaction() as session:
                branch_id = session.scalars(select(Branch.id).order_by(Branch.id)).first()
            year = TODAY.year - 1
            opened: list[int] = []

            def open_one() -> None:
                with db.transaction() as session:
                    if opened:
                        democratic.delete_review(session, opened.pop())
                    opened.append(democratic.open_review(session, branch_id, year, TODAY))

            report("open a branch's evaluation (1,000 staff)", measure(open_one), 500)
            review_id = opened[0]
            fill(db, review_id)

            def read() -> democratic.ReviewView:
                with db.transaction() as session:
                    return democratic.review_view(session, review_id)

            view = read()
            print(f"  {len(view.members)} members evaluated, {len(view.apart)} listed apart")
            report("read the evaluation back", measure(read), 100)
            report("a member's result saved until the list repaints", tab_saves(db, review_id), 150)

            from djdesk.reports.democratic import write_ballots_pdf, write_results_pdf
            from djdesk.sheets.democratic import write_results_xlsx

            out = directory / "out.pdf"
            write_results_pdf(view, "基准测试中学", out)  # the font registered once, as in the program
            ballots = measure(lambda: write_ballots_pdf(view, "基准测试中学", out), runs=3)
            report(f"民主测评表, {len(view.members)} copies", ballots, 10_000)
            report("result table PDF", measure(lambda: write_results_pdf(view, "基准测试中学", out), runs=3), 1000)
            report("result table .xlsx", measure(
                lambda: write_results_xlsx(view, "基准测试中学", directory / "out.xlsx"), runs=3), 500)
        finally:
            db.dispose()


if __name__ == "__main__":
    main()
