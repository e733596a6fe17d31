"""Review of issue 11 (党建+学习): proven bugs, each an expected failure until it is fixed."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from decimal import Decimal as D

import pytest
from alembic import command
from sqlalchemy import delete, select

from djdesk.domain.clock import FixedClock
from djdesk.domain.dates import PartialDate
from djdesk.domain.ethics import LearningKind
from djdesk.domain.meetings import AttendanceStatus, MeetingDraft, MeetingKind
from djdesk.domain.people import LeftReason
from djdesk.services import learning, meeting_edit, members, study
from djdesk.services.ethics_history import teacher_page
from djdesk.services.learning import LearningDraft
from djdesk.services.meeting_edit import AttendanceEntry, MeetingForm
from djdesk.store import migrate
from djdesk.store.database import Database, make_engine
from djdesk.store.models import AuditEntry, LearningRecord
from djdesk.store.opening import open_database
from djdesk.ui.ethics.teacher_dialog import page_html
from tests.conftest import TODAY
from tests.factories import branch, member_draft

NOW = dt.datetime(2026, 6, 15, 10)


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    ids: dict[str, int] = {}
    with db.transaction() as session:
        first = branch(session)
        ids["branch"] = first.id
        for name, changes in (("王书记", dict(party_post="书记")), ("李委员", dict(party_post="组织委员")),
                              ("张党员", {}), ("赵离校", {})):
            ids[name] = members.add(session, member_draft(first.id, name=name, **changes), today=TODAY).id
        members.mark_left(session, ids["赵离校"], on=PartialDate(2026, 5, 1), reason=LeftReason.RESIGNED,
                          today=TODAY)
    return ids


def lecture(ids: dict[str, int], present: tuple[str, ...], held: bool = True) -> MeetingForm:
    expected = ("王书记", "张党员")
    draft = MeetingDraft(kind=MeetingKind.LECTURE, year=2026, branch_id=ids["branch"],
                         starts_at=dt.datetime(2026, 3, 12, 15), ends_at=dt.datetime(2026, 3, 12, 17),
                         title="党课：党史", host_id=ids["王书记"], recorder_id=ids["李委员"],
                         expected=tuple(ids[n] for n in expected))
    attendance = tuple(AttendanceEntry(ids[n], AttendanceStatus.PRESENT if n in present else AttendanceStatus.ABSENT,
                                       "" if n in present else "病假") for n in expected)
    return MeetingForm(draft=draft, attendance=attendance, content="一、学习", held=held)


def self_study(person_id: int, topic: str) -> LearningDraft:
    return LearningDraft((person_id,), dt.date(2026, 3, 2), topic, LearningKind.SELF, "1")


def test_a_deleted_learning_records_id_is_not_reused(db, people):
    with db.transaction() as session:
        learning.add(session, self_study(people["张党员"], "一"), today=TODAY)
        second = learning.add(session, self_study(people["张党员"], "二"), today=TODAY)[0]
    with db.transaction() as session:
        learning.delete(session, second)
    with db.transaction() as session:
        third = learning.add(session, self_study(people["张党员"], "三"), today=TODAY)[0]
    assert third != second


def test_records_taken_back_from_a_meeting_are_audited(db, people):
    with db.transaction() as session:
        meeting = meeting_edit.save(session, None, lecture(people, ("王书记", "张党员")), now=NOW)
    with db.transaction() as session:
        meeting_edit.save(session, meeting, lecture(people, ("王书记", "张党员"), held=False), now=NOW)
    with db.transaction() as session:
        deleted = session.scalars(select(AuditEntry).where(AuditEntry.entity == "learning_record",
                                                           AuditEntry.action == "delete")).all()
    assert len(deleted) == 2


def test_someone_who_left_is_not_short_of_a_target(db, people):
    with db.transaction() as session:
        learning.add(session, LearningDraft((people["赵离校"],), dt.date(2026, 3, 2), "学习党章", LearningKind.GROUP,
                                            "2"), today=TODAY)
        rows = {p.name: p for p in study.person_totals(session, term_id=None, year=2026)}
    assert "赵离校" in rows  # listed for the records made while at the school
    assert rows["赵离校"].short == 0


def test_the_teacher_page_shows_this_years_shortfall_without_any_record(db, people):
    with db.transaction() as session:
        page = teacher_page(session, people["王书记"], TODAY)
    html = page_html(page)
    assert "<td>2026</td>" in html and "<td>56</td>" in html


def test_an_upgraded_database_counts_the_lectures_held_before(db, people):
    with db.transaction() as session:
        meeting_edit.save(session, None, lecture(people, ("王书记", "张党员")), now=NOW)
        session.execute(delete(LearningRecord))  # a 0007 database had no meeting-made records
    path = db.path
    db.dispose()
    engine = make_engine(path)
    with engine.connect() as connection, connection.begin():
        cfg = migrate.config()
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0007_review")
    engine.dispose()
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0007_review",)
    upgraded = open_database(path, clock=FixedClock.on(TODAY, hour=10))
    try:
        with upgraded.transaction() as session:
            found = study.one_person(session, people["王书记"], 2026)
    finally:
        upgraded.dispose()
    assert found.year.concentrated == D(2)
