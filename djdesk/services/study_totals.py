"""Study totals against the yearly targets, per person and per study group, and who has been quiet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from djdesk.domain.errors import NotFoundError, Problem, ValidationError
from djdesk.domain.ethics import LearningKind
from djdesk.domain.meetings import is_committee_post
from djdesk.domain.people import PoliticalStatus
from djdesk.domain.strokes import name_key
from djdesk.domain.study import Totals, target_for
from djdesk.i18n import N_, _
from djdesk.store.models import Branch, LearningRecord, Person, StudyGroup, StudyGroupMember, StudyTerm

IN_PARTY = (PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY)
MAX_QUIET_WEEKS = 104
_NONE = Totals()


@dataclass(frozen=True)
class PersonStudy:
    person_id: int
    name: str
    branch: str
    leader: bool  # secretary or committee member: the higher target
    target: Decimal
    term: Totals
    year: Totals
    last_on: dt.date | None  # the latest record of any date

    @property
    def short(self) -> Decimal:
        """Concentrated hours still missing for the year's target."""
        return max(self.target - self.year.concentrated, Decimal(0))


@dataclass(frozen=True)
class GroupStudy:
    """A study group's present members' records added up (a session of ten members counts ten)."""

    id: int
    name: str
    members: int
    term: Totals
    year: Totals
    below_target: int  # party members in the group short of their yearly target


@dataclass(frozen=True)
class QuietRow:
    person_id: int
    name: str
    branch: str
    last_on: dt.date | None


def _term_dates(session: Session, term_id: int | None) -> tuple[dt.date, dt.date] | None:
    if term_id is None:
        return None
    row = session.execute(select(StudyTerm.starts_on, StudyTerm.ends_on).where(StudyTerm.id == term_id)).first()
    if row is None:
        raise NotFoundError(_("This study term no longer exists (deleted meanwhile?)"))
    return row[0], row[1]


def _sums(session: Session, start: dt.date, end: dt.date,
          person_ids: list[int] | None) -> dict[int, Totals]:
    """Each person's totals between two days (inclusive), in one grouped query."""
    query = (select(LearningRecord.person_id, LearningRecord.kind, func.sum(LearningRecord.hours_tenths),
                    func.count())
             .where(LearningRecord.held_on >= start, LearningRecord.held_on <= end)
             .group_by(LearningRecord.person_id, LearningRecord.kind))
    if person_ids is not None:
        query = query.where(LearningRecord.person_id.in_(person_ids))
    tenths: dict[int, dict[LearningKind, int]] = {}
    sessions: dict[int, int] = {}
    for person_id, kind, total, count in session.execute(query):
        tenths.setdefault(person_id, {})[kind] = total
        sessions[person_id] = sessions.get(person_id, 0) + count
    out = {}
    for person_id, kinds in tenths.items():
        hours = {kind: Decimal(t) / 10 for kind, t in kinds.items()}
        out[person_id] = Totals(sum(hours.values(), Decimal(0)), sessions[person_id], hours)
    return out


def _last_days(session: Session, person_ids: list[int] | None) -> dict[int, dt.date]:
    query = select(LearningRecord.person_id, func.max(LearningRecord.held_on)).group_by(LearningRecord.person_id)
    if person_ids is not None:
        query = query.where(LearningRecord.person_id.in_(person_ids))
    return dict(session.execute(query).all())


def _studies(session: Session, *, term_id: int | None, year: int,
             person_ids: list[int] | None) -> tuple[list[PersonStudy], set[int]]:
    """The people's totals, 按姓氏笔画, and which of them are party members."""
    term = _term_dates(session, term_id)
    year_start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    query = (select(Person.id, Person.name, Branch.name, Person.party_post, Person.political_status)
             .outerjoin(Branch, Branch.id == Person.branch_id))
    if person_ids is not None:
        query = query.where(Person.id.in_(person_ids))
    else:
        # Members at the school are expected to study; anyone else appears once they have a record.
        spans = [(year_start, year_end)] + ([term] if term else [])
        recorded = select(LearningRecord.person_id).where(or_(*(
            LearningRecord.held_on.between(start, end) for start, end in spans)))
        query = query.where(or_(Person.political_status.in_(IN_PARTY) & Person.left_on.is_(None),
                                Person.id.in_(recorded)))
    people = session.execute(query).all()
    year_sums = _sums(session, year_start, year_end, person_ids)
    term_sums = _sums(session, term[0], term[1], person_ids) if term else {}
    last = _last_days(session, person_ids)
    studies = []
    party = set()
    for person_id, name, branch, post, status in people:
        leader = is_committee_post(post or "")
        studies.append(PersonStudy(person_id, name, branch or "", leader, target_for(leader),
                                   term_sums.get(person_id, _NONE), year_sums.get(person_id, _NONE),
                                   last.get(person_id)))
        if status in IN_PARTY:
            party.add(person_id)
    studies.sort(key=lambda s: (name_key(s.name), s.person_id))
    return studies, party


