"""Generating the demo school's database, in a temporary file renamed into place when complete."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import sqlite3
from pathlib import Path

from djdesk import paths
from djdesk.demo import dues as demo_dues
from djdesk.demo import ethics as demo_ethics
from djdesk.demo import lifecycle as demo_lifecycle
from djdesk.demo import pools
from djdesk.demo import review as demo_review
from djdesk.demo import study as demo_study
from djdesk.demo import talks as demo_talks
from djdesk.demo.meetings import MeetingMaker
from djdesk.demo.people import PeopleMaker
from djdesk.domain.clock import Clock
from djdesk.domain.dates import PartialDate
from djdesk.files import atomic_path
from djdesk.i18n import _
from djdesk.services import branches as branch_service
from djdesk.services import settings as settings_service
from djdesk.store.opening import open_database

SEED = 20250101


def ensure_demo(directory: Path, clock: Clock) -> bool:
    """Create the demo database in `directory` unless it is there; True when it was made."""
    target = paths.database_path(directory)
    if target.exists() and target.stat().st_size > 0:
        return False
    with atomic_path(target) as temp:
        generate(temp, clock)
    return True


def generate(path: Path, clock: Clock) -> None:
    """Fill a new database at `path` with the demo school as of the clock's today."""
    try:
        database = open_database(path, clock=clock)
        try:
            with database.transaction(audit_skip_reason=_("Demo school generated")) as session:
                build(session, clock.today(), clock.now())
        finally:
            database.dispose()
        # One self-contained file, so that the rename cannot orphan a -wal file; the program
        # switches it back to WAL when it opens it.
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute("PRAGMA journal_mode=DELETE")
        finally:
            connection.close()
    except BaseException:
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{path}{suffix}").unlink()
        raise


def build(session, today: dt.date, now: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(SEED)
    settings_service.save(
        session, settings_service.SchoolSettings(school_name=pools.SCHOOL, is_demo=True)
    )
    terms = ((PartialDate(2023, 5, 12), PartialDate(2028, 5, 11)),
             # The retired branch's term ends within six months of "today": a 换届 to plan.
             (PartialDate(today.year - 5, today.month), PartialDate(today.year, today.month) if today.month > 6
              else PartialDate(today.year, today.month + 4)))
    for (name, full_name), (start, end), groups in zip(pools.BRANCHES, terms, pools.GROUPS):
        branch = branch_service.add_branch(session, name, full_name, term_start=start, term_end=end)
        for group in groups:
            branch_service.add_group(session, branch.id, group)
    branches = branch_service.list_branches(session)
    maker = PeopleMaker(session, today, rng)
    maker.make_all(branches)
    people = maker.departures()
    MeetingMaker(session, today, now, rng, branches, people).make_all()
    demo_talks.make(session, today, people)
    demo_ethics.make(session, today)
    demo_review.make(session, today)
    demo_lifecycle.make(session, today)
    demo_study.make(session, today)
    demo_dues.make(session, today)
