"""Each teacher's 师德考核 result in a period — scores, total, grade, veto, bars, training — and
the period's counts; computed from the records, or read back as frozen when it was closed."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain import ethics
from djdesk.domain.ethics import ETHICS_TAG, WHOLE, Case, Scheme
from djdesk.domain.strokes import name_key
from djdesk.services.learning import hours_by_person
from djdesk.store.models import (
    EthicsEntry,
    EthicsPeriod,
    EthicsScore,
    Person,
    Violation,
)


@dataclass(frozen=True, slots=True)
class TeacherResult:
    """One teacher's line of the period."""

    entry_id: int
    person_id: int
    name: str
    department: str
    scores: tuple[Decimal | None, ...]  # per rater category: its raters' mean
    item_scores: tuple[tuple[Decimal | None, ...], ...]  # by-item schemes: per category, per item
    raters: tuple[int, ...]  # per category: how many raters' scores are in
    imported: tuple[bool, ...]  # per category: scores from imported sheets (not typed here)
    total: Decimal | None
    grade: str | None
    withheld: bool  # the office's decision under the 优秀 cap
    vetoed: str  # the period's violations (一票否决), "" when none
    barred_until: dt.date | None  # no honours or promotion before this day
    training_hours: Decimal
    first_year: bool
    short_of_training: bool

    @property
    def sort_key(self) -> tuple[tuple[int, str, int], ...]:
        return name_key(self.name)


@dataclass(frozen=True)
class Summary:
    evaluated: int
    graded: int
    per_grade: tuple[tuple[str, int], ...]
    excellent: int
    allowed: int | None  # how many may be 优秀 under the cap
    vetoed: int
    barred: int
    first_year: int
    short_of_training: int

    @property
    def over_cap(self) -> bool:
        return self.allowed is not None and self.excellent > self.allowed


def _scores(session: Session, period_id: int, person_id: int | None) -> dict[int, dict[int, dict[str, dict[int, int]]]]:
    """entry → category → rater → item → points in hundredths."""
    query = (
        select(EthicsScore.entry_id, EthicsScore.category, EthicsScore.rater, EthicsScore.item,
               EthicsScore.points)
        .join(EthicsEntry, EthicsEntry.id == EthicsScore.entry_id)
        .where(EthicsEntry.period_id == period_id)
    )
    if person_id is not None:
        query = query.where(EthicsEntry.person_id == person_id)
    grouped: dict[int, dict[int, dict[str, dict[int, int]]]] = {}
    # Core rows, not ORM ones: a period of 1,000 teachers has 4,000 scores and more.
    for entry_id, category, rater, item, points in session.connection().execute(query):
        grouped.setdefault(entry_id, {}).setdefault(category, {}).setdefault(rater, {})[item] = points
    return grouped


def _points(hundredths: int) -> Decimal:
    return Decimal(hundredths).scaleb(-2)  # 8850 → 88.50, as a mean is rounded


def _category(scheme: Scheme, by_rater: dict[str, dict[int, int]]) -> tuple[Decimal | None, tuple[Decimal | None, ...]]:
    if scheme.by_item:
        raters = [{i: _points(p) for i, p in r.items()} for r in by_rater.values()]
        sums = [s for r in raters if (s := ethics.rater_sum(scheme, r)) is not None]
        items = tuple(ethics.mean([r[i] for r in raters if i in r]) for i in range(len(scheme.items)))
        return ethics.mean(sums), items
    whole = [r[WHOLE] for r in by_rater.values() if WHOLE in r]
    if len(whole) == 1:  # the usual case: one score typed in the grid
        return _points(whole[0]), ()
    return ethics.mean([_points(p) for p in whole]), ()


