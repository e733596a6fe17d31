"""The audit hook records every insert, change and deletion, with old and new values."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from sqlalchemy import select

from djdesk.domain.dates import PartialDate
from djdesk.domain.people import LeftReason
from djdesk.services import members
from djdesk.services import settings as settings_service
from djdesk.store.database import Database
from djdesk.store.models import AuditEntry
from tests.factories import draft


def entries(db: Database) -> list[tuple]:  # type: ignore[type-arg]
    with db.transaction() as session:
        return [
            (e.action, e.entity, e.entity_id, e.field, e.old, e.new, e.at)
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]


def test_a_change_records_each_field_with_old_and_new(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        record = members.add(session, draft(name="王五", phone="13900000000"), today=today)
    with db.transaction() as session:
        changed = dataclasses.replace(record.draft, name="王武", phone="13911111111",
                                      work_start=PartialDate(2008, 9))
        members.update(session, record.id, changed, today=today)
    updates = [e[:6] for e in entries(db) if e[0] == "update"]
    assert updates == [
        ("update", "person", record.id, "name", "王五", "王武"),
        ("update", "person", record.id, "work_start", None, "2008-09"),
        ("update", "person", record.id, "phone", "13900000000", "13911111111"),
    ]


def test_the_time_comes_from_the_injected_clock(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        members.add(session, draft(), today=today)
    assert {e[6] for e in entries(db)} == {dt.datetime(2026, 6, 15, 10, 0)}


def test_saving_unchanged_data_records_nothing(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        record = members.add(session, draft(), today=today)
    with db.transaction() as session:
        members.update(session, record.id, record.draft, today=today)
    assert [e[0] for e in entries(db)] == ["insert"]


def test_mark_left_and_delete_are_recorded(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        leaving = members.add(session, draft(name="甲"), today=today)
        typo = members.add(session, draft(name="乙"), today=today)
    with db.transaction() as session:
        members.mark_left(session, leaving.id, on=PartialDate(2026, 5, 31),
                          reason=LeftReason.RESIGNED, note="调往兰州市第十中学", today=today)
        members.delete(session, typo.id)
    log = entries(db)
    assert ("update", "person", leaving.id, "left_on", None, "2026-05-31") in [e[:6] for e in log]
    assert ("update", "person", leaving.id, "left_reason", None, "resigned") in [e[:6] for e in log]
    (deleted,) = [e for e in log if e[0] == "delete"]
    assert deleted[2] == typo.id and json.loads(deleted[4])["name"] == "乙"


def test_settings_are_audited_by_key(db: Database) -> None:
    with db.transaction() as session:
        settings_service.save(session, settings_service.SchoolSettings(school_name="甲中学"))
    with db.transaction() as session:
        settings_service.save(session, settings_service.SchoolSettings(school_name="乙中学"))
    assert ("update", "setting", None, "school_name", '"甲中学"', '"乙中学"') in [e[:6] for e in entries(db)]


def test_bulk_generation_records_one_note_instead(db: Database, today: dt.date) -> None:
    with db.transaction(audit_skip_reason="示范数据") as session:
        for n in range(3):
            members.add(session, draft(name=f"人{n}"), today=today)
            session.flush()
    assert [(e[0], e[5]) for e in entries(db)] == [("note", "示范数据")]
