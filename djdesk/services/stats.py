"""Membership statistics and the 党内统计年报 from the database, and their workbook."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from djdesk.domain import stats
from djdesk.domain.membership import Lost, StatEvent, StatPerson, lost_dates
from djdesk.domain.people import LeftReason, PoliticalStatus, Sex, Stage
from djdesk.domain.status import ChangeKind
from djdesk.services import settings as settings_service
from djdesk.services.members import stored_date
from djdesk.store.models import Branch, Person, StatusEvent


@lru_cache(maxsize=100_000)
def _day(text: str) -> dt.date:
    """A stored date's first day (the day the statistics count it from); cached like
    members.stored_date, since thousands of people share a few thousand dates."""
    return stored_date(text).first_day()


def _people(session: Session) -> list[StatPerson]:
    """Everyone, those who left included (past years need them), in one query.

    Dates and choices are read as plain text and converted by lookup, as members.list_rows
    does: the ORM's per-value type processing would cost several times as much at 10,000.
    """
    plain = {c: type_coerce(c, String) for c in (
        Person.sex, Person.birth_date, Person.political_status, Person.stage, Person.joined_on,
        Person.full_on, Person.transferred_in_on, Person.left_on, Person.left_reason)}
    # In StatPerson's field order: built positionally, which is quicker than by keyword.
    query = select(
        Person.id, plain[Person.sex], plain[Person.birth_date], plain[Person.political_status],
        plain[Person.stage], Person.ethnicity, Person.education, Person.branch_id,
        plain[Person.joined_on], plain[Person.full_on], plain[Person.transferred_in_on],
        plain[Person.left_on], plain[Person.left_reason],
    )
    sexes = {c.value: c for c in Sex}
    statuses = {c.value: c for c in PoliticalStatus}
    stages = {c.value: c for c in Stage}
    reasons = {c.value: c for c in LeftReason}
    day = _day
    returns = _returns(session)
    # Core rather than ORM execution: plain rows, a third less overhead per row.
    people = [
        StatPerson(
            r[0], sexes[r[1]], day(r[2]), statuses[r[3]], stages[r[4]] if r[4] else None, r[5], r[6],
            r[7], day(r[8]) if r[8] else None, day(r[9]) if r[9] else None,
            day(r[10]) if r[10] else None, day(r[11]) if r[11] else None,
            reasons[r[12]] if r[12] else None,
        )
        for r in session.connection().execute(query)
    ]
    if returns:
        people = [dataclasses.replace(p, transferred_in_on=returns[p.id][0], gaps=returns[p.id][1])
                  if p.id in returns else p for p in people]
    cleared = _cleared_by_loss(session)
    if cleared:
        people = [dataclasses.replace(p, joined_on=cleared[p.id][0], full_on=cleared[p.id][1])
                  if p.id in cleared and p.joined_on is None else p for p in people]
    return people


def _cleared_by_loss(session: Session) -> dict[int, tuple[dt.date | None, dt.date | None]]:
    """The 入党 and 转正 dates a 出党 cleared from the person (they are in the event's
    `before`): past years count the person as the member they then were."""
    query = (select(StatusEvent.person_id, StatusEvent.before)
             .where(StatusEvent.kind == ChangeKind.LOST).order_by(StatusEvent.on, StatusEvent.id))
    found: dict[int, tuple[dt.date | None, dt.date | None]] = {}
    for person_id, before_text in session.execute(query):
        before = json.loads(before_text or "{}")
        joined, full = before.get("joined_on"), before.get("full_on")
        if joined:
            found[person_id] = (_day(joined), _day(full) if full else None)
    return found


def _returns(session: Session) -> dict[int, tuple[dt.date | None, tuple]]:  # type: ignore[type-arg]
    """People who left and came back (a 转入 recorded after they had left): their first
    arrival and the gaps, from what each such 转入 replaced (its `before`)."""
    query = (select(StatusEvent.person_id, type_coerce(StatusEvent.on, String), StatusEvent.before)
             .where(StatusEvent.kind == ChangeKind.TRANSFER_IN)
             .order_by(StatusEvent.person_id, StatusEvent.on, StatusEvent.id))
    found: dict[int, tuple[dt.date | None, tuple]] = {}  # type: ignore[type-arg]
    for person_id, on, before_text in session.execute(query):
        before = json.loads(before_text or "{}")
        if not before.get("left_on"):
            continue  # an arrival, not a return
        reason = before.get("left_reason")
        gap = (_day(before["left_on"]), LeftReason(reason) if reason else None, _day(on))
        if person_id in found:
            first, gaps = found[person_id]
            found[person_id] = (first, (*gaps, gap))
        else:
            arrived = before.get("transferred_in_on")
            found[person_id] = (_day(arrived) if arrived else None, (gap,))
    return found


def _lost(session: Session) -> list[StatEvent]:
    query = select(StatusEvent.person_id, type_coerce(StatusEvent.on, String)).where(
        StatusEvent.kind == ChangeKind.LOST)
    return [StatEvent(person_id, ChangeKind.LOST, _day(on)) for person_id, on in session.execute(query)]


def membership_records(session: Session) -> tuple[list[StatPerson], Lost]:
    """Everyone as the membership rules read them (domain.membership), and who lost it when."""
    return _people(session), lost_dates(_lost(session))


def _branches(session: Session) -> list[tuple[int, str]]:
    query = select(Branch.id, Branch.name).order_by(Branch.sort_order, Branch.id)
    return [(branch_id, name) for branch_id, name in session.execute(query)]


def current(session: Session, *, today: dt.date) -> stats.Statistics:
    """Today's breakdowns of the staff and of the party members (see domain.stats)."""
    return stats.current_statistics(_people(session), _lost(session), _branches(session), today)


def annual(session: Session, year: int, *, today: dt.date) -> stats.AnnualReport:
    """The 党内统计年报 of `year`, which must not be after today's year."""
    return stats.annual_report(_people(session), _lost(session), year, today)


def current_and_annual(session: Session, year: int, *, today: dt.date) -> tuple[
        stats.Statistics, stats.AnnualReport]:
    """Both, from one read of the people (the statistics dialog opens with both)."""
    people, lost = _people(session), _lost(session)
    return (stats.current_statistics(people, lost, _branches(session), today),
            stats.annual_report(people, lost, year, today))


def export(session: Session, path: Path, year: int, *, today: dt.date) -> None:
    """Write today's statistics and the report of `year` to an .xlsx workbook, atomically."""
    from djdesk.sheets.stats_export import (
        write_statistics,  # XlsxWriter loads when first used
    )

    figures, report = current_and_annual(session, year, today=today)
    write_statistics(path, figures, report, school=settings_service.load(session).school_name, today=today)
