"""A meeting's sign-in sheet (签到表) as a PDF: the expected attendees 按姓氏笔画 with a
signature column tall and wide enough for a handwritten name, as many pages as needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from djdesk.i18n import _
from djdesk.reports import fonts, pages
from djdesk.reports.minutes import FRAME_WIDTH, MARGINS, PAGE, minutes_styles
from djdesk.reports.pages import MM, PdfResult
from djdesk.services.minutes import SigninDocument

ROW_HEIGHT = 11 * MM  # a signature in a pen's natural size
# 序号, 姓名, 签名, 备注 in mm, scaled to the frame.
WIDTHS = (14, 34, 72, 38)


def _info(doc: SigninDocument, font: str, made: dict[str, Any]) -> Any:
    from reportlab.platypus import Table, TableStyle

    def cell(text: str) -> Any:
        return pages.paragraph(text, made, "cell")

    rows = [[cell(_("Topic: {topic}").format(topic=doc.topic)), ""],
            [cell(_("Time: {time}").format(time=doc.time)), cell(_("Place: {place}").format(place=doc.place))],
            [cell(_("Chair: {host}").format(host=doc.host)),
             cell(_("Expected: {count}    Present: ______").format(count=len(doc.lines)))]]
    return Table(rows, colWidths=[FRAME_WIDTH * 0.55, FRAME_WIDTH * 0.45], style=TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font), ("SPAN", (0, 0), (1, 0)),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))


def info_texts(doc: SigninDocument) -> list[str]:
    return [_("Topic: {topic}").format(topic=doc.topic), _("Time: {time}").format(time=doc.time),
            _("Place: {place}").format(place=doc.place), _("Chair: {host}").format(host=doc.host),
            _("Expected: {count}    Present: ______").format(count=len(doc.lines))]


def write_signin_pdf(doc: SigninDocument, path: Path) -> PdfResult:
    from reportlab.lib import colors
    from reportlab.platypus import LongTable, Spacer, TableStyle

    font = fonts.font_name()
    made = minutes_styles(font)
    headers = [_("No."), _("Name"), _("Signature"), _("Remarks")]
    widths = [w * FRAME_WIDTH / sum(WIDTHS) for w in WIDTHS]
    rows: list[list[Any]] = [[pages.paragraph(h, made, "label") for h in headers]]
    for line in doc.lines:
        rows.append([str(line.number), pages.paragraph(line.name, made, "label"), "",
                     pages.paragraph(line.note, made, "label")])
    table = LongTable(rows, colWidths=widths, rowHeights=[9 * MM] + [ROW_HEIGHT] * len(doc.lines), repeatRows=1,
                      style=TableStyle([
                          ("FONTNAME", (0, 0), (-1, -1), font),
                          ("FONTSIZE", (0, 0), (-1, -1), 11),
                          ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                          ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                          ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                          ("BOX", (0, 0), (-1, -1), 1, colors.black),
                          ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
                          ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.93, 0.93, 0.93)),
                      ]))
    story = [pages.paragraph(doc.heading, made, "heading"), pages.paragraph(doc.title, made, "title"),
             _info(doc, font, made), Spacer(0, 2 * MM), table]
    count = pages.build(path, story, pagesize=PAGE, margins=MARGINS, title=f"{doc.title} {doc.time}",
                        author=doc.heading, subject=doc.topic, size=11, leading=14)
    texts = [*doc.texts(), *headers, *info_texts(doc), pages.page_numbers(count, count)]
    return PdfResult(pages=count, missing=pages.missing_in(texts))
