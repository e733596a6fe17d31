"""A meeting's minutes (会议记录) as a PDF: A4 portrait, the branch's name and the record's
title, the ruled header table, the body as written flowing over pages, 表决情况, 决议 and the
signature lines; 第 N 页 共 M 页 on every page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from djdesk.domain.minutes import date_text
from djdesk.i18n import _
from djdesk.reports import fonts, pages
from djdesk.reports.pages import MM, PageState, PdfResult
from djdesk.services.minutes import MinutesDocument

PAGE = (210 * MM, 297 * MM)
# Official records leave the wider margin on the left, for binding into the meeting book.
MARGINS = (22 * MM, 20 * MM, 22 * MM, 26 * MM)
FRAME_WIDTH = PAGE[0] - MARGINS[1] - MARGINS[3] - 12  # the frame pads 6 pt on each side
LABEL_WIDTH = 29 * MM  # 缺席人员及原因 on one line at 10.5 pt
CELL_SIZE, CELL_LEADING = 10.5, 15
BODY_SIZE, BODY_LEADING = 12, 21  # 小四, with room between the lines
RULED_LINE = 9 * MM  # an empty body prints lines to write the minutes on by hand


def minutes_styles(font: str) -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    pages.chinese_line_breaking()
    base = ParagraphStyle("minutes", fontName=font, fontSize=BODY_SIZE, leading=BODY_LEADING,
                          alignment=TA_LEFT, wordWrap="CJK")
    return pages.with_latin({
        "heading": ParagraphStyle("heading", parent=base, fontSize=15, leading=20, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=28, alignment=TA_CENTER,
                                spaceBefore=1 * MM, spaceAfter=5 * MM),
        "label": ParagraphStyle("label", parent=base, fontSize=CELL_SIZE, leading=CELL_LEADING,
                                alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", parent=base, fontSize=CELL_SIZE, leading=CELL_LEADING),
        "section": ParagraphStyle("section", parent=base, fontSize=13, leading=20, spaceBefore=4 * MM,
                                  spaceAfter=1.5 * MM),
        "body": base,
        "sign": ParagraphStyle("sign", parent=base, fontSize=CELL_SIZE, leading=CELL_LEADING),
    })


def _header_table(doc: MinutesDocument, font: str, made: dict[str, Any]) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    def label(text: str) -> Any:
        return pages.paragraph(text, made, "label")

    def value(text: str) -> Any:
        return pages.paragraph(text, made, "cell")

    value_width = (FRAME_WIDTH - 2 * LABEL_WIDTH) / 2
    present = "" if doc.present is None else str(doc.present)
    rows: list[list[Any]] = [
        [label(_("Time")), value(doc.time), "", ""],
        [label(_("Place")), value(doc.place), "", ""],
        [label(_("Chair (post)")), value(doc.host), label(_("Recorder")), value(doc.recorder)],
    ]
    spans = [(0, 1), (1, 1)]  # rows whose value spans the three cells on the right
    if doc.lecturer is not None:
        rows.append([label(_("Lecturer")), value(doc.lecturer), "", ""])
        spans.append((len(rows) - 1, 1))
    rows.append([label(_("Number expected")), value(str(doc.expected) if doc.expected or doc.held else ""),
                 label(_("Number present")), value(present)])
    for name, text in ((_("Absent, and why"), _("、").join(doc.absent) if doc.absent else
                        (_("None") if doc.present is not None and doc.present == doc.expected else "")),
                       (_("Guests in attendance"), doc.guests), (_("Topic"), doc.topic)):
        rows.append([label(name), value(text), "", ""])
        spans.append((len(rows) - 1, 1))
    style = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 1, colors.black),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        *(("SPAN", (1, row), (3, row)) for row, _start in spans),
    ]
    # splitInRow: a long 缺席人员及原因 or 列席人员 may run over a page; its row then splits.
    return Table(rows, colWidths=[LABEL_WIDTH, value_width, LABEL_WIDTH, value_width], style=TableStyle(style),
                 splitInRow=1)


def _ruled_lines() -> Any:
    from reportlab.platypus import Flowable

    class Ruled(Flowable):
        """Lines to write on, for minutes taken by hand and entered later: the rest of the
        page, less room for the signatures (at least a few lines)."""

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.width = avail_width
            self.count = max(5, int((avail_height - 32 * MM) / RULED_LINE))
            return avail_width, self.count * RULED_LINE

        def draw(self) -> None:
            self.canv.setLineWidth(0.4)
            for line in range(self.count):
                y = (self.count - line - 1) * RULED_LINE
                self.canv.line(0, y, self.width, y)

    return Ruled()


def _text_block(text: str, made: dict[str, Any]) -> list[Any]:
    """Typed text as paragraphs: each line its own paragraph (the office's line breaks are
    meaningful: 一、 二、 headings, lists), an empty line a gap."""
    from reportlab.platypus import Spacer

    story: list[Any] = []
    for line in text.split("\n"):
        if not line.strip():
            story.append(Spacer(0, BODY_LEADING / 2))
        else:
            story.append(pages.paragraph(line, made, "body", markup=pages.keep_spaces(line.rstrip())))
    return story


def _signatures(font: str, made: dict[str, Any]) -> Any:
    from reportlab.platypus import Table, TableStyle

    line = "_" * 16
    return Table(
        [[pages.paragraph(_("Chair (signature): {line}").format(line=line), made, "sign"),
          pages.paragraph(_("Recorder (signature): {line}").format(line=line), made, "sign")]],
        colWidths=[FRAME_WIDTH / 2] * 2,
        style=TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                          ("TOPPADDING", (0, 0), (-1, -1), 12 * MM)]),
    )


def start_mark(meeting_id: int, on_start: Callable[[], object] | None = None) -> Any:
    """Where a meeting's record begins: the footers count its pages from this mark."""
    from reportlab.platypus import Flowable

    class Start(Flowable):
        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            return 0, 0

        def draw(self) -> None:
            self.canv.mark("meeting", meeting_id)
            if on_start is not None:
                on_start()

    return Start()


