"""师德考核 sheets: the results summary (汇总表), a score sheet for raters to fill, and reading one back."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from djdesk.domain import ethics
from djdesk.domain.ethics import WHOLE, Scheme
from djdesk.files import atomic_path
from djdesk.i18n import _
from djdesk.sheets import cells
from djdesk.sheets.roster import FOOTER, HEADERS, normalise_header
from djdesk.sheets.workbook import SheetData, SheetError, read_sheet, sheet_names

if TYPE_CHECKING:
    from djdesk.services.ethics import PeriodView
    from djdesk.services.ethics_results import TeacherResult

HEADER_SEARCH_ROWS = 15
_OPTIONS = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
_HEADER = {"bold": True, "bg_color": "#DDDDDD", "border": 1, "align": "center", "valign": "vcenter",
           "text_wrap": True}
_FILL = "#FFF2CC"  # the pale yellow offices know as "fill in here"
# How raters' own sheets head their columns (the template's captions are added in each language).
_NAMES = ("姓名", "名字", "教师姓名", "被评价人", "被考核人")
_DEPARTMENTS = (*HEADERS["department"], "学科组", "组别")
_SCORES = ("得分", "分数", "评分", "成绩", "分值", "总分", "评价得分", "考核得分")
_RATER_LABELS = ("评价人", "评分人", "评议人", "测评人", "打分人", "考评人")
_FOOTER = re.compile(FOOTER.pattern + r"|^(平均|平均分|签名|签字)\s*[:：]?")
_NUMBERING = re.compile(r"^(\d+|[一二三四五六七八九十]+)[.、)]\s*")
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")  # Excel refuses these in a sheet's name


# -- writing ------------------------------------------------------------------------------
def _workbook(path: Path) -> Any:
    import xlsxwriter

    return xlsxwriter.Workbook(str(path), _OPTIONS)


def _remarks(view: PeriodView, row: TeacherResult) -> str:
    notes = []
    if row.withheld and not row.vetoed and ethics.grade(view.scheme, row.total) == view.scheme.top:
        notes.append(_("limited by the {top} quota").format(top=view.scheme.top))
    if row.short_of_training:
        notes.append(_("training short of {hours} class hours").format(hours=view.scheme.first_year_hours))
    if row.barred_until is not None:
        notes.append(ethics.barred_text(row.barred_until))
    return "；".join(notes)


def _height(text: str, width: int) -> int:
    """Points for a merged row to show wrapped `text` (Excel does not grow a merged row by itself)."""
    units = sum(1 if ord(c) < 128 else 2 for c in text)  # a CJK character is two wide
    return 15 * -(-units // max(width - 2, 1)) + 3


def _score(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def write_summary_xlsx(view: PeriodView, school_name: str, path: Path) -> None:
    """The 师德考核结果汇总表: one line per teacher in the order given (按姓氏笔画), the counts under it."""
    scheme, period = view.scheme, view.period
    headers = [_("No."), _("Name"), _("Teaching group"),
               *(_("{name} ({weight}%)").format(name=r.name, weight=r.weight) for r in scheme.raters),
               _("Total score"), _("Grade"), _("One-vote veto"), _("New teacher training hours"), _("Remarks")]
    widths = [6, 10, 12, *([12] * len(scheme.raters)), 8, 10, 18, 12, 34]  # headers wrap
    first_score, total_col = 3, 3 + len(scheme.raters)
    with atomic_path(path) as temp:
        book = _workbook(temp)
        sheet = book.add_worksheet(_("Ethics evaluation"))
        fmt = book.add_format
        heading = fmt({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"})
        header, cell = fmt(_HEADER), fmt({"border": 1, "valign": "vcenter"})
        centred = fmt({"border": 1, "align": "center", "valign": "vcenter"})
        # General format shows a score as typed: 87.5, 90, 88.25 (never 90.00 nor "90.").
        score = fmt({"border": 1, "align": "center", "valign": "vcenter", "num_format": "General"})
        wrapped = fmt({"border": 1, "valign": "vcenter", "text_wrap": True})
        bold, share = fmt({"bold": True}), fmt({"num_format": "0.0%"})
        for col, chars in enumerate(widths):
            sheet.set_column(col, col, chars)
        last = len(headers) - 1
        sheet.set_row(0, 28)
        sheet.merge_range(0, 0, 0, last, _("{school}{period} teacher ethics evaluation results").format(
            school=school_name, period=period.name), heading)
        sheet.merge_range(1, 0, 1, last, _(
            "Period {start} to {end}; {count} teachers, in order of surname strokes").format(
            start=f"{period.starts_on:%Y.%m.%d}", end=f"{period.ends_on:%Y.%m.%d}", count=len(view.rows)))
        sheet.set_row(2, max(_height(text, chars) for text, chars in zip(headers, widths)))
        sheet.write_row(2, 0, headers, header)
        sheet.freeze_panes(3, 2)
        sheet.repeat_rows(2)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)  # one page wide, as many long as it takes
        for line, row in enumerate(view.rows, start=3):
            sheet.write_number(line, 0, line - 2, centred)
            sheet.write_string(line, 1, row.name, cell)
            sheet.write(line, 2, row.department or None, cell)
            for col, value in enumerate((*row.scores, row.total), start=first_score):
                sheet.write(line, col, _score(value), score)
            sheet.write(line, total_col + 1, row.grade or None, centred)
            sheet.write(line, total_col + 2, row.vetoed or None, wrapped)
            hours = _score(row.training_hours) if row.first_year else None
            sheet.write(line, total_col + 3, hours, score)
            remarks = _remarks(view, row)
            sheet.write(line, total_col + 4, remarks or None, wrapped)
            height = max(_height(remarks, widths[-1]), _height(row.vetoed, widths[-4]))
            if height > 18:  # more than one line: Excel and WPS do not grow the row themselves
                sheet.set_row(line, height)
        summary, line = view.summary, len(view.rows) + 4
        sheet.write_string(line, 1, _("Summary"), bold)
        lines = [(_("Teachers evaluated"), summary.evaluated), *summary.per_grade]
        if summary.graded < summary.evaluated:
            lines.append((_("Not yet graded"), summary.evaluated - summary.graded))
        lines.append((_("One-vote veto"), summary.vetoed))
        if summary.first_year:
            lines.append((_("New teachers short of training"), summary.short_of_training))
        # Labels across the name and group columns (narrow on their own), figures beside them.
        for label, count in lines:
            line += 1
            sheet.merge_range(line, 1, line, 2, label)
            sheet.write_number(line, 3, count)
        line += 1
        sheet.merge_range(line, 1, line, 2, _("Share of {top}").format(top=scheme.top))
        if summary.evaluated:
            sheet.write_number(line, 3, summary.excellent / summary.evaluated, share)
        if summary.allowed is not None:
            sheet.write_string(line, 4, _("cap {cap}%: at most {allowed}").format(
                cap=scheme.cap_percent, allowed=summary.allowed))
        book.close()


def write_score_template(view: PeriodView, category: int, path: Path) -> None:
    """A sheet for the raters of one category: a 评价人 cell and a score cell for each teacher."""
    scheme, rater = view.scheme, view.scheme.raters[category]
    if scheme.by_item:
        columns = [(_("{item} ({points} points)").format(item=i.name, points=i.points), Decimal(i.points))
                   for i in scheme.items]
    else:
        columns = [(_("Score (out of 100)"), ethics.HUNDRED)]
    last = 2 + len(columns)
    with atomic_path(path) as temp:
        book = _workbook(temp)
        sheet = book.add_worksheet(_NOT_IN_SHEET_NAMES.sub("、", rater.name).strip("'")[:31] or None)
        fmt = book.add_format
        heading = fmt({"bold": True, "font_size": 15, "align": "center", "valign": "vcenter", "text_wrap": True})
        header, cell = fmt(_HEADER), fmt({"border": 1, "valign": "vcenter"})
        centred = fmt({"border": 1, "align": "center", "valign": "vcenter"})
        fill = fmt({"border": 1, "align": "center", "valign": "vcenter", "bg_color": _FILL, "locked": False})
        name_fill = fmt({"bottom": 1, "bg_color": _FILL, "locked": False})
        note = fmt({"text_wrap": True, "valign": "top", "font_color": "#555555"})
        widths = [6, 10, 12, *([10 if scheme.by_item else 16] * len(columns))]
        for col, chars in enumerate(widths):
            sheet.set_column(col, col, chars)
        sheet.set_row(0, 40)
        sheet.merge_range(0, 0, 0, last, _("{period} teacher ethics evaluation: score sheet of {category}").format(
            period=view.period.name, category=rater.name), heading)
        sheet.merge_range(1, 0, 1, 1, _("Rater:"), fmt({"bold": True, "align": "right"}))
        sheet.write_blank(1, 2, None, name_fill)
        advice = _("Type the scores in the yellow cells (0 to the maximum in the header, at most two "
                   "decimal places) and your name after “Rater”. Do not change the names or the header.")
        sheet.set_row(2, _height(advice, sum(widths)))
        sheet.merge_range(2, 0, 2, last, advice, note)
        captions = [_("No."), _("Name"), _("Teaching group"), *(c[0] for c in columns)]
        sheet.set_row(3, max(_height(text, chars) for text, chars in zip(captions, widths)))
        sheet.write_row(3, 0, captions, header)
        for line, row in enumerate(view.rows, start=4):
            sheet.write_number(line, 0, line - 3, centred)
            sheet.write_string(line, 1, row.name, cell)
            sheet.write(line, 2, row.department or None, cell)
            for col in range(3, last + 1):
                sheet.write_blank(line, col, None, fill)
        if view.rows:
            for col, (caption, maximum) in enumerate(columns, start=3):
                sheet.data_validation(4, col, 3 + len(view.rows), col, {
                    "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": float(maximum),
                    "error_title": _("Not a score"),
                    "error_message": _("A score from 0 to {maximum}.").format(maximum=ethics.number(maximum))})
        sheet.freeze_panes(4, 3)
        sheet.repeat_rows(3)
        sheet.set_paper(9)
        if len(columns) > 4:
            sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        # Locked names and header: a rater cannot shift a score onto the wrong teacher by sorting.
        sheet.protect("", {"format_columns": True, "format_rows": True})
        book.close()


# -- reading ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SheetRow:
    line: int  # the Excel row number
    name: str
    department: str
    id_number: str
    values: dict[int, str]  # item number (WHOLE for a whole score) → the cell as text, "" if blank


@dataclass(frozen=True)
class ScoreSheet:
    rater: str  # from the 评价人 cell, "" when not filled in
    rows: tuple[SheetRow, ...]
    problems: tuple[tuple[int, str], ...]  # (Excel row, message) for cells that cannot be read
    columns: dict[int, str] = field(default_factory=dict)  # item number → the sheet's caption


def _key(text: Any) -> str:
    return re.sub(r"[\s*:：]", "", unicodedata.normalize("NFKC", str(text or ""))).lower()


def _forms(text: Any) -> list[str]:
    """A caption as written, without a trailing (满分100)-like remark, and without any bracket."""
    full = _NUMBERING.sub("", _key(text))
    return [full, re.sub(r"\([^()]*\)$", "", full), normalise_header(full).lower()]


def _captions(scheme: Scheme) -> dict[str, tuple[str, int]]:
    """Normalised caption → (kind, item): kinds name, department, id_number and score."""
    table: dict[str, tuple[str, int]] = {}

    def add(kind: str, item: int, *texts: str) -> None:
        for text in texts:
            for form in _forms(text):
                if form:
                    table.setdefault(form, (kind, item))

    add("name", 0, *_NAMES, _("Name"))
    add("department", 0, *_DEPARTMENTS, _("Teaching group"), _("Department"))
    add("id_number", 0, *HEADERS["id_number"], _("ID number"))
    if scheme.by_item:
        for number, item in enumerate(scheme.items):
            add("score", number, item.name, _("{item} ({points} points)").format(item=item.name, points=item.points))
    else:
        add("score", WHOLE, _("Score (out of 100)"), *_SCORES)
    return table


def _mapping(row: tuple[Any, ...], table: dict[str, tuple[str, int]]) -> dict[int, tuple[str, int]]:
    """Column index → (kind, item) for the recognised captions of a row, each taken once."""
    found: dict[int, tuple[str, int]] = {}
    for col, value in enumerate(row):
        hit = next((table[f] for f in _forms(value) if f in table), None) if value is not None else None
        if hit is not None and hit not in found.values():
            found[col] = hit
    return found


def _expected(scheme: Scheme) -> str:
    if scheme.by_item:
        return _("a “{name}” column and one column for each rubric item ({items})").format(
            name=_("Name"), items="、".join(i.name for i in scheme.items))
    return _("a “{name}” column and a “{score}” column").format(name=_("Name"), score=_("Score"))


def _find_header(data: SheetData, table: dict[str, tuple[str, int]]) -> tuple[int, dict[int, tuple[str, int]]] | None:
    for number, row in enumerate(data.rows[:HEADER_SEARCH_ROWS], start=1):
        mapping = _mapping(row, table)
        kinds = [kind for kind, _item in mapping.values()]
        if "name" in kinds and "score" in kinds:
            return number, mapping
    return None


def _rater_in(row: tuple[Any, ...], labels: tuple[str, ...]) -> str | None:
    """The rater's name when the row is a 评价人：… line ("" if left blank); None when it is not one."""
    for col, value in enumerate(row):
        text = cells.text(value)
        if not text:
            continue
        key = _key(text)
        label = next((lab for lab in labels if key.startswith(lab)), None)
        if label is None:
            return None
        rest = text[_prefix_length(text, label):].strip(" :：_＿")
        if rest:
            return rest  # 评价人：王五 in one cell
        return next((t for v in row[col + 1:] if (t := cells.text(v).strip(" _＿"))), "")
    return None


