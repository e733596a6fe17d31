"""The roster sheet: finding the header row, mapping columns to fields, reading every row.

Problems are named as the office sees them: Excel row and the sheet's own column header
("第5行 身份证号：校验码错误"). Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from djdesk.domain import idnumber
from djdesk.domain.dates import PartialDate, add_years
from djdesk.domain.people import (
    FIELD_LABELS,
    DocumentType,
    LeftReason,
    MembershipStatus,
    PoliticalStatus,
    Post,
    Sex,
    Stage,
    field_label,
)
from djdesk.i18n import N_, _
from djdesk.sheets import cells
from djdesk.sheets.workbook import ERROR_VALUES, SheetData, SheetError

HEADER_SEARCH_ROWS = 10

# Column headers as the office's sheets and the 全国党员管理信息系统 write them.
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字"),
    "sex": ("性别",),
    "ethnicity": ("民族",),
    "birth_date": ("出生年月", "出生日期", "出生时间", "出生年月日", "生日"),
    "document_type": ("证件类型",),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "公民身份证号", "证件号码",
                  "身份证", "证件号"),
    "native_place": ("籍贯",),
    "education": ("学历", "文化程度", "最高学历", "全日制学历"),
    "degree": ("学位", "最高学位"),
    "school_major": ("毕业院校及专业", "毕业院校", "毕业学校", "毕业学校及专业", "毕业院校系及专业"),
    "work_start": ("参加工作时间", "参加工作日期", "参加工作年月"),
    "post": ("工作岗位", "岗位", "岗位类别"),
    "title": ("职称", "专业技术职务", "专业技术职称"),
    "department": ("所在教研组/部门", "所在教研组", "教研组", "部门", "所在部门", "科室", "教研组/部门"),
    "phone": ("手机", "联系电话", "手机号", "手机号码", "联系方式", "电话"),
    "note": ("备注",),
    "political_status": ("政治面貌", "人员类别", "党员类别"),
    "stage": ("发展阶段",),
    "branch": ("所在党支部", "所在支部", "所在党组织", "党支部", "支部"),
    "group": ("党小组", "所在党小组"),
    "party_post": ("党内职务",),
    "applied_on": ("申请入党时间", "递交入党申请书时间", "递交申请书日期", "入党申请时间",
                   "递交入党申请书日期", "申请入党日期", "申请入党年月", "递交入党申请书年月"),
    "activist_on": ("确定积极分子时间", "确定入党积极分子时间", "列为积极分子时间", "确定积极分子日期",
                    "确定入党积极分子日期"),
    "candidate_on": ("确定发展对象时间", "列为发展对象时间", "确定发展对象日期"),
    "joined_on": ("入党时间", "入党日期", "入党年月", "加入党组织日期", "接收为预备党员时间",
                  "加入中共时间", "加入中国共产党时间", "加入中共年月"),
    "full_on": ("转正时间", "转正日期", "转正年月", "转为正式党员日期", "转为正式党员时间"),
    "introducers": ("入党介绍人", "介绍人"),
    "contacts": ("培养联系人",),
    "transferred_in_on": ("转入时间", "转入日期", "组织关系转入时间"),
    "transferred_in_from": ("转入前所在党组织", "转入自", "原所在党组织"),
    "membership_status": ("党籍状态",),
    "membership_status_since": ("党籍状态起始", "状态起始日期"),
    "membership_status_until": ("党籍状态截止", "状态截止日期"),
    "dues_base_fen": ("党费基数", "党费基数元", "党费计算基数"),
    "left_on": ("离开日期", "离开时间", "转出时间", "转出日期"),
    "left_reason": ("离开原因",),
    "left_note": ("离开说明", "转往党组织", "转出至"),
}
# Cells that mean "none" in these fields: a 群众's branch written as "/" is no branch called "/".
PLACEHOLDERS = {"/", "无", "—", "-", "——", "--", "\\"}
NONE_MEANS_BLANK = ("branch", "group", "party_post", "phone", "introducers", "contacts",
                    "transferred_in_from", "left_note", *("birth_date", "work_start", "applied_on",
                    "activist_on", "candidate_on", "joined_on", "full_on", "transferred_in_on",
                    "membership_status_since", "membership_status_until", "left_on"))
# The signature lines under a table (填报人：李四　审核人：王五) are not people.
FOOTER = re.compile(r"^(填报人|填表人|制表人|审核人|负责人|经办人|合计|总计)\s*[:：]?")
FIELD_NAMES = {"branch": N_("Party branch"), "group": N_("Party group"), "left_on": N_("Left on"),
               "left_reason": N_("Reason for leaving"), "left_note": N_("Details of leaving")}

DATES = ("birth_date", "work_start", "applied_on", "activist_on", "candidate_on", "joined_on", "full_on",
         "transferred_in_on", "membership_status_since", "membership_status_until", "left_on")
CHOICES = {"sex": Sex, "document_type": DocumentType, "political_status": PoliticalStatus,
           "stage": Stage, "post": Post, "membership_status": MembershipStatus, "left_reason": LeftReason}


def label(key: str) -> str:
    return _(FIELD_NAMES[key]) if key in FIELD_NAMES else field_label(key)


def normalise_header(text: Any) -> str:
    """Header text without spaces, marks of required fields or remarks in brackets."""
    cleaned = unicodedata.normalize("NFKC", str(text or ""))
    cleaned = re.sub(r"\(.*?\)", "", cleaned)
    return re.sub(r"[\s*:：]", "", cleaned)


def _alias_table() -> dict[str, str]:
    table = {normalise_header(alias): key for key, aliases in HEADERS.items() for alias in aliases}
    for key in HEADERS:  # the labels of both languages, as the program's own export writes them
        english = FIELD_NAMES.get(key) or FIELD_LABELS.get(key)
        if english:
            table.setdefault(normalise_header(english), key)
            table.setdefault(normalise_header(_(english)), key)
    return table


@dataclass(frozen=True)
class RowProblem:
    excel_row: int
    column: str  # the sheet's header, or the field's label where the sheet has no column
    message: str

    def __str__(self) -> str:
        return _("Row {row} {column}: {message}").format(row=self.excel_row, column=self.column,
                                                          message=self.message)


@dataclass(frozen=True)
class RosterRow:
    excel_row: int
    values: dict[str, Any]  # field -> value, only for filled cells of mapped columns
    problems: tuple[RowProblem, ...] = ()


@dataclass(frozen=True)
class ParsedRoster:
    sheet: str
    header_row: int
    headers: tuple[str, ...]  # as written in the sheet
    mapping: tuple[str | None, ...]  # the field of each column, None where not imported
    rows: tuple[RosterRow, ...]
    defaults: dict[str, Any] = field(default_factory=dict)  # for new people where a column is missing
    notes: tuple[str, ...] = ()

    def column_of(self, key: str) -> str:
        return self.headers[self.mapping.index(key)] if key in self.mapping else label(key)

    @property
    def problems(self) -> list[RowProblem]:
        return [p for row in self.rows for p in row.problems]


def find_header(sheet: SheetData) -> int:
    """The first row among the first ten with a 姓名 cell (title and 填报单位 rows come above)."""
    names = {normalise_header(a) for a in HEADERS["name"]} | {normalise_header(label("name"))}
    for number, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS], start=1):
        if any(normalise_header(v) in names for v in row if v is not None):
            return number
    raise SheetError(_(
        "No header row with a “姓名” column in the first {count} rows of “{sheet}”. The roster "
        "needs one column headed 姓名."
    ).format(count=HEADER_SEARCH_ROWS, sheet=sheet.name))


def auto_mapping(headers: tuple[str, ...]) -> tuple[str | None, ...]:
    """Each column's field from its header; a field taken by an earlier column is not repeated."""
    table, taken, mapping = _alias_table(), set(), []
    for header in headers:
        key = table.get(normalise_header(header))
        if key is not None and key not in taken:
            taken.add(key)
            mapping.append(key)
        else:
            mapping.append(None)
    return tuple(mapping)


