"""A person's attendance at the meetings they were expected at: the counts and the streaks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from djdesk.domain.meetings import AttendanceStatus, MeetingKind

# Absent without leave from this many held meetings in a row: a talk with the member is due.
STREAK_LIMIT = 3


@dataclass(frozen=True, slots=True)
class Mark:
    """One held meeting a person was expected at, and whether they came (None: not recorded)."""

    meeting_id: int
    starts_at: dt.datetime
    kind: MeetingKind
    title: str
    status: AttendanceStatus | None
    reason: str = ""


@dataclass(frozen=True)
class Summary:
    expected: int
    present: int
    leave: int
    absent: int
    unrecorded: int

    @property
    def rate(self) -> float | None:
        """Present among those recorded; None when nothing is recorded."""
        recorded = self.present + self.leave + self.absent
        return self.present / recorded if recorded else None


def summarise(marks: Iterable[Mark]) -> Summary:
    counts = dict.fromkeys(AttendanceStatus, 0)
    unrecorded = expected = 0
    for mark in marks:
        expected += 1
        if mark.status is None:
            unrecorded += 1
        else:
            counts[mark.status] += 1
    return Summary(expected, counts[AttendanceStatus.PRESENT], counts[AttendanceStatus.LEAVE],
                   counts[AttendanceStatus.ABSENT], unrecorded)


def absent_streak(marks: Sequence[Mark]) -> int:
    """How many of the latest recorded meetings in a row the person missed without leave.
    Leave (请假) is an accepted reason and ends a streak, as does coming; a meeting whose
    attendance is not recorded says nothing and is skipped."""
    streak = 0
    for mark in sorted(marks, key=lambda m: m.starts_at, reverse=True):
        if mark.status is None:
            continue
        if mark.status is not AttendanceStatus.ABSENT:
            break
        streak += 1
    return streak
