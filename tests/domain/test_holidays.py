"""Holidays from the library for any year; 调休 where the library knows the notice."""

from __future__ import annotations

import datetime as dt

from djdesk.domain.holidays import DayKind, HolidayCalendar


def test_statutory_holidays_and_announced_make_up_days():
    calendar = HolidayCalendar()
    notes = calendar.notes(2026)
    assert notes[dt.date(2026, 10, 1)].kind is DayKind.HOLIDAY
    assert notes[dt.date(2026, 2, 17)].name == "春节"
    # the 2026 notice: 10-07 off, worked on Saturday 10-10 instead
    assert notes[dt.date(2026, 10, 7)].kind is DayKind.HOLIDAY
    assert notes[dt.date(2026, 10, 10)].kind is DayKind.WORKDAY
    assert calendar.is_working_day(dt.date(2026, 10, 10))  # a Saturday worked
    assert not calendar.is_working_day(dt.date(2026, 10, 7))  # a Wednesday off


def test_a_year_without_a_notice_has_holidays_and_no_make_up_days():
    for year in (2031, 2045, 2099):
        notes = HolidayCalendar().notes(year)
        assert dt.date(year, 10, 1) in notes
        assert all(n.kind is DayKind.HOLIDAY for n in notes.values())


def test_observed_days_are_real_in_announced_years_and_never_invented_after():
    # 2026-10-03 is a Saturday: the notice gave Monday 10-05 off.
    assert dt.date(2026, 10, 5) in HolidayCalendar().notes(2026)
    # 2033-10-01 is a Saturday: without a notice no Monday off is invented.
    notes = HolidayCalendar().notes(2033)
    assert dt.date(2033, 10, 3) in notes
    assert dt.date(2033, 10, 4) not in notes and dt.date(2033, 10, 5) not in notes
    assert not any("补" in n.name for n in notes.values())


def test_a_day_off_moves_to_the_next_working_day_in_the_month_or_back():
    calendar = HolidayCalendar()
    assert calendar.working_day_near(dt.date(2026, 10, 1)) == dt.date(2026, 10, 8)  # 1-7 off, 5 补假
    assert calendar.working_day_near(dt.date(2026, 11, 21)) == dt.date(2026, 11, 23)  # a Saturday
    # the last day of a month on a weekend moves back, staying in the month
    assert calendar.working_day_near(dt.date(2026, 5, 31)) == dt.date(2026, 5, 29)
    assert calendar.working_day_near(dt.date(2026, 11, 24)) == dt.date(2026, 11, 24)


def test_english_names_when_asked():
    assert HolidayCalendar(english=True).notes(2026)[dt.date(2026, 10, 1)].name == "National Day"
