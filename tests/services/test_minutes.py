"""Meeting records as printed: what the minutes, the sign-in sheet and the year's book say, and
each record's state (empty, written, printed, changed since printed)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from djdesk.domain.errors import NotFoundError, UserError
from djdesk.domain.meetings import AttendanceStatus, MeetingKind, minutes_template
from djdesk.domain.minutes import MinutesState
from djdesk.domain.strokes import name_key
from djdesk.domain.votes import Vote
from djdesk.services import meeting_edit, minutes
from djdesk.services.meeting_edit import AttendanceEntry, MeetingForm
from djdesk.store.database import Database
from tests.services.test_meetings import NOW, general, save
from tests.services.test_meetings import school as school  # noqa: F401 (the fixture)

P, L, A = AttendanceStatus.PRESENT, AttendanceStatus.LEAVE, AttendanceStatus.ABSENT


def held(ids: dict[str, int], **changes: object) -> MeetingForm:
    entries = (AttendanceEntry(ids["书记甲"], P), AttendanceEntry(ids["委员乙"], P),
               AttendanceEntry(ids["党员丙"], L, "外出培训"), AttendanceEntry(ids["预备丁"], P),
               AttendanceEntry(ids["察看戊"], A))
    form = MeetingForm(draft=general(ids, guests="入党积极分子 李四", place="会议室"), attendance=entries,
                       vote=Vote(3, 2, 1, 3, 0, 0), content="一、会议议程\n\n  二、讨论", resolution="同意接收。",
                       held=True)
    return dataclasses.replace(form, **changes)  # type: ignore[arg-type]


def test_the_minutes_say_every_header_value(db: Database, school: dict[str, int]) -> None:  # noqa: F811
    meeting_id = save(db, held(school))
    with db.transaction() as session:
        doc = minutes.minutes_document(session, meeting_id)
    assert doc.heading == "中共测试学校第一党支部委员会"
    assert doc.title == "支部党员大会会议记录"
    assert doc.time == "2026年6月12日 15:30—17:00"
    assert doc.place == "会议室" and doc.topic == "第二季度支部党员大会" and doc.guests == "入党积极分子 李四"
    assert doc.host == "书记甲（书记）" and doc.recorder == "委员乙"
    assert doc.lecturer is None  # not a party lecture: no 主讲人 line
    assert (doc.expected, doc.present) == (5, 3)
    assert doc.absent == ("党员丙（请假：外出培训）", "察看戊（缺席）")
    assert doc.content == "一、会议议程\n\n  二、讨论" and doc.resolution == "同意接收。"
    assert doc.vote[0] == ("应到有表决权的党员 3 人，实到 2 人，书面意见 1 份；赞成 3 票，反对 0 票，弃权 0 票。")
    assert "通过" in doc.vote[1]


def test_a_lecture_names_its_lecturer_and_a_planned_meeting_prints_as_a_blank_form(
        db: Database, school: dict[str, int]) -> None:  # noqa: F811
    draft = general(school, kind=MeetingKind.GROUP, also_counts_as=(MeetingKind.LECTURE,), group_id=school["group"],
                    lecturer_id=school["党员丙"], title="学习党章")
    meeting_id = save(db, MeetingForm(draft=draft, content=minutes_template(MeetingKind.GROUP)))
    with db.transaction() as session:
        doc = minutes.minutes_document(session, meeting_id)
    assert doc.lecturer == "党员丙" and not doc.held
    assert doc.present is None and doc.absent == ()  # attendance not yet recorded
    assert doc.content == ""  # only the template: printed as lines to write on


def test_a_cancelled_or_missing_meeting_is_refused(db: Database, school: dict[str, int]) -> None:  # noqa: F811
    meeting_id = save(db, MeetingForm(draft=general(school)))
    with db.transaction() as session:
        meeting_edit.cancel(session, meeting_id, reason="时间冲突")
    with db.transaction() as session, pytest.raises(UserError, match="取消"):
        minutes.minutes_document(session, meeting_id)
    with db.transaction() as session, pytest.raises(NotFoundError):
        minutes.signin_document(session, 9999)


def test_the_signin_sheet_lists_the_expected_in_stroke_order(db: Database, school: dict[str, int]) -> None:  # noqa: F811
    meeting_id = save(db, MeetingForm(draft=general(school)))
    with db.transaction() as session:
        doc = minutes.signin_document(session, meeting_id)
    names = [line.name for line in doc.lines]
    assert names == sorted(["书记甲", "委员乙", "党员丙", "预备丁", "察看戊"], key=name_key)
    assert [line.number for line in doc.lines] == [1, 2, 3, 4, 5]
    notes = {line.name: line.note for line in doc.lines}
    assert notes["预备丁"] == "预备党员" and notes["书记甲"] == "第一党小组"
    assert doc.title == "支部党员大会签到表"


def test_the_record_state_follows_writing_printing_and_editing(db: Database, school: dict[str, int]) -> None:  # noqa: F811
    planned = save(db, MeetingForm(draft=general(school, starts_at=dt.datetime(2026, 7, 1, 15),
                                                 ends_at=None)))
    empty = save(db, held(school, content="", resolution=""))
    written = save(db, held(school))

    def states() -> dict[int, MinutesState]:
        with db.transaction() as session:
            return {row.id: row.state for row in minutes.list_rows(session, year=2026)}

    assert states() == {planned: MinutesState.NOT_HELD, empty: MinutesState.EMPTY, written: MinutesState.WRITTEN}
    with db.transaction() as session:
        minutes.mark_printed(session, minutes.minutes_document(session, written), today=dt.date(2026, 6, 20))
    with db.transaction() as session:
        row = next(r for r in minutes.list_rows(session, year=2026) if r.id == written)
    assert row.state is MinutesState.PRINTED and row.printed_on == dt.date(2026, 6, 20)

    # Any change to what the page says makes the paper copy outdated: the body, or the header.
    with db.transaction() as session:
        minutes.save_minutes(session, written, content="一、会议议程（修订）", resolution="同意接收。")
    assert states()[written] is MinutesState.CHANGED
    with db.transaction() as session:
        minutes.mark_printed(session, minutes.minutes_document(session, written), today=dt.date(2026, 6, 21))
    assert states()[written] is MinutesState.PRINTED
    # The printed wording is not the record: the chair's later post changes nothing.
    with db.transaction() as session:
        from djdesk.store.models import Person

        session.get(Person, school["书记甲"]).party_post = "原书记"
    assert states()[written] is MinutesState.PRINTED
    moved = held(school, draft=general(school, guests="入党积极分子 李四", place="礼堂"), content="一、会议议程（修订）")
    save(db, moved, written)  # the same body, another place
    assert states()[written] is MinutesState.CHANGED


def test_the_yearbook_holds_the_held_meetings_of_the_year_by_kind_and_branch(
        db: Database, school: dict[str, int]) -> None:  # noqa: F811
    first = save(db, held(school, draft=general(school, starts_at=dt.datetime(2026, 3, 2, 15), ends_at=None)))
    lecture = save(db, held(school, draft=general(school, kind=MeetingKind.THEME_DAY,
                                                  also_counts_as=(MeetingKind.LECTURE,),
                                                  starts_at=dt.datetime(2026, 2, 2, 15), ends_at=None,
                                                  title="主题党日"), vote=None))
    save(db, MeetingForm(draft=general(school, starts_at=dt.datetime(2026, 9, 1, 15), ends_at=None)))  # planned
    # A 组织生活会 of January 2026 belongs to 2025.
    late = save(db, held(school, draft=general(school, kind=MeetingKind.LIFE_MEETING, year=2025,
                                               starts_at=dt.datetime(2026, 1, 10, 9), ends_at=None,
                                               title="2025年度组织生活会"), vote=None))
    with db.transaction() as session:
        book = minutes.yearbook_document(session, year=2026, today=NOW.date())
        lectures = minutes.yearbook_document(session, year=2026, today=NOW.date(), kinds=[MeetingKind.LECTURE])
        other = minutes.yearbook_document(session, year=2026, today=NOW.date(), branch_id=school["other"])
        last_year = minutes.yearbook_document(session, year=2025, today=NOW.date())
    assert [d.meeting_id for d in book.meetings] == [lecture, first]
    assert [d.meeting_id for d in last_year.meetings] == [late]
    assert book.title == "2026年度会议记录汇编"
    assert [d.meeting_id for d in lectures.meetings] == [lecture]  # counted as a lecture too
    assert "党课" in lectures.scope
    assert other.meetings == () and other.heading == "中共测试学校第二党支部委员会"


def test_saving_minutes_changes_only_the_body_and_resolution(db: Database, school: dict[str, int]) -> None:  # noqa: F811
    meeting_id = save(db, held(school))
    with db.transaction() as session:
        before = minutes.minutes_document(session, meeting_id)
        minutes.save_minutes(session, meeting_id, content="新的记录", resolution="")
    with db.transaction() as session:
        after = minutes.minutes_document(session, meeting_id)
    assert after == dataclasses.replace(before, content="新的记录", resolution="", record=after.record)
    assert after.record != before.record
    with db.transaction() as session, pytest.raises(NotFoundError):
        minutes.save_minutes(session, 9999, content="x", resolution="")
