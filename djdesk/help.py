"""The built-in user guide's topics: their pages in Chinese and English, titles and search; no Qt."""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path

from djdesk import paths

# The guide's topics in reading order; each is `<slug>.html` in every language's folder.
TOPICS = ("start", "roster", "plan", "meeting", "minutes", "ethics", "review", "study", "dues",
          "backup", "trouble")
# The main window's tab index -> the topic F1 opens there.
TAB_TOPICS = {0: "roster", 1: "plan", 2: "ethics", 3: "review", 4: "study", 5: "dues", 6: "minutes"}
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
# Each language's name in itself, for the guide's language switch.
LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}


def help_dir() -> Path:
    return paths.resource_dir() / "help"


def images_dir() -> Path:
    return help_dir() / "images"


def page(slug: str, language: str) -> Path:
    """The topic's page in `language`; the Chinese one where that language has none yet."""
    if slug not in TOPICS:
        raise KeyError(slug)
    wanted = help_dir() / language / f"{slug}.html"
    if language != DEFAULT_LANGUAGE and not wanted.is_file():
        return help_dir() / DEFAULT_LANGUAGE / f"{slug}.html"
    return wanted


def topic_of(path: Path) -> tuple[str, str] | None:
    """(slug, language) of a page of the guide, None for any other file."""
    if path.suffix != ".html" or path.stem not in TOPICS or path.parent.name not in LANGUAGES:
        return None
    return path.stem, path.parent.name


def title(slug: str, language: str) -> str:
    """The page's <title>; the slug itself when the page has none (never an empty entry)."""
    return _read(page(slug, language)).title or slug


def plain_text(slug: str, language: str) -> str:
    """What the page says, without its markup, whitespace runs collapsed to one space."""
    return _read(page(slug, language)).text


def search(text: str, language: str) -> list[str]:
    """The topics whose text holds every word of `text` (any case), in reading order.

    Chinese has no spaces: a word is any whitespace-separated chunk, found anywhere, also across
    a line break in the page's source (a browser shows none there between Chinese characters).
    """
    words = [word.casefold() for word in text.split()]
    found = []
    for slug in TOPICS:
        plain = plain_text(slug, language).casefold()
        joined = plain.replace(" ", "")
        if all(word in plain or (not word.isascii() and word in joined) for word in words):
            found.append(slug)
    return found


class _Page:
    def __init__(self, title: str, text: str) -> None:
        self.title, self.text = title, text


class _TextOf(HTMLParser):
    """The visible text of a page and its <title>; script and style say nothing to a reader."""

    SILENT = {"script", "style", "head"}
    VOID = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "p", "li", "tr", "td", "th", "div", "h1", "h2", "h3", "h4"):
            self.parts.append(" ")  # words either side stay apart
        if tag not in self.VOID:  # never closed: they would stay "open" to the end
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if "title" in self.open:
            self.title_parts.append(data)
        elif not self.SILENT.intersection(self.open):
            self.parts.append(data)


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _read(path: Path) -> _Page:
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return _Page("", "")  # a missing page: its test names it; the window shows its slug
    return _parsed(path, stamp)


@functools.lru_cache(maxsize=64)
def _parsed(path: Path, stamp: int) -> _Page:
    """Keyed by the file's time too: a page edited while the program runs is read again."""
    parser = _TextOf()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return _Page(_collapse("".join(parser.title_parts)), _collapse("".join(parser.parts)))