def _has_sub_header(sheet: SheetData, header_row: int) -> bool:
    """Whether the row below the header is a second header row, as under a merged group
    header (党籍信息 over 入党时间 and 转正时间): two or more of its cells are known headers."""
    if header_row >= len(sheet.rows):
        return False
    table = _alias_table()
    return sum(1 for v in sheet.rows[header_row] if table.get(normalise_header(v))) >= 2


def headers_of(sheet: SheetData, header_row: int) -> tuple[str, ...]:
    """Each column's header (from the second header row where there is one), up to the last
    column that has a header: a stray cell far to the right is not a column."""
    table = _alias_table()
    top = sheet.rows[header_row - 1]
    below = sheet.rows[header_row] if _has_sub_header(sheet, header_row) else ()
    width = max(len(top), len(below))
    headers = []
    for i in range(width):
        upper = cells.text(top[i]) if i < len(top) else ""
        lower = cells.text(below[i]) if i < len(below) else ""
        headers.append(lower if lower and (table.get(normalise_header(lower)) or not upper) else upper)
    while headers and not headers[-1]:
        headers.pop()
    return tuple(headers)


def parse(sheet: SheetData, header_row: int, mapping: tuple[str | None, ...], today: dt.date) -> ParsedRoster:
    """Read every data row below the header with the given column mapping."""
    headers = headers_of(sheet, header_row)
    if "name" not in mapping:
        raise SheetError(_("No column is mapped to 姓名 (name): the roster cannot be read without it."))
    first = header_row + (2 if _has_sub_header(sheet, header_row) else 1)
    merged = _merged_problems(sheet, first - 1, headers, mapping)
    rows, hidden = [], []
    for number in range(first, len(sheet.rows) + 1):
        raw = sheet.rows[number - 1][:len(headers)]
        if not any(cells.text(raw[i]) for i, key in enumerate(mapping) if key and i < len(raw)):
            continue  # a blank line between blocks
        if _is_footer(raw, mapping):
            continue
        if number in sheet.hidden_rows:
            hidden.append(number)  # filtered out or hidden in Excel: not what the user sees
            continue
        rows.append(_parse_row(sheet, number, raw, headers, mapping, merged.get(number, [])))
    defaults, notes = _defaults(mapping, headers, today)
    if hidden:
        notes.append(_("Rows hidden in the sheet (filtered out, or hidden by hand) are not imported: "
                       "rows {rows}.").format(rows="、".join(map(str, hidden))))
    hidden_columns = [h for col, h in enumerate(headers, start=1) if col in sheet.hidden_columns and h]
    if hidden_columns:
        notes.append(_("Columns hidden in the sheet are imported like the others: {columns}.").format(
            columns="、".join(hidden_columns)))
    rows = _infer_status(rows, mapping, today, notes)
    rows = _duplicates(rows, headers, mapping)
    return ParsedRoster(sheet.name, header_row, headers, mapping, tuple(rows), defaults, tuple(notes))


