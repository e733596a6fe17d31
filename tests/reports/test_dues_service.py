"""The dues printouts and workbooks from a real branch: the service's tables, printed and read back."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from djdesk.domain.dates import PartialDate
from djdesk.domain.dues import DuesKind, PayMethod
from djdesk.domain.people import PoliticalStatus
from djdesk.i18n import _
from djdesk.reports.dues import write_handover_pdf, write_person_year_pdf
from djdesk.services import dues, members
from djdesk.services import settings as settings_service
from djdesk.sheets.dues import write_handover_xlsx, write_year_xlsx
from djdesk.store.database import Database
from tests.conftest import TODAY
from tests.factories import branch, member_draft
from tests.reports.test_dues import (
    APR,
    JUN,
    LARGE,
    MAY,
    Q2,
    SCHOOL,
    flat,
    page_texts,
    rows_of,
    yuan,
)


@pytest.fixture
def school(db: Database) -> dict[str, int]:
    """A branch of three with their bases from January, the second quarter partly paid, two extras."""
    with db.transaction() as session:
        stored = settings_service.load(session)
        settings_service.save(session, dataclasses.replace(stored, school_name=SCHOOL, dues_since="2026-01-01"))
        first = branch(session)
        ids = {name: members.add(session, member_draft(first.id, name=name, **changes), today=TODAY).id
               for name, changes in (("王建国", {}), ("李平", {}),
                                     ("丁预备", dict(political_status=PoliticalStatus.CPC_PROBATIONARY,
                                                     joined_on=PartialDate(2026, 5, 10), full_on=None)))}
        for name, kind, amount, since in (("王建国", DuesKind.IN_SERVICE, "4500", dt.date(2026, 1, 1)),
                                          ("李平", DuesKind.IN_SERVICE, "6000", dt.date(2026, 1, 1)),
                                          ("丁预备", DuesKind.STUDENT, "", dt.date(2026, 5, 1))):
            dues.add_base(session, ids[name], dues.BaseDraft(kind, amount, since), today=TODAY)
        draft = dues.PaymentDraft(dt.date(2026, 6, 10), PayMethod.CASH, "李平", approval="支部委员会同意")
        dues.pay(session, ids["王建国"], list(Q2), draft, today=TODAY)
        dues.pay(session, ids["李平"], [APR, MAY], draft, today=TODAY)
        dues.pay(session, ids["丁预备"], [JUN], dataclasses.replace(draft, approval=""), today=TODAY)
        dues.add_extra(session, ids["王建国"], dues.ExtraDraft(dt.date(2026, 5, 20), "1000", PayMethod.TRANSFER),
                       today=TODAY)
        dues.add_extra(session, ids["李平"], dues.ExtraDraft(dt.date(2026, 6, 1), "999.99", PayMethod.CASH),
                       today=TODAY)
        return {"branch": first.id, **ids}


def test_the_services_handover_prints_and_exports_with_the_right_totals(
        db: Database, school: dict[str, int], tmp_path: Path) -> None:
    with db.transaction() as session:
        sheet = dues.handover(session, school["branch"], list(Q2), today=TODAY)
    # 按姓氏笔画: 丁 王 李. Due: 0.20 × 2 + 45 × 3 + 90 × 3 = 405.40; paid 0.20 + 135 + 180 = 315.20.
    assert [x.name for x in sheet.lines] == ["丁预备", "王建国", "李平"]
    assert (sheet.total_due_fen, sheet.total_paid_fen, sheet.total_extra_fen) == (40540, 31520, 199999)
    path = tmp_path / "q.pdf"
    assert write_handover_pdf(path, sheet).missing == {}
    text = "\n".join(page_texts(path))
    assert flat(_("{branch} party dues collection sheet").format(branch=sheet.branch)) in flat(text)
    # 丁预备 owes the student's 0.20 a month from May (no base figure printed), paid June only;
    # 李平 paid April and May.
    unpaid = _("unpaid")
    assert rows_of(text) == [
        ("1", "丁预备", "—", "—", "0.20", unpaid, "0.20", "0.20", "0.40", "0.20"),
        ("2", "王建国", "4500.00", "45.00", "45.00", "45.00", "45.00", "45.00", "45.00", "135.00", "135.00"),
        ("3", "李平", "6000.00", "90.00", "90.00", "90.00", "90.00", "90.00", unpaid, "270.00", "180.00")]
    summary = flat(text).split(flat(_("Dues receivable")), 1)[1]
    for label, value in (("Dues received", "315.20"), ("Voluntary extra dues", "1999.99"),
                         ("Handed over in total", "2315.19")):
        assert flat(_("{label}: {text}").format(label=_(label), text=yuan(value))) in summary, label
    assert flat(text).count(flat(_(LARGE))) == 1  # 1000.00 exactly: noted; 999.99: not

    book = tmp_path / "q.xlsx"
    write_handover_xlsx(book, sheet)
    rows = list(load_workbook(book)[_("Dues collection")].iter_rows(values_only=True))
    assert rows[7][:3] == (_("Total"), None, None) and rows[7][9:11] == (405.4, 315.2)


def test_the_services_year_tables_print_and_export(db: Database, school: dict[str, int], tmp_path: Path) -> None:
    with db.transaction() as session:
        year = dues.person_year(session, school["王建国"], 2026, today=TODAY)
        table = dues.year_table(session, 2026, branch_id=school["branch"], today=TODAY)
    path = tmp_path / "y.pdf"
    assert write_person_year_pdf(path, year, SCHOOL, today=TODAY).missing == {}
    text = page_texts(path)[0]
    # January to March owed and come (dues kept from January); April to June paid; the rest ahead.
    assert text.count(_("unpaid")) == 3
    assert flat(_("{label}: {text}").format(label=_("Dues paid up to"),
                                            text=_("{month}/{year}").format(month=6, year=2026))) in flat(text)
    assert flat(_("{label}: {text}").format(label=_("Voluntary extra dues"), text=yuan("1000.00"))) in flat(text)

    book = tmp_path / "y.xlsx"
    write_year_xlsx(book, table, today=TODAY)
    rows = list(load_workbook(book)[_("Dues by month")].iter_rows(values_only=True))
    assert [row[1] for row in rows[3:6]] == ["丁预备", "王建国", "李平"]
    assert rows[4][3:9] == (_("unpaid"),) * 3 + (45, 45, 45)
    assert rows[3][3:9] == ("—",) * 4 + (_("unpaid"), 0.2)  # admitted in May: May owed, June paid
    assert rows[6][-1] == pytest.approx(315.2)
