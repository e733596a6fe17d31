"""Meeting records as they are printed: one meeting's minutes, its sign-in sheet, the year's
book of minutes, and the 会议记录 tab's list with each record's state."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain import minutes as rules
from djdesk.domain.errors import UserError
from djdesk.domain.meetings import (
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
    counts_as,
    minutes_missing,
)
from djdesk.domain.minutes import MinutesState
from djdesk.domain.people import PoliticalStatus, Stage
from djdesk.domain.strokes import name_key
from djdesk.domain.votes import Vote, outcome
from djdesk.i18n import _
from djdesk.services import settings as settings_service
from djdesk.services.meetings import load
from djdesk.store.models import Attendance, Branch, Meeting, PartyGroup, Person


@dataclass(frozen=True)
class MinutesDocument:
    """One meeting's record, every value already the text printed."""

    meeting_id: int
    heading: str  # the branch's full name: 中共测试中学第一支部委员会
    title: str  # 支部党员大会会议记录
    kind: MeetingKind
    held: bool
    starts_at: dt.datetime
    time: str  # 2026年6月15日 14:30—16:00
    place: str
    host: str  # 单军（支部书记）
    recorder: str
    lecturer: str | None  # None: not a party lecture, so no 主讲人 line
    expected: int
    present: int | None  # None until the attendance is recorded
    absent: tuple[str, ...]  # 张三（请假：病假）
    guests: str
    topic: str
    content: str
    vote: tuple[str, ...]  # the 表决情况 lines; empty when there was no vote
    resolution: str
    # A fingerprint of the stored record (its own fields and attendance, not the printed
    # wording: another language or a person's later post does not change the record).
    record: str = ""

    def texts(self) -> list[str]:
        """Every text printed, for the missing-glyph check."""
        return [self.heading, self.title, self.time, self.place, self.host, self.recorder, self.lecturer or "",
                *self.absent, self.guests, self.topic, self.content, *self.vote, self.resolution]


@dataclass(frozen=True)
class SigninLine:
    number: int
    name: str
    note: str  # 预备党员, or the party group in a branch meeting


@dataclass(frozen=True)
class SigninDocument:
    meeting_id: int
    heading: str
    title: str  # 支部党员大会签到表
    topic: str
    time: str
    place: str
    host: str
    lines: tuple[SigninLine, ...]

    def texts(self) -> list[str]:
        return [self.heading, self.title, self.topic, self.time, self.place, self.host,
                *(line.name for line in self.lines), *(line.note for line in self.lines)]


@dataclass(frozen=True)
class YearbookDocument:
    heading: str  # the school's or the branch's full name
    title: str  # 2026年度会议记录汇编
    scope: str  # which branches and kinds it holds
    printed_on: dt.date
    meetings: tuple[MinutesDocument, ...]


@dataclass(frozen=True)
class MinutesRow:
    """A line of the 会议记录 tab."""

    id: int
    starts_at: dt.datetime
    kind: MeetingKind
    branch: str
    title: str
    status: MeetingStatus
    state: MinutesState
    printed_on: dt.date | None


def _full_name(branch: Branch | None, school: str) -> str:
    """The branch's name for printouts; without one set, the party name built from the school's."""
    if branch is None:
        return school
    if branch.full_name.strip():
        return branch.full_name.strip()
    return _("CPC {school} {branch}").format(school=school, branch=branch.name).strip() if school \
        else branch.name


def _vote_lines(vote: Vote | None) -> tuple[str, ...]:
    if vote is None:
        return ()
    return (
        _("{due} voting members due, {present} present, {written} written opinions; {yes} for, "
          "{no} against, {abstain} abstaining.").format(
            due=vote.voting_due, present=vote.voting_present, written=vote.written_opinions,
            yes=vote.votes_for, no=vote.votes_against, abstain=vote.votes_abstain),
        outcome(vote).describe(),
    )


def _vote(meeting: Meeting) -> Vote | None:
    values = (meeting.voting_due, meeting.voting_present, meeting.written_opinions,
              meeting.votes_for, meeting.votes_against, meeting.votes_abstain)
    return None if all(v is None for v in values) else Vote(*(v or 0 for v in values))


@dataclass(frozen=True)
class _Attendee:
    person_id: int
    name: str
    status: AttendanceStatus | None
    reason: str
    probationary: bool
    group: str


