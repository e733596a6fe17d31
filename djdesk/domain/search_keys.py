"""Pinyin search keys of a name, computed when a person is saved (pypinyin is slow to load)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

# A name whose characters have many readings would multiply into hundreds of keys;
# the most common readings come first in pypinyin's lists, so keep the first ones.
MAX_VARIANTS = 32


@dataclass(frozen=True)
class SearchKeys:
    initials: str  # space-separated variants: "dj sj cj" for 单军
    full: str  # space-separated variants: "danjun shanjun chanjun"


def _readings(char: str) -> list[str]:
    from pypinyin import Style, pinyin

    # Per character, not per phrase: a surname read specially (解 xie, 单 shan, 曾 zeng)
    # is lost when pypinyin picks the phrase reading of a given name like 解放.
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    readings = [r for r in (found[0] if found else []) if r.isascii() and r.isalpha()]
    return list(dict.fromkeys(readings))


def compute(name: str) -> SearchKeys:
    """Initials and full pinyin of every reading of the name's Chinese characters.

    Characters without a reading (Latin letters, the · of minority names) are kept as
    lower-case letters or dropped.
    """
    per_char: list[list[str]] = []
    for char in name:
        if char.isascii():
            if char.isalnum():
                per_char.append([char.lower()])
            continue
        readings = _readings(char)
        if readings:
            per_char.append(readings)
    if not per_char:
        return SearchKeys("", "")
    combos = list(itertools.islice(itertools.product(*per_char), MAX_VARIANTS))
    full = dict.fromkeys("".join(c) for c in combos)
    initials = dict.fromkeys("".join(r[0] for r in c) for c in combos)
    return SearchKeys(" ".join(initials), " ".join(full))


def matches(query: str, name: str, keys: SearchKeys) -> bool:
    """Whether a typed query finds the person: part of the name, initials or full pinyin."""
    q = "".join(query.split()).lower()
    if not q:
        return True
    return q in name or q in keys.initials or q in keys.full
