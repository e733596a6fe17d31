"""The party dues printouts: a branch's 党费收缴明细表 for a month or a quarter, and a member's year
(the texts they share with the workbooks are in dues_texts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from djdesk.domain.dues import yuan
from djdesk.i18n import _
from djdesk.reports import fonts, pages
from djdesk.reports.democratic import continued
from djdesk.reports.dues_texts import (
    BLANK,
    NOT_DUE,
    exempt_mark,
    extras_heading,
    extras_heads,
    extras_texts,
    handover_heads,
    handover_texts,
    handover_title,
    has_dates,
    has_total,
    info_line,
    month_heads,
    no_extras,
    order_line,
    pair_heads,
    period_text,
    signature_parts,
    summary_line,
    total_texts,
    unit_line,
    unpaid_line,
    unpaid_mark,
    year_heads,
    year_lines,
    year_texts,
    year_title,
)
from djdesk.reports.ethics import spaced
from djdesk.reports.pages import MM, PageState, PdfResult
from djdesk.reports.roster import PAGE_MARGIN

if TYPE_CHECKING:
    from djdesk.services.dues import Handover, PersonYear

__all__ = ["PdfResult", "write_handover_pdf", "write_person_year_pdf"]

SIZE, LEADING = 10.5, 14  # 五号, what forms are printed in
PADDING = 3
MARGINS = (PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN + 3 * MM, PAGE_MARGIN)  # the roster's, a little more for the footer
GREY = 0.88  # behind 未交, so the eye finds it; light enough to photocopy
# Column widths in mm, scaled to the frame. One month: A4 portrait (about 176 mm); several:
# landscape (about 263 mm), two columns (应交, 实交) a month and two for the total.
MONTH_W = (12, 30, 30, 28, 28, 48)
QUARTER_W = (10, 24, 24, 20, 20, 41)  # 序号 姓名 基数, each month's pair, 备注; 合计's pair as a month's + 2
EXTRAS_W = (12, 30, 38, 28, 68)
YEAR_W = (24, 30, 30, 34, 50)  # 月份 应交 实交 交纳日期 备注


# -- layout -------------------------------------------------------------------------------------
def _styles(font: str) -> dict[str, Any]:
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    made = pages.styles(font, SIZE, LEADING)
    made["title"] = ParagraphStyle("u-title", parent=made["title"], fontSize=18, leading=25, spaceAfter=3 * MM)
    made["info"] = ParagraphStyle("u-info", parent=made["left"], fontSize=SIZE, leading=15)
    made["order"] = ParagraphStyle("u-order", parent=made["info"], alignment=TA_RIGHT)
    made["text"] = ParagraphStyle("u-text", parent=made["cell"], alignment=TA_LEFT)
    made["line"] = ParagraphStyle("u-line", parent=made["left"], fontSize=SIZE + 0.5, leading=17, spaceBefore=3 * MM)
    made["heading"] = ParagraphStyle("u-heading", parent=made["left"], fontSize=12, leading=17,
                                     spaceBefore=5 * MM, spaceAfter=2 * MM, keepWithNext=1)
    made["sign"] = ParagraphStyle("u-sign", parent=made["left"], fontSize=12, leading=17)
    return pages.with_latin({k: v for k, v in made.items() if "/" not in k})


def _title(text: str, branch: str, width: float, font: str, made: dict[str, Any]) -> Any:
    """On one line when it fits; else the branch's full name on a line of its own rather than
    broken wherever the width runs out."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, made["title"].fontSize) <= width or not branch or branch not in text:
        return pages.paragraph(text, made, "title")
    head, tail = text.split(branch, 1)
    return pages.paragraph(text, made, "title", markup=f"{escape(head)}{escape(branch)}<br/>{escape(tail.strip())}")


