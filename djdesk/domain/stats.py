"""Membership statistics and the 党内统计年报: breakdowns, and the year's movements and balance.

Pure: no Qt, no SQLAlchemy. Who is a party member on a day is decided in `domain.membership`
(see its docstring); current figures are as of today, the annual report's as of 31 December of
its year (or today, while the year lasts).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from djdesk.domain.dates import PartialDate, full_years
from djdesk.domain.membership import (
    StatEvent,
    StatPerson,
    is_full,
    is_member,
    lost_dates,
    was_member,
)
from djdesk.domain.people import (
    EDUCATION_LEVELS,
    ETHNIC_GROUPS,
    LeftReason,
    PoliticalStatus,
    Sex,
    Stage,
)
from djdesk.domain.status import ChangeKind
from djdesk.i18n import N_, _

HAN = "汉族"
_GROUP_ORDER = {name: number for number, name in enumerate(ETHNIC_GROUPS)}


# -- labels, rows and breakdowns ---------------------------------------------------------------
@dataclass(frozen=True)
class Label:
    """Text in whichever language is asked for: a msgid with its values, or data shown as
    stored (汉族, 研究生). The screen shows it with `_`, the workbook always in Chinese."""

    msgid: str
    values: tuple[tuple[str, int | str], ...] = ()
    data: bool = False

    def text(self, translate: Callable[[str], str] = _) -> str:
        if self.data:
            return self.msgid
        return translate(self.msgid).format(**dict(self.values))


class Row(NamedTuple):
    key: str  # stable: a choice's code, a band such as "31-35", a stored value
    label: Label
    count: int
    indent: int = 0  # 1: part of the row above (其中), not another part of the total


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str  # a msgid
    rows: tuple[Row, ...]
    total: int

    def counts(self) -> dict[str, int]:
        return {row.key: row.count for row in self.rows}


@dataclass(frozen=True)
class Band:
    """Whole years from `low` to `high`, both included; None: no limit on that side."""

    low: int | None
    high: int | None

    @property
    def key(self) -> str:
        return f"{'' if self.low is None else self.low}-{'' if self.high is None else self.high}"

    def __contains__(self, years: int) -> bool:
        return (self.low is None or years >= self.low) and (self.high is None or years <= self.high)


AGE_BANDS = (Band(None, 30), Band(31, 35), Band(36, 40), Band(41, 45), Band(46, 50), Band(51, 55),
             Band(56, 60), Band(61, None))
# 党龄 counts from 转正日期; "under 5" is up to 4 whole years.
PARTY_YEARS_BANDS = (Band(None, 4), Band(5, 9), Band(10, 19), Band(20, 29), Band(30, 39),
                     Band(40, 49), Band(50, None))
NOT_FILLED = Label(N_("Not filled in"))


def _age_label(band: Band) -> Label:
    if band.low is None:
        return Label(N_("Aged {high} and under"), (("high", band.high or 0),))
    if band.high is None:
        return Label(N_("Aged {low} and over"), (("low", band.low),))
    return Label(N_("Aged {low} to {high}"), (("low", band.low), ("high", band.high)))


def _years_label(band: Band) -> Label:
    if band.low is None:
        return Label(N_("Under {limit} years"), (("limit", (band.high or 0) + 1),))
    if band.high is None:
        return Label(N_("{low} years and over"), (("low", band.low),))
    return Label(N_("{low} to {high} years"), (("low", band.low), ("high", band.high)))


def _band_of(years: int, bands: Sequence[Band]) -> Band:
    return next(band for band in bands if years in band)


def _band_finder(bands: Sequence[Band]) -> Callable[[int], Band]:
    """`_band_of` by table look-up: called for every member, ten thousand times a breakdown."""
    table = [_band_of(years, bands) for years in range(130)]
    return lambda years: table[years] if 0 <= years < 130 else _band_of(years, bands)


def _choices(key: str, title: str, choices: Iterable[object], values: Iterable[object],
             total: int, none: Label | None = None) -> Breakdown:
    counted = Counter(values)
    rows = [Row(str(c), Label(c._label), counted[c]) for c in choices]  # type: ignore[attr-defined]
    if none is not None:
        rows.append(Row("", none, counted[None]))
    return Breakdown(key, title, tuple(rows), total)


def by_political_status(staff: Sequence[StatPerson]) -> Breakdown:
    """All thirteen 政治面貌 of GB/T 4762, in its order, empty ones included."""
    return _choices("political_status", N_("Political status (all staff)"), PoliticalStatus,
                    (p.political_status for p in staff), len(staff))


def by_stage(staff: Sequence[StatPerson]) -> Breakdown:
    return _choices("stage", N_("Development stage (all staff)"), Stage, (p.stage for p in staff),
                    len(staff), none=Label(N_("(none)")))


def by_sex(members: Sequence[StatPerson]) -> Breakdown:
    return _choices("sex", N_("Party members by sex"), Sex, (p.sex for p in members), len(members))


def by_branch(members: Sequence[StatPerson], branches: Sequence[tuple[int, str]]) -> Breakdown:
    """Every branch in its order, even an empty one; members in none (or in a branch no
    longer listed) on a last row, shown only when there are any: they need a branch."""
    counted = Counter(p.branch_id for p in members)
    known = {branch_id for branch_id, _name in branches}
    rows = [Row(str(branch_id), Label(name, data=True), counted[branch_id]) for branch_id, name in branches]
    homeless = sum(n for branch_id, n in counted.items() if branch_id not in known)
    if homeless:
        rows.append(Row("", Label(N_("(no branch)")), homeless))
    return Breakdown("branch", N_("Party members by branch"), tuple(rows), len(members))


def ethnic_group(text: str) -> str:
    """The stored ethnicity, with 族 added where it was left off (回 → 回族)."""
    text = text.strip()
    if text and text not in _GROUP_ORDER and text + "族" in _GROUP_ORDER:
        return text + "族"
    return text


def is_minority(text: str) -> bool:
    group = ethnic_group(text)
    return bool(group) and group != HAN


def by_ethnicity(members: Sequence[StatPerson]) -> Breakdown:
    """汉族, 少数民族 with each group present under it (GB 3304 order, unknown names last)."""
    counted = Counter(ethnic_group(p.ethnicity) for p in members)
    han, blank = counted.pop(HAN, 0), counted.pop("", 0)
    groups = sorted(counted, key=lambda g: (_GROUP_ORDER.get(g, len(_GROUP_ORDER)), g))
    rows = (Row(HAN, Label(HAN, data=True), han),
            Row("minority", Label(N_("Ethnic minorities")), sum(counted.values())),
            *(Row(g, Label(g, data=True), counted[g], indent=1) for g in groups),
            Row("", NOT_FILLED, blank))
    return Breakdown("ethnicity", N_("Party members by ethnic group"), rows, len(members))


def by_education(members: Sequence[StatPerson]) -> Breakdown:
    """The usual levels always, other stored values after them, then the blank ones."""
    counted = Counter(p.education.strip() for p in members)
    blank = counted.pop("", 0)
    levels = [*EDUCATION_LEVELS, *sorted(set(counted) - set(EDUCATION_LEVELS))]
    rows = (*(Row(level, Label(level, data=True), counted[level]) for level in levels),
            Row("", NOT_FILLED, blank))
    return Breakdown("education", N_("Party members by education"), rows, len(members))


def by_age(members: Sequence[StatPerson], day: dt.date) -> Breakdown:
    """Age on `day` in whole years, from the first day of a month-only birth date."""
    band_of = _band_finder(AGE_BANDS)
    counted = Counter(band_of(full_years(p.birth, day)) for p in members)
    rows = tuple(Row(band.key, _age_label(band), counted[band]) for band in AGE_BANDS)
    return Breakdown("age", N_("Party members by age"), rows, len(members))


def by_party_years(members: Sequence[StatPerson], day: dt.date) -> Breakdown:
    """党龄 on `day` in whole years from 转正日期; probationary members, and full members with
    no 转正日期, on rows of their own."""
    counted: Counter[object] = Counter()
    band_of = _band_finder(PARTY_YEARS_BANDS)
    for person in members:
        if not is_full(person, day):
            counted["probationary"] += 1
        elif person.full_on is None:
            counted["no_date"] += 1
        else:
            counted[band_of(full_years(person.full_on, day))] += 1
    rows = (*(Row(band.key, _years_label(band), counted[band]) for band in PARTY_YEARS_BANDS),
            Row("probationary", Label(N_("Probationary member")), counted["probationary"]),
            Row("no_date", Label(N_("Full, no date of full membership")),
                counted["no_date"]))
    return Breakdown("party_years", N_("Party members by years of membership"), rows, len(members))


def _display(day: dt.date) -> str:
    return PartialDate.of(day).display()


# -- the current figures -----------------------------------------------------------------------
@dataclass(frozen=True)
class Statistics:
    """Today's figures. Scope: everyone at the school today, retired staff included, people
    who left not. Political status and stage are of all of them; the other breakdowns are of
    the party members (full and probationary) among them."""

    as_of: dt.date
    staff: int
    members: int
    breakdowns: tuple[Breakdown, ...]

    def get(self, key: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.key == key)


def current_statistics(people: Iterable[StatPerson], events: Iterable[StatEvent],
                       branches: Sequence[tuple[int, str]], today: dt.date) -> Statistics:
    """`branches` are (id, name) in the order to show them."""
    lost = lost_dates(events)
    staff = [p for p in people if p.left_on is None or p.left_on > today]
    members = [p for p in staff if is_member(p, today, lost, today)]
    return Statistics(today, len(staff), len(members), (
        by_political_status(staff), by_stage(staff), by_branch(members, branches), by_sex(members),
        by_ethnicity(members), by_education(members), by_age(members, today),
        by_party_years(members, today)))


def scope_note(statistics: Statistics) -> Label:
    return Label(N_("People at the school on {date}: {staff} (retired staff included, people who "
                    "left not), of whom {members} party members (full and probationary)."),
                 (("date", _display(statistics.as_of)), ("staff", statistics.staff),
                  ("members", statistics.members)))


# -- the annual report ---------------------------------------------------------------------------
@dataclass(frozen=True)
class AnnualReport:
    """党内统计年报 of `year`: the members on `as_of` and the year's movements, each counted
    only for people who were members when it happened (出党: every recorded one)."""

    year: int
    as_of: dt.date  # 31 December, or today while the year lasts
    members: int
    full: int
    probationary: int
    women: int
    minorities: int
    age: Breakdown
    education: Breakdown
    previous: int  # members on 31 December of the year before
    developed: int  # 入党日期 in the year, not developed elsewhere and transferred in later
    became_full: int  # 转正日期 in the year
    transferred_in: int  # 转入日期 in the year
    transferred_out: int  # left by transfer in the year
    died: int
    lost: int  # 出党: a ChangeKind.LOST recorded in the year
    left_otherwise: int  # members who left the school in the year for another reason
    without_joined_on: int  # members with no 入党日期, who count only in today's figures

    @property
    def year_over(self) -> bool:
        return self.as_of == dt.date(self.year, 12, 31)

    @property
    def previous_on(self) -> dt.date:
        return dt.date(self.year - 1, 12, 31)

    @property
    def expected(self) -> int:
        """Last year's members plus the year's gains, less its losses."""
        return (self.previous + self.developed + self.transferred_in - self.transferred_out
                - self.died - self.lost)

    @property
    def difference(self) -> int:
        """Members counted less members expected: 0 when the record is complete."""
        return self.members - self.expected


# The report's two tables: (field, msgid, indent); movements with the sign they enter the balance.
SUMMARY = (("members", N_("Members in all"), 0), ("full", N_("Full members"), 1),
           ("probationary", N_("Probationary members"), 1), ("women", N_("Women members"), 1),
           ("minorities", N_("Ethnic minorities"), 1))
MOVEMENTS = (("previous", N_("Members on {date}"), ""), ("developed", N_("Members admitted"), "+"),
             ("transferred_in", N_("Members transferred in"), "+"),
             ("transferred_out", N_("Members transferred out"), "−"),
             ("died", N_("Members who died"), "−"), ("lost", N_("Members who left the party"), "−"),
             ("members", N_("Members on {date}"), "="),
             ("became_full", N_("Probationary members who became full members"), ""))


def summary_rows(report: AnnualReport) -> tuple[Row, ...]:
    return tuple(Row(key, Label(msgid), getattr(report, key), indent) for key, msgid, indent in SUMMARY)


def movement_rows(report: AnnualReport) -> tuple[tuple[str, Row], ...]:
    """(sign, row) for the table of movements; the dated rows name their day."""
    days = {"previous": report.previous_on, "members": report.as_of}
    return tuple(
        (sign, Row(key, Label(msgid, (("date", _display(days[key])),) if key in days else ()),
                   getattr(report, key)))
        for key, msgid, sign in MOVEMENTS)


def annual_report(people: Iterable[StatPerson], events: Iterable[StatEvent], year: int,
                  today: dt.date) -> AnnualReport:
    """The report of `year` (not after today's year) as of 31 December, or of today while the
    year lasts. The balance holds when every member's dates are recorded; see `difference`."""
    if year > today.year:
        raise ValueError(f"no report for a year still to come: {year}")
    people, events = list(people), list(events)
    end, start = min(dt.date(year, 12, 31), today), dt.date(year - 1, 12, 31)
    lost = lost_dates(events)
    members = [p for p in people if is_member(p, end, lost, today)]
    full = sum(1 for p in members if is_full(p, end))

    def count(field: str) -> int:
        """People with the date in the year who were members on it."""
        total = 0
        for person in people:
            day = getattr(person, field)
            if day is not None and day.year == year and was_member(person, day, lost):
                total += 1
        return total

    # Departures: the last (on the person) and those before a return (in the gaps).
    departures = [(p, p.left_on, p.left_reason) for p in people if p.left_on is not None]
    departures += [(p, left, reason) for p in people for left, reason, _back in p.gaps]
    leaving = Counter(reason for p, left, reason in departures
                      if left.year == year and was_member(p, left, lost))
    returns = sum(1 for p in people for _left, _reason, back in p.gaps
                  if back.year == year and was_member(p, back, lost))
    return AnnualReport(
        year=year, as_of=end, members=len(members), full=full, probationary=len(members) - full,
        women=sum(1 for p in members if p.sex is Sex.FEMALE),
        minorities=sum(1 for p in members if is_minority(p.ethnicity)),
        age=by_age(members, end), education=by_education(members),
        previous=sum(1 for p in people if is_member(p, start, lost, today)),
        developed=count("joined_on"), became_full=count("full_on"),
        transferred_in=count("transferred_in_on") + returns,
        transferred_out=leaving[LeftReason.TRANSFERRED_OUT], died=leaving[LeftReason.DECEASED],
        lost=len({e.person_id for e in events if e.kind is ChangeKind.LOST and e.on.year == year}),
        left_otherwise=sum(n for reason, n in leaving.items()
                           if reason not in (LeftReason.TRANSFERRED_OUT, LeftReason.DECEASED)),
        without_joined_on=sum(1 for p in people if p.joined_on is None
                              and (p.left_on is None or p.left_on > start)
                              and (p.political_status.is_party_member or p.id in lost)),
    )


def as_of_note(report: AnnualReport) -> Label:
    if report.year_over:
        return Label(N_("As of 31 December {year}"), (("year", report.year),))
    return Label(N_("{year} is not over yet: as of today, {date}"),
                 (("year", report.year), ("date", _display(report.as_of))))


def balance_notes(report: AnnualReport) -> tuple[Label, ...]:
    """The balance check in words: the sum, whether it holds, and what may explain a gap."""
    r = report
    notes = [Label(N_("Check: {previous} on {start} + {developed} admitted + {transferred_in} "
                      "transferred in − {transferred_out} transferred out − {died} died − {lost} "
                      "left the party = {expected}; counted on {date}: {members}."),
                   (("previous", r.previous), ("start", _display(r.previous_on)),
                    ("developed", r.developed), ("transferred_in", r.transferred_in),
                    ("transferred_out", r.transferred_out), ("died", r.died), ("lost", r.lost),
                    ("expected", r.expected), ("date", _display(r.as_of)), ("members", r.members)))]
    if r.difference == 0:
        notes.append(Label(N_("The figures balance.")))
    elif r.difference > 0:
        notes.append(Label(N_("The figures do not balance: {count} more members counted than the "
                              "movements explain."), (("count", r.difference),)))
    else:
        notes.append(Label(N_("The figures do not balance: {count} fewer members counted than the "
                              "movements explain."), (("count", -r.difference),)))
    if r.left_otherwise:
        notes.append(Label(N_("{count} members left the school in {year} for a reason other than a "
                              "transfer or death: record their transfer out."),
                           (("count", r.left_otherwise), ("year", r.year))))
    if r.without_joined_on:
        notes.append(Label(N_("{count} members have no date of joining the party: they count only "
                              "in today's figures."), (("count", r.without_joined_on),)))
    return tuple(notes)
