"""The party dues workbooks: a branch's 党费收缴明细表 and a year's table of every member's months."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from djdesk.domain.dues import FEN
from djdesk.files import atomic_path
from djdesk.i18n import _
from djdesk.reports.dues_texts import (
    MONTHS,
    NOT_DUE,
    exempt_mark,
    extra_remarks,
    extras_heading,
    extras_heads,
    handover_heads,
    handover_title,
    has_total,
    info_line,
    line_remarks,
    line_totals,
    month_heads,
    month_sums,
    no_extras,
    order_line,
    owed,
    pair_heads,
    period_line,
    signature_parts,
    summary_parts,
    unit_line,
    unpaid_mark,
    year_title,
)

if TYPE_CHECKING:
    from djdesk.services.dues import Handover, YearCell, YearTable

_OPTIONS = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
_HEADER = {"bold": True, "bg_color": "#DDDDDD", "border": 1, "align": "center", "valign": "vcenter",
           "text_wrap": True}
MONEY = "0.00"  # 元 with the fen: 12.00, never 12
DATE_FORMAT = "yyyy.mm.dd"
GREY = "#E0E0E0"  # 未交, as on the printout
# Columns in characters: 序号 姓名 党费基数, then 应交/实交 for each month (and 合计), 备注.
HANDOVER_W = (6, 12, 12)
PAIR_W = 11
REMARKS_W = 20
# The year's table: 序号 姓名 所在支部, the twelve months, 全年应交, 全年实交.
YEAR_W = (6, 12, 16)
MONTH_W = 9
TOTAL_W = 12


def _money(fen: int) -> float:
    """Fen as 元 for a cell: exact to the fen in a double (well below 2**53 fen)."""
    return fen / FEN


class _Formats:
    def __init__(self, book: Any) -> None:
        fmt = book.add_format
        self.heading = fmt({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter", "text_wrap": True})
        self.info = fmt({"valign": "vcenter", "text_wrap": True})
        self.bold = fmt({"bold": True, "valign": "vcenter"})
        self.header = fmt(_HEADER)
        self.centred = fmt({"border": 1, "align": "center", "valign": "vcenter"})
        self.text = fmt({"border": 1, "valign": "vcenter", "text_wrap": True})
        self.money = fmt({"border": 1, "valign": "vcenter", "num_format": MONEY})
        self.date = fmt({"border": 1, "align": "center", "valign": "vcenter", "num_format": DATE_FORMAT})
        self.unpaid = fmt({"border": 1, "align": "center", "valign": "vcenter", "bg_color": GREY})
        self.total_label = fmt({"border": 1, "top": 2, "bold": True, "align": "center", "valign": "vcenter"})
        self.total = fmt({"border": 1, "top": 2, "bold": True, "valign": "vcenter", "num_format": MONEY})
        self.total_blank = fmt({"border": 1, "top": 2})
        self.sum_money = fmt({"bold": True, "valign": "vcenter", "num_format": MONEY})


def _page_setup(sheet: Any, first_row: int, columns: int, landscape: bool) -> None:
    sheet.freeze_panes(first_row, columns)
    sheet.repeat_rows(2, first_row - 1)
    if landscape:
        sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.center_horizontally()
    sheet.fit_to_pages(1, 0)  # one page wide, as many long as it takes


def _month(sheet: Any, row: int, col: int, due: int | None, paid: int | None, formats: _Formats) -> None:
    """A month's 应交 and 实交: numbers; the marks of the printout (未交, 免交, —) as words."""
    if due is None:
        sheet.write_string(row, col, NOT_DUE, formats.centred)
    else:
        sheet.write_number(row, col, _money(due), formats.money)
    if paid:
        sheet.write_number(row, col + 1, _money(paid), formats.money)
    elif owed(due, paid):
        sheet.write_string(row, col + 1, unpaid_mark(), formats.unpaid)
    else:
        sheet.write_string(row, col + 1, exempt_mark() if due is not None else NOT_DUE, formats.centred)