def _is_footer(raw: tuple[Any, ...], mapping: tuple[str | None, ...]) -> bool:
    """A line with no ID number whose name cell is empty or itself reads like 填报人：, and some
    cell of which does. A person's row with a blank name is not one: it must be reported."""
    def cell(key: str) -> str:
        col = mapping.index(key) if key in mapping else len(raw)
        return cells.text(raw[col]) if col < len(raw) else ""

    if cell("id_number"):
        return False
    name = cell("name")
    if name and not FOOTER.match(name):
        return False
    return any(FOOTER.match(cells.text(v)) for v in raw)


def _parse_row(sheet: SheetData, number: int, raw: tuple[Any, ...], headers: tuple[str, ...],
               mapping: tuple[str | None, ...], merged: list[RowProblem]) -> RosterRow:
    values: dict[str, Any] = {}
    problems = list(merged)
    for col, key in enumerate(mapping):
        if key is None or col >= len(raw):
            continue
        value = raw[col]
        if isinstance(value, str) and value.strip() in ERROR_VALUES:
            problems.append(RowProblem(number, headers[col], _(
                "is the Excel error {error} (from a formula); put the real value in the cell").format(
                error=value.strip())))
            continue
        if (number, col + 1) in sheet.formulas_without_value:
            problems.append(RowProblem(number, headers[col], _(
                "is a formula without a saved result; in Excel copy the column and paste it "
                "back as values (选择性粘贴 → 数值)")))
            continue
        try:
            parsed = _convert(key, value, (number, col + 1) in sheet.month_only)
        except cells.CellProblem as problem:
            problems.append(RowProblem(number, headers[col], str(problem)))
            continue
        if parsed not in (None, ""):
            values[key] = parsed
    return RosterRow(number, values, tuple(problems))


def _convert(key: str, value: Any, month_only: bool) -> Any:
    if key in NONE_MEANS_BLANK and cells.text(value) in PLACEHOLDERS:
        return None
    if key in DATES:
        return cells.date(value, month_only=month_only)
    if key in CHOICES:
        return cells.choice(value, CHOICES[key])
    if key == "id_number":
        return cells.id_number(value)
    if key == "dues_base_fen":
        return cells.amount_fen(value)
    return cells.text(value)