def person_totals(session: Session, *, term_id: int | None, year: int,
                  person_ids: list[int] | None = None) -> list[PersonStudy]:
    """Each person's term and year totals, 按姓氏笔画: party members (正式 and 预备) at the
    school and anyone with a record in the year or term; or exactly `person_ids`."""
    return _studies(session, term_id=term_id, year=year, person_ids=person_ids)[0]


def one_person(session: Session, person_id: int, year: int, *, term_id: int | None = None) -> PersonStudy:
    """One person's totals for the person dialog and 师德考核; the term's only when one is named."""
    found = person_totals(session, term_id=term_id, year=year, person_ids=[person_id])
    if not found:
        raise NotFoundError(_("This person no longer exists (deleted meanwhile?)"))
    return found[0]


def _added(parts: list[Totals]) -> Totals:
    by_kind: dict[LearningKind, Decimal] = {}
    for part in parts:
        for kind, hours in part.by_kind.items():
            by_kind[kind] = by_kind.get(kind, Decimal(0)) + hours
    return Totals(sum((p.hours for p in parts), Decimal(0)), sum(p.sessions for p in parts), by_kind)


def group_totals(session: Session, *, term_id: int | None, year: int) -> list[GroupStudy]:
    """Every study group by name, over its members still at the school."""
    groups = session.execute(select(StudyGroup.id, StudyGroup.name).order_by(StudyGroup.name, StudyGroup.id)).all()
    pairs = session.execute(
        select(StudyGroupMember.group_id, StudyGroupMember.person_id)
        .join(Person, Person.id == StudyGroupMember.person_id)
        .where(Person.left_on.is_(None))).all()
    members: dict[int, list[int]] = {}
    for group_id, person_id in pairs:
        members.setdefault(group_id, []).append(person_id)
    everyone = sorted({pid for _gid, pid in pairs})
    studies, party = _studies(session, term_id=term_id, year=year, person_ids=everyone) if everyone else ([], set())
    by_person = {s.person_id: s for s in studies}
    out = []
    for group_id, name in groups:
        mine = [by_person[pid] for pid in members.get(group_id, []) if pid in by_person]
        below = sum(1 for s in mine if s.person_id in party and s.short > 0)
        out.append(GroupStudy(group_id, name, len(mine), _added([s.term for s in mine]),
                              _added([s.year for s in mine]), below))
    return out


def quiet(session: Session, *, weeks: int, today: dt.date) -> list[QuietRow]:
    """Party members at the school without a record in the last `weeks` weeks (today included),
    按姓氏笔画: a list for a friendly reminder, never ordered by hours."""
    if not 1 <= weeks <= MAX_QUIET_WEEKS:
        raise ValidationError([Problem("weeks", _(N_("Weeks")), _("between 1 and {maximum} weeks").format(
            maximum=MAX_QUIET_WEEKS))])
    since = today - dt.timedelta(weeks=weeks)
    last = (select(LearningRecord.person_id, func.max(LearningRecord.held_on).label("last_on"))
            .where(LearningRecord.held_on <= today)
            .group_by(LearningRecord.person_id).subquery())
    rows = session.execute(
        select(Person.id, Person.name, Branch.name, last.c.last_on)
        .outerjoin(Branch, Branch.id == Person.branch_id)
        .outerjoin(last, last.c.person_id == Person.id)
        .where(Person.political_status.in_(IN_PARTY), Person.left_on.is_(None),
               or_(last.c.last_on.is_(None), last.c.last_on <= since))).all()
    out = [QuietRow(pid, name, branch or "", last_on) for pid, name, branch, last_on in rows]
    out.sort(key=lambda r: (name_key(r.name), r.person_id))
    return out
