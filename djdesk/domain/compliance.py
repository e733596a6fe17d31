"""Whether a branch met as often as required: kinds × periods, required against held."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from djdesk.domain.meetings import MeetingKind, MeetingStatus, counts_as
from djdesk.i18n import N_, _

# 中国共产党支部工作条例（试行）: the national defaults, each a number of meetings a year that
# divides the year into equal periods (12 monthly, 4 quarterly, 2 half-yearly, 1 yearly, 0 none).
DEFAULT_PER_YEAR: dict[MeetingKind, int] = {
    MeetingKind.GENERAL: 4,
    MeetingKind.COMMITTEE: 12,
    MeetingKind.GROUP: 12,
    MeetingKind.LECTURE: 4,
    MeetingKind.THEME_DAY: 12,
    MeetingKind.LIFE_MEETING: 1,
    MeetingKind.REVIEW: 1,
}
REQUIRED_KINDS = tuple(DEFAULT_PER_YEAR)
PER_YEAR_CHOICES = (12, 4, 2, 1, 0)
_PER_YEAR_LABELS = {12: N_("Monthly"), 4: N_("Quarterly"), 2: N_("Half-yearly"), 1: N_("Yearly"),
                    0: N_("Not required")}

# The 组织生活会 and 民主评议 of a year are often held in January–March of the next.
GRACE_MONTHS = {MeetingKind.LIFE_MEETING: 3, MeetingKind.REVIEW: 3}


def per_year_label(per_year: int) -> str:
    return _(_PER_YEAR_LABELS[per_year])


@dataclass(frozen=True)
class Period:
    index: int  # 0-based within the year
    first: dt.date
    last: dt.date
    label: str


def periods(year: int, per_year: int) -> tuple[Period, ...]:
    if per_year not in PER_YEAR_CHOICES or per_year == 0:
        return ()
    months = 12 // per_year
    result = []
    for index in range(per_year):
        first = dt.date(year, index * months + 1, 1)
        last = _month_end(year, first.month + months - 1)
        if per_year == 12:
            label = _("{month}/{year}").format(month=first.month, year=year)
        elif per_year == 4:
            label = _("Q{quarter}").format(quarter=index + 1)
        elif per_year == 2:
            label = _("first half") if index == 0 else _("second half")
        else:
            label = _("the year")
        result.append(Period(index, first, last, label))
    return tuple(result)


def period_index(year: int, per_year: int, day: dt.date) -> int:
    """The period of the 所属年度 `year` a meeting held on `day` counts in: one held after the
    year (a 组织生活会 in January) counts in the last period, one before it in the first."""
    if day.year > year:
        return per_year - 1
    if day.year < year:
        return 0
    return (day.month - 1) // (12 // per_year)


@dataclass(frozen=True, slots=True)
class CountedMeeting:
    """What compliance reads of a meeting."""

    id: int
    kind: MeetingKind
    also: tuple[MeetingKind, ...]
    year: int
    starts_on: dt.date
    status: MeetingStatus
    branch_id: int
    group_id: int | None = None
    lecturer_id: int | None = None

    def counts_for(self, kind: MeetingKind) -> bool:
        return kind in counts_as(self.kind, self.also)


class CellState(Enum):
    DONE = "done"  # held at least once
    DUE = "due"  # the period is running and nothing is held yet
    BEHIND = "behind"  # the period is over and nothing was held
    FUTURE = "future"  # the period has not begun


@dataclass(frozen=True)
class Cell:
    period: Period
    held: int
    planned: int
    state: CellState
    deadline: dt.date  # when the period is over for this kind (a grace period included)


@dataclass(frozen=True)
class Row:
    kind: MeetingKind
    label: str  # the kind, a party group's meeting, or the secretary's own lecture
    per_year: int
    cells: tuple[Cell, ...]
    group_id: int | None = None
    secretary_lecture: bool = False

    @property
    def behind(self) -> int:
        return sum(1 for c in self.cells if c.state is CellState.BEHIND)

    @property
    def held(self) -> int:
        return sum(c.held for c in self.cells)


def _month_end(year: int, month: int) -> dt.date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return following - dt.timedelta(days=1)


def _deadline(kind: MeetingKind, period: Period) -> dt.date:
    return _month_end(period.last.year, period.last.month + GRACE_MONTHS.get(kind, 0))


def _row(kind: MeetingKind, label: str, per_year: int, year: int, meetings: Sequence[CountedMeeting],
         today: dt.date, **extra: object) -> Row:
    spans = periods(year, per_year)
    held = [0] * per_year
    planned = [0] * per_year
    for m in meetings:
        index = period_index(year, per_year, m.starts_on)
        if m.status is MeetingStatus.HELD:
            held[index] += 1
        elif m.status is MeetingStatus.PLANNED:
            planned[index] += 1
    cells = []
    for span in spans:
        deadline = _deadline(kind, span)
        if held[span.index]:
            state = CellState.DONE
        elif deadline < today:
            state = CellState.BEHIND
        elif span.first <= today:
            state = CellState.DUE
        else:
            state = CellState.FUTURE
        cells.append(Cell(span, held[span.index], planned[span.index], state, deadline))
    return Row(kind, label, per_year, tuple(cells), **extra)  # type: ignore[arg-type]


def compliance(year: int, meetings: Iterable[CountedMeeting], *, per_year: Mapping[MeetingKind, int],
               groups: Sequence[tuple[int, str]], secretary_ids: frozenset[int], today: dt.date) -> tuple[Row, ...]:
    """A branch's rows for a 所属年度: each required kind (a row per party group for 党小组会)
    and the secretary's own 党课. Cancelled meetings never count."""
    counted = [m for m in meetings if m.year == year and m.status is not MeetingStatus.CANCELLED]
    rows: list[Row] = []
    for kind in REQUIRED_KINDS:
        times = per_year.get(kind, 0)
        if times == 0:
            continue
        of_kind = [m for m in counted if m.counts_for(kind)]
        if kind is MeetingKind.GROUP:
            for group_id, name in groups:
                label = _("{group}: party group meeting").format(group=name)
                rows.append(_row(kind, label, times, year, [m for m in of_kind if m.group_id == group_id],
                                 today, group_id=group_id))
            continue
        rows.append(_row(kind, kind.label, times, year, of_kind, today))
        if kind is MeetingKind.LECTURE:
            own = [m for m in of_kind if m.lecturer_id is not None and m.lecturer_id in secretary_ids]
            rows.append(_row(kind, _("The secretary's own party lecture"), 1, year, own, today,
                             secretary_lecture=True))
    return tuple(rows)


