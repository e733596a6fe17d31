"""Pinyin search keys: initials and full pinyin of every reading, surname readings included."""

from __future__ import annotations

from djdesk.domain.search_keys import compute, matches


def test_initials_find_a_name() -> None:
    keys = compute("张三")
    assert matches("zs", "张三", keys)
    assert matches("zhangsan", "张三", keys)
    assert matches("张", "张三", keys)
    assert not matches("ls", "张三", keys)


def test_every_reading_of_a_surname_is_searchable() -> None:
    shan = compute("单军")
    assert matches("sj", "单军", shan) and matches("dj", "单军", shan)
    assert matches("shanjun", "单军", shan)
    assert matches("zgh", "曾国华", compute("曾国华"))
    assert matches("cgh", "曾国华", compute("曾国华"))
    # 解 as a surname is xie: per-character readings keep it even where a phrase reads jie.
    assert matches("xiefang", "解放", compute("解放"))


def test_rare_characters_have_readings() -> None:
    for name, initials in (("张喆", "zz"), ("王堃", "wk"), ("李赟", "ly"), ("刘玥", "ly"),
                           ("陈珺", "cj"), ("杨昇", "ys"), ("赵彧", "zy")):
        assert matches(initials, name, compute(name)), name


def test_query_is_case_and_space_insensitive() -> None:
    assert matches(" Z S ", "张三", compute("张三"))


def test_minority_names_with_a_middle_dot() -> None:
    keys = compute("买买提·艾力")
    assert matches("mmtal", "买买提·艾力", keys)


def test_variants_are_capped() -> None:
    keys = compute("单曾解仇朴查")
    assert len(keys.full.split()) <= 32


def test_the_first_variant_reads_the_surname_as_a_surname() -> None:
    assert compute("曾国华").full.split()[0] == "zengguohua"
    assert compute("单军").full.split()[0] == "shanjun"
    assert compute("解晓燕").full.split()[0] == "xiexiaoyan"
    # Elsewhere in a name the ordinary reading stays first.
    assert compute("李曾").full.split()[0] == "liceng"
