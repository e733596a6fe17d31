"""Counts for the status bar and `djdesk info`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from djdesk.domain.people import PoliticalStatus
from djdesk.store.models import Branch, Meeting, Person


@dataclass(frozen=True)
class Overview:
    people: int  # at the school now
    people_left: int
    party_members: int  # full and probationary, at the school now
    branches: int
    meetings: int


def overview(session: Session) -> Overview:
    present = Person.left_on.is_(None)
    members = Person.political_status.in_(
        [PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY]
    )
    return Overview(
        people=session.scalar(select(func.count()).where(present)) or 0,
        people_left=session.scalar(select(func.count()).where(~present)) or 0,
        party_members=session.scalar(select(func.count()).where(present, members)) or 0,
        branches=session.scalar(select(func.count(Branch.id))) or 0,
        meetings=session.scalar(select(func.count(Meeting.id))) or 0,
    )