@dataclass(frozen=True)
class Alert:
    """A line for the status bar and the start-up notice."""

    branch: str
    text: str
    overdue: bool
    on: dt.date  # for ordering
    meeting_id: int | None = None


def _kind_phrase(row: Row) -> str:
    if row.secretary_lecture:
        return _("the secretary's own party lecture")
    if row.group_id is not None:
        return row.label
    return row.kind.label


def alerts(branch: str, rows: Iterable[Row], *, today: dt.date) -> list[Alert]:
    """What is missing now (the running period, nothing held) and what was missed (the period
    just over); older gaps belong to the compliance table, not to a reminder."""
    found: list[Alert] = []
    for row in rows:
        for index, cell in enumerate(row.cells):
            if cell.state is CellState.DUE and not cell.planned:
                found.append(Alert(branch, _("{period}: no {kind} held or planned yet").format(
                    period=cell.period.label, kind=_kind_phrase(row)), False, cell.deadline))
            elif cell.state is CellState.BEHIND:
                following = row.cells[index + 1] if index + 1 < len(row.cells) else None
                if following is None or following.state is not CellState.BEHIND:
                    if (today - cell.deadline).days <= 62:
                        found.append(Alert(branch, _("{period}: no {kind} was held").format(
                            period=cell.period.label, kind=_kind_phrase(row)), True, cell.deadline))
    return found
