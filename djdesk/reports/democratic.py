"""The 民主评议党员 printouts: the anonymous 民主测评表, the 计票表 and the 结果汇总表."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from djdesk.domain.democratic import GRADES
from djdesk.domain.minutes import date_text
from djdesk.i18n import _
from djdesk.reports import fonts, pages
from djdesk.reports.ethics import spaced
from djdesk.reports.minutes import FRAME_WIDTH, MARGINS, PAGE
from djdesk.reports.pages import MM, PageState, PdfResult
from djdesk.reports.roster import PAGE_MARGIN
from djdesk.services.democratic import EntryRow, ReviewView

__all__ = ["PdfResult", "write_ballots_pdf", "write_results_pdf", "write_tally_pdf"]

SIZE, LEADING = 10.5, 14  # 五号, what forms are printed in
PADDING = 3
BLANK = "__________"
MARK_ROW = 8 * MM  # room to tick a box, or to write 正 strokes while counting
# A ballot of a larger branch packs its rows down to this, so a copy stays one sheet of paper.
TIGHT_ROW = 5.6 * MM  # 五号 text with a point of padding above and below
# Narrower top and bottom margins than bound records: a ballot is not filed in a book.
BALLOT_MARGINS = (16 * MM, MARGINS[1], 16 * MM, MARGINS[3])
BALLOT_SLACK = 16 * MM  # the header row, the frame's padding and a little to spare
# Column widths in mm, scaled to the frame: A4 portrait for the ballot and the count (about
# 160 mm), landscape for the result table (about 263 mm) so that 备注 reads on a line or two.
BALLOT_W = (14, 30, 24, 23, 23, 23, 23)
TALLY_W = (14, 30, 21, 21, 21, 21, 21)
RESULT_W = (11, 22, 28, 20, 18, 18, 18, 18, 19, 91)
APART_W = (11, 22, 28, 20, 182)
COPY_MARK = "ballot-copy"


# -- the texts printouts and sheets share ---------------------------------------------------
def standing(row: EntryRow) -> str:
    """类别 in a table: the short words."""
    return _("Probationary member") if row.probationary else _("Full member")


def grade_heads() -> list[str]:
    return [g.label for g in GRADES]


def votes(row: EntryRow) -> list[int | None]:
    """The recorded marks, or nothing at all when none are recorded (0 would claim a count)."""
    return [row.tally.count(g) for g in GRADES] if row.tally.total > 0 else [None] * len(GRADES)


def results_title(view: ReviewView) -> str:
    return _("{branch} democratic review {year}: results").format(branch=view.branch_full, year=view.year)


def result_heads() -> list[str]:
    """序号 … 类别, 民主测评票数 (over the four grades), 组织评定, 备注."""
    return [_("No."), _("Name"), _("Party group"), _("Category"), _("Democratic vote (ballots)"),
            _("Organisational assessment"), _("Remarks")]


def info_parts(view: ReviewView) -> list[str]:
    """所属年度, the meeting it was held at, the ballots returned."""
    meeting = view.meeting.text() if view.meeting else _("not linked to a meeting")
    parts = [_("For the year: {year}").format(year=view.year), _("Held at: {meeting}").format(meeting=meeting)]
    if view.ballots is not None:
        parts.append(_("{count} ballots returned").format(count=view.ballots))
    return parts


def apart_heading() -> str:
    return _("Members listed apart and not evaluated")


def apart_heads() -> list[str]:
    return [_("No."), _("Name"), _("Party group"), _("Category"), _("Reason")]


def vote_day(view: ReviewView) -> dt.date | None:
    """The 民主测评 is held at the meeting; without one, the day of the decision."""
    return view.meeting.starts_at.date() if view.meeting else view.held_on


def vote_date_line(view: ReviewView) -> str:
    day = vote_day(view)
    if day is None:
        return _("Date of the vote:      year    month    day")
    return _("Date of the vote: {date}").format(date=date_text(day))


# -- shared layout --------------------------------------------------------------------------
def _styles(font: str) -> dict[str, Any]:
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    made = pages.styles(font, SIZE, LEADING)
    made["title"] = ParagraphStyle("d-title", parent=made["title"], fontSize=18, leading=25, spaceAfter=3 * MM)
    made["remark"] = ParagraphStyle("d-remark", parent=made["cell"], alignment=TA_LEFT)
    made["note"] = ParagraphStyle("d-note", parent=made["left"], fontSize=SIZE, leading=17, spaceAfter=2 * MM)
    made["line"] = ParagraphStyle("d-line", parent=made["left"], fontSize=SIZE + 0.5, leading=17,
                                  spaceBefore=4 * MM)
    made["date"] = ParagraphStyle("d-date", parent=made["line"], alignment=TA_RIGHT)
    made["heading"] = ParagraphStyle("d-heading", parent=made["left"], fontSize=12, leading=17,
                                     spaceBefore=5 * MM, spaceAfter=2 * MM)
    made["sign"] = ParagraphStyle("d-sign", parent=made["left"], fontSize=12, leading=17)
    return pages.with_latin({k: v for k, v in made.items() if "/" not in k})


def _title(text: str, branch: str, width: float, font: str, made: dict[str, Any]) -> Any:
    """The title on one line when it fits; else the branch's full name on a line of its own
    rather than broken wherever the width runs out."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    style = made["title"]
    if stringWidth(text, font, style.fontSize) <= width or not branch or branch not in text:
        return pages.paragraph(text, made, "title")
    head, tail = text.split(branch, 1)
    markup = f"{escape(head)}{escape(branch)}<br/>{escape(tail.strip())}"
    return pages.paragraph(text, made, "title", markup=markup)


