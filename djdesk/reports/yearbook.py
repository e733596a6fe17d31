"""The year's book of minutes (年度会议记录汇编) as one PDF: a cover, the contents with the
book's page numbers, then each meeting's record from a new page, its footer giving both its
own 第 N 页 共 M 页 and the page of the book.

One layout pass: the contents leave each page number's place marked, and the numbers are
drawn there once every page is laid out (pages.deferred_canvas), so a book of 150 meetings is
laid out once, not twice as ReportLab's multiBuild would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from djdesk.domain.minutes import date_text
from djdesk.i18n import _
from djdesk.reports import fonts, pages
from djdesk.reports.minutes import (
    MARGINS,
    PAGE,
    continued,
    footer_texts,
    minutes_story,
    minutes_styles,
    running_head,
)
from djdesk.reports.pages import FOOTER_Y, MM, PageState, PdfResult
from djdesk.services.minutes import MinutesDocument, YearbookDocument

TOC_SIZE, TOC_LEADING = 11, 16
TOC_NUMBER, TOC_DATE, TOC_PAGE = 10 * MM, 30 * MM, 14 * MM


def entry_title(doc: MinutesDocument) -> str:
    kind = doc.kind.label
    return _("{kind} · {topic}").format(kind=kind, topic=doc.topic) if doc.topic else kind


def _toc_line(number: int, doc: MinutesDocument, made: dict[str, Any]) -> Any:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Flowable

    font = fonts.font_name()

    class TocLine(Flowable):
        """序号, date, what the meeting was, and a place for its page number, dotted to it."""

        def __init__(self) -> None:
            super().__init__()
            self.title = pages.paragraph(entry_title(doc), made, "toc")

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.width = avail_width
            self.title_width = avail_width - TOC_NUMBER - TOC_DATE - TOC_PAGE
            _w, height = self.title.wrap(self.title_width, avail_height)
            self.height = height + 2 * MM
            return avail_width, self.height

        def draw(self) -> None:
            canvas = self.canv
            first = self.height - TOC_SIZE  # baseline of the first line
            canvas.setFont(font, TOC_SIZE)
            canvas.drawRightString(TOC_NUMBER - 3 * MM, first, str(number))
            canvas.drawString(TOC_NUMBER, first, date_text(doc.starts_at.date()))
            self.title.drawOn(canvas, TOC_NUMBER + TOC_DATE, 2 * MM)
            lines = self.title.blPara.lines
            last = first - (len(lines) - 1) * TOC_LEADING
            try:  # a CJK line knows its width; a Latin line is (width left, words)
                used = lines[-1].width if hasattr(lines[-1], "width") else self.title_width - lines[-1][0]
            except (AttributeError, IndexError, TypeError):
                used = self.title_width
            dots_from = TOC_NUMBER + TOC_DATE + used + 2 * MM
            dots_to = self.width - TOC_PAGE + 2 * MM
            if dots_to - dots_from > 6 * MM:
                dot = stringWidth("·", font, TOC_SIZE)
                canvas.setFillGray(0.45)
                canvas.drawString(dots_from, last, "·" * int((dots_to - dots_from) / dot))
                canvas.setFillGray(0)
            canvas.mark("toc", (doc.meeting_id, *canvas.absolutePosition(self.width, last)))

    return TocLine()


def _cover(book: YearbookDocument, made: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import PageBreak, Spacer

    held = _("{count} meetings").format(count=len(book.meetings))
    return [
        Spacer(0, 55 * MM),
        pages.paragraph(book.heading, made, "cover_heading"),
        Spacer(0, 10 * MM),
        pages.paragraph(book.title, made, "cover_title"),
        Spacer(0, 8 * MM),
        pages.paragraph(book.scope, made, "cover_line"),
        pages.paragraph(held, made, "cover_line"),
        Spacer(0, 85 * MM),
        pages.paragraph(_("Compiled on {date}").format(date=date_text(book.printed_on)), made, "cover_line"),
        PageBreak(),
    ]


def _styles(font: str) -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    made = minutes_styles(font)
    body = made["body"]
    extra = {
        "cover_heading": ParagraphStyle("cover_heading", parent=body, fontSize=20, leading=28, alignment=TA_CENTER),
        "cover_title": ParagraphStyle("cover_title", parent=body, fontSize=30, leading=40, alignment=TA_CENTER),
        "cover_line": ParagraphStyle("cover_line", parent=body, fontSize=14, leading=24, alignment=TA_CENTER),
        "toc_title": ParagraphStyle("toc_title", parent=body, fontSize=20, leading=28, alignment=TA_CENTER,
                                    spaceAfter=6 * MM),
        "toc": ParagraphStyle("toc", parent=body, fontSize=TOC_SIZE, leading=TOC_LEADING),
    }
    return made | pages.with_latin(extra)


def _decorator(book: YearbookDocument) -> Callable[[Any, PageState, list[PageState]], None]:
    """Footers and the contents' page numbers, from the marks every page was left with."""
    known: dict[str, Any] = {}

    def layout(states: list[PageState]) -> None:
        starts: dict[int, int] = {}  # meeting -> its first page of the book
        owner: dict[int, int] = {}  # page -> the meeting it belongs to
        current = None
        for state in states:
            for kind, value in state.marks:
                if kind == "meeting":
                    current = value
                    starts[value] = state.number
            if current is not None:
                owner[state.number] = current
        lengths: dict[int, int] = {}
        for meeting in owner.values():
            lengths[meeting] = lengths.get(meeting, 0) + 1
        known.update(starts=starts, owner=owner, lengths=lengths)

    by_id = {doc.meeting_id: doc for doc in book.meetings}

    def decorate(canvas: Any, state: PageState, states: list[PageState]) -> None:
        if not known:
            layout(states)
        starts, owner, lengths = known["starts"], known["owner"], known["lengths"]
        for kind, value in state.marks:
            if kind == "toc":
                meeting, x, y = value
                canvas.setFont(fonts.font_name(), TOC_SIZE)
                canvas.drawRightString(x, y, str(starts.get(meeting, "")))
        canvas.setFont(fonts.font_name(), 9)
        if state.number == 1:
            return  # the cover
        meeting = owner.get(state.number)
        if meeting is None:  # the contents
            canvas.drawCentredString(PAGE[0] / 2, FOOTER_Y, book_page(state.number))
            return
        own = state.number - starts[meeting] + 1
        canvas.drawCentredString(PAGE[0] / 2, FOOTER_Y, pages.page_numbers(own, lengths[meeting]))
        canvas.drawRightString(PAGE[0] - MARGINS[1], FOOTER_Y, book_page(state.number))
        if own > 1:
            running_head(canvas, continued(by_id[meeting]))

    return decorate


