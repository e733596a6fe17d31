"""Enumerations whose stored value is a stable code and whose label is translated when shown."""

from __future__ import annotations

from enum import StrEnum

from djdesk.i18n import _


class Choice(StrEnum):
    """A StrEnum member written as `CODE = ("code", N_("Label"))`."""

    _label: str

    def __new__(cls, code: str, label: str) -> Choice:
        member = str.__new__(cls, code)
        member._value_ = code
        member._label = label
        return member

    @property
    def label(self) -> str:
        return _(self._label)

    @classmethod
    def from_label(cls, text: str) -> Choice | None:
        """The member whose code, translated label or English label is `text`."""
        text = text.strip()
        for member in cls:
            if text in (member.value, member.label, member._label):
                return member
        return None
