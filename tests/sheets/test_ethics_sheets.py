"""师德考核 sheets read back with openpyxl: the 汇总表 as computed, the raters' template, and reading
filled sheets (the template's and raters' own)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from openpyxl import load_workbook

from djdesk.domain.errors import UserError
from djdesk.domain.ethics import WHOLE, Item, Rater, Sanction, Scheme, default_scheme
from djdesk.domain.people import Post
from djdesk.i18n import _
from djdesk.services import ethics, ethics_records, members
from djdesk.sheets.ethics import read_score_sheet, write_score_template, write_summary_xlsx
from djdesk.store.database import Database
from tests.conftest import TODAY
from tests.factories import draft

TEACHERS = (("赵敏", "英语组"), ("丁一", "语文组"), ("刘洋", "语文组"), ("王芳", "数学组"))


def make_period(db: Database, scheme: Scheme | None = None,
                teachers: tuple[tuple[str, str], ...] = TEACHERS) -> tuple[int, dict[str, int]]:
    """A period of the given teachers (and nobody else), scored by `scheme`."""
    with db.transaction() as session:
        ids = {name: members.add(session, draft(name=name, department=department, post=Post.TEACHER),
                                 today=TODAY).id for name, department in teachers}
        period = ethics.open_period(session, ethics.PeriodDraft(
            "2025-2026学年", dt.date(2025, 9, 1), dt.date(2026, 8, 31), scheme or default_scheme()))
    return period, ids


def view_of(db: Database, period: int) -> ethics.PeriodView:
    with db.transaction() as session:
        return ethics.period_view(session, period, TODAY)


def values(path: Path) -> list[tuple[Any, ...]]:
    return list(load_workbook(path).worksheets[0].iter_rows(values_only=True))


# -- the summary ---------------------------------------------------------------------------
def test_summary_lists_every_teacher_in_stroke_order_with_numbers_and_grades(db: Database, tmp_path: Path) -> None:
    scheme = dataclasses.replace(default_scheme(), cap_percent=25)
    period, ids = make_period(db, scheme)
    scores = {"丁一": (95, 92, 96, 94), "王芳": ("93.5", 90, 98, 97), "刘洋": (80, 75, 70, 72), "赵敏": (88, 85, 91, 80)}
    with db.transaction() as session:
        for name, row in scores.items():
            for category, value in enumerate(row):
                ethics.set_score(session, period, ids[name], category, Decimal(str(value)))
        ethics.apply_cap(session, period, {ids["王芳"]})
        ethics_records.add_violation(session, ethics_records.ViolationDraft(
            ids["赵敏"], dt.date(2026, 3, 2), "有偿补课", sanction=Sanction.WARNING,
            decided_on=dt.date(2026, 3, 20)), today=TODAY)
    view = view_of(db, period)
    path = tmp_path / "汇总.xlsx"
    write_summary_xlsx(view, "测试中学", path)

    book = load_workbook(path)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == _("{school}{period} teacher ethics evaluation results").format(
        school="测试中学", period="2025-2026学年")
    raters = [_("{name} ({weight}%)").format(name=r.name, weight=r.weight) for r in view.scheme.raters]
    assert list(rows[2]) == [_("No."), _("Name"), _("Teaching group"), *raters, _("Total score"), _("Grade"),
                             _("One-vote veto"), _("New teacher training hours"), _("Remarks")]
    body = rows[3:7]
    assert [r[1] for r in body] == ["丁一", "王芳", "刘洋", "赵敏"]  # 2, 4, 6, 9 strokes
    assert [r[0] for r in body] == [1, 2, 3, 4]
    ding, wang, liu, zhao = body
    assert ding[2] == "语文组" and ding[3:8] == (95, 92, 96, 94, 94.1)
    assert isinstance(wang[3], float) and wang[3] == 93.5
    assert wang[7] == 94.85  # 9.35 + 27 + 29.4 + 29.1: 优秀, but over the cap of 1
    excellent, competent, failing = view.scheme.bands[0].name, view.scheme.bands[1].name, view.scheme.failing
    assert (ding[8], wang[8], liu[8], zhao[8]) == (excellent, competent, competent, failing)
    assert wang[11] == _("limited by the {top} quota").format(top=excellent)
    assert zhao[9] == "有偿补课" and "2026.09.20" in zhao[11]
    assert ding[9] is None and ding[11] is None
    assert sheet.freeze_panes == "C4"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    # One page wide (Excel's default width of 1 is left out of the file), as long as it takes.
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0

    summary = {r[1]: r[3:5] for r in rows[8:] if r[1]}
    assert summary[_("Teachers evaluated")][0] == 4
    assert summary[excellent][0] == 1 and summary[competent][0] == 2 and summary[failing][0] == 1
    assert summary[_("One-vote veto")][0] == 1
    share, cap = summary[_("Share of {top}").format(top=excellent)]
    assert share == pytest.approx(0.25)
    assert cap == _("cap {cap}%: at most {allowed}").format(cap=25, allowed=1)


def test_summary_of_a_period_without_scores(db: Database, tmp_path: Path) -> None:
    period, _ids = make_period(db)
    path = tmp_path / "out" / "汇总.xlsx"
    write_summary_xlsx(view_of(db, period), "测试中学", path)
    rows = values(path)
    assert [r[3:8] for r in rows[3:7]] == [(None,) * 5] * 4
    summary = {r[1]: r[3] for r in rows[8:] if r[1]}
    assert summary[_("Not yet graded")] == 4
    assert [p.name for p in path.parent.iterdir()] == ["汇总.xlsx"]  # no temporary file left


# -- the template ----------------------------------------------------------------------------
def test_template_has_a_rater_cell_and_an_unlocked_score_cell_per_teacher(db: Database, tmp_path: Path) -> None:
    scheme = dataclasses.replace(default_scheme(), raters=(Rater("自评", 10), Rater("学生/家长评价", 90)))
    period, _ids = make_period(db, scheme)
    view = view_of(db, period)
    path = tmp_path / "家长.xlsx"
    write_score_template(view, 1, path)
    book = load_workbook(path)
    assert book.sheetnames == ["学生、家长评价"]  # Excel refuses a / in a sheet's name
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert "2025-2026学年" in rows[0][0] and "学生/家长评价" in rows[0][0]
    assert rows[1][0] == _("Rater:") and rows[1][2] is None
    assert list(rows[3]) == [_("No."), _("Name"), _("Teaching group"), _("Score (out of 100)")]
    assert [r[:3] for r in rows[4:]] == [(1, "丁一", "语文组"), (2, "王芳", "数学组"), (3, "刘洋", "语文组"),
                                        (4, "赵敏", "英语组")]
    assert sheet.protection.sheet
    assert not sheet["D5"].protection.locked and not sheet["C2"].protection.locked
    assert sheet["B5"].protection.locked
    assert sheet["D5"].fill.fgColor.rgb.endswith("FFF2CC")

    read = read_score_sheet(path, view.scheme)
    assert read.rater == "" and read.problems == ()
    assert [(r.line, r.name, r.department, r.values) for r in read.rows] == [
        (5, "丁一", "语文组", {WHOLE: ""}), (6, "王芳", "数学组", {WHOLE: ""}),
        (7, "刘洋", "语文组", {WHOLE: ""}), (8, "赵敏", "英语组", {WHOLE: ""})]


def test_a_by_item_template_has_a_column_per_item_and_reads_back(db: Database, tmp_path: Path) -> None:
    scheme = dataclasses.replace(default_scheme(), by_item=True,
                                 items=(Item("爱国守法", 30), Item("关爱学生", 40), Item("为人师表", 30)))
    period, _ids = make_period(db, scheme)
    path = tmp_path / "自评.xlsx"
    write_score_template(view_of(db, period), 0, path)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[4]][3:] == [_("{item} ({points} points)").format(item=i.name, points=i.points)
                                              for i in scheme.items]
    sheet["C2"] = "王老师"
    sheet["D5"], sheet["E5"], sheet["F5"] = 28, "３８.５", 30
    book.save(path)
    read = read_score_sheet(path, scheme)
    assert read.rater == "王老师"
    assert read.rows[0].values == {0: "28", 1: "38.5", 2: "30"}
    assert read.rows[1].values == {0: "", 1: "", 2: ""}
    assert read.columns[1] == _("{item} ({points} points)").format(item="关爱学生", points=40)


# -- raters' own sheets ----------------------------------------------------------------------
def build(path: Path, rows: list[list[Any]], merge: tuple[int, int, int, int, str] | None = None) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Sheet1")
    for number, row in enumerate(rows):
        for col, value in enumerate(row):
            if value is not None:
                sheet.write(number, col, value)
    if merge:
        sheet.merge_range(*merge)
    book.close()
    return path


def test_a_raters_own_sheet_with_title_blank_rows_and_full_width_digits(tmp_path: Path) -> None:
    path = build(tmp_path / "家长.xlsx", [
        ["2025学年师德考核家长评价表"],
        [],
        ["序号", " 姓 名 ", "身份证号", "所在教研组", "得分（满分１００）", "说明"],
        [1, "丁一", "620102198503120011", "语文组", "９５", ""],
        [2, "刘洋", "", None, 88.30000000000001, ""],
        [],
        [3, "王芳", None, "数学组", None, ""],
        [None, None, None, None, 90],
        [4, "赵敏", 620102198503120000, "英语组", 80],
        ["评价人：李家长"],
        ["合计", None, None, None, 353],
    ], merge=(3, 3, 4, 3, "语文组"))
    read = read_score_sheet(path, default_scheme())
    assert read.rater == "李家长"
    assert [(r.line, r.name, r.department, r.id_number, r.values[WHOLE]) for r in read.rows] == [
        (4, "丁一", "语文组", "620102198503120011", "95"),
        (5, "刘洋", "语文组", "", "88.3"),  # 教研组 merged down from the row above
        (7, "王芳", "数学组", "", ""),
        (9, "赵敏", "英语组", "", "80"),
    ]
    assert read.columns == {WHOLE: "得分（满分１００）"}
    assert [line for line, _message in read.problems] == [8, 9]
    assert "身份证号" in read.problems[1][1]


def test_the_rater_may_sign_in_the_cell_beside_the_label(tmp_path: Path) -> None:
    path = build(tmp_path / "a.xlsx", [["同事互评"], ["评价人：", "", "张 老师"], ["姓名", "分数"], ["丁一", 90]])
    read = read_score_sheet(path, default_scheme())
    assert read.rater == "张 老师" and read.rows[0].values == {WHOLE: "90"}


def test_a_file_that_is_not_a_workbook_is_refused_saying_what_is_expected(tmp_path: Path) -> None:
    text = tmp_path / "分数.xlsx"
    text.write_text("丁一,95\n", encoding="utf-8")
    with pytest.raises(UserError) as error:
        read_score_sheet(text, default_scheme())
    assert "分数.xlsx" in str(error.value) and ".xlsx" in str(error.value)


def test_a_sheet_without_a_score_header_is_refused(tmp_path: Path) -> None:
    path = build(tmp_path / "名单.xlsx", [["姓名", "教研组"], ["丁一", "语文组"]])
    with pytest.raises(UserError) as error:
        read_score_sheet(path, default_scheme())
    assert _("Score") in str(error.value) and _("Name") in str(error.value)


def test_a_by_item_scheme_needs_every_item_column(tmp_path: Path) -> None:
    scheme = dataclasses.replace(default_scheme(), by_item=True,
                                 items=(Item("爱国守法", 50), Item("关爱学生", 50)))
    path = build(tmp_path / "a.xlsx", [["姓名", "1.爱国守法（50分）"], ["丁一", 45]])
    with pytest.raises(UserError) as error:
        read_score_sheet(path, scheme)
    assert "关爱学生" in str(error.value)
    complete = build(tmp_path / "b.xlsx", [["姓名", "1.爱国守法（50分）", "关爱学生", "总分"], ["丁一", 45, 48, 93]])
    assert read_score_sheet(complete, scheme).rows[0].values == {0: "45", 1: "48"}


def test_a_template_written_in_english_reads_back(db: Database, tmp_path: Path) -> None:
    from djdesk import i18n

    period, _ids = make_period(db)
    i18n.setup("en")
    view = view_of(db, period)
    path = tmp_path / "en.xlsx"
    write_score_template(view, 2, path)
    book = load_workbook(path)
    ws = book.worksheets[0]
    assert ws["A2"].value == "Rater:" and ws["D4"].value == "Score (out of 100)"
    ws["C2"], ws["D5"] = "Ms Li", 91
    book.save(path)
    read = read_score_sheet(path, view.scheme)
    assert read.rater == "Ms Li" and read.rows[0].values == {WHOLE: "91"} and len(read.rows) == 4
