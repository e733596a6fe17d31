"""A small school with one of each of 2025's movements, for the statistics' tests."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy.orm import Session

from djdesk.domain.dates import PartialDate
from djdesk.domain.people import PoliticalStatus, Post, Stage
from djdesk.domain.status import Change, ChangeKind
from djdesk.services import lifecycle, members
from djdesk.services import settings as settings_service
from tests.factories import branch, draft, member_draft

TODAY = dt.date(2026, 6, 15)
YEAR = 2025


def build(session: Session) -> dict[str, int]:
    """Thirteen people; returns their ids by name. By hand: at the school today 10, of whom 7
    party members (5 full, 2 probationary); members on 31 Dec 2024: 7 (老党员, 回族党员, 转正,
    调走, 去世, 出党, 退休党员), on 31 Dec 2025: 7 = 7 + 1 admitted (新党员) + 2 transferred in
    (转入, 毕业生) − 1 transferred out − 1 died − 1 left the party."""
    settings_service.save(session, settings_service.SchoolSettings(school_name="测试中学"))
    first = branch(session, "第一党支部", ())
    second = branch(session, "第二党支部", ())
    branch(session, "退休党支部", ())
    probation = dict(political_status=PoliticalStatus.CPC_PROBATIONARY, full_on=None,
                     applied_on=PartialDate(2022, 3), activist_on=PartialDate(2023, 3),
                     candidate_on=PartialDate(2024, 4))
    people = {
        "老党员": member_draft(first.id, ethnicity="汉族", education="大学本科",
                            birth=dt.date(1960, 6, 15), male=False),
        "回族党员": member_draft(second.id, ethnicity="回族", education="研究生", birth=dt.date(1995, 6, 16),
                             applied_on=PartialDate(2016, 3), activist_on=PartialDate(2016, 9),
                             candidate_on=PartialDate(2017, 10), joined_on=PartialDate(2018, 6, 28),
                             full_on=PartialDate(2019, 6, 28)),
        "新党员": member_draft(first.id, joined_on=PartialDate(2025, 6), education="研究生",
                            ethnicity="汉族", **probation),  # month-only 入党日期
        "转正": member_draft(second.id, candidate_on=PartialDate(2023, 10),
                           joined_on=PartialDate(2024, 5, 1), full_on=PartialDate(2025, 5, 1)),
        "转入": member_draft(first.id, transferred_in_on=PartialDate(2025, 9, 1),
                           transferred_in_from="中共某大学委员会"),
        # Joined at university in spring, came in autumn: a transfer in, not one admitted here.
        "毕业生": member_draft(first.id, joined_on=PartialDate(2025, 4, 1), transferred_in_on=PartialDate(2025, 8, 20),
                            **probation),
        "调走": member_draft(first.id),
        "去世": member_draft(second.id, birth=dt.date(1940, 1, 1)),
        "出党": member_draft(second.id),
        "群众去世": draft(),
        "积极分子": draft(stage=Stage.ACTIVIST, applied_on=PartialDate(2024, 3),
                      activist_on=PartialDate(2025, 3), male=False),
        "民进会员": draft(political_status=PoliticalStatus.CAPD, male=False),
        "退休党员": member_draft(first.id, post=Post.RETIRED, birth=dt.date(1955, 1, 1)),
    }
    ids = {name: members.add(session, dataclasses.replace(d, name=name), today=TODAY).id
           for name, d in people.items()}
    changes = {
        "调走": Change(ChangeKind.TRANSFER_OUT, PartialDate(2025, 3, 1), organisation="中共某校支部委员会"),
        "去世": Change(ChangeKind.DECEASED, PartialDate(2025, 11)),
        "出党": Change(ChangeKind.LOST, PartialDate(2025, 10, 8), note="党员大会决定，予以除名"),
        "群众去世": Change(ChangeKind.DECEASED, PartialDate(2025, 2, 1)),
    }
    for name, change in changes.items():
        lifecycle.change_status(session, ids[name], change, today=TODAY)
    return ids

