"""The official order of name lists, 按姓氏笔画: stroke count, then the strokes 横竖撇点折.

Names compare character by character: the surname first, then the given name. Characters
compare by their number of strokes; equal counts by the kind of their first stroke (横 before
竖 before 撇 before 点 before 折), then the second, and so on (GB 13000.1 stroke order, as
official lists use it). Where only the count is known the code point decides among equals.
"""

from __future__ import annotations

import base64
from functools import cache

from djdesk.domain import stroke_data

UNKNOWN_COUNT = 99  # characters outside the tables (Latin letters, rare extensions) sort last


@cache
def _counts() -> bytes:
    return base64.b85decode(stroke_data.COUNTS)


@cache
def _sequences() -> dict[str, str]:
    entries = stroke_data.SEQUENCES.split()
    return {entry[0]: entry[1:] for entry in entries}


@cache
def char_key(char: str) -> tuple[int, str, int]:
    """(strokes, stroke classes as digits 1-5, code point) of one character."""
    sequence = _sequences().get(char)
    if sequence is not None:
        return (len(sequence), sequence, ord(char))
    index = ord(char) - stroke_data.FIRST
    counts = _counts()
    count = counts[index] if 0 <= index < len(counts) and counts[index] else UNKNOWN_COUNT
    # Unknown stroke kinds sort after the known ones of the same count.
    return (count, "9", ord(char))


def name_key(name: str) -> tuple[tuple[int, str, int], ...]:
    """Sort key of a name in the official order; spaces and the · of minority names are skipped."""
    return tuple(char_key(c) for c in name if not c.isspace() and c not in "·•・.")


def strokes(char: str) -> int:
    return char_key(char)[0]
