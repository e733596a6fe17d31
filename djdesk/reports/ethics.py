"""The 师德考核 printouts: the period's 结果汇总表 (A4 landscape) and each teacher's 考核表 (A4 portrait)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from djdesk.domain import ethics
from djdesk.domain.ethics import Scheme, number
from djdesk.domain.minutes import date_text
from djdesk.i18n import _
from djdesk.reports import fonts, pages
from djdesk.reports.minutes import FRAME_WIDTH, MARGINS, PAGE, running_head
from djdesk.reports.pages import MM, PageState, PdfResult
from djdesk.reports.roster import (
    BODY_LEADING,
    BODY_SIZE,
    PADDING,
    PAGE_MARGIN,
    fitted_cell,
    rows_flowable,
)
from djdesk.services.ethics import PeriodView
from djdesk.services.ethics_results import TeacherResult

__all__ = ["PdfResult", "remarks", "write_summary_pdf", "write_teacher_forms_pdf"]

CENT = Decimal("0.01")
# 汇总表 columns in mm before scaling to the frame (about 263 mm): 备注 takes what is left.
NUMBER_W, NAME_W, DEPARTMENT_W, RATER_W, TOTAL_W, GRADE_W, REMARKS_MIN = 11, 20, 32, 26, 15, 18, 60
RATER_MIN = 16
# 考核表: the label column every part of the form shares, so the ruled lines meet.
LABEL_W = 34 * MM  # 考核小组组长签名 on one line
FORM_SIZE, FORM_LEADING = 10.5, 14
SIGN_ROW = 16 * MM  # room for a handwritten signature or a seal above the date


def remarks(row: TeacherResult, scheme: Scheme) -> str:
    """备注 of a teacher's line: veto, bar, training short, 优秀 withheld under the cap."""
    parts = []
    if row.vetoed:
        parts.append(_("Vetoed: {kinds}").format(kinds=row.vetoed))
    if row.barred_until is not None:
        parts.append(ethics.barred_text(row.barred_until))
    if row.short_of_training:
        parts.append(_("New-teacher ethics training {hours}/{required} class hours").format(
            hours=number(row.training_hours), required=scheme.first_year_hours))
    if withheld(row, scheme):
        parts.append(_("Limited by the quota for Excellent"))
    return _("; ").join(parts)


def withheld(row: TeacherResult, scheme: Scheme) -> bool:
    """The office's withholding only says something while the total still reaches 优秀."""
    return (row.withheld and not row.vetoed and row.total is not None
            and ethics.grade(scheme, row.total) == scheme.top)


def period_line(view: PeriodView) -> str:
    period = view.period
    return _("Evaluation period: {period} ({start} to {end})").format(
        period=period.name, start=date_text(period.starts_on), end=date_text(period.ends_on))


def summary_line(view: PeriodView) -> str:
    """The counts under the table: per grade (优秀's share against the cap), veto, training."""
    summary, scheme = view.summary, view.scheme
    parts = [_("{count} evaluated").format(count=summary.evaluated)]
    for name, count in summary.per_grade:
        if name == scheme.top and scheme.cap_percent is not None and summary.evaluated:
            share = (Decimal(count * 100) / summary.evaluated).quantize(Decimal("0.1"), ROUND_HALF_UP)
            parts.append(_("{grade}: {count}, {share}% of those evaluated, cap {cap}%").format(
                grade=name, count=count, share=f"{share:.1f}", cap=scheme.cap_percent))
        else:
            parts.append(_("{grade}: {count}").format(grade=name, count=count))
    if summary.graded < summary.evaluated:
        parts.append(_("{count} without a total yet").format(count=summary.evaluated - summary.graded))
    parts.append(_("{count} vetoed").format(count=summary.vetoed))
    parts.append(_("{count} new teachers short of ethics training").format(count=summary.short_of_training))
    return _("; ").join(parts)


