"""Learning records (training, lectures, self-study): one table for 师德培训 and the study records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from djdesk.domain.errors import ConflictError, NotFoundError, Problem, ValidationError
from djdesk.domain.ethics import BadScore, LearningKind, parse_hours, tags_of
from djdesk.i18n import N_, _
from djdesk.store.models import LearningRecord, Person

LEARNING_LABELS = {
    "person_ids": N_("Participants"),
    "held_on": N_("Date"),
    "topic": N_("Content"),
    "kind": N_("Format"),
    "hours": N_("Class hours"),
    "tags": N_("Tags"),
    "organiser": N_("Organiser"),
    "note": N_("Remarks"),
}
TENTHS = Decimal(10)


def learning_label(field: str) -> str:
    return _(LEARNING_LABELS[field])


@dataclass(frozen=True)
class LearningDraft:
    """A record as typed: hours as text, so a slip is reported under its field."""

    person_ids: tuple[int, ...]
    held_on: dt.date
    topic: str
    kind: LearningKind
    hours: str
    tags: str = ""
    organiser: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class LearningRow:
    id: int
    person_id: int
    person: str
    held_on: dt.date
    topic: str
    kind: LearningKind
    hours: Decimal
    tags: tuple[str, ...]
    organiser: str
    note: str
    meeting_id: int | None = None  # made by a held 党课 or 主题党日: changed through the meeting

    @property
    def tag_text(self) -> str:
        return "，".join(self.tags)


def _problem(field: str, message: str) -> Problem:
    return Problem(field, learning_label(field), message)


def _check(session: Session, draft: LearningDraft, today: dt.date) -> tuple[int, str]:
    """The hours in tenths and the tags as stored; every problem at once otherwise."""
    found: list[Problem] = []
    hours = 0
    if not draft.person_ids:
        found.append(_problem("person_ids", _("choose at least one person")))
    else:
        known = set(session.scalars(select(Person.id).where(Person.id.in_(draft.person_ids))))
        if len(known) != len(set(draft.person_ids)):
            found.append(_problem("person_ids", _("no longer exists")))
    if draft.held_on > today:
        found.append(_problem("held_on", _("learning is recorded once it has taken place")))
    if not draft.topic.strip():
        found.append(_problem("topic", _("write what was learnt")))
    elif len(draft.topic.strip()) > 120:
        found.append(_problem("topic", _("at most 120 characters")))
    try:
        hours = int(parse_hours(draft.hours) * TENTHS)
    except BadScore as error:
        found.append(_problem("hours", str(error)))
    tags = ",".join(tags_of(draft.tags))
    if len(tags) > 120:
        found.append(_problem("tags", _("at most 120 characters")))
    if len(draft.organiser.strip()) > 120:
        found.append(_problem("organiser", _("at most 120 characters")))
    if len(draft.note) > 500:
        found.append(_problem("note", _("at most 500 characters")))
    if found:
        raise ValidationError(found)
    return hours, tags


def add(session: Session, draft: LearningDraft, *, today: dt.date) -> list[int]:
    """One record per person (a whole group's training at once)."""
    hours, tags = _check(session, draft, today)
    records = [
        LearningRecord(person_id=person_id, held_on=draft.held_on, topic=draft.topic.strip(),
                       kind=draft.kind, hours_tenths=hours, tags=tags,
                       organiser=draft.organiser.strip(), note=draft.note.strip())
        for person_id in dict.fromkeys(draft.person_ids)
    ]
    session.add_all(records)
    session.flush()
    return [r.id for r in records]


def _load(session: Session, record_id: int) -> LearningRecord:
    record = session.get(LearningRecord, record_id)
    if record is None:
        raise NotFoundError(_("This learning record no longer exists (deleted meanwhile?)"))
    return record


def _own(record: LearningRecord) -> LearningRecord:
    if record.meeting_id is not None:
        raise ConflictError(_("This record comes from a held meeting's attendance; change the meeting "
                              "(its attendance or held mark) instead."))
    return record


def update(session: Session, record_id: int, draft: LearningDraft, *, today: dt.date) -> None:
    record = _own(_load(session, record_id))
    if len(draft.person_ids) != 1:
        raise ValidationError([_problem("person_ids", _("a record belongs to one person"))])
    hours, tags = _check(session, draft, today)
    record.person_id = draft.person_ids[0]
    record.held_on, record.topic, record.kind = draft.held_on, draft.topic.strip(), draft.kind
    record.hours_tenths, record.tags = hours, tags
    record.organiser, record.note = draft.organiser.strip(), draft.note.strip()
    session.flush()


def delete(session: Session, record_id: int) -> None:
    session.delete(_own(_load(session, record_id)))
    session.flush()


def _tagged(tag: str):  # type: ignore[no-untyped-def]
    escaped = tag.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return ("," + LearningRecord.tags + ",").like(f"%,{escaped},%", escape="\\")


def list_records(session: Session, *, start: dt.date | None = None, end: dt.date | None = None,
                 person_id: int | None = None, tag: str | None = None) -> list[LearningRow]:
    """Records between two days (inclusive), newest first."""
    query = (
        select(LearningRecord, Person.name)
        .join(Person, Person.id == LearningRecord.person_id)
        .order_by(LearningRecord.held_on.desc(), LearningRecord.id.desc())
    )
    if start is not None:
        query = query.where(LearningRecord.held_on >= start)
    if end is not None:
        query = query.where(LearningRecord.held_on <= end)
    if person_id is not None:
        query = query.where(LearningRecord.person_id == person_id)
    if tag:
        query = query.where(_tagged(tag))
    return [
        LearningRow(r.id, r.person_id, name, r.held_on, r.topic, r.kind, Decimal(r.hours_tenths) / TENTHS,
                    tuple(t for t in r.tags.split(",") if t), r.organiser, r.note, r.meeting_id)
        for r, name in session.execute(query)
    ]


def hours_by_person(session: Session, start: dt.date, end: dt.date, *, tag: str | None = None,
                    person_ids: list[int] | None = None) -> dict[int, Decimal]:
    """Each person's class hours between two days (inclusive); people without any are absent."""
    query = (
        select(LearningRecord.person_id, func.sum(LearningRecord.hours_tenths))
        .where(LearningRecord.held_on >= start, LearningRecord.held_on <= end)
        .group_by(LearningRecord.person_id)
    )
    if tag:
        query = query.where(_tagged(tag))
    if person_ids is not None:
        query = query.where(LearningRecord.person_id.in_(person_ids))
    return {pid: Decimal(tenths) / TENTHS for pid, tenths in session.execute(query)}
