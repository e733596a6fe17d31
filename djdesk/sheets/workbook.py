"""Reading an .xlsx sheet for import, refusing what is not one with a message that says why."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from djdesk.domain.errors import UserError
from djdesk.i18n import _

MAX_BYTES = 15 * 1024 * 1024
MAX_ROWS = 20_000  # a school's roster has hundreds; more means the wrong file or sheet
MAX_COLUMNS = 200  # a roster has dozens; a stray cell far to the right is not a column
TRAILING_EMPTY_ROWS = 1_000  # formatting often runs far below the data: stop reading there
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003, or an encrypted .xlsx
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
# Element names may carry a namespace prefix (<x:c>, as some .NET writers produce).
_NS = rb"<(?:[A-Za-z_][\w.-]*:)?"
_MERGE = re.compile(_NS + rb'mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_CELL = re.compile(_NS + rb"c ([^>]*)>")
_ROW = re.compile(_NS + rb"row ([^>]*)>")
_COL = re.compile(_NS + rb"col ([^>]*)/?>")
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_CELL_COLUMN = re.compile(_NS + rb'c r="([A-Z]+)\d+"')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_STYLE = re.compile(rb'\bs="(\d+)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_SPAN = re.compile(rb'\bmin="(\d+)"[^>]*\bmax="(\d+)"')
_FORMULA = re.compile(_NS + rb"f[ >/]")
ERROR_VALUES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")


class SheetError(UserError):
    """The file or sheet cannot be read as a roster; nothing was imported."""


@dataclass
class SheetData:
    """A sheet's values by row (index 0 is Excel row 1) and what the values alone do not tell."""

    name: str
    rows: list[tuple[Any, ...]]
    month_only: set[tuple[int, int]] = field(default_factory=set)  # (row, col), 1-based
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # rows and cols, 1-based
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)


