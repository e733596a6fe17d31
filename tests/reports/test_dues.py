"""The 党费收缴明细表 and a member's year (PDF and xlsx) from hand-built tables, read back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from djdesk.domain.dues import PayMethod
from djdesk.i18n import _
from djdesk.reports.dues import write_handover_pdf, write_person_year_pdf
from djdesk.reports.dues_texts import period_text
from djdesk.reports.pages import PdfResult
from djdesk.services.dues import (
    ExtraRow,
    Handover,
    HandoverLine,
    PersonYear,
    YearCell,
    YearLine,
    YearTable,
)
from djdesk.sheets.dues import write_handover_xlsx, write_year_xlsx
from tests.conftest import TODAY
from tests.reports import test_roster_pdf

SCHOOL = "测试中学"
BRANCH = "中共测试中学第一党支部委员会"
APR, MAY, JUN = dt.date(2026, 4, 1), dt.date(2026, 5, 1), dt.date(2026, 6, 1)
Q2 = (APR, MAY, JUN)
BLANK = "__________"
LARGE = "Paid at once 1,000 yuan or more: handed over in full"


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def yuan(text: str) -> str:
    return _("{amount} yuan").format(amount=text)


def extra(n: int, name: str, on: dt.date, fen: int, note: str = "") -> ExtraRow:
    return ExtraRow(n, n, name, "第一党支部", on, fen, PayMethod.CASH, "李平", note)


def handover_of(lines: list[HandoverLine], extras: tuple[ExtraRow, ...] = (), months: tuple[dt.date, ...] = Q2,
                branch_name: str = BRANCH) -> Handover:
    """The totals as the service makes them: what is due, what was paid, the extras."""
    return Handover(SCHOOL, branch_name, months, tuple(lines), extras,
                    total_due_fen=sum(d or 0 for line in lines for d in line.due_fen),
                    total_paid_fen=sum(line.total_fen for line in lines),
                    total_extra_fen=sum(e.amount_fen for e in extras))


def line(name: str, base: int | None, due: tuple[int | None, ...], paid: tuple[int | None, ...]) -> HandoverLine:
    return HandoverLine(name, base, due, paid, sum(p or 0 for p in paid))


@pytest.fixture
def quarter() -> Handover:
    """A branch's second quarter: one paid in full, one with June unpaid, one admitted in May,
    one exempt, one without a base; a voluntary payment of 1,200 元 and one of 50 元."""
    return handover_of([
        line("丁预备", 300000, (None, 1500, 1500), (None, 1500, 1500)),
        line("王建国", 450000, (4500, 4500, 4500), (4500, 4500, 4500)),
        line("李平", 600000, (9000, 9000, 9000), (9000, 9000, None)),
        line("赵思远", 450000, (0, 0, 0), (None, None, None)),
        line("钱安", None, (None, None, None), (None, None, None)),
    ], (extra(1, "王建国", dt.date(2026, 5, 20), 120000), extra(2, "李平", dt.date(2026, 6, 1), 5000, "七一")))


def page_texts(path: Path) -> list[str]:
    """Each page's text with plain line ends (pdfium ends lines with \\r\\n)."""
    return [text.replace("\r\n", "\n") for text in test_roster_pdf.page_texts(path)]


def rows_of(text: str) -> list[tuple[str, ...]]:
    """The members' lines of the main table (before the extras): 序号, 姓名, then the cells."""
    table = text.split(_("Voluntary extra dues"))[0]
    return [(n, name, *rest.split()) for n, name, rest in re.findall(r"(?m)^(\d+) (\S+) ?(.*?)\s*$", table)]


def page_sizes(path: Path) -> list[tuple[float, float]]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return [pdf[index].get_size() for index in range(len(pdf))]
    finally:
        pdf.close()


