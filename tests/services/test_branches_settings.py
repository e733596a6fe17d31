"""Branches and groups, school settings, and the overview counts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from djdesk.domain.dates import PartialDate
from djdesk.domain.errors import ConflictError, ValidationError
from djdesk.domain.people import LeftReason
from djdesk.services import branches, members, overview
from djdesk.services import settings as settings_service
from djdesk.store.database import Database
from tests.factories import branch, draft, member_draft


def test_branches_with_groups_in_order(db: Database) -> None:
    with db.transaction() as session:
        first = branches.add_branch(session, "第一党支部", "中共某校第一支部委员会",
                                    term_start=PartialDate(2023, 5, 12), term_end=PartialDate(2028, 5, 11))
        branches.add_group(session, first.id, "第二党小组")
        branches.add_group(session, first.id, "第一党小组")
        branches.add_branch(session, "退休党支部", "中共某校退休党支部")
    with db.transaction() as session:
        listed = branches.list_branches(session)
    assert [b.name for b in listed] == ["第一党支部", "退休党支部"]
    assert [g.name for g in listed[0].groups] == ["第二党小组", "第一党小组"]
    assert listed[0].term_end == PartialDate(2028, 5, 11)


def test_branch_input_is_checked(db: Database) -> None:
    with pytest.raises(ValidationError) as caught:
        with db.transaction() as session:
            branches.add_branch(session, " ", "", term_start=PartialDate(2023, 5), term_end=PartialDate(2020, 1))
    assert [str(p) for p in caught.value.problems] == [
        "支部名称：为必填项", "打印用全称：为必填项", "支委会任期届满：早于任期开始日期",
    ]
    with db.transaction() as session:
        b = branch(session, "第一党支部", ("第一党小组",))
    with pytest.raises(ConflictError):
        with db.transaction() as session:
            branches.add_branch(session, "第一党支部", "重复")
    with pytest.raises(ConflictError):
        with db.transaction() as session:
            branches.add_group(session, b.id, "第一党小组")


def test_settings_have_defaults_and_round_trip(db: Database) -> None:
    with db.transaction() as session:
        # A new database keeps its dues from the month it was made.
        assert settings_service.load(session) == settings_service.SchoolSettings(dues_since="2026-06-01")
        settings_service.save(session, settings_service.SchoolSettings(school_name="明德中学", committee_term_years=3))
    with db.transaction() as session:
        loaded = settings_service.load(session)
    assert loaded.school_name == "明德中学" and loaded.committee_term_years == 3


def test_a_stored_setting_of_the_wrong_type_keeps_the_default(db: Database) -> None:
    with db.transaction() as session:
        session.execute(text("INSERT INTO setting (key, value) VALUES ('committee_term_years', 'true')"))
        session.execute(text("INSERT INTO setting (key, value) VALUES ('from_the_future', '1')"))
    with db.transaction() as session:
        assert settings_service.load(session).committee_term_years == 5


def test_overview_counts(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        b = branch(session)
        members.add(session, member_draft(b.id), today=today)
        members.add(session, draft(), today=today)
        gone = members.add(session, member_draft(b.id), today=today)
        members.mark_left(session, gone.id, on=PartialDate(2026, 1, 1), reason=LeftReason.DECEASED, today=today)
    with db.transaction() as session:
        counts = overview.overview(session)
    assert (counts.people, counts.people_left, counts.party_members, counts.branches, counts.meetings) == (2, 1, 1, 1, 0)


def test_branch_can_be_edited_but_not_to_a_taken_name(db: Database) -> None:
    with db.transaction() as session:
        first = branch(session, "第一党支部")
        branch(session, "退休党支部", ())
    with db.transaction() as session:
        edited = branches.update_branch(session, first.id, "第一党支部", "中共某校第一支部委员会（新）",
                                        term_start=PartialDate(2026, 5), term_end=PartialDate(2031, 5))
    assert edited.full_name.endswith("（新）") and edited.term_end == PartialDate(2031, 5)
    with pytest.raises(ConflictError):
        with db.transaction() as session:
            branches.update_branch(session, first.id, "退休党支部", "x", term_start=None, term_end=None)


def test_groups_are_renamed_and_removed_only_when_empty(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        b = branch(session, "第一党支部", ("第一党小组", "第二党小组"))
        members.add(session, member_draft(b.id, group_id=b.groups[0].id), today=today)
    with db.transaction() as session:
        assert branches.rename_group(session, b.groups[1].id, "语文党小组").name == "语文党小组"
    with pytest.raises(ConflictError) as caught:
        with db.transaction() as session:
            branches.remove_group(session, b.groups[0].id)
    assert "第一党小组" in caught.value.message
    with db.transaction() as session:
        branches.remove_group(session, b.groups[1].id)
    with db.transaction() as session:
        assert [g.name for g in branches.list_branches(session)[0].groups] == ["第一党小组"]