def _handover_sheet(book: Any, handover: Handover, formats: _Formats) -> None:
    sheet = book.add_worksheet(_("Dues collection"))
    groups = month_heads(handover.months) + ([_("Total")] if has_total(handover) else [])
    widths = [*HANDOVER_W, *[PAIR_W] * (2 * len(groups)), REMARKS_W]
    for col, chars in enumerate(widths):
        sheet.set_column(col, col, chars)
    last = len(widths) - 1
    sheet.set_row(0, 32)
    sheet.merge_range(0, 0, 0, last, handover_title(handover), formats.heading)
    info = "    ".join([info_line(handover), order_line(len(handover.lines))])
    sheet.set_row(1, 20)
    sheet.merge_range(1, 0, 1, last, info, formats.info)
    for col, text in enumerate(handover_heads()):
        sheet.merge_range(2, col, 3, col, text, formats.header)
    for index, group in enumerate(groups):
        col = 3 + 2 * index
        sheet.merge_range(2, col, 2, col + 1, group, formats.header)
        sheet.write_row(3, col, pair_heads(), formats.header)
    sheet.merge_range(2, last, 3, last, _("Remarks"), formats.header)
    sheet.set_row(2, 20)
    sheet.set_row(3, 30)

    row = 4
    for n, line in enumerate(handover.lines, start=1):
        sheet.write_number(row, 0, n, formats.centred)
        sheet.write_string(row, 1, line.name, formats.text)
        if not line.base_fen:  # none entered, or a flat rate's 0: blank, as printed
            sheet.write_blank(row, 2, None, formats.money)
        else:
            sheet.write_number(row, 2, _money(line.base_fen), formats.money)
        for index, (due, paid) in enumerate(zip(line.due_fen, line.paid_fen)):
            _month(sheet, row, 3 + 2 * index, due, paid, formats)
        if has_total(handover):
            due, paid = line_totals(line)
            sheet.write_number(row, last - 2, _money(due), formats.money)
            sheet.write_number(row, last - 1, _money(paid), formats.money)
        sheet.write(row, last, line_remarks(line) or None, formats.text)
        sheet.set_row(row, 20)  # Excel's 15 points crowd bordered CJK text
        row += 1
    sheet.merge_range(row, 0, row, 1, _("Total"), formats.total_label)
    sheet.write_blank(row, 2, None, formats.total_blank)
    sums = [fen for pair in month_sums(handover) for fen in pair]
    if has_total(handover):
        sums += [handover.total_due_fen, handover.total_paid_fen]
    for col, fen in enumerate(sums, start=3):
        sheet.write_number(row, col, _money(fen), formats.total)
    sheet.write_blank(row, last, None, formats.total_blank)
    sheet.set_row(row, 20)
    _page_setup(sheet, 4, 2, has_total(handover))

    row += 2
    sheet.write_string(row, 0, extras_heading(), formats.bold)
    row += 1
    if handover.extras:
        heads = extras_heads()
        sheet.write_row(row, 0, heads[:4], formats.header)
        sheet.merge_range(row, 4, row, last, heads[4], formats.header)
        for n, extra in enumerate(handover.extras, start=1):
            row += 1
            sheet.write_number(row, 0, n, formats.centred)
            sheet.write_string(row, 1, extra.name, formats.text)
            sheet.write_datetime(row, 2, dt.datetime.combine(extra.paid_on, dt.time()), formats.date)
            sheet.write_number(row, 3, _money(extra.amount_fen), formats.money)
            sheet.merge_range(row, 4, row, last, extra_remarks(extra), formats.text)
            sheet.set_row(row, 20)
    else:
        sheet.write_string(row, 0, no_extras())

    row += 1
    for label, fen in summary_parts(handover):
        row += 1
        sheet.merge_range(row, 0, row, 2, label, formats.bold)
        sheet.write_number(row, 3, _money(fen), formats.sum_money)
    row += 2
    sheet.set_row(row, 30)
    sheet.merge_range(row, 0, row, last, "    ".join(signature_parts()), formats.info)