# -- the hand-over sheet as a PDF ------------------------------------------------------------------
def test_a_quarter_prints_each_members_months_the_totals_the_extras_and_signatures(
        quarter: Handover, tmp_path: Path) -> None:
    path = tmp_path / "党费收缴明细表.pdf"
    result = write_handover_pdf(path, quarter)
    texts = page_texts(path)
    assert result == PdfResult(pages=len(texts), missing={}) and len(texts) == 1
    (width, height), = page_sizes(path)
    assert width > height  # three months: landscape
    text = texts[0]
    assert flat(_("{branch} party dues collection sheet").format(branch=BRANCH)) in flat(text)
    assert flat(_("Period: {period}").format(period=_("{year}, second quarter").format(year=2026))) in flat(text)
    assert flat(_("Members: {count} (in the order of surname strokes)").format(count=5)) in flat(text)
    for head in ("No.", "Name", "Dues base", "Apr", "May", "Jun", "Total", "Remarks", "Amount due", "Amount paid"):
        assert flat(_(head)) in flat(text), head
    unpaid, exempt = _("unpaid"), _("Exempt")
    assert rows_of(text) == [
        ("1", "丁预备", "3000.00", "—", "—", "15.00", "15.00", "15.00", "15.00", "30.00", "30.00"),
        ("2", "王建国", "4500.00", "45.00", "45.00", "45.00", "45.00", "45.00", "45.00", "135.00", "135.00"),
        ("3", "李平", "6000.00", "90.00", "90.00", "90.00", "90.00", "90.00", unpaid, "270.00", "180.00"),
        ("4", "赵思远", "4500.00", "0.00", exempt, "0.00", exempt, "0.00", exempt, "0.00", "0.00"),
        ("5", "钱安", "—", "—", "—", "—", "—", "—", "0.00", "0.00", *_("no dues base entered").split()),
    ]
    # 合计: each month's 应交 and 实交, then the quarter's (435.00 due, 345.00 paid)
    totals = re.search(rf"(?m)^{re.escape(_('Total'))} ([\d. ]+)$", text)
    assert totals and totals.group(1).split() == ["135.00", "135.00", "150.00", "150.00", "150.00", "60.00",
                                                   "435.00", "345.00"]
    assert flat(_("Not paid: {count} member-months, {amount}").format(count=1, amount=yuan("90.00"))) in flat(text)

    extras = flat(text).split(flat(_("Voluntary extra dues")), 1)[1]
    for head in ("No.", "Name", "Paid on", "Amount (yuan)", "Remarks"):
        assert flat(_(head)) in extras, head
    first = "1王建国" + flat(_("{year}-{month}-{day}").format(year=2026, month=5, day=20)) + "1200.00" + flat(_(LARGE))
    assert first in extras
    assert "2李平" + flat(_("{year}-{month}-{day}").format(year=2026, month=6, day=1)) + "50.00七一" in extras
    assert extras.count(flat(_(LARGE))) == 1  # 50 元 is not noted

    summary = [_("{label}: {text}").format(label=_(label), text=yuan(value)) for label, value in (
        ("Dues receivable", "435.00"), ("Dues received", "345.00"), ("Voluntary extra dues", "1250.00"),
        ("Handed over in total", "1595.00"))]
    signatures = [_("Collected by: {blank}").format(blank=BLANK), _("Handled by: {blank}").format(blank=BLANK),
                  _("Branch secretary: {blank}").format(blank=BLANK), _("Date:      year    month    day")]
    after = flat(text).split(first, 1)[1]
    assert flat("".join(summary + signatures)) in after  # the totals, then the signature lines, in that order


def test_one_month_is_portrait_without_a_total_column(quarter: Handover, tmp_path: Path) -> None:
    june = dataclasses.replace(quarter, months=(JUN,), extras=(), lines=tuple(
        dataclasses.replace(x, due_fen=x.due_fen[2:], paid_fen=x.paid_fen[2:], total_fen=x.paid_fen[2] or 0)
        for x in quarter.lines))
    june = dataclasses.replace(june, total_due_fen=15000, total_paid_fen=6000, total_extra_fen=0)
    path = tmp_path / "june.pdf"
    assert write_handover_pdf(path, june) == PdfResult(pages=1, missing={})
    (width, height), = page_sizes(path)
    assert width < height
    (text,) = page_texts(path)
    assert flat(_("Period: {period}").format(period=_("{month}/{year}").format(month=6, year=2026))) in flat(text)
    assert [row[2:] for row in rows_of(text)] == [
        ("3000.00", "15.00", "15.00"), ("4500.00", "45.00", "45.00"), ("6000.00", "90.00", _("unpaid")),
        ("4500.00", "0.00", _("Exempt")), ("—", "—", *_("no dues base entered").split())]
    assert re.search(rf"(?m)^{re.escape(_('Total'))} 150.00 60.00$", text)  # no second pair for the total
    assert flat(_("No voluntary extra dues in this period.")) in flat(text)
    assert flat(_("{label}: {text}").format(label=_("Handed over in total"), text=yuan("60.00"))) in flat(text)