def _documents(session: Session, meetings: list[Meeting]) -> list[MinutesDocument]:
    """The records of many meetings from a handful of queries (a yearbook holds 150)."""
    if not meetings:
        return []
    school = settings_service.load(session).school_name
    branches = {b.id: b for b in session.scalars(select(Branch))}
    ids = [m.id for m in meetings]
    attendees: dict[int, list[_Attendee]] = defaultdict(list)
    for chunk in range(0, len(ids), 500):  # SQLite's limit on bound parameters
        rows = session.execute(
            select(Attendance.meeting_id, Person.id, Person.name, Attendance.status, Attendance.reason,
                   Person.political_status, PartyGroup.name)
            .join(Person, Person.id == Attendance.person_id)
            .outerjoin(PartyGroup, PartyGroup.id == Person.group_id)
            .where(Attendance.meeting_id.in_(ids[chunk:chunk + 500]))
            .order_by(Attendance.id)
        )
        for r in rows:
            attendees[r[0]].append(_Attendee(r[1], r[2], r[3], r[4], r[5] is PoliticalStatus.CPC_PROBATIONARY,
                                             r[6] or ""))
    people_ids = {i for m in meetings for i in (m.host_id, m.recorder_id, m.lecturer_id) if i is not None}
    people = {r[0]: (r[1], r[2]) for r in session.execute(
        select(Person.id, Person.name, Person.party_post).where(Person.id.in_(people_ids)))}

    def name(person_id: int | None) -> str:
        return people[person_id][0] if person_id in people else ""

    documents = []
    for m in meetings:
        held = m.status is MeetingStatus.HELD
        listed = attendees[m.id]
        recorded = held and any(a.status is not None for a in listed)
        # A body still only the template prints as empty: ruled lines to write on.
        content = "" if minutes_missing(MeetingStatus.HELD, m.content, m.kind) else m.content
        host = people.get(m.host_id) if m.host_id is not None else None
        record = rules.digest((
            m.kind.value, tuple(k.value for k in m.also_counts_as), m.year, m.branch_id, m.group_id, m.title,
            m.starts_at, m.ends_at, m.place, m.host_id, m.recorder_id, m.lecturer_id, m.guests, m.content,
            m.resolution, m.status.value, m.voting_due, m.voting_present, m.written_opinions, m.votes_for,
            m.votes_against, m.votes_abstain,
            tuple((a.person_id, a.status.value if a.status else None, a.reason) for a in listed)))
        documents.append(MinutesDocument(
            meeting_id=m.id, heading=_full_name(branches.get(m.branch_id), school),
            title=rules.minutes_title(m.kind), kind=m.kind, held=held, starts_at=m.starts_at,
            time=rules.time_text(m.starts_at, m.ends_at), place=m.place,
            host=rules.person_with_post(*host) if host else "", recorder=name(m.recorder_id),
            lecturer=name(m.lecturer_id) if MeetingKind.LECTURE in counts_as(m.kind, m.also_counts_as) else None,
            expected=len(listed), present=sum(a.status is AttendanceStatus.PRESENT for a in listed) if recorded
            else None,
            absent=tuple(rules.absence_text(a.name, a.status, a.reason) for a in listed
                         if a.status in (AttendanceStatus.LEAVE, AttendanceStatus.ABSENT)),
            guests=m.guests.strip(), topic=m.title.strip(), content=content.rstrip(),
            vote=_vote_lines(_vote(m)), resolution=m.resolution.strip(), record=record,
        ))
    return documents


def _printable(meeting: Meeting) -> Meeting:
    if meeting.status is MeetingStatus.CANCELLED:
        raise UserError(_("“{title}” was cancelled: a cancelled meeting has no record to print.").format(
            title=meeting.title))
    return meeting


def exists(session: Session, meeting_id: int) -> bool:
    return session.get(Meeting, meeting_id) is not None


def minutes_document(session: Session, meeting_id: int) -> MinutesDocument:
    """The record of one meeting, held or planned (a planned one prints as a form to fill in)."""
    return _documents(session, [_printable(load(session, meeting_id))])[0]


