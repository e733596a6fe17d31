"""Dates known to the day or only to the month (1985.03), as old records give them."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from djdesk.i18n import _

# 1985-03-12, 1985.3.12, 1985/3/12, 1985年3月12日, 1985—03 and month-only forms; a trailing
# dot ("1985.03.") or a time of day ("1985-03-12 00:00:00", as text exported from databases)
# is allowed and ignored.
_SEPARATED = re.compile(
    r"^(?P<y>\d{4})\s*(?:[.\-/—–]|年)\s*(?P<m>\d{1,2})\s*(?:月)?"
    r"(?:\s*(?:[.\-/—–]|(?<=月))\s*(?P<d>\d{1,2})\s*(?:日|号)?)?\s*\.?"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*$"
)
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})?$")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－／", "0123456789.-/")


class InvalidDate(ValueError):
    """Text that is not a date in any form the office uses; the message says which forms are."""

    def __init__(self, text: str) -> None:
        super().__init__(
            _("“{text}” is not a date; write it like 1985-03-12, 1985.03.12 or 1985.03").format(
                text=text
            )
        )


@dataclass(frozen=True, order=False)
class PartialDate:
    """A calendar date whose day may be unknown; never invented to a day when it is."""

    year: int
    month: int
    day: int | None = None

    def __post_init__(self) -> None:
        # Raises ValueError for impossible dates (1985-02-30, month 13).
        dt.date(self.year, self.month, self.day or 1)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def of(cls, day: dt.date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    @classmethod
    def from_iso(cls, text: str) -> PartialDate:
        """The stored form: YYYY-MM-DD or YYYY-MM."""
        parts = text.split("-")
        if len(parts) == 2:
            return cls(int(parts[0]), int(parts[1]))
        if len(parts) == 3:
            return cls(int(parts[0]), int(parts[1]), int(parts[2]))
        raise ValueError(f"not a stored partial date: {text!r}")

    @classmethod
    def parse(cls, text: str) -> PartialDate | None:
        """A date as people type it; None for blank text, InvalidDate for anything else.

        Accepts 1985-03-12, 1985/3/12, 1985.3.12, 1985年3月12日, 19850312 and the
        month-only forms 1985.03, 1985.3, 1985-03, 1985年3月, 198503.
        """
        cleaned = text.translate(_FULL_WIDTH).strip()
        if not cleaned:
            return None
        match = _SEPARATED.match(cleaned) or _COMPACT.match(cleaned)
        if not match:
            raise InvalidDate(text)
        day = match.group("d")
        try:
            return cls(int(match.group("y")), int(match.group("m")), int(day) if day else None)
        except ValueError:
            raise InvalidDate(text) from None

    # -- reading ------------------------------------------------------------------------
    @property
    def precise(self) -> bool:
        return self.day is not None

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day is not None:
            return dt.date(self.year, self.month, self.day)
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def isoformat(self) -> str:
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self) -> str:
        """1985.03.12, or 1985.03 when only the month is known (the office's own notation)."""
        if self.day is None:
            return f"{self.year:04d}.{self.month:02d}"
        return f"{self.year:04d}.{self.month:02d}.{self.day:02d}"

    def __str__(self) -> str:
        return self.display()

    # -- comparing ----------------------------------------------------------------------
    def certainly_before(self, other: PartialDate) -> bool:
        """True only when every day this may be falls before every day `other` may be."""
        return self.last_day() < other.first_day()

    def certainly_after(self, other: PartialDate) -> bool:
        return other.certainly_before(self)

    def agrees_with(self, day: dt.date) -> bool:
        """Whether a (possibly month-only) date may be the given day."""
        return self.first_day() <= day <= self.last_day()

    def sort_key(self) -> str:
        return self.isoformat()


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: PartialDate, months: int) -> PartialDate:
    """The same day `months` later (31 January + 1 month is 28 or 29 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if day.day is None:
        return PartialDate(year, month + 1)
    return PartialDate(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def full_years(born: dt.date, on: dt.date) -> int:
    """Age in whole years (or 党龄): birthdays not yet reached this year do not count."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years
