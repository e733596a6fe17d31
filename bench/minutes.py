"""Printed meeting records over years of meetings (bench.calendar_data).

    uv run python -m bench.minutes [--runs 7]

Budgets (issue 7): one meeting's minutes ≤ 300 ms warm (the font registered once); a book of
150 meetings ≤ 5 s; the first preview page of one meeting ≤ 500 ms after the click. Also the
ratio to a bare ReportLab document of the same text in the same font, made in the same run.
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from bench import calendar_data, printing
from bench.data import TODAY, open_db
from bench.suite import Baseline, Row, fewer, measure, qt_app, run_alone
from djdesk.domain.meetings import MeetingStatus
from djdesk.store.database import Database
from djdesk.store.models import Meeting

AREA = "会议记录"
BOOK = 150


def tab_preview(database: Database, directory: Path, meeting_id: int, runs: int) -> list[float]:
    """The 会议记录 tab: choose a meeting, wait for its page to be shown (that one, then others)."""
    from PySide6.QtCore import QEventLoop, QTimer

    from djdesk.ui.asker import Asker
    from djdesk.ui.events import AppEvents
    from djdesk.ui.minutes.tab import MinutesTab
    from djdesk.ui.prefs import Prefs
    from djdesk.ui.record_printing import RecordPrinter

    qt_app()
    events, asker = AppEvents(), Asker()
    tab = MinutesTab(database, events, asker, Prefs(directory), RecordPrinter(database, events, asker, directory))
    tab.resize(1280, 800)
    tab.show()
    times = []
    others = [row.id for row in tab.model.shown() if row.id != meeting_id][:max(runs - 1, 1)]
    for chosen in [meeting_id, *others]:
        loop = QEventLoop()
        tab.previewReady.connect(loop.quit)
        QTimer.singleShot(10_000, loop.quit)
        started = time.perf_counter()
        tab.select_meeting(chosen)
        loop.exec()
        tab.previewReady.disconnect(loop.quit)
        times.append(time.perf_counter() - started)
    tab.close()
    return times


def _figures(database: Database, directory: Path, out: Path, runs: int) -> list[Row]:
    from djdesk.reports.minutes import write_minutes_pdf
    from djdesk.reports.yearbook import write_yearbook_pdf
    from djdesk.services import minutes

    rows = []
    big, attendees = calendar_data.biggest_meeting(database)
    with database.transaction() as session:
        held = Meeting.status == MeetingStatus.HELD
        # Last year's book, as printed at the start of a year (this year's, with little data).
        year = session.scalar(select(func.max(Meeting.year)).where(held, Meeting.year < TODAY.year)) or TODAY.year
        typical = session.scalar(select(Meeting.id).where(Meeting.year == year, held).order_by(Meeting.id))
        sample = minutes.minutes_document(session, typical)
        book = minutes.yearbook_document(session, year=year, today=TODAY)
    book = dataclasses.replace(book, meetings=book.meetings[:BOOK])

    def one(meeting_id: int) -> None:
        with database.transaction() as session:
            doc = minutes.minutes_document(session, meeting_id)
        write_minutes_pdf(doc, out / f"{meeting_id}.pdf")

    one(typical)  # the font registered and ReportLab imported, as after the first printout
    bare = Baseline("bare ReportLab", measure(lambda: printing.bare_paragraphs(sample.content, out / "bare.pdf"),
                                              runs))
    rows.append(Row("one meeting's minutes (read + PDF), warm", measure(lambda: one(typical), runs), 0.300,
                    bare))
    rows.append(Row(f"minutes of the meeting with {attendees} attendees", measure(lambda: one(big), runs), 0.300))
    rows.append(Row("first preview page: minutes PDF + page 1 at 100 dpi", measure(
        lambda: (one(typical), printing.first_page(out / f"{typical}.pdf")), runs), 0.500))
    pages: list[int] = []
    times = measure(lambda: pages.append(write_yearbook_pdf(book, out / "book.pdf").pages), fewer(runs, 3))
    rows.append(Row(f"book of {len(book.meetings)} meetings of {year} ({pages[0]} pages)", times, 5.0))
    rows.append(Row("会议记录 tab: click → page shown (one meeting, then others)",
                    tab_preview(database, directory, typical, runs), 0.500))
    return rows


def figures(directory: Path, runs: int) -> list[Row]:
    rows = printing.first_use()
    database = open_db(directory)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            rows += _figures(database, directory, Path(scratch), runs)
    finally:
        database.dispose()
    return rows


def main() -> None:
    run_alone(calendar_data.build, 7, (AREA, figures))


if __name__ == "__main__":
    main()