def _cell(text: str, width: float, font: str, made: dict[str, Any], style: str = "cell") -> Any:
    """Plain text when it fits on one line, else a Paragraph that wraps inside the column."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, SIZE) <= width - 2 * PADDING:
        return text
    return pages.paragraph(text, made, style)


def _grid(font: str, header_rows: int = 1, extra: Sequence[tuple[Any, ...]] = ()) -> Any:
    return pages.ruled(font, SIZE, LEADING, padding=(PADDING + 1, PADDING + 1, PADDING), frame=1.2,
                       header_rows=header_rows, extra=extra)


def _plain(font: str, top: float = 0, bottom: float = 0) -> Any:
    from reportlab.platypus import TableStyle

    return TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                       ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                       ("TOPPADDING", (0, 0), (-1, -1), top), ("BOTTOMPADDING", (0, 0), (-1, -1), bottom)])


def _scaled(mm: Sequence[float], width: float) -> list[float]:
    return [w * width / sum(mm) for w in mm]


def _decorate(heading: str, left: float) -> Any:
    """第 N 页 共 M 页 on every page; on the later ones, which sheet they continue."""
    def decorate(canvas: Any, state: PageState, states: list[PageState]) -> None:
        pages.centred_footer(canvas, state, states)
        if state.number > 1:
            canvas.setFont(fonts.font_name(), 9)
            canvas.setFillGray(0.35)
            canvas.drawString(left, canvas._pagesize[1] - 10 * MM, continued(heading))
            canvas.setFillGray(0)
    return decorate


def _handover_widths(handover: Handover, width: float) -> list[float]:
    if not has_total(handover):
        return _scaled(MONTH_W, width)
    no, name, base, due, paid, remarks = QUARTER_W
    pairs = [due, paid] * len(handover.months) + [due + 1, paid + 1]
    return _scaled((no, name, base, *pairs, remarks), width)


def _handover_table(handover: Handover, texts: list[list[str]], width: float, font: str,
                    made: dict[str, Any]) -> Any:
    """Two header rows repeated on every page: each month (and 合计) over its 应交 and 实交;
    the totals row last, set off by a heavier rule."""
    from reportlab.lib import colors
    from reportlab.platypus import LongTable

    widths = _handover_widths(handover, width)
    groups = month_heads(handover.months) + ([_("Total")] if has_total(handover) else [])
    first, last = 3, 3 + 2 * len(groups)  # the amount columns: [first, last)
    top = [pages.paragraph(h, made, "header") for h in handover_heads()]
    under = ["", "", ""]
    for group in groups:
        top += [pages.paragraph(group, made, "header"), ""]
        under += [pages.paragraph(h, made, "header") for h in pair_heads()]
    top.append(pages.paragraph(_("Remarks"), made, "header"))
    under.append("")
    rows = [[_cell(t, w, font, made, "text" if i == len(line) - 1 else "cell")
             for i, (t, w) in enumerate(zip(line, widths))] for line in texts]
    total = [_("Total"), "", *total_texts(handover)]
    end = 2 + len(rows)  # the totals row
    commands: list[tuple[Any, ...]] = [("SPAN", (c, 0), (c, 1)) for c in (0, 1, 2, last)]
    commands += [("SPAN", (c, 0), (c + 1, 0)) for c in range(first, last, 2)]
    # The totals row never starts a page alone under the repeated header: two members go with it.
    commands += [("SPAN", (0, end), (1, end)), ("LINEABOVE", (0, end), (-1, end), 1.2, colors.black),
                 ("NOSPLIT", (0, max(2, end - 2)), (-1, end)),
                 ("ALIGN", (first, 2), (last - 1, -1), "RIGHT"), ("ALIGN", (last, 2), (last, -1), "LEFT")]
    marks = {unpaid_mark(), exempt_mark(), NOT_DUE}
    for r, line in enumerate(texts, start=2):
        for c in range(first, last):
            if line[c] in marks:  # a word, not an amount: centred
                commands.append(("ALIGN", (c, r), (c, r), "CENTER"))
                if line[c] == unpaid_mark():
                    commands.append(("BACKGROUND", (c, r), (c, r), colors.Color(GREY, GREY, GREY)))
    return LongTable([top, under, *rows, total], colWidths=widths, repeatRows=2, style=_grid(font, 2, commands))


def _extras_table(texts: list[list[str]], width: float, font: str, made: dict[str, Any]) -> Any:
    from reportlab.platypus import LongTable

    widths = _scaled(EXTRAS_W, width)
    header = [pages.paragraph(h, made, "header") for h in extras_heads()]
    rows = [[_cell(t, w, font, made, "text" if i == 4 else "cell") for i, (t, w) in enumerate(zip(line, widths))]
            for line in texts]
    style = _grid(font, 1, [("ALIGN", (3, 1), (3, -1), "RIGHT"), ("ALIGN", (4, 1), (4, -1), "LEFT")])
    return LongTable([header, *rows], colWidths=widths, repeatRows=1, style=style)


def _signatures(parts: list[str], per_row: int, width: float, font: str, made: dict[str, Any]) -> Any:
    """收缴人 经手人 支部书记 日期, each with room to sign by hand."""
    from reportlab.platypus import Table

    cells = [pages.paragraph(p, made, "sign", markup=spaced(p)) for p in parts]
    rows = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]
    return Table(rows, colWidths=[width / per_row] * per_row, style=_plain(font, top=8 * MM))


def _info(left: str, right: str, width: float, font: str, made: dict[str, Any]) -> Any:
    from reportlab.platypus import Table

    return Table([[pages.paragraph(left, made, "info", markup=spaced(left)), pages.paragraph(right, made, "order")]],
                 colWidths=[width * 0.6, width * 0.4], style=_plain(font, bottom=4))


def _page(landscape_page: bool) -> tuple[tuple[float, float], float]:
    """The page size and the frame's width (the frame pads 6 pt each side)."""
    from reportlab.lib.pagesizes import A4, landscape

    size = landscape(A4) if landscape_page else A4
    return size, size[0] - 2 * PAGE_MARGIN - 12



