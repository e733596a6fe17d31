"""师德考核 rules on constructed data: totals, grade bands, veto, the 优秀 cap, sanctions and training."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal as D

import pytest

from djdesk.domain import ethics
from djdesk.domain.dates import PartialDate
from djdesk.domain.ethics import (
    WHOLE,
    Band,
    BadScore,
    Case,
    Item,
    Rater,
    Sanction,
    Scheme,
)

BANDS = (Band("优秀", D(90)), Band("合格", D(70)), Band("基本合格", D(60)), Band("不合格", D(0)))
RATERS = (Rater("自评", 10), Rater("同事互评", 30), Rater("学生/家长评价", 30), Rater("学校考评", 30))
ITEMS = tuple(Item(f"第{n}条", 10) for n in range(1, 11))


def scheme(**changes: object) -> Scheme:
    base = Scheme(items=ITEMS, raters=RATERS, bands=BANDS)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def fields(s: Scheme) -> list[str | None]:
    return [p.field for p in ethics.scheme_problems(s)]


# -- totals -------------------------------------------------------------------------------
def test_total_is_the_weighted_sum_to_the_hundredth():
    assert ethics.total(scheme(), [D(95), D(92), D(90), D(88)]) == D("90.50")
    assert ethics.number(ethics.total(scheme(), [D(95), D(92), D(90), D(88)])) == "90.5"
    assert ethics.total(scheme(), [D(100)] * 4) == D(100)
    assert ethics.total(scheme(), [D(0)] * 4) == D(0)


def test_total_rounds_half_up_to_the_hundredth():
    halves = scheme(raters=(Rater("甲", 50), Rater("乙", 50)))
    assert ethics.total(halves, [D("86.67"), D("86.66")]) == D("86.67")  # 86.665
    assert ethics.total(halves, [D("86.65"), D("86.66")]) == D("86.66")  # 86.655
    # 10% of 86.65 is 8.665: the third decimal survives to the end, then rounds up
    assert ethics.total(scheme(), [D("86.65"), D(80), D(80), D(80)]) == D("80.67")


def test_total_waits_for_every_category():
    assert ethics.total(scheme(), [D(95), D(92), None, D(88)]) is None
    assert ethics.total(scheme(), [D(95), D(92), D(90)]) is None


def test_mean_of_raters_rounds_half_up():
    assert ethics.mean([D(80), D(85), D(86)]) == D("83.67")  # 83.666…
    assert ethics.mean([D(90), D(90), D(91)]) == D("90.33")
    assert ethics.mean([D("86.67"), D("86.66")]) == D("86.67")  # 86.665
    assert ethics.mean([D("86.66"), D("86.66"), D("86.67")]) == D("86.66")  # 86.663…
    assert ethics.mean([]) is None


def test_by_item_rater_sum_needs_every_item():
    s = scheme(by_item=True, items=(Item("甲", 40), Item("乙", 35), Item("丙", 25)))
    assert ethics.rater_sum(s, {0: D("38.5"), 1: D(30), 2: D(25)}) == D("93.5")
    assert ethics.rater_sum(s, {0: D("38.5"), 2: D(25)}) is None
    assert ethics.rater_sum(s, {}) is None
    assert s.item_max(0) == D(40) and s.item_max(WHOLE) == D(100)


def test_number_prints_without_trailing_zeros():
    assert [ethics.number(v) for v in (D("87.50"), D("90.00"), D("88.25"), D("9E+1"), None)] == [
        "87.5", "90", "88.25", "90", ""]


# -- grades -------------------------------------------------------------------------------
@pytest.mark.parametrize(("score", "expected"), [
    ("100", "优秀"), ("90", "优秀"), ("89.99", "合格"), ("70", "合格"), ("69.99", "基本合格"),
    ("60", "基本合格"), ("59.99", "不合格"), ("0", "不合格"),
])
def test_grade_bands_at_their_edges(score, expected):
    assert ethics.grade(scheme(), D(score)) == expected


def test_no_total_no_grade():
    assert ethics.grade(scheme(), None) is None


@pytest.mark.parametrize("score", [D(100), D("90.5"), D(60), D(0), None])
def test_veto_overrides_any_score_even_without_a_total(score):
    assert ethics.grade(scheme(), score, vetoed=True) == "不合格"
    assert ethics.grade(scheme(), score, vetoed=True, withheld=True) == "不合格"


def test_withheld_excellent_drops_one_grade_and_only_the_top_grade():
    assert ethics.grade(scheme(), D(95), withheld=True) == "合格"
    assert ethics.grade(scheme(), D(80), withheld=True) == "合格"
    assert ethics.grade(scheme(), D(65), withheld=True) == "基本合格"
    assert ethics.grade(scheme(), D(30), withheld=True) == "不合格"


def test_grade_names_are_the_schemes_own():
    bands = (Band("优秀", D(85)), Band("良好", D(75)), Band("合格", D(60)), Band("不合格", D(0)))
    s = scheme(bands=bands)
    assert ethics.scheme_problems(s) == []
    assert [ethics.grade(s, D(v)) for v in ("85", "84.99", "75", "74.99", "60", "59.99")] == [
        "优秀", "良好", "良好", "合格", "合格", "不合格"]
    assert ethics.grade(s, D(90), withheld=True) == "良好"
    assert s.top == "优秀" and s.failing == "不合格"


def test_the_default_scheme_is_the_national_one_and_valid():
    s = ethics.default_scheme()
    assert ethics.scheme_problems(s) == []
    assert len(s.items) == 10 and all(i.points == 10 for i in s.items)
    assert [r.weight for r in s.raters] == [10, 30, 30, 30]
    assert [b.minimum for b in s.bands] == [90, 70, 60, 0]
    assert s.cap_percent is None and not s.by_item and s.first_year_hours == 8


def test_scheme_survives_json():
    s = scheme(cap_percent=20, by_item=True, first_year_hours=12,
               bands=(Band("优秀", D("89.5")), Band("不合格", D(0))))
    assert Scheme.from_json(s.to_json()) == s


# -- scheme problems ----------------------------------------------------------------------
def test_weights_must_sum_to_100():
    s = scheme(raters=(Rater("自评", 10), Rater("互评", 30), Rater("学校", 30)))
    problems = ethics.scheme_problems(s)
    assert [p.field for p in problems] == ["raters"]
    assert "70" in problems[0].message
    assert fields(scheme(raters=(Rater("自评", 0), Rater("学校", 100)))) == ["raters"]


def test_items_must_sum_to_100():
    problems = ethics.scheme_problems(scheme(items=ITEMS[:9]))
    assert [p.field for p in problems] == ["items"]
    assert "90" in problems[0].message
    assert fields(scheme(items=())) == ["items"]
    assert fields(scheme(items=(Item("甲", 100), Item("乙", 0)))) == ["items"]


@pytest.mark.parametrize("minimums", [(90, 60, 70, 0), (90, 90, 60, 0), (50, 70, 60, 0)])
def test_bands_must_go_from_the_best_down(minimums):
    bands = tuple(Band(n, D(m)) for n, m in zip(("甲", "乙", "丙", "丁"), minimums))
    assert fields(scheme(bands=bands)) == ["bands"]


def test_last_band_takes_every_lower_total():
    bands = (Band("优秀", D(90)), Band("合格", D(60)), Band("不合格", D(10)))
    assert fields(scheme(bands=bands)) == ["bands"]
    assert fields(scheme(bands=(Band("优秀", D(90)),))) == ["bands"]
    assert fields(scheme(bands=(Band("优秀", D(101)), Band("不合格", D(0))))) == ["bands"]


def test_duplicate_and_blank_names_are_refused():
    assert fields(scheme(bands=(Band("优秀", D(90)), Band("优秀", D(0))))) == ["bands"]
    assert fields(scheme(raters=(Rater("自评", 50), Rater("自评", 50)))) == ["raters"]
    assert fields(scheme(items=(Item("甲", 50), Item("甲", 50)))) == ["items"]
    assert fields(scheme(raters=(Rater(" ", 50), Rater("学校", 50)))) == ["raters"]


@pytest.mark.parametrize(("cap", "ok"), [(None, True), (0, False), (1, True), (30, True), (100, True),
                                         (101, False), (-5, False)])
def test_cap_is_a_share_between_1_and_100(cap, ok):
    assert fields(scheme(cap_percent=cap)) == ([] if ok else ["cap_percent"])


def test_first_year_hours_between_0_and_200():
    assert fields(scheme(first_year_hours=0)) == []
    assert fields(scheme(first_year_hours=200)) == []
    assert fields(scheme(first_year_hours=201)) == ["first_year_hours"]


def test_every_problem_is_reported_at_once():
    bad = scheme(items=ITEMS[:9], raters=(Rater("自评", 10),), bands=(Band("优", D(0)), Band("差", D(0))),
                 cap_percent=0)
    assert fields(bad) == ["items", "raters", "bands", "cap_percent"]


# -- typed scores -------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "value"), [
    ("87.5", D("87.5")), (" 90 ", D(90)), ("８７．５", D("87.5")), ("１００", D(100)), ("0", D(0)),
    ("88.25", D("88.25")), ("", None), ("  ", None),
])
def test_parse_score_accepts(text, value):
    assert ethics.parse_score(text, D(100)) == value


@pytest.mark.parametrize(("text", "maximum", "says"), [
    ("101", D(100), "100"), ("10.5", D(10), "10"), ("-1", D(100), ""), ("－1", D(100), ""),
    ("abc", D(100), "abc"), ("NaN", D(100), "NaN"), ("Infinity", D(100), "Infinity"),
    ("87.555", D(100), ""), ("87,5", D(100), "87,5"),
])
def test_parse_score_refuses(text, maximum, says):
    with pytest.raises(BadScore) as caught:
        ethics.parse_score(text, maximum)
    assert says in str(caught.value)


def test_negative_above_maximum_and_decimals_have_distinct_messages():
    messages = set()
    for text in ("-1", "101", "87.555"):
        with pytest.raises(BadScore) as caught:
            ethics.parse_score(text, D(100))
        messages.add(str(caught.value))
    assert len(messages) == 3


# -- the 优秀 cap ---------------------------------------------------------------------------
@pytest.mark.parametrize(("cap", "evaluated", "allowed"), [
    (None, 10, None), (15, 10, 1), (30, 7, 2), (20, 4, 0), (100, 3, 3), (20, 0, 0), (33, 100, 33),
])
def test_cap_allowed_rounds_down(cap, evaluated, allowed):
    assert ethics.cap_allowed(scheme(cap_percent=cap), evaluated) == allowed


def test_propose_cap_keeps_the_highest_totals():
    proposal = ethics.propose_cap(2, [(1, D(91), "a"), (2, D(97), "b"), (3, D(90), "c"), (4, D(95), "d")])
    assert proposal.keep == (2, 4)
    assert proposal.withhold == (1, 3)
    assert proposal.tied == ()
    assert proposal.allowed == 2


def test_propose_cap_flags_ties_at_the_line():
    # three share 92 around a line after the second place: all three are for the office to decide
    proposal = ethics.propose_cap(2, [(1, D(92), "c"), (2, D(95), "z"), (3, D(92), "a"), (4, D(92), "b"),
                                      (5, D(90), "a")])
    assert proposal.keep == (2, 3)  # the tie-break key decides the proposal, not the rule
    assert proposal.withhold == (4, 1, 5)
    assert set(proposal.tied) == {1, 3, 4}


def test_propose_cap_no_tie_when_the_line_falls_between_totals():
    proposal = ethics.propose_cap(2, [(1, D(95), "a"), (2, D(95), "b"), (3, D(92), "c")])
    assert proposal.keep == (1, 2) and proposal.withhold == (3,) and proposal.tied == ()


def test_propose_cap_under_and_at_zero():
    under = ethics.propose_cap(5, [(1, D(95), "a"), (2, D(91), "b")])
    assert under.keep == (1, 2) and under.withhold == () and under.tied == ()
    none = ethics.propose_cap(0, [(1, D(95), "a"), (2, D(95), "b")])
    assert none.keep == () and none.withhold == (1, 2) and none.tied == ()


# -- sanctions and eligibility ------------------------------------------------------------
OCCURRED = dt.date(2025, 3, 10)
DECIDED = dt.date(2025, 4, 1)


@pytest.mark.parametrize(("sanction", "months", "until"), [
    (Sanction.WARNING, None, dt.date(2025, 10, 1)),
    (Sanction.DEMERIT, None, dt.date(2026, 4, 1)),
    (Sanction.DEMOTION, None, dt.date(2027, 4, 1)),
    (Sanction.DISMISSAL, None, dt.date.max),
    (Sanction.OTHER, 36, dt.date(2028, 4, 1)),
    (Sanction.OTHER, None, dt.date(2027, 4, 1)),
    (Sanction.WARNING, 36, dt.date(2025, 10, 1)),  # months only count for 其他处理
])
def test_barred_until_per_sanction(sanction, months, until):
    assert ethics.barred_until(Case(OCCURRED, "体罚", sanction, DECIDED, months)) == until


def test_barred_from_the_violation_when_no_decision_date_and_month_ends_clamp():
    assert ethics.barred_until(Case(OCCURRED, "体罚", Sanction.WARNING)) == dt.date(2025, 9, 10)
    assert ethics.barred_until(Case(OCCURRED, "体罚", Sanction.WARNING, dt.date(2025, 8, 31))) == \
        dt.date(2026, 2, 28)


def test_no_sanction_bars_nothing():
    assert ethics.barred_until(Case(OCCURRED, "体罚")) is None
    assert ethics.ineligible_until([Case(OCCURRED, "体罚")], dt.date(2025, 5, 1)) is None


@pytest.mark.parametrize(("today", "until"), [
    (dt.date(2025, 3, 31), None),  # before the decision
    (dt.date(2025, 4, 1), dt.date(2026, 4, 1)),
    (dt.date(2026, 3, 31), dt.date(2026, 4, 1)),
    (dt.date(2026, 4, 1), None),  # the first day eligible again
    (dt.date(2030, 1, 1), None),
])
def test_ineligible_until_with_an_injected_today(today, until):
    assert ethics.ineligible_until([Case(OCCURRED, "体罚", Sanction.DEMERIT, DECIDED)], today) == until


def test_ineligible_until_takes_the_latest_running_bar_and_dismissal_never_ends():
    cases = [Case(OCCURRED, "体罚", Sanction.DEMERIT, DECIDED),
             Case(dt.date(2025, 5, 1), "有偿补课", Sanction.OTHER, dt.date(2025, 6, 1), 30)]
    assert ethics.ineligible_until(cases, dt.date(2025, 7, 1)) == dt.date(2027, 12, 1)
    assert ethics.ineligible_until(cases, dt.date(2025, 5, 1)) == dt.date(2026, 4, 1)
    dismissed = [Case(OCCURRED, "猥亵", Sanction.DISMISSAL, DECIDED)]
    assert ethics.ineligible_until(dismissed, dt.date(2060, 1, 1)) == dt.date.max
    assert ethics.ineligible_until(dismissed, dt.date(2025, 3, 20)) is None


def test_barred_text():
    assert "2026.04.01" in ethics.barred_text(dt.date(2026, 4, 1))
    assert ethics.barred_text(dt.date.max) != ethics.barred_text(dt.date(2026, 4, 1))


# -- first year and training --------------------------------------------------------------
START, END = dt.date(2025, 9, 1), dt.date(2026, 8, 31)


@pytest.mark.parametrize(("work_start", "first"), [
    (PartialDate(2025, 9), True), (PartialDate(2026, 8), True), (PartialDate(2026, 8, 31), True),
    (PartialDate(2025, 8), False), (PartialDate(2025, 8, 31), False), (PartialDate(2026, 9), False),
    (PartialDate(2025, 9, 1), True), (None, False),
])
def test_first_year_with_month_only_dates(work_start, first):
    assert ethics.first_year(work_start, START, END) is first


@pytest.mark.parametrize(("text", "hours"), [
    ("0.5", D("0.5")), ("100", D(100)), ("8", D(8)), (" ８ ", D(8)), ("1.50", D("1.5")),
])
def test_parse_hours_accepts(text, hours):
    assert ethics.parse_hours(text) == hours


@pytest.mark.parametrize("text", ["0", "200", "100.1", "abc", "", "-2", "0.05", "NaN"])
def test_parse_hours_refuses(text):
    with pytest.raises(BadScore):
        ethics.parse_hours(text)


def test_tags_of_any_separator():
    assert ethics.tags_of("师德，安全、 法治") == ("师德", "安全", "法治")
    assert ethics.tags_of("师德;师德；  ,安全 法治") == ("师德", "安全", "法治")
    assert ethics.tags_of("") == ()


def test_default_period_school_year_and_calendar_year():
    name, starts, ends = ethics.default_period(2025)
    assert (starts, ends) == (START, END) and "2025" in name and "2026" in name
    name, starts, ends = ethics.default_period(2026, school_year=False)
    assert (starts, ends) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31)) and "2026" in name
