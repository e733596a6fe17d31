"""Who was a party member of the school's organisation on a given day, for the statistics.

The rule (the statistics and the 党内统计年报 are built on it and on nothing else):
- a date "is on or before D" when its first day is: a month-only 1985.03 counts from 1985-03-01;
- the person is in the party: 中共党员 or 中共预备党员 now, or they lost their membership (a
  出党 change of standing, ChangeKind.LOST, after which they are 群众) after D;
- they had joined: 入党日期 on or before D. Without an 入党日期 they count only when D is today
  or later (the current figures), never in a past year's. (A 出党 clears the person's 入党 and
  转正 dates; services.stats reads them back from the event for the years before it);
- they were in the school's organisation: 转入日期, if any, on or before D. Before it they
  belonged to another organisation; without this a member transferred in during a year would
  count twice in its balance (on 31 December before, and as transferred in);
- they had not left: no 离开日期 on or before D (set by a transfer out, a death or leaving),
  and D is not in a gap between an earlier leaving and a later return (a 转入 recorded for
  someone who had left: `StatPerson.gaps`, and 转入日期 is then the first arrival).
A member on D is full (正式) when their 转正日期 is on or before D. Without a 转正日期 they count
as full (a missing date is a gap in the record, not evidence of probation) unless they are a
probationary member now or joined less than a year before D (probation lasts a year at least).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from djdesk.domain.dates import PartialDate, add_years
from djdesk.domain.people import LeftReason, PoliticalStatus, Sex, Stage
from djdesk.domain.status import ChangeKind


def first_day(value: PartialDate | None) -> dt.date | None:
    """The day a date counts from in every rule here (1985.03 → 1985-03-01)."""
    return None if value is None else value.first_day()


@dataclass(frozen=True, slots=True)
class StatPerson:
    """What the statistics read of a person. Dates are held as their first day (`first_day`):
    the rules only ask whether a date is on or before a day, or falls in a year."""

    id: int
    sex: Sex
    birth: dt.date
    political_status: PoliticalStatus
    stage: Stage | None = None
    ethnicity: str = ""
    education: str = ""
    branch_id: int | None = None
    joined_on: dt.date | None = None
    full_on: dt.date | None = None
    transferred_in_on: dt.date | None = None
    left_on: dt.date | None = None
    left_reason: LeftReason | None = None
    # Earlier stays that ended and a return later: (left on, why, came back on), oldest first.
    gaps: tuple[tuple[dt.date, LeftReason | None, dt.date], ...] = ()


@dataclass(frozen=True, slots=True)
class StatEvent:
    """A recorded change of standing; of these only 出党 (ChangeKind.LOST) matters here."""

    person_id: int
    kind: ChangeKind
    on: dt.date


Lost = dict[int, tuple[dt.date, ...]]  # person id → the days they lost their membership
# A set rather than PoliticalStatus.is_party_member: asked ten thousand times per figure.
_IN_PARTY = frozenset((PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY))


def lost_dates(events: Iterable[StatEvent]) -> Lost:
    found: dict[int, list[dt.date]] = {}
    for event in events:
        if event.kind is ChangeKind.LOST:
            found.setdefault(event.person_id, []).append(event.on)
    return {person: tuple(days) for person, days in found.items()}


def was_member(person: StatPerson, day: dt.date, lost: Lost) -> bool:
    """In the school's organisation on `day` as far as the dates tell, leaving aside whether
    they had left and a missing 入党日期: what is asked of a change that happened on `day`."""
    if person.political_status not in _IN_PARTY and not any(
            on > day for on in lost.get(person.id, ())):
        return False
    return ((person.joined_on is None or person.joined_on <= day)
            and (person.transferred_in_on is None or person.transferred_in_on <= day))


def is_member(person: StatPerson, day: dt.date, lost: Lost, today: dt.date) -> bool:
    """A party member on `day`, by the rule in this module's docstring."""
    if person.left_on is not None and person.left_on <= day:
        return False
    if any(left <= day < back for left, _reason, back in person.gaps):
        return False
    if person.joined_on is None and day < today:
        return False
    return was_member(person, day, lost)


def is_full(person: StatPerson, day: dt.date) -> bool:
    """Whether a member on `day` was a full (not a probationary) member then."""
    if person.full_on is not None:
        return person.full_on <= day
    if person.political_status is PoliticalStatus.CPC_PROBATIONARY:
        return False
    return person.joined_on is None or add_years(person.joined_on, 1) <= day