def _cell(text: str, width: float, font: str, made: dict[str, Any], style: str = "cell") -> Any:
    """Plain text when it fits on one line, else a Paragraph that wraps inside the column."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, SIZE) <= width - 2 * PADDING:
        return text
    return pages.paragraph(text, made, style)


def _grid(font: str, header_rows: int = 1, extra: Sequence[tuple[Any, ...]] = ()) -> Any:
    """Ruled cells in the form's size, a heavier frame and a heavier rule under the header."""
    return pages.ruled(font, SIZE, LEADING, padding=(PADDING + 1, PADDING + 1, PADDING), frame=1.2,
                       header_rows=header_rows, extra=extra)


def _plain(font: str, **padding: float) -> Any:
    """A layout table without rules (lines of text side by side)."""
    from reportlab.platypus import TableStyle

    commands: list[tuple[Any, ...]] = [("FONTNAME", (0, 0), (-1, -1), font), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
    for side in ("left", "right", "top", "bottom"):
        commands.append((f"{side.upper()}PADDING", (0, 0), (-1, -1), padding.get(side, 0)))
    return TableStyle(commands)


def _running_head(canvas: Any, text: str, left: float) -> None:
    """On a later page, which paper it continues (pages get separated)."""
    canvas.setFont(fonts.font_name(), 9)
    canvas.setFillGray(0.35)
    canvas.drawString(left, canvas._pagesize[1] - 10 * MM, text)
    canvas.setFillGray(0)


def continued(title: str) -> str:
    return _("{title} (continued)").format(title=title)


def _numbered(title: str, left: float) -> Any:
    """第 N 页 共 M 页 on every page, and on the later ones the title they continue."""
    def decorate(canvas: Any, state: PageState, states: list[PageState]) -> None:
        pages.centred_footer(canvas, state, states)
        if state.number > 1:
            _running_head(canvas, continued(title), left)
    return decorate


def _scaled(mm: tuple[float, ...], width: float) -> list[float]:
    return [w * width / sum(mm) for w in mm]


# -- 民主测评表 --------------------------------------------------------------------------------
def ballot_title(view: ReviewView) -> str:
    return _("{branch} democratic review {year}: evaluation ballot").format(branch=view.branch_full, year=view.year)


def ballot_notes(view: ReviewView) -> list[str]:
    notes = [_("This ballot is anonymous. For each member, mark “√” in one grade column only.")]
    if view.cap is not None:
        notes.append(_("Excellent may be given to at most {share} of the members evaluated, that is to at "
                       "most {cap}.").format(share=view.share, cap=view.cap))
    return notes


def _copy_mark() -> Any:
    """Where a copy begins: the footer numbers a long copy's pages from here."""
    from reportlab.platypus import Flowable

    class Start(Flowable):
        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            return 0, 0

        def draw(self) -> None:
            self.canv.mark(COPY_MARK, True)

    return Start()


def _copy_footer(title: str) -> Any:
    """A copy of one page carries no number: ballots are identical, and a number running
    through the pile would tell one voter's from another's. A copy of two pages numbers its
    own pages (the same on every copy) and names itself on the second."""
    def decorate(canvas: Any, state: PageState, states: list[PageState]) -> None:
        starts = [s.number for s in states if any(kind == COPY_MARK for kind, _value in s.marks)]
        first = max((n for n in starts if n <= state.number), default=1)
        after = next((n for n in starts if n > state.number), len(states) + 1)
        if after - first > 1:
            pages.centred_footer(canvas, PageState(state.number - first + 1, after - first, []), states)
            if state.number > first:
                _running_head(canvas, continued(title), MARGINS[3])
    return decorate


def _ballot_overhead(title: str, notes: list[str], dated: str, view: ReviewView, made: dict[str, Any],
                     font: str) -> float:
    """The height a copy needs besides its rows: the title (one line or three, by the
    branch's name), the notes, the header row and the date line, measured as laid out."""
    parts = [_title(title, view.branch_full, FRAME_WIDTH, font, made),
             *(pages.paragraph(note, made, "note") for note in notes),
             pages.paragraph(dated, made, "date", markup=spaced(dated))]
    height = sum(p.wrap(FRAME_WIDTH, PAGE[1])[1] + p.getSpaceBefore() + p.getSpaceAfter() for p in parts)
    return height + BALLOT_SLACK


def write_ballots_pdf(view: ReviewView, school_name: str, path: Path, copies: int | None = None) -> PdfResult:
    """`copies` identical 民主测评表 (one for each member evaluated by default), each from a
    new page, to `path` (atomically)."""
    from reportlab.platypus import LongTable, PageBreak

    font = fonts.font_name()
    made = _styles(font)
    copies = max(1, len(view.members) if copies is None else copies)
    title, notes, dated = ballot_title(view), ballot_notes(view), vote_date_line(view)
    widths = _scaled(BALLOT_W, FRAME_WIDTH)
    heads = [_("No."), _("Name"), _("Category"), *grade_heads()]
    texts = [[str(n), row.name, standing(row)] for n, row in enumerate(view.members, start=1)]
    room = PAGE[1] - BALLOT_MARGINS[0] - BALLOT_MARGINS[2] - _ballot_overhead(title, notes, dated, view, made, font)
    row_height = MARK_ROW if not texts else max(TIGHT_ROW, min(MARK_ROW, room / len(texts)))
    if len(texts) * row_height > room:
        row_height = MARK_ROW  # two sheets anyway: keep the room to tick
    tight = [("TOPPADDING", (0, 1), (-1, -1), 1), ("BOTTOMPADDING", (0, 1), (-1, -1), 1)]
    style = _grid(font, extra=tight if row_height < MARK_ROW else ())
    story: list[Any] = []
    for copy in range(copies):
        if copy:
            story.append(PageBreak())
        header = [pages.paragraph(h, made, "header") for h in heads]
        rows = [[_cell(t, w, font, made) for t, w in zip(line, widths)] + [""] * len(GRADES) for line in texts]
        story += [_copy_mark(), _title(title, view.branch_full, FRAME_WIDTH, font, made),
                  *(pages.paragraph(note, made, "note") for note in notes),
                  LongTable([header, *rows], colWidths=widths, repeatRows=1, style=style,
                            minRowHeights=[0] + [row_height] * len(rows)),
                  pages.paragraph(dated, made, "date", markup=spaced(dated))]
    count = pages.build(path, story, pagesize=PAGE, margins=BALLOT_MARGINS, title=title, author=school_name,
                        subject=view.title(), size=SIZE, leading=LEADING, decorate=_copy_footer(title))
    missing = pages.missing_in([title, *notes, dated, *heads, continued(title),
                                pages.page_numbers(2, 2), *(t for line in texts for t in line)])
    return PdfResult(pages=count, missing=missing)


# -- 民主测评计票表 ----------------------------------------------------------------------------
def tally_title(view: ReviewView) -> str:
    return _("{branch} democratic review {year}: ballot count").format(branch=view.branch_full, year=view.year)


def _tally_template() -> str:
    return _("Ballots issued: {issued}    Ballots returned: {returned}    Valid ballots: {valid}")


def tally_line(view: ReviewView) -> str:
    returned = BLANK if view.ballots is None else str(view.ballots)
    return _tally_template().format(issued=BLANK, returned=returned, valid=BLANK)


def _tally_markup(view: ReviewView) -> str:
    """The line with the number returned underlined, as if written on the blank."""
    returned = BLANK if view.ballots is None else f"<u>&nbsp;&nbsp;&nbsp;{view.ballots}&nbsp;&nbsp;&nbsp;</u>"
    return spaced(_tally_template()).format(issued=BLANK, returned=returned, valid=BLANK)


def write_tally_pdf(view: ReviewView, school_name: str, path: Path) -> PdfResult:
    """The 民主测评计票表: the recorded marks of each member, or empty cells to count into."""
    from reportlab.platypus import KeepTogether, LongTable

    font = fonts.font_name()
    made = _styles(font)
    title, line, dated = tally_title(view), tally_line(view), vote_date_line(view)
    signers = _("Counted by: {blank}    Scrutineer: {blank}").format(blank=BLANK)
    widths = _scaled(TALLY_W, FRAME_WIDTH)
    heads = [_("No."), _("Name"), *grade_heads(), _("Total")]
    texts = [[str(n), row.name, *("" if v is None else str(v) for v in votes(row)),
              str(row.tally.total) if row.tally.total else ""] for n, row in enumerate(view.members, start=1)]
    rows = [[_cell(t, w, font, made) for t, w in zip(texts_line, widths)] for texts_line in texts]
    header = [pages.paragraph(h, made, "header") for h in heads]
    table = LongTable([header, *rows], colWidths=widths, repeatRows=1, minRowHeights=[0] + [MARK_ROW] * len(rows),
                      style=_grid(font))
    story: list[Any] = [_title(title, view.branch_full, FRAME_WIDTH, font, made),
                        pages.paragraph(line, made, "note", markup=_tally_markup(view)), table,
                        KeepTogether([pages.paragraph(signers, made, "line", markup=spaced(signers)),
                                      pages.paragraph(dated, made, "date", markup=spaced(dated))])]
    count = pages.build(path, story, pagesize=PAGE, margins=MARGINS, title=title, author=school_name,
                        subject=view.title(), size=SIZE, leading=LEADING, decorate=_numbered(title, MARGINS[3]))
    missing = pages.missing_in([title, continued(title), line, signers, dated, *heads,
                                pages.page_numbers(count, count), *(t for text_line in texts for t in text_line)])
    return PdfResult(pages=count, missing=missing)


# -- 民主评议党员结果汇总表 ----------------------------------------------------------------------
def result_texts(view: ReviewView) -> list[list[str]]:
    return [[str(n), row.name, row.group, standing(row), *("" if v is None else str(v) for v in votes(row)),
             row.grade.label if row.grade else "", row.remarks()] for n, row in enumerate(view.members, start=1)]


def apart_texts(view: ReviewView) -> list[list[str]]:
    return [[str(n), row.name, row.group, standing(row), row.apart_reason]
            for n, row in enumerate(view.apart, start=1)]


def _result_table(texts: list[list[str]], width: float, font: str, made: dict[str, Any]) -> Any:
    from reportlab.platypus import LongTable

    widths = _scaled(RESULT_W, width)
    heads = result_heads()
    top = [pages.paragraph(h, made, "header") for h in heads[:5]] + [""] * 3 + [
        pages.paragraph(h, made, "header") for h in heads[5:]]
    under = [""] * 4 + [pages.paragraph(g, made, "header") for g in grade_heads()] + ["", ""]
    last = len(widths) - 1
    rows = [[_cell(t, w, font, made, "remark" if i == last else "cell") for i, (t, w) in enumerate(zip(line, widths))]
            for line in texts]
    spans = [("SPAN", (c, 0), (c, 1)) for c in (0, 1, 2, 3, 8, 9)] + [("SPAN", (4, 0), (7, 0))]
    style = _grid(font, 2, [*spans, ("ALIGN", (-1, 2), (-1, -1), "LEFT")])
    return LongTable([top, under, *rows], colWidths=widths, repeatRows=2, style=style)


def _apart_table(texts: list[list[str]], width: float, font: str, made: dict[str, Any]) -> Any:
    from reportlab.platypus import Table

    widths = _scaled(APART_W, width)
    header = [pages.paragraph(h, made, "header") for h in apart_heads()]
    rows = [[_cell(t, w, font, made, "remark" if i == 4 else "cell") for i, (t, w) in enumerate(zip(line, widths))]
            for line in texts]
    return Table([header, *rows], colWidths=widths, repeatRows=1,
                 style=_grid(font, 1, [("ALIGN", (-1, 1), (-1, -1), "LEFT")]))


def result_date_line(view: ReviewView) -> str:
    if view.held_on is None:
        return _("Date:      year    month    day")
    return _("Date: {date}").format(date=date_text(view.held_on))


def write_results_pdf(view: ReviewView, school_name: str, path: Path) -> PdfResult:
    """The 民主评议党员结果汇总表, A4 landscape, to `path` (atomically)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import KeepTogether, Table

    font = fonts.font_name()
    made = _styles(font)
    width = landscape(A4)[0] - 2 * PAGE_MARGIN - 12  # the frame pads 6 pt each side
    title, parts, ordered = results_title(view), info_parts(view), _("In the order of surname strokes")
    info = Table([[pages.paragraph(" ".join(parts), made, "left",
                                   markup="&nbsp;&nbsp;&nbsp;&nbsp;".join(escape(p) for p in parts)),
                   pages.paragraph(ordered, made, "right")]],
                 colWidths=[width * 0.78, width * 0.22], style=_plain(font, bottom=4))
    texts, apart = result_texts(view), apart_texts(view)
    summary = view.summary()
    secretary, seal, dated = _("Branch secretary (signature):"), _("Party branch (seal)"), result_date_line(view)
    signatures = Table([["", pages.paragraph(secretary, made, "sign"), pages.paragraph(seal, made, "sign")],
                        ["", "", pages.paragraph(dated, made, "sign", markup=spaced(dated))]],
                       colWidths=[width * 0.3, width * 0.4, width * 0.3], style=_plain(font, top=9 * MM))
    story: list[Any] = [_title(title, view.branch_full, width, font, made), info,
                        _result_table(texts, width, font, made),
                        pages.paragraph(summary, made, "line")]
    if apart:
        story.append(KeepTogether([pages.paragraph(apart_heading(), made, "heading"),
                                   _apart_table(apart, width, font, made)]))
    story.append(KeepTogether([signatures]))
    count = pages.build(path, story, pagesize=landscape(A4), title=title, author=school_name,
                        subject=view.title(), size=SIZE, leading=LEADING, decorate=_numbered(title, PAGE_MARGIN),
                        margins=(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN + 3 * MM, PAGE_MARGIN))
    missing = pages.missing_in([title, continued(title), *parts, ordered, *result_heads(), *grade_heads(), summary,
                                apart_heading(), *apart_heads(), secretary, seal, dated,
                                pages.page_numbers(count, count), *(t for line in texts + apart for t in line)])
    return PdfResult(pages=count, missing=missing)