def _prefix_length(text: str, label: str) -> int:
    """How many characters of `text` spell `label`, which `_key` wrote without spaces or colons."""
    seen = 0
    for index, char in enumerate(text):
        if seen == len(label):
            return index
        if not (char.isspace() or char in "*:："):
            seen += 1
    return len(text)


def _rater_labels() -> tuple[str, ...]:
    return tuple(dict.fromkeys(_key(lab) for lab in (*_RATER_LABELS, _("Rater:").rstrip(":："))))


def read_score_sheet(path: Path, scheme: Scheme) -> ScoreSheet:
    """A filled score sheet: the template, or one a rater made with the same captions."""
    table = _captions(scheme)
    names = sheet_names(path)
    for name in names:
        try:
            data = read_sheet(path, name)
        except SheetError:
            if len(names) == 1:
                raise
            continue
        found = _find_header(data, table)
        if found is not None:
            return _read(data, scheme, *found)
    raise SheetError(_(
        "No header row found in the first {count} rows of {sheets}: a score sheet needs {expected}."
    ).format(count=HEADER_SEARCH_ROWS, sheets="、".join(f"“{n}”" for n in names), expected=_expected(scheme)))


def _merged_values(data: SheetData) -> dict[tuple[int, int], Any]:
    """Every cell of a merged range with the value of its first cell (教研组 merged down a group)."""
    values = {}
    for r1, c1, r2, c2 in data.merged:
        row = data.rows[r1 - 1] if r1 - 1 < len(data.rows) else ()
        value = row[c1 - 1] if c1 - 1 < len(row) else None
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                values[(r, c)] = value
    return values


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and abs(round(value, 2) - value) < 1e-9:
        value = round(value, 2)  # 88.30000000000001 from a formula is the 88.3 it shows
    return cells.text(value)