def test_all_paid_says_nothing_of_unpaid_and_1000_yuan_exactly_is_noted(quarter: Handover, tmp_path: Path) -> None:
    paid = [dataclasses.replace(x, paid_fen=x.due_fen, total_fen=sum(d or 0 for d in x.due_fen))
            for x in quarter.lines]
    extras = (extra(1, "王建国", dt.date(2026, 4, 2), 100000), extra(2, "李平", dt.date(2026, 4, 3), 99999, "七一"))
    path = tmp_path / "p.pdf"
    write_handover_pdf(path, handover_of(paid, extras))
    text = flat(page_texts(path)[0])
    assert flat(_("Not paid: {count} member-months, {amount}").split(":")[0]) not in text
    assert "1000.00" + flat(_(LARGE)) in text and "999.99七一" in text
    assert text.count(flat(_(LARGE))) == 1


def test_a_branch_without_members_still_prints_its_sheet(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    assert write_handover_pdf(path, handover_of([], branch_name="")) == PdfResult(pages=1, missing={})
    text = flat(page_texts(path)[0])
    assert flat(_("{branch} party dues collection sheet").format(branch="").strip()) in text
    assert flat(_("Members: {count} (in the order of surname strokes)").format(count=0)) in text
    assert flat(_("{label}: {text}").format(label=_("Handed over in total"), text=yuan("0.00"))) in text
    write_handover_xlsx(tmp_path / "empty.xlsx", handover_of([]))
    rows = list(load_workbook(tmp_path / "empty.xlsx")[_("Dues collection")].iter_rows(values_only=True))
    assert rows[4][:4] == (_("Total"), None, None, 0)


@pytest.mark.parametrize(("months", "expected"), [
    ((JUN,), ("{month}/{year}", dict(month=6, year=2026))),
    ((dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)), ("{year}, first quarter", dict(year=2026))),
    ((dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)), ("{year}, fourth quarter", dict(year=2026))),
])
def test_the_period_names_a_month_or_a_quarter(months: tuple[dt.date, ...], expected: tuple[str, dict]) -> None:
    assert period_text(months) == _(expected[0]).format(**expected[1])


def test_months_that_are_not_a_quarter_print_as_a_range_with_years_in_the_heads(tmp_path: Path) -> None:
    months = (dt.date(2025, 12, 1), dt.date(2026, 1, 1))
    month = _("{month}/{year}")
    assert period_text(months) == _("{first} to {last}").format(first=month.format(month=12, year=2025),
                                                                last=month.format(month=1, year=2026))
    assert period_text((APR, MAY)) == _("{first} to {last}").format(first=month.format(month=4, year=2026),
                                                                    last=month.format(month=5, year=2026))
    path = tmp_path / "r.pdf"
    write_handover_pdf(path, handover_of([line("王建国", 450000, (4500, 4500), (4500, 4500))], months=months))
    text = flat(page_texts(path)[0])
    assert flat(month.format(month=12, year=2025)) in text and flat(month.format(month=1, year=2026)) in text


