"""Large databases for the benchmarks, built fast: rules checked, keys computed, bulk insert."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlalchemy import insert

from djdesk import paths
from djdesk.demo import pools
from djdesk.domain import idnumber, person_rules, search_keys
from djdesk.domain.clock import FixedClock
from djdesk.domain.dates import PartialDate
from djdesk.domain.people import PersonDraft, PoliticalStatus, Post, Sex
from djdesk.services import branches
from djdesk.services import settings as settings_service
from djdesk.store.models import Person
from djdesk.store.opening import open_database

TODAY = dt.date(2026, 11, 21)
CLOCK = FixedClock.on(TODAY, hour=10)


def build_people(directory: Path, count: int, seed: int = 7, member_share: float = 0.45) -> Path:
    """A data dir whose database holds `count` people in two branches, about `member_share`
    of them party members; returns the dir."""
    directory.mkdir(parents=True, exist_ok=True)
    database = open_database(paths.database_path(directory), clock=CLOCK)
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
