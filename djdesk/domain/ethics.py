"""师德考核 rules: the period's scheme (rubric, raters, bands, 优秀 cap), scoring, 一票否决 and
the eligibility a sanction takes away — pure values, no storage."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from djdesk.domain.choices import Choice
from djdesk.domain.dates import PartialDate, add_months
from djdesk.domain.errors import Problem
from djdesk.i18n import N_, _

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
TENTH = Decimal("0.1")
# A training record longer than this is a typing slip (a week's course is about 40 课时).
MAX_RECORD_HOURS = Decimal(100)
WHOLE = -1  # the item number of a score given for the whole rubric, not one item

# 新时代中小学教师职业行为十项准则 (2018): the national default rubric, ten points each.
DEFAULT_ITEMS = (
    N_("Firm political direction"),
    N_("Patriotic and law-abiding"),
    N_("Spreading fine culture"),
    N_("Devoted to teaching and educating"),
    N_("Caring for students"),
    N_("Safety precautions"),
    N_("Decent words and deeds"),
    N_("Fair and honest"),
    N_("Clean and self-disciplined"),
    N_("Proper teaching conduct"),
)
DEFAULT_RATERS = (
    (N_("Self-evaluation"), 10),
    (N_("Colleagues"), 30),
    (N_("Students and parents"), 30),
    (N_("School evaluation"), 30),
)
DEFAULT_BANDS = (
    (N_("Excellent"), 90),
    (N_("Competent"), 70),
    (N_("Basically competent"), 60),
    (N_("Incompetent"), 0),
)
DEFAULT_FIRST_YEAR_HOURS = 8

# 中小学教师违反职业道德行为处理办法 (2018): the violations schools record most often.
VIOLATION_KINDS = (
    N_("Paid private tutoring"),
    N_("Corporal punishment"),
    N_("Accepting gifts from parents"),
    N_("Insulting or discriminating against students"),
    N_("Breaking teaching discipline"),
    N_("Harmful speech in teaching"),
    N_("Cheating or falsification"),
    N_("Harassment of students"),
)
OTHER_MEASURES = (
    N_("Criticism and education"),
    N_("Admonishing talk"),
    N_("Ordered self-examination"),
    N_("Public criticism"),
)
HONOUR_TITLES = (N_("Most beautiful teacher"), N_("Model of teacher ethics"), N_("Excellent teacher"),
                 N_("Excellent class teacher"))
# The tag of a learning record that counts as 师德培训: stored data, the same in every language.
ETHICS_TAG = "师德"


class Sanction(Choice):
    """处分 of the 处理办法 and how long each bars 评优评先 and promotion; 其他处理 states its own
    period (at least 24 months), 开除 ends the career at the school."""

    WARNING = ("warning", N_("Warning"))
    DEMERIT = ("demerit", N_("Demerit"))
    DEMOTION = ("demotion", N_("Demotion or removal from post"))
    DISMISSAL = ("dismissal", N_("Dismissal"))
    OTHER = ("other", N_("Other handling"))


SANCTION_MONTHS = {Sanction.WARNING: 6, Sanction.DEMERIT: 12, Sanction.DEMOTION: 24}
MIN_OTHER_MONTHS = 24


class HonourLevel(Choice):
    SCHOOL = ("school", N_("School level"))
    DISTRICT = ("district", N_("District level"))
    CITY = ("city", N_("City level"))
    PROVINCE = ("province", N_("Province level"))
    NATION = ("nation", N_("National level"))


class ObservationKind(Choice):
    """领导班子听课: following a teacher over time, or dropping in unannounced."""

    TRACKING = ("tracking", N_("Follow-up observation"))
    DROP_IN = ("drop_in", N_("Drop-in observation"))


class ObservationRating(Choice):
    GOOD = ("good", N_("Very good"))
    FAIR = ("fair", N_("Good"))
    PASS = ("pass", N_("Acceptable"))
    POOR = ("poor", N_("Needs improvement"))


class LearningKind(Choice):
    """How the learning happened (the study records use the same kinds)."""

    SELF = ("self", N_("Self-study"))
    GROUP = ("group", N_("Group study"))
    LECTURE = ("lecture", N_("Party lecture"))
    TRAINING = ("training", N_("Training"))
    DAILY = ("daily", N_("Daily lesson"))


# -- the scheme ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    name: str
    points: int


@dataclass(frozen=True)
class Rater:
    name: str
    weight: int  # per cent of the total


@dataclass(frozen=True)
class Band:
    name: str
    minimum: Decimal  # the lowest total of the grade; the last grade's is 0 ("else")


@dataclass(frozen=True)
class Scheme:
    """What a period is scored by; copied into the period, so changing it later for a new
    period never changes an old one."""

    items: tuple[Item, ...]
    raters: tuple[Rater, ...]
    bands: tuple[Band, ...]
    cap_percent: int | None = None  # the most 优秀 may be, as a share of those evaluated
    by_item: bool = False  # raters score each item (summed) rather than one score out of 100
    first_year_hours: int = DEFAULT_FIRST_YEAR_HOURS

    @property
    def top(self) -> str:
        return self.bands[0].name

    @property
    def failing(self) -> str:
        return self.bands[-1].name

    def item_max(self, item: int) -> Decimal:
        return HUNDRED if item == WHOLE else Decimal(self.items[item].points)

    def to_json(self) -> str:
        return json.dumps({
            "items": [[i.name, i.points] for i in self.items],
            "raters": [[r.name, r.weight] for r in self.raters],
            "bands": [[b.name, str(b.minimum)] for b in self.bands],
            "cap_percent": self.cap_percent,
            "by_item": self.by_item,
            "first_year_hours": self.first_year_hours,
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Scheme:
        data = json.loads(text)
        return cls(
            items=tuple(Item(n, int(p)) for n, p in data["items"]),
            raters=tuple(Rater(n, int(w)) for n, w in data["raters"]),
            bands=tuple(Band(n, Decimal(m)) for n, m in data["bands"]),
            cap_percent=data.get("cap_percent"),
            by_item=bool(data.get("by_item", False)),
            first_year_hours=int(data.get("first_year_hours", DEFAULT_FIRST_YEAR_HOURS)),
        )


def default_scheme() -> Scheme:
    """The national default in the current language (the names are stored as shown)."""
    return Scheme(
        items=tuple(Item(_(name), 10) for name in DEFAULT_ITEMS),
        raters=tuple(Rater(_(name), weight) for name, weight in DEFAULT_RATERS),
        bands=tuple(Band(_(name), Decimal(minimum)) for name, minimum in DEFAULT_BANDS),
    )


def _names(kind: str, label: str, names: Sequence[str], found: list[Problem]) -> None:
    if any(not n.strip() for n in names):
        found.append(Problem(kind, label, _("every row needs a name")))
    elif len(set(names)) != len(names):
        found.append(Problem(kind, label, _("two rows have the same name")))
    if any(len(n) > 40 for n in names):
        found.append(Problem(kind, label, _("a name is at most 40 characters")))


def scheme_problems(scheme: Scheme) -> list[Problem]:
    """Everything wrong with a scheme, each naming the part of the form it concerns."""
    found: list[Problem] = []
    items, raters, bands = _("Rubric items"), _("Raters and weights"), _("Grades")
    if not scheme.items:
        found.append(Problem("items", items, _("the rubric needs at least one item")))
    else:
        _names("items", items, [i.name for i in scheme.items], found)
        if any(i.points <= 0 for i in scheme.items):
            found.append(Problem("items", items, _("every item is worth more than 0 points")))
        elif sum(i.points for i in scheme.items) != 100:
            found.append(Problem("items", items, _("the items' points add up to {total}, not 100").format(
                total=sum(i.points for i in scheme.items))))
    if not scheme.raters:
        found.append(Problem("raters", raters, _("at least one rater category is needed")))
    else:
        _names("raters", raters, [r.name for r in scheme.raters], found)
        if any(r.weight <= 0 for r in scheme.raters):
            found.append(Problem("raters", raters, _("every weight is more than 0%")))
        elif sum(r.weight for r in scheme.raters) != 100:
            found.append(Problem("raters", raters, _("the weights add up to {total}%, not 100%").format(
                total=sum(r.weight for r in scheme.raters))))
    if len(scheme.bands) < 2:
        found.append(Problem("bands", bands, _("at least two grades are needed")))
    else:
        _names("bands", bands, [b.name for b in scheme.bands], found)
        minimums = [b.minimum for b in scheme.bands]
        if any(m < 0 or m > HUNDRED for m in minimums):
            found.append(Problem("bands", bands, _("a grade's lowest total is between 0 and 100")))
        elif any(a <= b for a, b in zip(minimums, minimums[1:])):
            found.append(Problem("bands", bands, _(
                "the grades go from the best down: each lowest total below the one above it")))
        elif minimums[-1] != 0:
            found.append(Problem("bands", bands, _("the last grade takes every lower total: its lowest total is 0")))
    if scheme.cap_percent is not None and not 0 < scheme.cap_percent <= 100:
        found.append(Problem("cap_percent", _("Cap on Excellent"), _("a share between 1% and 100%")))
    if not 0 <= scheme.first_year_hours <= 200:
        found.append(Problem("first_year_hours", _("First-year training"), _("between 0 and 200 class hours")))
    return found


# -- scores and grades ---------------------------------------------------------------------
class BadScore(ValueError):
    """Typed text that is not a score for this cell; the message says why."""


def parse_score(text: str, maximum: Decimal) -> Decimal | None:
    """A typed score (full-width digits allowed), None when blank; at most two decimals."""
    text = text.strip().translate(str.maketrans("０１２３４５６７８９．－", "0123456789.-"))
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise BadScore(_("“{text}” is not a number").format(text=text)) from None
    if not value.is_finite():
        raise BadScore(_("“{text}” is not a number").format(text=text))
    check_score(value, maximum)
    return value


def check_score(value: Decimal, maximum: Decimal) -> None:
    if value < 0:
        raise BadScore(_("a score is not negative"))
    if value > maximum:
        raise BadScore(_("at most {maximum} points").format(maximum=number(maximum)))
    if value != value.quantize(CENT):
        raise BadScore(_("at most two decimal places"))


def number(value: Decimal | None) -> str:
    """A score as printed: 87.5, 90, 88.25 (no trailing zeros, never 9E+1)."""
    if value is None:
        return ""
    text = f"{value.quantize(CENT):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def mean(values: Sequence[Decimal]) -> Decimal | None:
    """One category's score: its raters' mean, to the hundredth (half up)."""
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, ROUND_HALF_UP)


def rater_sum(scheme: Scheme, item_scores: Mapping[int, Decimal]) -> Decimal | None:
    """One rater's score when the rubric is scored by item: the items summed, once all are in."""
    if len(scheme.items) == 0 or any(i not in item_scores for i in range(len(scheme.items))):
        return None
    return sum((item_scores[i] for i in range(len(scheme.items))), Decimal(0))


