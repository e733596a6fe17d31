"""School-wide settings kept in the database, with typed defaults."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain.compliance import REQUIRED_KINDS
from djdesk.domain.meetings import MeetingKind
from djdesk.store.models import Setting


@dataclass(frozen=True)
class SchoolSettings:
    school_name: str = ""
    # Years a branch committee serves: five under the 2022 党章, three under older rules.
    committee_term_years: int = 5
    # The demo school never asks for first-run setup.
    is_demo: bool = False
    # Meetings a year each branch must hold, by kind (domain.compliance.DEFAULT_PER_YEAR).
    per_year_general: int = 4
    per_year_committee: int = 12
    per_year_group: int = 12
    per_year_lecture: int = 4
    per_year_theme_day: int = 12
    per_year_life_meeting: int = 1
    per_year_review: int = 1
    # The day of the month of the 主题党日; the plan moves it off holidays and weekends.
    theme_day: int = 15
    # The most of a branch that 民主评议党员 may grade 优秀 ("1/3", "30%"; "" for no cap).
    review_share: str = "1/3"
    # The reminder to back up to a USB stick: 0 once each calendar year, else every so many days.
    backup_every_days: int = 0
    # 党费: the base fixed each January for the year (每年初核定，年内不变) rather than from the month
    # a new salary is paid; the month's dues rounded to the 角 rather than to the fen.
    dues_base_yearly: bool = False
    dues_round_to_jiao: bool = False
    # The first month whose dues are kept in djdesk (ISO date of its first day); months before
    # are never counted as arrears. Set when the database first gets the dues.
    dues_since: str = ""

    def per_year(self) -> dict[MeetingKind, int]:
        return {kind: getattr(self, f"per_year_{kind.value}") for kind in REQUIRED_KINDS}


def load(session: Session) -> SchoolSettings:
    stored = {s.key: s.value for s in session.scalars(select(Setting))}
    values = {}
    for field in dataclasses.fields(SchoolSettings):
        if field.name in stored:
            value = json.loads(stored[field.name])
            default = field.default
            # A value of the wrong type (hand-edited, or from a future version) keeps the default.
            if type(value) is type(default):
                values[field.name] = value
    return SchoolSettings(**values)


def save(session: Session, settings: SchoolSettings) -> None:
    """Write the values that differ from what is stored (each change is audited)."""
    current = {s.key: s for s in session.scalars(select(Setting))}
    for field in dataclasses.fields(SchoolSettings):
        encoded = json.dumps(getattr(settings, field.name), ensure_ascii=False)
        row = current.get(field.name)
        if row is None:
            session.add(Setting(key=field.name, value=encoded))
        elif row.value != encoded:
            row.value = encoded
    session.flush()
