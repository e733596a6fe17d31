"""The texts the party dues printouts and workbooks share: periods, captions, marks, totals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from djdesk.domain.dues import yuan
from djdesk.domain.minutes import date_text
from djdesk.i18n import N_, _

if TYPE_CHECKING:
    from djdesk.services.dues import (
        ExtraRow,
        Handover,
        HandoverLine,
        PersonYear,
        YearCell,
    )

BLANK = "__________"
NOT_DUE = "—"  # a month the member did not owe (not yet admitted, left, before the records)
MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"), N_("Aug"),
          N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))
QUARTERS = (N_("{year}, first quarter"), N_("{year}, second quarter"), N_("{year}, third quarter"),
            N_("{year}, fourth quarter"))


def amount(fen: int) -> str:
    """123.45元 in running text; table cells carry the bare number (the unit is said above the table)."""
    return _("{amount} yuan").format(amount=yuan(fen))


def month_text(month: dt.date) -> str:
    return _("{month}/{year}").format(month=month.month, year=month.year)


def period_text(months: Sequence[dt.date]) -> str:
    """2026年6月, 2026年第二季度, or 2026年4月至2026年5月."""
    if not months:
        return ""
    first, last = min(months), max(months)
    if len(months) == 1:
        return month_text(first)
    calendar_quarter = (len(set(months)) == 3 and first.year == last.year and first.month % 3 == 1
                        and last.month == first.month + 2)
    if calendar_quarter:
        return _(QUARTERS[first.month // 3]).format(year=first.year)
    return _("{first} to {last}").format(first=month_text(first), last=month_text(last))


def month_heads(months: Sequence[dt.date]) -> list[str]:
    """4月 5月 6月; with the year when the months run over a new year."""
    if len({m.year for m in months}) > 1:
        return [month_text(m) for m in months]
    return [_(MONTHS[m.month - 1]) for m in months]


def handover_title(handover: Handover) -> str:
    return _("{branch} party dues collection sheet").format(branch=handover.branch.strip()).strip()


def period_line(handover: Handover) -> str:
    return _("Period: {period}").format(period=period_text(handover.months))


def info_line(handover: Handover) -> str:
    return "    ".join([period_line(handover), unit_line()])


def order_line(count: int) -> str:
    return _("Members: {count} (in the order of surname strokes)").format(count=count)


def unpaid_mark() -> str:
    return _("unpaid")


def exempt_mark() -> str:
    return _("Exempt")


def no_base_note() -> str:
    return _("no dues base entered")


def large_note() -> str:
    return _("Paid at once 1,000 yuan or more: handed over in full")


def handover_heads() -> list[str]:
    """The captions standing over two header rows: 应交 and 实交 go under each month and 合计."""
    return [_("No."), _("Name"), _("Dues base")]


def pair_heads() -> list[str]:
    return [_("Amount due"), _("Amount paid")]


def unit_line() -> str:
    """The amounts' unit, said once above the table rather than in every caption."""
    return _("Amounts in yuan")


def has_total(handover: Handover) -> bool:
    """One month's 实交 is its total already: a 合计 column only for several months."""
    return len(handover.months) > 1


def owed(due: int | None, paid: int | None) -> bool:
    return due is not None and due > 0 and not paid


def cell_texts(due: int | None, paid: int | None) -> tuple[str, str]:
    """A month's 应交 and 实交: the amounts, 未交 when owed, 免交 when the due is nothing."""
    if due is None:
        return NOT_DUE, yuan(paid) if paid else NOT_DUE
    if paid:
        return yuan(due), yuan(paid)
    return yuan(due), unpaid_mark() if due > 0 else exempt_mark()


def line_totals(line: HandoverLine) -> tuple[int, int]:
    return sum(d for d in line.due_fen if d), sum(p for p in line.paid_fen if p)


def line_remarks(line: HandoverLine) -> str:
    return no_base_note() if line.base_fen is None else ""


def handover_texts(handover: Handover) -> list[list[str]]:
    rows = []
    for n, line in enumerate(handover.lines, start=1):
        cells = [t for due, paid in zip(line.due_fen, line.paid_fen) for t in cell_texts(due, paid)]
        totals = [yuan(t) for t in line_totals(line)] if has_total(handover) else []
        # A flat-rate member's (学生 0.2 元) base is kept as 0: no figure beats a 0.00 that reads as a salary.
        base = yuan(line.base_fen) if line.base_fen else ""
        rows.append([str(n), line.name, base, *cells, *totals, line_remarks(line)])
    return rows


def month_sums(handover: Handover) -> list[tuple[int, int]]:
    """Each month's 应交 and 实交 over the branch."""
    lines = handover.lines
    return [(sum(x.due_fen[i] or 0 for x in lines), sum(x.paid_fen[i] or 0 for x in lines))
            for i in range(len(handover.months))]