def total(scheme: Scheme, category_scores: Sequence[Decimal | None]) -> Decimal | None:
    """The weighted sum of the categories' scores, to the hundredth; None until all are in."""
    if len(category_scores) != len(scheme.raters) or any(s is None for s in category_scores):
        return None
    weighted = sum((s * r.weight for s, r in zip(category_scores, scheme.raters)), Decimal(0))  # type: ignore[operator]
    return (weighted / HUNDRED).quantize(CENT, ROUND_HALF_UP)


def grade(scheme: Scheme, score: Decimal | None, *, vetoed: bool = False,
          withheld: bool = False) -> str | None:
    """The grade of a total; a veto makes it the failing grade whatever the score, and a 优秀
    the office withheld under the cap becomes the next grade down."""
    if vetoed:
        return scheme.failing
    if score is None:
        return None
    for index, band in enumerate(scheme.bands):
        if score >= band.minimum:
            if index == 0 and withheld:
                return scheme.bands[1].name
            return band.name
    return scheme.failing


def cap_allowed(scheme: Scheme, evaluated: int) -> int | None:
    """How many may be 优秀 under the cap (rounded down), None without a cap."""
    if scheme.cap_percent is None:
        return None
    return evaluated * scheme.cap_percent // 100


@dataclass(frozen=True)
class CapProposal:
    """Who keeps 优秀 (the highest totals) and who does not; `tied` are those whose total equals
    the last kept one's on either side of the line — the office should look at them."""

    allowed: int
    keep: tuple[int, ...]
    withhold: tuple[int, ...]
    tied: tuple[int, ...] = field(default=())


