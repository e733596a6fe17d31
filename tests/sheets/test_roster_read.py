"""Reading a messy roster sheet: every form of date, the Excel traps, and each bad row named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from djdesk.domain.dates import PartialDate
from djdesk.domain.people import PoliticalStatus, Post, Sex
from djdesk.sheets import roster, workbook
from tests.sheets import messy

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> roster.ParsedRoster:
    path = messy.build(tmp_path_factory.mktemp("sheets") / "messy.xlsx")
    sheet = workbook.read_sheet(path)
    header = roster.find_header(sheet)
    return roster.parse(sheet, header, roster.auto_mapping(roster.headers_of(sheet, header)), TODAY)


def row(parsed: roster.ParsedRoster, number: int) -> roster.RosterRow:
    return next(r for r in parsed.rows if r.excel_row == number)


def test_the_header_is_found_below_the_title_rows(parsed: roster.ParsedRoster) -> None:
    assert parsed.header_row == 4
    assert parsed.mapping[:6] == (None, "name", "sex", "ethnicity", "birth_date", "id_number")
    assert parsed.mapping[10:13] == ("branch", "group", "political_status")


def test_blank_and_footer_rows_are_skipped(parsed: roster.ParsedRoster) -> None:
    assert [r.excel_row for r in parsed.rows] == [5, 6, 7, 8, 10, 11, *range(12, 24)]


def test_every_date_form(parsed: roster.ParsedRoster) -> None:
    assert row(parsed, 5).values["birth_date"] == PartialDate(1985, 3, 12)  # an Excel date
    assert row(parsed, 5).values["applied_on"] == PartialDate(2008, 3)  # 2008.03 keeps its month
    assert row(parsed, 5).values["joined_on"] == PartialDate(2010, 6, 28)  # 2010.6.28
    assert row(parsed, 5).values["full_on"] == PartialDate(2011, 6, 28)  # 2011年6月28日
    assert row(parsed, 6).values["birth_date"] == PartialDate(1990, 7)  # "1990.7"
    assert row(parsed, 7).values["birth_date"] == PartialDate(1979, 10)  # the number 197910
    assert row(parsed, 7).values["applied_on"] == PartialDate(2001, 3, 12)  # 2001/3/12
    assert row(parsed, 7).values["joined_on"] == PartialDate(2002, 9, 1)  # 2002-09-01
    assert row(parsed, 7).values["full_on"] == PartialDate(2003, 9, 1)  # the number 20030901
    assert row(parsed, 8).values["birth_date"] == PartialDate(1968, 1)  # the number 1968.01
    assert row(parsed, 8).values["joined_on"] == PartialDate(1994, 10)  # the number 1994.1: October
    assert row(parsed, 10).values["birth_date"] == PartialDate(1995, 12, 5)  # 1995年12月5日


def test_id_numbers_full_width_lower_case_and_old(parsed: roster.ParsedRoster) -> None:
    assert row(parsed, 6).values["id_number"] == messy.ID_B  # full-width digits folded
    assert row(parsed, 7).values["id_number"] == messy.ID_C.lower()  # stored upper-cased by the rules
    assert row(parsed, 11).values["id_number"] == messy.OLD_15  # 15 digits survive as a number


def test_choices_by_their_office_names(parsed: roster.ParsedRoster) -> None:
    assert row(parsed, 5).values["sex"] is Sex.MALE
    assert row(parsed, 5).values["post"] is Post.TEACHER  # 专任教师
    assert row(parsed, 7).values["political_status"] is PoliticalStatus.CPC_MEMBER  # 正式党员
    assert row(parsed, 8).values["post"] is Post.RETIRED
    assert row(parsed, 10).values["political_status"] is PoliticalStatus.CAPD  # 民进
    assert row(parsed, 5).values["phone"] == "13931012345"  # a number, as text


def test_cell_problems_are_named_by_row_and_the_sheets_header(parsed: roster.ParsedRoster) -> None:
    found = {r.excel_row: [str(p) for p in r.problems] for r in parsed.rows if r.problems}
    expected_here = {13, 18, 19, 20, 21, 22, 23}  # the rest are found by the rules, in the plan
    assert set(found) == expected_here
    for number in expected_here:
        assert found[number] == messy.EXPECTED_PROBLEMS[number], number


def test_columns_not_imported_are_listed(parsed: roster.ParsedRoster) -> None:
    assert any("序号" in note for note in parsed.notes)


def test_no_name_column_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["编号", "名称"])
    book.active.append([1, "张三"])
    book.save(tmp_path / "no-name.xlsx")
    sheet = workbook.read_sheet(tmp_path / "no-name.xlsx")
    with pytest.raises(workbook.SheetError) as caught:
        roster.find_header(sheet)
    assert "前 10 行" in caught.value.message and "姓名" in caught.value.message
