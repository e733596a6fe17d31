"""The printed 党员花名册: party members in the official order, as lines of text ready to print."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from djdesk.domain.errors import NotFoundError
from djdesk.domain.people import PoliticalStatus, Post, Sex, Stage
from djdesk.domain.strokes import name_key
from djdesk.i18n import _
from djdesk.services import settings as settings_service
from djdesk.services.members import stored_date
from djdesk.store.models import Branch, PartyGroup, Person

PARTY_MEMBERS = (PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY)


@dataclass(frozen=True)
class RosterLine:
    """One member's row, every cell already text.

    No ID number, on purpose: exports keep it unmasked for the office's own files, but a
    paper roster lies on desks and is posted on notice boards, so it never carries one."""

    number: int
    name: str
    sex: str
    ethnicity: str
    born: str  # 出生年月, YYYY.MM
    education: str
    joined: str
    full: str
    branch: str
    group: str
    post_title: str
    phone: str


@dataclass(frozen=True)
class RosterDocument:
    title: str
    subtitle: str  # the branch, when the roster is one branch's
    unit: str  # 填报单位
    printed_on: dt.date
    lines: tuple[RosterLine, ...]


def _text(column):  # type: ignore[no-untyped-def]
    """Read dates and choices as stored text: at 10,000 people the ORM's per-value type
    processing would cost more than the rest of the query (as in members.list_rows)."""
    return type_coerce(column, String)


def _date(stored: str | None) -> str:
    return stored_date(stored).display() if stored else ""


def _born(stored: str | None) -> str:
    """Only year and month: the roster's 出生年月, and less of a person's data on paper."""
    if not stored:
        return ""
    date = stored_date(stored)
    return f"{date.year:04d}.{date.month:02d}"


def roster_title(school: str) -> str:
    return _("CPC {school} Party member roster").format(school=school) if school else _("Party member roster")


def roster_document(session: Session, *, today: dt.date, branch_id: int | None = None,
                    include_left: bool = False) -> RosterDocument:
    """The roster of every party member (full and probationary) of the school, or of one
    branch; people who left only when `include_left`. Ordered 按姓氏笔画."""
    school = settings_service.load(session).school_name
    subtitle, unit = "", school
    if branch_id is not None:
        branch = session.get(Branch, branch_id)
        if branch is None:
            raise NotFoundError(_("The party branch no longer exists"))
        subtitle, unit = branch.name, branch.full_name or branch.name

    query = (
        select(
            Person.id, Person.name, _text(Person.sex), Person.ethnicity, _text(Person.birth_date),
            Person.education, _text(Person.joined_on), _text(Person.full_on),
            _text(Person.political_status), Branch.name, PartyGroup.name, _text(Person.post),
            Person.title, Person.phone,
        )
        .outerjoin(Branch, Person.branch_id == Branch.id)
        .outerjoin(PartyGroup, Person.group_id == PartyGroup.id)
        .where(_text(Person.political_status).in_([s.value for s in PARTY_MEMBERS]))
    )
    if branch_id is not None:
        query = query.where(Person.branch_id == branch_id)
    if not include_left:
        query = query.where(Person.left_on.is_(None))

    # Labels looked up once, not per person.
    sexes = {s.value: s.label for s in Sex}
    posts = {p.value: p.label for p in Post}
    probationary = Stage.PROBATIONARY.label
    rows = sorted(session.execute(query), key=lambda r: (name_key(r[1]), r[0]))
    lines = []
    for number, r in enumerate(rows, start=1):
        post = posts[r[11]] if r[11] else ""
        full = _date(r[7])
        if not full and r[8] == PoliticalStatus.CPC_PROBATIONARY.value:
            full = probationary  # not yet a full member: say so rather than leave a gap
        lines.append(RosterLine(
            number=number, name=r[1], sex=sexes[r[2]] if r[2] else "", ethnicity=r[3] or "",
            born=_born(r[4]), education=r[5] or "", joined=_date(r[6]), full=full,
            branch=r[9] or "", group=r[10] or "",
            post_title="/".join(part for part in (post, r[12]) if part), phone=r[13] or "",
        ))
    return RosterDocument(title=roster_title(school), subtitle=subtitle, unit=unit, printed_on=today,
                          lines=tuple(lines))
