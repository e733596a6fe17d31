"""Exporting the roster to the 花名册 workbook: the people asked for, in the official order."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from sqlalchemy import Column, String, select, type_coerce
from sqlalchemy.orm import Session

from djdesk.domain.people import PersonDraft
from djdesk.domain.strokes import name_key
from djdesk.services import settings as settings_service
from djdesk.services.members import stored_date
from djdesk.sheets.roster_export import ExportPerson, write_roster
from djdesk.store.models import Branch, PartyGroup, Person
from djdesk.store.types import ChoiceType, PartialDateType

_DRAFT_FIELDS = tuple(f.name for f in dataclasses.fields(PersonDraft))


def _reader(column: Column[Any]) -> tuple[Any, Callable[[Any], Any]]:
    """The column to select and how to turn its stored text into the domain's value. Dates
    and choices are read as text and converted by lookup: at 10,000 people the ORM's
    per-value type processing costs most of the export's time."""
    kind = column.type
    if isinstance(kind, ChoiceType):
        members = {m.value: m for m in kind.choice}
        return type_coerce(column, String), lambda v: members[v] if v is not None else None
    if isinstance(kind, PartialDateType):
        return type_coerce(column, String), lambda v: stored_date(v) if v else None
    return column, lambda v: v


def export_people(session: Session, ids: Collection[int] | None = None) -> list[ExportPerson]:
    """Everyone (or the people with `ids`), in the order 按姓氏笔画."""
    table = Person.__table__
    fields = (*_DRAFT_FIELDS, "left_on", "left_reason", "left_note")
    readers = [_reader(table.c[f]) for f in fields]
    query = (
        select(*(column for column, _convert in readers), Branch.name, PartyGroup.name)
        .select_from(table)
        .outerjoin(Branch, table.c.branch_id == Branch.id)
        .outerjoin(PartyGroup, table.c.group_id == PartyGroup.id)
    )
    if ids is not None:
        query = query.where(table.c.id.in_(list(ids)))
    people = []
    draft_count = len(_DRAFT_FIELDS)
    for row in session.execute(query):
        values = [convert(value) for (_column, convert), value in zip(readers, row)]
        people.append(ExportPerson(
            draft=PersonDraft(**dict(zip(_DRAFT_FIELDS, values[:draft_count]))),
            branch=row[-2] or "", group=row[-1] or "",
            left_on=values[draft_count], left_reason=values[draft_count + 1],
            left_note=values[draft_count + 2],
        ))
    return sorted(people, key=lambda e: name_key(e.draft.name))


def export_roster(session: Session, path: Path, *, today: dt.date,
                  ids: Collection[int] | None = None) -> int:
    """Write the 花名册 of `ids` (default everyone) to `path`; returns how many people."""
    people = export_people(session, ids)
    school = settings_service.load(session).school_name
    write_roster(path, people, title=f"{school}人员花名册" if school else "人员花名册", today=today)
    return len(people)
