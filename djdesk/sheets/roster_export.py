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
DAY, MONTH, TEXT, MONEY = "yyyy.mm.dd", "yyyy.mm", "@", "0.00"


def write_roster(path: Path, people: list[ExportPerson], *, title: str, today: dt.date) -> None:
    """Write `people` in the order given (the caller passes 按姓氏笔画) to `path`, atomically."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange

    book = Workbook(write_only=True)
    sheet = book.create_sheet("花名册")
    width = len(COLUMNS) + 1
    last = get_column_letter(width)
    sheet.column_dimensions["A"].width = 6
    for number, (_header, chars, _value) in enumerate(COLUMNS, start=2):
        sheet.column_dimensions[get_column_letter(number)].width = chars + 2
    sheet.freeze_panes = "C4"  # the header and the names stay in view
    sheet.print_title_rows = "3:3"  # the header on every printed page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4 in the OOXML paper size table
    sheet.merged_cells.add(CellRange(f"A1:{last}1"))
    sheet.merged_cells.add(CellRange(f"A2:{last}2"))

    heading = WriteOnlyCell(sheet, title)
    heading.font = Font(size=16, bold=True)
    heading.alignment = Alignment(horizontal="center")
    sheet.append([heading])
    caption = WriteOnlyCell(sheet, f"导出日期：{today:%Y.%m.%d}　共 {len(people)} 人（按姓氏笔画排序）")
    caption.alignment = Alignment(horizontal="right")
    sheet.append([caption])
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    headers = []
    for text in ("序号", *(c[0] for c in COLUMNS)):
        cell = WriteOnlyCell(sheet, text)
        cell.font, cell.border = Font(bold=True), box
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        headers.append(cell)
    sheet.append(headers)

    def styled(value: Any, number_format: str) -> Any:
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = number_format
        return cell

    for number, person in enumerate(people, start=1):
        row: list[Any] = [number]
        for header, _chars, get in COLUMNS:
            value = get(person)
            if isinstance(value, PartialDate):
                row.append(styled(value.first_day(), DAY if value.precise else MONTH))
            elif header in TEXT_COLUMNS:
                row.append(styled(value or "", TEXT))
            elif isinstance(value, float):
                row.append(styled(value, MONEY))
            else:
                row.append(value if value not in ("", None) else None)
        sheet.append(row)
    with atomic_path(path) as temp:
        book.save(temp)
