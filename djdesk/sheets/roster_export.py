"""Writing the 花名册 (.xlsx): title, header, one row per person; opens cleanly in Excel and WPS.

Always in Chinese (an official form). ID numbers and phone numbers are text, so Excel keeps
every digit; dates are real dates, and a month-only date is formatted without a day, so that
reading the file back keeps its precision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from djdesk.domain.choices import Choice
from djdesk.domain.dates import PartialDate
from djdesk.domain.people import PersonDraft
from djdesk.files import atomic_path
from djdesk.i18n import gettext_in

ZH = "zh_CN"


@dataclass(frozen=True)
class ExportPerson:
    draft: PersonDraft
    branch: str
    group: str
    left_on: PartialDate | None
    left_reason: Choice | None
    left_note: str


def _choice(value: Choice | None) -> str:
    return gettext_in(ZH, value._label) if value is not None else ""


# (header, width in characters, value) — headers as the import reads them back.
COLUMNS: tuple[tuple[str, int, Callable[[ExportPerson], Any]], ...] = (
    ("姓名", 8, lambda p: p.draft.name),
    ("性别", 4, lambda p: _choice(p.draft.sex)),
    ("民族", 6, lambda p: p.draft.ethnicity),
    ("出生日期", 11, lambda p: p.draft.birth_date),
    ("证件类型", 10, lambda p: _choice(p.draft.document_type)),
    ("公民身份号码", 20, lambda p: p.draft.id_number),
    ("籍贯", 10, lambda p: p.draft.native_place),
    ("学历", 8, lambda p: p.draft.education),
    ("学位", 6, lambda p: p.draft.degree),
    ("毕业院校及专业", 22, lambda p: p.draft.school_major),
    ("参加工作时间", 11, lambda p: p.draft.work_start),
    ("工作岗位", 8, lambda p: _choice(p.draft.post)),
    ("职称", 10, lambda p: p.draft.title),
    ("所在教研组/部门", 10, lambda p: p.draft.department),
    ("手机", 13, lambda p: p.draft.phone),
    ("政治面貌", 12, lambda p: _choice(p.draft.political_status)),
    ("发展阶段", 10, lambda p: _choice(p.draft.stage)),
    ("所在党支部", 12, lambda p: p.branch),
    ("党小组", 10, lambda p: p.group),
    ("党内职务", 10, lambda p: p.draft.party_post),
    ("递交入党申请书时间", 11, lambda p: p.draft.applied_on),
    ("确定积极分子时间", 11, lambda p: p.draft.activist_on),
    ("确定发展对象时间", 11, lambda p: p.draft.candidate_on),
    ("入党时间", 11, lambda p: p.draft.joined_on),
    ("转正时间", 11, lambda p: p.draft.full_on),
    ("入党介绍人", 12, lambda p: p.draft.introducers),
    ("培养联系人", 12, lambda p: p.draft.contacts),
    ("转入时间", 11, lambda p: p.draft.transferred_in_on),
    ("转入前所在党组织", 24, lambda p: p.draft.transferred_in_from),
    ("党籍状态", 8, lambda p: _choice(p.draft.membership_status)),
    ("党籍状态起始", 11, lambda p: p.draft.membership_status_since),
    ("党籍状态截止", 11, lambda p: p.draft.membership_status_until),
    ("党费基数（元）", 10, lambda p: None if p.draft.dues_base_fen is None else p.draft.dues_base_fen / 100),
    ("备注", 20, lambda p: p.draft.note),
    ("离开日期", 11, lambda p: p.left_on),
    ("离开原因", 8, lambda p: _choice(p.left_reason)),
    ("离开说明", 20, lambda p: p.left_note),
)
TEXT_COLUMNS = {"公民身份号码", "手机"}
TITLE_COLUMNS = 9  # the title spans the first page's width, not all 38 columns


def write_roster(path: Path, people: list[ExportPerson], *, title: str, today: dt.date) -> None:
    """Write `people` in the order given (the caller passes 按姓氏笔画) to `path`, atomically.

    XlsxWriter rather than openpyxl: it writes this sheet in half the time, and with a shared
    string table, as Excel and WPS do, which openpyxl also reads back much faster.
    """
    import xlsxwriter

    with atomic_path(path) as temp:
        book = xlsxwriter.Workbook(str(temp), {"strings_to_numbers": False, "strings_to_formulas": False,
                                               "strings_to_urls": False})
        sheet = book.add_worksheet("花名册")
        fmt = book.add_format
        heading, header = fmt({"bold": True, "font_size": 16}), fmt({
            "bold": True, "bg_color": "#DDDDDD", "border": 1, "align": "center", "valign": "vcenter",
            "text_wrap": True})
        day, month = fmt({"num_format": "yyyy.mm.dd"}), fmt({"num_format": "yyyy.mm"})
        text, money = fmt({"num_format": "@"}), fmt({"num_format": "0.00"})

        sheet.set_column(0, 0, 6)
        for number, (_header, chars, _value) in enumerate(COLUMNS, start=1):
            sheet.set_column(number, number, chars + 2)
        sheet.merge_range(0, 0, 0, TITLE_COLUMNS - 1, title, heading)
        sheet.merge_range(1, 0, 1, TITLE_COLUMNS - 1,
                          f"导出日期：{today:%Y.%m.%d}　共 {len(people)} 人（按姓氏笔画排序）", None)
        sheet.write_row(2, 0, ["序号", *(c[0] for c in COLUMNS)], header)
        sheet.freeze_panes(3, 2)  # the header and the names stay in view
        sheet.repeat_rows(2)  # the header on every printed page
        sheet.set_landscape()
        sheet.set_paper(9)  # A4

        for row, person in enumerate(people, start=3):
            sheet.write_number(row, 0, row - 2)
            for col, (header_text, _chars, get) in enumerate(COLUMNS, start=1):
                value = get(person)
                if value is None or value == "":
                    continue
                if isinstance(value, PartialDate):
                    sheet.write_datetime(row, col, dt.datetime.combine(value.first_day(), dt.time()),
                                         day if value.precise else month)
                elif header_text in TEXT_COLUMNS:
                    sheet.write_string(row, col, value, text)
                elif isinstance(value, float):
                    sheet.write_number(row, col, value, money)
                else:
                    sheet.write_string(row, col, str(value))
        if people:
            # Ruled like a paper roster: one rule for the whole table, not a style per cell.
            sheet.conditional_format(3, 0, len(people) + 2, len(COLUMNS), {
                "type": "no_errors", "format": fmt({"border": 1})})
        book.close()
