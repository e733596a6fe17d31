"""The 党员花名册 as a PDF: A4 landscape, a ruled table whose header repeats on every page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from djdesk.i18n import N_, _
from djdesk.reports import fonts, pages
from djdesk.reports.pages import MM, PdfResult
from djdesk.services.roster_print import RosterDocument, RosterLine

__all__ = ["PdfResult", "write_roster_pdf"]

PAGE_MARGIN = 15 * MM
BODY_SIZE, BODY_LEADING = 10, 13
PADDING = 3  # points inside each cell, on every side

# (header, width in mm, value); scaled to the frame's width, about 263 mm on A4 landscape.
# 姓名 takes a four-character name on one line; longer (compound, minority) names wrap.
COLUMNS: tuple[tuple[str, float, Callable[[RosterLine], str]], ...] = (
    (N_("No."), 12, lambda line: str(line.number)),
    (N_("Name"), 24, lambda line: line.name),
    (N_("Sex"), 11, lambda line: line.sex),
    (N_("Ethnic group"), 16, lambda line: line.ethnicity),
    (N_("Born"), 19, lambda line: line.born),
    (N_("Education"), 22, lambda line: line.education),
    (N_("Joined the Party on"), 22, lambda line: line.joined),
    (N_("Full member since"), 22, lambda line: line.full),
    (N_("Branch"), 31, lambda line: line.branch),
    (N_("Party group"), 23, lambda line: line.group),
    (N_("Post / professional title"), 38, lambda line: line.post_title),
    (N_("Contact phone"), 27, lambda line: line.phone),
)


def fitted_cell(text: str, width: float, font: str, styles: dict[str, Any]) -> Any:
    """Plain text when it fits on one line (a table draws it cheaply), else a Paragraph that
    wraps: a Paragraph in every cell makes 1,000 members take five times as long (4.2 s)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, BODY_SIZE) <= width - 2 * PADDING:
        return text
    return pages.paragraph(text, styles, "cell")


CHUNK = 30  # rows handed to a Table at a time: a page holds about 20; more when needed


def rows_flowable(header: list[Any], rows: list[list[Any]], make: Callable[[list[list[Any]]], Any]) -> Any:
    """The table's rows, given to ReportLab's Table about a page at a time.

    A Table split across pages copies and restyles every remaining row at each page break
    (quadratic: 10,000 members took 15 s, now 8 s). This flowable hands the Table only the
    next rows, lets it split them exactly as it would (header repeated, no row cut), keeps
    the part that fits on this page and carries the rest over to the next."""
    from reportlab.platypus import Flowable

    class Rows(Flowable):
        def __init__(self, rows: list[list[Any]], chunk: int = CHUNK) -> None:
            super().__init__()
            self.rows, self.chunk = rows, chunk
            self.table = make([header, *rows[:chunk]])

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.width, self.height = self.table.wrap(avail_width, avail_height)
            if len(self.rows) > self.chunk:
                self.height = max(self.height, avail_height + 1)  # more follow: never fits
            return self.width, self.height

        def split(self, avail_width: float, avail_height: float) -> list[Any]:
            parts = self.table.split(avail_width, avail_height)
            if not parts:
                return []
            taken = parts[0]._nrows - 1  # without the header
            if taken == len(self.rows):
                return [parts[0]]
            if taken == self.chunk:  # the page holds more than the chunk: take more at once
                return Rows(self.rows, self.chunk * 2).split(avail_width, avail_height)
            return [parts[0], Rows(self.rows[taken:], self.chunk)]

        def draw(self) -> None:
            self.table.drawOn(self.canv, 0, 0)

    return Rows(rows)


def write_roster_pdf(doc: RosterDocument, path: Path) -> PdfResult:
    """Write the roster to `path` (atomically) and return its page count and missing glyphs.

    A character the font lacks does not stop the printout (the office may still want the
    rest of it) and is not replaced by a look-alike: it prints as the font's empty glyph
    (blank in WenQuanYi, so "王𠀀" reads "王") and is listed in `PdfResult.missing`, with the
    names and cells it occurs in, so the UI can warn before the paper is handed out.
    """
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import LongTable, Table, TableStyle

    font = fonts.font_name()
    styles = pages.styles(font, BODY_SIZE, BODY_LEADING)
    headers = [_(header) for header, _width, _value in COLUMNS]
    widths = [width * MM for _header, width, _value in COLUMNS]
    getters = [value for _header, _width, value in COLUMNS]

    info = [
        _("Unit: {unit}").format(unit=doc.unit) if doc.unit else "",
        _("Members: {count} (in the order of surname strokes)").format(count=len(doc.lines)),
        _("Printed on: {date}").format(date=f"{doc.printed_on:%Y.%m.%d}"),
    ]
    texts = [[get(line) for get in getters] for line in doc.lines]

    story: list[Any] = [pages.paragraph(doc.title, styles, "title")]
    if doc.subtitle:
        story.append(pages.paragraph(doc.subtitle, styles, "subtitle"))
    # The frame keeps 6 pt of padding on each side inside the page margins.
    table_width = landscape(A4)[0] - 2 * PAGE_MARGIN - 12
    story.append(Table(
        [[pages.paragraph(info[0], styles, "left"), pages.paragraph(info[1], styles, "middle"),
          pages.paragraph(info[2], styles, "right")]],
        colWidths=[table_width * 0.4, table_width * 0.3, table_width * 0.3],
        style=TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                          ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]),
    ))
    widths = [w * table_width / sum(widths) for w in widths]
    header = [pages.paragraph(h, styles, "header") for h in headers]
    rows = [[fitted_cell(text, width, font, styles) for text, width in zip(row, widths)] for row in texts]
    table_style = pages.ruled(font, BODY_SIZE, BODY_LEADING, padding=(PADDING + 1, PADDING + 1, PADDING))
    story.append(rows_flowable(
        header, rows, lambda data: LongTable(data, colWidths=widths, repeatRows=1, style=table_style)))

    count = pages.build(path, story, pagesize=landscape(A4), title=doc.title, author=doc.unit,
                        subject=doc.subtitle, size=BODY_SIZE, leading=BODY_LEADING,
                        margins=(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN + 3 * MM, PAGE_MARGIN))
    footer = pages.page_numbers(count, count)
    missing = pages.missing_in([doc.title, doc.subtitle, *info, *headers, footer, *(t for row in texts for t in row)])
    return PdfResult(pages=count, missing=missing)