def write_handover_xlsx(path: Path, handover: Handover) -> None:
    """The 党费收缴明细表 as one sheet, amounts as numbers in 元, to `path` (atomically)."""
    import xlsxwriter

    with atomic_path(path) as temp:
        book = xlsxwriter.Workbook(str(temp), _OPTIONS)
        book.set_properties({"title": handover_title(handover), "author": handover.school,
                             "subject": period_line(handover)})
        _handover_sheet(book, handover, _Formats(book))
        book.close()


# -- a year's table ---------------------------------------------------------------------------
def table_heads() -> list[str]:
    return [_("No."), _("Name"), _("Branch"), *(_(m) for m in MONTHS), _("Due this year"), _("Paid this year")]


def _year_cell(sheet: Any, row: int, col: int, cell: YearCell, current: dt.date | None, formats: _Formats) -> None:
    """The month's payment as a number; 免交 or — as words; a month owed and come (up to
    `current`) 未交, a month ahead left blank."""
    if cell.paid_fen:
        sheet.write_number(row, col, _money(cell.paid_fen), formats.money)
    elif cell.exempt or cell.due_fen == 0:
        sheet.write_string(row, col, exempt_mark(), formats.centred)
    elif cell.due_fen is None:
        sheet.write_string(row, col, NOT_DUE, formats.centred)
    elif current is not None and cell.month <= current:
        sheet.write_string(row, col, unpaid_mark(), formats.unpaid)
    else:
        sheet.write_blank(row, col, None, formats.money)


def write_year_xlsx(path: Path, year_table: YearTable, *, today: dt.date | None = None) -> None:
    """A year's table: a member a row (按姓氏笔画 as given), each month's payment, the year's
    dues and payments; with `today`, the months owed up to then marked 未交. To `path` (atomically)."""
    import xlsxwriter

    heading = year_title(year_table.year)
    current = None if today is None else today.replace(day=1)
    with atomic_path(path) as temp:
        book = xlsxwriter.Workbook(str(temp), _OPTIONS)
        book.set_properties({"title": heading})
        formats = _Formats(book)
        sheet = book.add_worksheet(_("Dues by month"))
        widths = [*YEAR_W, *[MONTH_W] * 12, TOTAL_W, TOTAL_W]
        for col, chars in enumerate(widths):
            sheet.set_column(col, col, chars)
        last = len(widths) - 1
        sheet.set_row(0, 32)
        sheet.merge_range(0, 0, 0, last, heading, formats.heading)
        sheet.set_row(1, 20)
        info = "    ".join([order_line(len(year_table.people)), unit_line()])
        sheet.merge_range(1, 0, 1, last, info, formats.info)
        sheet.set_row(2, 30)
        sheet.write_row(2, 0, table_heads(), formats.header)
        row = 3
        for n, line in enumerate(year_table.people, start=1):
            sheet.write_number(row, 0, n, formats.centred)
            sheet.write_string(row, 1, line.name, formats.text)
            sheet.write(row, 2, line.branch or None, formats.text)
            for col, cell in enumerate(line.months, start=3):
                _year_cell(sheet, row, col, cell, current, formats)
            sheet.write_number(row, 15, _money(line.due_fen), formats.money)
            sheet.write_number(row, 16, _money(line.paid_fen), formats.money)
            sheet.set_row(row, 20)
            row += 1
        sheet.merge_range(row, 0, row, 2, _("Total"), formats.total_label)
        for month in range(12):
            paid = sum(line.months[month].paid_fen or 0 for line in year_table.people)
            sheet.write_number(row, 3 + month, _money(paid), formats.total)
        sheet.write_number(row, 15, _money(sum(line.due_fen for line in year_table.people)), formats.total)
        sheet.write_number(row, 16, _money(sum(line.paid_fen for line in year_table.people)), formats.total)
        sheet.set_row(row, 20)
        _page_setup(sheet, 3, 2, True)
        book.close()
