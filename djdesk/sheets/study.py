"""The term's 党员学习情况统计表 as a workbook: people's hours, the study plan, the study groups."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from djdesk.domain.study import SUMMARY_FIELDS
from djdesk.files import atomic_path
from djdesk.i18n import _
from djdesk.reports.study import (
    KINDS,
    group_heads,
    kind_heads,
    order_line,
    people_heads,
    plan_title,
    reached_line,
    short_of,
    target_line,
    term_line,
    title,
)

if TYPE_CHECKING:
    from djdesk.services.study import TermReport

_OPTIONS = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
_HEADER = {"bold": True, "bg_color": "#DDDDDD", "border": 1, "align": "center", "valign": "vcenter",
           "text_wrap": True}
# Columns in characters. 人员学时: 序号 姓名 支部 本学期学时, the five kinds, 次数, 本年度集中学时,
# 年度目标, 尚差, 最近学习日期.
PEOPLE_W = (6, 12, 16, 9, *[8] * len(KINDS), 6, 14, 8, 7, 13)
FIRST_KIND = 4
# 学习计划: 序号 单元 主题 材料 开始 结束 负责小组, then 学 做 悟 晒.
PLAN_W = (5, 12, 18, 16, 11, 11, 12, *[16] * len(SUMMARY_FIELDS))
GROUPS_W = (6, 18, 8, 12, 10, 16, 16)
DATE_FORMAT = "yyyy.mm.dd"


def _height(text: str, width: int) -> int:
    """Points for a row to show wrapped `text`, its own line breaks included: Excel and WPS do
    not grow a row themselves."""
    lines = 0
    for line in (text or "").splitlines() or [""]:
        units = sum(1 if ord(c) < 128 else 2 for c in line)  # a CJK character is two wide
        lines += max(1, -(-units // max(width - 2, 1)))
    return 15 * lines + 3


def _hours(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class _Formats:
    def __init__(self, book: Any) -> None:
        fmt = book.add_format
        self.heading = fmt({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter", "text_wrap": True})
        self.info = fmt({"valign": "vcenter", "text_wrap": True})
        self.header = fmt(_HEADER)
        self.centred = fmt({"border": 1, "align": "center", "valign": "vcenter"})
        # General shows hours as typed: 32, 1.5 (never 32.0).
        self.number = fmt({"border": 1, "align": "center", "valign": "vcenter", "num_format": "General"})
        self.date = fmt({"border": 1, "align": "center", "valign": "vcenter", "num_format": DATE_FORMAT})
        self.wrapped = fmt({"border": 1, "valign": "vcenter", "text_wrap": True})
        # The plan's rows hold paragraphs: every cell of them starts at the top.
        self.top = fmt({"border": 1, "valign": "top", "text_wrap": True})
        self.top_centred = fmt({"border": 1, "align": "center", "valign": "top"})
        self.top_date = fmt({"border": 1, "align": "center", "valign": "top", "num_format": DATE_FORMAT})


def _page_setup(sheet: Any, first_row: int, header_rows: tuple[int, int], columns: int = 2) -> None:
    sheet.freeze_panes(first_row, columns)
    sheet.repeat_rows(*header_rows)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.center_horizontally()
    sheet.fit_to_pages(1, 0)  # one page wide, as many long as it takes


def _heading(sheet: Any, row: int, last: int, text: str, fmt: Any, height: int) -> None:
    sheet.set_row(row, height)
    sheet.merge_range(row, 0, row, last, text, fmt)


def _date(sheet: Any, row: int, col: int, day: dt.date | None, fmt: Any) -> None:
    if day is None:
        sheet.write_blank(row, col, None, fmt)
    else:
        sheet.write_datetime(row, col, dt.datetime.combine(day, dt.time()), fmt)


def _people_sheet(book: Any, report: TermReport, formats: _Formats) -> None:
    sheet = book.add_worksheet(_("Hours by person"))
    for col, chars in enumerate(PEOPLE_W):
        sheet.set_column(col, col, chars)
    last = len(PEOPLE_W) - 1
    _heading(sheet, 0, last, title(report), formats.heading, 32)
    info = "    ".join([term_line(report), order_line(report)]) + "\n" + target_line(report)
    _heading(sheet, 1, last, info, formats.info, _height(info, sum(PEOPLE_W)))
    heads, kinds = people_heads(), kind_heads()
    for col, text in enumerate(heads[:FIRST_KIND]):
        sheet.merge_range(2, col, 3, col, text, formats.header)
    sheet.merge_range(2, FIRST_KIND, 2, FIRST_KIND + len(kinds) - 1, heads[FIRST_KIND], formats.header)
    sheet.write_row(3, FIRST_KIND, kinds, formats.header)
    for col, text in enumerate(heads[FIRST_KIND + 1:], start=FIRST_KIND + len(kinds)):
        sheet.merge_range(2, col, 3, col, text, formats.header)
    sheet.set_row(2, 20)
    sheet.set_row(3, 20)

    line = 4
    for n, person in enumerate(report.people, start=1):
        sheet.write_number(line, 0, n, formats.centred)
        sheet.write_string(line, 1, person.name, formats.wrapped)
        sheet.write(line, 2, person.branch or None, formats.wrapped)
        sheet.write_number(line, 3, float(person.term.hours), formats.number)
        for col, kind in enumerate(KINDS, start=FIRST_KIND):
            # A kind without hours stays blank, as printed; Excel sums blanks as 0.
            sheet.write(line, col, _hours(person.term.by_kind.get(kind) or None), formats.number)
        col = FIRST_KIND + len(KINDS)
        sheet.write_number(line, col, person.term.sessions, formats.number)
        sheet.write_number(line, col + 1, float(person.year.concentrated), formats.number)
        sheet.write(line, col + 2, float(person.target) if person.member else None, formats.number)
        sheet.write(line, col + 3, _hours(short_of(person)), formats.number)  # blank once met
        _date(sheet, line, col + 4, person.last_on, formats.date)
        # At least 20 points: Excel's 15 crowds bordered CJK text.
        sheet.set_row(line, max(20, _height(person.name, PEOPLE_W[1]), _height(person.branch, PEOPLE_W[2])))
        line += 1
    sheet.merge_range(line + 1, 0, line + 1, last, reached_line(report), formats.info)
    _page_setup(sheet, 4, (2, 3))


def _plan_sheet(book: Any, report: TermReport, formats: _Formats) -> None:
    sheet = book.add_worksheet(_("Study plan"))
    for col, chars in enumerate(PLAN_W):
        sheet.set_column(col, col, chars)
    last = len(PLAN_W) - 1
    _heading(sheet, 0, last, plan_title(report), formats.heading, 32)
    _heading(sheet, 1, last, term_line(report), formats.info, 18)
    heads = [_("No."), _("Study unit"), _("Study topic"), _("Study materials"), _("Starts on"), _("Ends on"),
             _("Group in charge"), *(_(label) for _key, label in SUMMARY_FIELDS)]
    sheet.set_row(2, max(_height(h, w) for h, w in zip(heads, PLAN_W)))
    sheet.write_row(2, 0, heads, formats.header)
    for line, unit in enumerate(report.units, start=3):
        texts = [unit.title, unit.topic, unit.materials]
        summary = [getattr(unit, key) for key, _label in SUMMARY_FIELDS]
        sheet.write_number(line, 0, line - 2, formats.top_centred)
        for col, text in enumerate(texts, start=1):
            sheet.write(line, col, text or None, formats.top)
        _date(sheet, line, 4, unit.starts_on, formats.top_date)
        _date(sheet, line, 5, unit.ends_on, formats.top_date)
        sheet.write(line, 6, unit.group or None, formats.top)
        for col, text in enumerate(summary, start=7):
            sheet.write(line, col, text or None, formats.top)
        cells = zip([*texts, unit.group, *summary], [*PLAN_W[1:4], PLAN_W[6], *PLAN_W[7:]])
        # Excel rows stop at 409 points: a longer text is still all there, scrolled in the cell.
        sheet.set_row(line, min(409, max(20, *(_height(text, chars) for text, chars in cells))))
    if not report.units:
        sheet.merge_range(3, 0, 3, last, _("No study units are planned for this term."), formats.info)
    _page_setup(sheet, 3, (2, 2))


def _groups_sheet(book: Any, report: TermReport, formats: _Formats) -> None:
    sheet = book.add_worksheet(_("Study groups"))
    for col, chars in enumerate(GROUPS_W):
        sheet.set_column(col, col, chars)
    last = len(GROUPS_W) - 1
    _heading(sheet, 0, last, _("{term} study groups' hours").format(term=report.term.name), formats.heading, 28)
    _heading(sheet, 1, last, term_line(report), formats.info, 18)
    heads = group_heads()
    sheet.set_row(2, max(_height(h, w) for h, w in zip(heads, GROUPS_W)))
    sheet.write_row(2, 0, heads, formats.header)
    for line, group in enumerate(report.groups, start=3):
        sheet.write_number(line, 0, line - 2, formats.centred)
        sheet.write_string(line, 1, group.name, formats.wrapped)
        values = (group.members, float(group.term.hours), group.term.sessions, float(group.year.concentrated),
                  group.below_target)
        for col, value in enumerate(values, start=2):
            sheet.write_number(line, col, value, formats.number)
        sheet.set_row(line, max(20, _height(group.name, GROUPS_W[1])))
    _page_setup(sheet, 3, (2, 2))


def write_term_xlsx(path: Path, report: TermReport) -> None:
    """Three sheets (人员学时 按姓氏笔画 as given, 学习计划, 学习小组), numbers as numbers, to `path` (atomically)."""
    import xlsxwriter

    with atomic_path(path) as temp:
        book = xlsxwriter.Workbook(str(temp), _OPTIONS)
        book.set_properties({"title": title(report), "author": report.school, "subject": report.term.name})
        formats = _Formats(book)
        _people_sheet(book, report, formats)
        _plan_sheet(book, report, formats)
        _groups_sheet(book, report, formats)
        book.close()
