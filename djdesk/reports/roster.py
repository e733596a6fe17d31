"""The 党员花名册 as a PDF: A4 landscape, a ruled table whose header repeats on every page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from djdesk.files import atomic_path
from djdesk.i18n import N_, _
from djdesk.reports import fonts
from djdesk.services.roster_print import RosterDocument, RosterLine

MM = 72 / 25.4
PAGE_MARGIN = 15 * MM
FOOTER_Y = 8 * MM
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


@dataclass(frozen=True)
class PdfResult:
    pages: int
    # A character the font cannot draw -> the texts (names, cells) it occurs in.
    missing: dict[str, list[str]] = field(default_factory=dict)


def _styles(font: str) -> dict[str, Any]:
    """Every style names the CJK font: ReportLab's default, Helvetica, is neither embedded
    nor able to draw Chinese."""
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=font, fontSize=BODY_SIZE, leading=BODY_LEADING,
                          alignment=TA_CENTER, wordWrap="CJK")
    styles = {
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=26, spaceAfter=2 * MM),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=13, leading=17, spaceAfter=2 * MM),
        "left": ParagraphStyle("left", parent=base, fontSize=10.5, leading=14, alignment=TA_LEFT),
        "middle": ParagraphStyle("middle", parent=base, fontSize=10.5, leading=14),
        "right": ParagraphStyle("right", parent=base, fontSize=10.5, leading=14, alignment=TA_RIGHT),
        "header": ParagraphStyle("header", parent=base, fontSize=10.5, leading=13),
        "cell": base,
    }
    # wordWrap='CJK' breaks lines anywhere, inside English words too ("Bo|rn"): text without
    # Chinese (English mode, a Latin name) wraps at spaces instead.
    latin = {f"{name}/latin": ParagraphStyle(f"{name}/latin", parent=style, wordWrap=None)
             for name, style in styles.items()}
    return styles | latin


def _paragraph(text: str, styles: dict[str, Any], name: str) -> Any:
    from reportlab.platypus import Paragraph

    chinese = any(ord(char) >= 0x2E80 for char in text)
    return Paragraph(escape(text), styles[name if chinese else f"{name}/latin"])


def _canvas_maker(font: str, counted: list[int]) -> type:
    """A canvas that keeps its pages until the end, so each footer can say how many there are."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            counted.append(total)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(font, 9)
                self.drawCentredString(self._pagesize[0] / 2, FOOTER_Y, _("Page {page} of {pages}").format(
                    page=self._pageNumber, pages=total))
                super().showPage()
            super().save()

    return NumberedCanvas


def _cell(text: str, width: float, font: str, styles: dict[str, Any]) -> Any:
    """Plain text when it fits on one line (a table draws it cheaply), else a Paragraph that
    wraps: a Paragraph in every cell makes 1,000 members take five times as long (4.2 s)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, BODY_SIZE) <= width - 2 * PADDING:
        return text
    return _paragraph(text, styles, "cell")


CHUNK = 30  # rows handed to a Table at a time: a page holds about 20; more when needed


def _rows_flowable(header: list[Any], rows: list[list[Any]], make: Callable[[list[list[Any]]], Any]) -> Any:
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


def _missing(texts: Iterable[str]) -> dict[str, list[str]]:
    texts = [t for t in dict.fromkeys(texts) if t]
    missing = fonts.missing_glyphs("".join(texts))
    found: dict[str, list[str]] = {char: [] for char in sorted(missing)}
    if missing:
        for text in texts:
            for char in missing.intersection(text):
                found[char].append(text)
    return found


def write_roster_pdf(doc: RosterDocument, path: Path) -> PdfResult:
    """Write the roster to `path` (atomically) and return its page count and missing glyphs.

    A character the font lacks does not stop the printout (the office may still want the
    rest of it) and is not replaced by a look-alike: it prints as the font's empty glyph
    (blank in WenQuanYi, so "王𠀀" reads "王") and is listed in `PdfResult.missing`, with the
    names and cells it occurs in, so the UI can warn before the paper is handed out.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import LongTable, SimpleDocTemplate, Table, TableStyle

    font = fonts.font_name()
    styles = _styles(font)
    headers = [_(header) for header, _width, _value in COLUMNS]
    widths = [width * MM for _header, width, _value in COLUMNS]
    getters = [value for _header, _width, value in COLUMNS]

    info = [
        _("Unit: {unit}").format(unit=doc.unit) if doc.unit else "",
        _("Members: {count} (in the order of surname strokes)").format(count=len(doc.lines)),
        _("Printed on: {date}").format(date=f"{doc.printed_on:%Y.%m.%d}"),
    ]
    texts = [[get(line) for get in getters] for line in doc.lines]

    story: list[Any] = [_paragraph(doc.title, styles, "title")]
    if doc.subtitle:
        story.append(_paragraph(doc.subtitle, styles, "subtitle"))
    # The frame keeps 6 pt of padding on each side inside the page margins.
    table_width = landscape(A4)[0] - 2 * PAGE_MARGIN - 12
    story.append(Table(
        [[_paragraph(info[0], styles, "left"), _paragraph(info[1], styles, "middle"),
          _paragraph(info[2], styles, "right")]],
        colWidths=[table_width * 0.4, table_width * 0.3, table_width * 0.3],
        style=TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                          ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]),
    ))
    widths = [w * table_width / sum(widths) for w in widths]
    header = [_paragraph(h, styles, "header") for h in headers]
    rows = [[_cell(text, width, font, styles) for text, width in zip(row, widths)] for row in texts]
    table_style = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), BODY_SIZE),
        ("LEADING", (0, 0), (-1, -1), BODY_LEADING),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), PADDING + 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING + 1),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 1, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
    ])
    story.append(_rows_flowable(
        header, rows, lambda data: LongTable(data, colWidths=widths, repeatRows=1, style=table_style)))

    counted: list[int] = []
    with atomic_path(path) as temp:
        SimpleDocTemplate(
            str(temp), pagesize=landscape(A4), leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN,
            topMargin=PAGE_MARGIN, bottomMargin=PAGE_MARGIN + 3 * MM, title=doc.title,
            author=doc.unit, subject=doc.subtitle, creator="djdesk",
            # Each page starts by selecting this font: by default Helvetica, which would then
            # be named in the PDF, though not embedded.
            initialFontName=font, initialFontSize=BODY_SIZE, initialLeading=BODY_LEADING,
        ).build(story, canvasmaker=_canvas_maker(font, counted))

    footer = _("Page {page} of {pages}").format(page=counted[0], pages=counted[0])
    missing = _missing([doc.title, doc.subtitle, *info, *headers, footer, *(t for row in texts for t in row)])
    return PdfResult(pages=counted[0], missing=missing)
