"""Importing the roster: preview, all or nothing, good rows only, updates, undo, round trip."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from djdesk.domain.dates import PartialDate
from djdesk.domain.errors import ConflictError
from djdesk.domain.people import PoliticalStatus, Post
from djdesk.services import branches, import_runs, members, roster_export, roster_import
from djdesk.sheets import roster, workbook
from djdesk.store.database import Database
from djdesk.store.opening import open_database
from djdesk.store.models import AuditEntry, Person
from tests.factories import branch, draft, member_draft
from tests.sheets import messy


def read(path: Path, today: dt.date) -> roster.ParsedRoster:
    sheet = workbook.read_sheet(path)
    header = roster.find_header(sheet)
    return roster.parse(sheet, header, roster.auto_mapping(roster.headers_of(sheet, header)), today)


@pytest.fixture
def messy_sheet(tmp_path: Path, today: dt.date) -> roster.ParsedRoster:
    return read(messy.build(tmp_path / "messy.xlsx"), today)


def count_people(db: Database) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count(Person.id))) or 0


def test_the_preview_names_every_problem_exactly(db: Database, today: dt.date,
                                                 messy_sheet: roster.ParsedRoster) -> None:
    with db.transaction() as session:
        plan = roster_import.plan(session, messy_sheet, today)
    found: dict[int, list[str]] = {}
    for problem in plan.problems:
        found.setdefault(problem.excel_row, []).append(str(problem))
    assert found == messy.EXPECTED_PROBLEMS
    assert {r.excel_row for r in plan.rows if r.action == "new"} == messy.GOOD_ROWS
    assert plan.new_branches == ("第一党支部", "退休党支部")
    assert plan.new_groups == (("第一党支部", "第一党小组"), ("第一党支部", "第二党小组"))


def test_any_problem_means_nothing_is_written(db: Database, today: dt.date,
                                              messy_sheet: roster.ParsedRoster) -> None:
    with pytest.raises(ConflictError) as caught:
        with db.transaction() as session:
            roster_import.apply(session, messy_sheet, today)
    assert caught.value.message == "有 12 行有问题，没有导入任何数据。"
    assert count_people(db) == 0
    with db.transaction() as session:
        assert branches.list_branches(session) == []


def test_good_rows_only_is_an_explicit_choice(db: Database, today: dt.date,
                                              messy_sheet: roster.ParsedRoster) -> None:
    with db.transaction() as session:
        result = roster_import.apply(session, messy_sheet, today, only_good_rows=True)
    assert (result.added, result.updated, result.skipped) == (6, 0, 12)
    with db.transaction() as session:
        rows = {r.name: r for r in members.list_rows(session)}
        got = {b.name: [g.name for g in b.groups] for b in branches.list_branches(session)}
    assert set(rows) == {"张喆", "刘玥", "单军", "王堃", "陈珺", "老同志"}
    assert got == {"第一党支部": ["第一党小组", "第二党小组"], "退休党支部": []}
    assert rows["单军"].group == "第二党小组" and rows["单军"].birth_date == PartialDate(1979, 10, 1)
    assert rows["单军"].id_number == messy.ID_C  # the sheet's lower-case x, stored upper-case
    assert rows["王堃"].joined_on == PartialDate(1994, 10)  # the number 1994.1
    assert rows["老同志"].id_number == "620102195406071233"[:17] + rows["老同志"].id_number[17]
    assert rows["老同志"].political_status is PoliticalStatus.CPC_MEMBER
    with db.transaction() as session:  # every insert is in the audit trail
        inserts = session.scalar(select(func.count()).where(AuditEntry.entity == "person",
                                                             AuditEntry.action == "insert"))
    assert inserts == 6


def test_people_are_matched_by_id_number_and_blanks_never_erase(db: Database, today: dt.date,
                                                                tmp_path: Path) -> None:
    with db.transaction() as session:
        first = branch(session, "第一党支部", ("第一党小组",))
        kept = members.add(session, member_draft(first.id, name="张喆", id_number=messy.ID_A,
                                                 group_id=first.groups[0].id, title="高级教师",
                                                 phone="13800000000"), today=today)
    with db.transaction() as session:
        plan = roster_import.plan(session, read(messy.build(tmp_path / "m.xlsx"), today), today)
    (update,) = [r for r in plan.rows if r.action == "update"]
    assert update.person_id == kept.id and update.excel_row == 5
    # The sheet's phone and dates replace the stored ones; its empty 职称 cell keeps 高级教师.
    assert {c.field for c in update.changes} == {"phone", "applied_on", "education", "ethnicity", "note"}
    assert roster_import.Change("phone", "13800000000", "13931012345") in update.changes
    assert roster_import.Change("applied_on", "2008.03.01", "2008.03") in update.changes
    with db.transaction() as session:
        roster_import.apply(session, read(tmp_path / "m.xlsx", today), today, only_good_rows=True)
    with db.transaction() as session:
        stored = members.get(session, kept.id).draft
    assert stored.title == "高级教师" and stored.phone == "13931012345"
    assert count_people(db) == 6  # five added and one updated, never duplicated


def test_a_second_import_of_the_same_sheet_changes_nothing(db: Database, today: dt.date,
                                                          messy_sheet: roster.ParsedRoster) -> None:
    with db.transaction() as session:
        roster_import.apply(session, messy_sheet, today, only_good_rows=True)
    with db.transaction() as session:
        plan = roster_import.plan(session, messy_sheet, today)
    assert plan.count("unchanged") == 6 and plan.count("new") == 0 and plan.new_branches == ()


def test_the_last_import_can_be_undone_until_the_next_change(db: Database, today: dt.date, data_dir: Path,
                                                             messy_sheet: roster.ParsedRoster) -> None:
    with db.transaction() as session:
        original = members.add(session, draft(name="原有"), today=today)
    import_runs.run_import(db, data_dir, messy_sheet, source="messy.xlsx", only_good_rows=True)
    assert count_people(db) == 7
    point = import_runs.undo_point(db, data_dir)
    assert point is not None and (point.source, point.added) == ("messy.xlsx", 6)
    import_runs.undo_last_import(db, data_dir)
    with db.transaction() as session:
        assert [r.name for r in members.list_rows(session)] == ["原有"]
        assert members.get(session, original.id) == original  # every field as before
        assert branches.list_branches(session) == []
        note = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert note is not None and note.new.startswith("已撤销导入 messy.xlsx")
    assert import_runs.undo_point(db, data_dir) is None  # once


def test_undo_is_refused_after_any_other_change(db: Database, today: dt.date, data_dir: Path,
                                                messy_sheet: roster.ParsedRoster) -> None:
    import_runs.run_import(db, data_dir, messy_sheet, source="messy.xlsx", only_good_rows=True)
    with db.transaction() as session:
        members.add(session, draft(name="后来"), today=today)
    assert import_runs.undo_point(db, data_dir) is None
    with pytest.raises(ConflictError):
        import_runs.undo_last_import(db, data_dir)
    assert count_people(db) == 7


def test_a_refused_import_leaves_no_snapshot_behind(db: Database, data_dir: Path,
                                                    messy_sheet: roster.ParsedRoster) -> None:
    with pytest.raises(ConflictError):
        import_runs.run_import(db, data_dir, messy_sheet, source="messy.xlsx")
    assert not list((data_dir / "snapshots").glob("*before-import*"))
    assert import_runs.undo_point(db, data_dir) is None


def test_export_then_import_round_trips_every_field(db: Database, today: dt.date, tmp_path: Path) -> None:
    with db.transaction() as session:
        first = branch(session, "第一党支部", ("第一党小组",))
        full = member_draft(
            first.id, name="解晓燕", group_id=first.groups[0].id, male=False, ethnicity="回族",
            native_place="甘肃兰州", education="研究生", degree="硕士", school_major="西北师范大学 数学",
            work_start=PartialDate(2007, 9), post=Post.TEACHER, title="高级教师", department="数学组",
            phone="0931-8123456", note="第一行\n第二行", party_post="组织委员", introducers="甲、乙",
            contacts="丙", transferred_in_on=PartialDate(2015, 8, 30), transferred_in_from="中共某校支部委员会",
            dues_base_fen=650050, applied_on=PartialDate(2008, 3),
        )
        members.add(session, full, today=today)
        members.add(session, draft(name="张三", political_status=PoliticalStatus.JIUSAN), today=today)
        before = {r.id: members.get(session, r.id).draft for r in members.list_rows(session)}
        roster_export.export_roster(session, tmp_path / "out.xlsx", today=today)
    parsed = read(tmp_path / "out.xlsx", today)
    assert parsed.problems == []
    with db.transaction() as session:
        plan = roster_import.plan(session, parsed, today)
    assert [(r.action, r.changes) for r in plan.rows] == [("unchanged", ()), ("unchanged", ())]
    # And into an empty database: every field comes back as it was.
    fresh = open_database(tmp_path / "fresh.sqlite3", clock=db.clock)
    with fresh.transaction() as session:
        roster_import.apply(session, parsed, today)
        after = {members.get(session, r.id).draft.id_number: members.get(session, r.id).draft
                 for r in members.list_rows(session)}
    fresh.dispose()
    for old in before.values():
        new = after[old.id_number]
        assert dataclasses.replace(new, branch_id=old.branch_id, group_id=old.group_id) == old


def test_a_preview_made_before_a_change_is_planned_again(db: Database, today: dt.date,
                                                         messy_sheet: roster.ParsedRoster) -> None:
    """Someone added 张喆 between the preview and the import: the stale preview would add
    him a second time; re-planning updates him instead."""
    with db.transaction() as session:
        stale = roster_import.plan(session, messy_sheet, today)
    with db.transaction() as session:
        members.add(session, draft(name="张喆", id_number=messy.ID_A), today=today)
    with db.transaction() as session:
        result = roster_import.apply(session, messy_sheet, today, only_good_rows=True, previewed=stale)
    assert (result.added, result.updated) == (5, 1)
    assert count_people(db) == 6



def test_undo_restores_the_fields_an_import_changed(db: Database, today: dt.date, data_dir: Path,
                                                    tmp_path: Path) -> None:
    with db.transaction() as session:
        first = branch(session, "第一党支部", ("第一党小组",))
        kept = members.add(session, member_draft(first.id, name="张喆", id_number=messy.ID_A, title="高级教师",
                                                 phone="13800000000"), today=today)
    import_runs.run_import(db, data_dir, read(messy.build(tmp_path / "m.xlsx"), today), source="m.xlsx",
                           only_good_rows=True)
    with db.transaction() as session:
        assert members.get(session, kept.id).draft.phone == "13931012345"
    import_runs.undo_last_import(db, data_dir)
    with db.transaction() as session:
        assert members.get(session, kept.id) == kept


def sheet(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_an_id_number_of_someone_else_with_another_name_is_a_problem(db: Database, today: dt.date,
                                                                    tmp_path: Path) -> None:
    with db.transaction() as session:
        members.add(session, draft(name="王老师", id_number=messy.ID_A), today=today)
        plan = roster_import.plan(session, read(sheet(tmp_path / "s.xlsx", [
            ["姓名", "身份证号"], ["李别人", messy.ID_A]]), today), today)
    assert [str(p) for p in plan.problems] == [
        "第2行 姓名：这个证件号码在名册中属于王老师，但姓名不同；如确已改名，请先在人员对话框中修改姓名"]


def test_a_branch_given_by_its_full_name_is_the_existing_branch(db: Database, today: dt.date,
                                                                tmp_path: Path) -> None:
    with db.transaction() as session:
        first = branch(session, "第一党支部", ())  # full name 中共测试学校第一党支部委员会
        plan = roster_import.plan(session, read(sheet(tmp_path / "s.xlsx", [
            ["姓名", "身份证号", "所在党支部", "入党时间", "政治面貌"],
            ["甲", messy.ID_A, first.full_name, "2010.06", "中共党员"]]), today), today)
    assert plan.new_branches == () and plan.rows[0].draft.branch_id == first.id


def test_a_passport_number_without_a_document_type_column_gets_a_hint(db: Database, today: dt.date,
                                                                      tmp_path: Path) -> None:
    with db.transaction() as session:
        plan = roster_import.plan(session, read(sheet(tmp_path / "s.xlsx", [
            ["姓名", "证件号码", "性别", "出生日期"], ["外籍教师", "E12345678", "男", "1980.01.02"]]), today), today)
    (problem,) = plan.problems
    assert str(problem).endswith("（如为护照等其他证件，请在表中增加“证件类型”列）")


def test_round_trip_keeps_people_who_left_month_only_dates_and_passports(db: Database, today: dt.date,
                                                                        tmp_path: Path) -> None:
    from djdesk.domain.people import DocumentType, LeftReason, Sex

    with db.transaction() as session:
        first = branch(session, "第一党支部", ())
        gone = members.add(session, member_draft(first.id, name="调走"), today=today)
        members.mark_left(session, gone.id, on=PartialDate(2026, 3, 1), reason=LeftReason.TRANSFERRED_OUT,
                          note="中共某校支部委员会", today=today)
        members.add(session, draft(name="外籍教师", document_type=DocumentType.PASSPORT, id_number="E12345678",
                                   sex=Sex.FEMALE, birth_date=PartialDate(1980, 1)), today=today)
        before = {r.id_number: members.get(session, r.id) for r in members.list_rows(session, include_left=True)}
        roster_export.export_roster(session, tmp_path / "out.xlsx", today=today)
    parsed = read(tmp_path / "out.xlsx", today)
    fresh = open_database(tmp_path / "fresh.sqlite3", clock=db.clock)
    with fresh.transaction() as session:
        roster_import.apply(session, parsed, today)
        after = {r.id_number: members.get(session, r.id) for r in members.list_rows(session, include_left=True)}
    fresh.dispose()
    assert set(after) == set(before)
    for number, old in before.items():
        new = after[number]
        assert dataclasses.replace(new.draft, branch_id=old.draft.branch_id) == old.draft
        assert (new.left_on, new.left_reason, new.left_note) == (old.left_on, old.left_reason, old.left_note)
