"""民主评议党员 on a real SQLite file: who is listed, the 所属年度 link to the year's 组织生活会,
the tally against the ballots, the reason for a grade against the majority, the cap on 优秀,
the handling of 不合格, and a person's history."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from djdesk.domain.dates import PartialDate
from djdesk.domain.democratic import ReviewGrade, Tally, excellent_cap, parse_share
from djdesk.domain.errors import ConflictError, ValidationError
from djdesk.domain.meetings import MeetingDraft, MeetingKind
from djdesk.domain.people import LeftReason, PoliticalStatus, Stage
from djdesk.services import democratic as svc
from djdesk.services import compliance as compliance_service
from djdesk.services import meeting_edit, members
from djdesk.services.meeting_edit import MeetingForm
from djdesk.store.database import Database
from djdesk.store.models import AuditEntry, Meeting, ReviewEntry
from tests.conftest import TODAY
from tests.factories import branch, draft, member_draft

E, C, B, I = ReviewGrade.EXCELLENT, ReviewGrade.COMPETENT, ReviewGrade.BASIC, ReviewGrade.INCOMPETENT
NOW = dt.datetime(2026, 6, 15, 10)


@pytest.fixture
def school(db: Database) -> dict[str, int]:
    ids: dict[str, int] = {}
    with db.transaction() as session:
        first = branch(session, "第一党支部", ("第一党小组",))
        other = branch(session, "第二党支部", ())
        ids["branch"], ids["other"] = first.id, other.id
        for name, changes in (
            ("甲", {}), ("乙", {}), ("丙", {}),
            ("丁", dict(political_status=PoliticalStatus.CPC_PROBATIONARY, joined_on=PartialDate(2025, 7, 1),
                       full_on=None)),
            ("新", dict(political_status=PoliticalStatus.CPC_PROBATIONARY, joined_on=PartialDate(2026, 5, 1),
                       full_on=None)),
        ):
            ids[name] = members.add(session, member_draft(first.id, name=name, **changes), today=TODAY).id
        ids["外"] = members.add(session, member_draft(other.id, name="外"), today=TODAY).id
        ids["群众"] = members.add(session, draft(name="群众", branch_id=None), today=TODAY).id
        ids["积极"] = members.add(session, draft(name="积极", stage=Stage.ACTIVIST, branch_id=first.id,
                                               applied_on=PartialDate(2024, 3), activist_on=PartialDate(2024, 9)),
                                  today=TODAY).id
        for name, on in (("走", PartialDate(2025, 10, 8)), ("早走", PartialDate(2024, 12, 1)),
                         ("积极", PartialDate(2025, 6, 1))):
            if name != "积极":
                ids[name] = members.add(session, member_draft(first.id, name=name), today=TODAY).id
            members.mark_left(session, ids[name], on=on, reason=LeftReason.TRANSFERRED_OUT, note="中共某校支部委员会",
                              today=TODAY)
    return ids


def meeting(db: Database, ids: dict[str, int], kind: MeetingKind, year: int, on: dt.date, **changes: object) -> int:
    base = MeetingDraft(kind=kind, year=year, branch_id=ids["branch"], starts_at=dt.datetime.combine(on, dt.time(15)),
                        title=f"{year}年度{kind.label}")
    with db.transaction() as session:
        return meeting_edit.save(session, None, MeetingForm(draft=dataclasses.replace(base, **changes)), now=NOW)


def open_2025(db: Database, ids: dict[str, int]) -> int:
    with db.transaction() as session:
        return svc.open_review(session, ids["branch"], 2025, TODAY)


def view(db: Database, review_id: int) -> svc.ReviewView:
    with db.transaction() as session:
        return svc.review_view(session, review_id)


def entry(db: Database, review_id: int, name: str) -> svc.EntryRow:
    found = view(db, review_id)
    return next(e for e in found.members + found.apart if e.name == name)


def settle(db: Database, review_id: int, *, ballots: int | None = 5, share: str = "1/3",
           meeting_id: int | None = None, decided_on: dt.date | None = None) -> list[str]:
    with db.transaction() as session:
        return svc.update_review(session, review_id, svc.ReviewDraft(meeting_id, ballots, share, decided_on), TODAY)


def record(db: Database, review_id: int, name: str, tally: Tally = Tally(), grade: ReviewGrade | None = None,
           **changes: object) -> None:
    with db.transaction() as session:
        svc.record(session, entry(db, review_id, name).id,
                   svc.EntryDraft(**{"self_note": "", "tally": tally, "grade": grade, **changes}), TODAY)


def refused(db: Database, review_id: int, name: str, tally: Tally = Tally(), grade: ReviewGrade | None = None,
            **changes: object) -> dict[str | None, str]:
    before = entry(db, review_id, name)
    with pytest.raises(ValidationError) as error:
        record(db, review_id, name, tally, grade, **changes)
    assert entry(db, review_id, name) == before  # nothing written
    return {p.field: p.message for p in error.value.problems}


def test_a_year_lists_its_members_with_their_standing_then_and_those_who_left_apart(db, school):
    review_id = open_2025(db, school)
    found = view(db, review_id)
    # 新 joined in 2026, 外 is another branch's, 早走 left before 2025, 群众 is no member, nor is
    # 积极, an activist of the branch who left in 2025.
    assert [e.name for e in found.members] == ["乙", "丁", "丙", "甲"]  # 按姓氏笔画
    assert {e.name: e.probationary for e in found.members} == {"甲": False, "乙": False, "丙": False, "丁": True}
    assert [(e.name, e.apart_reason) for e in found.apart] == [("走", "2025.10.08 转出")]
    assert found.year == 2025 and found.share == "1/3" and found.cap == 1
    assert found.title() == "2025年度民主评议党员"


def test_opened_after_its_meeting_those_who_left_since_are_evaluated(db, school):
    meeting(db, school, MeetingKind.LIFE_MEETING, 2024, dt.date(2025, 1, 15))
    with db.transaction() as session:
        review_id = svc.open_review(session, school["branch"], 2024, TODAY)
    # 走 left in October 2025, after the January meeting: evaluated; 早走 left before it.
    found = view(db, review_id)
    assert "走" in [e.name for e in found.members]
    assert [(e.name, e.apart_reason) for e in found.apart] == [("早走", "2024.12.01 转出")]


def test_the_list_is_kept_when_the_roster_changes_later(db, school):
    review_id = open_2025(db, school)
    with db.transaction() as session:
        members.mark_left(session, school["甲"], on=PartialDate(2026, 6, 1), reason=LeftReason.DECEASED,
                          note="", today=TODAY)
    assert "甲" in [e.name for e in view(db, review_id).members]


def test_the_current_year_opens_but_a_year_not_begun_or_a_second_one_is_refused(db, school):
    with db.transaction() as session:
        this_year = svc.open_review(session, school["branch"], 2026, TODAY)
    assert "新" in [e.name for e in view(db, this_year).members]
    with pytest.raises(ValidationError, match="2027"), db.transaction() as session:
        svc.open_review(session, school["branch"], 2027, TODAY)
    with pytest.raises(ConflictError, match="第一党支部"), db.transaction() as session:
        svc.open_review(session, school["branch"], 2026, TODAY)
    assert svc.default_year(dt.date(2027, 2, 20)) == 2026 and svc.default_year(dt.date(2026, 11, 21)) == 2026


def test_the_evaluation_links_to_the_organisational_life_meeting_of_its_year_not_of_the_calendar_year(db, school):
    held_2025 = meeting(db, school, MeetingKind.LIFE_MEETING, 2025, dt.date(2026, 1, 20))  # 所属年度 2025
    meeting(db, school, MeetingKind.LIFE_MEETING, 2024, dt.date(2025, 2, 10))
    earlier_2024 = meeting(db, school, MeetingKind.LIFE_MEETING, 2024, dt.date(2025, 3, 3))
    review_id = open_2025(db, school)
    found = view(db, review_id)
    assert found.meeting is not None and found.meeting.id == held_2025
    assert found.held_on == dt.date(2026, 1, 20)
    with db.transaction() as session:
        assert [o.id for o in svc.meeting_options(session, school["branch"], 2025)] == [held_2025]
    # Linked, the 组织生活会 counts as the year's 民主评议党员 for the compliance figures.
    with db.transaction() as session:
        assert MeetingKind.REVIEW in session.get(Meeting, held_2025).also_counts_as
        seen = compliance_service.counted(session, years=[2025], branch_id=school["branch"])
        assert [m.id for m in seen if MeetingKind.REVIEW in (m.kind, *m.also)] == [held_2025]
    assert settle(db, review_id, meeting_id=held_2025) == []  # already counts
    # Moved to another meeting of the year: that one counts, the first no longer does.
    second = meeting(db, school, MeetingKind.LIFE_MEETING, 2025, dt.date(2026, 2, 3), title="补开")
    notes = settle(db, review_id, meeting_id=second)
    assert notes == ["2026.01.20 组织生活会 — 2025年度组织生活会（计划） 不再计为民主评议党员。",
                     "2026.02.03 组织生活会 — 补开（计划） 现同时计为本年度的民主评议党员。"]
    with db.transaction() as session:
        assert MeetingKind.REVIEW not in session.get(Meeting, held_2025).also_counts_as
        assert MeetingKind.REVIEW in session.get(Meeting, second).also_counts_as
    with pytest.raises(ValidationError) as error:
        settle(db, review_id, meeting_id=earlier_2024)
    assert error.value.for_field("meeting_id") == ["该会议的所属年度为 2024 年，不是 2025 年"]
    assert view(db, review_id).meeting.id == second


def test_a_review_meeting_of_the_year_is_preferred_to_the_life_meeting(db, school):
    meeting(db, school, MeetingKind.LIFE_MEETING, 2025, dt.date(2026, 1, 20))
    review_meeting = meeting(db, school, MeetingKind.REVIEW, 2025, dt.date(2026, 1, 22))
    assert view(db, open_2025(db, school)).meeting.id == review_meeting


def test_tallies_cannot_outnumber_the_ballots_returned(db, school):
    review_id = open_2025(db, school)
    problems = refused(db, review_id, "甲", Tally(1, 3), C)
    assert problems == {"votes": "请先填写收回的测评票数"}
    settle(db, review_id, ballots=5)
    assert refused(db, review_id, "甲", Tally(3, 2, 1), E) == {"votes": "共 6 票，但只收回 5 张测评票"}
    assert refused(db, review_id, "甲", Tally(-1, 2), C) == {"votes_excellent": "票数不能小于 0"}
    record(db, review_id, "甲", Tally(1, 4), C, self_note="认真履行党员义务")
    kept = entry(db, review_id, "甲")
    assert kept.tally == Tally(1, 4) and kept.grade is C and kept.self_note == "认真履行党员义务"
    # Fewer ballots than a member's votes already recorded is refused, naming the member.
    with pytest.raises(ValidationError) as error:
        settle(db, review_id, ballots=4)
    assert error.value.for_field("ballots") == ["甲已记录 5 票，收回票数不能少于此数"]
    with pytest.raises(ValidationError) as error:
        settle(db, review_id, ballots=None)
    assert error.value.for_field("ballots") == ["已记录测评票，请填写收回票数"]
    assert view(db, review_id).ballots == 5


def test_a_grade_against_the_majority_needs_the_branchs_reason(db, school):
    review_id = open_2025(db, school)
    settle(db, review_id)
    assert refused(db, review_id, "乙", Tally(0, 1, 4), C) == {
        "grade_reason": "评定等次与测评多数意见（基本合格）不一致，请填写支部的理由"}
    record(db, review_id, "乙", Tally(0, 1, 4), C, grade_reason="经支委会复核，测评票受误解影响")
    assert entry(db, review_id, "乙").grade_reason == "经支委会复核，测评票受误解影响"
    # On a tie either leading grade agrees with the ballots; without ballots nothing is compared.
    record(db, review_id, "丙", Tally(2, 2), E)
    record(db, review_id, "丁", Tally(), B)


def test_excellent_over_the_share_of_the_branch_is_refused(db, school):
    review_id = open_2025(db, school)  # 4 members evaluated: at most 1 优秀 under 1/3
    settle(db, review_id)
    record(db, review_id, "甲", Tally(5), E)
    problems = refused(db, review_id, "乙", Tally(5), E)
    assert problems == {"grade": "优秀不得超过参评党员的 1/3：参评 4 人，最多 1 人，此次评定后将有 2 人"}
    record(db, review_id, "甲", Tally(5), E)  # saving the same member again is no second 优秀
    settle(db, review_id, share="50%")
    record(db, review_id, "乙", Tally(5), E)
    with pytest.raises(ValidationError) as error:
        settle(db, review_id, share="1/3")
    assert "最多 1 人" in error.value.for_field("share")[0]
    # Taking a member out of the count may not leave 优秀 over the cap either.
    with pytest.raises(ValidationError), db.transaction() as session:
        svc.set_apart(session, entry(db, review_id, "丙").id, "长期病休")
    assert view(db, review_id).share == "50%" and len(view(db, review_id).members) == 4


def test_a_member_listed_apart_is_not_graded_and_can_come_back(db, school):
    review_id = open_2025(db, school)
    with db.transaction() as session:
        svc.set_apart(session, entry(db, review_id, "丙").id, "援疆支教，未参加评议")
    found = view(db, review_id)
    apart = next(e for e in found.apart if e.name == "丙")
    assert "丙" not in [e.name for e in found.members] and apart.remarks() == "援疆支教，未参加评议"
    with pytest.raises(ConflictError), db.transaction() as session:
        svc.record(session, apart.id, svc.EntryDraft("", Tally(), C), TODAY)
    with pytest.raises(ValidationError), db.transaction() as session:
        svc.set_apart(session, entry(db, review_id, "甲").id, "  ")
    with db.transaction() as session:
        svc.set_counted(session, entry(db, review_id, "丙").id)
    assert "丙" in [e.name for e in view(db, review_id).members]


def test_incompetent_is_handled_with_a_text_and_a_date(db, school):
    review_id = open_2025(db, school)
    settle(db, review_id)
    assert refused(db, review_id, "乙", Tally(0, 5), C, handling="限期改正") == {
        "handling": "只有评定为不合格的党员才记录处置"}
    assert refused(db, review_id, "乙", Tally(0, 0, 0, 5), I, handled_on=dt.date(2026, 2, 1)) == {
        "handling": "请写明当天作出的处置"}
    assert "handled_on" in refused(db, review_id, "乙", Tally(0, 0, 0, 5), I, handling="限期改正",
                                   handled_on=dt.date(2026, 7, 1))  # after today
    record(db, review_id, "乙", Tally(0, 0, 0, 5), I, handling="限期改正，期限六个月",
           handled_on=dt.date(2026, 2, 1))
    assert entry(db, review_id, "乙").remarks() == "2026.02.01 限期改正，期限六个月"


def test_a_persons_history_lists_every_year_newest_first(db, school):
    first = open_2025(db, school)
    settle(db, first)
    record(db, first, "甲", Tally(4, 1), E)
    with db.transaction() as session:
        second = svc.open_review(session, school["branch"], 2026, TODAY)
    settle(db, second)
    record(db, second, "甲", Tally(1, 4), C)
    with db.transaction() as session:
        history = svc.person_history(session, school["甲"])
    assert [(h.year, h.branch, h.grade, h.tally.total) for h in history] == [
        (2026, "第一党支部", C, 5), (2025, "第一党支部", E, 5)]
    with db.transaction() as session:
        assert [h.counted for h in svc.person_history(session, school["走"])] == [False]


def test_an_evaluation_with_results_is_kept_and_a_person_in_one_is_not_deleted(db, school):
    review_id = open_2025(db, school)
    settle(db, review_id)
    record(db, review_id, "甲", Tally(0, 5), C)
    with pytest.raises(ConflictError, match="甲"), db.transaction() as session:
        svc.delete_review(session, review_id)
    with pytest.raises(ConflictError, match="民主评议"), db.transaction() as session:
        members.delete(session, school["丙"])
    with db.transaction() as session:
        empty = svc.open_review(session, school["other"], 2025, TODAY)
        svc.delete_review(session, empty)
        assert session.scalar(select(func.count()).select_from(ReviewEntry).where(ReviewEntry.review_id == empty)) == 0
    # Every change is in the audit trail.
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "review_entry", AuditEntry.field == "grade")) >= 1


def test_adding_a_member_missing_from_the_branch(db, school):
    review_id = open_2025(db, school)
    with db.transaction() as session:
        choices = svc.addable(session, review_id)
        assert [text for _id, text in choices] == ["新 — 第一党支部", "外 — 第二党支部"]
        assert svc.add_members(session, review_id, [school["外"]]) == 1
    assert "外" in [e.name for e in view(db, review_id).members]


@pytest.mark.parametrize(("text", "members", "cap"), [
    ("1/3", 10, 3), ("1/3", 3, 1), ("1/3", 2, 0), ("30%", 10, 3), ("33.4%", 3, 1), ("", 10, None)])
def test_the_cap_is_the_share_of_the_members_rounded_down(text, members, cap):
    assert excellent_cap(members, parse_share(text)) == cap


@pytest.mark.parametrize("text", ["1/0", "4/3", "0%", "120%", "三分之一", "abc"])
def test_a_share_that_is_no_share_is_refused(text):
    with pytest.raises(ValueError):
        parse_share(text)


def test_who_lost_membership_or_was_away_is_listed_by_what_happened(db, school):
    from djdesk.domain.status import Change, ChangeKind
    from djdesk.services import lifecycle

    with db.transaction() as session:
        lost = members.add(session, member_draft(school["branch"], name="出"), today=TODAY).id
        lifecycle.change_status(session, lost, Change(ChangeKind.LOST, on=PartialDate(2025, 8, 1), note="自行脱党"),
                                today=TODAY)
        away = members.add(session, member_draft(school["branch"], name="回"), today=TODAY).id
        lifecycle.change_status(session, away, Change(ChangeKind.TRANSFER_OUT, on=PartialDate(2024, 3, 1),
                                                      organisation="某校"), today=TODAY)
        lifecycle.change_status(session, away, Change(ChangeKind.TRANSFER_IN, on=PartialDate(2026, 3, 1),
                                                      organisation="某校"), today=TODAY)
        back = members.add(session, member_draft(school["branch"], name="返"), today=TODAY).id
        lifecycle.change_status(session, back, Change(ChangeKind.TRANSFER_OUT, on=PartialDate(2025, 4, 1),
                                                      organisation="某校"), today=TODAY)
        lifecycle.change_status(session, back, Change(ChangeKind.TRANSFER_IN, on=PartialDate(2026, 5, 1),
                                                      organisation="某校"), today=TODAY)
    meeting(db, school, MeetingKind.LIFE_MEETING, 2025, dt.date(2026, 1, 20))
    found = view(db, open_2025(db, school))
    apart = {e.name: e.apart_reason for e in found.apart}
    assert apart["出"] == "2025.08.01 出党"  # the 出党 cleared the branch; the event kept it
    assert "回" not in apart and "回" not in [e.name for e in found.members]  # away all of 2025
    assert apart["返"] == "2025.04.01 转出"  # left in 2025, away on the meeting's day, back since


def test_marks_of_a_member_listed_apart_still_bind_the_ballots(db, school):
    review_id = open_2025(db, school)
    settle(db, review_id, ballots=5)
    record(db, review_id, "甲", Tally(0, 5), C)
    with db.transaction() as session:
        svc.set_apart(session, entry(db, review_id, "甲").id, "病休")
    with pytest.raises(ValidationError) as error:
        settle(db, review_id, ballots=2)
    assert "甲已记录 5 票" in error.value.for_field("ballots")[0]


def test_a_member_is_evaluated_by_one_branch_a_year(db, school):
    review_id = open_2025(db, school)
    with db.transaction() as session:
        other = svc.open_review(session, school["other"], 2025, TODAY)
    with pytest.raises(ConflictError, match="第二党支部"), db.transaction() as session:
        svc.add_members(session, review_id, [school["外"]])
    assert "外" in [e.name for e in view(db, other).members]
