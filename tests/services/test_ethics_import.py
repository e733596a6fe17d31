"""Importing raters' 师德考核 score sheets: matching rows to the period's teachers, checking every
score, writing all of a sheet or nothing, and a second sheet of the same rater replacing the first."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from openpyxl import load_workbook
from sqlalchemy import func, select

from djdesk.domain.errors import UserError
from djdesk.domain.ethics import WHOLE, Item, Scheme, default_scheme
from djdesk.domain.people import Post
from djdesk.i18n import _
from djdesk.services import ethics, members
from djdesk.services.ethics_import import apply_sheet, preview_sheet
from djdesk.sheets.ethics import ScoreSheet, SheetRow, read_score_sheet, write_score_template
from djdesk.store.database import Database
from djdesk.store.models import EthicsScore
from tests.conftest import TODAY
from tests.factories import draft

TEACHERS = (("丁一", "语文组"), ("王芳", "数学组"), ("张伟", "语文组"), ("张伟", "数学组"))
BY_ITEM = dataclasses.replace(default_scheme(), by_item=True,
                              items=(Item("爱国守法", 30), Item("关爱学生", 40), Item("为人师表", 30)))


@pytest.fixture
def school(db: Database) -> dict[str, Any]:
    return make_school(db, default_scheme())


def make_school(db: Database, scheme: Scheme) -> dict[str, Any]:
    """A period of four teachers (two called 张伟) and a teacher left out of it."""
    drafts = [draft(name=name, department=dept, post=Post.TEACHER) for name, dept in TEACHERS]
    outside = draft(name="钱七", department="英语组", post=Post.TEACHER)
    with db.transaction() as session:
        ids = [members.add(session, d, today=TODAY).id for d in drafts]
        period = ethics.open_period(session, ethics.PeriodDraft(
            "2025-2026学年", dt.date(2025, 9, 1), dt.date(2026, 8, 31), scheme))
        members.add(session, outside, today=TODAY)  # added after the period was opened: not in it
    return {"period": period, "ids": ids, "numbers": [d.id_number for d in drafts],
            "outside": outside.id_number}


def sheet(*rows: tuple[Any, ...], rater: str = "") -> ScoreSheet:
    """A read sheet: rows of (name, department, id_number, values), from Excel row 4 on."""
    return ScoreSheet(rater, tuple(SheetRow(line, name, dept, number, values)
                                   for line, (name, dept, number, values) in enumerate(rows, start=4)), ())


def spaced(number: str) -> str:
    return f"{number[:6]} {number[6:14]} {number[14:]}"


def whole(text: str) -> dict[int, str]:
    return {WHOLE: text}


def preview(db: Database, school: dict[str, Any], read: ScoreSheet, category: int = 1):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return preview_sheet(session, school["period"], category, read)


def stored(db: Database) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(EthicsScore)) or 0


def fill(template: Path, target: Path, rater: str, scores: dict[str, Any]) -> Path:
    """The template as a rater fills it in Excel: a name after 评价人, a score per teacher."""
    book = load_workbook(template)
    ws = book.worksheets[0]
    ws["C2"] = rater
    for row in ws.iter_rows(min_row=5):
        key = f"{row[1].value}/{row[2].value}"
        if key in scores:
            row[3].value = scores[key]
    book.save(target)
    return target


def test_template_round_trip_gives_the_mean_of_two_raters(db: Database, school: dict[str, Any],
                                                          tmp_path: Path) -> None:
    with db.transaction() as session:
        view = ethics.period_view(session, school["period"], TODAY)
    template = tmp_path / "同事互评.xlsx"
    write_score_template(view, 1, template)
    first = fill(template, tmp_path / "a.xlsx", "李老师", {"丁一/语文组": 90, "王芳/数学组": "８５.５",
                                                           "张伟/语文组": 70, "张伟/数学组": 60})
    second = fill(template, tmp_path / "b.xlsx", "赵老师", {"丁一/语文组": 95, "王芳/数学组": 80})
    for path in (first, second):
        read = read_score_sheet(path, view.scheme)
        result = preview(db, school, read)
        assert result.ok and result.errors == ()
        with db.transaction() as session:
            apply_sheet(session, school["period"], 1, read.rater, result)
    assert result.skipped == 2 and result.not_on_sheet == ("张伟", "张伟")
    with db.transaction() as session:
        rows = {(r.name, r.department): r for r in ethics.period_view(session, school["period"], TODAY).rows}
    assert rows[("丁一", "语文组")].scores[1] == Decimal("92.50")
    assert rows[("王芳", "数学组")].scores[1] == Decimal("82.75")
    assert rows[("张伟", "数学组")].scores[1] == Decimal(60)
    assert rows[("丁一", "语文组")].raters[1] == 2 and rows[("丁一", "语文组")].imported[1]
    assert rows[("丁一", "语文组")].scores[0] is None

    # The same rater's corrected sheet replaces that rater's scores, not the other's.
    again = fill(template, tmp_path / "a2.xlsx", "李老师", {"丁一/语文组": 100})
    read = read_score_sheet(again, view.scheme)
    with db.transaction() as session:
        assert apply_sheet(session, school["period"], 1, read.rater, preview(db, school, read)) == 1
        rows = {(r.name, r.department): r for r in ethics.period_view(session, school["period"], TODAY).rows}
    assert rows[("丁一", "语文组")].scores[1] == Decimal("97.50")
    assert rows[("丁一", "语文组")].raters[1] == 2


def test_a_name_shared_by_two_teachers_needs_the_group_or_the_id_number(db: Database,
                                                                      school: dict[str, Any]) -> None:
    result = preview(db, school, sheet(("张伟", "", "", whole("88")), ("张伟", "英语组", "", whole("80"))))
    message = _("{count} teachers are called {name} ({groups}): fill in the teaching group or the ID number").format(
        count=2, name="张伟", groups="语文组、数学组")
    assert result.errors == ((4, message), (5, message))
    assert not result.ok and result.rows == ()


def test_rows_are_matched_by_id_number_then_name_and_group_then_name(db: Database, school: dict[str, Any]) -> None:
    ding, wang, zhang_chinese, zhang_maths = school["ids"]
    result = preview(db, school, sheet(
        ("张伟", "", school["numbers"][3], whole("81")),
        ("张 伟", "语文组", "", whole("82")),
        ("王芳", "体育组", "", whole("83")),  # the only 王芳: a stale group does not matter
        ("丁一", "", spaced(school["numbers"][0]), whole("84")),
    ))
    assert result.ok
    assert [(r.person_id, r.department, r.values) for r in result.rows] == [
        (zhang_maths, "数学组", {WHOLE: Decimal(81)}), (zhang_chinese, "语文组", {WHOLE: Decimal(82)}),
        (wang, "数学组", {WHOLE: Decimal(83)}), (ding, "语文组", {WHOLE: Decimal(84)})]


def test_unknown_people_numbers_and_repeated_rows_are_errors(db: Database, school: dict[str, Any]) -> None:
    result = preview(db, school, sheet(
        ("孙八", "", "", whole("90")),
        ("钱七", "", school["outside"], whole("90")),
        ("丁一", "", "110101199001011234", whole("90")),
        ("王芳", "", school["numbers"][0], whole("90")),
        ("王芳", "数学组", "", whole("90")),
        ("王芳", "数学组", "", whole("91")),
        ("丁一", "语文组", "", whole("")),
    ))
    lines = dict(result.errors)
    assert set(lines) == {4, 5, 6, 7, 9}
    assert "孙八" in lines[4]
    assert "钱七" in lines[5]
    assert "110101199001011234" in lines[6]
    assert "丁一" in lines[7] and "王芳" in lines[7]
    assert lines[9] == _("{name} is already on row {line}").format(name="王芳", line=8)
    assert result.skipped == 1 and len(result.rows) == 1


@pytest.mark.parametrize("typed, expected", [
    ("101", "at most {maximum} points"), ("-1", "a score is not negative"), ("abc", "“{text}” is not a number"),
    ("88.125", "at most two decimal places")])
def test_a_bad_score_is_a_row_error_naming_the_column(db: Database, school: dict[str, Any], typed: str,
                                                      expected: str) -> None:
    read = dataclasses.replace(sheet(("丁一", "", "", whole("90")), ("王芳", "", "", whole(typed))),
                               columns={WHOLE: "得分（满分100）"})
    result = preview(db, school, read)
    assert len(result.errors) == 1
    line, message = result.errors[0]
    assert line == 5 and message == _("{column}: {message}").format(
        column="得分（满分100）", message=_(expected).format(maximum=100, text=typed))
    with db.transaction() as session, pytest.raises(UserError):
        apply_sheet(session, school["period"], 1, "李老师", result)
    assert stored(db) == 0  # all or nothing: the good row was not written either


def test_by_item_sheets_sum_the_items_and_need_every_one(db: Database, tmp_path: Path) -> None:
    school = make_school(db, BY_ITEM)
    with db.transaction() as session:
        view = ethics.period_view(session, school["period"], TODAY)
    template = tmp_path / "自评.xlsx"
    write_score_template(view, 0, template)
    book = load_workbook(template)
    ws = book.worksheets[0]
    ws["C2"] = "本人"
    for row, values in zip(ws.iter_rows(min_row=5), ([28, 38, 29], ["29.5", None, 30], [31, 40, 30], [])):
        for cell, value in zip(row[3:], values):
            cell.value = value
    book.save(template)
    read = read_score_sheet(template, BY_ITEM)
    result = preview(db, school, read, category=0)
    caption = _("{item} ({points} points)").format(item="关爱学生", points=40)
    assert dict(result.errors) == {
        6: _("{columns}: no score; every item needs one").format(columns=caption),  # 王芳
        7: _("{column}: {message}").format(column=_("{item} ({points} points)").format(item="爱国守法", points=30),
                                           message=_("at most {maximum} points").format(maximum=30))}
    assert result.skipped == 1

    fixed = dataclasses.replace(read, rows=(read.rows[0],))
    with db.transaction() as session:
        ok = preview_sheet(session, school["period"], 0, fixed)
        assert ok.rows[0].values == {0: Decimal(28), 1: Decimal(38), 2: Decimal(29)}
        assert apply_sheet(session, school["period"], 0, read.rater, ok) == 3
        result_row = ethics.period_view(session, school["period"], TODAY).rows[0]
    assert result_row.name == "丁一" and result_row.scores[0] == Decimal(95)
    assert result_row.item_scores[0] == (Decimal(28), Decimal(38), Decimal(29))


def test_problems_found_reading_the_sheet_stop_the_import(db: Database, school: dict[str, Any],
                                                          tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet()
    for number, row in enumerate([["姓名", "身份证号", "得分"], ["丁一", 110101199001011234, 90],
                                  ["王芳", None, 90]]):
        ws.write_row(number, 0, row)
    book.close()
    result = preview(db, school, read_score_sheet(path, default_scheme()))
    assert [line for line, _message in result.errors] == [2]
    assert "身份证号" in result.errors[0][1]
    assert not result.ok


def test_apply_refuses_an_empty_sheet_and_a_closed_period(db: Database, school: dict[str, Any]) -> None:
    empty = preview(db, school, sheet(("丁一", "", "", whole(""))))
    assert empty.errors == () and not empty.ok
    with db.transaction() as session, pytest.raises(UserError):
        apply_sheet(session, school["period"], 1, "李老师", empty)
    with db.transaction() as session:
        for pid in school["ids"]:
            for category in range(4):
                ethics.set_score(session, school["period"], pid, category, Decimal(80))
        ethics.close_period(session, school["period"], TODAY)
    with pytest.raises(UserError):
        preview(db, school, sheet(("丁一", "", "", whole("90"))))
