"""A person's attendance: counts and the streak of absences without leave."""

from __future__ import annotations

import datetime as dt

from djdesk.domain.attendance import Mark, absent_streak, summarise
from djdesk.domain.meetings import AttendanceStatus, MeetingKind

P, L, A = AttendanceStatus.PRESENT, AttendanceStatus.LEAVE, AttendanceStatus.ABSENT


def marks(*statuses):
    return [Mark(i, dt.datetime(2026, 1 + i, 10, 15), MeetingKind.GENERAL, f"m{i}", s)
            for i, s in enumerate(statuses)]


def test_counts():
    summary = summarise(marks(P, P, L, A, None))
    assert (summary.expected, summary.present, summary.leave, summary.absent, summary.unrecorded) == (5, 2, 1, 1, 1)
    assert summary.rate == 0.5
    assert summarise([]).rate is None


def test_the_streak_counts_the_latest_absences_without_leave():
    assert absent_streak(marks(P, A, A, A)) == 3
    assert absent_streak(marks(A, A, L, A)) == 1  # leave ends a streak
    assert absent_streak(marks(A, A, A, P)) == 0
    assert absent_streak(marks(A, A, A, None)) == 3  # an unrecorded meeting says nothing
    assert absent_streak(list(reversed(marks(P, A, A, A)))) == 3  # order of the input does not matter
