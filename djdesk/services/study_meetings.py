"""The calendar's link to the study records: a held 党课 or 主题党日 gives each attendee who was
present one learning record; un-marking it, or marking someone absent, takes it back."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain.meetings import AttendanceStatus, MeetingStatus
from djdesk.domain.study import meeting_hours, meeting_learning_kind
from djdesk.store.models import LearningRecord, Meeting


def sync_meeting(session: Session, meeting: Meeting) -> None:
    """Bring the meeting's learning records in line with it (called whenever it is saved)."""
    kind = meeting_learning_kind(meeting.kind, meeting.also_counts_as)
    present = set()
    if kind is not None and meeting.status is MeetingStatus.HELD:
        present = {a.person_id for a in meeting.attendance if a.status is AttendanceStatus.PRESENT}
    existing = {r.person_id: r for r in session.scalars(
        select(LearningRecord).where(LearningRecord.meeting_id == meeting.id))}
    for person_id, record in existing.items():
        if person_id not in present:
            session.delete(record)  # through the ORM: the audit trail records what was taken back
    if not present:
        session.flush()
        return
    assert kind is not None
    topic = (meeting.title.strip() or meeting.kind.label)[:120]
    hours = meeting_hours(meeting.starts_at, meeting.ends_at)
    for person_id in present:
        record = existing.get(person_id)
        if record is None:
            session.add(LearningRecord(person_id=person_id, meeting_id=meeting.id, held_on=meeting.starts_at.date(),
                                       topic=topic, kind=kind, hours_tenths=hours, tags="",
                                       organiser="", note=""))
        else:  # the meeting was edited: its record follows
            record.held_on, record.topic, record.kind, record.hours_tenths = (
                meeting.starts_at.date(), topic, kind, hours)
    session.flush()
