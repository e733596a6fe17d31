"""Study groups, the totals against the yearly targets, who has been quiet; the study fields' labels."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import String, case, delete, func, insert, or_, select, type_coerce
from sqlalchemy.orm import Session

from djdesk.domain.errors import ConflictError, NotFoundError, Problem, ValidationError
from djdesk.domain.ethics import LearningKind
from djdesk.domain.meetings import is_committee_post
from djdesk.domain.people import PoliticalStatus
from djdesk.domain.strokes import name_key
from djdesk.domain.study import SUMMARY_FIELDS, Totals, target_for
from djdesk.i18n import N_, _
from djdesk.store import audit
from djdesk.store.models import (
    AuditEntry,
    Branch,
    LearningRecord,
    Person,
    StudyGroup,
    StudyGroupMember,
    StudyTerm,
    StudyUnit,
)

IN_PARTY = (PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY)
MAX_QUIET_WEEKS = 104
WEEKS_LABEL = N_("Weeks")
TERM_GONE = N_("This study term no longer exists (deleted meanwhile?)")
_NONE = Totals()


STUDY_LABELS: dict[str, str] = {
    "name": N_("Name of the group or term"),
    "note": N_("Remarks"),
    "member_ids": N_("Group members"),
    "starts_on": N_("From"),
    "ends_on": N_("To"),
    "term_id": N_("Study term"),
    "title": N_("Study unit"),
    "topic": N_("Study topic"),
    "materials": N_("Study materials"),
    "group_id": N_("Study group"),
    **dict(SUMMARY_FIELDS),
    "weeks": WEEKS_LABEL,
}
MAX_NAME = 60
MAX_GROUP_NOTE = 200


def study_label(field: str) -> str:
    return _(STUDY_LABELS[field])


def field_problem(field: str, message: str) -> Problem:
    return Problem(field, study_label(field), message)


def check_length(found: list[Problem], field: str, text: str, maximum: int) -> None:
    if len(text) > maximum:
        found.append(field_problem(field, _("at most {count} characters").format(count=maximum)))


# -- study groups ---------------------------------------------------------------------------
@dataclass(frozen=True)
class GroupDraft:
    name: str
    note: str = ""
    member_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class GroupRow:
    id: int
    name: str
    note: str
    member_ids: tuple[int, ...]  # 按姓氏笔画, people who left included
    member_names: tuple[str, ...]


def list_groups(session: Session) -> list[GroupRow]:
    """Every study group by name."""
    names: dict[int, list[tuple[int, str]]] = {}
    for group_id, person_id, name in session.execute(
            select(StudyGroupMember.group_id, Person.id, Person.name)
            .join(Person, Person.id == StudyGroupMember.person_id)):
        names.setdefault(group_id, []).append((person_id, name))
    rows = []
    for group in session.scalars(select(StudyGroup).order_by(StudyGroup.name, StudyGroup.id)):
        members = sorted(names.get(group.id, []), key=lambda m: (name_key(m[1]), m[0]))
        rows.append(GroupRow(group.id, group.name, group.note, tuple(m[0] for m in members),
                             tuple(m[1] for m in members)))
    return rows


def load_group(session: Session, group_id: int) -> StudyGroup:
    group = session.get(StudyGroup, group_id)
    if group is None:
        raise NotFoundError(_("This study group no longer exists (deleted meanwhile?)"))
    return group


def check_name(session: Session, found: list[Problem], model: type[StudyGroup] | type[StudyTerm], name: str,
               own_id: int | None, taken: str) -> None:
    """A group's or a term's name: given, not too long, and no other one's."""
    if not name:
        found.append(field_problem("name", _("is required")))
    elif len(name) > MAX_NAME:
        found.append(field_problem("name", _("at most {count} characters").format(count=MAX_NAME)))
    elif session.scalar(select(model.id).where(model.name == name, model.id != (own_id or 0))):
        found.append(field_problem("name", taken))


