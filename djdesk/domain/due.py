"""待办: what is due for the office to do, worked out from the roster, the branches and today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from djdesk.domain.choices import Choice
from djdesk.domain.dates import PartialDate, add_months, add_years
from djdesk.domain.people import MembershipStatus, PoliticalStatus, Stage, field_label
from djdesk.domain.pipeline import probation_end
from djdesk.i18n import N_, _

PROBATION_NOTICE_DAYS = 60
TERM_NOTICE_MONTHS = 6
ARTICLE_9_MONTHS = 6
FIFTY_YEARS = 50


class DueKind(Choice):
    """The kinds of 待办, in the order the panel lists them (most pressing first)."""

    PROBATION = ("probation", N_("Probation ending"))
    ACTIVIST_YEAR = ("activist_year", N_("Activists who reached a year"))
    TERM = ("term", N_("Committee terms ending"))
    ARTICLE_9 = ("article_9", N_("Six months without organisational life (Article 9)"))
    DUES = ("dues", N_("Six months of dues unpaid (Article 9)"))
    ABSENCES = ("absences", N_("Absent from meetings several times in a row"))
    OBSERVATION = ("observation", N_("Probation within the party ending"))
    MISSING = ("missing", N_("Missing dates"))
    BIRTHDAY = ("birthday", N_("Political birthdays this month"))
    FIFTY = ("fifty", N_("Fifty years in the party this year"))


@dataclass(frozen=True, slots=True)
class DuePerson:
    """What the rules read of a person still at the school."""

    id: int
    name: str
    branch: str
    political_status: PoliticalStatus
    stage: Stage | None
    membership_status: MembershipStatus
    membership_status_until: PartialDate | None
    applied_on: PartialDate | None
    activist_on: PartialDate | None
    candidate_on: PartialDate | None
    joined_on: PartialDate | None
    full_on: PartialDate | None
    transferred_in_on: PartialDate | None
    probation_extended_months: int | None


@dataclass(frozen=True)
class DueBranch:
    id: int
    name: str
    term_start: PartialDate | None
    term_end: PartialDate | None


@dataclass(frozen=True)
class LifeRecord:
    """A member's part in the 组织生活 held in the last six months (from attendance)."""

    expected: int  # held meetings they were expected at
    present: int
    excused: int  # absences with leave (请假): a proper reason


@dataclass(frozen=True)
class DueItem:
    kind: DueKind
    name: str  # the person's or the branch's
    detail: str
    on: dt.date  # the date it concerns, for ordering
    person_id: int | None = None
    branch_id: int | None = None
    overdue: bool = False


def _probation(person: DuePerson, today: dt.date) -> DueItem | None:
    if person.political_status is not PoliticalStatus.CPC_PROBATIONARY or person.joined_on is None:
        return None
    end = probation_end(person.joined_on, person.probation_extended_months)
    if end.first_day() > today + dt.timedelta(days=PROBATION_NOTICE_DAYS):
        return None
    overdue = end.last_day() < today
    if overdue:
        detail = _("probation ended on {date}; full membership not yet recorded")
    else:
        detail = _("probation ends on {date}")
    return DueItem(DueKind.PROBATION, person.name, detail.format(date=end.display()),
                   end.first_day(), person.id, overdue=overdue)


def _activist(person: DuePerson, today: dt.date) -> DueItem | None:
    if person.stage is not Stage.ACTIVIST or person.activist_on is None:
        return None
    year = add_years(person.activist_on.last_day(), 1)
    if year > today:
        return None
    return DueItem(DueKind.ACTIVIST_YEAR, person.name,
                   _("activist since {date}; may be chosen as development candidate").format(
                       date=person.activist_on.display()), year, person.id)


# The dates a record needs for its standing (the dates the 待办 rules themselves read).
_WANTED = {PoliticalStatus.CPC_MEMBER: ("joined_on", "full_on"), PoliticalStatus.CPC_PROBATIONARY: ("joined_on",)}
_WANTED_ON_THE_WAY = {Stage.APPLICANT: ("applied_on",), Stage.ACTIVIST: ("activist_on",),
                      Stage.CANDIDATE: ("candidate_on",)}


def _missing(person: DuePerson, labels: dict[tuple[str, ...], str]) -> DueItem | None:
    wanted = _WANTED.get(person.political_status) or _WANTED_ON_THE_WAY.get(person.stage, ())  # type: ignore[arg-type]
    missing = tuple(field for field in wanted if getattr(person, field) is None)
    if not missing:
        return None
    if missing not in labels:  # a few distinct texts for thousands of people
        labels[missing] = _("missing: {fields}").format(fields=_("、").join(field_label(f) for f in missing))
    return DueItem(DueKind.MISSING, person.name, labels[missing], dt.date.min, person.id)


