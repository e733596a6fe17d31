"""Errors split by fault: a `UserError` is shown kindly; anything else is a bug to report."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field, in the user's language."""

    field: str | None
    label: str  # the field's translated label, "" when the problem is not about a field
    message: str

    def __str__(self) -> str:
        if not self.label:
            return self.message
        # The colon is part of the message format so that Chinese gets its full-width one.
        from djdesk.i18n import _

        return _("{field}: {problem}").format(field=self.label, problem=self.message)


class UserError(Exception):
    """The user's input or environment is at fault; the message is fit to show as it is."""

    def __init__(self, message: str, *, field: str | None = None, label: str = "") -> None:
        super().__init__(message)
        self.problems: tuple[Problem, ...] = (Problem(field, label, message),)

    @property
    def field(self) -> str | None:
        return self.problems[0].field

    @property
    def message(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """Typed data breaks a rule; carries every problem found, each naming its field."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        if not problems:
            raise ValueError("a ValidationError needs at least one problem")
        Exception.__init__(self, str(problems[0]))
        self.problems = tuple(problems)

    def for_field(self, field: str) -> list[str]:
        return [p.message for p in self.problems if p.field == field]


class ConflictError(UserError):
    """The change clashes with what is stored (a duplicate ID number, a record still in use)."""


class NotFoundError(UserError):
    """The record asked for does not exist (any more)."""


class StorageError(UserError):
    """The database file or data dir cannot be used: locked, damaged, newer, unwritable."""
