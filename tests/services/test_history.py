"""A person's history from the audit trail, in the office's words."""

from __future__ import annotations

import dataclasses
import datetime as dt

from djdesk.domain.dates import PartialDate
from djdesk.domain.people import LeftReason, PoliticalStatus, Post, field_label
from djdesk.domain.pipeline import StepRecord
from djdesk.domain.status import Change, ChangeKind
from djdesk.i18n import _
from djdesk.services import lifecycle, members
from djdesk.services.history import HistoryEntry, person_history
from djdesk.store.database import Database
from tests.factories import branch, draft, member_draft

D = PartialDate


def history(db: Database, person_id: int) -> list[HistoryEntry]:
    with db.transaction() as session:
        return person_history(session, person_id)


def rows(db: Database, person_id: int) -> list[tuple[str, str, str, str]]:
    return [(e.action, e.item, e.old, e.new) for e in history(db, person_id)]


def test_a_new_person_has_one_entry(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        pid = members.add(session, draft(name="王五"), today=today).id
    (entry,) = history(db, pid)
    assert (entry.action, entry.item, entry.old, entry.new) == (_("Record created"), "王五", "", "")
    assert entry.at == dt.datetime(2026, 6, 15, 10, 0)


def test_changed_fields_are_shown_as_the_office_reads_them(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        first = branch(session, "第一党支部", ("第一党小组",))
        second = branch(session, "退休党支部", ("退休党小组",))
        record = members.add(session, member_draft(first.id, name="王五", group_id=first.groups[0].id,
                                                   applied_on=D(2008, 3, 1)), today=today)
    with db.transaction() as session:
        members.update(session, record.id, dataclasses.replace(
            record.draft, applied_on=D(2008, 3, 12), work_start=D(2007, 9), post=Post.RETIRED,
            branch_id=second.id, group_id=second.groups[0].id, dues_base_fen=650000), today=today)
    changed = {item: (action, old, new) for action, item, old, new in rows(db, record.id)
               if action == _("Changed")}
    assert changed[field_label("applied_on")] == (_("Changed"), "2008.03.01", "2008.03.12")
    assert changed[field_label("work_start")] == (_("Changed"), "", "2007.09")
    assert changed[field_label("post")] == (_("Changed"), Post.TEACHER.label, Post.RETIRED.label)
    assert Post.RETIRED.label != "retired"  # a label, not the stored code
    assert changed[field_label("branch_id")] == (_("Changed"), "第一党支部", "退休党支部")
    assert changed[field_label("group_id")] == (_("Changed"), "第一党小组", "退休党小组")
    assert "6500" in changed[field_label("dues_base_fen")][2]
    assert len(changed) == 6


def test_a_change_of_political_status_shows_the_labels(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        record = members.add(session, draft(), today=today)
    with db.transaction() as session:
        members.update(session, record.id, dataclasses.replace(
            record.draft, political_status=PoliticalStatus.CYL_MEMBER), today=today)
    (newest, created) = rows(db, record.id)
    assert newest == (_("Changed"), field_label("political_status"), PoliticalStatus.MASSES.label,
                      PoliticalStatus.CYL_MEMBER.label)
    assert created[0] == _("Record created")


def test_newest_first(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        record = members.add(session, draft(name="甲"), today=today)
    with db.transaction() as session:
        members.update(session, record.id, dataclasses.replace(record.draft, name="乙"), today=today)
    with db.transaction() as session:
        members.update(session, record.id, dataclasses.replace(record.draft, name="丙"), today=today)
    assert [(e[2], e[3]) for e in rows(db, record.id)] == [("乙", "丙"), ("甲", "乙"), ("", "")]


def test_steps_added_changed_and_deleted(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        pid = members.add(session, draft(), today=today).id
    with db.transaction() as session:
        lifecycle.save_steps(session, pid, [StepRecord("talk", D(2024, 3, 20), "书记谈话"),
                                            StepRecord("oath", D(2025, 7, 1))], today=today)
    with db.transaction() as session:
        lifecycle.save_steps(session, pid, [StepRecord("talk", D(2024, 3, 25), "书记谈话")], today=today)
    entries = rows(db, pid)
    talk = [e for e in entries if "(2)" in e[1]]
    oath = [e for e in entries if "(20)" in e[1]]
    # Newest first: changed, then added.
    assert [(e[0], e[2], e[3]) for e in talk] == [
        (_("Changed"), "2024.03.20", "2024.03.25"),
        (_("Added"), "", "2024.03.20 书记谈话"),
    ]
    assert [(e[0], e[2], e[3]) for e in oath] == [(_("Deleted"), "2025.07.01", ""), (_("Added"), "", "2025.07.01")]
    assert all(_("Talk with the applicant (within a month)") in e[1] for e in talk)
    assert entries[-1][0] == _("Record created")
    assert len(entries) == 5


def test_a_change_of_standing_recorded_and_undone(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        b = branch(session)
        pid = members.add(session, member_draft(b.id), today=today).id
    with db.transaction() as session:
        lifecycle.change_status(session, pid, Change(ChangeKind.TRANSFER_OUT, D(2026, 5, 10),
                                                     organisation="中共某中学支部委员会", letter_no="17"),
                                today=today)
    with db.transaction() as session:
        lifecycle.undo_last_change(session, pid)
    entries = rows(db, pid)
    events = [e for e in entries if ChangeKind.TRANSFER_OUT.label in e[1]]
    assert [e[0] for e in events] == [_("Undone"), _("Recorded")]
    undone, recorded = events
    assert recorded[2] == "" and undone[3] == ""
    for part in ("2026.05.10", "中共某中学支部委员会", "17"):
        assert part in recorded[3] and part in undone[2]
    assert "transfer_out" not in recorded[1]
    # The person's own fields changed with it, and back.
    left = [e for e in entries if e[1] == field_label("left_on")]
    assert [(e[2], e[3]) for e in left] == [("2026.05.10", ""), ("", "2026.05.10")]
    reasons = [e for e in entries if e[1] == field_label("left_reason")]
    assert [(e[2], e[3]) for e in reasons] == [(LeftReason.TRANSFERRED_OUT.label, ""),
                                               ("", LeftReason.TRANSFERRED_OUT.label)]


def test_another_persons_steps_are_not_shown(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        first = members.add(session, draft(name="甲"), today=today).id
        second = members.add(session, draft(name="乙"), today=today).id
    with db.transaction() as session:
        lifecycle.save_steps(session, first, [StepRecord("talk", D(2024, 3, 20))], today=today)
        lifecycle.save_steps(session, second, [StepRecord("oath", D(2025, 7, 1))], today=today)
    assert [e[1] for e in rows(db, first) if "(20)" in e[1]] == []
    assert [e[1] for e in rows(db, second) if "(2)" in e[1]] == []
    assert len(rows(db, first)) == 2 and len(rows(db, second)) == 2


def _reuse_an_id(db: Database, today: dt.date) -> tuple[int, int]:
    """甲, with steps, a change of standing and edits, deleted; then 乙 added under the same id."""
    with db.transaction() as session:
        b = branch(session)
        old = members.add(session, member_draft(b.id, name="甲"), today=today)
    with db.transaction() as session:
        members.update(session, old.id, dataclasses.replace(old.draft, phone="13900000000"), today=today)
        lifecycle.save_steps(session, old.id, [StepRecord("talk", D(2008, 3, 20))], today=today)
        lifecycle.change_status(session, old.id, Change(ChangeKind.SUSPENDED, D(2026, 5, 10), note="决定"),
                                today=today)
    with db.transaction() as session:
        members.delete(session, old.id)
    with db.transaction() as session:
        new = members.add(session, draft(name="乙"), today=today)
    assert new.id == old.id  # SQLite gives the freed id to the next person
    return old.id, new.id


def test_a_reused_id_does_not_show_the_previous_persons_changes(db: Database, today: dt.date) -> None:
    _old, new = _reuse_an_id(db, today)
    entries = rows(db, new)
    assert (_("Record created"), "乙", "", "") in entries
    assert ("甲" not in " ".join(" ".join(e) for e in entries))
    assert [e for e in entries if e[1] in (field_label("phone"), field_label("membership_status"))] == []


def test_a_reused_id_does_not_show_the_previous_persons_steps_and_events(db: Database, today: dt.date) -> None:
    _old, new = _reuse_an_id(db, today)
    assert rows(db, new) == [(_("Record created"), "乙", "", "")]


def test_an_extension_shows_its_months(db: Database, today: dt.date) -> None:
    with db.transaction() as session:
        b = branch(session)
        pid = members.add(session, member_draft(b.id, political_status=PoliticalStatus.CPC_PROBATIONARY,
                                                joined_on=D(2025, 3, 1), full_on=None), today=today).id
    with db.transaction() as session:
        lifecycle.change_status(session, pid, Change(ChangeKind.EXTENDED, D(2026, 2, 20), months=6), today=today)
    entries = rows(db, pid)
    six = _("{count} months").format(count=6)
    assert (_("Changed"), field_label("probation_extended_months"), "", six) in entries
    (recorded,) = [e for e in entries if e[0] == _("Recorded")]
    assert ChangeKind.EXTENDED.label in recorded[1]
    assert "2026.02.20" in recorded[3] and six in recorded[3]
