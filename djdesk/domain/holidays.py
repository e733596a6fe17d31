"""China's statutory holidays and announced 调休 days for any year, from the `holidays` library.

The library computes the holidays of every year (lunar dates included). The 调休 swaps and
补假 days exist only for years whose State Council notice it carries (days off labelled with
the weekend day worked instead); a later year simply has none, never an error.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from enum import Enum

# The label of a swapped day off: "休息日（由 2026-01-04 调休）" in the library's own language.
_SWAPPED_FROM = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DAY_OFF_MARK = "调休"


class DayKind(Enum):
    HOLIDAY = "holiday"  # a statutory holiday or a day off swapped in
    WORKDAY = "workday"  # a weekend day worked instead (调休上班)


@dataclass(frozen=True)
class DayNote:
    kind: DayKind
    name: str


@functools.lru_cache(maxsize=64)
def _year(year: int, english: bool) -> dict[dt.date, DayNote]:
    from holidays.countries.china import (
        China,  # ~0.5 s to import: only when a calendar is shown
    )

    # observed=False: the default would invent 补假 days for years without a State Council
    # notice. A year whose notice the library carries (it has 调休 swaps) gets its 补假 days,
    # which the notice really gave (2026-10-05 for National Day on a Saturday).
    native = China(years=year, observed=False, language="zh_CN")
    if any(_DAY_OFF_MARK in label for label in native.values()):
        native = China(years=year, observed=True, language="zh_CN")
    announced = native.observed
    names = native
    if english:
        try:
            names = China(years=year, observed=announced, language="en_US")
        except Exception:  # a bundle without the library's catalogues: Chinese names will do
            names = native
    notes: dict[dt.date, DayNote] = {}
    for day, label in sorted(native.items()):
        notes[day] = DayNote(DayKind.HOLIDAY, names.get(day, label))
        if _DAY_OFF_MARK in label:
            match = _SWAPPED_FROM.search(label)
            if match:
                worked = dt.date(*(int(g) for g in match.groups()))
                workday_name = "Make-up workday" if english else "调休上班"
                notes.setdefault(worked, DayNote(DayKind.WORKDAY, workday_name))
    return notes


class HolidayCalendar:
    """Which days are days off, and the names to show on them, for any year."""

    def __init__(self, *, english: bool = False) -> None:
        self.english = english

    def notes(self, year: int) -> dict[dt.date, DayNote]:
        """Holidays and 调休 workdays of a year. A 调休 workday in late December may belong to
        the next year's notice, so the neighbours are read too."""
        merged: dict[dt.date, DayNote] = {}
        for y in (year - 1, year, year + 1):
            for day, note in _year(y, self.english).items():
                if day.year == year:
                    merged.setdefault(day, note)
        return merged

    def note(self, day: dt.date) -> DayNote | None:
        return self.notes(day.year).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        note = self.note(day)
        if note is not None:
            return note.kind is DayKind.WORKDAY
        return day.weekday() < 5

    def working_day_near(self, day: dt.date) -> dt.date:
        """The day itself if it is a working day, else the next one in the same month, else the
        last one before it (a meeting planned for a month stays in that month)."""
        forward = day
        while forward.month == day.month:
            if self.is_working_day(forward):
                return forward
            forward += dt.timedelta(days=1)
        backward = day
        while backward.month == day.month:
            if self.is_working_day(backward):
                return backward
            backward -= dt.timedelta(days=1)
        return day