def write_handover_pdf(path: Path, handover: Handover) -> PdfResult:
    """The 党费收缴明细表 a branch hands to the higher committee with the money, to `path`
    (atomically): A4, landscape for more than one month."""
    from reportlab.platypus import KeepTogether

    font = fonts.font_name()
    made = _styles(font)
    pagesize, width = _page(has_total(handover))
    heading, period, order = handover_title(handover), info_line(handover), order_line(len(handover.lines))
    texts, extras = handover_texts(handover), extras_texts(handover)
    summary, unpaid = summary_line(handover), unpaid_line(handover)
    signs = signature_parts()
    story: list[Any] = [_title(heading, handover.branch.strip(), width, font, made),
                        _info(period, order, width, font, made),
                        _handover_table(handover, texts, width, font, made)]
    if unpaid:
        story.append(pages.paragraph(unpaid, made, "line"))
    # The totals stay with the signatures that vouch for them, and with the extra payments
    # they add up: never a page holding only the signature lines.
    story.append(KeepTogether([
        pages.paragraph(extras_heading(), made, "heading"),
        _extras_table(extras, width, font, made) if extras else pages.paragraph(no_extras(), made, "left"),
        pages.paragraph(summary, made, "line", markup=spaced(summary)),
        _signatures(signs, 4 if has_total(handover) else 2, width, font, made)]))
    count = pages.build(path, story, pagesize=pagesize, title=heading, author=handover.school,
                        subject=period_text(handover.months), size=SIZE, leading=LEADING,
                        decorate=_decorate(heading, PAGE_MARGIN), margins=MARGINS)
    groups = month_heads(handover.months) + [_("Total")]
    missing = pages.missing_in([
        heading, continued(heading), period, order, *handover_heads(), *pair_heads(), *groups, _("Remarks"),
        unpaid, extras_heading(), *extras_heads(), no_extras() if not extras else "", summary, *signs,
        pages.page_numbers(count, count), *(t for line in texts + extras for t in line)])
    return PdfResult(pages=count, missing=missing)


def write_person_year_pdf(path: Path, person_year: PersonYear, school: str, *,
                          today: dt.date | None = None) -> PdfResult:
    """A member's 党费交纳情况 for a year, A4 portrait: each month's due and paid, the totals,
    党费交至; with `today`, the months owed up to then are marked 未交."""
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether, Table

    font = fonts.font_name()
    made = _styles(font)
    pagesize, width = _page(False)
    heading, school = year_title(person_year.year), school.strip()
    who = "    ".join([_("Name: {name}").format(name=person_year.name), unit_line()])
    heads, texts, lines = year_heads(person_year), year_texts(person_year, today), year_lines(person_year)
    widths = _scaled(YEAR_W if has_dates(person_year) else YEAR_W[:3] + YEAR_W[4:], width)
    header = [pages.paragraph(h, made, "header") for h in heads]
    rows = [[_cell(t, w, font, made) for t, w in zip(line, widths)] for line in texts]
    total = [_("Total"), yuan(person_year.due_fen), yuan(person_year.paid_fen), *[""] * (len(heads) - 3)]
    end = len(rows) + 1
    commands: list[tuple[Any, ...]] = [("ALIGN", (1, 1), (2, -1), "RIGHT"),
                                       ("LINEABOVE", (0, end), (-1, end), 1.2, colors.black)]
    for r, line in enumerate(texts, start=1):
        commands += [("ALIGN", (c, r), (c, r), "CENTER") for c in (1, 2) if line[c] == NOT_DUE]
        if line[-1] == unpaid_mark():
            commands.append(("BACKGROUND", (-1, r), (-1, r), colors.Color(GREY, GREY, GREY)))
    table = Table([header, *rows, total], colWidths=widths, repeatRows=1, style=_grid(font, 1, commands))
    maker = _("Prepared by: {blank}").format(blank=BLANK)
    dated = _("Date:      year    month    day")
    story: list[Any] = [pages.paragraph(heading, made, "title"), _info(who, school, width, font, made), table,
                        *(pages.paragraph(line, made, "line", markup=spaced(line)) for line in lines),
                        KeepTogether([_signatures([maker, dated], 2, width, font, made)])]
    count = pages.build(path, story, pagesize=pagesize, title=heading, author=school, subject=person_year.name,
                        size=SIZE, leading=LEADING, decorate=_decorate(heading, PAGE_MARGIN), margins=MARGINS)
    missing = pages.missing_in([heading, continued(heading), who, school, *heads, _("Total"), *lines, maker,
                                dated, pages.page_numbers(count, count), *(t for line in texts for t in line)])
    return PdfResult(pages=count, missing=missing)
