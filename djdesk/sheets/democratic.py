"""The 民主评议党员结果汇总表 as a spreadsheet: the printed table, with numbers Excel can add up."""

from __future__ import annotations

from pathlib import Path

from djdesk.domain.democratic import GRADES
from djdesk.files import atomic_path
from djdesk.i18n import _
from djdesk.reports.democratic import (
    apart_heading,
    apart_heads,
    grade_heads,
    info_parts,
    result_heads,
    results_title,
    standing,
    votes,
)
from djdesk.services.democratic import ReviewView

_OPTIONS = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
_HEADER = {"bold": True, "bg_color": "#DDDDDD", "border": 1, "align": "center", "valign": "vcenter",
           "text_wrap": True}
# 序号 姓名 党小组 类别 优秀 合格 基本合格 不合格 组织评定 备注, in characters.
WIDTHS = (6, 10, 14, 11, 7, 7, 9, 7, 10, 44)
FIRST_ROW = 4  # under the title, the information line and the two header rows
VOTES_AT = 4


def _height(text: str, width: int) -> int:
    """Points for a row to show wrapped `text`: Excel and WPS do not grow a row themselves."""
    units = sum(1 if ord(c) < 128 else 2 for c in text)  # a CJK character is two wide
    return 15 * -(-units // max(width - 2, 1)) + 3


def write_results_xlsx(view: ReviewView, school_name: str, path: Path) -> None:
    """One line per member evaluated (按姓氏笔画), the counts under the table, then those
    listed apart; to `path` (atomically). `school_name` names the workbook's author."""
    import xlsxwriter

    last = len(WIDTHS) - 1
    heads = result_heads()
    with atomic_path(path) as temp:
        book = xlsxwriter.Workbook(str(temp), _OPTIONS)
        book.set_properties({"title": results_title(view), "author": school_name, "subject": view.title()})
        sheet = book.add_worksheet(_("Democratic review"))
        fmt = book.add_format
        heading = fmt({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter", "text_wrap": True})
        header = fmt(_HEADER)
        centred = fmt({"border": 1, "align": "center", "valign": "vcenter"})
        wrapped = fmt({"border": 1, "valign": "vcenter", "text_wrap": True})
        bold = fmt({"bold": True, "valign": "vcenter"})
        for col, chars in enumerate(WIDTHS):
            sheet.set_column(col, col, chars)

        sheet.set_row(0, 32)
        sheet.merge_range(0, 0, 0, last, results_title(view), heading)
        info = "    ".join([*info_parts(view), _("In the order of surname strokes")])
        sheet.set_row(1, _height(info, sum(WIDTHS)))
        sheet.merge_range(1, 0, 1, last, info, fmt({"valign": "vcenter", "text_wrap": True}))
        # Two header rows: 民主测评票数 over its four grades, every other caption over both rows.
        for col, text in zip((0, 1, 2, 3), heads[:4]):
            sheet.merge_range(2, col, 3, col, text, header)
        sheet.merge_range(2, VOTES_AT, 2, VOTES_AT + len(GRADES) - 1, heads[4], header)
        sheet.write_row(3, VOTES_AT, grade_heads(), header)
        for col, text in zip((last - 1, last), heads[5:]):
            sheet.merge_range(2, col, 3, col, text, header)

        line = FIRST_ROW
        for number, row in enumerate(view.members, start=1):
            sheet.write_number(line, 0, number, centred)
            sheet.write_string(line, 1, row.name, wrapped)  # a long name wraps rather than hides
            sheet.write(line, 2, row.group or None, wrapped)
            sheet.write_string(line, 3, standing(row), centred)
            for col, count in enumerate(votes(row), start=VOTES_AT):
                sheet.write(line, col, count, centred)  # None: a bordered blank, no 0 claimed
            sheet.write(line, last - 1, row.grade.label if row.grade else None, centred)
            remarks = row.remarks()
            sheet.write(line, last, remarks or None, wrapped)
            height = max(_height(remarks, WIDTHS[-1]), _height(row.name, WIDTHS[1]), _height(row.group, WIDTHS[2]))
            if height > 18:
                sheet.set_row(line, height)
            line += 1

        line += 1
        summary = view.summary()
        sheet.set_row(line, _height(summary, sum(WIDTHS)))
        sheet.merge_range(line, 0, line, last, summary, fmt({"valign": "vcenter", "text_wrap": True}))
        if view.apart:
            line += 2
            sheet.merge_range(line, 0, line, last, apart_heading(), bold)
            line += 1
            captions = apart_heads()
            sheet.write_row(line, 0, captions[:4], header)
            sheet.merge_range(line, 4, line, last, captions[4], header)
            for number, row in enumerate(view.apart, start=1):
                line += 1
                sheet.write_number(line, 0, number, centred)
                sheet.write_string(line, 1, row.name, wrapped)
                sheet.write(line, 2, row.group or None, wrapped)
                sheet.write_string(line, 3, standing(row), centred)
                sheet.merge_range(line, 4, line, last, row.apart_reason, wrapped)
                # Excel sizes no merged cell to its text: the height is set here.
                sheet.set_row(line, max(_height(row.apart_reason, sum(WIDTHS[4:])), _height(row.name, WIDTHS[1]),
                                        _height(row.group, WIDTHS[2])))

        sheet.freeze_panes(FIRST_ROW, 2)
        sheet.repeat_rows(2, 3)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.center_horizontally()
        sheet.fit_to_pages(1, 0)  # one page wide, as many long as it takes
        book.close()