def propose_cap(allowed: int, candidates: Iterable[tuple[int, Decimal, object]]) -> CapProposal:
    """Candidates are (key, total, tie-break key) of everyone whose score reaches 优秀."""
    ranked = sorted(candidates, key=lambda c: (-c[1], c[2]))
    keep, withhold = ranked[:allowed], ranked[allowed:]
    tied: tuple[int, ...] = ()
    if keep and withhold and keep[-1][1] == withhold[0][1]:
        line = keep[-1][1]
        tied = tuple(c[0] for c in ranked if c[1] == line)
    return CapProposal(allowed, tuple(c[0] for c in keep), tuple(c[0] for c in withhold), tied)


# -- veto, eligibility, training ----------------------------------------------------------
@dataclass(frozen=True)
class Case:
    """A recorded violation and what was decided about it."""

    occurred_on: dt.date
    kind: str
    sanction: Sanction | None = None
    decided_on: dt.date | None = None
    months: int | None = None  # 其他处理: how long the teacher is barred


def barred_until(case: Case) -> dt.date | None:
    """The first day the teacher may again be proposed for honours and promotion; date.max
    for a dismissal, None when the case bars nothing (no sanction decided)."""
    if case.sanction is None:
        return None
    if case.sanction is Sanction.DISMISSAL:
        return dt.date.max
    start = case.decided_on or case.occurred_on
    months = SANCTION_MONTHS.get(case.sanction, case.months or MIN_OTHER_MONTHS)
    return add_months(PartialDate.of(start), months).first_day()


