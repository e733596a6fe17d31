"""Review of issue 12 (party dues): bugs a review proved, each kept as a test once fixed."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from djdesk.domain.dates import PartialDate
from djdesk.domain.dues import DuesKind, PayMethod
from djdesk.domain.errors import ValidationError
from djdesk.domain.status import Change, ChangeKind
from djdesk.services import due, dues, lifecycle, members
from djdesk.services import settings as settings_service
from djdesk.services.dues import BaseDraft, PaymentDraft
from djdesk.store.database import Database
from tests.conftest import TODAY
from tests.factories import branch, member_draft

APPROVED = PaymentDraft(paid_on=TODAY, method=PayMethod.CASH, received_by="组织委员", approval="支委会同意")


def m(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def _member(session, since: str = "2025-01-01") -> int:  # type: ignore[no-untyped-def]
    settings_service.save(session, dataclasses.replace(settings_service.load(session), dues_since=since))
    pid = members.add(session, member_draft(branch(session).id, name="王一"), today=TODAY).id
    dues.add_base(session, pid, BaseDraft(DuesKind.IN_SERVICE, "4000", m(2025, 1)), today=TODAY)
    return pid


def test_months_away_after_a_transfer_back_are_not_arrears(db: Database) -> None:
    with db.transaction() as session:
        pid = _member(session)
        dues.pay(session, pid, [m(2025, n) for n in range(3, 9)], APPROVED, today=TODAY)
        dues.pay(session, pid, [m(2025, 1), m(2025, 2)], APPROVED, today=TODAY)
        lifecycle.change_status(session, pid, Change(ChangeKind.TRANSFER_OUT, PartialDate(2025, 8, 20), "县教育局党委",
                                                     dues_until=PartialDate(2025, 8)), today=TODAY)
        lifecycle.change_status(session, pid, Change(ChangeKind.TRANSFER_IN, PartialDate(2026, 5, 6), "县教育局党委"),
                                today=TODAY)
        rows = dues.arrears(session, today=TODAY)
        assert [r.months for r in rows] in ([], [(m(2026, 5),)])
        assert not any(r.flagged for r in rows)


def test_suspended_months_stay_not_due_after_restoring(db: Database) -> None:
    with db.transaction() as session:
        pid = _member(session)
        dues.pay(session, pid, [m(2025, n) for n in range(1, 7)], APPROVED, today=TODAY)
        dues.pay(session, pid, [m(2025, 7)], APPROVED, today=TODAY)
        lifecycle.change_status(session, pid, Change(ChangeKind.SUSPENDED, PartialDate(2025, 7, 20), note="决定"),
                                today=TODAY)
        lifecycle.change_status(session, pid, Change(ChangeKind.RESTORED, PartialDate(2026, 5, 6)), today=TODAY)
        assert not any(r.flagged for r in dues.arrears(session, today=TODAY))
        assert not due._dues(session, TODAY)


def test_a_member_who_left_is_not_in_the_todo_list(db: Database) -> None:
    with db.transaction() as session:
        pid = _member(session, since="2025-06-01")
        lifecycle.change_status(session, pid, Change(ChangeKind.TRANSFER_OUT, PartialDate(2026, 3, 20), "县教育局党委",
                                                     dues_until=PartialDate(2026, 3)), today=TODAY)
        assert [i for i in due.list_due(session, today=TODAY) if i.person_id == pid] == []


def test_an_absurd_amount_is_a_message_not_a_crash(db: Database) -> None:
    with db.transaction() as session:
        pid = _member(session)
        with pytest.raises(ValidationError):
            dues.add_base(session, pid, BaseDraft(DuesKind.IN_SERVICE, "1e30", m(2026, 6)), today=TODAY)


def test_roster_figure_retyped_does_not_overwrite_a_future_base(db: Database) -> None:
    with db.transaction() as session:
        pid = members.add(session, member_draft(branch(session).id, name="王一", dues_base_fen=500000),
                          today=TODAY).id
        dues.add_base(session, pid, BaseDraft(DuesKind.IN_SERVICE, "6000", m(2026, 9)), today=TODAY)
        record = members.get(session, pid)
        members.update(session, pid, dataclasses.replace(record.draft, dues_base_fen=550000), today=TODAY)
        bases = [(b.valid_from, b.amount_fen) for b in dues.list_bases(session, pid)]
        assert (m(2026, 9), 600000) in bases
        assert (m(2026, 6), 550000) in bases