def total_texts(handover: Handover) -> list[str]:
    """The 合计 row from the third column on (合计 spans 序号 and 姓名; 基数 is not summed)."""
    sums = [yuan(fen) for pair in month_sums(handover) for fen in pair]
    if has_total(handover):
        sums += [yuan(handover.total_due_fen), yuan(handover.total_paid_fen)]
    return ["", *sums, ""]


def unpaid_count(handover: Handover) -> int:
    return sum(owed(d, p) for line in handover.lines for d, p in zip(line.due_fen, line.paid_fen))


def summary_parts(handover: Handover) -> list[tuple[str, int]]:
    """应收、实收、自愿多交、合计上缴 (the regular dues received and every voluntary payment)."""
    return [(_("Dues receivable"), handover.total_due_fen), (_("Dues received"), handover.total_paid_fen),
            (_("Voluntary extra dues"), handover.total_extra_fen),
            (_("Handed over in total"), handover.total_paid_fen + handover.total_extra_fen)]


def summary_line(handover: Handover) -> str:
    return "    ".join(_("{label}: {text}").format(label=label, text=amount(fen))
                       for label, fen in summary_parts(handover))


def unpaid_line(handover: Handover) -> str:
    """未交 in member-months and 元; nothing when all is paid."""
    count = unpaid_count(handover)
    if not count:
        return ""
    owing = sum(d for line in handover.lines for d, p in zip(line.due_fen, line.paid_fen) if owed(d, p))
    return _("Not paid: {count} member-months, {amount}").format(count=count, amount=amount(owing))


def extras_heading() -> str:
    return _("Voluntary extra dues")


def extras_heads() -> list[str]:
    return [_("No."), _("Name"), _("Paid on"), _("Amount (yuan)"), _("Remarks")]


def extra_remarks(extra: ExtraRow) -> str:
    parts = [large_note()] if extra.large else []
    return _("; ").join([*parts, extra.note.strip()] if extra.note.strip() else parts)


def extras_texts(handover: Handover) -> list[list[str]]:
    return [[str(n), e.name, date_text(e.paid_on), yuan(e.amount_fen), extra_remarks(e)]
            for n, e in enumerate(handover.extras, start=1)]


def no_extras() -> str:
    return _("No voluntary extra dues in this period.")


def signature_parts() -> list[str]:
    return [_("Collected by: {blank}").format(blank=BLANK), _("Handled by: {blank}").format(blank=BLANK),
            _("Branch secretary: {blank}").format(blank=BLANK), _("Date:      year    month    day")]


def year_title(year: int) -> str:
    return _("Party dues paid in {year}").format(year=year)


def until_text(month: dt.date | None) -> str:
    return _("nothing paid yet") if month is None else month_text(month)


# -- a member's year ----------------------------------------------------------------------
def _paid_on(cell: YearCell) -> dt.date | None:
    # The payment's date, where the service's cell carries one (a PaymentRow has it).
    return getattr(cell, "paid_on", None)


def has_dates(person_year: PersonYear) -> bool:
    """交纳日期 is printed when the cells know it; an always empty column is not."""
    return any(_paid_on(cell) for cell in person_year.cells)


def year_heads(person_year: PersonYear) -> list[str]:
    dates = [_("Paid on")] if has_dates(person_year) else []
    return [_("For the month"), *pair_heads(), *dates, _("Remarks")]


def year_texts(person_year: PersonYear, today: dt.date | None = None) -> list[list[str]]:
    """月份, 应交, 实交, (交纳日期,) 备注. A month owed is marked 未交 only once it has come
    (up to `today`'s month): the months ahead are simply not paid yet."""
    current = None if today is None else today.replace(day=1)
    names = month_heads([cell.month for cell in person_year.cells])
    rows = []
    for name, cell in zip(names, person_year.cells):
        due = NOT_DUE if cell.due_fen is None else yuan(cell.due_fen)
        paid = yuan(cell.paid_fen) if cell.paid_fen else NOT_DUE if cell.due_fen is None else ""
        remark = ""
        if not cell.paid_fen and (cell.exempt or cell.due_fen == 0):
            remark = exempt_mark()
        elif owed(cell.due_fen, cell.paid_fen) and current is not None and cell.month <= current:
            remark = unpaid_mark()
        day = _paid_on(cell)
        dates = [date_text(day) if day else ""] if has_dates(person_year) else []
        rows.append([name, due, paid, *dates, remark])
    return rows


def year_lines(person_year: PersonYear) -> list[str]:
    """The year's 应交 and 实交, 自愿多交 apart, and 党费交至."""
    return ["    ".join([_("{label}: {text}").format(label=_("Due this year"), text=amount(person_year.due_fen)),
                        _("{label}: {text}").format(label=_("Paid this year"), text=amount(person_year.paid_fen)),
                        _("{label}: {text}").format(label=_("Voluntary extra dues"),
                                                    text=amount(person_year.extras_fen))]),
            _("{label}: {text}").format(label=_("Dues paid up to"), text=until_text(person_year.dues_until))]
