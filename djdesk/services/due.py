"""The 待办 list: reads what the rules of domain.due need, in a few lean queries."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, case, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from djdesk.domain.dates import PartialDate, add_months
from djdesk.domain.due import (
    ARTICLE_9_MONTHS,
    DueBranch,
    DueItem,
    DueKind,
    DuePerson,
    LifeRecord,
    due_items,
)
from djdesk.domain.dues import yuan
from djdesk.domain.meetings import ORGANISATIONAL_LIFE, AttendanceStatus, MeetingStatus
from djdesk.domain.people import MembershipStatus, PoliticalStatus, Stage
from djdesk.i18n import _
from djdesk.services import settings as settings_service
from djdesk.services.attendance import absence_streaks
from djdesk.services.members import stored_date
from djdesk.store.models import Attendance, Branch, Meeting, Person


def _people(session: Session) -> list[DuePerson]:
    # Plain text and lookups, as members.list_rows does: 10,000 people in a few dozen ms.
    columns = (Person.political_status, Person.stage, Person.membership_status,
               Person.membership_status_until, Person.applied_on, Person.activist_on,
               Person.candidate_on, Person.joined_on, Person.full_on, Person.transferred_in_on)
    query = (
        select(Person.id, Person.name, Branch.name, *(type_coerce(c, String) for c in columns),
               Person.probation_extended_months)
        .outerjoin(Branch, Person.branch_id == Branch.id)
        # Only members and people on the way in can have anything due.
        .where(Person.left_on.is_(None),
               or_(type_coerce(Person.political_status, String).in_(
                   [s.value for s in PoliticalStatus if s.is_party_member]), Person.stage.is_not(None)))
    )
    statuses = {s.value: s for s in PoliticalStatus}
    stages = {s.value: s for s in Stage}
    memberships = {s.value: s for s in MembershipStatus}

    def date(text: str | None) -> PartialDate | None:
        return stored_date(text) if text else None

    return [
        DuePerson(
            id=r[0], name=r[1], branch=r[2] or "", political_status=statuses[r[3]],
            stage=stages[r[4]] if r[4] else None, membership_status=memberships[r[5]],
            membership_status_until=date(r[6]), applied_on=date(r[7]), activist_on=date(r[8]),
            candidate_on=date(r[9]), joined_on=date(r[10]), full_on=date(r[11]),
            transferred_in_on=date(r[12]), probation_extended_months=r[13],
        )
        for r in session.execute(query)
    ]


def _life(session: Session, today: dt.date) -> dict[int, LifeRecord]:
    """Per person, the 组织生活 held in the last six months they were expected at, came to,
    or were excused from."""
    since = add_months(PartialDate.of(today), -ARTICLE_9_MONTHS).first_day()
    start = dt.datetime.combine(since, dt.time())
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time())
    query = (
        select(
            Attendance.person_id,
            func.count(),
            func.sum(case((type_coerce(Attendance.status, String) == AttendanceStatus.PRESENT.value, 1),
                          else_=0)),
            func.sum(case((type_coerce(Attendance.status, String) == AttendanceStatus.LEAVE.value, 1),
                          else_=0)),
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(
            type_coerce(Meeting.status, String) == MeetingStatus.HELD.value,
            type_coerce(Meeting.kind, String).in_([k.value for k in ORGANISATIONAL_LIFE]),
            Meeting.starts_at >= start,
            Meeting.starts_at < end,
            Attendance.status.is_not(None),  # attendance not yet recorded says nothing
        )
        .group_by(Attendance.person_id)
    )
    return {row[0]: LifeRecord(row[1], row[2] or 0, row[3] or 0) for row in session.execute(query)}


def _branches(session: Session) -> list[DueBranch]:
    return [
        DueBranch(b.id, b.name, b.term_start, b.term_end)
        for b in session.scalars(select(Branch).order_by(Branch.sort_order, Branch.id))
    ]


def list_due(session: Session, *, today: dt.date) -> list[DueItem]:
    """Every 待办 item for the people still at the school and for the branches."""
    term_years = settings_service.load(session).committee_term_years
    return due_items(_people(session), _branches(session), today=today, term_years=term_years,
                     life=_life(session, today), streaks=absence_streaks(session),
                     dues=_dues(session, today))


def _dues(session: Session, today: dt.date) -> list[DueItem]:
    """党章 Article 9: six months of dues unpaid without reason."""
    from djdesk.domain.dues import ARREARS_FLAG
    from djdesk.services import dues

    flagged = [row for row in dues.arrears(session, today=today) if row.flagged]
    # Someone transferred out settles with the letter's 党费交至, not in this office's 待办.
    present = set(session.scalars(select(Person.id).where(
        Person.id.in_([row.person_id for row in flagged]), Person.left_on.is_(None)))) if flagged else set()
    return [DueItem(DueKind.DUES, row.name, _(
        "{count} months of dues unpaid in a row, since {month}; {amount} yuan owed").format(
            count=row.run, month=f"{row.months[-row.run]:%Y.%m}", amount=yuan(row.owed_fen)),
        row.months[-row.run], person_id=row.person_id, overdue=row.run >= ARREARS_FLAG)
        for row in flagged if row.person_id in present]