def book_page(number: int) -> str:
    return _("Book page {page}").format(page=number)


def write_yearbook_pdf(book: YearbookDocument, path: Path,
                       progress: Callable[[int, int], None] | None = None) -> PdfResult:
    """Write the book to `path` (atomically). `progress(done, total)` is called as each
    meeting is laid out, from the thread doing the work."""
    from reportlab.platypus import PageBreak

    font = fonts.font_name()
    made = _styles(font)
    total = len(book.meetings)
    story: list[Any] = [*_cover(book, made), pages.paragraph(_("Contents"), made, "toc_title")]
    story.extend(_toc_line(number, doc, made) for number, doc in enumerate(book.meetings, start=1))
    if not book.meetings:
        story.append(pages.paragraph(_("No meeting of this year has been recorded as held."), made, "toc"))
    for index, doc in enumerate(book.meetings):
        story.append(PageBreak())
        story.extend(minutes_story(doc, font, made, lambda i=index: progress and progress(i + 1, total)))
    count = pages.build(path, story, pagesize=PAGE, margins=MARGINS, title=f"{book.heading} {book.title}",
                        author=book.heading, subject=book.scope, decorate=_decorator(book))
    texts = [book.heading, book.title, book.scope, _("Contents"), _("Compiled on {date}").format(
        date=date_text(book.printed_on)), _("{count} meetings").format(count=total), book_page(count)]
    for doc in book.meetings:
        texts += [*doc.texts(), *footer_texts(doc), entry_title(doc), continued(doc)]
    return PdfResult(pages=count, missing=pages.missing_in(texts))
