"""Column types for the domain's values: month-precision dates and coded choices."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from djdesk.domain.choices import Choice
from djdesk.domain.dates import PartialDate


class PartialDateType(TypeDecorator[PartialDate]):
    """Stored as ISO text, YYYY-MM-DD or YYYY-MM: sorts correctly and reads plainly."""

    impl = String(10)
    cache_ok = True

    def process_bind_param(self, value: PartialDate | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, PartialDate):
            raise TypeError(f"expected PartialDate, got {type(value).__name__}")
        return value.isoformat()

    def process_result_value(self, value: str | None, dialect: Dialect) -> PartialDate | None:
        return None if value is None else PartialDate.from_iso(value)


class ChoiceType(TypeDecorator[Choice]):
    """A Choice stored by its code; the set of codes is enforced by the domain, not a CHECK,
    so adding a choice later needs no table rebuild."""

    impl = String(24)
    cache_ok = True

    def __init__(self, choice: type[Choice], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice = choice

    def process_bind_param(self, value: Choice | str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return self.choice(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> Choice | None:
        return None if value is None else self.choice(value)


class ChoiceListType(TypeDecorator[tuple[Choice, ...]]):
    """A short set of choices as comma-separated codes ("lecture,theme_day")."""

    impl = String(120)
    cache_ok = True

    def __init__(self, choice: type[Choice], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice = choice

    def process_bind_param(self, value: tuple[Choice, ...] | None, dialect: Dialect) -> str:
        return ",".join(self.choice(v).value for v in (value or ()))

    def process_result_value(self, value: str | None, dialect: Dialect) -> tuple[Choice, ...]:
        return tuple(self.choice(code) for code in (value or "").split(",") if code)
