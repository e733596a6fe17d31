"""Pinyin search keys of a name, computed when a person is saved (pypinyin is slow to load)."""

from __future__ import annotations

import functools
import itertools
import unicodedata
from dataclasses import dataclass

# A name whose characters have many readings would multiply into hundreds of keys;
# the most common readings come first in pypinyin's lists, so keep the first ones.
MAX_VARIANTS = 32

# Characters read differently as a surname than pypinyin's most common reading: the surname
# reading goes first, so that sorting by pinyin puts 曾 with z and 单 with s.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao", "查": "zha",
    "盖": "ge", "尉": "yu", "秘": "bi", "缪": "miao", "覃": "qin", "翟": "zhai", "乐": "yue",
    "召": "shao", "员": "yun", "种": "chong", "繁": "po", "长": "chang", "沈": "shen", "任": "ren",
    "华": "hua", "葛": "ge", "殷": "yin", "句": "gou", "牟": "mou", "折": "she", "莘": "shen",
    "隗": "wei", "冼": "xian", "郇": "huan", "宿": "su", "都": "du", "过": "guo", "阚": "kan",
}


@dataclass(frozen=True)
class SearchKeys:
    initials: str  # space-separated variants: "dj sj cj" for 单军
    full: str  # space-separated variants: "danjun shanjun chanjun"


@functools.lru_cache(maxsize=20_000)
def _readings(char: str) -> tuple[str, ...]:
    # pypinyin's table of every reading of each character, read directly: per character,
    # not per phrase (a surname read specially, 解 xie, 单 shan, 曾 zeng, is lost when the
    # phrase reading of a given name like 解放 is taken), and without loading the phrase
    # dictionary that pypinyin's own functions need (half a second). The same readings, in
    # the same order, as pinyin(char, Style.NORMAL, heteronym=True) for all 20,901 CJK
    # characters (checked when this was written).
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    found = pinyin_dict.get(ord(char))
    if not found:
        return ()
    readings = (to_normal(r) for r in found.split(","))
    return tuple(dict.fromkeys(r for r in readings if r.isascii() and r.isalpha()))


def compute(name: str) -> SearchKeys:
    """Initials and full pinyin of every reading of the name's Chinese characters; the
    first variant reads the surname as a surname (the one to sort by).

    Characters without a reading (Latin letters, the · of minority names) are kept as
    lower-case letters or dropped.
    """
    per_char: list[list[str]] = []
    for position, char in enumerate(name):
        if char.isascii():
            if char.isalnum():
                per_char.append([char.lower()])
            continue
        readings = list(_readings(char))
        if position == 0 and char in SURNAME_READINGS:
            surname = SURNAME_READINGS[char]
            readings = [surname, *(r for r in readings if r != surname)]
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
    q = "".join(unicodedata.normalize("NFKC", query).split()).lower()
    if not q:
        return True
    return q in name or q in keys.initials or q in keys.full