def save_group(session: Session, group_id: int | None, draft: GroupDraft) -> int:
    """Create (group_id None) or change a study group; every problem at once."""
    group = load_group(session, group_id) if group_id is not None else None
    found: list[Problem] = []
    name = draft.name.strip()
    check_name(session, found, StudyGroup, name, group_id, _("another study group already has this name"))
    check_length(found, "note", draft.note.strip(), MAX_GROUP_NOTE)
    wanted = list(dict.fromkeys(draft.member_ids))
    if wanted:
        known = set(session.scalars(select(Person.id).where(Person.id.in_(wanted))))
        if len(known) != len(wanted):
            found.append(field_problem("member_ids", _("someone chosen no longer exists; choose again")))
    if found:
        raise ValidationError(found)
    if group is None:
        group = StudyGroup(name=name, note=draft.note.strip())
        session.add(group)
    else:
        group.name, group.note = name, draft.note.strip()
    session.flush()
    _set_members(session, group.id, wanted)
    return group.id


def _set_members(session: Session, group_id: int, wanted: list[int]) -> None:
    """Only the changes are written. Through Core, audited here: the session's audit hook
    names rows by an `id`, which a membership (keyed by group and person) has not."""
    table = StudyGroupMember.__table__
    current = set(session.scalars(select(table.c.person_id).where(table.c.group_id == group_id)))
    gone = sorted(current - set(wanted))
    new = [pid for pid in wanted if pid not in current]
    if gone:
        session.execute(delete(table).where(table.c.group_id == group_id, table.c.person_id.in_(gone)))
    if new:
        session.execute(insert(table), [dict(group_id=group_id, person_id=pid) for pid in new])
    _audit_members(session, group_id, new, gone)
    # A loaded collection would now be stale (and flushing it would reach the hook).
    group = session.identity_map.get(session.identity_key(StudyGroup, group_id))
    if group is not None:
        session.expire(group, ["members"])


def _member_json(person_id: int) -> str:
    return json.dumps(audit.values_of({"person_id": person_id}), ensure_ascii=False)


def _audit_members(session: Session, group_id: int, added: list[int], removed: list[int]) -> None:
    if session.info.get(audit.SKIP_REASON):
        return
    now = session.info["clock"].now()
    rows = [dict(at=now, action="insert", entity=StudyGroupMember.__tablename__, entity_id=group_id, field=None,
                 old=None, new=_member_json(pid)) for pid in added]
    rows += [dict(at=now, action="delete", entity=StudyGroupMember.__tablename__, entity_id=group_id, field=None,
                  old=_member_json(pid), new=None) for pid in removed]
    if rows:
        session.execute(insert(AuditEntry), rows)


def delete_group(session: Session, group_id: int) -> None:
    group = load_group(session, group_id)
    units = session.scalar(select(func.count()).select_from(StudyUnit).where(StudyUnit.group_id == group_id))
    if units:
        raise ConflictError(_("“{name}” is responsible for {count} study units; give them to another "
                              "group first.").format(name=group.name, count=units))
    _set_members(session, group_id, [])
    session.delete(group)
    session.flush()


# -- totals ---------------------------------------------------------------------------------
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
    # A party member (正式 or 预备); anyone else is listed for their records but has no target.
    member: bool = True

    @property
    def short(self) -> Decimal:
        """Concentrated hours still missing for the year's target (none for a non-member)."""
        if not self.member:
            return Decimal(0)
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
        raise NotFoundError(_(TERM_GONE))
    return row[0], row[1]


