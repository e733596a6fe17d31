"""按姓氏笔画: the order official name lists use."""

from __future__ import annotations

import random

from djdesk.domain.strokes import name_key, strokes


def test_stroke_counts() -> None:
    assert [strokes(c) for c in "一丁王李张陈曾喆堃赟鑫"] == [1, 2, 4, 7, 7, 7, 12, 12, 11, 16, 24]


def test_surnames_in_the_order_of_an_official_list() -> None:
    # The 20th Politburo, listed "按姓氏笔画为序": 丁 习 王 尹 石 刘 李 何 张 陈 赵 袁 黄 蔡.
    official = ["丁薛祥", "习近平", "王沪宁", "尹力", "石泰峰", "刘国中", "李希", "何立峰",
                "张国清", "陈吉宁", "赵乐际", "袁家军", "黄坤明", "蔡奇"]
    shuffled = official[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=name_key) == official


def test_equal_counts_go_by_the_first_stroke_then_the_next() -> None:
    # 李 starts with 横, 何 with 撇, 张 and 陈 with 折; 张's second stroke 横 beats 陈's 竖.
    assert sorted(["陈", "张", "何", "李"], key=name_key) == ["李", "何", "张", "陈"]
    # 王 (横) before 尹 (折), both four strokes.
    assert sorted(["尹", "王"], key=name_key) == ["王", "尹"]


def test_given_names_decide_after_the_surname() -> None:
    assert sorted(["王毅", "王沪宁", "王一"], key=name_key) == ["王一", "王沪宁", "王毅"]
    assert sorted(["王五", "王"], key=name_key) == ["王", "王五"]


def test_rare_characters_have_a_place() -> None:
    for char in "喆堃赟玥珺昇彧琍":
        assert strokes(char) < 99, char


def test_characters_without_data_sort_last() -> None:
    assert sorted(["Smith", "王"], key=name_key) == ["王", "Smith"]
    assert name_key("买买提·艾力") == name_key("买买提艾力")