def column_number(letters: bytes | str) -> int:
    number = 0
    for char in letters if isinstance(letters, str) else letters.decode("ascii"):
        number = number * 26 + ord(char) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise SheetError(_("{path} does not exist or is not a file.").format(path=path))
    size = path.stat().st_size
    if size == 0:
        raise SheetError(_("{name} is empty (0 bytes).").format(name=path.name))
    if size > MAX_BYTES:
        raise SheetError(_(
            "{name} is {size:.1f} MB, more than the {limit} MB a roster import reads. If the "
            "workbook holds pictures or many sheets, copy the roster sheet into a new workbook."
        ).format(name=path.name, size=size / 1024 / 1024, limit=MAX_BYTES // 1024 // 1024))
    with open(path, "rb") as handle:
        head = handle.read(8)
        if head.startswith(_ZIP):
            return
        handle.seek(0)
        start = handle.read(2048).lower()
        if b"<html" in start or b"<table" in start or b"<!doctype" in start:
            raise SheetError(_(
                "{name} is a web page table saved with an Excel name, not a workbook. Open it in "
                "Excel or WPS and use 另存为 to save it as an Excel workbook (.xlsx)."
            ).format(name=path.name))
        if head == _OLE:
            handle.seek(0)
            if _ENCRYPTED in handle.read():
                raise SheetError(_(
                    "{name} is protected with a password. Open it in Excel or WPS, remove the "
                    "password (文件 → 信息 → 保护工作簿) and save it again as .xlsx."
                ).format(name=path.name))
            raise SheetError(_(
                "{name} is in the old Excel 97-2003 format (.xls). Open it in Excel or WPS and "
                "use 另存为 to save it as an Excel workbook (.xlsx)."
            ).format(name=path.name))
    raise SheetError(_("{name} is not an Excel workbook (.xlsx).").format(name=path.name))


def _open(path: Path, *, values: bool) -> Any:
    from zipfile import BadZipFile, ZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _check_file(path)
    try:
        # The bytes, not the name: web systems often send a workbook named .xls or with no
        # extension, which openpyxl refuses by name although the content is fine. (In memory,
        # as the size limit allows: no handle is left to lock the file on Windows.)
        return load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=values)
    except (KeyError, InvalidFileException, BadZipFile, OSError, ValueError) as error:
        try:
            with ZipFile(path) as archive:
                if "word/document.xml" in archive.namelist():
                    raise SheetError(_(
                        "{name} is a Word document (.docx) with another name, not an Excel workbook."
                    ).format(name=path.name)) from error
        except BadZipFile:
            pass
        raise SheetError(_(
            "{name} cannot be read as an Excel workbook (.xlsx): it may be damaged or another "
            "kind of file renamed."
        ).format(name=path.name)) from error


def sheet_names(path: Path) -> list[str]:
    workbook = _open(path, values=True)
    try:
        return [sheet.title for sheet in workbook.worksheets]
    finally:
        workbook.close()


def _sheet_xml(sheet: Any) -> bytes:
    # openpyxl's read-only sheets do not parse <mergeCells>; the sheet's own XML has them.
    with sheet._get_source() as source:
        return source.read()


def read_sheet(path: Path, name: str | None = None) -> SheetData:
    """The sheet `name` (default: the first) as values, month-only dates, merges, formulas."""
    from datetime import datetime

    workbook = _open(path, values=True)
    try:
        names = [s.title for s in workbook.worksheets]
        if name is not None and name not in names:
            raise SheetError(_("The workbook has no sheet named “{sheet}”; it has {sheets}.").format(
                sheet=name, sheets="、".join(names)))
        sheet = workbook[name] if name is not None else workbook.worksheets[0]
        data = SheetData(name=sheet.title, rows=[])
        empty_run = filled = 0
        dates: list[tuple[int, int]] = []
        xml = _sheet_xml(sheet)
        # The sheet's real extent, from its cells: the <dimension> a file declares may be wrong
        # (some generators write A1:C2 for a bigger sheet) and openpyxl would read only that.
        max_row, max_col = _extent(xml)
        # Plain values: cell objects cost a third more, and only date cells need their format.
        rows = sheet.iter_rows(values_only=True, max_row=max_row, max_col=max_col)
        for number, values in enumerate(rows, start=1):
            if not any(v is not None and v != "" for v in values):
                empty_run += 1
                if empty_run >= TRAILING_EMPTY_ROWS and data.rows:
                    break
                data.rows.append(())
                continue
            empty_run = 0
            filled += 1
            if filled > MAX_ROWS:
                raise SheetError(_(
                    "The sheet “{sheet}” has more than {limit} rows of data: a school's roster "
                    "has far fewer. Check that this is the right sheet."
                ).format(sheet=sheet.title, limit=MAX_ROWS))
            data.rows.append(values)
            dates.extend((number, col) for col, v in enumerate(values, start=1) if isinstance(v, datetime))
        while data.rows and data.rows[-1] == ():
            data.rows.pop()
        if not data.rows:
            raise SheetError(_("The sheet “{sheet}” is empty.").format(sheet=sheet.title))
        if dates:
            # A date cell formatted without a day (yyyy.mm) is a month-only date. A cell whose
            # style cannot be found counts as a full date: never drop a day that may be there.
            formats = _number_formats(workbook)
            styles = _cell_styles(xml)
            data.month_only = {
                cell for cell in dates
                if cell in styles and "d" not in formats.get(styles[cell], "d").lower()
            }
        data.hidden_rows, data.hidden_columns = _hidden(xml)
        data.merged = [
            (int(r1), column_number(c1), int(r2), column_number(c2))
            for c1, r1, c2, r2 in _MERGE.findall(xml)
        ]
        has_formulas = bool(_FORMULA.search(xml))
    finally:
        workbook.close()
    if has_formulas:
        data.formulas_without_value = _formulas_without_value(path, data)
    return data


def _extent(xml: bytes) -> tuple[int | None, int | None]:
    """(last row, last column) of the cells in a sheet's XML; None where the writer left out
    the cell references (then openpyxl works it out itself)."""
    rows = _ROW_NUMBER.findall(b" ".join(_ROW.findall(xml)[-1:])) if xml else []
    letters = set(_CELL_COLUMN.findall(xml))
    if not rows or not letters:
        return None, None
    return int(rows[-1]), min(max(column_number(c) for c in letters), MAX_COLUMNS)


def _hidden(xml: bytes) -> tuple[set[int], set[int]]:
    """Rows and columns hidden in Excel (a filter, or hidden by hand)."""
    rows = set()
    for attributes in _ROW.findall(xml):
        number = _ROW_NUMBER.search(attributes)
        if number and _HIDDEN.search(attributes):
            rows.add(int(number.group(1)))
    columns = set()
    for attributes in _COL.findall(xml):
        span = _SPAN.search(attributes)
        if span and _HIDDEN.search(attributes):
            columns.update(range(int(span.group(1)), int(span.group(2)) + 1))
    return rows, columns


def _cell_styles(xml: bytes) -> dict[tuple[int, int], int]:
    """(row, col) -> style index, for the cells that have one."""
    found = {}
    for attributes in _CELL.findall(xml):
        ref, style = _REF.search(attributes), _STYLE.search(attributes)
        if ref and style:
            found[(int(ref.group(2)), column_number(ref.group(1)))] = int(style.group(1))
    return found


def _number_formats(workbook: Any) -> dict[int, str]:
    """Style index -> number format code, as openpyxl's ReadOnlyCell.number_format finds it
    (the same two tables; kept in this one place because they are openpyxl's internals)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    formats = {}
    for index, style in enumerate(workbook._cell_styles):
        code = style.numFmtId
        if code < BUILTIN_FORMATS_MAX_SIZE:
            formats[index] = BUILTIN_FORMATS.get(code, "General")
        else:
            formats[index] = workbook._number_formats[code - BUILTIN_FORMATS_MAX_SIZE]
    return formats


def _formulas_without_value(path: Path, data: SheetData) -> set[tuple[int, int]]:
    """Formula cells with no saved result (files written by programs that do not calculate):
    their value reads as empty, which would silently import as a blank."""
    workbook = _open(path, values=False)
    found = set()
    try:
        sheet = workbook[data.name]
        for number, cells in enumerate(sheet.iter_rows(max_row=len(data.rows)), start=1):
            for col, cell in enumerate(cells, start=1):
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    row = data.rows[number - 1]
                    if col > len(row) or row[col - 1] is None:
                        found.add((number, col))
    finally:
        workbook.close()
    return found
