"""Changing meetings: save the form (details, attendance, vote, minutes, held) in one go,
reschedule, cancel with a reason, restore, delete a mistaken plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain import meetings as rules
from djdesk.domain import votes
from djdesk.domain.errors import ConflictError, Problem, ValidationError
from djdesk.domain.meetings import (
    AttendanceStatus,
    MeetingDraft,
    MeetingKind,
    MeetingStatus,
    counts_as,
    problem,
)
from djdesk.domain.votes import Vote
from djdesk.i18n import N_, _
from djdesk.services.meetings import load
from djdesk.store.models import Attendance, Branch, Meeting, PartyGroup, Person

ATTENDANCE_LABEL = N_("Attendance")
STATUS_LABEL = N_("Status")


@dataclass(frozen=True)
class AttendanceEntry:
    person_id: int
    status: AttendanceStatus | None
    reason: str = ""


@dataclass(frozen=True)
class MeetingForm:
    """Everything the meeting dialog holds."""

    draft: MeetingDraft
    attendance: tuple[AttendanceEntry, ...] = ()
    vote: Vote | None = None
    content: str = ""
    resolution: str = ""
    held: bool = False  # 已召开


def _names(session: Session, ids: set[int]) -> dict[int, tuple[str, int | None]]:
    if not ids:
        return {}
    rows = session.execute(select(Person.id, Person.name, Person.branch_id).where(Person.id.in_(ids)))
    return {r[0]: (r[1], r[2]) for r in rows}


def _store_problems(session: Session, draft: MeetingDraft, meeting: Meeting | None) -> list[Problem]:
    """Rules that need the database: the branch and group exist and fit, the people exist, a
    newly chosen chair and recorder belong to the branch (one kept from before may have moved
    branch since the meeting was held)."""
    found: list[Problem] = []
    branch = session.get(Branch, draft.branch_id) if draft.branch_id is not None else None
    if draft.branch_id is not None and branch is None:
        found.append(problem("branch_id", _("no longer exists")))
    if draft.group_id is not None:
        group = session.get(PartyGroup, draft.group_id)
        if group is None:
            found.append(problem("group_id", _("no longer exists")))
        elif branch is not None and group.branch_id != branch.id:
            found.append(problem("group_id", _("{group} is not a party group of {branch}").format(
                group=group.name, branch=branch.name)))
    wanted = {i for i in (draft.host_id, draft.recorder_id, draft.lecturer_id, *draft.expected) if i is not None}
    known = _names(session, wanted)
    if wanted - known.keys():
        found.append(problem("expected", _("someone chosen no longer exists; choose again")))
    for field in ("host_id", "recorder_id"):
        person_id = getattr(draft, field)
        if person_id is None or person_id not in known or branch is None:
            continue
        if meeting is not None and getattr(meeting, field) == person_id:
            continue
        name, branch_id = known[person_id]
        if branch_id != branch.id and person_id not in draft.expected:
            found.append(problem(field, _("{name} is not a member of {branch}").format(
                name=name, branch=branch.name)))
    return found


def _attendance_problems(form: MeetingForm, now: dt.datetime) -> list[Problem]:
    found: list[Problem] = []
    label = _(ATTENDANCE_LABEL)
    expected = set(form.draft.expected)
    seen: set[int] = set()
    started = form.draft.starts_at <= now
    for entry in form.attendance:
        if entry.person_id not in expected:
            found.append(Problem("attendance", label, _(
                "attendance recorded for someone not expected at the meeting; add them to the "
                "expected attendees first")))
        elif entry.person_id in seen:
            found.append(Problem("attendance", label, _("someone's attendance is recorded twice")))
        seen.add(entry.person_id)
        if entry.status in (AttendanceStatus.PRESENT, AttendanceStatus.ABSENT) and not started:
            found.append(Problem("attendance", label, _(
                "the meeting has not started yet: only leave can be recorded in advance")))
            break
    return found


def _check(session: Session, form: MeetingForm, meeting: Meeting | None, now: dt.datetime) -> None:
    draft = form.draft
    found: list[Problem] = []
    try:
        rules.validate(draft, today=now.date())
    except ValidationError as error:
        found.extend(error.problems)
    found.extend(_store_problems(session, draft, meeting))
    found.extend(_attendance_problems(form, now))
    if form.vote is not None:
        if MeetingKind.GENERAL not in counts_as(draft.kind, draft.also_counts_as):
            found.append(Problem("vote", votes.vote_label("votes_for"),
                                 _("only a branch general meeting holds a vote")))
        else:
            try:
                votes.validate(form.vote)
            except ValidationError as error:
                found.extend(error.problems)
    if form.held:
        if meeting is not None and meeting.status is MeetingStatus.CANCELLED:
            found.append(Problem("status", _(STATUS_LABEL), _(
                "the meeting is cancelled: restore it before marking it held")))
        if draft.starts_at > now:
            found.append(problem("starts_at", _("a meeting cannot be marked held before it starts")))
        if draft.host_id is None:
            found.append(problem("host_id", _("a held meeting needs its chair")))
        if draft.recorder_id is None:
            found.append(problem("recorder_id", _("a held meeting needs its recorder")))
    if found:
        raise ValidationError(found)


def _write(meeting: Meeting, form: MeetingForm) -> None:
    draft = form.draft
    meeting.kind = draft.kind
    meeting.also_counts_as = tuple(draft.also_counts_as)
    meeting.year = draft.year
    meeting.branch_id = draft.branch_id  # type: ignore[assignment]
    meeting.group_id = draft.group_id if draft.kind is MeetingKind.GROUP else None
    meeting.title = draft.title.strip()
    meeting.starts_at = draft.starts_at
    meeting.ends_at = draft.ends_at
    meeting.place = draft.place.strip()
    meeting.host_id = draft.host_id
    meeting.recorder_id = draft.recorder_id
    meeting.lecturer_id = draft.lecturer_id
    meeting.guests = draft.guests.strip()
    meeting.content = form.content
    meeting.resolution = form.resolution
    vote = form.vote
    meeting.voting_due = vote.voting_due if vote else None
    meeting.voting_present = vote.voting_present if vote else None
    meeting.written_opinions = vote.written_opinions if vote else None
    meeting.votes_for = vote.votes_for if vote else None
    meeting.votes_against = vote.votes_against if vote else None
    meeting.votes_abstain = vote.votes_abstain if vote else None
    if form.held:
        meeting.status = MeetingStatus.HELD
    elif meeting.status is not MeetingStatus.CANCELLED:
        meeting.status = MeetingStatus.PLANNED
    # The expected attendees: keep those still expected (with their attendance), add the new.
    entries = {e.person_id: e for e in form.attendance}
    rows = {a.person_id: a for a in meeting.attendance}
    meeting.attendance = [rows.get(pid) or Attendance(person_id=pid) for pid in dict.fromkeys(draft.expected)]
    for row in meeting.attendance:
        entry = entries.get(row.person_id)
        if entry is not None:
            row.status = entry.status
            row.reason = entry.reason.strip() if entry.status is not AttendanceStatus.PRESENT else ""


def save(session: Session, meeting_id: int | None, form: MeetingForm, *, now: dt.datetime) -> int:
    """Create (meeting_id None) or update a meeting from its form; every problem is reported
    at once and nothing is written unless all is well."""
    meeting = load(session, meeting_id) if meeting_id is not None else None
    _check(session, form, meeting, now)
    if meeting is None:
        meeting = Meeting(status=MeetingStatus.PLANNED, cancel_reason="")
        session.add(meeting)
    _write(meeting, form)
    session.flush()
    from djdesk.services.study_meetings import sync_meeting

    sync_meeting(session, meeting)  # a held 党课 or 主题党日 gives its attendees their 学时
    return meeting.id


def reschedule(session: Session, meeting_id: int, starts_at: dt.datetime, ends_at: dt.datetime | None,
               *, now: dt.datetime) -> None:
    """Move a planned meeting; its 所属年度 follows unless it was for the previous year."""
    meeting = load(session, meeting_id)
    if meeting.status is not MeetingStatus.PLANNED:
        raise ConflictError(_("Only a planned meeting can be rescheduled; edit a held meeting's time instead."))
    from djdesk.services.meetings import get

    view = get(session, meeting_id)
    year = meeting.year if meeting.year == starts_at.year - 1 else starts_at.year
    draft = replace(view.draft, starts_at=starts_at, ends_at=ends_at, year=year)
    rules.validate(draft, today=now.date())
    meeting.starts_at, meeting.ends_at, meeting.year = starts_at, ends_at, year
    session.flush()


def cancel(session: Session, meeting_id: int, reason: str) -> None:
    meeting = load(session, meeting_id)
    if meeting.status is MeetingStatus.HELD:
        raise ConflictError(_("A held meeting cannot be cancelled; unmark it as held first if that was a mistake."))
    reason = reason.strip()
    if not reason:
        raise ValidationError([problem("cancel_reason", _("say why the meeting is cancelled"))])
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason[:200]
    session.flush()


def restore(session: Session, meeting_id: int) -> None:
    """A cancelled meeting back to the plan (the reason is kept in the audit trail)."""
    meeting = load(session, meeting_id)
    if meeting.status is MeetingStatus.CANCELLED:
        meeting.status = MeetingStatus.PLANNED
        meeting.cancel_reason = ""
        session.flush()


def delete(session: Session, meeting_id: int) -> None:
    """Remove a planned meeting entered by mistake. A meeting with recorded attendance or
    minutes is a record: cancel it instead."""
    meeting = load(session, meeting_id)
    recorded = any(a.status is not None for a in meeting.attendance)
    written = meeting.content.strip() not in ("", rules.minutes_template(meeting.kind).strip())
    if meeting.status is MeetingStatus.HELD or recorded or written:
        raise ConflictError(_(
            "This meeting has attendance or minutes recorded and stays in the records; cancel it "
            "with a reason instead."))
    session.delete(meeting)
    session.flush()
