"""生成年度计划: the meetings each branch and party group must hold in a year, proposed on
working days; a period already covered (planned or held) gets nothing, so a second run adds
nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from djdesk.domain.compliance import (
    REQUIRED_KINDS,
    CountedMeeting,
    period_index,
    periods,
)
from djdesk.domain.holidays import HolidayCalendar
from djdesk.domain.meetings import MeetingKind, MeetingStatus
from djdesk.i18n import _

# Per kind: the month of its period it falls in (0 = first, -1 = last), the day, and the hours
# (after lessons, when teachers are free).
_WHEN: dict[MeetingKind, tuple[int, int, tuple[int, int], tuple[int, int]]] = {
    MeetingKind.COMMITTEE: (0, 8, (16, 30), (17, 30)),
    MeetingKind.GROUP: (0, 12, (16, 30), (17, 30)),
    MeetingKind.LECTURE: (-1, 18, (15, 30), (17, 0)),
    MeetingKind.GENERAL: (-1, 24, (15, 30), (17, 0)),
    MeetingKind.THEME_DAY: (0, 15, (15, 30), (17, 0)),
    MeetingKind.LIFE_MEETING: (-1, 15, (14, 30), (17, 30)),
    MeetingKind.REVIEW: (-1, 16, (14, 30), (17, 30)),
}
# The quarter whose 党课 the secretary gives: the second, around 七一, the Party's birthday.
SECRETARY_QUARTER = 1


@dataclass(frozen=True)
class PlanBranch:
    id: int
    name: str
    groups: tuple[tuple[int, str], ...]
    secretary_id: int | None


@dataclass(frozen=True)
class Proposal:
    kind: MeetingKind
    year: int
    branch_id: int
    branch: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    also: tuple[MeetingKind, ...] = ()
    group_id: int | None = None
    group: str = ""
    lecturer_id: int | None = None
    moved_from: dt.date | None = None  # the usual day, when a holiday moved it


def _title(kind: MeetingKind, year: int, per_year: int, index: int, group: str) -> str:
    name = kind.label
    if group:
        name = _("{group} {kind}").format(group=group, kind=name)
    if per_year == 12:
        return _("{kind}, {month}/{year}").format(kind=name, month=index + 1, year=year)
    if per_year == 4:
        return _("{kind}, Q{quarter} {year}").format(kind=name, quarter=index + 1, year=year)
    if per_year == 2:
        half = _("first half") if index == 0 else _("second half")
        return _("{kind}, {half} of {year}").format(kind=name, half=half, year=year)
    return _("{kind} for {year}").format(kind=name, year=year)


def _when(kind: MeetingKind, year: int, per_year: int, index: int, theme_day: int,
          calendar: HolidayCalendar, today: dt.date) -> tuple[dt.datetime, dt.datetime, dt.date | None] | None:
    """The proposed time, or None when the period is over: a plan is never made for the past.
    A usual day already gone in the running period gives way to the next working day."""
    which, day, start, end = _WHEN[kind]
    span = periods(year, per_year)[index]
    if span.last <= today:
        return None
    month = span.first.month if which == 0 else span.last.month
    if kind is MeetingKind.THEME_DAY:
        day = theme_day
    usual = dt.date(year, month, min(max(day, 1), 28))
    on = calendar.working_day_near(usual)
    moved = usual if on != usual else None  # said only of a holiday or weekend
    if on <= today:
        on, moved = today + dt.timedelta(days=1), None
        while not calendar.is_working_day(on) and on < span.last:
            on += dt.timedelta(days=1)
    return dt.datetime.combine(on, dt.time(*start)), dt.datetime.combine(on, dt.time(*end)), moved


def _covered(existing: list[CountedMeeting], kind: MeetingKind, year: int, per_year: int,
             group_id: int | None) -> set[int]:
    return {
        period_index(year, per_year, m.starts_on) for m in existing
        if m.counts_for(kind) and (group_id is None or m.group_id == group_id)
    }


def propose(year: int, branches: Iterable[PlanBranch], existing: Iterable[CountedMeeting], *,
            per_year: Mapping[MeetingKind, int], theme_day: int,
            calendar: HolidayCalendar, today: dt.date) -> list[Proposal]:
    """The year's missing meetings still to come, branch by branch, in date order."""
    alive = [m for m in existing if m.year == year and m.status is not MeetingStatus.CANCELLED]
    proposals: list[Proposal] = []
    for branch in branches:
        own = [m for m in alive if m.branch_id == branch.id]
        found: list[Proposal] = []
        for kind in REQUIRED_KINDS:
            times = per_year.get(kind, 0)
            if times == 0:
                continue
            if kind is MeetingKind.REVIEW and times == 1 and per_year.get(MeetingKind.LIFE_MEETING, 0) == 1:
                continue  # held with the 组织生活会 (below), as most branches do
            targets = branch.groups if kind is MeetingKind.GROUP else ((None, ""),)
            for group_id, group in targets:
                covered = _covered(own, kind, year, times, group_id)
                also: tuple[MeetingKind, ...] = ()
                if kind is MeetingKind.LIFE_MEETING and times == 1 and per_year.get(MeetingKind.REVIEW, 0) == 1:
                    if _covered(own, MeetingKind.REVIEW, year, 1, None):
                        also = ()
                    else:
                        also = (MeetingKind.REVIEW,)
                    if covered and also:  # the 组织生活会 exists; the 民主评议 alone is missing
                        kind_now, covered, also = MeetingKind.REVIEW, set(), ()
                    else:
                        kind_now = kind
                else:
                    kind_now = kind
                for index in range(times):
                    if index in covered:
                        continue
                    when = _when(kind_now, year, times, index, theme_day, calendar, today)
                    if when is None:
                        continue
                    starts, ends, moved = when
                    title = _title(kind_now, year, times, index, group)
                    if also:
                        title = _("{kind} and democratic review of members for {year}").format(
                            kind=kind_now.label, year=year)
                    found.append(Proposal(kind_now, year, branch.id, branch.name, title, starts, ends,
                                          also, group_id, group, moved_from=moved))
        found = _secretary_lecture(found, own, branch, year)
        found.sort(key=lambda p: (p.starts_at, p.kind.value, p.group or ""))
        proposals.extend(found)
    return proposals


def _secretary_lecture(found: list[Proposal], own: list[CountedMeeting], branch: PlanBranch,
                       year: int) -> list[Proposal]:
    """The branch secretary gives at least one 党课 a year: give them one of the proposed
    lectures unless a lecture of theirs is already planned or held."""
    if branch.secretary_id is None:
        return found
    if any(m.counts_for(MeetingKind.LECTURE) and m.lecturer_id == branch.secretary_id for m in own):
        return found
    lectures = [p for p in found if p.kind is MeetingKind.LECTURE]
    if not lectures:
        return found
    second_half = [p for p in lectures if period_index(year, 4, p.starts_at.date()) >= SECRETARY_QUARTER]
    chosen = (second_half or lectures)[0]
    title = _("The secretary's party lecture: {title}").format(title=chosen.title)
    return [
        Proposal(p.kind, p.year, p.branch_id, p.branch, title, p.starts_at, p.ends_at, p.also,
                 p.group_id, p.group, branch.secretary_id, p.moved_from) if p is chosen else p
        for p in found
    ]