def signin_document(session: Session, meeting_id: int) -> SigninDocument:
    """The sign-in sheet: the expected attendees 按姓氏笔画, with room to sign."""
    meeting = _printable(load(session, meeting_id))
    document = _documents(session, [meeting])[0]
    rows = session.execute(
        select(Person.id, Person.name, Person.political_status, PartyGroup.name)
        .join(Attendance, Attendance.person_id == Person.id)
        .outerjoin(PartyGroup, PartyGroup.id == Person.group_id)
        .where(Attendance.meeting_id == meeting_id)
    ).all()
    rows.sort(key=lambda r: (name_key(r[1]), r[0]))
    # A branch-wide meeting groups people by party group on paper; a group's own meeting need not.
    show_group = meeting.group_id is None
    lines = []
    for number, r in enumerate(rows, start=1):
        notes = [Stage.PROBATIONARY.label] if r[2] is PoliticalStatus.CPC_PROBATIONARY else []
        if show_group and r[3]:
            notes.insert(0, r[3])
        lines.append(SigninLine(number, r[1], " ".join(notes)))
    return SigninDocument(
        meeting_id=meeting.id, heading=document.heading,
        title=_("{kind} sign-in sheet").format(kind=meeting.kind.label), topic=document.topic,
        time=document.time, place=document.place, host=document.host, lines=tuple(lines))


def yearbook_document(session: Session, *, year: int, today: dt.date, branch_id: int | None = None,
                      kinds: Iterable[MeetingKind] | None = None) -> YearbookDocument:
    """The held meetings of a 所属年度 (of one branch, of some kinds: a meeting counts when any
    kind it counts as is chosen), in the order they were held."""
    query = select(Meeting).where(Meeting.year == year).order_by(Meeting.starts_at, Meeting.id)
    if branch_id is not None:
        query = query.where(Meeting.branch_id == branch_id)
    chosen = frozenset(kinds) if kinds is not None else None
    meetings = [m for m in session.scalars(query)
                if m.status is MeetingStatus.HELD
                and (chosen is None or counts_as(m.kind, m.also_counts_as) & chosen)]
    school = settings_service.load(session).school_name
    if branch_id is not None:
        branch = session.get(Branch, branch_id)
        heading = _full_name(branch, school)
        scope = branch.name if branch else ""
    else:
        # No party name of the school is kept (its organisation may be a 党委 or a 党总支).
        heading = school
        scope = _("All branches")
    if chosen is not None and chosen != frozenset(k for k in MeetingKind if k is not MeetingKind.TALK):
        scope = f"{scope} · " + _("、").join(k.label for k in MeetingKind if k in chosen)
    return YearbookDocument(
        heading=heading, title=_("{year} book of meeting minutes").format(year=year), scope=scope,
        printed_on=today, meetings=tuple(_documents(session, meetings)))


def list_rows(session: Session, *, year: int, branch_id: int | None = None) -> list[MinutesRow]:
    """The planned and held meetings of a 所属年度 with the state of their records. Whether a
    printed record changed since is read from the full record, so those are built too."""
    query = (select(Meeting).where(Meeting.year == year, Meeting.status != MeetingStatus.CANCELLED)
             .order_by(Meeting.starts_at, Meeting.id))
    if branch_id is not None:
        query = query.where(Meeting.branch_id == branch_id)
    meetings = list(session.scalars(query))
    printed = [m for m in meetings if m.printed_on is not None and m.status is MeetingStatus.HELD]
    digests = {d.meeting_id: d.record for d in _documents(session, printed)}
    names = {b.id: b.name for b in session.scalars(select(Branch))}
    rows = []
    for m in meetings:
        if m.status is not MeetingStatus.HELD:
            state = MinutesState.NOT_HELD
        elif m.printed_on is not None:
            state = MinutesState.PRINTED if digests[m.id] == m.printed_digest else MinutesState.CHANGED
        elif minutes_missing(m.status, m.content, m.kind):
            state = MinutesState.EMPTY
        else:
            state = MinutesState.WRITTEN
        rows.append(MinutesRow(m.id, m.starts_at, m.kind, names.get(m.branch_id, ""), m.title, m.status, state,
                               m.printed_on))
    return rows


def save_minutes(session: Session, meeting_id: int, *, content: str, resolution: str) -> None:
    """The 会议记录 tab's edit: the body and the resolution, nothing else of the meeting."""
    meeting = _printable(load(session, meeting_id))
    meeting.content = content
    meeting.resolution = resolution


def mark_printed(session: Session, document: MinutesDocument, *, today: dt.date) -> None:
    """Remember that this record was printed today, as it was then stored."""
    meeting = load(session, document.meeting_id)
    meeting.printed_on = today
    meeting.printed_digest = document.record