def compute_results(session: Session, period: EthicsPeriod, scheme: Scheme, today: dt.date, *,
                    person_id: int | None = None) -> list[TeacherResult]:
    """Every teacher's result (or one teacher's), 按姓氏笔画."""
    query = (
        select(EthicsEntry.id, EthicsEntry.person_id, EthicsEntry.withheld, Person.name,
               Person.department, Person.work_start)
        .join(Person, Person.id == EthicsEntry.person_id)
        .where(EthicsEntry.period_id == period.id)
    )
    if person_id is not None:
        query = query.where(EthicsEntry.person_id == person_id)
    entries = session.connection().execute(query).all()
    scores = _scores(session, period.id, person_id)
    people = [e[1] for e in entries]
    cases: dict[int, list[Case]] = defaultdict(list)
    vetoes: dict[int, list[str]] = defaultdict(list)
    violations = select(Violation).order_by(Violation.occurred_on, Violation.id)
    if person_id is not None:
        violations = violations.where(Violation.person_id == person_id)
    wanted = set(people)
    for v in session.scalars(violations):
        if v.person_id not in wanted:
            continue
        cases[v.person_id].append(Case(v.occurred_on, v.kind, v.sanction, v.decided_on, v.months))
        if ethics.in_period(v.occurred_on, period.starts_on, period.ends_on):
            vetoes[v.person_id].append(v.kind)
    hours = hours_by_person(session, period.starts_on, period.ends_on, tag=ETHICS_TAG,
                            person_ids=people if person_id is not None else None)
    rows = []
    for entry_id, pid, withheld, name, department, work_start in entries:
        per_category = [_category(scheme, scores.get(entry_id, {}).get(c, {}))
                        for c in range(len(scheme.raters))]
        category_scores = tuple(c[0] for c in per_category)
        total = ethics.total(scheme, category_scores)
        vetoed = "、".join(dict.fromkeys(vetoes.get(pid, [])))
        trained = hours.get(pid, Decimal(0))
        first = ethics.first_year(work_start, period.starts_on, period.ends_on)
        by_category = scores.get(entry_id, {})
        rows.append(TeacherResult(
            entry_id=entry_id, person_id=pid, name=name, department=department,
            scores=category_scores,
            item_scores=tuple(c[1] for c in per_category),
            raters=tuple(len(by_category.get(c, {})) for c in range(len(scheme.raters))),
            imported=tuple(any(r for r in by_category.get(c, {})) for c in range(len(scheme.raters))),
            total=total,
            grade=ethics.grade(scheme, total, vetoed=bool(vetoed), withheld=withheld),
            withheld=withheld, vetoed=vetoed,
            barred_until=ethics.ineligible_until(cases.get(pid, []), today),
            training_hours=trained, first_year=first,
            short_of_training=first and trained < scheme.first_year_hours,
        ))
    rows.sort(key=lambda r: (r.sort_key, r.person_id))
    return rows


def summarise(scheme: Scheme, rows: list[TeacherResult] | tuple[TeacherResult, ...]) -> Summary:
    counts = {band.name: 0 for band in scheme.bands}
    for row in rows:
        if row.grade is not None:
            counts[row.grade] = counts.get(row.grade, 0) + 1
    return Summary(
        evaluated=len(rows),
        graded=sum(counts.values()),
        per_grade=tuple(counts.items()),
        excellent=counts.get(scheme.top, 0),
        allowed=ethics.cap_allowed(scheme, len(rows)),
        vetoed=sum(1 for r in rows if r.vetoed),
        barred=sum(1 for r in rows if r.barred_until is not None),
        first_year=sum(1 for r in rows if r.first_year),
        short_of_training=sum(1 for r in rows if r.short_of_training),
    )


# -- frozen results -----------------------------------------------------------------------
def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def results_to_json(rows: list[TeacherResult] | tuple[TeacherResult, ...]) -> str:
    return json.dumps([{k: _plain(v) for k, v in asdict(r).items()} for r in rows], ensure_ascii=False)


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def results_from_json(text: str) -> list[TeacherResult]:
    rows = []
    for d in json.loads(text):
        rows.append(TeacherResult(
            entry_id=d["entry_id"], person_id=d["person_id"], name=d["name"], department=d["department"],
            scores=tuple(_dec(s) for s in d["scores"]),
            item_scores=tuple(tuple(_dec(s) for s in c) for c in d["item_scores"]),
            raters=tuple(d["raters"]), imported=tuple(d["imported"]),
            total=_dec(d["total"]), grade=d["grade"], withheld=d["withheld"], vetoed=d["vetoed"],
            barred_until=dt.date.fromisoformat(d["barred_until"]) if d["barred_until"] else None,
            training_hours=Decimal(d["training_hours"]), first_year=d["first_year"],
            short_of_training=d["short_of_training"],
        ))
    return rows