def _merged_problems(sheet: SheetData, header_row: int, headers: tuple[str, ...],
                     mapping: tuple[str | None, ...]) -> dict[int, list[RowProblem]]:
    """Merged cells in the data leave every row but the first blank: name each row affected."""
    found: dict[int, list[RowProblem]] = {}
    for top, left, bottom, right in sheet.merged:
        if bottom <= header_row:
            continue  # titles and headers may be merged
        mapped = [c for c in range(left, right + 1) if c <= len(mapping) and mapping[c - 1]]
        if not mapped or (top == bottom and len(mapped) < 2):
            continue
        message = _("is a merged cell over rows {first}–{last}; unmerge it and fill in every row").format(
            first=max(top, header_row + 1), last=bottom)
        for number in range(max(top, header_row + 1), bottom + 1):
            found.setdefault(number, []).append(RowProblem(number, headers[mapped[0] - 1], message))
    return found


def _defaults(mapping: tuple[str | None, ...], headers: tuple[str, ...], today: dt.date) -> tuple[dict[str, Any], list[str]]:
    notes = []
    defaults: dict[str, Any] = {}
    if "post" not in mapping:
        defaults["post"] = Post.TEACHER
        notes.append(_("The sheet has no 工作岗位 column: new people are entered as teachers; "
                       "people already in the roster keep theirs."))
    ignored = [h for h, key in zip(headers, mapping) if key is None and h]
    if ignored:
        notes.append(_("Not imported: the columns {columns}.").format(columns="、".join(ignored)))
    return defaults, notes


def _infer_status(rows: list[RosterRow], mapping: tuple[str | None, ...], today: dt.date,
                  notes: list[str]) -> list[RosterRow]:
    """Without a 政治面貌 column: a 发展阶段 of 正式党员 or 预备党员 says it; otherwise a row with
    a join date is a member, full when it has a date of full membership or joined over a year
    ago, probationary if not. Said in the preview's notes, never silently."""
    if "political_status" in mapping:
        return rows
    if "joined_on" not in mapping and "stage" not in mapping:
        notes.append(_("The sheet has no 政治面貌 column and no 入党时间 column: new people are entered "
                       "as 群众; people already in the roster keep their political status."))
        return rows
    notes.append(_("The sheet has no 政治面貌 column: people with a join date are taken as party "
                   "members (probationary if they joined less than a year ago and have no date of full "
                   "membership)."))
    by_stage = {Stage.FULL: PoliticalStatus.CPC_MEMBER, Stage.PROBATIONARY: PoliticalStatus.CPC_PROBATIONARY}
    result = []
    for row in rows:
        joined: PartialDate | None = row.values.get("joined_on")
        status = by_stage.get(row.values.get("stage"))  # type: ignore[arg-type]
        if status is None and joined is not None:
            full = "full_on" in row.values or add_years(joined.last_day(), 1) <= today
            status = PoliticalStatus.CPC_MEMBER if full else PoliticalStatus.CPC_PROBATIONARY
        if status is not None:
            row = RosterRow(row.excel_row, {**row.values, "political_status": status}, row.problems)
        result.append(row)
    return result


def _duplicates(rows: list[RosterRow], headers: tuple[str, ...], mapping: tuple[str | None, ...]) -> list[RosterRow]:
    """The same ID number on two rows: both are named, each pointing at the other."""
    if "id_number" not in mapping:
        return rows
    column = headers[mapping.index("id_number")]
    seen: dict[str, list[int]] = {}
    for row in rows:
        number = row.values.get("id_number")
        if number:
            try:
                key = idnumber.parse(number).number
            except idnumber.InvalidIdNumber:
                key = idnumber.clean(number)
            seen.setdefault(key, []).append(row.excel_row)
    twins = {r: others for rs in seen.values() if len(rs) > 1 for r in rs
             for others in [[o for o in rs if o != r]]}
    result = []
    for row in rows:
        if row.excel_row in twins:
            problem = RowProblem(row.excel_row, column, _("the same number as row {rows}").format(
                rows="、".join(str(o) for o in twins[row.excel_row])))
            row = RosterRow(row.excel_row, row.values, (*row.problems, problem))
        result.append(row)
    return result