def _read(data: SheetData, scheme: Scheme, header: int, mapping: dict[int, tuple[str, int]]) -> ScoreSheet:
    if scheme.by_item:
        present = {item for kind, item in mapping.values() if kind == "score"}
        missing = [i.name for n, i in enumerate(scheme.items) if n not in present]
        if missing:
            raise SheetError(_("The sheet “{sheet}” has no column for {items}: a score sheet needs {expected}.").format(
                sheet=data.name, items="、".join(missing), expected=_expected(scheme)))
    captions = [" ".join(str(v or "").split()) for v in data.rows[header - 1]]  # as written
    columns = {item: captions[col] for col, (kind, item) in mapping.items() if kind == "score"}
    where = {kind: col for col, (kind, _item) in mapping.items() if kind != "score"}
    labels = _rater_labels()
    merged = _merged_values(data)
    rater = next((r for row in data.rows[:header - 1] if (r := _rater_in(row, labels))), "")
    rows: list[SheetRow] = []
    problems: list[tuple[int, str]] = []
    for line in range(header + 1, len(data.rows) + 1):
        raw = data.rows[line - 1]

        def value(col: int) -> Any:
            if (line, col + 1) in merged:
                return merged[(line, col + 1)]
            return raw[col] if col < len(raw) else None

        if not any(v is not None and v != "" for v in raw):
            continue
        name = cells.text(value(where["name"]))
        first = next((t for v in raw if (t := cells.text(v))), "")
        signed = _rater_in(raw, labels)
        if signed is not None or _FOOTER.match(name) or _FOOTER.match(first):
            rater = rater or signed or ""  # a 评价人 line under the table
            continue
        values = {item: _cell_text(value(col)) for col, (kind, item) in mapping.items() if kind == "score"}
        for col, (kind, item) in mapping.items():
            if kind == "score" and (line, col + 1) in data.formulas_without_value:
                problems.append((line, _("{column}: a formula without a saved result; open the file in "
                                         "Excel or WPS and save it again").format(column=columns[item])))
        if not name:
            if any(values.values()):
                problems.append((line, _("scores but no name")))
            continue
        id_number = ""
        if "id_number" in where:
            try:
                id_number = cells.id_number(value(where["id_number"]))
            except cells.CellProblem as error:
                problems.append((line, _("{column}: {message}").format(column=captions[where["id_number"]],
                                                                       message=error)))
        department = cells.text(value(where["department"])) if "department" in where else ""
        rows.append(SheetRow(line, name, department, id_number, values))
    return ScoreSheet(rater, tuple(rows), tuple(problems), columns)
