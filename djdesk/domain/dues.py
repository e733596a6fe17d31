"""Party dues (党费) by the national rules: brackets, rounding, the base in force for a month,
the months due and the arrears; pure and exact (money is integer fen, 1 元 = 100 fen)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from djdesk.domain.choices import Choice
from djdesk.i18n import N_, _

FEN = 100
FLAT_FEN = 20  # 0.2 元 a month: students, the unemployed, those on 抚恤/救济/低保
MAX_BASE_FEN = 1_000_000 * FEN  # a base over a million 元 a month is a typing slip
MAX_MONTHS = 6  # in advance or in arrears at once, with approval
ARREARS_FLAG = 6  # 党章 Article 9: six months unpaid without good reason
ARTICLE_9 = N_("Party Constitution, Article 9: a member who fails to pay dues for six consecutive months "
               "without proper reason is regarded as having given up membership.")


class DuesKind(Choice):
    """What a member's dues are reckoned on (中共中央组织部《关于中国共产党党费收缴、使用和管理的规定》)."""

    IN_SERVICE = ("in_service", N_("Salary (在职)"))
    RETIRED = ("retired", N_("Pension (离退休)"))
    STUDENT = ("student", N_("Student"))
    UNEMPLOYED = ("unemployed", N_("Laid off or unemployed"))
    RELIEF = ("relief", N_("Pension for the bereaved, relief or subsistence allowance"))
    FIXED = ("fixed", N_("Other: a fixed amount"))


class PayMethod(Choice):
    CASH = ("cash", N_("Cash"))
    TRANSFER = ("transfer", N_("Transfer"))


FLAT_KINDS = frozenset({DuesKind.STUDENT, DuesKind.UNEMPLOYED, DuesKind.RELIEF})
# (upper bound of the bracket in fen inclusive, rate); None: no upper bound.
BRACKETS: dict[DuesKind, tuple[tuple[int | None, Decimal], ...]] = {
    DuesKind.IN_SERVICE: ((3000 * FEN, Decimal("0.005")), (5000 * FEN, Decimal("0.01")),
                          (10000 * FEN, Decimal("0.015")), (None, Decimal("0.02"))),
    DuesKind.RETIRED: ((5000 * FEN, Decimal("0.005")), (None, Decimal("0.01"))),
}


def rate(kind: DuesKind, base_fen: int) -> Decimal | None:
    """The bracket's rate; None for a flat or fixed amount. The whole base is charged at the
    rate of its bracket (not bracket by bracket, as income tax is)."""
    for upper, value in BRACKETS.get(kind, ()):
        if upper is None or base_fen <= upper:
            return value
    return None


def rounded(amount_fen: Decimal, *, to_jiao: bool = False) -> int:
    """Half up to the fen, or (a setting) to the 角: 0.05 元 and more up, less down."""
    step = Decimal(10) if to_jiao else Decimal(1)
    return int((amount_fen / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)


def monthly(kind: DuesKind, base_fen: int, *, to_jiao: bool = False) -> int:
    """The month's dues in fen: base × rate rounded, 0.2 元 flat, or the fixed amount itself."""
    if kind in FLAT_KINDS:
        return FLAT_FEN
    if kind is DuesKind.FIXED:
        return base_fen
    found = rate(kind, base_fen)
    assert found is not None
    return rounded(Decimal(base_fen) * found, to_jiao=to_jiao)


def yuan(fen: int) -> str:
    """12345 → "123.45"."""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // FEN}.{abs(fen) % FEN:02d}"


def parse_yuan(text: str) -> int:
    """"1234.5" or "1,234.50 元" → 123450 fen; ValueError with a message to show."""
    cleaned = text.strip().replace(",", "").replace("，", "").removesuffix("元").strip()
    cleaned = cleaned.translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    if not cleaned:
        raise ValueError(_("enter an amount in yuan, e.g. 4500 or 4500.50"))
    try:
        value = Decimal(cleaned)
        if not value.is_finite() or abs(value) >= 10**15:  # "1e30", "Infinity": not money
            raise ArithmeticError
        exact = value == value.quantize(Decimal("0.01"))
    except ArithmeticError:
        raise ValueError(_("not an amount: {text}").format(text=text.strip())) from None
    if not exact:
        raise ValueError(_("at most two decimals (fen)"))
    return int(value * FEN)


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month from `first` to `last`, both included (empty when last is before first)."""
    found, month = [], month_of(first)
    while month <= month_of(last):
        found.append(month)
        month = add_months(month, 1)
    return found


@dataclass(frozen=True)
class Base:
    valid_from: dt.date  # the first month it applies to
    kind: DuesKind
    amount_fen: int


def base_in_force(bases: Iterable[Base], month: dt.date, *, yearly: bool = False) -> Base | None:
    """The base for `month`: the newest that applies by then. Where the base is fixed each
    January (每年初核定，年内不变), a change during a year counts from the next January."""
    cutoff = dt.date(month.year, 1, 1) if yearly else month_of(month)
    chosen = None
    for base in sorted(bases, key=lambda b: b.valid_from):
        if base.valid_from <= cutoff:
            chosen = base
    if chosen is None and yearly:
        # A member's first base, entered during their first year: it applies from its month.
        first = min(bases, key=lambda b: b.valid_from, default=None)
        if first is not None and first.valid_from.year == month.year and first.valid_from <= month_of(month):
            chosen = first
    return chosen


def due_months(admitted: dt.date | None, left: dt.date | None, until: dt.date) -> list[dt.date]:
    """The months a member owes dues for: from the month the 支部大会 admitted them (预备党员
    included) to the month they left (included), and no later than `until`."""
    if admitted is None:
        return []
    last = month_of(until) if left is None else min(month_of(left), month_of(until))
    return months(admitted, last)


def unpaid_run(due: Iterable[dt.date], settled: set[dt.date], until: dt.date) -> int:
    """Consecutive months unpaid up to `until` (the months due, neither paid nor exempt)."""
    run = 0
    for month in sorted((m for m in due if m <= month_of(until)), reverse=True):
        if month in settled:
            break
        run += 1
    return run
