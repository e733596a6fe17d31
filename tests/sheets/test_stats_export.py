"""The statistics workbook read back with openpyxl: every figure as computed, and as counted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from djdesk.domain.people import PoliticalStatus
from djdesk.domain.stats import AnnualReport, Statistics, balance_notes, scope_note
from djdesk.i18n import gettext_in
from djdesk.services import stats
from djdesk.sheets.stats_export import INDENT, zh
from djdesk.store.database import Database
from djdesk.store.models import Person
from tests.services import stats_school
from tests.services.stats_school import TODAY, YEAR


def blocks(sheet: Any) -> dict[str, list[tuple[str, Any, Any]]]:
    """Each titled table of a sheet: title → [(item, count, share)], header and 合计 left out."""
    found: dict[str, list[tuple[str, Any, Any]]] = {}
    rows = [tuple(r) + (None, None) for r in sheet.iter_rows(min_row=3, values_only=True)]
    for number, row in enumerate(rows[:-1]):
        if rows[number + 1][0] == "项目" and row[0]:
            lines = found[row[0]] = []
            for line in rows[number + 2:]:
                if line[0] in (None, "合计"):
                    break
                lines.append((line[0], line[1], line[2]))
    return found


@pytest.fixture
def exported(db: Database, tmp_path: Path) -> tuple[Path, Statistics, AnnualReport]:
    with db.transaction() as session:
        stats_school.build(session)
    path = tmp_path / "统计.xlsx"
    with db.transaction() as session:
        stats.export(session, path, YEAR, today=TODAY)
        return path, stats.current(session, today=TODAY), stats.annual(session, YEAR, today=TODAY)


def test_current_breakdowns_are_written_as_computed(exported: Any, db: Database) -> None:
    path, figures, _report = exported
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == ["分类统计", "党内统计年报"]
    sheet = book["分类统计"]
    title, subtitle = sheet["A1"].value, sheet["A2"].value
    assert title == "测试中学党员统计（2026.06.15）"
    assert subtitle == zh(scope_note(figures)) and "2026.06.15" in subtitle
    written = blocks(sheet)
    assert len(written) == len(figures.breakdowns) == 8
    for breakdown in figures.breakdowns:
        lines = written[gettext_in("zh_CN", breakdown.title)]
        assert [(item, count) for item, count, _share in lines] == [
            (INDENT * row.indent + zh(row.label), row.count) for row in breakdown.rows]
        for (_item, count, share), row in zip(lines, breakdown.rows):
            assert share == pytest.approx(count / breakdown.total)
    status = dict((item, count) for item, count, _share in written[gettext_in("zh_CN", "Political status (all staff)")])
    with db.transaction() as session:
        members = session.scalar(select(func.count()).select_from(Person).where(
            Person.left_on.is_(None), Person.political_status == PoliticalStatus.CPC_MEMBER))
    assert status["中共党员"] == members == 5
    assert status["民进会员"] == 1 and status["中共预备党员"] == 2
    assert len(status) == 13


def test_the_annual_report_sheet(exported: Any) -> None:
    path, _figures, report = exported
    sheet = load_workbook(path, read_only=True)["党内统计年报"]
    assert sheet["A1"].value == "测试中学2025年党内统计年报"
    assert sheet["A2"].value.endswith("制表日期：2026.06.15")
    written = blocks(sheet)
    summary = [count for _item, count, _share in written["党员基本情况"]]
    assert summary == [report.members, report.full, report.probationary, report.women, report.minorities] == [
        7, 5, 2, 1, 1]
    movements = [count for _item, count, _share in written["2025年党员变动"]]
    assert movements == [7, 1, 2, 1, 1, 1, 7, 1]  # previous, +3, −3, = now, became full
    items = [item for item, _count, _share in written["2025年党员变动"]]
    assert items[1].startswith("+ ") and items[3].startswith("− ") and items[6].startswith("= ")
    age = written[gettext_in("zh_CN", report.age.title)]
    assert [count for _item, count, _share in age] == [row.count for row in report.age.rows]
    texts = [row[0] for row in sheet.iter_rows(values_only=True) if row and row[0]]
    balance = [zh(note) for note in balance_notes(report)]
    assert all(note in texts for note in balance)


def test_a_failed_write_leaves_no_file(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import xlsxwriter

    def broken(self: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsxwriter.Workbook, "close", broken)
    target = tmp_path / "out" / "统计.xlsx"
    with db.transaction() as session, pytest.raises(OSError):
        stats.export(session, target, YEAR, today=TODAY)
    assert list(target.parent.iterdir()) == []
