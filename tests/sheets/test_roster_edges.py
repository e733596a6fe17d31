"""Sheets as other programs and people write them: each read right, or refused with a reason."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from djdesk.domain.dates import PartialDate
from djdesk.domain.people import LeftReason, PoliticalStatus, Post
from djdesk.sheets import roster, workbook
from tests.sheets.messy import number

TODAY = dt.date(2026, 6, 15)
ID_1 = number(dt.date(1985, 3, 12), 11)
ID_2 = number(dt.date(1990, 7, 4), 23)


def save(path: Path, rows: list[list[object]], edit=None) -> Path:  # type: ignore[no-untyped-def]
    book = Workbook()
    for row in rows:
        book.active.append(row)
    if edit:
        edit(book.active)
    book.save(path)
    return path


def parse(path: Path) -> roster.ParsedRoster:
    sheet = workbook.read_sheet(path)
    header = roster.find_header(sheet)
    return roster.parse(sheet, header, roster.auto_mapping(roster.headers_of(sheet, header)), TODAY)


def rewrite_sheet_xml(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Rewrite xl/worksheets/sheet1.xml inside the workbook, as another program might write it."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = change(parts["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)


def test_a_wrong_dimension_does_not_cut_the_sheet(tmp_path: Path) -> None:
    path = save(tmp_path / "dim.xlsx", [["姓名", "身份证号", "性别"], ["甲", ID_1, "男"], ["乙", ID_2, "男"],
                                         ["丙", None, "女"]])
    rewrite_sheet_xml(path, lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"', xml))
    assert [r.values["name"] for r in parse(path).rows] == ["甲", "乙", "丙"]


def test_namespace_prefixed_xml_keeps_days_merges_and_formulas(tmp_path: Path) -> None:
    def edit(sheet):  # type: ignore[no-untyped-def]
        sheet["C2"].number_format = "yyyy-mm-dd"
        sheet["C3"].number_format = "yyyy.mm"
        sheet.merge_cells("D2:D3")
    path = save(tmp_path / "ns.xlsx", [["姓名", "身份证号", "入党时间", "所在党支部"],
                                       ["甲", ID_1, dt.datetime(2010, 6, 28), "第一党支部"],
                                       ["乙", ID_2, dt.datetime(2015, 7, 1), None]], edit)

    def prefix(xml: bytes) -> bytes:
        xml = xml.replace(b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
                          b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"')
        return re.sub(rb"<(/?)([A-Za-z]+)([ >/])", rb"<\1x:\2\3", xml)

    rewrite_sheet_xml(path, prefix)
    parsed = parse(path)
    assert parsed.rows[0].values["joined_on"] == PartialDate(2010, 6, 28)  # the day is kept
    assert parsed.rows[1].values["joined_on"] == PartialDate(2015, 7)  # yyyy.mm: month only
    assert "合并单元格" in str(parsed.rows[1].problems[0])


def test_hidden_rows_are_left_out_and_said_hidden_columns_are_read(tmp_path: Path) -> None:
    def edit(sheet):  # type: ignore[no-untyped-def]
        sheet.row_dimensions[3].hidden = True
        sheet.column_dimensions["C"].hidden = True
    parsed = parse(save(tmp_path / "hidden.xlsx", [["姓名", "身份证号", "手机"], ["甲", ID_1, "13900000001"],
                                                   ["李四(已调出)", ID_2, "13900000002"]], edit))
    assert [r.values["name"] for r in parsed.rows] == ["甲"]
    assert parsed.rows[0].values["phone"] == "13900000001"
    assert "表中被隐藏的行（被筛选掉或手动隐藏）不导入：第 3 行。" in parsed.notes
    assert "表中被隐藏的列照常导入：手机。" in parsed.notes


def test_excel_error_values_are_problems(tmp_path: Path) -> None:
    def edit(sheet):  # type: ignore[no-untyped-def]
        sheet["C2"].value = "#N/A"
        sheet["C2"].data_type = "e"
    parsed = parse(save(tmp_path / "err.xlsx", [["姓名", "身份证号", "所在党支部"], ["甲", ID_1, None]], edit))
    assert [str(p) for p in parsed.rows[0].problems] == [
        "第2行 所在党支部：是 Excel 的错误值 #N/A（由公式得到），请填入实际内容"]


def test_footer_lines_are_skipped_but_a_person_without_a_name_is_not(tmp_path: Path) -> None:
    parsed = parse(save(tmp_path / "footer.xlsx", [
        ["姓名", "身份证号", "党内职务"], [None, ID_1, "党小组负责人"], [], ["填报人：李四", None, "审核人：王五"]]))
    assert [r.excel_row for r in parsed.rows] == [2]
    assert "name" not in parsed.rows[0].values


def test_a_second_header_row_under_a_merged_group_header(tmp_path: Path) -> None:
    def edit(sheet):  # type: ignore[no-untyped-def]
        sheet.merge_cells("C1:D1")
    parsed = parse(save(tmp_path / "two.xlsx", [
        ["姓名", "身份证号", "党籍信息", None], [None, None, "入党时间", "转正时间"],
        ["甲", ID_1, "2010.06", "2011.06"]], edit))
    assert parsed.mapping == ("name", "id_number", "joined_on", "full_on")
    assert [r.excel_row for r in parsed.rows] == [3]
    assert parsed.rows[0].values["political_status"] is PoliticalStatus.CPC_MEMBER  # inferred, said
    assert any("政治面貌" in n for n in parsed.notes)


def test_placeholders_mean_none_and_invisible_characters_are_dropped(tmp_path: Path) -> None:
    parsed = parse(save(tmp_path / "ph.xlsx", [
        ["姓名", "身份证号", "所在党支部", "入党时间", "学位"],
        ["甲", "'" + ID_1 + "\u200b", "/", "—", "无"]]))
    row = parsed.rows[0]
    assert row.problems == () and row.values["id_number"] == ID_1
    assert "branch" not in row.values and "joined_on" not in row.values
    assert row.values["degree"] == "无"  # a real value for a degree


def test_a_stray_cell_far_to_the_right_is_not_a_column(tmp_path: Path) -> None:
    def edit(sheet):  # type: ignore[no-untyped-def]
        sheet.cell(row=2, column=16_000).value = "x"
    parsed = parse(save(tmp_path / "wide.xlsx", [["姓名", "身份证号"], ["甲", ID_1]], edit))
    assert len(parsed.headers) == 2


def test_more_headers_and_posts_as_offices_write_them(tmp_path: Path) -> None:
    parsed = parse(save(tmp_path / "h.xlsx", [
        ["姓名", "公民身份证号", "入党年月", "转正年月", "工作岗位", "政治面貌"],
        ["甲", ID_1, "2010.06", "2011.06", "专业技术人员", "共产党员"],
        ["乙", ID_2, None, None, "保洁员", "群众"]]))
    assert parsed.mapping == ("name", "id_number", "joined_on", "full_on", "post", "political_status")
    first, second = parsed.rows
    assert first.values["post"] is Post.TEACHER and first.values["political_status"] is PoliticalStatus.CPC_MEMBER
    assert [str(p) for p in second.problems] == [
        "第3行 工作岗位：“保洁员”不是以下之一：教师、教辅、行政、工勤、离退休、其他"]


def test_the_leaving_columns_are_read(tmp_path: Path) -> None:
    parsed = parse(save(tmp_path / "left.xlsx", [
        ["姓名", "身份证号", "离开日期", "离开原因", "离开说明"], ["甲", ID_1, "2025.03.21", "转出", "中共某校支部委员会"]]))
    values = parsed.rows[0].values
    assert values["left_on"] == PartialDate(2025, 3, 21) and values["left_reason"] is LeftReason.TRANSFERRED_OUT


def test_a_workbook_with_another_name_is_read_and_a_web_page_is_refused(tmp_path: Path) -> None:
    path = save(tmp_path / "real.xlsx", [["姓名", "身份证号"], ["甲", ID_1]])
    for other in ("export.xls", "export"):
        (tmp_path / other).write_bytes(path.read_bytes())
        assert [r.values["name"] for r in parse(tmp_path / other).rows] == ["甲"]
    (tmp_path / "web.xls").write_text("<html><body><table><tr><td>姓名</td></tr></table>", encoding="utf-8")
    with pytest.raises(workbook.SheetError) as caught:
        workbook.read_sheet(tmp_path / "web.xls")
    assert caught.value.message.startswith("web.xls 是以 Excel 文件名保存的网页表格")
