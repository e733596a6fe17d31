"""The roster service: round trips through a real SQLite file, and each refusal writes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from djdesk.domain.dates import PartialDate
from djdesk.domain.errors import ConflictError, NotFoundError, ValidationError
from djdesk.domain.meetings import AttendanceStatus, MeetingKind, MeetingStatus
from djdesk.domain.people import LeftReason, PoliticalStatus, Sex, Stage
from djdesk.services import members
from djdesk.store.database import Database
from djdesk.store.models import Attendance, AuditEntry, Meeting, Person
from tests.factories import branch, draft, member_draft


def counts(db: Database) -> tuple[int, int]:
    with db.transaction() as session:
        return (session.scalar(select(func.count(Person.id))) or 0,
                session.scalar(select(func.count(AuditEntry.id))) or 0)


def test_add_and_get_round_trip_every_field(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        b = branch(session)
        d = member_draft(
            b.id, name="单军", group_id=b.groups[0].id, ethnicity="回族", native_place="甘肃兰州",
            education="大学本科", degree="学士", school_major="西北师范大学 数学", work_start=PartialDate(2007, 9),
            title="高级教师", department="数学组", phone="13931012345", note="备注", party_post="书记",
            introducers="甲、乙", contacts="丙", transferred_in_on=PartialDate(2015, 8, 30),
            transferred_in_from="中共某校支部委员会", dues_base_fen=650000,
        )
        added = members.add(session, d, today=today)
    with db.transaction() as session:
        got = members.get(session, added.id)
    assert got == added
    assert got.branch_name == "第一党支部" and got.group_name == "第一党小组"
    expected = dataclasses.replace(d, stage=Stage.FULL, sex=Sex.MALE, birth_date=PartialDate(1985, 3, 12))
    assert got.draft == expected


def test_rows_hold_what_the_table_shows(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        b = branch(session)
        members.add(session, member_draft(b.id, name="单军", group_id=b.groups[0].id), today=today)
        members.add(session, draft(name="张三"), today=today)
    with db.transaction() as session:
        rows = members.list_rows(session)
    assert [(r.name, r.branch, r.group, r.political_status) for r in rows] == [
        ("单军", "第一党支部", "第一党小组", PoliticalStatus.CPC_MEMBER),
        ("张三", "", "", PoliticalStatus.MASSES),
    ]
    assert "sj" in rows[0].search_initials.split() and "dj" in rows[0].search_initials.split()
    assert "shanjun" in rows[0].search_pinyin.split()


def test_duplicate_id_number_is_a_conflict_and_writes_nothing(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        first = members.add(session, draft(name="张三"), today=today)
    before = counts(db)
    with pytest.raises(ConflictError) as caught:
        with db.transaction() as session:
            members.add(session, draft(name="李四", id_number=first.draft.id_number.lower()), today=today)
    assert caught.value.field == "id_number"
    assert caught.value.message == f"证件号码：{first.draft.id_number}已是张三的证件号码"
    assert counts(db) == before


def test_fifteen_digit_form_of_a_stored_number_is_a_duplicate(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        members.add(session, draft(id_number="11010519491231002X", birth=dt.date(1949, 12, 31), male=False), today=today)
    with pytest.raises(ConflictError):
        with db.transaction() as session:
            members.add(session, draft(name="重复", id_number="110105491231002"), today=today)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (dict(name=""), "name"),
        (dict(phone="1391234567890"), "phone"),
        (dict(birth_date=PartialDate(1985, 3, 13)), "birth_date"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_writes_nothing(
    db: Database, today: dt.date, changes: dict[str, object], field: str
) -> None:
    before = counts(db)
    with pytest.raises(ValidationError) as caught:
        with db.transaction() as session:
            members.add(session, draft(**changes), today=today)
    assert caught.value.field == field
    assert counts(db) == before


def test_wrong_check_digit_and_join_before_application(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        b = branch(session)
    d = draft()
    with pytest.raises(ValidationError) as caught:
        with db.transaction() as session:
            members.add(session, dataclasses.replace(d, id_number=d.id_number[:17] + "Y"), today=today)
    assert caught.value.problems[0].field == "id_number"
    with pytest.raises(ValidationError) as caught:
        with db.transaction() as session:
            members.add(session, member_draft(b.id, applied_on=PartialDate(2011, 1, 1)), today=today)
    # Each date of the pipeline that now falls before the application is named.
    assert {p.field for p in caught.value.problems} == {"activist_on", "candidate_on", "joined_on"}
    assert counts(db)[0] == 0


def test_group_must_belong_to_the_branch(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        first = branch(session, "第一党支部", ("第一党小组",))
        second = branch(session, "退休党支部", ("退休党小组",))
    with pytest.raises(ValidationError) as caught:
        with db.transaction() as session:
            members.add(session, member_draft(first.id, group_id=second.groups[0].id), today=today)
    assert str(caught.value.problems[0]) == "党小组：不属于所选党支部"


def test_update_changes_and_keeps_the_id(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        record = members.add(session, draft(name="王五"), today=today)
    with db.transaction() as session:
        updated = members.update(session, record.id, dataclasses.replace(record.draft, name="王武"), today=today)
    assert updated.id == record.id and updated.name == "王武"
    with db.transaction() as session:
        assert [r.name for r in members.list_rows(session)] == ["王武"]


def test_update_refused_keeps_the_stored_record(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        record = members.add(session, draft(name="王五"), today=today)
    with pytest.raises(ValidationError):
        with db.transaction() as session:
            members.update(session, record.id, dataclasses.replace(record.draft, name="", phone="1"), today=today)
    with db.transaction() as session:
        assert members.get(session, record.id) == record


def test_mark_left_hides_from_current_lists_and_keeps_the_history(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        b = branch(session)
        record = members.add(session, member_draft(b.id, name="调走"), today=today)
    with db.transaction() as session:
        left = members.mark_left(session, record.id, on=PartialDate(2026, 5, 10),
                                 reason=LeftReason.TRANSFERRED_OUT, note="中共兰州市第五十一中学支部委员会",
                                 today=today)
    assert left.has_left and left.left_reason is LeftReason.TRANSFERRED_OUT
    with db.transaction() as session:
        assert members.list_rows(session) == []
        (row,) = members.list_rows(session, include_left=True)
    assert row.left_on == PartialDate(2026, 5, 10)
    with db.transaction() as session:
        back = members.reinstate(session, record.id)
    assert not back.has_left


def test_mark_left_refuses_a_future_date_and_a_transfer_without_destination(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        record = members.add(session, draft(), today=today)
    with pytest.raises(ValidationError) as caught:
        with db.transaction() as session:
            members.mark_left(session, record.id, on=PartialDate(2026, 7, 1),
                              reason=LeftReason.TRANSFERRED_OUT, today=today)
    assert {p.field for p in caught.value.problems} == {"left_on", "left_note"}
    with db.transaction() as session:
        assert not members.get(session, record.id).has_left


def test_delete_removes_a_person_nothing_refers_to(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        record = members.add(session, draft(name="打错"), today=today)
    with db.transaction() as session:
        members.delete(session, record.id)
    with db.transaction() as session:
        assert members.list_rows(session, include_left=True) == []
        with pytest.raises(NotFoundError):
            members.get(session, record.id)


def test_delete_is_refused_when_records_refer_to_the_person(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        b = branch(session)
        record = members.add(session, member_draft(b.id, name="主持人"), today=today)
        meeting = Meeting(kind=MeetingKind.COMMITTEE, year=2026, branch_id=b.id,
                          starts_at=dt.datetime(2026, 5, 8, 16, 30), status=MeetingStatus.HELD,
                          host_id=record.id)
        meeting.attendance = [Attendance(person_id=record.id, status=AttendanceStatus.PRESENT)]
        session.add(meeting)
    with pytest.raises(ConflictError) as caught:
        with db.transaction() as session:
            members.delete(session, record.id)
    assert caught.value.message == (
        "不能删除主持人：还有作为主持人、记录人或主讲人的会议 1 次、会议出席记录 1 条与其相关。"
        "请改为“标记为已离开”，其记录将保留在历史中。"
    )
    with db.transaction() as session:
        assert members.get(session, record.id).name == "主持人"


def test_a_person_deleted_meanwhile_is_not_found(db: Database, today: dt.date) -> None:
    with pytest.raises(NotFoundError) as caught:
        with db.transaction() as session:
            members.update(session, 4242, draft(), today=today)
    assert caught.value.message == "此人员已不存在（可能刚被删除）"