def _summary_widths(raters: int, table_width: float) -> list[float]:
    """Many rater categories narrow their own columns (down to RATER_MIN) before 备注 goes
    below REMARKS_MIN; only then does every column shrink alike."""
    others = NUMBER_W + NAME_W + DEPARTMENT_W + TOTAL_W + GRADE_W
    rater = max(RATER_MIN, min(RATER_W, (table_width / MM - others - REMARKS_MIN) / max(raters, 1)))
    mm = [NUMBER_W, NAME_W, DEPARTMENT_W, *[rater] * raters, TOTAL_W, GRADE_W,
          max(REMARKS_MIN, table_width / MM - others - raters * rater)]
    return [w * table_width / sum(mm) for w in mm]


def _left_cell(text: str, width: float, font: str, made: dict[str, Any]) -> Any:
    """备注 reads from the left: plain text when it fits, a left-aligned Paragraph when it wraps."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, BODY_SIZE) <= width - 2 * PADDING:
        return text
    return pages.paragraph(text, made, "remark")


def _rater_head(name: str, weight: str, made: dict[str, Any]) -> Any:
    """A rater's name over its weight, in every rater column alike, so a long name
    (学生/家长评价) never breaks before its weight and the header row stays even."""
    return pages.paragraph(name + weight, made, "header", markup=f"{escape(name)}<br/>{escape(weight)}")


def spaced(text: str) -> str:
    """Markup keeping the blanks of 年    月    日, where the date is written by hand."""
    return escape(text).replace(" ", "&nbsp;")


def _summary_styles(font: str) -> dict[str, Any]:
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    made = pages.styles(font, BODY_SIZE, BODY_LEADING)
    made["remark"] = ParagraphStyle("remark", parent=made["cell"], alignment=TA_LEFT)
    made["counts"] = ParagraphStyle("counts", parent=made["left"], fontSize=10.5, leading=16,
                                    spaceBefore=3 * MM)
    made["sign"] = ParagraphStyle("sign", parent=made["left"], fontSize=12, leading=16, alignment=TA_RIGHT)
    return pages.with_latin({k: v for k, v in made.items() if "/" not in k})


def write_summary_pdf(view: PeriodView, school_name: str, path: Path) -> PdfResult:
    """The 师德考核结果汇总表 to `path` (atomically); its page count and the characters the
    font cannot draw (printed as nothing, and reported, as the roster does)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import KeepTogether, LongTable, Table, TableStyle

    font = fonts.font_name()
    made = _summary_styles(font)
    scheme = view.scheme
    title = _("{school} {period} ethics evaluation summary").format(
        school=school_name.strip(), period=view.period.name).strip()
    table_width = landscape(A4)[0] - 2 * PAGE_MARGIN - 12  # the frame pads 6 pt each side
    widths = _summary_widths(len(scheme.raters), table_width)

    weights = [_("({weight}%)").format(weight=r.weight) for r in scheme.raters]
    heads = [_("No."), _("Name"), _("Teaching and research group"), _("Total score"), _("Grade"), _("Remarks")]
    header = [*(pages.paragraph(text, made, "header") for text in heads[:3]),
              *(_rater_head(r.name, weight, made) for r, weight in zip(scheme.raters, weights)),
              *(pages.paragraph(text, made, "header") for text in heads[3:])]
    texts = [[str(n), row.name, row.department, *(number(s) for s in row.scores), number(row.total),
              row.grade or "", remarks(row, scheme)] for n, row in enumerate(view.rows, start=1)]
    last = len(widths) - 1
    rows = [[fitted_cell(text, width, font, made) if i < last else _left_cell(text, width, font, made)
             for i, (text, width) in enumerate(zip(line, widths))] for line in texts]
    table_style = pages.ruled(font, BODY_SIZE, BODY_LEADING, padding=(PADDING + 1, PADDING + 1, PADDING),
                              extra=[("ALIGN", (-1, 1), (-1, -1), "LEFT")])
    ordered = _("In the order of surname strokes")
    info = Table([[pages.paragraph(period_line(view), made, "left"), pages.paragraph(ordered, made, "right")]],
                 colWidths=[table_width * 0.7, table_width * 0.3],
                 style=TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    counts = summary_line(view)
    seal, dated = _("Evaluation leading group (seal)"), _("Date:      year    month    day")
    signatures = Table([[pages.paragraph(seal, made, "sign")],
                        [pages.paragraph(dated, made, "sign", markup=spaced(dated))]],
                       colWidths=[table_width], style=TableStyle([
                           ("FONTNAME", (0, 0), (-1, -1), font), ("RIGHTPADDING", (0, 0), (-1, -1), 12 * MM),
                           ("TOPPADDING", (0, 0), (0, 0), 10 * MM), ("TOPPADDING", (0, 1), (0, 1), 4 * MM)]))
    story: list[Any] = [
        pages.paragraph(title, made, "title"), info,
        rows_flowable(header, rows, lambda data: LongTable(data, colWidths=widths, repeatRows=1, style=table_style)),
        KeepTogether([pages.paragraph(counts, made, "counts"), signatures]),
    ]
    count = pages.build(path, story, pagesize=landscape(A4), title=title, author=school_name,
                        subject=view.period.name, size=BODY_SIZE, leading=BODY_LEADING,
                        margins=(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN + 3 * MM, PAGE_MARGIN))
    missing = pages.missing_in([title, period_line(view), ordered, *heads, *(r.name for r in scheme.raters),
                                *weights, counts, seal, dated,
                                pages.page_numbers(count, count), *(t for line in texts for t in line)])
    return PdfResult(pages=count, missing=missing)


# -- 教师师德考核表 ----------------------------------------------------------------------------
def _form_styles(font: str) -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    pages.chinese_line_breaking()
    base = ParagraphStyle("form", fontName=font, fontSize=FORM_SIZE, leading=FORM_LEADING,
                          alignment=TA_CENTER, wordWrap="CJK")
    return pages.with_latin({
        "title": ParagraphStyle("form-title", parent=base, fontSize=18, leading=24, spaceAfter=2 * MM),
        "period": ParagraphStyle("form-period", parent=base, fontSize=11, leading=15, spaceAfter=3 * MM),
        "label": base,
        "value": ParagraphStyle("form-value", parent=base, alignment=TA_LEFT),
        "date": ParagraphStyle("form-date", parent=base, alignment=TA_RIGHT),
    })


def weighted(score: Decimal | None, weight: int) -> str:
    """折算分: a category's score times its weight, to the hundredth as the total is."""
    if score is None:
        return ""
    return number((score * weight / 100).quantize(CENT, ROUND_HALF_UP))


def training_text(row: TeacherResult | None, scheme: Scheme) -> str:
    if row is None:
        return ""
    hours = number(row.training_hours)
    if row.short_of_training:
        return _("{hours} class hours (new teacher: at least {required} required, not reached)").format(
            hours=hours, required=scheme.first_year_hours)
    if row.first_year:
        return _("{hours} class hours (new teacher: at least {required} required)").format(
            hours=hours, required=scheme.first_year_hours)
    return _("{hours} class hours").format(hours=hours)


def grade_text(row: TeacherResult | None) -> str:
    if row is None or row.grade is None:
        return ""
    if row.vetoed:
        return _("{grade} (vetoed: {kinds})").format(grade=row.grade, kinds=row.vetoed)
    return row.grade


def form_remarks(row: TeacherResult | None, scheme: Scheme) -> str:
    if row is None:
        return ""
    parts = [ethics.barred_text(row.barred_until)] if row.barred_until is not None else []
    if withheld(row, scheme):
        parts.append(_("Limited by the quota for Excellent"))
    return _("; ").join(parts)


CELL_PADDING = 4


def _ruled(font: str, extra: Sequence[tuple[Any, ...]] = ()) -> Any:
    return pages.ruled(font, FORM_SIZE, FORM_LEADING, padding=(3, 4, CELL_PADDING), header_rows=0, extra=extra)


class _Cells:
    """Form cells: plain text where it fits on one line (drawn cheaply: a thousand forms are
    some 40,000 cells), a wrapping Paragraph where it does not."""

    def __init__(self, font: str, made: dict[str, Any]) -> None:
        self.font, self.made = font, made

    def __call__(self, text: str, width: float, style: str = "label") -> Any:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        if stringWidth(text, self.font, FORM_SIZE) <= width - 2 * CELL_PADDING:
            return text
        return pages.paragraph(text, self.made, style)


def form_texts(view: PeriodView, row: TeacherResult | None) -> dict[str, Any]:
    """Every text of one teacher's form, by part, for the check of missing glyphs."""
    scheme = view.scheme
    return {
        "labels": [_("Name"), _("Teaching and research group"), _("No."), _("Evaluation item"), _("Points"),
                   _("Sum of the items"), _("Rater category"), _("Weight"), _("Score"), _("Weighted score"),
                   _("Total score"), _("Grade"), _("Ethics training"), _("Remarks"), _("Signature of the teacher"),
                   _("Signature of the evaluation group leader"), _("School (seal)"), _("year    month    day")],
        "values": [row.name if row else "", row.department if row else "", grade_text(row),
                   training_text(row, scheme), form_remarks(row, scheme), *(i.name for i in scheme.items),
                   *(r.name for r in scheme.raters)],
    }


def _items_table(view: PeriodView, row: TeacherResult | None, cell: _Cells) -> Any:
    """序号, 考核内容, 分值, and with a rubric scored by item each category's item scores."""
    from reportlab.platypus import Table

    scheme = view.scheme
    raters = scheme.raters if scheme.by_item else ()
    rater_w = min(20 * MM, (FRAME_WIDTH - 28 * MM - 50 * MM) / len(raters)) if raters else 0
    widths = [12 * MM, FRAME_WIDTH - 28 * MM - rater_w * len(raters), 16 * MM, *[rater_w] * len(raters)]
    data: list[list[Any]] = [[_("No."), cell(_("Evaluation item"), widths[1]), cell(_("Points"), widths[2]),
                              *(cell(r.name, rater_w) for r in raters)]]
    for index, item in enumerate(scheme.items):
        scores = [row.item_scores[c][index] if row and c < len(row.item_scores) and index < len(row.item_scores[c])
                  else None for c in range(len(raters))]
        data.append([str(index + 1), cell(item.name, widths[1], "value"), str(item.points),
                     *(number(s) for s in scores)])
    data.append([cell(_("Sum of the items"), widths[0] + widths[1]), "", str(sum(i.points for i in scheme.items)),
                 *(number(row.scores[c]) if row else "" for c in range(len(raters)))])
    return Table(data, colWidths=widths, repeatRows=1, minRowHeights=[8 * MM] + [6.5 * MM] * (len(data) - 1),
                 style=_ruled(cell.font, [("ALIGN", (1, 1), (1, -2), "LEFT"), ("SPAN", (0, -1), (1, -1))]))


def _results_table(view: PeriodView, row: TeacherResult | None, cell: _Cells) -> Any:
    """评价类别, 权重, 得分, 折算分; then 总分, 考核等次, 师德培训, 备注 across the row."""
    from reportlab.platypus import Table

    scheme = view.scheme
    rest = (FRAME_WIDTH - LABEL_W) / 3
    data: list[list[Any]] = [[cell(_("Rater category"), LABEL_W), *(cell(head, rest) for head in (
        _("Weight"), _("Score"), _("Weighted score")))]]
    for index, rater in enumerate(scheme.raters):
        score = row.scores[index] if row else None
        data.append([cell(rater.name, LABEL_W), f"{rater.weight}%", number(score), weighted(score, rater.weight)])
    across = [(_("Total score"), number(row.total) if row else ""), (_("Grade"), grade_text(row)),
              (_("Ethics training"), training_text(row, scheme)), (_("Remarks"), form_remarks(row, scheme))]
    first = len(data)
    data.extend([cell(name, LABEL_W), cell(text, 3 * rest, "value"), "", ""] for name, text in across)
    spans = [("SPAN", (1, r), (3, r)) for r in range(first, len(data))]
    return Table(data, colWidths=[LABEL_W, rest, rest, rest], minRowHeights=[8 * MM] * len(data),
                 style=_ruled(cell.font, [*spans, ("ALIGN", (1, first), (1, -1), "LEFT")]))


def _head_table(row: TeacherResult | None, cell: _Cells) -> Any:
    from reportlab.platypus import Table

    rest = (FRAME_WIDTH - LABEL_W) / 3
    data = [[cell(_("Name"), LABEL_W), cell(row.name if row else "", rest, "value"),
             cell(_("Teaching and research group"), rest), cell(row.department if row else "", rest, "value")]]
    return Table(data, colWidths=[LABEL_W, rest, rest, rest], minRowHeights=[10 * MM],
                 style=_ruled(cell.font, [("ALIGN", (1, 0), (1, 0), "LEFT"), ("ALIGN", (3, 0), (3, 0), "LEFT")]))


def _signature_table(cell: _Cells) -> Any:
    from reportlab.platypus import Table

    who = (_("Signature of the teacher"), _("Signature of the evaluation group leader"), _("School (seal)"))
    dated = _("year    month    day")
    # The date stays a Paragraph: a plain cell would be drawn in the table's font size, but
    # its blanks (where the date is written) are kept only as &nbsp; in markup.
    data = [[cell(name, LABEL_W), pages.paragraph(dated, cell.made, "date", markup=spaced(dated))] for name in who]
    return Table(data, colWidths=[LABEL_W, FRAME_WIDTH - LABEL_W], minRowHeights=[SIGN_ROW] * len(data),
                 style=_ruled(cell.font, [("VALIGN", (1, 0), (1, -1), "BOTTOM"),
                                          ("RIGHTPADDING", (1, 0), (1, -1), 10 * MM),
                                          ("BOTTOMPADDING", (1, 0), (1, -1), 2 * MM)]))


FORM_MARK = "ethics-form"


def _form_mark(name: str) -> Any:
    """Where a teacher's form begins: a page without one continues the form before it."""
    from reportlab.platypus import Flowable

    class Start(Flowable):
        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            return 0, 0

        def draw(self) -> None:
            self.canv.mark(FORM_MARK, name)

    return Start()


def continued(name: str) -> str:
    return _("Ethics evaluation form of {name} (continued)").format(name=name)


def _form_footer(canvas: Any, state: PageState, states: list[PageState]) -> None:
    """第 N 页 共 M 页; and on the rare second page of one form (a long rubric), whose it is:
    forms are handed out one by one."""
    pages.centred_footer(canvas, state, states)
    if any(kind == FORM_MARK for kind, _value in state.marks):
        return
    before = [value for page in states[:state.number - 1] for kind, value in page.marks if kind == FORM_MARK]
    if before and before[-1]:  # a blank form's second page needs no name
        running_head(canvas, continued(before[-1]))


def write_teacher_forms_pdf(view: PeriodView, rows: Sequence[TeacherResult], school_name: str,
                            path: Path) -> PdfResult:
    """A 教师师德考核表 per teacher of `rows`, each from a new page, to `path` (atomically); with
    no teacher given, one blank form to fill in by hand."""
    from reportlab.platypus import PageBreak

    font = fonts.font_name()
    made = _form_styles(font)
    cell = _Cells(font, made)
    title = _("{school} teacher ethics evaluation form").format(school=school_name.strip()).strip()
    line = period_line(view)
    story: list[Any] = []
    texts: list[str] = [title, line]
    for index, row in enumerate(rows or [None]):
        if index:
            story.append(PageBreak())
        story += [_form_mark(row.name if row else ""), pages.paragraph(title, made, "title"),
                  pages.paragraph(line, made, "period"), _head_table(row, cell), _items_table(view, row, cell),
                  _results_table(view, row, cell), _signature_table(cell)]
        parts = form_texts(view, row)
        texts += [*(parts["labels"] + [continued("")] if not index else ()), *parts["values"]]
    count = pages.build(path, story, pagesize=PAGE, margins=MARGINS, title=title, author=school_name,
                        subject=view.period.name, size=FORM_SIZE, leading=FORM_LEADING, decorate=_form_footer)
    return PdfResult(pages=count, missing=pages.missing_in([*texts, pages.page_numbers(count, count)]))
