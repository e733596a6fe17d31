"""A teacher's page: every evaluation period with grade and score, violations and sanctions,
师德 training, honours and observed lessons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain.errors import NotFoundError
from djdesk.domain.ethics import ETHICS_TAG, Scheme
from djdesk.i18n import _
from djdesk.services import ethics_records as records
from djdesk.services import study
from djdesk.services.ethics_results import compute_results, results_from_json
from djdesk.services.learning import LearningRow, list_records
from djdesk.services.study import PersonStudy
from djdesk.store.models import EthicsEntry, EthicsPeriod, Person


@dataclass(frozen=True, slots=True)
class PeriodLine:
    period_id: int
    period: str
    closed: bool
    scores: tuple[tuple[str, Decimal | None], ...]  # each rater category's name and score
    total: Decimal | None
    grade: str | None
    vetoed: str
    training_hours: Decimal
    short_of_training: bool


@dataclass(frozen=True)
class TeacherPage:
    person_id: int
    name: str
    department: str
    barred_until: dt.date | None
    periods: tuple[PeriodLine, ...]
    violations: tuple[records.ViolationRow, ...]
    honours: tuple[records.HonourRow, ...]
    observations: tuple[records.ObservationRow, ...]
    training: tuple[LearningRow, ...]
    # 党建+学习 this year and last (DOMAIN "Study": the term's totals feed the evaluations).
    study: tuple[PersonStudy, ...] = ()
    study_year: int = 0  # the first of `study`'s years


def teacher_page(session: Session, person_id: int, today: dt.date) -> TeacherPage:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError(_("This person no longer exists (deleted meanwhile?)"))
    lines = []
    periods = session.scalars(
        select(EthicsPeriod).join(EthicsEntry, EthicsEntry.period_id == EthicsPeriod.id)
        .where(EthicsEntry.person_id == person_id).order_by(EthicsPeriod.starts_on.desc()))
    for period in periods:
        if period.closed_on is not None and period.results:
            rows = [r for r in results_from_json(period.results) if r.person_id == person_id]
        else:
            rows = compute_results(session, period, Scheme.from_json(period.scheme), today,
                                   person_id=person_id)
        names = [rater.name for rater in Scheme.from_json(period.scheme).raters]
        for r in rows:
            lines.append(PeriodLine(period.id, period.name, period.closed_on is not None,
                                    tuple(zip(names, r.scores)), r.total,
                                    r.grade, r.vetoed, r.training_hours, r.short_of_training))
    return TeacherPage(
        person_id, person.name, person.department,
        records.barred_until(session, person_id, today),
        tuple(lines),
        tuple(records.list_violations(session, person_id=person_id)),
        tuple(records.list_honours(session, person_id=person_id)),
        tuple(records.list_observations(session, teacher_id=person_id)),
        tuple(list_records(session, person_id=person_id, tag=ETHICS_TAG)),
        tuple(study.one_person(session, person_id, year) for year in (today.year, today.year - 1)),
        today.year,
    )