def crowd(count: int, months: tuple[dt.date, ...] = Q2) -> list[HandoverLine]:
    surnames, given = "丁于马王方孔石白吕朱刘许孙李杨吴何张陈林", "一平安明华晓燕建国思远"
    return [line(surnames[n % 20] + given[n // 20 % 10] + given[n % 7], 450000, (4500,) * len(months),
                 (4500,) * len(months) if n % 5 else (None,) * len(months)) for n in range(count)]


@pytest.mark.parametrize("months", [Q2, (JUN,)], ids=["quarter", "month"])
def test_60_members_run_over_pages_with_the_header_repeated_and_the_title_continued(
        months: tuple[dt.date, ...], tmp_path: Path) -> None:
    many = handover_of(crowd(60, months), (extra(1, "王建国", dt.date(2026, 6, 2), 150000),), months=months)
    path = tmp_path / "big.pdf"
    result = write_handover_pdf(path, many)
    texts = page_texts(path)
    assert result == PdfResult(pages=len(texts), missing={})
    assert len(texts) == (4 if len(months) > 1 else 3)  # 17 to 20 rows a landscape page, 29 to 31 a portrait one
    title = _("{branch} party dues collection sheet").format(branch=BRANCH)
    numbers = []
    for page, text in enumerate(texts, start=1):
        found = rows_of(text)
        if found:
            assert all(flat(_(head)) in flat(text) for head in ("No.", "Name", "Amount due", "Amount paid")), page
        numbers += [int(row[0]) for row in found]
        assert _("Page {page} of {pages}").format(page=page, pages=len(texts)) in text
        assert (flat(_("{title} (continued)").format(title=title)) in flat(text)) == (page > 1)
    assert numbers == list(range(1, 61))  # everyone once, in the order given
    whole = flat("".join(texts))
    unpaid = 12 * len(months)  # every fifth member paid nothing
    assert flat(_("Not paid: {count} member-months, {amount}").format(
        count=unpaid, amount=yuan(f"{unpaid * 45}.00"))) in whole
    # the totals row never alone under a repeated header; the signatures on its page, last
    assert [row[0] for row in rows_of(texts[-1])][-2:] == ["59", "60"]
    last = flat(texts[-1])
    assert flat(_("Handed over in total")) in last and flat(_("Collected by: {blank}").format(blank=BLANK)) in last


def test_characters_the_font_lacks_are_reported(quarter: Handover, tmp_path: Path) -> None:
    rare = chr(0x20000)  # CJK Extension B: no GBK font has it
    odd = dataclasses.replace(quarter, lines=(dataclasses.replace(quarter.lines[0], name=f"王{rare}"),),
                              extras=(extra(1, "李平", dt.date(2026, 6, 1), 5000, f"{rare}字"),))
    missing = write_handover_pdf(tmp_path / "odd.pdf", odd).missing
    assert list(missing) == [rare]
    assert f"王{rare}" in missing[rare] and f"{rare}字" in missing[rare]

    year = PersonYear(1, f"王{rare}", 2026, tuple(YearCell(dt.date(2026, m, 1), 4500, None, False)
                                                   for m in range(1, 13)), 54000, 0, 0, None)
    assert list(write_person_year_pdf(tmp_path / "y.pdf", year, SCHOOL).missing) == [rare]


def test_the_font_is_embedded_as_a_subset(quarter: Handover, tmp_path: Path) -> None:
    path = tmp_path / "f.pdf"
    write_handover_pdf(path, quarter)
    raw = path.read_bytes()
    base_fonts = re.findall(rb"/BaseFont /([A-Za-z0-9+-]+)", raw)
    assert b"/FontFile2" in raw and base_fonts and all(b"+" in font for font in base_fonts)
    assert b"Helvetica" not in raw and b"STSong" not in raw


# -- a member's year --------------------------------------------------------------------------------
def a_year(dated: bool = False) -> PersonYear:
    """Admitted in March; March to May paid, June owed, exempt in August, the rest ahead."""
    cells = []
    for m in range(1, 13):
        month = dt.date(2026, m, 1)
        due = None if m < 3 else 0 if m == 8 else 4500
        cells.append(YearCell(month, due, 4500 if 3 <= m <= 5 else None, m == 8))
    if dated:  # a service whose cells carry the payment's date
        @dataclasses.dataclass(frozen=True)
        class DatedCell(YearCell):
            paid_on: dt.date | None = None
        cells = [DatedCell(c.month, c.due_fen, c.paid_fen, c.exempt, dt.date(2026, 5, 8) if c.paid_fen else None)
                 for c in cells]
    return PersonYear(7, "王建国", 2026, tuple(cells), 4500 * 9, 4500 * 3, 120000, MAY)


def test_a_members_year_prints_the_months_totals_and_the_month_paid_up_to(tmp_path: Path) -> None:
    path = tmp_path / "year.pdf"
    assert write_person_year_pdf(path, a_year(), SCHOOL, today=TODAY) == PdfResult(pages=1, missing={})
    (width, height), = page_sizes(path)
    assert width < height
    (text,) = page_texts(path)
    assert flat(_("Party dues paid in {year}").format(year=2026)) in flat(text)
    assert flat(_("Name: {name}").format(name="王建国")) in flat(text) and SCHOOL in text
    unpaid, exempt = _("unpaid"), _("Exempt")
    months = [_(m) for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")]
    rows = [tuple(row.split()) for row in text.splitlines() if row.split() and row.split()[0] in months]
    assert rows == [
        (months[0], "—", "—"), (months[1], "—", "—"), (months[2], "45.00", "45.00"), (months[3], "45.00", "45.00"),
        (months[4], "45.00", "45.00"), (months[5], "45.00", unpaid),  # June has come: owed
        (months[6], "45.00"), (months[7], "0.00", exempt),  # July ahead: blank, not 未交
        *((months[m], "45.00") for m in range(8, 12))]
    assert re.search(rf"(?m)^{re.escape(_('Total'))} 405.00 135.00$", text)
    for label, value in (("Due this year", yuan("405.00")), ("Paid this year", yuan("135.00")),
                         ("Voluntary extra dues", yuan("1200.00")),
                         ("Dues paid up to", _("{month}/{year}").format(month=5, year=2026))):
        assert flat(_("{label}: {text}").format(label=_(label), text=value)) in flat(text), label
    assert flat(_("Prepared by: {blank}").format(blank=BLANK)) in flat(text)
    assert flat(_("Paid on")) not in flat(text)  # the cells know no dates: no empty column

    write_person_year_pdf(path, dataclasses.replace(a_year(), dues_until=None), SCHOOL)
    (text,) = page_texts(path)
    # Without today nothing is called owed ("尚未交纳", nothing paid yet, contains the same characters).
    assert unpaid not in text.replace(_("nothing paid yet"), "")
    assert flat(_("{label}: {text}").format(label=_("Dues paid up to"), text=_("nothing paid yet"))) in flat(text)


def test_a_year_whose_cells_carry_dates_prints_them(tmp_path: Path) -> None:
    path = tmp_path / "dated.pdf"
    write_person_year_pdf(path, a_year(dated=True), SCHOOL, today=TODAY)
    text = flat(page_texts(path)[0])
    assert flat(_("Paid on")) in text
    assert text.count(flat(_("{year}-{month}-{day}").format(year=2026, month=5, day=8))) == 3


# -- the workbooks -----------------------------------------------------------------------------------
def test_the_handover_workbook_has_numbers_in_yuan_and_the_printouts_marks(quarter: Handover, tmp_path: Path) -> None:
    path = tmp_path / "党费收缴明细表.xlsx"
    write_handover_xlsx(path, quarter)
    sheet = load_workbook(path)[_("Dues collection")]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == _("{branch} party dues collection sheet").format(branch=BRANCH)
    assert _("Period: {period}").format(period=_("{year}, second quarter").format(year=2026)) in rows[1][0]
    assert rows[2] == (_("No."), _("Name"), _("Dues base"), _("Apr"), None, _("May"), None, _("Jun"), None,
                       _("Total"), None, _("Remarks"))
    assert rows[3][3:11] == (_("Amount due"), _("Amount paid")) * 4
    unpaid, exempt = _("unpaid"), _("Exempt")
    assert rows[4:9] == [
        (1, "丁预备", 3000, "—", "—", 15, 15, 15, 15, 30, 30, None),
        (2, "王建国", 4500, 45, 45, 45, 45, 45, 45, 135, 135, None),
        (3, "李平", 6000, 90, 90, 90, 90, 90, unpaid, 270, 180, None),
        (4, "赵思远", 4500, 0, exempt, 0, exempt, 0, exempt, 0, 0, None),
        (5, "钱安", None, "—", "—", "—", "—", "—", "—", 0, 0, _("no dues base entered")),
    ]
    assert all(isinstance(v, float | int) and not isinstance(v, bool) for v in rows[5][2:11])  # numbers
    assert rows[9] == (_("Total"), None, None, 135, 135, 150, 150, 150, 60, 435, 345, None)
    assert sheet["D6"].number_format == "0.00" and sheet["K10"].number_format == "0.00"
    assert sheet["I7"].fill.fgColor.rgb.endswith("E0E0E0")  # 未交 shaded as printed
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:L1", "A3:A4", "C3:C4", "D3:E3", "J3:K3", "L3:L4", "A10:B10"} <= merged
    assert sheet.freeze_panes == "C5" and sheet.print_title_rows == "$3:$4"
    assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == "9"

    labels = {row[0]: row for row in rows[10:] if row[0] is not None}
    extras = [row for row in rows[10:] if row[0] in (1, 2)]
    assert extras == [(1, "王建国", dt.datetime(2026, 5, 20), 1200, _(LARGE), *[None] * 7),
                      (2, "李平", dt.datetime(2026, 6, 1), 50, "七一", *[None] * 7)]
    assert [(labels[_(k)][0], labels[_(k)][3]) for k in ("Dues receivable", "Dues received", "Voluntary extra dues",
                                                            "Handed over in total")] \
        == [(_("Dues receivable"), 435), (_("Dues received"), 345), (_("Voluntary extra dues"), 1250),
            (_("Handed over in total"), 1595)]
    assert [row for row in rows if row[0] and str(row[0]).startswith(_("Collected by: {blank}").format(blank=BLANK))]


def test_a_months_workbook_is_portrait_and_says_when_there_are_no_extras(quarter: Handover, tmp_path: Path) -> None:
    june = handover_of([dataclasses.replace(x, due_fen=x.due_fen[2:], paid_fen=x.paid_fen[2:],
                                            total_fen=x.paid_fen[2] or 0) for x in quarter.lines], months=(JUN,))
    path = tmp_path / "june.xlsx"
    write_handover_xlsx(path, june)
    sheet = load_workbook(path)[_("Dues collection")]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2] == (_("No."), _("Name"), _("Dues base"), _("Jun"), None, _("Remarks"))
    assert rows[9] == (_("Total"), None, None, 150, 60, None)
    assert sheet.page_setup.orientation != "landscape"
    assert any(row[0] == _("No voluntary extra dues in this period.") for row in rows)


def test_the_year_workbook_has_a_member_a_row_and_twelve_months_of_payments(tmp_path: Path) -> None:
    year = a_year()
    table = YearTable(2026, None, (YearLine(7, "王建国", "第一党支部", year.cells, year.due_fen, year.paid_fen),
                                   YearLine(8, "李平", "第二党支部", year.cells, year.due_fen, 0)))
    path = tmp_path / "year.xlsx"
    write_year_xlsx(path, table, today=TODAY)
    sheet = load_workbook(path)[_("Dues by month")]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == _("Party dues paid in {year}").format(year=2026)
    assert rows[2] == (_("No."), _("Name"), _("Branch"),
                       *(_(m) for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                        "Nov", "Dec")), _("Due this year"), _("Paid this year"))
    assert rows[3] == (1, "王建国", "第一党支部", "—", "—", 45, 45, 45, _("unpaid"), None, _("Exempt"), None, None,
                       None, None, 405, 135)
    assert rows[4][-2:] == (405, 0)
    assert rows[5] == (_("Total"), None, None, 0, 0, 90, 90, 90, 0, 0, 0, 0, 0, 0, 0, 810, 135)
    assert isinstance(rows[3][5], float | int) and sheet["F4"].number_format == "0.00"
    assert sheet.freeze_panes == "C4" and sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape"

    write_year_xlsx(path, table)  # without today: the months owed are not called 未交
    assert load_workbook(path)[_("Dues by month")]["I4"].value is None
