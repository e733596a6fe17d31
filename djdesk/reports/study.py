"""The term's 党员学习情况统计表: each person's hours against the yearly target, the plan, the groups."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from djdesk.domain.ethics import LearningKind, number
from djdesk.domain.minutes import date_text
from djdesk.domain.study import (
    CONCENTRATED,
    LEADER_TARGET,
    MEMBER_TARGET,
    SUMMARY_FIELDS,
)
from djdesk.i18n import _
from djdesk.reports import fonts, pages
from djdesk.reports.democratic import continued
from djdesk.reports.ethics import spaced
from djdesk.reports.pages import MM, PageState, PdfResult
from djdesk.reports.roster import PAGE_MARGIN

if TYPE_CHECKING:
    from djdesk.services.study import GroupStudy, PersonStudy, TermReport, UnitRow

__all__ = ["PdfResult", "write_term_pdf"]

SIZE, LEADING = 10, 13  # a wide table: the roster's size
PADDING = 3
# The breakdown of the term's hours, in the order the form lists them: the kinds that count
# towards the target first, then those recorded only.
KINDS = (LearningKind.GROUP, LearningKind.LECTURE, LearningKind.TRAINING, LearningKind.SELF, LearningKind.DAILY)
# Column widths in mm, scaled to the frame (about 263 mm on A4 landscape). At the header's
# 9.5 pt each caption is on one line in Chinese (本年度集中学时, 最近学习日期) or breaks between
# its words (本学期/学时): a caption broken inside a word (集中学/习) reads badly.
HEAD_SIZE, HEAD_LEADING = 9.5, 12
PEOPLE_W = (10, 24, 32.5, 13.5, *[17] * len(KINDS), 15.5, 26.5, 16.5, 12, 23)
PLAN_W = (10, 40, 110, 50, 40)
GROUPS_W = (10, 50, 22, 30, 30, 36, 36)
BLANK = "__________"


# -- the texts the printout and the sheet share ----------------------------------------------
def title(report: TermReport) -> str:
    return _("{school} {term} party members' study summary").format(
        school=report.school.strip(), term=report.term.name).strip()


def plan_title(report: TermReport) -> str:
    return _("{school} {term} study plan").format(school=report.school.strip(), term=report.term.name).strip()


def term_line(report: TermReport) -> str:
    return _("Term: {start} to {end}").format(start=date_text(report.term.starts_on),
                                             end=date_text(report.term.ends_on))


def target_line(report: TermReport) -> str:
    """The targets of the 党员教育管理工作条例 and what counts towards them."""
    kinds = _(", ").join(kind.label for kind in KINDS if kind in CONCENTRATED)
    return _("Yearly targets: {member} study hours for members, {leader} for branch secretaries and committee "
             "members; counted: {kinds}; yearly hours for {year}").format(
        member=number(MEMBER_TARGET), leader=number(LEADER_TARGET), kinds=kinds, year=report.year)


def order_line(report: TermReport) -> str:
    return _("Members: {count} (in the order of surname strokes)").format(count=len(report.people))


def people_heads() -> list[str]:
    """The first header row's captions (其中 stands over the kinds)."""
    return [_("No."), _("Name"), _("Branch"), _("Hours this term"), _("Of which"), _("Sessions"),
            _("Concentrated hours this year"), _("Yearly target"), _("Still short"), _("Last studied on")]


def kind_heads() -> list[str]:
    return [kind.label for kind in KINDS]


def short_of(person: PersonStudy) -> Decimal | None:
    """尚差: nothing once the target is met."""
    return person.short if person.short > 0 else None


def day_text(day: dt.date | None) -> str:
    return "" if day is None else f"{day:%Y.%m.%d}"


def people_texts(report: TermReport) -> list[list[str]]:
    """A line per person; a kind without hours is left blank rather than written 0."""
    return [[str(n), p.name, p.branch, number(p.term.hours),
             *(number(p.term.by_kind[k]) if p.term.by_kind.get(k) else "" for k in KINDS),
             str(p.term.sessions), number(p.year.concentrated), number(p.target) if p.member else "",
             number(short_of(p)), day_text(p.last_on)] for n, p in enumerate(report.people, start=1)]


def reached_line(report: TermReport) -> str:
    members = [p for p in report.people if p.member]  # only party members have a target
    reached = sum(1 for p in members if short_of(p) is None)
    return _("{reached} of {count} have reached the yearly target; {short} have not yet").format(
        reached=reached, count=len(members), short=len(members) - reached)


def plan_heads() -> list[str]:
    return [_("No."), _("Study unit"), _("Study topic"), _("Dates"), _("Group in charge")]


def unit_dates(unit: UnitRow) -> str:
    if unit.starts_on and unit.ends_on:
        return f"{day_text(unit.starts_on)}—{day_text(unit.ends_on)}"
    if unit.starts_on:
        return f"{day_text(unit.starts_on)}—"
    return f"—{day_text(unit.ends_on)}" if unit.ends_on else ""


def plan_texts(report: TermReport) -> list[list[str]]:
    return [[str(n), u.title, u.topic, unit_dates(u), u.group] for n, u in enumerate(report.units, start=1)]


