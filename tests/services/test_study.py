"""党建+学习 on a real database: study groups, term plans, quick entry, totals, targets, and the
learning records a held 党课 or 主题党日 gives its attendees."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from djdesk.domain.dates import PartialDate
from djdesk.domain.errors import ConflictError, NotFoundError, ValidationError
from djdesk.domain.ethics import LearningKind
from djdesk.domain.meetings import AttendanceStatus, MeetingDraft, MeetingKind
from djdesk.domain.people import LeftReason, PoliticalStatus
from djdesk.domain.strokes import name_key
from djdesk.services import learning, meeting_edit, members, study
from djdesk.services import settings as settings_service
from djdesk.services.learning import LearningDraft
from djdesk.services.meeting_edit import AttendanceEntry, MeetingForm
from djdesk.services.study import GroupDraft, TermDraft, UnitDraft
from djdesk.store.database import Database
from djdesk.store.models import AuditEntry, LearningRecord
from tests.conftest import TODAY
from tests.factories import branch, draft, member_draft

K = LearningKind
NOW = dt.datetime(2026, 6, 15, 10)
SPRING = TermDraft("2026年春季学期", dt.date(2026, 2, 1), dt.date(2026, 7, 31))


@pytest.fixture
def school(db: Database) -> dict[str, int]:
    """A branch of six: secretary, committee member, two members, one who left, one non-member."""
    ids: dict[str, int] = {}
    with db.transaction() as session:
        first = branch(session, "第一党支部", ("第一党小组",))
        ids["branch"] = first.id
        for name, changes in (
            ("王书记", dict(party_post="书记")),
            ("李委员", dict(party_post="组织委员")),
            ("张党员", {}),
            ("丁预备", dict(political_status=PoliticalStatus.CPC_PROBATIONARY, full_on=None)),
            ("赵离校", {}),
        ):
            ids[name] = members.add(session, member_draft(first.id, name=name, **changes), today=TODAY).id
        ids["钱群众"] = members.add(session, draft(name="钱群众"), today=TODAY).id
        members.mark_left(session, ids["赵离校"], on=PartialDate(2026, 5, 1), reason=LeftReason.RESIGNED,
                          today=TODAY)
    return ids


def learnt(ids: tuple[int, ...], on: dt.date, hours: str, kind: LearningKind = K.GROUP,
           topic: str = "学习党章") -> LearningDraft:
    return LearningDraft(person_ids=ids, held_on=on, topic=topic, kind=kind, hours=hours)


def add(db: Database, *records: LearningDraft) -> None:
    with db.transaction() as session:
        for record in records:
            learning.add(session, record, today=TODAY)


def problems(error: pytest.ExceptionInfo[ValidationError]) -> dict[str | None, str]:
    return {p.field: p.message for p in error.value.problems}


# -- study groups -----------------------------------------------------------------------------
def test_groups_list_by_name_with_members_in_stroke_order(db, school):
    with db.transaction() as session:
        first = study.save_group(session, None, GroupDraft(
            "第一学习小组", "语文组", (school["张党员"], school["丁预备"], school["王书记"], school["丁预备"])))
        study.save_group(session, None, GroupDraft("第二学习小组", member_ids=(school["张党员"],)))
        rows = study.list_groups(session)
    assert [r.name for r in rows] == ["第一学习小组", "第二学习小组"]
    assert rows[0].id == first and rows[0].note == "语文组"
    assert rows[0].member_names == ("丁预备", "王书记", "张党员")  # 2, 4 and 7 strokes; a repeat once
    assert rows[0].member_ids == (school["丁预备"], school["王书记"], school["张党员"])
    assert rows[1].member_ids == (school["张党员"],)  # people may belong to several groups


def test_a_group_is_renamed_and_its_members_changed(db, school):
    with db.transaction() as session:
        group = study.save_group(session, None, GroupDraft("读书小组", member_ids=(school["张党员"],)))
        study.save_group(session, group, GroupDraft(" 青年读书小组 ", "新", (school["李委员"], school["张党员"])))
        row = study.list_groups(session)[0]
    assert (row.id, row.name, row.note, row.member_names) == (group, "青年读书小组", "新", ("李委员", "张党员"))
    with db.transaction() as session:
        study.save_group(session, group, GroupDraft("青年读书小组", member_ids=(school["李委员"],)))
        assert study.list_groups(session)[0].member_names == ("李委员",)
        trail = session.execute(select(AuditEntry.action, AuditEntry.entity_id, AuditEntry.old, AuditEntry.new)
                                .where(AuditEntry.entity == "study_group_member").order_by(AuditEntry.id)).all()
    member = {"person_id": str(school["张党员"])}
    assert [(action, entity_id) for action, entity_id, _old, _new in trail] == [
        ("insert", group), ("insert", group), ("delete", group)]
    assert json.loads(trail[0][3]) == member and json.loads(trail[2][2]) == member


def test_a_duplicate_or_empty_group_name_and_unknown_members_are_refused(db, school):
    with db.transaction() as session:
        study.save_group(session, None, GroupDraft("读书小组"))
    with pytest.raises(ValidationError) as error, db.transaction() as session:
        study.save_group(session, None, GroupDraft(" 读书小组 ", member_ids=(999,)))
    assert set(problems(error)) == {"name", "member_ids"}
    assert error.value.problems[0].label == study.study_label("name")
    with pytest.raises(ValidationError) as error, db.transaction() as session:
        study.save_group(session, None, GroupDraft("  ", note="备" * 201))
    assert set(problems(error)) == {"name", "note"}
    with db.transaction() as session:
        assert [g.name for g in study.list_groups(session)] == ["读书小组"]


def test_a_group_cannot_be_deleted_while_a_unit_names_it(db, school):
    with db.transaction() as session:
        group = study.save_group(session, None, GroupDraft("读书小组", member_ids=(school["张党员"],)))
        term = study.save_term(session, None, SPRING)
        unit = study.save_unit(session, None, UnitDraft(term, "学史明理", group_id=group))
    with pytest.raises(ConflictError), db.transaction() as session:
        study.delete_group(session, group)
    with db.transaction() as session:
        study.save_unit(session, unit, UnitDraft(term, "学史明理"))
        study.delete_group(session, group)
        assert study.list_groups(session) == []
        assert study.list_units(session, term)[0].group == ""
    with pytest.raises(NotFoundError), db.transaction() as session:
        study.delete_group(session, group)


# -- terms ------------------------------------------------------------------------------------
def test_terms_newest_first_and_the_term_of_a_day(db):
    with db.transaction() as session:
        spring = study.save_term(session, None, SPRING)
        autumn = study.save_term(session, None, TermDraft("2025年秋季学期", dt.date(2025, 8, 1),
                                                          dt.date(2026, 1, 31), "党史学习教育"))
        assert [t.id for t in study.list_terms(session)] == [spring, autumn]
        assert study.term_for(session, dt.date(2026, 1, 31)).id == autumn
        assert study.term_for(session, dt.date(2026, 2, 1)).id == spring
        assert study.term_for(session, dt.date(2026, 7, 31)).name == "2026年春季学期"
        assert study.term_for(session, dt.date(2026, 8, 1)) is None
        assert study.list_terms(session)[1].note == "党史学习教育"


def test_a_term_ending_before_it_starts_or_with_a_taken_name_is_refused(db):
    with db.transaction() as session:
        study.save_term(session, None, SPRING)
    bad = TermDraft("2026年春季学期", dt.date(2026, 7, 31), dt.date(2026, 2, 1))
    with pytest.raises(ValidationError) as error, db.transaction() as session:
        study.save_term(session, None, bad)
    assert set(problems(error)) == {"name", "ends_on"}
    with db.transaction() as session:  # a one-day term is a term
        study.save_term(session, None, TermDraft("专题学习日", dt.date(2026, 7, 1), dt.date(2026, 7, 1)))
        assert len(study.list_terms(session)) == 2


def test_a_term_with_units_is_not_deleted_nor_shrunk_past_them(db):
    with db.transaction() as session:
        term = study.save_term(session, None, SPRING)
        study.save_unit(session, None, UnitDraft(term, "学史明理", starts_on=dt.date(2026, 7, 1)))
    with pytest.raises(ConflictError), db.transaction() as session:
        study.delete_term(session, term)
    with pytest.raises(ValidationError) as error, db.transaction() as session:
        study.save_term(session, term, dataclasses.replace(SPRING, ends_on=dt.date(2026, 6, 30)))
    assert "学史明理" in problems(error)["ends_on"]
    with db.transaction() as session:
        study.delete_unit(session, study.list_units(session, term)[0].id)
        study.delete_term(session, term)
        assert study.list_terms(session) == []


# -- units ------------------------------------------------------------------------------------
def test_unit_dates_outside_the_term_are_refused_under_their_field(db):
    with db.transaction() as session:
        term = study.save_term(session, None, SPRING)
    for starts, ends, fields in (
        (dt.date(2026, 1, 31), dt.date(2026, 3, 1), {"starts_on"}),
        (dt.date(2026, 3, 1), dt.date(2026, 8, 1), {"ends_on"}),
        (dt.date(2025, 3, 1), dt.date(2027, 3, 1), {"starts_on", "ends_on"}),
        (dt.date(2026, 4, 1), dt.date(2026, 3, 1), {"ends_on"}),  # ends before it starts
    ):
        with pytest.raises(ValidationError) as error, db.transaction() as session:
            study.save_unit(session, None, UnitDraft(term, "学史明理", starts_on=starts, ends_on=ends))
        assert set(problems(error)) == fields
    with pytest.raises(ValidationError) as error, db.transaction() as session:
        study.save_unit(session, None, UnitDraft(term, " ", topic="题" * 201, group_id=999))
    assert set(problems(error)) == {"title", "topic", "group_id"}
    with pytest.raises(NotFoundError), db.transaction() as session:
        study.save_unit(session, None, UnitDraft(999, "学史明理"))
    with db.transaction() as session:
        assert study.list_units(session, term) == []


def test_units_keep_their_order_move_and_close_gaps(db):
    with db.transaction() as session:
        term = study.save_term(session, None, SPRING)
        ids = [study.save_unit(session, None, UnitDraft(term, title)) for title in ("学史明理", "学史增信",
                                                                                    "学史崇德", "学史力行")]

    def titles() -> list[str]:
        with db.transaction() as session:
            return [u.title for u in study.list_units(session, term)]

    assert titles() == ["学史明理", "学史增信", "学史崇德", "学史力行"]
    with db.transaction() as session:
        study.move_unit(session, ids[3], -1)
    assert titles() == ["学史明理", "学史增信", "学史力行", "学史崇德"]
    with db.transaction() as session:
        study.move_unit(session, ids[0], -1)  # already first
        study.move_unit(session, ids[2], +1)  # already last
    assert titles() == ["学史明理", "学史增信", "学史力行", "学史崇德"]
    with db.transaction() as session:
        study.move_unit(session, ids[0], +1)
        study.delete_unit(session, ids[1])
        assert [u.position for u in study.list_units(session, term)] == [1, 2, 3]
        study.save_unit(session, ids[0], UnitDraft(term, "学史明理（修订）"))  # an edit keeps its place
    assert titles() == ["学史明理（修订）", "学史力行", "学史崇德"]


def test_a_unit_reads_back_with_its_group_and_summary(db, school):
    with db.transaction() as session:
        group = study.save_group(session, None, GroupDraft("读书小组"))
        term = study.save_term(session, None, SPRING)
        unit = study.save_unit(session, None, UnitDraft(
            term, "学史明理", "学习《中国共产党简史》", "《中国共产党简史》第一至三章",
            dt.date(2026, 3, 1), dt.date(2026, 3, 31), group))
        assert not study.list_units(session, term)[0].summarised
        study.save_unit(session, unit, UnitDraft(
            term, "学史明理", "学习《中国共产党简史》", "《中国共产党简史》第一至三章",
            dt.date(2026, 3, 1), dt.date(2026, 3, 31), group, shown=" 在校园网展示读书笔记 "))
        row = study.list_units(session, term)[0]
    assert (row.title, row.topic, row.materials, row.starts_on, row.ends_on, row.group_id, row.group) == (
        "学史明理", "学习《中国共产党简史》", "《中国共产党简史》第一至三章", dt.date(2026, 3, 1),
        dt.date(2026, 3, 31), group, "读书小组")
    assert row.shown == "在校园网展示读书笔记" and row.summarised
    assert (row.learnt, row.done, row.understood) == ("", "", "")


# -- quick entry ------------------------------------------------------------------------------
def count_records(db: Database) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(LearningRecord))


def test_record_for_one_person(db, school):
    with db.transaction() as session:
        ids = study.record(session, learnt((school["张党员"],), dt.date(2026, 6, 1), "2", K.SELF), today=TODAY)
        rows = learning.list_records(session, person_id=school["张党员"])
    assert [r.id for r in rows] == ids and len(ids) == 1
    assert (rows[0].kind, rows[0].hours, rows[0].meeting_id) == (K.SELF, D(2), None)


def test_record_for_a_group_gives_each_present_member_one_record(db, school):
    with db.transaction() as session:
        group = study.save_group(session, None, GroupDraft("读书小组", member_ids=(
            school["王书记"], school["张党员"], school["赵离校"])))
        ids = study.record(session, learnt((school["张党员"], school["钱群众"]), dt.date(2026, 6, 1), "1.5"),
                           group_id=group, today=TODAY)
        rows = learning.list_records(session)
    assert len(ids) == 3  # 张党员 chosen and in the group: once; 赵离校 has left
    assert sorted(r.person for r in rows) == sorted(["张党员", "钱群众", "王书记"])
    assert {r.hours for r in rows} == {D("1.5")}
    with pytest.raises(ValidationError) as error, db.transaction() as session:
        empty = study.save_group(session, None, GroupDraft("空小组", member_ids=(school["赵离校"],)))
        study.record(session, learnt((), dt.date(2026, 6, 1), "1"), group_id=empty, today=TODAY)
    assert "person_ids" in problems(error)
    with pytest.raises(ValidationError) as error, db.transaction() as session:
        study.record(session, learnt((), dt.date(2026, 6, 16), "abc"), group_id=group, today=TODAY)
    assert {"held_on", "hours"} <= set(problems(error))
    with pytest.raises(NotFoundError), db.transaction() as session:
        study.record(session, learnt((school["张党员"],), dt.date(2026, 6, 1), "1"), group_id=999, today=TODAY)
    assert count_records(db) == 3


# -- totals and targets -----------------------------------------------------------------------
def by_name(rows: list[study.PersonStudy]) -> dict[str, study.PersonStudy]:
    return {r.name: r for r in rows}


def test_a_member_with_30_hours_of_group_study_and_10_of_self_study_is_2_short(db, school):
    member = school["张党员"]
    add(db, learnt((member,), dt.date(2026, 3, 10), "20"), learnt((member,), dt.date(2026, 4, 10), "10"),
        learnt((member,), dt.date(2026, 5, 10), "10", K.SELF))
    with db.transaction() as session:
        found = study.one_person(session, member, 2026)
    assert (found.name, found.branch, found.leader, found.target) == ("张党员", "第一党支部", False, D(32))
    assert (found.year.hours, found.year.sessions, found.year.concentrated) == (D(40), 3, D(30))
    assert found.year.by_kind == {K.GROUP: D(30), K.SELF: D(10)}
    assert found.short == D(2)
    assert found.last_on == dt.date(2026, 5, 10)
    assert found.term.sessions == 0  # no term named
    add(db, learnt((member,), dt.date(2026, 6, 1), "3", K.TRAINING))
    with db.transaction() as session:
        assert study.one_person(session, member, 2026).short == 0  # never below zero
    with pytest.raises(NotFoundError), db.transaction() as session:
        study.one_person(session, 999, 2026)


def test_secretaries_and_committee_members_have_the_higher_target(db, school):
    add(db, learnt((school["李委员"], school["王书记"], school["丁预备"]), dt.date(2026, 3, 1), "40", K.LECTURE))
    with db.transaction() as session:
        rows = by_name(study.person_totals(session, term_id=None, year=2026))
    assert (rows["李委员"].leader, rows["李委员"].target, rows["李委员"].short) == (True, D(56), D(16))
    assert (rows["王书记"].leader, rows["王书记"].target, rows["王书记"].short) == (True, D(56), D(16))
    assert (rows["丁预备"].leader, rows["丁预备"].target, rows["丁预备"].short) == (False, D(32), 0)


def test_concentrated_hours_only_count_the_concentrated_kinds(db, school):
    member = school["张党员"]
    add(db, *(learnt((member,), dt.date(2026, 3, 1), "2", kind) for kind in LearningKind))
    with db.transaction() as session:
        found = study.one_person(session, member, 2026)
    assert found.year.hours == D(2) * len(LearningKind)
    assert found.year.concentrated == D(6)  # 集中学习, 党课, 培训; not 自学 nor 日课
    assert found.short == D(26)


def test_term_and_year_totals_cover_their_own_days(db, school):
    member = school["张党员"]
    with db.transaction() as session:
        autumn = study.save_term(session, None, TermDraft("2025年秋季学期", dt.date(2025, 8, 1), dt.date(2026, 1, 31)))
    add(db, learnt((member,), dt.date(2025, 12, 1), "1"),  # term only
        learnt((member,), dt.date(2026, 1, 31), "2"),  # both
        learnt((member,), dt.date(2026, 2, 1), "4"))  # year only
    with db.transaction() as session:
        found = by_name(study.person_totals(session, term_id=autumn, year=2026))["张党员"]
        last_year = by_name(study.person_totals(session, term_id=autumn, year=2025))["张党员"]
    assert (found.term.hours, found.term.sessions) == (D(3), 2)
    assert (found.year.hours, found.year.sessions) == (D(6), 2)
    assert (last_year.year.hours, last_year.term.hours) == (D(1), D(3))
    with pytest.raises(NotFoundError), db.transaction() as session:
        study.person_totals(session, term_id=999, year=2026)


def test_who_is_listed_members_at_the_school_and_anyone_with_a_record(db, school):
    with db.transaction() as session:
        rows = study.person_totals(session, term_id=None, year=2026)
    names = [r.name for r in rows]
    assert names == ["丁预备", "王书记", "李委员", "张党员"]  # 按姓氏笔画; who left and non-members not
    assert names == sorted(names, key=name_key)
    add(db, learnt((school["钱群众"], school["赵离校"]), dt.date(2026, 3, 1), "2"),
        learnt((school["李委员"],), dt.date(2025, 3, 1), "2"))
    with db.transaction() as session:
        rows = by_name(study.person_totals(session, term_id=None, year=2026))
        chosen = study.person_totals(session, term_id=None, year=2026, person_ids=[school["钱群众"]])
        earlier = [r.name for r in study.person_totals(session, term_id=None, year=2024)]
    assert set(rows) == {"丁预备", "王书记", "李委员", "张党员", "钱群众", "赵离校"}
    assert rows["李委员"].year.hours == 0 and rows["李委员"].last_on == dt.date(2025, 3, 1)
    assert [(r.name, r.year.hours) for r in chosen] == [("钱群众", D(2))]
    assert "赵离校" not in earlier and "钱群众" not in earlier


def test_group_totals_add_up_the_present_members(db, school):
    with db.transaction() as session:
        readers = study.save_group(session, None, GroupDraft("读书小组", member_ids=(
            school["王书记"], school["张党员"], school["钱群众"], school["赵离校"])))
        study.save_group(session, None, GroupDraft("空小组"))
        term = study.save_term(session, None, SPRING)
        study.record(session, learnt((), dt.date(2026, 3, 1), "32"), group_id=readers, today=TODAY)
        study.record(session, learnt((school["张党员"],), dt.date(2026, 1, 5), "2", K.SELF), today=TODAY)
        groups = study.group_totals(session, term_id=term, year=2026)
    assert [g.name for g in groups] == ["空小组", "读书小组"]  # by name
    found = {g.name: g for g in groups}
    readers_row = found["读书小组"]
    assert readers_row.members == 3  # 赵离校 has left
    assert (readers_row.year.hours, readers_row.year.sessions) == (D(98), 4)
    assert readers_row.year.by_kind == {K.GROUP: D(96), K.SELF: D(2)}
    assert (readers_row.term.hours, readers_row.term.sessions) == (D(96), 3)
    assert readers_row.below_target == 1  # 王书记 needs 56; 张党员 has 32; 钱群众 is no party member
    assert (found["空小组"].members, found["空小组"].year.hours, found["空小组"].below_target) == (0, 0, 0)


# -- reminders --------------------------------------------------------------------------------
def test_quiet_lists_members_without_a_record_in_the_last_weeks(db, school):
    add(db, learnt((school["王书记"],), TODAY - dt.timedelta(days=27), "1", K.DAILY),
        learnt((school["李委员"],), TODAY - dt.timedelta(days=28), "1"),
        learnt((school["钱群众"],), TODAY - dt.timedelta(days=60), "1"))
    with db.transaction() as session:
        rows = study.quiet(session, weeks=4, today=TODAY)
        longer = study.quiet(session, weeks=5, today=TODAY)
    assert [(r.name, r.last_on) for r in rows] == [
        ("丁预备", None), ("李委员", TODAY - dt.timedelta(days=28)), ("张党员", None)]
    assert rows[0].branch == "第一党支部"
    assert [r.name for r in longer] == ["丁预备", "张党员"]
    with pytest.raises(ValidationError) as error, db.transaction() as session:
        study.quiet(session, weeks=0, today=TODAY)
    assert "weeks" in problems(error)


# -- the term's record table ------------------------------------------------------------------
def test_the_term_report_holds_the_plan_people_and_groups(db, school):
    with db.transaction() as session:
        settings_service.save(session, settings_service.SchoolSettings(school_name="测试中学"))
        group = study.save_group(session, None, GroupDraft("读书小组", member_ids=(school["张党员"],)))
        term = study.save_term(session, None, SPRING)
        study.save_unit(session, None, UnitDraft(term, "学史明理", group_id=group))
        study.record(session, learnt((), dt.date(2026, 3, 1), "2"), group_id=group, today=TODAY)
        report = study.term_report(session, term)
    assert (report.school, report.term.name, report.year) == ("测试中学", "2026年春季学期", 2026)
    assert [u.group for u in report.units] == ["读书小组"]
    assert [p.name for p in report.people] == ["丁预备", "王书记", "李委员", "张党员"]
    assert by_name(list(report.people))["张党员"].term.hours == D(2)
    assert [(g.name, g.members, g.term.hours) for g in report.groups] == [("读书小组", 1, D(2))]


# -- the calendar link ------------------------------------------------------------------------
def meeting_form(school: dict[str, int], kind: MeetingKind, absent: tuple[str, ...] = (),
                 held: bool = True) -> MeetingForm:
    people = ("王书记", "李委员", "张党员")
    base = MeetingDraft(kind=kind, year=2026, branch_id=school["branch"],
                        starts_at=dt.datetime(2026, 6, 12, 15), ends_at=dt.datetime(2026, 6, 12, 16, 30),
                        title="学习贯彻党的二十大精神", host_id=school["王书记"], recorder_id=school["李委员"],
                        expected=tuple(school[n] for n in people))
    attendance = tuple(AttendanceEntry(school[n], AttendanceStatus.ABSENT if n in absent
                                       else AttendanceStatus.PRESENT, "外出" if n in absent else "")
                       for n in people)
    return MeetingForm(draft=base, attendance=attendance, content="一、学习", held=held)


def meeting_records(db: Database, meeting_id: int) -> list[learning.LearningRow]:
    with db.transaction() as session:
        return [r for r in learning.list_records(session) if r.meeting_id == meeting_id]


def save_meeting(db: Database, form: MeetingForm, meeting_id: int | None = None) -> int:
    with db.transaction() as session:
        return meeting_edit.save(session, meeting_id, form, now=NOW)


def test_a_held_party_lecture_gives_each_present_attendee_one_record(db, school):
    meeting = save_meeting(db, meeting_form(school, MeetingKind.LECTURE, absent=("张党员",)))
    rows = meeting_records(db, meeting)
    assert sorted(r.person for r in rows) == ["李委员", "王书记"]
    assert {(r.kind, r.hours, r.held_on, r.topic) for r in rows} == {
        (K.LECTURE, D("1.5"), dt.date(2026, 6, 12), "学习贯彻党的二十大精神")}
    save_meeting(db, meeting_form(school, MeetingKind.LECTURE, absent=("张党员",)), meeting)
    assert len(meeting_records(db, meeting)) == 2  # saved again: no duplicates
    save_meeting(db, meeting_form(school, MeetingKind.LECTURE, absent=("张党员", "李委员")), meeting)
    assert [r.person for r in meeting_records(db, meeting)] == ["王书记"]
    with db.transaction() as session:
        assert study.one_person(session, school["王书记"], 2026).year.by_kind == {K.LECTURE: D("1.5")}
    save_meeting(db, meeting_form(school, MeetingKind.LECTURE, absent=("张党员", "李委员"), held=False), meeting)
    assert meeting_records(db, meeting) == []
    assert count_records(db) == 0


def test_a_theme_day_gives_group_study_that_cannot_be_edited_as_a_record(db, school):
    meeting = save_meeting(db, meeting_form(school, MeetingKind.THEME_DAY))
    rows = meeting_records(db, meeting)
    assert len(rows) == 3 and {r.kind for r in rows} == {K.GROUP}
    row = rows[0]
    change = learnt((row.person_id,), row.held_on, "5")
    with pytest.raises(ConflictError), db.transaction() as session:
        learning.update(session, row.id, change, today=TODAY)
    with pytest.raises(ConflictError), db.transaction() as session:
        learning.delete(session, row.id)
    assert len(meeting_records(db, meeting)) == 3
    with db.transaction() as session:
        assert study.one_person(session, row.person_id, 2026).year.concentrated == D("1.5")
