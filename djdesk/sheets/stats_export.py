"""Writing the membership statistics and the 党内统计年报 to .xlsx: one sheet each.

Always in Chinese, like the 花名册 (an office's figures go to the 上级党委 as they are). Counts
are written as numbers, not formulas: a file read by another program (or by openpyxl, which
never calculates) shows the same figures as Excel.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from djdesk.domain.stats import (
    AnnualReport,
    Breakdown,
    Label,
    Row,
    Statistics,
    as_of_note,
    balance_notes,
    movement_rows,
    scope_note,
    summary_rows,
)
from djdesk.files import atomic_path
from djdesk.i18n import gettext_in

ZH = "zh_CN"
INDENT = "　　"  # two ideographic spaces: a row that is part of the one above (其中)
WIDTHS = (34, 10, 10)  # item, count, share, in characters


def zh(label: Label) -> str:
    return label.text(lambda msgid: gettext_in(ZH, msgid))


class _Writer:
    """A sheet written from the top down, block after block, in three columns."""

    def __init__(self, book: Any, name: str) -> None:
        self.sheet = book.add_worksheet(name)
        fmt = book.add_format
        self.heading = fmt({"bold": True, "font_size": 16})
        self.block = fmt({"bold": True, "font_size": 12})
        self.header = fmt({"bold": True, "bg_color": "#DDDDDD", "border": 1, "align": "center"})
        self.cell, self.number = fmt({"border": 1}), fmt({"border": 1, "num_format": "0"})
        self.share = fmt({"border": 1, "num_format": "0.0%"})
        self.total = fmt({"border": 1, "bold": True})
        self.note = fmt({"text_wrap": True, "valign": "top"})
        self.row = 0
        for column, chars in enumerate(WIDTHS):
            self.sheet.set_column(column, column, chars + 2)
        self.sheet.set_paper(9)  # A4
        self.sheet.fit_to_pages(1, 0)  # one page wide, as long as it takes

    def title(self, text: str, subtitle: str) -> None:
        self.sheet.set_row(0, 24)
        self.sheet.merge_range(0, 0, 0, len(WIDTHS) - 1, text, self.heading)
        self.row = 1
        self.text(subtitle)
        self.row = 3

    def text(self, text: str) -> None:
        """A paragraph across the columns, its row tall enough for the wrapped lines (Excel
        does not grow a merged row by itself)."""
        units = sum(1 if ord(c) < 128 else 2 for c in text)  # a CJK character is two wide
        lines = -(-units // (sum(WIDTHS) + 2 * len(WIDTHS) - 4))
        self.sheet.set_row(self.row, 15 * lines + 3)
        self.sheet.merge_range(self.row, 0, self.row, len(WIDTHS) - 1, text, self.note)
        self.row += 1

    def table(self, title: str, rows: list[tuple[str, int]], total: int | None, *,
              shares: bool) -> None:
        """A titled block: header, one line per row, and a 合计 line when `total` is given."""
        self.sheet.write_string(self.row, 0, title, self.block)
        headers = ["项目", "人数", "占比"] if shares else ["项目", "人数"]
        self.sheet.write_row(self.row + 1, 0, headers, self.header)
        self.row += 2
        for text, count in rows:
            self.sheet.write_string(self.row, 0, text, self.cell)
            self.sheet.write_number(self.row, 1, count, self.number)
            if shares and total:
                self.sheet.write_number(self.row, 2, count / total, self.share)
            elif shares:
                self.sheet.write_blank(self.row, 2, None, self.share)
            self.row += 1
        if total is not None:
            self.sheet.write_string(self.row, 0, "合计", self.total)
            self.sheet.write_number(self.row, 1, total, self.total)
            if shares:
                self.sheet.write_blank(self.row, 2, None, self.total)
            self.row += 1
        self.row += 1  # a blank line between blocks


def _lines(rows: tuple[Row, ...]) -> list[tuple[str, int]]:
    return [(INDENT * row.indent + zh(row.label), row.count) for row in rows]


def _breakdown(writer: _Writer, breakdown: Breakdown) -> None:
    writer.table(gettext_in(ZH, breakdown.title), _lines(breakdown.rows), breakdown.total, shares=True)


def write_statistics(path: Path, statistics: Statistics, report: AnnualReport, *, school: str,
                     today: dt.date) -> None:
    """Today's breakdowns on the sheet 分类统计, the report of its year on 党内统计年报."""
    import xlsxwriter

    with atomic_path(path) as temp:
        book = xlsxwriter.Workbook(str(temp), {"strings_to_numbers": False, "strings_to_formulas": False,
                                               "strings_to_urls": False})
        current = _Writer(book, "分类统计")
        current.title(f"{school}党员统计（{statistics.as_of:%Y.%m.%d}）", zh(scope_note(statistics)))
        for breakdown in statistics.breakdowns:
            _breakdown(current, breakdown)

        annual = _Writer(book, "党内统计年报")
        annual.title(f"{school}{report.year}年党内统计年报",
                     f"{zh(as_of_note(report))}；制表日期：{today:%Y.%m.%d}")
        annual.table("党员基本情况", _lines(summary_rows(report)), None, shares=False)
        movements = [(f"{sign} {zh(row.label)}" if sign else zh(row.label), row.count)
                     for sign, row in movement_rows(report)]
        annual.table(f"{report.year}年党员变动", movements, None, shares=False)
        for note in balance_notes(report):
            annual.text(zh(note))
        annual.row += 1
        _breakdown(annual, report.age)
        _breakdown(annual, report.education)
        book.close()
