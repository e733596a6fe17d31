"""Compliance on a constructed year: periods, counting kinds, cancelled meetings, grace."""

from __future__ import annotations

import datetime as dt

from djdesk.domain.compliance import (
    DEFAULT_PER_YEAR,
    CellState,
    CountedMeeting,
    alerts,
    compliance,
    period_index,
    periods,
)
from djdesk.domain.meetings import MeetingKind, MeetingStatus

K = MeetingKind
HELD, PLANNED, CANCELLED = MeetingStatus.HELD, MeetingStatus.PLANNED, MeetingStatus.CANCELLED
SECRETARY = 7


def meeting(kind: MeetingKind, on: dt.date, status: MeetingStatus = HELD, *, also=(), year=None,
            group=None, lecturer=None, number=[0]) -> CountedMeeting:
    number[0] += 1
    return CountedMeeting(number[0], kind, tuple(also), year or on.year, on, status, 1, group, lecturer)


def rows_by_label(rows):
    return {r.label: r for r in rows}


def year_2026(today: dt.date, extra=()):
    meetings = [
        meeting(K.GENERAL, dt.date(2026, 3, 24)),
        meeting(K.GENERAL, dt.date(2026, 6, 24), CANCELLED),  # Q2's was cancelled: not counted
        meeting(K.GENERAL, dt.date(2026, 9, 24)),
        # 主题党日 of March also counts as that quarter's 党课
        meeting(K.THEME_DAY, dt.date(2026, 3, 16), also=(K.LECTURE,), lecturer=SECRETARY),
        # last year's 组织生活会 held this January counts for 2025, not 2026
        meeting(K.LIFE_MEETING, dt.date(2026, 1, 14), year=2025, also=(K.REVIEW,)),
        *extra,
    ]
    return rows_by_label(compliance(2026, meetings, per_year=DEFAULT_PER_YEAR, groups=[(3, "第一党小组")],
                                    secretary_ids=frozenset({SECRETARY}), today=today))


def states(row):
    return [c.state for c in row.cells]


def test_a_missing_q2_general_meeting_is_behind_and_a_cancelled_one_does_not_count():
    rows = year_2026(dt.date(2026, 11, 21))
    general = rows["支部党员大会"]
    assert states(general) == [CellState.DONE, CellState.BEHIND, CellState.DONE, CellState.DUE]
    assert general.behind == 1 and general.held == 2


def test_a_theme_day_that_also_counts_as_a_lecture_fills_the_quarter_and_the_secretary_row():
    rows = year_2026(dt.date(2026, 11, 21))
    lecture = rows["党课"]
    assert lecture.cells[0].state is CellState.DONE
    assert lecture.cells[1].state is CellState.BEHIND
    assert rows["党课"].cells[0].held == 1
    theme = rows["主题党日"]
    assert theme.cells[2].state is CellState.DONE and theme.cells[0].state is CellState.BEHIND
    secretary = next(r for r in rows.values() if r.secretary_lecture)
    assert secretary.cells[0].state is CellState.DONE


def test_an_organisational_life_meeting_held_next_january_counts_for_its_year():
    meetings = [meeting(K.LIFE_MEETING, dt.date(2027, 1, 14), year=2026, also=(K.REVIEW,))]
    rows = rows_by_label(compliance(2026, meetings, per_year=DEFAULT_PER_YEAR, groups=[],
                                    secretary_ids=frozenset(), today=dt.date(2027, 2, 1)))
    assert states(rows["组织生活会"]) == [CellState.DONE]
    assert states(rows["民主评议党员"]) == [CellState.DONE]
    # ... and not for 2027
    rows_2027 = rows_by_label(compliance(2027, meetings, per_year=DEFAULT_PER_YEAR, groups=[],
                                         secretary_ids=frozenset(), today=dt.date(2027, 2, 1)))
    assert rows_2027["组织生活会"].held == 0


def test_the_yearly_meetings_have_until_march_of_the_next_year():
    empty = rows_by_label(compliance(2026, [], per_year=DEFAULT_PER_YEAR, groups=[],
                                     secretary_ids=frozenset(), today=dt.date(2027, 3, 31)))
    assert states(empty["组织生活会"]) == [CellState.DUE]
    later = rows_by_label(compliance(2026, [], per_year=DEFAULT_PER_YEAR, groups=[],
                                     secretary_ids=frozenset(), today=dt.date(2027, 4, 1)))
    assert states(later["组织生活会"]) == [CellState.BEHIND]


def test_party_groups_have_a_row_each_and_planned_meetings_are_counted_apart():
    extra = [meeting(K.GROUP, dt.date(2026, 11, 25), PLANNED, group=3),
             meeting(K.GROUP, dt.date(2026, 10, 12), group=3)]
    rows = year_2026(dt.date(2026, 11, 21), extra)
    group = rows["第一党小组: party group meeting"] if "第一党小组: party group meeting" in rows else next(
        r for r in rows.values() if r.group_id == 3)
    assert group.cells[9].state is CellState.DONE
    assert group.cells[10].state is CellState.DUE and group.cells[10].planned == 1
    assert group.cells[11].state is CellState.FUTURE


def test_a_kind_not_required_has_no_row():
    per_year = dict(DEFAULT_PER_YEAR, lecture=0)
    per_year[K.LECTURE] = 0
    rows = compliance(2026, [], per_year=per_year, groups=[], secretary_ids=frozenset(), today=dt.date(2026, 5, 1))
    assert K.LECTURE not in {r.kind for r in rows}


def test_periods_and_period_index():
    quarters = periods(2026, 4)
    assert [(q.first, q.last) for q in quarters][1] == (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert periods(2026, 12)[1].last == dt.date(2026, 2, 28)
    assert period_index(2026, 4, dt.date(2026, 8, 31)) == 2
    assert period_index(2026, 4, dt.date(2027, 1, 10)) == 3  # held after its year: the last period
    assert periods(2026, 0) == ()


def test_alerts_say_what_is_missing_now_and_what_was_just_missed():
    rows = year_2026(dt.date(2026, 11, 21)).values()
    found = alerts("第一党支部", rows, today=dt.date(2026, 11, 21))
    texts = [a.text for a in found]
    # Q4's general meeting: running, nothing held or planned
    assert any("第4季度" in t and "支部党员大会" in t and not a.overdue for t, a in zip(texts, found))
    # October's committee meeting was missed (just over), an old gap (Q2) is not repeated here
    assert any("10" in t and "支部委员会会议" in t and a.overdue for t, a in zip(texts, found))
    assert not any("第2季度" in t and "支部党员大会" in t for t in texts)


def test_a_half_yearly_review_is_planned_apart_from_the_yearly_life_meeting():
    from djdesk.domain.holidays import HolidayCalendar
    from djdesk.domain.meeting_plan import PlanBranch, propose

    per_year = dict(DEFAULT_PER_YEAR)
    per_year[K.REVIEW] = 2
    proposals = propose(2027, [PlanBranch(1, "第一党支部", (), None)], [], per_year=per_year, theme_day=15,
                        calendar=HolidayCalendar(), today=dt.date(2026, 12, 1))
    assert [p.kind for p in proposals].count(K.REVIEW) == 2
    life = next(p for p in proposals if p.kind is K.LIFE_MEETING)
    assert life.also == ()
