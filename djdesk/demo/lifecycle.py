"""The demo school's pipeline records and 待办 cases: steps of the people on the way in, a
probation about to end, a probation extended, a member absent for six months."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.demo.people import add_months
from djdesk.domain import pipeline
from djdesk.domain.dates import PartialDate
from djdesk.domain.meetings import AttendanceStatus, MeetingStatus
from djdesk.domain.people import Stage
from djdesk.domain.status import Change, ChangeKind
from djdesk.services import lifecycle, members
from djdesk.store.models import Attendance, Meeting, Person

# Its own generator: the people and meetings made before keep the values they always had.
SEED = 20250102

# The steps after each of the person's own dates, with their offsets in days.
_AFTER_APPLIED = (("talk", 18),)
_AFTER_ACTIVIST = (("activist_filed", 10), ("contacts", 12))
_AFTER_CANDIDATE = (("candidate_filed", 9), ("introducers", 15), ("political_review", 40), ("training", 60))
_BEFORE_JOINED = (("committee_review", -40), ("pre_review", -30), ("application_form", -20))
_AFTER_JOINED = (("higher_talk", 20), ("approved", 45), ("admission_filed", 55), ("assigned", 60), ("oath", 70))


def _steps(draft, today: dt.date, rng: random.Random) -> list[pipeline.StepRecord]:  # type: ignore[no-untyped-def]
    records: list[pipeline.StepRecord] = []

    def add(after: PartialDate | None, steps: tuple[tuple[str, int], ...]) -> None:
        if after is None:
            return
        for code, days in steps:
            on = after.first_day() + dt.timedelta(days=days + rng.randint(0, 4))
            if on <= today:
                records.append(pipeline.StepRecord(code, PartialDate.of(on)))

    add(draft.applied_on, _AFTER_APPLIED)
    add(draft.activist_on, _AFTER_ACTIVIST)
    if draft.activist_on is not None:  # the half-yearly reviews, up to the next stage or today
        until = draft.candidate_on.first_day() if draft.candidate_on else today
        review = add_months(draft.activist_on.first_day(), 6)
        while review <= until:
            records.append(pipeline.StepRecord("review", PartialDate.of(review)))
            review = add_months(review, 6)
    add(draft.candidate_on, _AFTER_CANDIDATE)
    add(draft.joined_on, _BEFORE_JOINED)
    add(draft.joined_on, _AFTER_JOINED)
    return records


def _probationary(session: Session) -> list[members.PersonRecord]:
    ids = session.scalars(select(Person.id).where(Person.stage == Stage.PROBATIONARY, Person.left_on.is_(None))
                          .order_by(Person.id))
    return [members.get(session, person_id) for person_id in ids]


def _rejoin(session: Session, record: members.PersonRecord, joined: dt.date, today: dt.date) -> None:
    """Move the person's admission to `joined`, the earlier dates of the pipeline with it."""
    draft = record.draft
    assert draft.joined_on is not None
    shift = (joined - draft.joined_on.first_day()).days
    moved = {field: PartialDate.of(value.first_day() + dt.timedelta(days=shift))
             for field in ("applied_on", "activist_on", "candidate_on")
             if (value := getattr(draft, field)) is not None}
    members.update(session, record.id, dataclasses.replace(
        draft, joined_on=PartialDate.of(joined), **moved), today=today)  # type: ignore[arg-type]


def make(session: Session, today: dt.date) -> None:
    rng = random.Random(SEED)
    probationary = _probationary(session)
    if probationary:
        # One probation ends within the 60 days the 待办 list looks ahead.
        _rejoin(session, probationary[0], add_months(today, -11) + dt.timedelta(days=12), today)
    if len(probationary) > 1:
        # Another's first year ended last month, and the branch extended it by six months.
        second = probationary[1]
        _rejoin(session, second, add_months(today, -13), today)
        joined = members.get(session, second.id).draft.joined_on
        assert joined is not None
        lifecycle.change_status(session, second.id, Change(
            ChangeKind.EXTENDED, pipeline.probation_end(joined), months=6,
            note="支部大会决定延长预备期六个月"), today=today)
    ids = session.scalars(select(Person.id).where(Person.stage.in_(
        (Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY)), Person.left_on.is_(None))
        .order_by(Person.id)).all()
    for person_id in ids:
        draft = members.get(session, person_id).draft
        lifecycle.save_steps(session, person_id, _steps(draft, today, rng), today=today)
    _absent_member(session, today)


def _absent_member(session: Session, today: dt.date) -> None:
    """A member who has come to no meeting for six months, without leave (党章 Article 9)."""
    since = dt.datetime.combine(add_months(today, -6), dt.time())
    rows = session.execute(
        select(Attendance, Person.full_on)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(Person, Person.id == Attendance.person_id)
        .where(Meeting.status == MeetingStatus.HELD, Meeting.starts_at >= since,
               Person.stage == Stage.FULL, Person.party_post == "", Person.left_on.is_(None))
        .order_by(Person.id.desc())
    ).all()
    if not rows:
        return
    chosen = rows[0][0].person_id
    for attendance, _full in rows:
        if attendance.person_id == chosen:
            attendance.status, attendance.reason = AttendanceStatus.ABSENT, ""
    session.flush()
