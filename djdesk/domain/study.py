"""Study records (党建+学习, 党建日课): terms, yearly targets, totals by kind; pure rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from djdesk.domain.ethics import LearningKind
from djdesk.domain.meetings import MeetingKind
from djdesk.i18n import N_, _

# 中国共产党党员教育管理工作条例 (2019) art. 11: every member at least 32 学时 of concentrated study and
# training a year; branch secretaries and committee members at least 56.
MEMBER_TARGET = Decimal(32)
LEADER_TARGET = Decimal(56)
# What counts towards those targets: the concentrated kinds. Self-study and the daily lesson are
# recorded and totalled, but do not make up the yearly 学时.
CONCENTRATED = frozenset({LearningKind.GROUP, LearningKind.LECTURE, LearningKind.TRAINING})
# The campaign's own names for its units: proper names, the same in every language.
UNIT_SUGGESTIONS = ("学史明理", "学史增信", "学史崇德", "学史力行")
# The 学做悟晒 summary of a unit, in its order.
SUMMARY_FIELDS = (("learnt", N_("Learnt (学)")), ("done", N_("Done (做)")),
                  ("understood", N_("Understood (悟)")), ("shown", N_("Shown (晒)")))


def target_for(is_leader: bool) -> Decimal:
    return LEADER_TARGET if is_leader else MEMBER_TARGET


@dataclass(frozen=True)
class Totals:
    """Class hours and sessions, by kind."""

    hours: Decimal = Decimal(0)
    sessions: int = 0
    by_kind: dict[LearningKind, Decimal] = field(default_factory=dict)

    @property
    def concentrated(self) -> Decimal:
        """The hours that count towards the yearly target."""
        return sum((h for k, h in self.by_kind.items() if k in CONCENTRATED), Decimal(0))


def totals(records: Iterable[tuple[LearningKind, int]]) -> Totals:
    """(kind, hours in tenths) pairs summed."""
    by_kind: dict[LearningKind, int] = {}
    sessions = 0
    for kind, tenths in records:
        by_kind[kind] = by_kind.get(kind, 0) + tenths
        sessions += 1
    hours = {kind: Decimal(tenths) / 10 for kind, tenths in by_kind.items()}
    return Totals(sum(hours.values(), Decimal(0)), sessions, hours)


@dataclass(frozen=True)
class TermDates:
    name: str
    starts_on: dt.date
    ends_on: dt.date


def term_around(day: dt.date) -> TermDates:
    """The school term a day falls in: spring from February to July, autumn from August to
    January (the winter holiday closes the autumn term)."""
    if 2 <= day.month <= 7:
        return TermDates(_("{year} spring term").format(year=day.year), dt.date(day.year, 2, 1),
                         dt.date(day.year, 7, 31))
    year = day.year if day.month >= 8 else day.year - 1
    return TermDates(_("{year} autumn term").format(year=year), dt.date(year, 8, 1), dt.date(year + 1, 1, 31))


def meeting_learning_kind(kind: MeetingKind, also: Iterable[MeetingKind] = ()) -> LearningKind | None:
    """The learning a held meeting gives its attendees: a 党课 is a party lecture, a 主题党日
    concentrated study; other meetings give none."""
    kinds = {kind, *also}
    if MeetingKind.LECTURE in kinds:
        return LearningKind.LECTURE
    if MeetingKind.THEME_DAY in kinds:
        return LearningKind.GROUP
    return None


def meeting_hours(starts_at: dt.datetime, ends_at: dt.datetime | None) -> int:
    """Class hours (in tenths) of a meeting: its length to the half hour, at least half an hour;
    without an end time, one hour."""
    if ends_at is None or ends_at <= starts_at:
        return 10
    hours = Decimal((ends_at - starts_at).total_seconds()) / 3600
    halves = (hours * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(5, int(halves) * 5)
