"""Files that are not a readable roster are refused with a message saying why and what to do."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from djdesk.sheets import workbook
from djdesk.sheets.workbook import SheetError

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def refused(path: Path, sheet: str | None = None) -> str:
    with pytest.raises(SheetError) as caught:
        workbook.read_sheet(path, sheet)
    return caught.value.message


def test_zero_byte_file(tmp_path: Path) -> None:
    (tmp_path / "empty.xlsx").write_bytes(b"")
    assert refused(tmp_path / "empty.xlsx") == "empty.xlsx 是空文件（0 字节）。"


def test_old_xls_format(tmp_path: Path) -> None:
    (tmp_path / "old.xls").write_bytes(OLE + b"\x00" * 4096)
    assert refused(tmp_path / "old.xls").startswith("old.xls 是旧的 Excel 97-2003 格式（.xls）")


def test_password_protected_workbook(tmp_path: Path) -> None:
    # An encrypted .xlsx is an OLE container with an EncryptionInfo stream.
    (tmp_path / "locked.xlsx").write_bytes(OLE + b"\x00" * 512 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512)
    assert refused(tmp_path / "locked.xlsx").startswith("locked.xlsx 设置了打开密码")


def test_renamed_word_document(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "minutes.xlsx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert refused(tmp_path / "minutes.xlsx") == "minutes.xlsx 是改了扩展名的 Word 文档（.docx），不是 Excel 工作簿。"


def test_some_other_file(tmp_path: Path) -> None:
    (tmp_path / "notes.xlsx").write_text("姓名,性别\n张三,男\n", encoding="utf-8")
    assert refused(tmp_path / "notes.xlsx") == "notes.xlsx 不是 Excel 工作簿（.xlsx）。"


def test_an_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    with open(path, "wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.seek(20 * 1024 * 1024)
        handle.write(b"\x00")
    assert refused(path).startswith("big.xlsx 有 20.0 MB，超过花名册导入的上限 15 MB")


def test_an_empty_sheet(tmp_path: Path) -> None:
    Workbook().save(tmp_path / "blank.xlsx")
    assert refused(tmp_path / "blank.xlsx") == "工作表“Sheet”是空的。"


def test_a_sheet_that_is_not_there(tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "花名册"
    book.active.append(["姓名"])
    book.save(tmp_path / "one.xlsx")
    assert refused(tmp_path / "one.xlsx", "党员") == "工作簿中没有名为“党员”的工作表；现有：花名册。"
    assert workbook.sheet_names(tmp_path / "one.xlsx") == ["花名册"]


@pytest.mark.slow
def test_far_too_many_rows(tmp_path: Path) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    sheet.append(["姓名"])
    for n in range(workbook.MAX_ROWS + 1):
        sheet.append([f"人{n}"])
    book.save(tmp_path / "huge.xlsx")
    assert refused(tmp_path / "huge.xlsx").startswith("工作表“Sheet1”的数据超过 20000 行")


def test_formatting_far_below_the_data_is_not_read(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名"])
    sheet.append(["张三"])
    sheet.cell(row=50_000, column=1).number_format = "@"  # an empty, formatted cell far below
    book.save(tmp_path / "styled.xlsx")
    data = workbook.read_sheet(tmp_path / "styled.xlsx")
    assert len(data.rows) == 2


def test_month_only_dates_are_recognised_by_their_format(tmp_path: Path) -> None:
    import datetime as dt

    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "入党时间", "出生日期"])
    sheet.append(["张三", dt.datetime(2010, 6, 1), dt.datetime(1985, 3, 12)])
    sheet["B2"].number_format = "yyyy.mm"
    sheet["C2"].number_format = "yyyy-mm-dd"
    book.save(tmp_path / "months.xlsx")
    data = workbook.read_sheet(tmp_path / "months.xlsx")
    assert data.month_only == {(2, 2)}
