"""The CJK font of printed documents, registered with ReportLab once per process.

ReportLab has no glyph fallback: a character the font lacks prints as an empty box or
nothing. So every text is checked against the font's character map (`missing_glyphs`) and
what is missing is reported to the user instead of printed silently wrong.
"""

from __future__ import annotations

import logging
import os
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from djdesk import paths

log = logging.getLogger(__name__)

SIMSUN = "SimSun"
BUNDLED = "WenQuanYiMicroHei"
# Categories never drawn as glyphs: control and format characters, separators.
_NOT_DRAWN = {"Cc", "Cf", "Zs", "Zl", "Zp"}


@dataclass(frozen=True)
class _Registered:
    name: str
    path: Path
    cmap: frozenset[int]


def _windows_simsun() -> Path | None:
    if sys.platform != "win32":
        return None
    path = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts" / "simsun.ttc"
    return path if path.is_file() else None


@cache
def _registered() -> _Registered:
    """SimSun where Windows has it (宋体 is what official records are printed in), else
    the bundled WenQuanYi Micro Hei. Both are TrueType collections; subfont 0 is the
    proportional face. Never ReportLab's STSong-Light: it is not embedded."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    candidates = [(SIMSUN, _windows_simsun()), (BUNDLED, paths.bundled_font())]
    for name, path in candidates:
        if path is None:
            continue
        try:
            font = TTFont(name, str(path), subfontIndex=0)
        except (TTFError, OSError):
            # A damaged or embedding-restricted system font: the bundled one still works.
            log.exception("cannot use the font %s for printing", path)
            continue
        pdfmetrics.registerFont(font)
        log.info("printing with the font %s (%s)", name, path)
        return _Registered(name, path, frozenset(font.face.charToGlyph))
    raise RuntimeError(f"no usable CJK font for printing; the bundled {paths.bundled_font()} is missing")


def font_name() -> str:
    """The registered font's name, for every ReportLab style and table."""
    return _registered().name


def missing_glyphs(text: str) -> set[str]:
    """The characters of `text` the font cannot draw (whitespace and control characters aside)."""
    cmap = _registered().cmap
    return {
        char for char in set(text)
        if ord(char) not in cmap and unicodedata.category(char) not in _NOT_DRAWN
    }
