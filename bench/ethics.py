"""The 师德考核 of 1,000 teachers scored by 4 rater categories (bench.data people).

    uv run python -m bench.ethics

Budgets (issue 8): recomputing the period (every total, grade, veto, bar and training hour)
≤ 200 ms; a score typed in the grid until its total and the counts are shown again ≤ 30 ms;
the summary PDF (师德考核结果汇总表) ≤ 2 s. Also a bare ReportLab table of the same cells in
the same font, made in the same run, for the ratio.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import insert, select  # noqa: E402

from bench.calendar import measure, report  # noqa: E402
from bench.data import CLOCK, TODAY, build_people  # noqa: E402
from djdesk import paths  # noqa: E402
from djdesk.domain.ethics import ETHICS_TAG, LearningKind, Sanction  # noqa: E402
from djdesk.services import ethics, ethics_records, learning  # noqa: E402
from djdesk.store.models import EthicsEntry, EthicsScore  # noqa: E402
from djdesk.store.opening import open_database  # noqa: E402

TEACHERS = 1000


def build(directory: Path) -> int:
    """1,000 teachers, every one scored in all four categories, training and a few violations."""
    build_people(directory, TEACHERS)
    database = open_database(paths.database_path(directory), clock=CLOCK)
    rng = random.Random(8)
    try:
        with database.transaction(audit_skip_reason="benchmark data") as session:
            period = ethics.open_period(session, ethics.default_draft(session, TODAY))
            entries = session.execute(select(EthicsEntry.id, EthicsEntry.person_id)
                                      .where(EthicsEntry.period_id == period)).all()
            session.execute(insert(EthicsScore), [
                dict(entry_id=entry, category=c, rater="", item=-1, points=rng.randint(6000, 10000))
                for entry, _pid in entries for c in range(4)])
            people = tuple(pid for _entry, pid in entries)
            learning.add(session, learning.LearningDraft(people, TODAY - dt.timedelta(days=20), "师德专题培训",
                                                         LearningKind.TRAINING, "3", ETHICS_TAG), today=TODAY)
            for pid in people[:20]:
                ethics_records.add_violation(session, ethics_records.ViolationDraft(
                    pid, TODAY - dt.timedelta(days=30), "有偿补课", sanction=Sanction.WARNING,
                    decided_on=TODAY - dt.timedelta(days=10)), today=TODAY)
    finally:
        database.dispose()
    return period


def bare_table(view: ethics.PeriodView, path: Path) -> None:
    """The same cells as one plain ReportLab table in the same font: ReportLab's own cost."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import LongTable, SimpleDocTemplate

    from djdesk.reports import fonts

    font = fonts.font_name()
    rows = [["序号", "姓名", "教研组", "自评", "互评", "学生家长", "学校", "总分", "等次", "备注"]]
    rows += [[str(i), r.name, r.department, *[str(s) for s in r.scores], str(r.total), r.grade or "", r.vetoed]
             for i, r in enumerate(view.rows, 1)]
    table = LongTable(rows, repeatRows=1)
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), font), ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0))])
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build([table])


def grid_keystrokes(db, period: int) -> list[float]:  # type: ignore[no-untyped-def]
    """The score grid: type a score into a cell and commit it, until the row and counts repaint."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from djdesk.ui.asker import Asker
    from djdesk.ui.ethics.tab import EthicsTab
    from djdesk.ui.events import AppEvents

    app = QApplication.instance() or QApplication([])
    tab = EthicsTab(db, AppEvents(), Asker(), None)
    tab.resize(1200, 800)
    tab.show()
    app.processEvents()
    model = tab.model
    times = []
    for i in range(30):
        index = model.index(i * 7, 2 + i % 4)
        started = time.perf_counter()
        model.setData(index, str(60 + i), Qt.ItemDataRole.EditRole)
        app.processEvents()
        times.append(time.perf_counter() - started)
    tab.close()
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        directory = Path(temp)
        started = time.perf_counter()
        period = build(directory)
        print(f"{TEACHERS} teachers × 4 rater categories built in {time.perf_counter() - started:.1f} s")
        db = open_database(paths.database_path(directory), clock=CLOCK)
        try:
            def recompute() -> ethics.PeriodView:
                with db.transaction() as session:
                    return ethics.period_view(session, period, TODAY)

            view = recompute()
            assert len(view.rows) == TEACHERS and all(r.total is not None for r in view.rows)
            report("recompute the period (1,000 teachers)", measure(recompute), 200)
            report("a typed score until the total and counts repaint", grid_keystrokes(db, period), 30)

            from djdesk.reports.ethics import write_summary_pdf

            out = directory / "summary.pdf"
            write_summary_pdf(view, "基准测试中学", out)  # the font registered once, as in the program
            times = measure(lambda: write_summary_pdf(view, "基准测试中学", out), runs=3)
            report("summary PDF (1,000 teachers)", times, 2000)
            bare = measure(lambda: bare_table(view, directory / "bare.pdf"), runs=3)
            report("bare ReportLab table of the same cells", bare)
            print(f"  ratio to bare ReportLab: {min(times) / min(bare):.1f}×")
            one = view.rows[0]
            with db.transaction() as session:
                ethics.set_score(session, period, one.person_id, 0, Decimal("88.5"))
        finally:
            db.dispose()


if __name__ == "__main__":
    main()