def ineligible_until(cases: Iterable[Case], today: dt.date) -> dt.date | None:
    """Until when (exclusive) the teacher is barred on `today`; None when eligible."""
    ends = [
        end for case in cases
        if (end := barred_until(case)) is not None and (case.decided_on or case.occurred_on) <= today < end
    ]
    return max(ends) if ends else None


def barred_text(until: dt.date) -> str:
    if until == dt.date.max:
        return _("barred from honours and promotion (dismissed)")
    return _("barred from honours and promotion until {date}").format(
        date=f"{until.year}.{until.month:02d}.{until.day:02d}")


def in_period(day: dt.date, starts_on: dt.date, ends_on: dt.date) -> bool:
    return starts_on <= day <= ends_on


def first_year(work_start: PartialDate | None, starts_on: dt.date, ends_on: dt.date) -> bool:
    """A teacher whose 参加工作日期 falls in the period (a month-only date by its first day)."""
    return work_start is not None and in_period(work_start.first_day(), starts_on, ends_on)


def parse_hours(text: str) -> Decimal:
    """Class hours of one learning record: more than 0, at most 100, to a tenth."""
    text = text.strip().translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    if not text:
        raise BadScore(_("enter the class hours"))
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise BadScore(_("“{text}” is not a number of class hours").format(text=text)) from None
    if not value.is_finite() or value <= 0:
        raise BadScore(_("more than 0 class hours"))
    if value > MAX_RECORD_HOURS:
        raise BadScore(_("at most {hours} class hours in one record").format(hours=number(MAX_RECORD_HOURS)))
    if value != value.quantize(TENTH):
        raise BadScore(_("to a tenth of a class hour at most"))
    return value


def tags_of(text: str) -> tuple[str, ...]:
    """Tags typed with any of the usual separators (，、, ; space), blanks and repeats dropped."""
    for sep in "，、;；":
        text = text.replace(sep, ",")
    seen: list[str] = []
    for tag in (t.strip() for part in text.split(",") for t in part.split()):
        if tag and tag not in seen:
            seen.append(tag)
    return tuple(seen)


def default_period(start_year: int, school_year: bool = True) -> tuple[str, dt.date, dt.date]:
    """The name and dates of a 学年 (September to August) or a calendar year."""
    if school_year:
        return (_("School year {first}-{second}").format(first=start_year, second=start_year + 1),
                dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31))
    return (_("Year {year}").format(year=start_year), dt.date(start_year, 1, 1), dt.date(start_year, 12, 31))
