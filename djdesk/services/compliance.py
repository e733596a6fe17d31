"""Compliance of each branch with the required meetings, the reminders of the week, and the
year's plan (生成年度计划)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from djdesk.domain import compliance as rules
from djdesk.domain.compliance import Alert, CountedMeeting, Row
from djdesk.domain.errors import NotFoundError
from djdesk.domain.holidays import HolidayCalendar
from djdesk.domain.meeting_plan import PlanBranch, Proposal, propose
from djdesk.domain.meetings import (
    MeetingDraft,
    MeetingKind,
    MeetingStatus,
    is_secretary_post,
)
from djdesk.i18n import _
from djdesk.services import meeting_edit
from djdesk.services import meetings as meeting_service
from djdesk.services import settings as settings_service
from djdesk.services.branches import list_branches
from djdesk.services.talks import TalkCheck, yearly_check
from djdesk.store.models import Meeting, Person

# How far back a planned meeting that was never recorded is still a reminder.
OVERDUE_DAYS = 62


def counted(session: Session, *, years: Sequence[int] | None = None,
            branch_id: int | None = None) -> list[CountedMeeting]:
    query = select(Meeting.id, type_coerce(Meeting.kind, String), Meeting.also_counts_as, Meeting.year,
                   Meeting.starts_at, type_coerce(Meeting.status, String), Meeting.branch_id,
                   Meeting.group_id, Meeting.lecturer_id)
    if years is not None:
        query = query.where(Meeting.year.in_(list(years)))
    if branch_id is not None:
        query = query.where(Meeting.branch_id == branch_id)
    kinds = {k.value: k for k in MeetingKind}
    statuses = {s.value: s for s in MeetingStatus}
    return [
        CountedMeeting(r[0], kinds[r[1]], r[2], r[3], r[4].date(), statuses[r[5]], r[6], r[7], r[8])
        for r in session.execute(query)
    ]


def secretaries(session: Session) -> dict[int, list[int]]:
    """Each branch's secretaries at school, by party post (书记; more than one when the roster
    says so)."""
    found: dict[int, list[int]] = {}
    rows = session.execute(select(Person.id, Person.branch_id, Person.party_post)
                           .where(Person.left_on.is_(None), Person.branch_id.is_not(None), Person.party_post != ""))
    for person_id, branch_id, post in rows:
        if is_secretary_post(post):
            found.setdefault(branch_id, []).append(person_id)
    return found


@dataclass(frozen=True)
class BranchCompliance:
    branch_id: int
    branch: str
    year: int
    rows: tuple[Row, ...]
    talks: TalkCheck


def branch_compliance(session: Session, year: int, branch_id: int, *, today: dt.date) -> BranchCompliance:
    branch = next((b for b in list_branches(session) if b.id == branch_id), None)
    if branch is None:
        raise NotFoundError(_("This branch no longer exists (deleted meanwhile?)"))
    per_year = settings_service.load(session).per_year()
    rows = rules.compliance(
        year, counted(session, years=[year], branch_id=branch_id), per_year=per_year,
        groups=[(g.id, g.name) for g in branch.groups],
        secretary_ids=frozenset(secretaries(session).get(branch_id, [])), today=today)
    return BranchCompliance(branch.id, branch.name, year, rows, yearly_check(session, year, branch_id))


@dataclass(frozen=True)
class Reminders:
    """For the status bar and the start-up notice."""

    this_week: tuple[meeting_service.MeetingRow, ...]  # planned from today to Sunday
    alerts: tuple[Alert, ...]  # missing and missed meetings, unrecorded past plans

    @property
    def overdue(self) -> int:
        return sum(1 for a in self.alerts if a.overdue)


def reminders(session: Session, *, today: dt.date) -> Reminders:
    per_year = settings_service.load(session).per_year()
    years = [today.year - 1, today.year]
    meetings = counted(session, years=years)
    secretary_ids = secretaries(session)
    found: list[Alert] = []
    for branch in list_branches(session):
        own = [m for m in meetings if m.branch_id == branch.id]
        for year in years:
            rows = rules.compliance(year, own, per_year=per_year, groups=[(g.id, g.name) for g in branch.groups],
                                    secretary_ids=frozenset(secretary_ids.get(branch.id, [])), today=today)
            if year < today.year:  # last year: only what still runs or just ran out (组织生活会)
                rows = tuple(r for r in rows if r.kind in rules.GRACE_MONTHS)
            found.extend(rules.alerts(branch.name, rows, today=today))
    week_end = today + dt.timedelta(days=6 - today.weekday())
    rows = meeting_service.list_rows(
        session, status=MeetingStatus.PLANNED,
        starts_from=dt.datetime.combine(today - dt.timedelta(days=OVERDUE_DAYS), dt.time()),
        starts_before=dt.datetime.combine(week_end + dt.timedelta(days=1), dt.time()))
    this_week = tuple(r for r in rows if r.starts_at.date() >= today)
    for r in rows:
        if r.starts_at.date() < today:
            found.append(Alert(r.branch, _("{date} {title}: held? record it or cancel it").format(
                date=f"{r.starts_at:%m-%d}", title=r.title), True, r.starts_at.date(), r.id))
    found.sort(key=lambda a: (not a.overdue, a.on, a.branch))
    return Reminders(this_week, tuple(found))


def plan_branches(session: Session) -> list[PlanBranch]:
    secretary_ids = secretaries(session)
    return [
        PlanBranch(b.id, b.name, tuple((g.id, g.name) for g in b.groups),
                   (secretary_ids.get(b.id) or [None])[0])
        for b in list_branches(session)
    ]


def propose_plan(session: Session, year: int, *, calendar: HolidayCalendar, today: dt.date,
                 theme_day: int | None = None) -> list[Proposal]:
    settings = settings_service.load(session)
    return propose(year, plan_branches(session), counted(session, years=[year]),
                   per_year=settings.per_year(), theme_day=theme_day or settings.theme_day,
                   calendar=calendar, today=today)


def _key(p: Proposal) -> tuple[object, ...]:
    return (p.kind, p.branch_id, p.group_id, p.title)


def create_plan(session: Session, proposals: Sequence[Proposal], *, calendar: HolidayCalendar,
                theme_day: int | None = None, now: dt.datetime) -> int:
    """Create the chosen proposals as 计划, each with its expected attendees and, for a
    branch meeting, the secretary in the chair. Proposals meanwhile covered are skipped, so
    running the plan twice adds nothing."""
    if not proposals:
        return 0
    years = {p.year for p in proposals}
    still = {_key(p) for year in years for p in propose_plan(session, year, calendar=calendar, today=now.date(),
                                                         theme_day=theme_day)}
    choices = meeting_service.people(session)
    chairs = {b.id: b.secretary_id for b in plan_branches(session)}
    created = 0
    for p in proposals:
        if _key(p) not in still:
            continue
        expected = meeting_service.default_expected(choices, p.kind, p.branch_id, p.group_id)
        host = chairs.get(p.branch_id) if p.kind is not MeetingKind.GROUP else _group_leader(choices, p.group_id)
        draft = MeetingDraft(
            kind=p.kind, year=p.year, branch_id=p.branch_id, starts_at=p.starts_at, ends_at=p.ends_at,
            also_counts_as=p.also, group_id=p.group_id, title=p.title,
            host_id=host if host in expected else None, lecturer_id=p.lecturer_id, expected=expected)
        meeting_edit.save(session, None, meeting_edit.MeetingForm(draft=draft), now=now)
        still.discard(_key(p))
        created += 1
    return created


def _group_leader(choices: list[meeting_service.PersonChoice], group_id: int | None) -> int | None:
    for p in choices:
        if p.group_id == group_id and not p.left and ("组长" in p.party_post or p.party_post == _("Party group leader")):
            return p.id
    return None
