"""A person's life in the party through a real SQLite file: steps, moving on a stage, changes
of standing and undoing them; every refusal writes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from djdesk.domain.dates import PartialDate
from djdesk.domain.errors import ConflictError, UserError, ValidationError
from djdesk.domain.meetings import MeetingKind, MeetingStatus
from djdesk.domain.people import LeftReason, MembershipStatus, PoliticalStatus, Stage
from djdesk.domain.pipeline import NextStep, StepRecord
from djdesk.domain.status import Change, ChangeKind
from djdesk.i18n import _
from djdesk.services import branches, lifecycle, members
from djdesk.services.due import list_due
from djdesk.store.database import Database
from djdesk.store.models import AuditEntry, Meeting, Person, PipelineStep, StatusEvent
from tests.factories import branch, draft, member_draft

D = PartialDate


def add(db: Database, today: dt.date, **changes: object) -> int:
    with db.transaction() as session:
        return members.add(session, draft(**changes), today=today).id


def add_member(db: Database, today: dt.date, **changes: object) -> tuple[int, int, int]:
    """A full member in a branch and party group: (person, branch, group)."""
    with db.transaction() as session:
        b = branch(session)
        record = members.add(session, member_draft(b.id, group_id=b.groups[0].id, party_post="组织委员",
                                                   **changes), today=today)
        return record.id, b.id, b.groups[0].id


def snapshot_in(session: Session, person_id: int) -> dict[str, Any]:
    person = session.get(Person, person_id)
    assert person is not None
    return {c.key: getattr(person, c.key) for c in Person.__table__.columns}


def snapshot(db: Database, person_id: int) -> dict[str, Any]:
    """Every stored column of the person."""
    with db.transaction() as session:
        return snapshot_in(session, person_id)


def table_counts(db: Database) -> tuple[int, int, int, int]:
    with db.transaction() as session:
        return tuple(session.scalar(select(func.count()).select_from(model)) or 0  # type: ignore[return-value]
                     for model in (Person, PipelineStep, StatusEvent, AuditEntry))


def audit(db: Database, entity: str) -> list[tuple[str, int | None, str | None, str | None, str | None]]:
    with db.transaction() as session:
        return [(e.action, e.entity_id, e.field, e.old, e.new)
                for e in session.scalars(select(AuditEntry).where(AuditEntry.entity == entity)
                                         .order_by(AuditEntry.id))]


def steps(db: Database, person_id: int) -> list[tuple[str, PartialDate | None, str]]:
    with db.transaction() as session:
        return [(r.code, r.on, r.note) for r in lifecycle.step_records(session, person_id)]


# -- pipeline steps ------------------------------------------------------------------------
def test_save_steps_inserts_changes_in_place_and_deletes(db: Database, today: dt.date) -> None:
    pid = add(db, today, stage=Stage.ACTIVIST, applied_on=D(2024, 3, 1), activist_on=D(2025, 1, 10))
    with db.transaction() as session:
        lifecycle.save_steps(session, pid, [
            StepRecord("talk", D(2024, 3, 20), "  书记谈话 "),
            StepRecord("review", D(2025, 7, 1)),
            StepRecord("review", D(2026, 1, 5)),
            StepRecord("oath"),  # neither date nor note: not kept
            StepRecord("contacts", None, "王老师"),  # a note alone is kept
        ], today=today)
    assert steps(db, pid) == [("talk", D(2024, 3, 20), "书记谈话"), ("review", D(2025, 7, 1), ""),
                              ("review", D(2026, 1, 5), ""), ("contacts", None, "王老师")]
    inserted = audit(db, "pipeline_step")
    assert [e[0] for e in inserted] == ["insert"] * 4
    assert all(json.loads(e[4] or "{}")["person_id"] == str(pid) for e in inserted)
    ids = {json.loads(e[4] or "{}")["code"] + json.loads(e[4] or "{}").get("on", ""): e[1] for e in inserted}

    with db.transaction() as session:
        lifecycle.save_steps(session, pid, [
            StepRecord("talk", D(2024, 3, 25), "书记谈话"),  # date changed
            StepRecord("review", D(2025, 7, 1)),  # unchanged
            StepRecord("contacts", None, "王老师、李老师"),  # note changed
        ], today=today)
    assert steps(db, pid) == [("talk", D(2024, 3, 25), "书记谈话"), ("review", D(2025, 7, 1), ""),
                              ("contacts", None, "王老师、李老师")]
    later = audit(db, "pipeline_step")[4:]
    talk_id, second_review_id = ids["talk2024-03-20"], ids["review2026-01-05"]
    contacts_id = ids["contacts"]
    assert ("update", talk_id, "on", "2024-03-20", "2024-03-25") in later
    assert ("update", contacts_id, "note", "王老师", "王老师、李老师") in later
    (deleted,) = [e for e in later if e[0] == "delete"]
    assert deleted[1] == second_review_id
    assert json.loads(deleted[3] or "{}")["on"] == "2026-01-05"
    assert json.loads(deleted[3] or "{}")["person_id"] == str(pid)
    assert len(later) == 3  # the unchanged review left no entry
    # Rows were changed in place: the talk keeps its id.
    with db.transaction() as session:
        assert {row.id for row in session.scalars(select(PipelineStep))} == {
            talk_id, ids["review2025-07-01"], contacts_id}


def test_saving_the_same_steps_again_records_nothing(db: Database, today: dt.date) -> None:
    pid = add(db, today)
    records = [StepRecord("talk", D(2024, 3, 20), "谈话")]
    with db.transaction() as session:
        lifecycle.save_steps(session, pid, records, today=today)
    before = table_counts(db)
    with db.transaction() as session:
        lifecycle.save_steps(session, pid, records, today=today)
    assert table_counts(db) == before


def test_saving_no_steps_deletes_them_all(db: Database, today: dt.date) -> None:
    pid = add(db, today)
    with db.transaction() as session:
        lifecycle.save_steps(session, pid, [StepRecord("talk", D(2024, 3, 20)),
                                            StepRecord("oath", D(2025, 3, 20))], today=today)
    with db.transaction() as session:
        lifecycle.save_steps(session, pid, [StepRecord("talk", None, "  ")], today=today)
    assert steps(db, pid) == []
    assert [e[0] for e in audit(db, "pipeline_step")] == ["insert", "insert", "delete", "delete"]


@pytest.mark.parametrize(
    ("on", "message"),
    [(D(2026, 6, 16), "is in the future"), (D(2026, 7), "is in the future"),
     (D(1985, 3, 11), "is before the date of birth"), (D(1984, 12), "is before the date of birth")],
)
def test_a_step_dated_in_the_future_or_before_birth_is_refused(db: Database, today: dt.date,
                                                              on: PartialDate, message: str) -> None:
    pid = add(db, today)
    with db.transaction() as session:
        lifecycle.save_steps(session, pid, [StepRecord("talk", D(2024, 3, 20))], today=today)
    before = table_counts(db)
    with pytest.raises(ValidationError) as caught:
        with db.transaction() as session:
            lifecycle.save_steps(session, pid, [StepRecord("talk", D(2024, 4, 1)),
                                                StepRecord("oath", on)], today=today)
    assert [(p.field, p.message) for p in caught.value.problems] == [("step:oath", _(message))]
    assert "20" in caught.value.problems[0].label  # the step's number names it
    assert table_counts(db) == before
    assert steps(db, pid) == [("talk", D(2024, 3, 20), "")]  # the valid change was not written either


def test_today_and_this_month_are_accepted_for_a_step(db: Database, today: dt.date) -> None:
    pid = add(db, today)
    with db.transaction() as session:
        lifecycle.save_steps(session, pid, [StepRecord("oath", D(2026, 6, 15)),
                                            StepRecord("talk", D(2026, 6))], today=today)
    assert len(steps(db, pid)) == 2


def test_each_wrong_step_is_named_once(db: Database, today: dt.date) -> None:
    pid = add(db, today)
    with pytest.raises(ValidationError) as caught:
        with db.transaction() as session:
            lifecycle.save_steps(session, pid, [
                StepRecord("review", D(2027, 1, 1)), StepRecord("review", D(2028, 1, 1)),
                StepRecord("talk", D(1900, 1, 1)),
            ], today=today)
    assert [p.field for p in caught.value.problems] == ["step:review", "step:talk"]


def test_the_five_dates_kept_on_the_person_are_not_steps(db: Database, today: dt.date) -> None:
    pid = add(db, today)
    with pytest.raises(ValueError):
        with db.transaction() as session:
            lifecycle.save_steps(session, pid, [StepRecord("applied", D(2024, 3, 1))], today=today)


# -- moving on a stage ---------------------------------------------------------------------
def test_advance_through_every_stage(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        b = branch(session)
        pid = members.add(session, draft(name="新人", political_status=PoliticalStatus.CYL_MEMBER,
                                         branch_id=b.id), today=today).id
    path = [
        (D(2020, 1, 10), Stage.APPLICANT, "applied_on", PoliticalStatus.CYL_MEMBER),
        (D(2020, 7, 1), Stage.ACTIVIST, "activist_on", PoliticalStatus.CYL_MEMBER),
        (D(2021, 9, 1), Stage.CANDIDATE, "candidate_on", PoliticalStatus.CYL_MEMBER),
        (D(2022, 6, 1), Stage.PROBATIONARY, "joined_on", PoliticalStatus.CPC_PROBATIONARY),
        (D(2023, 6), Stage.FULL, "full_on", PoliticalStatus.CPC_MEMBER),
    ]
    filled: dict[str, PartialDate] = {}
    for on, stage, field, status in path:
        with db.transaction() as session:
            returned = lifecycle.advance(session, pid, on, today=today)
        with db.transaction() as session:
            record = members.get(session, pid)
        assert returned == record
        filled[field] = on
        assert record.draft.stage is stage
        assert record.draft.political_status is status
        for name in ("applied_on", "activist_on", "candidate_on", "joined_on", "full_on"):
            assert getattr(record.draft, name) == filled.get(name), name
    with pytest.raises(ConflictError):
        with db.transaction() as session:
            lifecycle.advance(session, pid, D(2024, 1, 1), today=today)
    with db.transaction() as session:
        stages = [e.new for e in session.scalars(select(AuditEntry).where(
            AuditEntry.entity == "person", AuditEntry.field == "stage").order_by(AuditEntry.id))]
    assert stages == ["applicant", "activist", "candidate", "probationary", "full"]


def test_advance_to_probationary_needs_a_branch(db: Database, today: dt.date) -> None:
    pid = add(db, today, stage=Stage.CANDIDATE, applied_on=D(2020, 1, 10), activist_on=D(2020, 7, 1),
              candidate_on=D(2021, 9, 1))
    before, counts = snapshot(db, pid), table_counts(db)
    with pytest.raises(ValidationError) as caught:
        with db.transaction() as session:
            lifecycle.advance(session, pid, D(2022, 6, 1), today=today)
    assert "branch_id" in {p.field for p in caught.value.problems}
    assert snapshot(db, pid) == before and table_counts(db) == counts


@pytest.mark.parametrize(
    ("stage", "dates", "on", "field"),
    [
        (None, {}, D(2026, 6, 16), "applied_on"),  # in the future
        (Stage.APPLICANT, {"applied_on": D(2020, 1, 10)}, D(2020, 1, 9), "activist_on"),
        (Stage.ACTIVIST, {"applied_on": D(2020, 1, 10), "activist_on": D(2020, 7, 1)}, D(2020, 6, 30),
         "candidate_on"),
        (Stage.ACTIVIST, {"applied_on": D(2020, 1, 10), "activist_on": D(2020, 7, 1)}, D(2020, 5),
         "candidate_on"),
    ],
)
def test_advance_refuses_a_date_before_the_previous_stage(db: Database, today: dt.date, stage: Stage | None,
                                                          dates: dict[str, PartialDate], on: PartialDate,
                                                          field: str) -> None:
    pid = add(db, today, stage=stage, **dates)
    before, counts = snapshot(db, pid), table_counts(db)
    with pytest.raises(ValidationError) as caught:
        with db.transaction() as session:
            lifecycle.advance(session, pid, on, today=today)
    assert field in {p.field for p in caught.value.problems}
    assert snapshot(db, pid) == before and table_counts(db) == counts


def test_advance_to_full_membership_refused_before_joining(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        b = branch(session)
        pid = members.add(session, member_draft(b.id, political_status=PoliticalStatus.CPC_PROBATIONARY,
                                                joined_on=D(2025, 9, 1), full_on=None), today=today).id
    before = snapshot(db, pid)
    with pytest.raises(ValidationError) as caught:
        with db.transaction() as session:
            lifecycle.advance(session, pid, D(2025, 8, 1), today=today)
    assert "full_on" in {p.field for p in caught.value.problems}
    assert snapshot(db, pid) == before


def test_nobody_moves_on_from_another_party_or_after_leaving(db: Database, today: dt.date) -> None:
    capd = add(db, today, political_status=PoliticalStatus.CAPD)  # 民进
    with pytest.raises(ConflictError):
        with db.transaction() as session:
            lifecycle.plan_advance(session, capd, D(2026, 1, 1), today=today)
    gone = add(db, today, name="调走")
    with db.transaction() as session:
        members.mark_left(session, gone, on=D(2026, 1, 1), reason=LeftReason.RESIGNED, today=today)
    with pytest.raises(ConflictError):
        with db.transaction() as session:
            lifecycle.advance(session, gone, D(2026, 2, 1), today=today)
    assert snapshot(db, gone)["stage"] is None


def test_plan_advance_reports_a_new_warning_and_writes_nothing(db: Database, today: dt.date) -> None:
    pid = add(db, today, stage=Stage.ACTIVIST, applied_on=D(2025, 12, 1), activist_on=D(2026, 1, 1),
              introducers="乙")  # one introducer only: a warning already before the move
    counts = table_counts(db)
    with db.transaction() as session:
        plan = lifecycle.plan_advance(session, pid, D(2026, 5, 1), today=today)
        before_move = lifecycle.warnings(session, members.get(session, pid).draft, [], person_id=pid,
                                         today=today)
    assert plan.step == NextStep(Stage.CANDIDATE, "candidate_on", None)
    assert plan.draft.stage is Stage.CANDIDATE and plan.draft.candidate_on == D(2026, 5, 1)
    assert [w.step for w in plan.new_warnings] == ["candidate"]
    assert [w.step for w in before_move] == ["introducers"]  # known before: not new
    assert table_counts(db) == counts
    assert snapshot(db, pid)["stage"] is Stage.ACTIVIST


def test_plan_advance_after_a_year_as_activist_has_no_new_warning(db: Database, today: dt.date) -> None:
    pid = add(db, today, stage=Stage.ACTIVIST, applied_on=D(2024, 12, 1), activist_on=D(2025, 1, 1))
    with db.transaction() as session:
        lifecycle.save_steps(session, pid, [StepRecord("review", D(2025, 7, 1))], today=today)
        plan = lifecycle.plan_advance(session, pid, D(2026, 1, 1), today=today)
    assert plan.new_warnings == []


def test_warnings_read_the_introducers_standing_from_the_roster(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        b = branch(session)
        members.add(session, member_draft(b.id, name="乙"), today=today)
        members.add(session, member_draft(b.id, name="丙", political_status=PoliticalStatus.CPC_PROBATIONARY,
                                          joined_on=D(2025, 9, 1), full_on=None), today=today)
        found = lifecycle.warnings(session, draft(introducers="乙、丙"), [], person_id=None, today=today)
    (warning,) = found
    assert warning.step == "introducers" and "丙" in warning.message


def test_an_introducer_name_shared_by_several_people_is_left_alone(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        b = branch(session)
        # Neither could introduce anyone; still, the program cannot tell which one is meant.
        members.add(session, member_draft(b.id, name="乙", political_status=PoliticalStatus.CPC_PROBATIONARY,
                                          joined_on=D(2025, 9, 1), full_on=None), today=today)
        members.add(session, member_draft(b.id, name="乙", membership_status=MembershipStatus.SUSPENDED,
                                          membership_status_since=D(2026, 1, 1)), today=today)
        assert lifecycle.warnings(session, draft(introducers="乙、丙"), [], person_id=None, today=today) == []


def test_the_person_is_not_their_own_introducer(db: Database, today: dt.date) -> None:
    # 丙, a probationary member, was introduced by another 丙 who is not in the roster.
    with db.transaction() as session:
        b = branch(session)
        record = members.add(session, member_draft(b.id, name="丙", introducers="丙、丁",
                                                   political_status=PoliticalStatus.CPC_PROBATIONARY,
                                                   joined_on=D(2025, 9, 1), full_on=None), today=today)
        assert lifecycle.warnings(session, record.draft, [], person_id=record.id, today=today) == []
        # Someone else naming this 丙 is warned.
        found = lifecycle.warnings(session, draft(introducers="丙、丁"), [], person_id=None, today=today)
    assert [w.step for w in found] == ["introducers"]


def test_warnings_use_the_stored_extension(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        b = branch(session)
        pid = members.add(session, member_draft(b.id, political_status=PoliticalStatus.CPC_PROBATIONARY,
                                                joined_on=D(2025, 3, 1), full_on=None), today=today).id
        lifecycle.change_status(session, pid, Change(ChangeKind.EXTENDED, D(2026, 2, 20), months=6),
                                today=today)
        full_on_time = dataclasses.replace(members.get(session, pid).draft, full_on=D(2026, 9, 1))
        assert lifecycle.warnings(session, full_on_time, [], person_id=pid, today=today) == []
        assert [w.step for w in lifecycle.warnings(session, full_on_time, [], person_id=None, today=today)] == [
            "full_approved"]


def test_suggested_date(today: dt.date) -> None:
    applicant = draft(stage=Stage.APPLICANT, applied_on=D(2024, 1, 1), activist_on=D(2025, 2, 3))
    step = NextStep(Stage.ACTIVIST, "activist_on", None)
    assert lifecycle.suggested_date(applicant, step, today=today) == D(2025, 2, 3)  # already typed
    to_full = NextStep(Stage.FULL, "full_on", PoliticalStatus.CPC_MEMBER)
    ended = draft(political_status=PoliticalStatus.CPC_PROBATIONARY, joined_on=D(2025, 3, 1))
    assert lifecycle.suggested_date(ended, to_full, today=today) == D(2026, 3, 1)
    month_only = draft(political_status=PoliticalStatus.CPC_PROBATIONARY, joined_on=D(2025, 3))
    assert lifecycle.suggested_date(month_only, to_full, today=today) == D(2026, 3)
    ending_today = draft(political_status=PoliticalStatus.CPC_PROBATIONARY, joined_on=D(2025, 6, 15))
    assert lifecycle.suggested_date(ending_today, to_full, today=today) == D(2026, 6, 15)
    running = draft(political_status=PoliticalStatus.CPC_PROBATIONARY, joined_on=D(2025, 9, 1))
    assert lifecycle.suggested_date(running, to_full, today=today) == D(2026, 6, 15)  # not in the future
    to_applicant = NextStep(Stage.APPLICANT, "applied_on", None)
    assert lifecycle.suggested_date(draft(), to_applicant, today=today) == D(2026, 6, 15)


def test_suggested_full_membership_date_follows_an_extension(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        b = branch(session)
        pid = members.add(session, member_draft(b.id, political_status=PoliticalStatus.CPC_PROBATIONARY,
                                                joined_on=D(2024, 9, 1), full_on=None), today=today).id
        lifecycle.change_status(session, pid, Change(ChangeKind.EXTENDED, D(2025, 8, 25), months=6),
                                today=today)
    with db.transaction() as session:
        record = members.get(session, pid)
        extended = snapshot_in(session, pid)["probation_extended_months"]
        step = NextStep(Stage.FULL, "full_on", PoliticalStatus.CPC_MEMBER)
        suggested = lifecycle.suggested_date(record.draft, step, today=today, extended_months=extended)
        plan = lifecycle.plan_advance(session, pid, suggested, today=today)
        # Without the extension, the end of the regular year.
        assert lifecycle.suggested_date(record.draft, step, today=today) == D(2025, 9, 1)
    assert suggested == D(2026, 3, 1)  # the extended probation's end, not 2025-09-01
    assert plan.new_warnings == []
    # An extended probation not yet over: today is offered, not a date in the future.
    running = dataclasses.replace(record.draft, joined_on=D(2025, 9, 1))
    assert lifecycle.suggested_date(running, step, today=today, extended_months=6) == D(2026, 6, 15)


# -- changes of standing -------------------------------------------------------------------
ON = D(2026, 5, 10)


def _setup_for(db: Database, today: dt.date, kind: ChangeKind) -> int:
    pid, _b, _g = add_member(db, today)
    with db.transaction() as session:
        if kind is ChangeKind.TRANSFER_IN:
            members.mark_left(session, pid, on=D(2024, 1, 1), reason=LeftReason.TRANSFERRED_OUT,
                              note="中共某校支部委员会", today=today)
        if kind is ChangeKind.RESTORED:
            lifecycle.change_status(session, pid, Change(ChangeKind.SUSPENDED, D(2026, 1, 5), note="决定"),
                                    today=today)
        if kind is ChangeKind.EXTENDED:
            person = session.get(Person, pid)
            assert person is not None
            person.political_status, person.stage = PoliticalStatus.CPC_PROBATIONARY, Stage.PROBATIONARY
            person.joined_on, person.full_on = D(2025, 9, 1), None
        if kind is ChangeKind.LEFT:  # only someone outside the party simply leaves
            person = session.get(Person, pid)
            assert person is not None
            person.political_status, person.stage, person.party_post = PoliticalStatus.CAPD, None, ""
            person.branch_id = person.group_id = None
    return pid


CHANGES: dict[ChangeKind, tuple[Change, dict[str, object]]] = {
    ChangeKind.TRANSFER_OUT: (
        Change(ChangeKind.TRANSFER_OUT, ON, organisation=" 中共某中学支部委员会 ", letter_no="17",
               dues_until=D(2026, 5)),
        {"left_on": ON, "left_reason": LeftReason.TRANSFERRED_OUT, "left_note": "中共某中学支部委员会"}),
    ChangeKind.TRANSFER_IN: (
        Change(ChangeKind.TRANSFER_IN, ON, organisation="中共某小学支部委员会"),
        {"left_on": None, "left_reason": None, "left_note": "", "transferred_in_on": ON,
         "transferred_in_from": "中共某小学支部委员会"}),
    ChangeKind.SUSPENDED: (
        Change(ChangeKind.SUSPENDED, ON, note="支部大会决定"),
        {"membership_status": MembershipStatus.SUSPENDED, "membership_status_since": ON,
         "membership_status_until": None}),
    ChangeKind.OBSERVATION: (
        Change(ChangeKind.OBSERVATION, ON, months=24, note="处分"),
        {"membership_status": MembershipStatus.OBSERVATION, "membership_status_since": ON,
         "membership_status_until": D(2028, 5, 10)}),
    ChangeKind.RESTORED: (
        Change(ChangeKind.RESTORED, ON),
        {"membership_status": MembershipStatus.NORMAL, "membership_status_since": ON,
         "membership_status_until": None}),
    ChangeKind.EXTENDED: (
        Change(ChangeKind.EXTENDED, ON, months=9),
        {"probation_extended_months": 9, "stage": Stage.PROBATIONARY}),
    ChangeKind.LOST: (
        Change(ChangeKind.LOST, ON, note="除名"),
        {"political_status": PoliticalStatus.MASSES, "stage": None, "branch_id": None, "group_id": None,
         "party_post": "", "membership_status": MembershipStatus.NORMAL, "membership_status_since": ON}),
    ChangeKind.DECEASED: (
        Change(ChangeKind.DECEASED, ON, note="病故"),
        {"left_on": ON, "left_reason": LeftReason.DECEASED, "left_note": "病故",
         "political_status": PoliticalStatus.CPC_MEMBER}),
    ChangeKind.LEFT: (
        Change(ChangeKind.LEFT, ON, note="调往外地"),
        {"left_on": ON, "left_reason": LeftReason.RESIGNED, "left_note": "调往外地"}),
}


@pytest.mark.parametrize("kind", list(ChangeKind))
def test_change_status_applies_the_change_and_lists_the_event(db: Database, today: dt.date,
                                                               kind: ChangeKind) -> None:
    pid = _setup_for(db, today, kind)
    change, expected = CHANGES[kind]
    with db.transaction() as session:
        before_events = lifecycle.list_events(session, pid)
        view = lifecycle.change_status(session, pid, change, today=today)
    after = snapshot(db, pid)
    for key, value in expected.items():
        assert after[key] == value, key
    with db.transaction() as session:
        events = lifecycle.list_events(session, pid)
    assert events == [*before_events, view]
    assert view.kind is kind and view.on == ON
    assert view.organisation == change.organisation.strip()
    assert view.months == change.months
    assert view.describe().startswith(kind.label)
    # The record as changed is still one the person dialog can save.
    with db.transaction() as session:
        record = members.get(session, pid)
        members.update(session, pid, record.draft, today=today)


def test_the_event_keeps_every_detail(db: Database, today: dt.date) -> None:
    pid, _b, _g = add_member(db, today)
    with db.transaction() as session:
        lifecycle.change_status(session, pid, CHANGES[ChangeKind.TRANSFER_OUT][0], today=today)
    with db.transaction() as session:
        (event,) = lifecycle.list_events(session, pid)
    assert (event.organisation, event.letter_no, event.dues_until, event.months) == (
        "中共某中学支部委员会", "17", D(2026, 5), None)
    text = event.describe()
    for part in ("2026.05.10", "中共某中学支部委员会", "17", "2026.05"):
        assert part in text


def test_a_refused_change_writes_nothing(db: Database, today: dt.date) -> None:
    pid = add(db, today)  # not a party member
    before, counts = snapshot(db, pid), table_counts(db)
    with pytest.raises(ValidationError):
        with db.transaction() as session:
            lifecycle.change_status(session, pid, Change(ChangeKind.SUSPENDED, ON, note="x"), today=today)
    with pytest.raises(ValidationError) as caught:
        with db.transaction() as session:
            lifecycle.change_status(session, pid, Change(ChangeKind.LEFT, D(2026, 7, 1)), today=today)
    assert caught.value.problems[0].field == "on"
    assert snapshot(db, pid) == before and table_counts(db) == counts


def test_a_second_change_sees_the_first(db: Database, today: dt.date) -> None:
    pid, _b, _g = add_member(db, today)
    with db.transaction() as session:
        lifecycle.change_status(session, pid, CHANGES[ChangeKind.TRANSFER_OUT][0], today=today)
    with pytest.raises(ValidationError):  # already left
        with db.transaction() as session:
            lifecycle.change_status(session, pid, Change(ChangeKind.DECEASED, ON), today=today)


# -- undoing -------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", list(ChangeKind))
def test_undo_restores_exactly_the_previous_values(db: Database, today: dt.date, kind: ChangeKind) -> None:
    pid = _setup_for(db, today, kind)
    before = snapshot(db, pid)
    with db.transaction() as session:
        events_before = lifecycle.list_events(session, pid)
        done = lifecycle.change_status(session, pid, CHANGES[kind][0], today=today)
    assert snapshot(db, pid) != before
    with db.transaction() as session:
        undone = lifecycle.undo_last_change(session, pid)
    assert undone == done
    assert snapshot(db, pid) == before
    with db.transaction() as session:
        assert lifecycle.list_events(session, pid) == events_before


def test_undo_after_losing_the_membership_restores_branch_group_and_post(db: Database, today: dt.date) -> None:
    pid, branch_id, group_id = add_member(db, today)
    with db.transaction() as session:
        lifecycle.change_status(session, pid, Change(ChangeKind.LOST, ON, note="除名"), today=today)
    assert (snapshot(db, pid)["branch_id"], snapshot(db, pid)["group_id"]) == (None, None)
    with db.transaction() as session:
        lifecycle.undo_last_change(session, pid)
    after = snapshot(db, pid)
    assert (after["branch_id"], after["group_id"], after["party_post"]) == (branch_id, group_id, "组织委员")
    assert (after["political_status"], after["stage"]) == (PoliticalStatus.CPC_MEMBER, Stage.FULL)
    assert after["membership_status_since"] is None
    with db.transaction() as session:
        record = members.get(session, pid)
    assert (record.branch_name, record.group_name) == ("第一党支部", "第一党小组")


def test_undo_after_the_group_was_removed_is_refused_kindly(db: Database, today: dt.date) -> None:
    pid, _branch_id, group_id = add_member(db, today)
    with db.transaction() as session:
        lifecycle.change_status(session, pid, Change(ChangeKind.LOST, ON, note="除名"), today=today)
    with db.transaction() as session:
        branches.remove_group(session, group_id)  # nobody in it any more
    lost = snapshot(db, pid)
    with pytest.raises(UserError):
        with db.transaction() as session:
            lifecycle.undo_last_change(session, pid)
    assert snapshot(db, pid) == lost


def test_a_later_probation_does_not_inherit_an_old_extension(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        b = branch(session)
        pid = members.add(session, member_draft(b.id, political_status=PoliticalStatus.CPC_PROBATIONARY,
                                                joined_on=D(2022, 3, 1), full_on=None), today=today).id
        lifecycle.change_status(session, pid, Change(ChangeKind.EXTENDED, D(2023, 2, 20), months=6), today=today)
        lifecycle.change_status(session, pid, Change(ChangeKind.LOST, D(2023, 8, 25), note="取消预备党员资格"),
                                today=today)
    with db.transaction() as session:  # admitted again, years later
        record = members.get(session, pid)
        members.update(session, pid, dataclasses.replace(
            record.draft, political_status=PoliticalStatus.CPC_PROBATIONARY, branch_id=b.id,
            applied_on=D(2023, 10, 1), activist_on=D(2023, 12, 1), candidate_on=D(2024, 12, 1),
            joined_on=D(2025, 8, 1)), today=today)
    with db.transaction() as session:
        due = [(i.kind.value, i.person_id, i.on) for i in list_due(session, today=today)]
    assert ("probation", pid, dt.date(2026, 8, 1)) in due
    with db.transaction() as session:
        lifecycle.change_status(session, pid, Change(ChangeKind.EXTENDED, D(2026, 6, 1), months=6), today=today)


def test_undo_of_a_transfer_out_clears_the_leaving(db: Database, today: dt.date) -> None:
    pid, _b, _g = add_member(db, today)
    with db.transaction() as session:
        lifecycle.change_status(session, pid, CHANGES[ChangeKind.TRANSFER_OUT][0], today=today)
        assert members.list_rows(session) == []
    with db.transaction() as session:
        lifecycle.undo_last_change(session, pid)
        record = members.get(session, pid)
        assert (record.left_on, record.left_reason, record.left_note) == (None, None, "")
        assert [r.id for r in members.list_rows(session)] == [pid]


def test_undo_of_a_transfer_in_restores_the_earlier_leaving(db: Database, today: dt.date) -> None:
    pid = _setup_for(db, today, ChangeKind.TRANSFER_IN)
    with db.transaction() as session:
        lifecycle.change_status(session, pid, CHANGES[ChangeKind.TRANSFER_IN][0], today=today)
    with db.transaction() as session:
        lifecycle.undo_last_change(session, pid)
        record = members.get(session, pid)
    assert (record.left_on, record.left_reason, record.left_note) == (
        D(2024, 1, 1), LeftReason.TRANSFERRED_OUT, "中共某校支部委员会")
    assert record.draft.transferred_in_on is None and record.draft.transferred_in_from == ""


def test_undo_of_an_extension_clears_it_and_allows_another(db: Database, today: dt.date) -> None:
    pid = _setup_for(db, today, ChangeKind.EXTENDED)
    with db.transaction() as session:
        lifecycle.change_status(session, pid, Change(ChangeKind.EXTENDED, ON, months=6), today=today)
    with pytest.raises(ValidationError):  # only once
        with db.transaction() as session:
            lifecycle.change_status(session, pid, Change(ChangeKind.EXTENDED, ON, months=12), today=today)
    with db.transaction() as session:
        lifecycle.undo_last_change(session, pid)
    assert snapshot(db, pid)["probation_extended_months"] is None
    with db.transaction() as session:
        lifecycle.change_status(session, pid, Change(ChangeKind.EXTENDED, ON, months=12), today=today)
    assert snapshot(db, pid)["probation_extended_months"] == 12


def test_undo_takes_back_the_latest_change_first(db: Database, today: dt.date) -> None:
    pid, _b, _g = add_member(db, today)
    original = snapshot(db, pid)
    with db.transaction() as session:
        lifecycle.change_status(session, pid, Change(ChangeKind.SUSPENDED, D(2026, 1, 5), note="决定"),
                                today=today)
    suspended = snapshot(db, pid)
    with db.transaction() as session:
        lifecycle.change_status(session, pid, Change(ChangeKind.RESTORED, D(2026, 5, 5)), today=today)
    with db.transaction() as session:
        assert lifecycle.undo_last_change(session, pid).kind is ChangeKind.RESTORED
    assert snapshot(db, pid) == suspended
    with db.transaction() as session:
        assert lifecycle.undo_last_change(session, pid).kind is ChangeKind.SUSPENDED
    assert snapshot(db, pid) == original
    with pytest.raises(ConflictError):
        with db.transaction() as session:
            lifecycle.undo_last_change(session, pid)


def test_undo_with_no_events_is_a_conflict(db: Database, today: dt.date) -> None:
    pid = add(db, today)
    counts = table_counts(db)
    with pytest.raises(ConflictError) as caught:
        with db.transaction() as session:
            lifecycle.undo_last_change(session, pid)
    assert "张三" in caught.value.message
    assert table_counts(db) == counts


def test_change_and_undo_are_audited(db: Database, today: dt.date) -> None:
    pid, _b, _g = add_member(db, today)
    with db.transaction() as session:
        view = lifecycle.change_status(session, pid, CHANGES[ChangeKind.DECEASED][0], today=today)
    with db.transaction() as session:
        lifecycle.undo_last_change(session, pid)
    events = audit(db, "status_event")
    assert [(e[0], e[1]) for e in events] == [("insert", view.id), ("delete", view.id)]
    assert json.loads(events[1][3] or "{}")["person_id"] == str(pid)
    person_updates = [(e[2], e[3], e[4]) for e in audit(db, "person") if e[0] == "update"]
    assert ("left_on", None, "2026-05-10") in person_updates
    assert ("left_on", "2026-05-10", None) in person_updates


# -- deleting a person with their own records ----------------------------------------------
def test_deleting_a_person_takes_their_steps_and_events_and_is_audited(db: Database, today: dt.date) -> None:
    pid, _b, _g = add_member(db, today, name="打错")
    with db.transaction() as session:
        lifecycle.save_steps(session, pid, [StepRecord("talk", D(2008, 3, 20)),
                                            StepRecord("oath", D(2010, 7, 1))], today=today)
        event = lifecycle.change_status(session, pid, Change(ChangeKind.SUSPENDED, ON, note="x"), today=today)
    with db.transaction() as session:
        step_ids = [r.id for r in session.scalars(select(PipelineStep))]
        members.delete(session, pid)
    with db.transaction() as session:
        assert session.get(Person, pid) is None
        assert session.scalar(select(func.count()).select_from(PipelineStep)) == 0
        assert session.scalar(select(func.count()).select_from(StatusEvent)) == 0
    deletions = {(e[1]) for e in audit(db, "pipeline_step") if e[0] == "delete"}
    assert deletions == set(step_ids)
    assert [e[1] for e in audit(db, "status_event") if e[0] == "delete"] == [event.id]
    (person_deleted,) = [e for e in audit(db, "person") if e[0] == "delete"]
    assert person_deleted[1] == pid and json.loads(person_deleted[3] or "{}")["name"] == "打错"


def test_a_person_a_meeting_refers_to_is_still_not_deleted(db: Database, today: dt.date) -> None:
    pid, branch_id, _g = add_member(db, today, name="主持人")
    with db.transaction() as session:
        lifecycle.save_steps(session, pid, [StepRecord("talk", D(2008, 3, 20))], today=today)
        lifecycle.change_status(session, pid, Change(ChangeKind.SUSPENDED, ON, note="x"), today=today)
        session.add(Meeting(kind=MeetingKind.GENERAL, year=2026, branch_id=branch_id,
                            starts_at=dt.datetime(2026, 5, 8, 16, 30), status=MeetingStatus.HELD, host_id=pid))
    counts = table_counts(db)
    with pytest.raises(ConflictError) as caught:
        with db.transaction() as session:
            members.delete(session, pid)
    assert "主持人" in caught.value.message
    assert table_counts(db) == counts
