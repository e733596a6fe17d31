"""Exporting the roster to the 花名册 workbook: the people asked for, in the official order."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from djdesk.domain.people import PersonDraft
from djdesk.domain.strokes import name_key
from djdesk.services import settings as settings_service
from djdesk.sheets.roster_export import ExportPerson, write_roster
from djdesk.store.models import Person

_DRAFT_FIELDS = tuple(f.name for f in dataclasses.fields(PersonDraft))


def export_people(session: Session, ids: Collection[int] | None = None) -> list[ExportPerson]:
    """Everyone (or the people with `ids`), in the order 按姓氏笔画."""
    query = select(Person).options(joinedload(Person.branch), joinedload(Person.group))
    if ids is not None:
        query = query.where(Person.id.in_(list(ids)))
    people = [
        ExportPerson(
            draft=PersonDraft(**{f: getattr(p, f) for f in _DRAFT_FIELDS}),
            branch=p.branch.name if p.branch else "",
            group=p.group.name if p.group else "",
            left_on=p.left_on, left_reason=p.left_reason, left_note=p.left_note,
        )
        for p in session.scalars(query)
    ]
    return sorted(people, key=lambda e: name_key(e.draft.name))


def export_roster(session: Session, path: Path, *, today: dt.date,
                  ids: Collection[int] | None = None) -> int:
    """Write the 花名册 of `ids` (default everyone) to `path`; returns how many people."""
    people = export_people(session, ids)
    school = settings_service.load(session).school_name
    write_roster(path, people, title=f"{school}人员花名册" if school else "人员花名册", today=today)
    return len(people)
