"""Building valid people and branches for tests, with only what a test cares about spelled out."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

from djdesk.domain import idnumber
from djdesk.domain.dates import PartialDate
from djdesk.domain.people import PersonDraft, PoliticalStatus, Post
from djdesk.services import branches

_sequence = itertools.count(100)


def id_number(birth: dt.date = dt.date(1985, 3, 12), male: bool = True, area: str = "620102") -> str:
    """A valid number whose sex digit agrees with `male`, different on every call."""
    n = next(_sequence) % 500
    return idnumber.make(area, birth, n * 2 + (1 if male else 0))


def draft(**changes: object) -> PersonDraft:
    """A valid non-member teacher; pass fields to change."""
    birth = changes.pop("birth", dt.date(1985, 3, 12))
    male = changes.pop("male", True)
    base = PersonDraft(name="张三", id_number=id_number(birth, male), post=Post.TEACHER)  # type: ignore[arg-type]
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def member_draft(branch_id: int, **changes: object) -> PersonDraft:
    """A valid full party member of the branch."""
    values: dict[str, object] = dict(
        political_status=PoliticalStatus.CPC_MEMBER,
        branch_id=branch_id,
        applied_on=PartialDate(2008, 3, 1),
        activist_on=PartialDate(2008, 9, 1),
        candidate_on=PartialDate(2009, 10, 1),
        joined_on=PartialDate(2010, 6, 28),
        full_on=PartialDate(2011, 6, 28),
    )
    values.update(changes)
    return draft(**values)


def branch(session, name: str = "第一党支部", groups: tuple[str, ...] = ("第一党小组",)):  # type: ignore[no-untyped-def]
    view = branches.add_branch(session, name, f"中共测试学校{name}委员会")
    for group in groups:
        branches.add_group(session, view.id, group)
    return next(b for b in branches.list_branches(session) if b.id == view.id)
