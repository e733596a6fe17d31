"""Large databases for the benchmarks, built fast: rules checked, keys computed, bulk insert."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlalchemy import func, insert, select, update

from djdesk import paths
from djdesk.demo import pools
from djdesk.domain import idnumber, person_rules, search_keys
from djdesk.domain.clock import FixedClock
from djdesk.domain.dates import PartialDate
from djdesk.domain.people import PersonDraft, PoliticalStatus, Post, Sex
from djdesk.services import branches
from djdesk.services import settings as settings_service
from djdesk.store.database import Database
from djdesk.store.models import Branch, Person
from djdesk.store.opening import open_database

TODAY = dt.date(2026, 11, 21)
CLOCK = FixedClock.on(TODAY, hour=10)
IN_PARTY = (PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY)


def open_db(directory: Path) -> Database:
    """The data dir's database on the benchmarks' fixed day."""
    return open_database(paths.database_path(directory), clock=CLOCK)


def build_people(directory: Path, count: int, seed: int = 7, member_share: float = 0.45) -> Path:
    """A data dir whose database holds `count` people in two branches, about `member_share`
    of them party members; returns the dir."""
    directory.mkdir(parents=True, exist_ok=True)
    database = open_db(directory)
    rng = random.Random(seed)
    try:
        with database.transaction(audit_skip_reason="benchmark data") as session:
            settings_service.save(session, settings_service.SchoolSettings(school_name="基准测试中学"))
            made = [branches.add_branch(session, name, full) for name, full in pools.BRANCHES]
            groups = [branches.add_group(session, b.id, f"第{n}党小组") for b in made for n in (1, 2)]
            rows, used = [], set()
            while len(rows) < count:
                sex = Sex.MALE if rng.random() < 0.45 else Sex.FEMALE
                chars = pools.MALE_CHARS if sex is Sex.MALE else pools.FEMALE_CHARS
                name = rng.choice(pools.SURNAMES) + "".join(rng.choice(chars) for _ in range(rng.choice((1, 2))))
                birth = dt.date(rng.randint(1950, 1998), rng.randint(1, 12), rng.randint(1, 28))
                number = idnumber.make(rng.choice(pools.AREA_CODES), birth,
                                       rng.randint(0, 499) * 2 + (sex is Sex.MALE))
                if number in used:
                    continue
                used.add(number)
                member = rng.random() < member_share
                group = rng.choice(groups)
                draft = PersonDraft(
                    name=name, sex=sex, id_number=number, post=Post.TEACHER, ethnicity="汉族",
                    department=rng.choice(pools.DEPARTMENTS), phone=f"139{rng.randint(0, 99999999):08d}",
                    political_status=PoliticalStatus.CPC_MEMBER if member else PoliticalStatus.MASSES,
                    branch_id=group.branch_id if member else None, group_id=group.id if member else None,
                    joined_on=PartialDate(birth.year + 25, rng.randint(1, 12)) if member else None,
                )
                clean = person_rules.validate(draft, today=TODAY)
                keys = search_keys.compute(clean.name)
                values = {f: getattr(clean, f) for f in PersonDraft.__dataclass_fields__}
                values.update(search_initials=keys.initials, search_pinyin=keys.full, left_note="")
                rows.append(values)
            session.execute(insert(Person), rows)
    finally:
        database.dispose()
    return directory


def add_branch(directory: Path, name: str, members: int, seed: int = 5) -> int:
    """A new branch (without party groups) of `members` full members moved out of the party
    groups of the others; its id."""
    database = open_db(directory)
    rng = random.Random(seed)
    try:
        with database.transaction(audit_skip_reason="benchmark data") as session:
            branch = branches.add_branch(session, name, f"中共基准测试中学{name}委员会")
            found = session.scalars(select(Person.id).where(
                Person.political_status == PoliticalStatus.CPC_MEMBER, Person.left_on.is_(None),
                Person.group_id.is_not(None)).order_by(Person.id)).all()
            moved = rng.sample(found, members)
            session.execute(update(Person).where(Person.id.in_(moved)).values(branch_id=branch.id, group_id=None))
    finally:
        database.dispose()
    return branch.id


def branch_near(database: Database, size: int) -> tuple[int | None, str, int]:
    """Where a budget "for `size` members" applies: the whole school when it has about that
    many party members, else the branch nearest that size. (branch id or None, its name, members)."""
    with database.transaction() as session:
        counts = session.execute(
            select(Branch.id, Branch.name, func.count(Person.id)).join(Person, Person.branch_id == Branch.id)
            .where(Person.political_status.in_(IN_PARTY), Person.left_on.is_(None))
            .group_by(Branch.id).order_by(Branch.id)).all()
    total = sum(count for _id, _name, count in counts)
    if total <= size * 1.2:
        return None, "the school", total
    branch_id, name, count = min(counts, key=lambda c: abs(c[2] - size))
    return branch_id, name, count