def _birthday(person: DuePerson, today: dt.date) -> DueItem | None:
    joined = person.joined_on
    if not person.political_status.is_party_member or joined is None or joined.month != today.month:
        return None
    years = today.year - joined.year
    if years < 1:
        return None
    return DueItem(DueKind.BIRTHDAY, person.name, _("joined on {date}: {years} years").format(
        date=joined.display(), years=years), add_years(joined.first_day(), years), person.id)


def _fifty(person: DuePerson, today: dt.date) -> DueItem | None:
    full = person.full_on
    if person.political_status is not PoliticalStatus.CPC_MEMBER or full is None:
        return None
    if today.year - full.year != FIFTY_YEARS:
        return None
    return DueItem(DueKind.FIFTY, person.name, _("full member since {date}").format(date=full.display()),
                   add_years(full.first_day(), FIFTY_YEARS), person.id)


def _observation(person: DuePerson, today: dt.date) -> DueItem | None:
    until = person.membership_status_until
    if person.membership_status is not MembershipStatus.OBSERVATION or until is None:
        return None
    if until.first_day() > today + dt.timedelta(days=PROBATION_NOTICE_DAYS):
        return None
    overdue = until.last_day() < today
    detail = _("ended on {date}; decide whether the rights are restored") if overdue else _("ends on {date}")
    return DueItem(DueKind.OBSERVATION, person.name, detail.format(date=until.display()),
                   until.first_day(), person.id, overdue=overdue)


def _article_9(person: DuePerson, life: LifeRecord | None, today: dt.date) -> DueItem | None:
    """党章 Article 9: six months without 组织生活 and without a proper reason. Judged only from
    recorded attendance: a member expected at none of the meetings held is not flagged."""
    if not person.political_status.is_party_member or life is None or life.expected == 0:
        return None
    if life.present or life.excused:
        return None
    since = add_months(PartialDate.of(today), -ARTICLE_9_MONTHS).first_day()
    became = person.transferred_in_on or person.joined_on
    if became is not None and became.last_day() > since:
        return None  # not yet a member here for six months
    return DueItem(DueKind.ARTICLE_9, person.name, _(
        "absent without leave from all {count} meetings of the last six months").format(count=life.expected),
        since, person.id)


def _absences(person: DuePerson, streak: int | None, today: dt.date) -> DueItem | None:
    """Missed the latest held meetings in a row without leave: a talk is due before it
    becomes an Article 9 case."""
    if not streak or not person.political_status.is_party_member:
        return None
    return DueItem(DueKind.ABSENCES, person.name, _(
        "absent without leave from the last {count} meetings in a row").format(count=streak), today, person.id)


def _term(branch: DueBranch, term_years: int, today: dt.date) -> DueItem | None:
    # Shown as precisely as it is known: a term ending "2026.09" is not given an invented day.
    if branch.term_end is not None:
        end = branch.term_end
    elif branch.term_start is not None:
        end = add_months(branch.term_start, 12 * term_years)
    else:
        return None
    notice = add_months(PartialDate.of(today), TERM_NOTICE_MONTHS).first_day()
    if end.last_day() > notice:
        return None
    overdue = end.last_day() < today
    detail = _("the term ended on {date}: elect a new committee") if overdue else _("the term ends on {date}")
    return DueItem(DueKind.TERM, branch.name, detail.format(date=end.display()), end.first_day(),
                   branch_id=branch.id, overdue=overdue)


def due_items(people: Iterable[DuePerson], branches: Iterable[DueBranch], *, today: dt.date,
              term_years: int, life: Mapping[int, LifeRecord] | None = None,
              streaks: Mapping[int, int] | None = None, dues: Iterable[DueItem] = ()) -> list[DueItem]:
    """Every 待办 item, grouped by kind in DueKind's order, each kind by date then name.
    `streaks`: people who missed the latest held meetings in a row without leave; `dues`: the
    members six months behind with their dues, made by the dues service."""
    items: list[DueItem] = list(dues)
    life = life or {}
    streaks = streaks or {}
    labels: dict[tuple[str, ...], str] = {}
    for person in people:
        for item in (_probation(person, today), _activist(person, today), _missing(person, labels),
                     _birthday(person, today), _fifty(person, today), _observation(person, today),
                     _article_9(person, life.get(person.id), today)):
            if item is not None:
                items.append(item)
        if not items or items[-1].kind is not DueKind.ARTICLE_9 or items[-1].person_id != person.id:
            absences = _absences(person, streaks.get(person.id), today)  # Article 9 says more
            if absences is not None:
                items.append(absences)
    for branch in branches:
        item = _term(branch, term_years, today)
        if item is not None:
            items.append(item)
    order = {kind: number for number, kind in enumerate(DueKind)}
    items.sort(key=lambda i: (order[i.kind], i.on, i.name))
    return items
