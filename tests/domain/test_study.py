"""Study rules on constructed data: terms at the month edges, meeting hours, totals and targets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from djdesk.domain.ethics import LearningKind
from djdesk.domain.meetings import MeetingKind
from djdesk.domain.study import (
    LEADER_TARGET,
    MEMBER_TARGET,
    Totals,
    meeting_hours,
    meeting_learning_kind,
    target_for,
    term_around,
    totals,
)

K = LearningKind


@pytest.mark.parametrize(("day", "starts", "ends"), [
    (dt.date(2026, 1, 31), dt.date(2025, 8, 1), dt.date(2026, 1, 31)),  # winter holiday: still autumn
    (dt.date(2026, 2, 1), dt.date(2026, 2, 1), dt.date(2026, 7, 31)),
    (dt.date(2026, 7, 31), dt.date(2026, 2, 1), dt.date(2026, 7, 31)),
    (dt.date(2026, 8, 1), dt.date(2026, 8, 1), dt.date(2027, 1, 31)),
    (dt.date(2026, 12, 31), dt.date(2026, 8, 1), dt.date(2027, 1, 31)),
    (dt.date(2027, 1, 1), dt.date(2026, 8, 1), dt.date(2027, 1, 31)),
])
def test_the_term_around_a_day_at_the_month_edges(day, starts, ends):
    term = term_around(day)
    assert (term.starts_on, term.ends_on) == (starts, ends)
    assert str(starts.year) in term.name
    assert term.starts_on <= day <= term.ends_on


def test_spring_and_autumn_terms_have_different_names():
    assert term_around(dt.date(2026, 3, 1)).name != term_around(dt.date(2026, 9, 1)).name
    assert term_around(dt.date(2026, 9, 1)).name == term_around(dt.date(2027, 1, 10)).name


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 6, 12, hour, minute)


@pytest.mark.parametrize(("start", "end", "tenths"), [
    (at(15), at(17), 20),
    (at(15), at(16, 30), 15),
    (at(15), at(16, 44), 15),  # 1 h 44 min: to the nearest half hour
    (at(15), at(16, 45), 20),  # exactly between: rounded up
    (at(15), at(15, 10), 5),  # at least half an hour
    (at(15), None, 10),  # no end time: one hour
    (at(15), at(15), 10),  # an end not after the start is treated as missing
    (at(15), at(14), 10),
])
def test_meeting_hours_to_the_half_hour(start, end, tenths):
    assert meeting_hours(start, end) == tenths


def test_which_meetings_give_learning():
    assert meeting_learning_kind(MeetingKind.LECTURE) is K.LECTURE
    assert meeting_learning_kind(MeetingKind.THEME_DAY) is K.GROUP
    assert meeting_learning_kind(MeetingKind.GENERAL, (MeetingKind.LECTURE,)) is K.LECTURE
    assert meeting_learning_kind(MeetingKind.THEME_DAY, (MeetingKind.LECTURE,)) is K.LECTURE
    assert meeting_learning_kind(MeetingKind.GENERAL) is None
    assert meeting_learning_kind(MeetingKind.COMMITTEE) is None


def test_totals_by_kind_and_the_concentrated_part():
    found = totals([(K.GROUP, 20), (K.GROUP, 15), (K.SELF, 100), (K.LECTURE, 10), (K.DAILY, 5),
                    (K.TRAINING, 30)])
    assert found.sessions == 6
    assert found.hours == D("18")
    assert found.by_kind == {K.GROUP: D("3.5"), K.SELF: D(10), K.LECTURE: D(1), K.DAILY: D("0.5"),
                             K.TRAINING: D(3)}
    assert found.concentrated == D("7.5")  # self-study and the daily lesson do not count


def test_no_records_total_zero():
    assert totals([]) == Totals()
    assert (Totals().hours, Totals().sessions, Totals().concentrated) == (0, 0, 0)


def test_targets_for_members_and_leaders():
    assert target_for(False) == MEMBER_TARGET == D(32)
    assert target_for(True) == LEADER_TARGET == D(56)