def summary_parts(unit: UnitRow) -> list[tuple[str, str]]:
    """The 学做悟晒 summary's filled parts: (label, text)."""
    return [(_(label), getattr(unit, key).strip()) for key, label in SUMMARY_FIELDS if getattr(unit, key).strip()]


def group_heads() -> list[str]:
    return [_("No."), _("Study group"), _("Number of members"), _("Hours this term"), _("Person-sessions"),
            _("Concentrated hours this year"), _("Members below the yearly target")]


def group_texts(groups: tuple[GroupStudy, ...]) -> list[list[str]]:
    return [[str(n), g.name, str(g.members), number(g.term.hours), str(g.term.sessions),
             number(g.year.concentrated), str(g.below_target)] for n, g in enumerate(groups, start=1)]


# -- layout -------------------------------------------------------------------------------------
def _styles(font: str) -> dict[str, Any]:
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    made = pages.styles(font, SIZE, LEADING)
    made["header"] = ParagraphStyle("s-header", parent=made["header"], fontSize=HEAD_SIZE, leading=HEAD_LEADING)
    made["title"] = ParagraphStyle("s-title", parent=made["title"], fontSize=18, leading=25, spaceAfter=3 * MM)
    made["info"] = ParagraphStyle("s-info", parent=made["left"], fontSize=10.5, leading=15)
    made["order"] = ParagraphStyle("s-order", parent=made["info"], alignment=TA_RIGHT)
    made["text"] = ParagraphStyle("s-text", parent=made["cell"], alignment=TA_LEFT)
    made["line"] = ParagraphStyle("s-line", parent=made["left"], spaceBefore=2 * MM)
    made["heading"] = ParagraphStyle("s-heading", parent=made["left"], fontSize=13, leading=18,
                                     spaceBefore=6 * MM, spaceAfter=2 * MM, keepWithNext=1)
    made["unit"] = ParagraphStyle("s-unit", parent=made["left"], fontSize=11, leading=16,
                                  spaceBefore=3 * MM, spaceAfter=1 * MM, keepWithNext=1)
    made["part"] = ParagraphStyle("s-part", parent=made["left"], leading=16, spaceAfter=1 * MM)
    made["sign"] = ParagraphStyle("s-sign", parent=made["left"], fontSize=12, leading=17)
    return pages.with_latin({k: v for k, v in made.items() if "/" not in k})


def _cell(text: str, width: float, font: str, made: dict[str, Any], style: str = "cell") -> Any:
    """Plain text when it fits on one line (cheap to draw), else a Paragraph wrapping inside the column."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if "\n" not in text and stringWidth(text, font, SIZE) <= width - 2 * PADDING:
        return text
    return pages.paragraph(text, made, style)


def _grid(font: str, header_rows: int = 1, extra: list[tuple[Any, ...]] | None = None) -> Any:
    return pages.ruled(font, SIZE, LEADING, padding=(PADDING + 1, PADDING + 1, PADDING), frame=1.2,
                       header_rows=header_rows, extra=extra or [])


def _scaled(mm: tuple[float, ...], width: float) -> list[float]:
    return [w * width / sum(mm) for w in mm]


def _people_table(texts: list[list[str]], width: float, font: str, made: dict[str, Any]) -> Any:
    """Two header rows, repeated on every page: 其中 over the kinds, every other caption over both."""
    from reportlab.platypus import LongTable

    widths = _scaled(PEOPLE_W, width)
    heads, kinds = people_heads(), kind_heads()
    first = 4  # the column of the first kind
    top = ([pages.paragraph(h, made, "header") for h in heads[:first]]
           + [pages.paragraph(heads[first], made, "header")] + [""] * (len(kinds) - 1)
           + [pages.paragraph(h, made, "header") for h in heads[first + 1:]])
    under = [""] * first + [pages.paragraph(k, made, "header") for k in kinds] + [""] * (len(heads) - first - 1)
    rows = [[_cell(t, w, font, made) for t, w in zip(line, widths)] for line in texts]
    spans = [("SPAN", (c, 0), (c, 1)) for c in range(len(widths)) if not first <= c < first + len(kinds)]
    style = _grid(font, 2, [*spans, ("SPAN", (first, 0), (first + len(kinds) - 1, 0))])
    return LongTable([top, under, *rows], colWidths=widths, repeatRows=2, style=style)


def _simple_table(heads: list[str], texts: list[list[str]], mm: tuple[float, ...], width: float, font: str,
                  made: dict[str, Any], left: tuple[int, ...] = ()) -> Any:
    """A ruled table with one header row repeated; the `left` columns read from the left."""
    from reportlab.platypus import LongTable

    widths = _scaled(mm, width)
    header = [pages.paragraph(h, made, "header") for h in heads]
    rows = [[_cell(t, w, font, made, "text" if i in left else "cell") for i, (t, w) in enumerate(zip(line, widths))]
            for line in texts]
    aligned = [("ALIGN", (c, 1), (c, -1), "LEFT") for c in left]
    return LongTable([header, *rows], colWidths=widths, repeatRows=1, style=_grid(font, 1, aligned))


def _summaries(report: TermReport, font: str, made: dict[str, Any]) -> tuple[list[Any], list[str]]:
    """Each summarised unit's 学做悟晒 as running text under its number and title: a summary
    may run to pages, which no table cell could hold."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph

    story: list[Any] = []
    texts: list[str] = []
    for n, unit in enumerate(report.units, start=1):
        parts = summary_parts(unit)
        if not parts:
            continue
        head = _("{number}. {title}").format(number=n, title=unit.title)
        story.append(pages.paragraph(head, made, "unit"))
        texts.append(head)
        for label, text in parts:
            line = _("{label}: {text}").format(label=label, text=text)
            markup = "<br/>".join(pages.keep_spaces(part) for part in line.splitlines())
            base = made["part" if pages.has_chinese(line) else "part/latin"]
            # The lines after the first stand under the text, not under 学：
            lead = stringWidth(_("{label}: {text}").format(label=label, text=""), font, base.fontSize)
            style = ParagraphStyle(f"s-part-{n}", parent=base, leftIndent=lead, firstLineIndent=-lead)
            story.append(Paragraph(markup, style))
            texts.append(line)
    return story, texts


