"""Dates known to the day or only to the month."""

from __future__ import annotations

import datetime as dt

import pytest

from djdesk.domain.dates import InvalidDate, PartialDate, add_years, full_years


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1985-03-12", PartialDate(1985, 3, 12)),
        ("1985/3/12", PartialDate(1985, 3, 12)),
        ("1985.3.12", PartialDate(1985, 3, 12)),
        ("1985年3月12日", PartialDate(1985, 3, 12)),
        (" 1985 年 3 月 12 日 ", PartialDate(1985, 3, 12)),
        ("19850312", PartialDate(1985, 3, 12)),
        ("1985.03", PartialDate(1985, 3)),
        ("1985.3", PartialDate(1985, 3)),
        ("1985-03", PartialDate(1985, 3)),
        ("1985年3月", PartialDate(1985, 3)),
        ("198503", PartialDate(1985, 3)),
        ("１９８５．１０", PartialDate(1985, 10)),
        ("1985.3.", PartialDate(1985, 3)),  # a trailing dot
        ("1985-03-12 00:00:00", PartialDate(1985, 3, 12)),  # text exported from a database
        ("1985—03", PartialDate(1985, 3)),  # an em-dash
    ],
)
def test_the_forms_offices_type_are_understood(text: str, expected: PartialDate) -> None:
    assert PartialDate.parse(text) == expected


def test_text_1985_1_means_january() -> None:
    # As text, "1985.1" is January; only the *number* 1985.1 from Excel means October.
    assert PartialDate.parse("1985.1") == PartialDate(1985, 1)


def test_blank_is_no_date() -> None:
    assert PartialDate.parse("   ") is None


@pytest.mark.parametrize("text", ["1985", "abc", "1985.13", "1985-02-30", "85.3", "1985..3", "2026-06-31"])
def test_anything_else_is_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        PartialDate.parse(text)
    assert f"“{text}”不是日期" in str(caught.value)
    assert "1985.03" in str(caught.value)


def test_month_precision_is_kept_and_shown_as_the_office_writes_it() -> None:
    month = PartialDate(1985, 3)
    assert not month.precise
    assert month.display() == "1985.03"
    assert month.isoformat() == "1985-03"
    assert PartialDate.from_iso("1985-03") == month
    assert PartialDate(1985, 3, 12).display() == "1985.03.12"
    assert PartialDate.from_iso("1985-03-12") == PartialDate(1985, 3, 12)


def test_month_dates_span_their_month() -> None:
    feb = PartialDate(2024, 2)
    assert feb.first_day() == dt.date(2024, 2, 1)
    assert feb.last_day() == dt.date(2024, 2, 29)
    assert feb.agrees_with(dt.date(2024, 2, 17))
    assert not feb.agrees_with(dt.date(2024, 3, 1))


def test_comparison_is_certain_only_when_the_months_cannot_overlap() -> None:
    march = PartialDate(1985, 3)
    assert not PartialDate(1985, 3, 12).certainly_before(march)
    assert not march.certainly_before(PartialDate(1985, 3, 12))
    assert PartialDate(1985, 2, 28).certainly_before(march)
    assert march.certainly_before(PartialDate(1985, 4, 1))
    assert PartialDate(1985, 4).certainly_after(march)


def test_impossible_dates_cannot_be_built() -> None:
    with pytest.raises(ValueError):
        PartialDate(1985, 2, 30)
    with pytest.raises(ValueError):
        PartialDate(1985, 13)


def test_full_years_counts_birthdays_reached() -> None:
    born = dt.date(2008, 6, 16)
    assert full_years(born, dt.date(2026, 6, 15)) == 17
    assert full_years(born, dt.date(2026, 6, 16)) == 18


def test_add_years_moves_29_february_to_the_28th() -> None:
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
