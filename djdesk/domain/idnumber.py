"""Citizen ID numbers (GB 11643-1999): normalising, the check character, birth date and sex."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from djdesk.i18n import N_, _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
# Full-width digits and letters as typed with a Chinese input method.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９ＸｘＶｖ", "0123456789XxVv")


class IdProblem(Enum):
    """Why a number is refused; each value is the untranslated message."""

    EMPTY = N_("is empty")
    LENGTH = N_("must have 18 characters (or 15 digits for an old card), it has {count}")
    CHARACTERS = N_("may only hold digits and a final X")
    BIRTH_DATE = N_("characters 7-14 are not a valid birth date")
    CHECK = N_("wrong check character (the last one should be {expected})")


class InvalidIdNumber(ValueError):
    def __init__(self, problem: IdProblem, **details: object) -> None:
        super().__init__(problem.name)
        self.problem = problem
        self.details = details

    def message(self) -> str:
        return _(self.problem.value).format(**self.details)


@dataclass(frozen=True)
class CitizenId:
    """A checked 18-character number with what it tells."""

    number: str
    birth_date: dt.date
    male: bool


def clean(raw: str) -> str:
    """Full-width to ASCII, spaces removed, x upper-cased: the form numbers are stored in."""
    return "".join(raw.translate(_FULL_WIDTH).split()).upper()


def check_character(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def _birth(digits8: str) -> dt.date | None:
    try:
        return dt.date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:8]))
    except ValueError:
        return None


def parse(raw: str) -> CitizenId:
    """Check a citizen ID number; a 15-digit one from before 1999 is converted to 18.

    Raises InvalidIdNumber with the reason.
    """
    number = clean(raw)
    if not number:
        raise InvalidIdNumber(IdProblem.EMPTY)
    if len(number) == 15:
        if not number.isdigit():
            raise InvalidIdNumber(IdProblem.CHARACTERS)
        # Old cards carry a two-digit year of the 1900s and no check character.
        first17 = number[:6] + "19" + number[6:]
        number = first17 + check_character(first17)
    if len(number) != 18:
        raise InvalidIdNumber(IdProblem.LENGTH, count=len(number))
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidIdNumber(IdProblem.CHARACTERS)
    birth = _birth(number[6:14])
    if birth is None or birth.year < 1900:
        raise InvalidIdNumber(IdProblem.BIRTH_DATE)
    expected = check_character(number[:17])
    if number[17] != expected:
        raise InvalidIdNumber(IdProblem.CHECK, expected=expected)
    return CitizenId(number=number, birth_date=birth, male=int(number[16]) % 2 == 1)


def make(area: str, birth: dt.date, sequence: int) -> str:
    """Build a valid number (demo data, tests): 6-digit area, birth date, 3-digit sequence."""
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


def mask(number: str) -> str:
    """620102********1234: enough to tell people apart on screen, not enough to misuse."""
    if len(number) <= 10:
        return number
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