def _decorate(heading: str) -> Any:
    """第 N 页 共 M 页 on every page; on the later ones, which table they continue (pages get separated)."""
    def decorate(canvas: Any, state: PageState, states: list[PageState]) -> None:
        pages.centred_footer(canvas, state, states)
        if state.number > 1:
            canvas.setFont(fonts.font_name(), 9)
            canvas.setFillGray(0.35)
            canvas.drawString(PAGE_MARGIN, canvas._pagesize[1] - 10 * MM, continued(heading))
            canvas.setFillGray(0)
    return decorate


def write_term_pdf(path: Path, report: TermReport) -> PdfResult:
    """The term's 党员学习情况统计表, A4 landscape, to `path` (atomically): its page count and
    the characters the font cannot draw (printed as nothing, and reported)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import KeepTogether, Table, TableStyle

    font = fonts.font_name()
    made = _styles(font)
    width = landscape(A4)[0] - 2 * PAGE_MARGIN - 12  # the frame pads 6 pt each side
    heading = title(report)
    info_parts = [term_line(report), target_line(report)]
    order = order_line(report)
    plain = TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)])
    info = Table([[pages.paragraph(" ".join(info_parts), made, "info",
                                   markup="<br/>".join(escape(p) for p in info_parts)),
                   pages.paragraph(order, made, "order")]], colWidths=[width * 0.78, width * 0.22], style=plain)
    people = people_texts(report)
    reached = reached_line(report)
    story: list[Any] = [pages.paragraph(heading, made, "title"), info, _people_table(people, width, font, made),
                        pages.paragraph(reached, made, "line")]

    plan_head, units = _("Study plan"), plan_texts(report)
    story.append(pages.paragraph(plan_head, made, "heading"))
    empty_plan = _("No study units are planned for this term.")
    if units:
        story.append(_simple_table(plan_heads(), units, PLAN_W, width, font, made, left=(1, 2)))
    else:
        story.append(pages.paragraph(empty_plan, made, "left"))
    summary_head = _("Learn, do, understand, show: the units' summaries")
    summaries, summary_texts = _summaries(report, font, made)
    if summaries:
        story += [pages.paragraph(summary_head, made, "heading"), *summaries]

    groups_head, groups = _("Study groups' hours"), group_texts(report.groups)
    if groups:
        story += [pages.paragraph(groups_head, made, "heading"),
                  _simple_table(group_heads(), groups, GROUPS_W, width, font, made, left=(1,))]

    maker, dated = _("Prepared by: {blank}").format(blank=BLANK), _("Date:      year    month    day")
    signatures = Table([["", pages.paragraph(maker, made, "sign"),
                         pages.paragraph(dated, made, "sign", markup=spaced(dated))]],
                       colWidths=[width * 0.4, width * 0.3, width * 0.3],
                       style=TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("TOPPADDING", (0, 0), (-1, -1), 10 * MM),
                                         ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    # 制表人 never alone on a last page: it goes with what it signs (the groups, or the plan),
    # and that with its heading.
    tail = [story.pop(), signatures]
    while story[-1].getKeepWithNext():
        tail.insert(0, story.pop())
    story.append(KeepTogether(tail))

    count = pages.build(path, story, pagesize=landscape(A4), title=heading, author=report.school,
                        subject=report.term.name, size=SIZE, leading=LEADING, decorate=_decorate(heading),
                        margins=(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN + 3 * MM, PAGE_MARGIN))
    missing = pages.missing_in([
        heading, continued(heading), *info_parts, order, *people_heads(), *kind_heads(), reached, plan_head,
        empty_plan if not units else "", *plan_heads(), summary_head if summaries else "", *summary_texts,
        groups_head if groups else "", *(group_heads() if groups else ()), maker, dated,
        pages.page_numbers(count, count), *(t for line in people + units + groups for t in line)])
    return PdfResult(pages=count, missing=missing)