def minutes_story(doc: MinutesDocument, font: str, made: dict[str, Any],
                  on_start: Callable[[], object] | None = None) -> list[Any]:
    """The flowables of one record, for its own PDF or for the year's book; `on_start` is
    called when the layout reaches it (a progress bar's step)."""
    from reportlab.platypus import KeepTogether

    story: list[Any] = [
        start_mark(doc.meeting_id, on_start),
        pages.paragraph(doc.heading, made, "heading"),
        pages.paragraph(doc.title, made, "title"),
        _header_table(doc, font, made),
        pages.paragraph(_("Proceedings"), made, "section"),
    ]
    story.extend(_text_block(doc.content, made) if doc.content.strip() else [_ruled_lines()])
    if doc.vote:
        story.append(KeepTogether([pages.paragraph(_("Vote"), made, "section"),
                                   *(pages.paragraph(line, made, "body") for line in doc.vote)]))
    if doc.resolution:
        heading = pages.paragraph(_("Resolution"), made, "section")
        block = _text_block(doc.resolution, made)
        story.append(KeepTogether([heading, block[0]]))  # never a heading alone at a page's foot
        story.extend(block[1:])
    story.append(_signatures(font, made))
    return story


def running_head(canvas: Any, text: str) -> None:
    """On a record's later pages, which record they continue (pages get separated)."""
    canvas.setFont(fonts.font_name(), 9)
    canvas.setFillGray(0.35)
    canvas.drawString(MARGINS[3], PAGE[1] - 12 * MM, text)
    canvas.setFillGray(0)


def continued(doc: MinutesDocument) -> str:
    return _("{title} (continued) · {date}").format(title=doc.title, date=date_text(doc.starts_at.date()))


def footer_texts(doc: MinutesDocument) -> list[str]:
    return [_("Proceedings"), _("Vote"), _("Resolution"), _("Chair (signature): {line}"),
            _("Recorder (signature): {line}"), continued(doc), _("Time"), _("Place"), _("Chair (post)"),
            _("Recorder"), _("Lecturer"), _("Number expected"), _("Number present"), _("Absent, and why"),
            _("Guests in attendance"), _("Topic"), _("None"), pages.page_numbers(1, 1)]


def write_minutes_pdf(doc: MinutesDocument, path: Path) -> PdfResult:
    """Write one meeting's minutes to `path` (atomically); its page count and the characters
    the font could not draw (each printed as nothing, and reported)."""
    font = fonts.font_name()
    made = minutes_styles(font)

    def decorate(canvas: Any, state: PageState, _states: list[PageState]) -> None:
        pages.centred_footer(canvas, state, _states)
        if state.number > 1:
            running_head(canvas, continued(doc))

    count = pages.build(path, minutes_story(doc, font, made), pagesize=PAGE, margins=MARGINS,
                        title=f"{doc.title} {doc.time}", author=doc.heading, subject=doc.topic,
                        decorate=decorate, size=BODY_SIZE, leading=BODY_LEADING)
    return PdfResult(pages=count, missing=pages.missing_in([*doc.texts(), *footer_texts(doc)]))
