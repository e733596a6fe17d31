"""How many held meetings a book of minutes would hold, counted without building their records."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain.meetings import MeetingKind, MeetingStatus, counts_as
from djdesk.store.models import Meeting


def yearbook_count(session: Session, *, year: int, branch_id: int | None = None,
                   kinds: Iterable[MeetingKind] | None = None) -> int:
    """The number of meetings `minutes.yearbook_document` would put in the book: held, of the
    所属年度, of the branch, counting as any of `kinds` (None: every kind)."""
    query = select(Meeting.kind, Meeting.also_counts_as).where(
        Meeting.year == year, Meeting.status == MeetingStatus.HELD)
    if branch_id is not None:
        query = query.where(Meeting.branch_id == branch_id)
    chosen = frozenset(kinds) if kinds is not None else None
    return sum(1 for kind, also in session.execute(query)
               if chosen is None or counts_as(kind, also) & chosen)
