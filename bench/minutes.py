"""Printed meeting records over twenty years of meetings (bench.calendar_data).

    uv run python -m bench.minutes

Budgets (issue 7): one meeting's minutes ≤ 300 ms warm (the font registered once); a book of
150 meetings ≤ 5 s; the first preview page of one meeting ≤ 500 ms after the click. Also the
ratio to a bare ReportLab document of the same text in the same font, made in the same run.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import select  # noqa: E402

from bench.calendar import measure, report  # noqa: E402
from bench.calendar_data import build  # noqa: E402
from bench.data import CLOCK, TODAY  # noqa: E402
from djdesk import paths  # noqa: E402
from djdesk.domain.meetings import MeetingStatus  # noqa: E402
from djdesk.store.models import Meeting  # noqa: E402
from djdesk.store.opening import open_database  # noqa: E402


def bare(text: str, path: Path) -> None:
    """The same body as plain paragraphs in the same font: what ReportLab alone costs."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from djdesk.reports import fonts

    style = ParagraphStyle("bare", fontName=fonts.font_name(), fontSize=12, leading=21, wordWrap="CJK")
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph(line, style) for line in text.split("\n") if line])


def first_page(path: Path) -> None:
    """What the preview does after the PDF is written: open it, render page 1 at 100 dpi."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[0]
        page.render(scale=100 / 72, grayscale=True).close()
        page.close()
    finally:
        pdf.close()


def tab_preview(directory: Path, meeting_id: int) -> list[float] | None:
    """The 会议记录 tab: choose a meeting, wait for its page to be shown."""
    try:
        from djdesk.ui.minutes.tab import MinutesTab
    except ImportError:
        return None
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from djdesk.ui import fonts
    from djdesk.ui.asker import Asker
    from djdesk.ui.events import AppEvents
    from djdesk.ui.prefs import Prefs
    from djdesk.ui.record_printing import RecordPrinter

    app = QApplication.instance() or QApplication([])
    fonts.install(app)
    database = open_database(paths.database_path(directory), clock=CLOCK)
    events, asker = AppEvents(), Asker()
    tab = MinutesTab(database, events, asker, Prefs(directory), RecordPrinter(database, events, asker, directory))
    tab.resize(1280, 800)
    tab.show()
    times = []
    others = [row for row in tab.model.shown() if row.id != meeting_id][:6]
    for other in [None, *others]:
        loop = QEventLoop()
        tab.previewReady.connect(loop.quit)
        QTimer.singleShot(10_000, loop.quit)
        started = time.perf_counter()
        tab.select_meeting(meeting_id if other is None else other.id)
        loop.exec()
        tab.previewReady.disconnect(loop.quit)
        times.append(time.perf_counter() - started)
    tab.close()
    database.dispose()
    return times


def main() -> None:
    from djdesk.reports.minutes import write_minutes_pdf
    from djdesk.reports.yearbook import write_yearbook_pdf
    from djdesk.services import minutes

    with tempfile.TemporaryDirectory() as folder:
        directory, big = build(Path(folder) / "data")
        out = Path(folder) / "out"
        out.mkdir()
        database = open_database(paths.database_path(directory), clock=CLOCK)
        year = TODAY.year - 1
        with database.transaction() as session:
            typical = session.scalar(select(Meeting.id).where(Meeting.year == year, Meeting.status == MeetingStatus.HELD)
                                     .order_by(Meeting.id).limit(1))
            started = time.perf_counter()
            book = minutes.yearbook_document(session, year=year, today=TODAY)
            book_read = time.perf_counter() - started
        book = dataclasses.replace(book, meetings=book.meetings[:150])
        print(f"Minutes, {year}: {len(book.meetings)} meetings in the book (read in {book_read * 1000:.0f} ms)")

        def one(meeting_id: int) -> None:
            with database.transaction() as session:
                doc = minutes.minutes_document(session, meeting_id)
            write_minutes_pdf(doc, out / f"{meeting_id}.pdf")

        with database.transaction() as session:
            sample = minutes.minutes_document(session, typical)
        started = time.perf_counter()
        one(typical)  # the first registers the font and imports ReportLab
        print(f"  first minutes of the process (font registered, ReportLab imported): "
              f"{(time.perf_counter() - started) * 1000:.0f} ms")
        mine = measure(lambda: one(typical), runs=9)
        report("one meeting's minutes (read + PDF), warm", mine, 300)
        report("minutes of the meeting with 150 attendees", measure(lambda: one(big), runs=5), 300)
        plain = measure(lambda: bare(sample.content, out / "bare.pdf"), runs=9)
        report("bare ReportLab document of the same body and font", plain)
        print(f"  ratio to bare ReportLab: {sorted(mine)[len(mine) // 2] / sorted(plain)[len(plain) // 2]:.1f}×")
        report("first preview page: minutes PDF + page 1 rendered at 100 dpi",
               measure(lambda: (one(typical), first_page(out / f"{typical}.pdf")), runs=7), 500)
        pages = []
        book_times = measure(lambda: pages.append(write_yearbook_pdf(book, out / "book.pdf").pages), runs=3)
        report(f"book of {len(book.meetings)} meetings ({pages[0]} pages)", book_times, 5000)
        database.dispose()
        shown = tab_preview(directory, typical)
        if shown is not None:
            report("会议记录 tab: click → first page shown (first, then 6 more meetings)", shown, 500)


if __name__ == "__main__":
    main()
