"""The roster model: Qt's model rules, filtering, sorting, masking."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from djdesk.domain.people import PoliticalStatus, Stage
from djdesk.services import members
from djdesk.ui.members.model import COLUMN_KEYS, NO_BRANCH, MembersModel, RosterFilter
from djdesk.workspace import Workspace

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def model(workspace: Workspace, school: dict[str, int]) -> MembersModel:
    with workspace.database.transaction() as session:
        rows = members.list_rows(session, include_left=True)
    built = MembersModel(TODAY)
    built.set_rows(rows)
    return built


def names(model: MembersModel) -> list[str]:
    return [model.member(r).name for r in range(model.rowCount())]


def test_the_model_keeps_qts_rules(qtmodeltester, model: MembersModel) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(model)
    model.set_filter(RosterFilter(query="zs"))
    qtmodeltester.check(model)


def test_people_who_left_are_hidden_unless_asked_for(model: MembersModel) -> None:
    assert "调走" not in names(model) and model.scope_count() == 6
    model.set_filter(RosterFilter(include_left=True))
    assert "调走" in names(model) and model.scope_count() == 7


@pytest.mark.parametrize(
    ("query", "expected"),
    [("zs", ["张三"]), ("张", ["张三"]), ("sj", ["单军"]), ("dj", ["单军"]), ("shanjun", ["单军"]),
     ("zgh", ["曾国华"]), ("ZENG", ["曾国华"]), ("ｚｓ", ["张三"]), ("cj", ["陈珺", "单军"]), ("3101", ["单军"]), ("nobody", [])],
)
def test_search_by_name_initials_full_pinyin_and_digits(model: MembersModel, query: str, expected: list[str]) -> None:
    model.set_filter(RosterFilter(query=query))
    assert names(model) == expected  # in the official order


def test_filters_by_branch_status_and_stage(model: MembersModel) -> None:
    model.set_filter(RosterFilter(branch="退休党支部"))
    assert names(model) == ["王五"]
    model.set_filter(RosterFilter(branch=NO_BRANCH))
    assert sorted(names(model)) == sorted(["张三", "陈珺"])
    model.set_filter(RosterFilter(status=PoliticalStatus.CPC_MEMBER))
    assert sorted(names(model)) == sorted(["单军", "曾国华", "王五"])
    model.set_filter(RosterFilter(stage=Stage.ACTIVIST))
    assert names(model) == ["李四"]


def test_official_order_then_any_column(model: MembersModel) -> None:
    # 王4 张7 李7 (李 横 before 张 折) 陈7 单8 曾12.
    assert names(model) == ["王五", "李四", "张三", "陈珺", "单军", "曾国华"]
    name_column = COLUMN_KEYS.index("name")
    model.sort(name_column, Qt.SortOrder.AscendingOrder)  # by pinyin on screen
    # chen, li, shan (单 as a surname), wang, zeng (曾 as a surname), zhang
    assert names(model) == ["陈珺", "李四", "单军", "王五", "曾国华", "张三"]
    model.sort(COLUMN_KEYS.index("age"), Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == 6
    model.sort(-1, Qt.SortOrder.AscendingOrder)
    assert names(model)[0] == "王五"


def test_sort_keeps_persistent_indexes_on_their_people(model: MembersModel) -> None:
    from PySide6.QtCore import QPersistentModelIndex

    row = names(model).index("单军")
    persistent = QPersistentModelIndex(model.index(row, 0))
    model.sort(COLUMN_KEYS.index("name"), Qt.SortOrder.DescendingOrder)
    assert model.data(persistent) == "单军"


def test_id_numbers_are_masked_unless_shown_in_full(model: MembersModel, qtbot: QtBot) -> None:
    column = COLUMN_KEYS.index("id_number")
    row = names(model).index("单军")
    full = model.member(row).id_number
    assert model.data(model.index(row, column)) == full[:6] + "********" + full[-4:]
    with qtbot.waitSignal(model.dataChanged):
        model.set_full_id(True)
    assert model.data(model.index(row, column)) == full


def test_left_rows_are_grey_with_the_date(model: MembersModel) -> None:
    model.set_filter(RosterFilter(include_left=True))
    row = names(model).index("调走")
    assert model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole) == "已于 2026.03.01 离开"
    assert model.data(model.index(row, 0), Qt.ItemDataRole.ForegroundRole) is not None
