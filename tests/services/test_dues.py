"""Party dues on a real database: bases and reliefs, the month's and the year's tables, payments
with their refusals, corrections in the audit trail, arrears, extras, the hand-over sheet."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from djdesk.domain.dates import PartialDate
from djdesk.domain.dues import DuesKind, PayMethod
from djdesk.domain.errors import NotFoundError, ValidationError
from djdesk.domain.people import LeftReason, MembershipStatus, PoliticalStatus
from djdesk.domain.strokes import name_key
from djdesk.i18n import _
from djdesk.services import dues, members
from djdesk.services import settings as settings_service
from djdesk.services.dues import BaseDraft, ExtraDraft, PaymentDraft, ReliefDraft
from djdesk.store.database import Database
from djdesk.store.models import AuditEntry, DuesBase, DuesPayment, Person
from tests.conftest import TODAY
from tests.factories import branch, draft, member_draft

K = DuesKind
CASH = PaymentDraft(paid_on=TODAY, method=PayMethod.CASH, received_by="组织委员")
APPROVED = dataclasses.replace(CASH, approval="支委会2026.06.10同意")


def m(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def since(session, value: str) -> None:  # type: ignore[no-untyped-def]
    settings_service.save(session, dataclasses.replace(settings_service.load(session), dues_since=value))


def base(session, pid: int, kind: DuesKind, amount: str, on: dt.date) -> int:  # type: ignore[no-untyped-def]
    return dues.add_base(session, pid, BaseDraft(kind, amount, on), today=TODAY)


@pytest.fixture
def school(db: Database) -> dict[str, int]:
    """Branch one: 王一 (4000 元), 李二 (6000 元, 12000 from April 2026), 丁预备 (admitted 28 March
    2026), 赵离校 (left in April 2026), 钱学生 (a student), 孙无基 (no base); branch two: 周二支."""
    ids: dict[str, int] = {}
    with db.transaction() as session:
        since(session, "2025-01-01")
        first = branch(session, "第一党支部")
        second = branch(session, "第二党支部", ("第二党小组",))
        ids["branch"], ids["branch2"] = first.id, second.id
        for name, changes in (
            ("王一", {}), ("李二", {}), ("赵离校", {}), ("钱学生", {}), ("孙无基", {}),
            ("丁预备", dict(political_status=PoliticalStatus.CPC_PROBATIONARY, joined_on=PartialDate(2026, 3, 28),
                          full_on=None)),
        ):
            ids[name] = members.add(session, member_draft(first.id, name=name, **changes), today=TODAY).id
        ids["周二支"] = members.add(session, member_draft(second.id, name="周二支"), today=TODAY).id
        ids["吴群众"] = members.add(session, draft(name="吴群众"), today=TODAY).id
        base(session, ids["王一"], K.IN_SERVICE, "4000", m(2025, 1))
        base(session, ids["李二"], K.IN_SERVICE, "6000", m(2025, 1))
        base(session, ids["李二"], K.IN_SERVICE, "12000", m(2026, 4))
        base(session, ids["丁预备"], K.IN_SERVICE, "3000", m(2026, 3))
        base(session, ids["赵离校"], K.IN_SERVICE, "5000", m(2025, 1))
        base(session, ids["钱学生"], K.STUDENT, "", m(2025, 1))
        base(session, ids["周二支"], K.RETIRED, "5000.01", m(2025, 1))
        members.mark_left(session, ids["赵离校"], on=PartialDate(2026, 4, 10), reason=LeftReason.TRANSFERRED_OUT,
                          note="中共某某中学委员会", today=TODAY)
    return ids


def table(db: Database, month: dt.date, branch_id: int | None = None) -> dues.MonthTable:
    with db.transaction() as session:
        return dues.month_table(session, month, branch_id=branch_id, today=TODAY)


def lines(found: dues.MonthTable) -> dict[str, dues.DuesLine]:
    return {line.name: line for line in found.lines}


def payments(db: Database) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(DuesPayment)) or 0


def refused(db: Database, work, field: str = "months") -> list[str]:  # type: ignore[no-untyped-def]
    """Run `work(session)`, expect a ValidationError naming `field`, and that nothing was written."""
    before = payments(db)
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        work(session)
    assert payments(db) == before
    messages = caught.value.for_field(field)
    assert messages, caught.value.problems
    return messages


# -- the month's table -------------------------------------------------------------------------
def test_month_table_amounts_totals_and_order(db: Database, school: dict[str, int]) -> None:
    found = table(db, m(2026, 5), school["branch"])
    by_name = lines(found)
    assert set(by_name) == {"王一", "李二", "丁预备", "钱学生", "孙无基"}  # 赵离校 left in April
    assert [line.name for line in found.lines] == sorted(by_name, key=name_key)
    wang = by_name["王一"]
    assert (wang.kind, wang.base_fen, wang.rate, wang.due_fen) == (K.IN_SERVICE, 400000, D("0.01"), 4000)
    assert by_name["李二"].due_fen == 24000 and by_name["李二"].rate == D("0.02")
    assert by_name["丁预备"].probationary and by_name["丁预备"].due_fen == 1500
    assert by_name["钱学生"].due_fen == 20 and by_name["钱学生"].rate is None
    assert by_name["孙无基"].due_fen is None and not by_name["孙无基"].owed
    assert (found.due_fen, found.paid_fen, found.paid_count, found.unpaid_count, found.missing_base) == (
        4000 + 24000 + 1500 + 20, 0, 0, 4, 1)
    with db.transaction() as session:
        dues.pay(session, school["王一"], [m(2026, 5)], APPROVED, today=TODAY)
    found = table(db, m(2026, 5), school["branch"])
    assert lines(found)["王一"].paid and not lines(found)["王一"].owed
    assert lines(found)["王一"].payment.received_by == "组织委员"
    assert (found.paid_fen, found.paid_count, found.unpaid_count) == (4000, 1, 3)
    everyone = table(db, m(2026, 5))
    assert "周二支" in lines(everyone) and lines(everyone)["周二支"].due_fen == 5000
    assert "吴群众" not in lines(everyone)


def test_a_base_change_mid_year_and_in_yearly_mode(db: Database, school: dict[str, int]) -> None:
    assert lines(table(db, m(2026, 3)))["李二"].due_fen == 9000
    assert lines(table(db, m(2026, 4)))["李二"].due_fen == 24000
    with db.transaction() as session:
        settings_service.save(session, dataclasses.replace(settings_service.load(session), dues_base_yearly=True))
        year = dues.year_table(session, 2026, branch_id=school["branch"], today=TODAY)
        following = dues.year_table(session, 2027, branch_id=school["branch"], today=TODAY)
    li = next(line for line in year.people if line.name == "李二")
    assert [c.due_fen for c in li.months] == [9000] * 12  # the April raise waits for January
    assert next(line for line in following.people if line.name == "李二").months[0].due_fen == 24000
    # 丁预备's first base, entered in the year they were admitted, counts from its month.
    ding = next(line for line in year.people if line.name == "丁预备")
    assert [c.due_fen for c in ding.months[1:4]] == [None, 1500, 1500]


def test_rounding_to_the_jiao_is_a_setting(db: Database, school: dict[str, int]) -> None:
    with db.transaction() as session:
        base(session, school["王一"], K.IN_SERVICE, "4565", m(2026, 5))
    assert lines(table(db, m(2026, 5)))["王一"].due_fen == 4565
    with db.transaction() as session:
        settings_service.save(session, dataclasses.replace(settings_service.load(session), dues_round_to_jiao=True))
        assert dues.list_bases(session, school["王一"])[-1].monthly_fen == 4570
    assert lines(table(db, m(2026, 5)))["王一"].due_fen == 4570


def test_a_probationary_member_owes_from_the_month_admitted(db: Database, school: dict[str, int]) -> None:
    assert "丁预备" not in lines(table(db, m(2026, 2)))
    assert lines(table(db, m(2026, 3)))["丁预备"].due_fen == 1500
    message = refused(db, lambda s: dues.pay(s, school["丁预备"], [m(2026, 2)], APPROVED, today=TODAY))
    assert "2026.02" in message[0] and "2026.03" in message[0]


def test_a_member_who_left_stops_after_the_month_they_left(db: Database, school: dict[str, int]) -> None:
    assert lines(table(db, m(2026, 4)))["赵离校"].due_fen == 5000
    assert "赵离校" not in lines(table(db, m(2026, 5)))
    refused(db, lambda s: dues.pay(s, school["赵离校"], [m(2026, 5)], APPROVED, today=TODAY))
    with db.transaction() as session:
        dues.pay(session, school["赵离校"], [m(2026, 4)], APPROVED, today=TODAY)


def test_a_suspended_membership_owes_nothing_after_its_month(db: Database, school: dict[str, int]) -> None:
    with db.transaction() as session:
        person = session.get(Person, school["王一"])
        person.membership_status = MembershipStatus.SUSPENDED
        person.membership_status_since = PartialDate(2026, 3, 2)
    assert "王一" in lines(table(db, m(2026, 3))) and "王一" not in lines(table(db, m(2026, 4)))


def test_months_before_dues_since_are_never_due(db: Database, school: dict[str, int]) -> None:
    with db.transaction() as session:
        since(session, "2026-06-01")
    assert table(db, m(2026, 5)).lines == ()
    assert refused(db, lambda s: dues.pay(s, school["王一"], [m(2026, 5)], APPROVED, today=TODAY))
    with db.transaction() as session:
        assert dues.arrears(session, today=dt.date(2026, 6, 30)) == []


# -- bases and reliefs -------------------------------------------------------------------------
@pytest.mark.parametrize(("amount", "words"), [
    ("-100", "负数"), ("1000000.01", "100万"), ("一千", "金额"), ("12.345", "分"), ("", "金额"),
])
def test_bad_bases_are_refused_under_amount(db: Database, school: dict[str, int], amount: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        base(session, school["孙无基"], K.IN_SERVICE, amount, m(2026, 6))
    assert any(words in message for message in caught.value.for_field("amount")), caught.value.problems
    with db.transaction() as session:
        assert dues.list_bases(session, school["孙无基"]) == []


def test_a_base_is_kept_with_its_history_and_updates_the_roster(db: Database, school: dict[str, int]) -> None:
    with db.transaction() as session:
        rows = dues.list_bases(session, school["李二"])
        assert [(r.valid_from, r.amount_fen, r.monthly_fen) for r in rows] == [
            (m(2025, 1), 600000, 9000), (m(2026, 4), 1200000, 24000)]
        assert session.get(Person, school["李二"]).dues_base_fen == 1200000
        with pytest.raises(ValidationError) as caught:
            base(session, school["李二"], K.IN_SERVICE, "13000", dt.date(2026, 4, 20))
        assert caught.value.for_field("valid_from")
        dues.delete_base(session, rows[-1].id)
        assert session.get(Person, school["李二"]).dues_base_fen == 600000
        # A flat kind ignores the amount typed.
        flat = base(session, school["孙无基"], K.UNEMPLOYED, "abc", m(2026, 6))
        assert session.get(DuesBase, flat).amount_fen == 0
        with pytest.raises(ValidationError):  # not a party member
            base(session, school["吴群众"], K.IN_SERVICE, "3000", m(2026, 6))
        with pytest.raises(NotFoundError):
            dues.delete_base(session, 99999)


def test_reliefs_exempt_and_reduce(db: Database, school: dict[str, int]) -> None:
    with db.transaction() as session:
        dues.add_relief(session, school["王一"], ReliefDraft(m(2026, 5), m(2026, 6), True, "", "校党委2026年5号"),
                        today=TODAY)
        dues.add_relief(session, school["李二"], ReliefDraft(m(2026, 5), None, False, "10", "支委会决定"),
                        today=TODAY)
        assert [r.exempt for r in dues.list_reliefs(session, school["王一"])] == [True]
    by_name = lines(table(db, m(2026, 5)))
    # New msgids, compared through the catalogue (免交 and 减免至 10.00 元 once translated).
    assert (by_name["王一"].due_fen, by_name["王一"].relief, by_name["王一"].owed) == (0, _("Exempt"), False)
    assert (by_name["李二"].due_fen, by_name["李二"].relief) == (
        1000, _("Reduced to {amount} yuan").format(amount="10.00"))
    assert lines(table(db, m(2026, 7)))["王一"].due_fen == 4000
    message = refused(db, lambda s: dues.pay(s, school["王一"], [m(2026, 6)], CASH, today=TODAY))
    assert "2026.06" in message[0]
    with db.transaction() as session:
        dues.pay(session, school["李二"], [m(2026, 6)], CASH, today=TODAY)
        assert dues.person_year(session, school["李二"], 2026, today=TODAY).cells[5].paid_fen == 1000


def test_a_relief_needs_its_approval_and_sane_months(db: Database, school: dict[str, int]) -> None:
    def attempt(relief: ReliefDraft) -> ValidationError:
        with pytest.raises(ValidationError) as caught, db.transaction() as session:
            dues.add_relief(session, school["王一"], relief, today=TODAY)
        return caught.value

    assert attempt(ReliefDraft(m(2026, 5), None, True, "", "  ")).for_field("approval")
    assert attempt(ReliefDraft(m(2026, 5), m(2026, 4), True, "", "批准")).for_field("ends")
    assert attempt(ReliefDraft(m(2026, 5), None, False, "", "批准")).for_field("amount")
    with db.transaction() as session:
        dues.add_relief(session, school["王一"], ReliefDraft(m(2026, 1), m(2026, 6), True, "", "批准"), today=TODAY)
    assert attempt(ReliefDraft(m(2026, 6), None, True, "", "批准")).for_field("starts")
    with db.transaction() as session:
        relief = dues.list_reliefs(session, school["王一"])[0]
        dues.delete_relief(session, relief.id)
        assert dues.list_reliefs(session, school["王一"]) == []


# -- payments ----------------------------------------------------------------------------------
def test_pay_one_member_for_several_months(db: Database, school: dict[str, int]) -> None:
    li = school["李二"]
    refused(db, lambda s: dues.pay(s, li, [m(2026, 3), m(2026, 4)], CASH, today=TODAY), "approval")
    with db.transaction() as session:
        ids = dues.pay(session, li, [m(2026, 4), dt.date(2026, 3, 9)], APPROVED, today=TODAY)
        rows = [session.get(DuesPayment, i) for i in ids]
        assert [(r.month, r.amount_fen, r.approval) for r in rows] == [
            (m(2026, 3), 9000, "支委会2026.06.10同意"), (m(2026, 4), 24000, "支委会2026.06.10同意")]
    # The current month alone needs no approval.
    with db.transaction() as session:
        assert len(dues.pay(session, li, [m(2026, 6)], CASH, today=TODAY)) == 1


def test_payment_refusals_write_nothing(db: Database, school: dict[str, int]) -> None:
    wang = school["王一"]
    with db.transaction() as session:
        dues.pay(session, wang, [m(2026, 1)], APPROVED, today=TODAY)
    seven = [m(2026, n) for n in range(1, 8)]
    assert any("6" in t for t in refused(db, lambda s: dues.pay(s, wang, seven, APPROVED, today=TODAY)))
    twice = refused(db, lambda s: dues.pay(s, wang, [m(2026, 1), m(2026, 2)], APPROVED, today=TODAY))
    assert any("2026.01" in t for t in twice)
    refused(db, lambda s: dues.pay(s, wang, [m(2027, 1)], APPROVED, today=TODAY))  # over 6 months ahead
    with db.transaction() as session:
        dues.pay(session, wang, [m(2026, 12)], APPROVED, today=TODAY)  # six ahead is allowed
    future = dataclasses.replace(APPROVED, paid_on=dt.date(2026, 6, 16))
    refused(db, lambda s: dues.pay(s, wang, [m(2026, 2)], future, today=TODAY), "paid_on")
    refused(db, lambda s: dues.pay(s, school["孙无基"], [m(2026, 6)], CASH, today=TODAY))  # no base
    refused(db, lambda s: dues.pay(s, wang, [], CASH, today=TODAY))
    with pytest.raises(ValidationError), db.transaction() as session:
        dues.pay(session, school["吴群众"], [m(2026, 6)], CASH, today=TODAY)
    with pytest.raises(NotFoundError), db.transaction() as session:
        dues.pay(session, 99999, [m(2026, 6)], CASH, today=TODAY)


def test_pay_branch_pays_everyone_still_owing_the_month(db: Database, school: dict[str, int]) -> None:
    with db.transaction() as session:
        dues.pay(session, school["王一"], [m(2026, 6)], CASH, today=TODAY)
        ids = dues.pay_branch(session, school["branch"], m(2026, 6), CASH, today=TODAY)
        paid = {session.get(Person, p.person_id).name: p.amount_fen
                for p in (session.get(DuesPayment, i) for i in ids)}
    assert paid == {"李二": 24000, "丁预备": 1500, "钱学生": 20}  # not 孙无基 (no base), 王一 (paid)
    with db.transaction() as session:
        assert dues.pay_branch(session, school["branch"], m(2026, 6), CASH, today=TODAY) == []
    refused(db, lambda s: dues.pay_branch(s, school["branch"], m(2026, 5), CASH, today=TODAY), "approval")
    with pytest.raises(NotFoundError), db.transaction() as session:
        dues.pay_branch(session, 99999, m(2026, 6), CASH, today=TODAY)


def audit(db: Database, entity_id: int, action: str) -> list[AuditEntry]:
    with db.transaction() as session:
        return list(session.scalars(select(AuditEntry).where(
            AuditEntry.entity == "dues_payment", AuditEntry.entity_id == entity_id, AuditEntry.action == action)))


def test_correct_a_payment_with_its_reason_in_the_audit_trail(db: Database, school: dict[str, int]) -> None:
    with db.transaction() as session:
        [pid] = dues.pay(session, school["王一"], [m(2026, 6)], CASH, today=TODAY)
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        dues.correct(session, pid, amount="35", paid_on=TODAY, method=PayMethod.TRANSFER, received_by="",
                     reason=" ", today=TODAY)
    assert caught.value.for_field("reason")
    with db.transaction() as session:
        dues.correct(session, pid, amount="35", paid_on=dt.date(2026, 6, 14), method=PayMethod.TRANSFER,
                     received_by="李会计", reason="收款时记错金额", today=TODAY)
        row = session.get(DuesPayment, pid)
        assert (row.amount_fen, row.method, row.received_by) == (3500, PayMethod.TRANSFER, "李会计")
        assert row.note == _("Correction: {reason}").format(reason="收款时记错金额")
    changes = {e.field: (e.old, e.new) for e in audit(db, pid, "update")}
    assert changes["amount_fen"] == ("4000", "3500")
    assert changes["note"][1] == _("Correction: {reason}").format(reason="收款时记错金额")
    with pytest.raises(NotFoundError), db.transaction() as session:
        dues.correct(session, 99999, amount="1", paid_on=TODAY, method=PayMethod.CASH, received_by="",
                     reason="x", today=TODAY)


def test_undo_a_payment_keeps_it_in_the_audit_trail(db: Database, school: dict[str, int]) -> None:
    with db.transaction() as session:
        [pid] = dues.pay(session, school["王一"], [m(2026, 6)], CASH, today=TODAY)
    with pytest.raises(ValidationError), db.transaction() as session:
        dues.undo_payment(session, pid, reason="")
    with db.transaction() as session:
        dues.undo_payment(session, pid, reason="记到了别人名下")
    assert lines(table(db, m(2026, 6)))["王一"].owed
    [gone] = audit(db, pid, "delete")
    old = json.loads(gone.old)
    assert old["amount_fen"] == "4000" and old["month"] == "2026-06-01" and "记到了别人名下" in old["note"]


# -- arrears, extras, hand-over, a member's year ------------------------------------------------
def test_arrears_across_years_flagged_at_six_months(db: Database, school: dict[str, int]) -> None:
    with db.transaction() as session:
        for first in (1, 7):  # 王一 paid all of 2025 but December
            months = [m(2025, n) for n in range(first, first + 6) if n < 12]
            dues.pay(session, school["王一"], months, APPROVED, today=TODAY)
        li = [m(2025, n) for n in range(1, 13)] + [m(2026, 1)]
        for chunk in (li[:6], li[6:12], li[12:]):  # 李二 paid to January 2026
            dues.pay(session, school["李二"], chunk, APPROVED, today=TODAY)
        dues.add_relief(session, school["钱学生"], ReliefDraft(m(2025, 1), None, True, "", "批准"), today=TODAY)
        rows = {r.name: r for r in dues.arrears(session, today=TODAY, branch_id=school["branch"])}
    wang = rows["王一"]
    assert wang.months == (m(2025, 12), m(2026, 1), m(2026, 2), m(2026, 3), m(2026, 4), m(2026, 5))
    assert (wang.run, wang.flagged, wang.owed_fen) == (6, True, 6 * 4000)
    assert (rows["李二"].run, rows["李二"].flagged, rows["李二"].owed_fen) == (4, False, 2 * 9000 + 2 * 24000)
    assert rows["丁预备"].months == (m(2026, 3), m(2026, 4), m(2026, 5))  # June is not late yet
    assert rows["赵离校"].months[-1] == m(2026, 4) and rows["赵离校"].flagged
    assert "钱学生" not in rows and "孙无基" not in rows  # exempt; no base to reckon with
    assert list(rows) == sorted(rows, key=name_key)
    with db.transaction() as session:
        assert all(r.name == "周二支" for r in dues.arrears(session, today=TODAY, branch_id=school["branch2"]))


def test_extras_with_the_large_mark(db: Database, school: dict[str, int]) -> None:
    with db.transaction() as session:
        dues.add_extra(session, school["王一"], ExtraDraft(dt.date(2026, 5, 4), "1000", PayMethod.TRANSFER),
                       today=TODAY)
        dues.add_extra(session, school["李二"], ExtraDraft(dt.date(2026, 6, 1), "999.99", PayMethod.CASH),
                       today=TODAY)
        dues.add_extra(session, school["周二支"], ExtraDraft(dt.date(2025, 7, 1), "50", PayMethod.CASH),
                       today=TODAY)
        rows = dues.list_extras(session, year=2026, branch_id=school["branch"])
        for amount in ("0", "-5", "x"):
            with pytest.raises(ValidationError) as caught:
                dues.add_extra(session, school["王一"], ExtraDraft(TODAY, amount, PayMethod.CASH), today=TODAY)
            assert caught.value.for_field("amount")
        with pytest.raises(ValidationError) as caught:
            dues.add_extra(session, school["王一"], ExtraDraft(dt.date(2026, 7, 1), "5", PayMethod.CASH), today=TODAY)
        assert caught.value.for_field("paid_on")
        assert len(dues.list_extras(session)) == 3
    assert [(r.name, r.amount_fen, r.large) for r in rows] == [("王一", 100000, True), ("李二", 99999, False)]


def test_handover_for_a_quarter(db: Database, school: dict[str, int]) -> None:
    quarter = [m(2026, 4), m(2026, 5), m(2026, 6)]
    with db.transaction() as session:
        settings_service.save(session, dataclasses.replace(settings_service.load(session), school_name="测试中学"))
        dues.pay(session, school["王一"], quarter, APPROVED, today=TODAY)
        dues.pay(session, school["李二"], [m(2026, 6)], CASH, today=TODAY)
        dues.add_extra(session, school["王一"], ExtraDraft(dt.date(2026, 5, 4), "1200", PayMethod.CASH), today=TODAY)
        dues.add_extra(session, school["王一"], ExtraDraft(dt.date(2026, 3, 4), "100", PayMethod.CASH), today=TODAY)
        sheet = dues.handover(session, school["branch"], list(reversed(quarter)), today=TODAY)
        with pytest.raises(ValidationError):
            dues.handover(session, school["branch"], [], today=TODAY)
    assert (sheet.school, sheet.branch, sheet.months) == ("测试中学", "中共测试学校第一党支部委员会", tuple(quarter))
    by_name = {line.name: line for line in sheet.lines}
    assert set(by_name) == {"王一", "李二", "丁预备", "赵离校", "钱学生", "孙无基"}
    assert by_name["王一"].due_fen == (4000, 4000, 4000) and by_name["王一"].total_fen == 12000
    assert by_name["李二"].paid_fen == (None, None, 24000) and by_name["李二"].base_fen == 1200000
    assert by_name["赵离校"].due_fen == (5000, None, None)
    assert by_name["孙无基"].base_fen is None
    assert sheet.total_due_fen == 3 * 4000 + 3 * 24000 + 3 * 1500 + 5000 + 3 * 20
    assert sheet.total_paid_fen == 12000 + 24000
    assert [e.amount_fen for e in sheet.extras] == [120000] and sheet.extras[0].large
    assert sheet.total_extra_fen == 120000


def test_person_year_with_dues_until(db: Database, school: dict[str, int]) -> None:
    with db.transaction() as session:
        dues.pay(session, school["李二"], [m(2026, 1), m(2026, 2), m(2026, 3)], APPROVED, today=TODAY)
        dues.add_extra(session, school["李二"], ExtraDraft(dt.date(2026, 2, 1), "100", PayMethod.CASH), today=TODAY)
        year = dues.person_year(session, school["李二"], 2026, today=TODAY)
        nothing = dues.person_year(session, school["孙无基"], 2026, today=TODAY)
        with pytest.raises(NotFoundError):
            dues.person_year(session, 99999, 2026, today=TODAY)
    assert len(year.cells) == 12 and year.cells[3].due_fen == 24000
    assert (year.due_fen, year.paid_fen, year.extras_fen) == (3 * 9000 + 9 * 24000, 27000, 10000)
    assert year.dues_until == m(2026, 3)
    assert nothing.dues_until is None and nothing.due_fen == 0


def test_year_table_of_a_branch(db: Database, school: dict[str, int]) -> None:
    with db.transaction() as session:
        dues.pay(session, school["王一"], [m(2026, 1), m(2026, 2)], APPROVED, today=TODAY)
        dues.add_relief(session, school["王一"], ReliefDraft(m(2026, 12), None, True, "", "批准"), today=TODAY)
        year = dues.year_table(session, 2026, branch_id=school["branch"], today=TODAY)
    by_name = {line.name: line for line in year.people}
    assert set(by_name) == {"王一", "李二", "丁预备", "赵离校", "钱学生", "孙无基"}
    assert [line.name for line in year.people] == sorted(by_name, key=name_key)
    wang = by_name["王一"]
    assert [c.month for c in wang.months] == [m(2026, n) for n in range(1, 13)]
    assert (wang.months[0].paid_fen, wang.months[2].paid_fen) == (4000, None)
    assert wang.months[11].exempt and wang.months[11].due_fen == 0
    assert (wang.due_fen, wang.paid_fen) == (11 * 4000, 8000)
    assert [c.due_fen for c in by_name["赵离校"].months[3:5]] == [5000, None]
    assert [c.due_fen for c in by_name["丁预备"].months[:3]] == [None, None, 1500]


def test_money_paid_stays_on_the_tables_after_the_membership_ends(db: Database, school: dict[str, int]) -> None:
    with db.transaction() as session:
        dues.pay(session, school["王一"], [m(2026, 5)], APPROVED, today=TODAY)
        person = session.get(Person, school["王一"])
        person.political_status, person.joined_on, person.full_on = PoliticalStatus.MASSES, None, None
    line = lines(table(db, m(2026, 5)))["王一"]
    assert (line.due_fen, line.payment.amount_fen) == (None, 4000)
    assert "王一" not in lines(table(db, m(2026, 6)))
    with db.transaction() as session:
        year = {y.name: y for y in dues.year_table(session, 2026, today=TODAY).people}
        assert (year["王一"].due_fen, year["王一"].paid_fen) == (0, 4000)
        assert "王一" not in {r.name for r in dues.arrears(session, today=TODAY)}
        assert [dues.dues_label(key) for key in ("amount", "months")] == [_("Amount (yuan)"), _("Months")]


def test_six_months_of_dues_unpaid_are_listed_in_the_due_list(db: Database) -> None:
    """党章 Article 9 in 待办: six months unpaid shows, five does not."""
    from djdesk.domain.due import DueKind
    from djdesk.services import due as due_service

    with db.transaction() as session:
        settings_service.save(session, dataclasses.replace(settings_service.load(session), dues_since="2025-12-01"))
        first = branch(session, "第一党支部", ("第一党小组",))
        behind = members.add(session, member_draft(first.id, name="欠六月"),
                             today=TODAY)
        dues.add_base(session, behind.id, dues.BaseDraft(DuesKind.IN_SERVICE, "4000", dt.date(2025, 12, 1)),
                      today=TODAY)
    with db.transaction() as session:
        items = [i for i in due_service.list_due(session, today=TODAY) if i.kind is DueKind.DUES]
    assert [(i.name, i.person_id) for i in items] == [("欠六月", behind.id)]
    assert "连续 6 个月未交党费" in items[0].detail and "2025.12" in items[0].detail
    with db.transaction() as session:
        dues.pay(session, behind.id, [dt.date(2025, 12, 1)], dues.PaymentDraft(dt.date(2026, 6, 10), PayMethod.CASH,
                 approval="支部同意补交"), today=TODAY)
    with db.transaction() as session:
        assert [i for i in due_service.list_due(session, today=TODAY) if i.kind is DueKind.DUES] == []
