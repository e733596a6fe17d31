"""Party dues rules: every bracket edge, flat and fixed amounts, rounding to the fen and the 角,
reading yuan as typed, the base in force, the months due and the unpaid run."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from djdesk.domain import dues
from djdesk.domain.dues import Base, DuesKind

K = DuesKind


def m(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def fen(yuan: str) -> int:
    return dues.parse_yuan(yuan)


# -- brackets ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("base", "rate", "due"), [
    ("0.00", "0.005", "0.00"),
    ("3000.00", "0.005", "15.00"),
    ("3000.01", "0.01", "30.00"),
    ("5000.00", "0.01", "50.00"),
    ("5000.01", "0.015", "75.00"),
    ("10000.00", "0.015", "150.00"),
    ("10000.01", "0.02", "200.00"),
    ("25000.00", "0.02", "500.00"),
])
def test_in_service_brackets_at_every_edge(base: str, rate: str, due: str) -> None:
    assert dues.rate(K.IN_SERVICE, fen(base)) == D(rate)
    assert dues.yuan(dues.monthly(K.IN_SERVICE, fen(base))) == due


@pytest.mark.parametrize(("base", "rate", "due"), [
    ("5000.00", "0.005", "25.00"),
    ("5000.01", "0.01", "50.00"),
    ("3000.00", "0.005", "15.00"),
    ("8000.00", "0.01", "80.00"),
])
def test_retired_brackets(base: str, rate: str, due: str) -> None:
    assert dues.rate(K.RETIRED, fen(base)) == D(rate)
    assert dues.yuan(dues.monthly(K.RETIRED, fen(base))) == due


def test_the_whole_base_is_charged_at_its_brackets_rate_not_bracket_by_bracket() -> None:
    # 6000 元: 1.5% of all of it (90 元), not 0.5% of 3000 + 1% of 2000 + 1.5% of 1000.
    assert dues.monthly(K.IN_SERVICE, fen("6000")) == 9000


@pytest.mark.parametrize("kind", [K.STUDENT, K.UNEMPLOYED, K.RELIEF])
@pytest.mark.parametrize("base", [0, 100, 1_000_000])
def test_flat_kinds_pay_twenty_fen_whatever_the_base(kind: DuesKind, base: int) -> None:
    assert dues.monthly(kind, base) == dues.FLAT_FEN == 20
    assert dues.monthly(kind, base, to_jiao=True) == 20
    assert dues.rate(kind, base) is None


def test_a_fixed_amount_is_the_monthly_dues_itself_and_never_rounded() -> None:
    assert dues.monthly(K.FIXED, 1234) == 1234
    assert dues.monthly(K.FIXED, 1234, to_jiao=True) == 1234
    assert dues.rate(K.FIXED, 1234) is None


# -- rounding ----------------------------------------------------------------------------------
def test_half_a_fen_rounds_up_and_less_rounds_down() -> None:
    assert dues.monthly(K.IN_SERVICE, fen("2999.00")) == 1500  # 14.995 元 → 15.00
    assert dues.monthly(K.IN_SERVICE, fen("2998.90")) == 1499  # 14.9945 元 → 14.99
    assert dues.monthly(K.IN_SERVICE, fen("3000.50")) == 3001  # 30.005 元 → 30.01
    assert dues.monthly(K.IN_SERVICE, fen("5000.03")) == 7500  # 75.00045 元 → 75.00
    assert dues.monthly(K.RETIRED, fen("4999.90")) == 2500  # 24.9995 元 → 25.00
    assert dues.rounded(D("2.5")) == 3 and dues.rounded(D("2.4999")) == 2


def test_rounding_to_the_jiao_half_up() -> None:
    assert dues.monthly(K.IN_SERVICE, fen("4565.00"), to_jiao=True) == 4570  # 45.65 → 45.70
    assert dues.monthly(K.IN_SERVICE, fen("4564.00"), to_jiao=True) == 4560  # 45.64 → 45.60
    assert dues.monthly(K.IN_SERVICE, fen("2999.00"), to_jiao=True) == 1500  # 14.995 → 15.00
    assert dues.monthly(K.IN_SERVICE, fen("2989.00"), to_jiao=True) == 1490  # 14.945 → 14.90
    assert dues.monthly(K.IN_SERVICE, fen("2990.00"), to_jiao=True) == 1500  # 14.95 → 15.00
    assert dues.rounded(D("44.9"), to_jiao=True) == 40 and dues.rounded(D("45"), to_jiao=True) == 50


# -- money as text -----------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("4500", 450000),
    ("4500.5", 450050),
    ("  4500.50  ", 450050),
    ("1,234.50", 123450),
    ("1,234.50 元", 123450),
    ("4，500元", 450000),
    ("１２３４．５", 123450),
    ("０.２", 20),
    ("0", 0),
    ("-5", -500),  # read as typed: the service refuses a negative amount with its own message
])
def test_parse_yuan(text: str, expected: int) -> None:
    assert dues.parse_yuan(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "元", "abc", "4500.505", "0.001", "12.3.4", "NaN", "Infinity"])
def test_parse_yuan_refuses_with_a_message(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        dues.parse_yuan(text)
    assert str(caught.value)


def test_three_decimals_are_refused_as_too_precise() -> None:
    with pytest.raises(ValueError, match="分"):
        dues.parse_yuan("12.345")


def test_yuan_shows_two_decimals() -> None:
    assert dues.yuan(12345) == "123.45"
    assert dues.yuan(5) == "0.05"
    assert dues.yuan(0) == "0.00"
    assert dues.yuan(-150) == "-1.50"


# -- months ------------------------------------------------------------------------------------
def test_month_arithmetic_across_years() -> None:
    assert dues.month_of(dt.date(2026, 6, 15)) == m(2026, 6)
    assert dues.add_months(m(2025, 11), 3) == m(2026, 2)
    assert dues.add_months(m(2026, 1), -1) == m(2025, 12)
    assert dues.months(dt.date(2025, 11, 20), dt.date(2026, 2, 3)) == [m(2025, 11), m(2025, 12), m(2026, 1),
                                                                       m(2026, 2)]
    assert dues.months(m(2026, 3), m(2026, 2)) == []


# -- the base in force -------------------------------------------------------------------------
OLD = Base(m(2025, 1), K.IN_SERVICE, fen("4000"))
NEW = Base(m(2026, 4), K.IN_SERVICE, fen("6000"))


def test_a_mid_year_change_applies_from_its_month() -> None:
    bases = [NEW, OLD]  # any order
    assert dues.base_in_force(bases, m(2026, 3)) == OLD
    assert dues.base_in_force(bases, m(2026, 4)) == NEW
    assert dues.base_in_force(bases, dt.date(2026, 4, 30)) == NEW
    assert dues.base_in_force(bases, m(2024, 12)) is None


def test_in_yearly_mode_a_mid_year_change_counts_from_next_january() -> None:
    bases = [OLD, NEW]
    for month in (4, 7, 12):
        assert dues.base_in_force(bases, m(2026, month), yearly=True) == OLD
    assert dues.base_in_force(bases, m(2027, 1), yearly=True) == NEW
    january = Base(m(2026, 1), K.IN_SERVICE, fen("7000"))
    assert dues.base_in_force([OLD, january], m(2026, 1), yearly=True) == january


def test_a_first_base_counts_from_its_month_in_its_first_year_even_in_yearly_mode() -> None:
    assert dues.base_in_force([NEW], m(2026, 3), yearly=True) is None
    assert dues.base_in_force([NEW], m(2026, 4), yearly=True) == NEW
    assert dues.base_in_force([NEW], m(2026, 9), yearly=True) == NEW
    assert dues.base_in_force([NEW], m(2027, 2), yearly=True) == NEW
    assert dues.base_in_force([NEW], m(2026, 3)) is None
    assert dues.base_in_force([], m(2026, 3), yearly=True) is None


# -- the months due ----------------------------------------------------------------------------
def test_a_member_admitted_mid_year_owes_from_the_month_admitted() -> None:
    # A 预备党员 admitted by the 支部大会 on 28 March pays for March.
    assert dues.due_months(dt.date(2026, 3, 28), None, dt.date(2026, 6, 15)) == [m(2026, 3), m(2026, 4),
                                                                                 m(2026, 5), m(2026, 6)]


def test_a_member_who_left_mid_year_owes_the_month_left_and_no_later() -> None:
    assert dues.due_months(m(2026, 1), dt.date(2026, 4, 10), dt.date(2026, 6, 15)) == [
        m(2026, 1), m(2026, 2), m(2026, 3), m(2026, 4)]
    assert dues.due_months(m(2026, 1), dt.date(2026, 9, 1), dt.date(2026, 2, 15)) == [m(2026, 1), m(2026, 2)]


def test_no_months_due_without_admission_or_before_it() -> None:
    assert dues.due_months(None, None, dt.date(2026, 6, 15)) == []
    assert dues.due_months(m(2026, 7), None, dt.date(2026, 6, 15)) == []
    assert dues.due_months(m(2026, 5), m(2026, 4), dt.date(2026, 6, 15)) == []


# -- arrears -----------------------------------------------------------------------------------
def test_unpaid_run_across_years() -> None:
    due = dues.months(m(2025, 10), m(2026, 5))
    assert dues.unpaid_run(due, {m(2025, 10), m(2025, 11)}, m(2026, 5)) == 6  # December to May
    assert dues.unpaid_run(due, {m(2025, 10), m(2026, 2)}, m(2026, 5)) == 3  # March to May
    assert dues.unpaid_run(due, set(due), m(2026, 5)) == 0
    assert dues.unpaid_run(due, set(), m(2026, 5)) == 8


def test_unpaid_run_ignores_months_after_until_and_counts_an_exempt_month_as_settled() -> None:
    due = dues.months(m(2025, 11), m(2026, 6))
    # June (the current month) is not yet late: the run stops at May.
    assert dues.unpaid_run(due, {m(2025, 11)}, dt.date(2026, 5, 20)) == 6
    exempt = {m(2026, 1)}
    assert dues.unpaid_run(due, exempt, m(2026, 5)) == 4
    assert dues.unpaid_run([], set(), m(2026, 5)) == 0
