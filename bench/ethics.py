"""The 师德考核 of 1,000 teachers scored by 4 rater categories (bench.data people).

    uv run python -m bench.ethics [--runs 7]

Budgets (issue 8): recomputing the period (every total, grade, veto, bar and training hour)
≤ 200 ms; a score typed in the grid until its total and the counts are shown again ≤ 30 ms;
the summary PDF (师德考核结果汇总表) ≤ 2 s. Also a bare ReportLab table of the same cells in
the same font, made in the same run, for the ratio.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import delete, insert, select

from bench import printing
from bench.data import TODAY, build_people, open_db
from bench.suite import Baseline, Row, fewer, measure, qt_app, run_alone
from djdesk.domain.ethics import ETHICS_TAG, LearningKind, Sanction
from djdesk.services import ethics, ethics_records, learning
from djdesk.store.database import Database
from djdesk.store.models import EthicsEntry, EthicsPeriod, EthicsScore

AREA = "师德考核"
TEACHERS = 1000


def fill(directory: Path, teachers: int = TEACHERS) -> None:
    """This school year's period of the first `teachers` teachers (the office takes the others
    out), every one scored in all four categories, their training and a few violations."""
    database = open_db(directory)
    rng = random.Random(8)
    try:
        with database.transaction(audit_skip_reason="benchmark data") as session:
            period = ethics.open_period(session, ethics.default_draft(session, TODAY))
            entries = session.execute(select(EthicsEntry.id, EthicsEntry.person_id)
                                      .where(EthicsEntry.period_id == period).order_by(EthicsEntry.person_id)).all()
            kept, dropped = entries[:teachers], [entry for entry, _pid in entries[teachers:]]
            for start in range(0, len(dropped), 900):  # under SQLite's limit of bound values
                session.execute(delete(EthicsEntry).where(EthicsEntry.id.in_(dropped[start:start + 900])))
            session.execute(insert(EthicsScore), [
                dict(entry_id=entry, category=c, rater="", item=-1, points=rng.randint(6000, 10000))
                for entry, _pid in kept for c in range(4)])
            people = tuple(pid for _entry, pid in kept)
            learning.add(session, learning.LearningDraft(people, TODAY - dt.timedelta(days=20), "师德专题培训",
                                                         LearningKind.TRAINING, "3", ETHICS_TAG), today=TODAY)
            for pid in people[:20]:
                ethics_records.add_violation(session, ethics_records.ViolationDraft(
                    pid, TODAY - dt.timedelta(days=30), "有偿补课", sanction=Sanction.WARNING,
                    decided_on=TODAY - dt.timedelta(days=10)), today=TODAY)
    finally:
        database.dispose()


def build(directory: Path) -> None:
    build_people(directory, TEACHERS)
    fill(directory)


def grid_keystrokes(database: Database, runs: int) -> list[float]:
    """The score grid: type a score into a cell and commit it, until the row and counts repaint."""
    from PySide6.QtCore import Qt

    from djdesk.ui.asker import Asker
    from djdesk.ui.ethics.tab import EthicsTab
    from djdesk.ui.events import AppEvents

    app = qt_app()
    tab = EthicsTab(database, AppEvents(), Asker(), None)
    tab.resize(1200, 800)
    tab.show()
    app.processEvents()
    model = tab.model
    times = []
    for i in range(max(runs * 4, 20)):
        index = model.index(i * 7 % model.rowCount(), 2 + i % 4)
        started = time.perf_counter()
        model.setData(index, str(60 + i), Qt.ItemDataRole.EditRole)
        app.processEvents()
        times.append(time.perf_counter() - started)
    tab.close()
    return times


def figures(directory: Path, runs: int) -> list[Row]:
    from djdesk.reports.ethics import write_summary_pdf

    rows = printing.first_use()
    database = open_db(directory)
    try:
        with database.transaction() as session:
            period = session.scalar(select(EthicsPeriod.id).order_by(EthicsPeriod.id.desc()))

        def recompute() -> ethics.PeriodView:
            with database.transaction() as session:
                return ethics.period_view(session, period, TODAY)

        view = recompute()
        count = f"{len(view.rows):,} teachers"
        rows.append(Row(f"recompute the period ({count} × 4 rater categories)", measure(recompute, runs), 0.200))
        rows.append(Row("a typed score until the total and counts repaint", grid_keystrokes(database, runs), 0.030))
        cells = [["序号", "姓名", "教研组", "自评", "互评", "学生家长", "学校", "总分", "等次", "备注"]]
        cells += [[str(i), r.name, r.department, *[str(s) for s in r.scores], str(r.total), r.grade or "", r.vetoed]
                  for i, r in enumerate(view.rows, 1)]
        with tempfile.TemporaryDirectory() as scratch:
            out = Path(scratch)
            write_summary_pdf(view, "基准测试中学", out / "summary.pdf")  # the font registered, as in the program
            slow = fewer(runs, 3)
            bare = Baseline("bare ReportLab table", measure(lambda: printing.bare_table(cells, out / "bare.pdf"), slow))
            rows.append(Row(f"summary PDF 师德考核结果汇总表 ({count})", measure(
                lambda: write_summary_pdf(view, "基准测试中学", out / "summary.pdf"), slow), 2.0, bare))
    finally:
        database.dispose()
    return rows


def main() -> None:
    run_alone(build, 7, (AREA, figures))


if __name__ == "__main__":
    main()