def _sums(session: Session, spans: list[tuple[dt.date, dt.date]],
          person_ids: list[int] | None) -> list[dict[int, Totals]]:
    """Each person's totals in each span of days (inclusive), all from one grouped query."""
    held_on, tenths = LearningRecord.held_on, LearningRecord.hours_tenths
    columns = []
    for start, end in spans:
        inside = held_on.between(start, end)
        columns += [func.sum(case((inside, tenths), else_=0)), func.sum(case((inside, 1), else_=0))]
    # The stored code, mapped below: converting thousands of rows one by one costs more.
    kind = type_coerce(LearningRecord.kind, String)
    query = (select(LearningRecord.person_id, kind, *columns)
             .where(or_(*(held_on.between(start, end) for start, end in spans)))
             .group_by(LearningRecord.person_id, kind))
    if person_ids is not None:
        query = query.where(LearningRecord.person_id.in_(person_ids))
    kinds = {k.value: k for k in LearningKind}
    found: list[dict[int, dict[LearningKind, tuple[int, int]]]] = [{} for _span in spans]
    # Plain rows (no ORM result layer): only numbers and codes come back.
    for row in session.connection().execute(query):
        for n, by_person in enumerate(found):
            count = row[3 + 2 * n]
            if count:
                by_person.setdefault(row[0], {})[kinds[row[1]]] = (row[2 + 2 * n], count)
    decimals: dict[int, Decimal] = {}
    return [{person_id: _totals(by_kind, decimals) for person_id, by_kind in by_person.items()}
            for by_person in found]


def _totals(by_kind: dict[LearningKind, tuple[int, int]], decimals: dict[int, Decimal]) -> Totals:
    """As domain.study.totals would add up the records, from their sums by kind."""
    hours = {}
    for kind, (tenths, _count) in by_kind.items():
        if tenths not in decimals:
            decimals[tenths] = Decimal(tenths) / 10
        hours[kind] = decimals[tenths]
    return Totals(sum(hours.values(), Decimal(0)), sum(c for _t, c in by_kind.values()), hours)


def _last_days(session: Session, person_ids: list[int] | None) -> dict[int, dt.date]:
    query = select(LearningRecord.person_id, func.max(LearningRecord.held_on)).group_by(LearningRecord.person_id)
    if person_ids is not None:
        query = query.where(LearningRecord.person_id.in_(person_ids))
    return dict(session.connection().execute(query).all())


def _studies(session: Session, *, term_id: int | None, year: int,
             person_ids: list[int] | None) -> tuple[list[PersonStudy], set[int]]:
    """The people's totals, 按姓氏笔画, and which of them are party members."""
    term = _term_dates(session, term_id)
    spans = [(dt.date(year, 1, 1), dt.date(year, 12, 31))] + ([term] if term else [])
    year_sums, *rest = _sums(session, spans, person_ids)
    term_sums = rest[0] if rest else {}
    last = _last_days(session, person_ids)
    status = type_coerce(Person.political_status, String)
    query = (select(Person.id, Person.name, Branch.name, Person.party_post, status,
                    Person.left_on.is_(None))
             .outerjoin(Branch, Branch.id == Person.branch_id))
    if person_ids is not None:
        query = query.where(Person.id.in_(person_ids))
    party_codes = {s.value for s in IN_PARTY}
    studies = []
    party = set()
    leaders: dict[str, bool] = {}  # most posts are "" or one of a handful
    for person_id, name, branch, post, code, present in session.execute(query):
        in_party = code in party_codes
        # Members at the school are expected to study; anyone else appears once they have a record.
        if person_ids is None and not (in_party and present) and person_id not in year_sums \
                and person_id not in term_sums:
            continue
        post = post or ""
        leader = leaders[post] if post in leaders else leaders.setdefault(post, is_committee_post(post))
        # Someone who left is listed for their records but has no target any more.
        expected = in_party and present
        studies.append(PersonStudy(person_id, name, branch or "", leader,
                                   target_for(leader) if expected else Decimal(0),
                                   term_sums.get(person_id, _NONE), year_sums.get(person_id, _NONE),
                                   last.get(person_id), expected))
        if in_party:
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
        raise ValidationError([Problem("weeks", study_label("weeks"), _("between 1 and {maximum} weeks").format(
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
