"""Meetings as the calendar reads them: lean rows for the month and year, one meeting's full
record, and the people a meeting can involve."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import String, case, func, select, type_coerce
from sqlalchemy.orm import Session

from djdesk.domain.errors import NotFoundError
from djdesk.domain.meetings import (
    AttendanceStatus,
    MeetingDraft,
    MeetingKind,
    MeetingStatus,
    is_committee_post,
    minutes_missing,
)
from djdesk.domain.people import MembershipStatus, PoliticalStatus
from djdesk.domain.votes import Vote, can_vote
from djdesk.i18n import _
from djdesk.store.models import Attendance, Branch, Meeting, PartyGroup, Person

# Enough of the minutes to tell an empty body, or one still only the template, from a written one.
_MINUTES_PEEK = 600


@dataclass(frozen=True, slots=True)
class MeetingRow:
    id: int
    kind: MeetingKind
    also: tuple[MeetingKind, ...]
    year: int
    branch_id: int
    branch: str
    group_id: int | None
    group: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str
    status: MeetingStatus
    cancel_reason: str
    lecturer_id: int | None
    expected: int
    present: int
    minutes_missing: bool  # held, and the minutes are empty or only the template


def list_rows(session: Session, *, year: int | None = None, branch_id: int | None = None,
              status: MeetingStatus | None = None, starts_from: dt.datetime | None = None,
              starts_before: dt.datetime | None = None) -> list[MeetingRow]:
    """Every meeting (of a 所属年度, branch, status or time span when given), by start. Twenty
    years of a school's meetings are a few thousand rows: the calendar keeps them all and
    filters in memory."""
    counts = (
        select(
            Attendance.meeting_id.label("meeting_id"),
            func.count().label("expected"),
            func.sum(case((type_coerce(Attendance.status, String) == AttendanceStatus.PRESENT.value, 1),
                          else_=0)).label("present"),
        )
        .group_by(Attendance.meeting_id)
        .subquery()
    )
    query = (
        select(
            Meeting.id, type_coerce(Meeting.kind, String), Meeting.also_counts_as, Meeting.year,
            Meeting.branch_id, Branch.name, Meeting.group_id, PartyGroup.name, Meeting.title,
            Meeting.starts_at, Meeting.ends_at, Meeting.place, type_coerce(Meeting.status, String),
            Meeting.cancel_reason, Meeting.lecturer_id, counts.c.expected, counts.c.present,
            func.substr(Meeting.content, 1, _MINUTES_PEEK),
        )
        .join(Branch, Branch.id == Meeting.branch_id)
        .outerjoin(PartyGroup, PartyGroup.id == Meeting.group_id)
        .outerjoin(counts, counts.c.meeting_id == Meeting.id)
        .order_by(Meeting.starts_at, Meeting.id)
    )
    if year is not None:
        query = query.where(Meeting.year == year)
    if branch_id is not None:
        query = query.where(Meeting.branch_id == branch_id)
    if status is not None:
        query = query.where(type_coerce(Meeting.status, String) == status.value)
    if starts_from is not None:
        query = query.where(Meeting.starts_at >= starts_from)
    if starts_before is not None:
        query = query.where(Meeting.starts_at < starts_before)
    kinds = {k.value: k for k in MeetingKind}
    statuses = {s.value: s for s in MeetingStatus}
    rows = []
    for r in session.execute(query):
        kind, status = kinds[r[1]], statuses[r[12]]
        rows.append(MeetingRow(
            id=r[0], kind=kind, also=r[2], year=r[3], branch_id=r[4], branch=r[5], group_id=r[6],
            group=r[7] or "", title=r[8], starts_at=r[9], ends_at=r[10], place=r[11], status=status,
            cancel_reason=r[13], lecturer_id=r[14], expected=r[15] or 0, present=r[16] or 0,
            minutes_missing=minutes_missing(status, r[17] or "", kind),
        ))
    return rows


def recent_places(session: Session, *, since_year: int) -> list[str]:
    """The places of meetings since a year, to choose from (a short list, read cheaply)."""
    query = (select(Meeting.place).where(Meeting.year >= since_year, Meeting.place != "")
             .distinct().order_by(Meeting.place))
    return list(session.scalars(query))


@dataclass(frozen=True, slots=True)
class PersonChoice:
    """Someone who can be chosen for a meeting: host, recorder, lecturer or attendee."""

    id: int
    name: str
    branch_id: int | None
    group_id: int | None
    party_post: str
    political_status: PoliticalStatus
    membership_status: MembershipStatus
    left: bool

    @property
    def can_vote(self) -> bool:
        return can_vote(self.political_status, self.membership_status)


def people(session: Session, *, include_left: bool = False) -> list[PersonChoice]:
    """Party members, and those who once were (a meeting of past years names them)."""
    members = [s.value for s in PoliticalStatus if s.is_party_member]
    query = (
        select(Person.id, Person.name, Person.branch_id, Person.group_id, Person.party_post,
               type_coerce(Person.political_status, String), type_coerce(Person.membership_status, String),
               Person.left_on)
        .where(type_coerce(Person.political_status, String).in_(members))
        .order_by(Person.id)
    )
    if not include_left:
        query = query.where(Person.left_on.is_(None))
    statuses = {s.value: s for s in PoliticalStatus}
    memberships = {s.value: s for s in MembershipStatus}
    return [
        PersonChoice(r[0], r[1], r[2], r[3], r[4], statuses[r[5]], memberships[r[6]], r[7] is not None)
        for r in session.execute(query)
    ]


def default_expected(choices: list[PersonChoice], kind: MeetingKind, branch_id: int | None,
                     group_id: int | None) -> tuple[int, ...]:
    """Who is expected: the branch's members at school; a party group's for a 党小组会; the
    committee (书记, 副书记, 委员) for a 支委会."""
    if branch_id is None:
        return ()
    chosen = [p for p in choices if not p.left and p.branch_id == branch_id]
    if kind is MeetingKind.GROUP:
        chosen = [p for p in chosen if group_id is not None and p.group_id == group_id]
    elif kind is MeetingKind.COMMITTEE:
        chosen = [p for p in chosen if is_committee_post(p.party_post)]
    return tuple(p.id for p in chosen)


@dataclass(frozen=True)
class Attendee:
    person_id: int
    name: str
    political_status: PoliticalStatus
    membership_status: MembershipStatus
    status: AttendanceStatus | None
    reason: str

    @property
    def can_vote(self) -> bool:
        return can_vote(self.political_status, self.membership_status)


@dataclass(frozen=True)
class MeetingView:
    id: int
    draft: MeetingDraft
    branch: str
    group: str
    status: MeetingStatus
    cancel_reason: str
    content: str
    resolution: str
    attendees: tuple[Attendee, ...]
    vote: Vote | None
    names: dict[int, str]  # host, recorder and lecturer by id

    @property
    def expected(self) -> int:
        return len(self.attendees)

    @property
    def present(self) -> int:
        return sum(1 for a in self.attendees if a.status is AttendanceStatus.PRESENT)

    def name(self, person_id: int | None) -> str:
        return self.names.get(person_id, "") if person_id is not None else ""


def load(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(_("This meeting no longer exists (deleted meanwhile?)"))
    return meeting


def _vote(meeting: Meeting) -> Vote | None:
    values = (meeting.voting_due, meeting.voting_present, meeting.written_opinions,
              meeting.votes_for, meeting.votes_against, meeting.votes_abstain)
    if all(v is None for v in values):
        return None
    return Vote(*(v or 0 for v in values))


def get(session: Session, meeting_id: int) -> MeetingView:
    meeting = load(session, meeting_id)
    attendees = tuple(
        Attendee(r[0], r[1], r[2], r[3], r[4], r[5])
        for r in session.execute(
            select(Person.id, Person.name, Person.political_status, Person.membership_status,
                   Attendance.status, Attendance.reason)
            .join(Person, Person.id == Attendance.person_id)
            .where(Attendance.meeting_id == meeting_id)
            .order_by(Attendance.id)
        )
    )
    ids = [i for i in (meeting.host_id, meeting.recorder_id, meeting.lecturer_id) if i is not None]
    names = {r[0]: r[1] for r in session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))}
    draft = MeetingDraft(
        kind=meeting.kind, year=meeting.year, branch_id=meeting.branch_id, starts_at=meeting.starts_at,
        ends_at=meeting.ends_at, also_counts_as=tuple(meeting.also_counts_as), group_id=meeting.group_id,
        title=meeting.title, place=meeting.place, host_id=meeting.host_id, recorder_id=meeting.recorder_id,
        lecturer_id=meeting.lecturer_id, guests=meeting.guests,
        expected=tuple(a.person_id for a in attendees),
    )
    branch = session.get(Branch, meeting.branch_id)
    group = session.get(PartyGroup, meeting.group_id) if meeting.group_id is not None else None
    return MeetingView(
        id=meeting.id, draft=draft, branch=branch.name if branch else "", group=group.name if group else "",
        status=meeting.status, cancel_reason=meeting.cancel_reason, content=meeting.content,
        resolution=meeting.resolution, attendees=attendees, vote=_vote(meeting), names=names,
    )
