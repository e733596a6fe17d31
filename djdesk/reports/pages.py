"""What every printed document shares: styles in the CJK font, Chinese line breaking, pages
numbered once their count is known, and the report of characters the font cannot draw."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from djdesk.domain.errors import UserError
from djdesk.files import atomic_path
from djdesk.i18n import _
from djdesk.reports import fonts

MM = 72 / 25.4
FOOTER_Y = 8 * MM

# Marks that must not begin a line in Chinese (GB/T 15834), and those that must not end one.
CANNOT_START = "，。、；：！？）》」』】〕〉”’…·%‰℃!),.:;?]}"
CANNOT_END = "（《「『【〔〈“‘([{"
_FUZZ = 1e-6


@dataclass(frozen=True)
class PdfResult:
    pages: int
    # A character the font cannot draw -> the texts (names, cells) it occurs in.
    missing: dict[str, list[str]] = field(default_factory=dict)


def split_chinese(text: str, widths: list[float], max_widths: list[float]) -> list[list[Any]]:
    """Break `text` into lines no wider than `max_widths` (one a line, the last repeating), as
    [space left, line] pairs, the way typesetters break Chinese: no line starts with a closing
    mark (，。、》”), none ends with an opening one (《“（); the character before a run of
    closing marks moves down with them. A Latin word is not cut where a space is near."""
    lines: list[list[Any]] = []
    start, count = 0, len(text)
    while start < count:
        width = max_widths[min(len(lines), len(max_widths) - 1)]
        end, used = start, 0.0
        while end < count and used + widths[end] <= width + _FUZZ:
            used += widths[end]
            end += 1
        end = max(end, start + 1)  # at least one character a line, however narrow
        if end < count:
            cut = end
            while cut > start + 1 and not _may_break(text, cut):
                cut -= 1
            if _may_break(text, cut):
                end = cut
            if _latin(text[end - 1]) and _latin(text[end]):
                # Inside a Latin word or a number (1,000): break before it, if it is not the line.
                first = end - 1
                while first > start and _latin(text[first - 1]):
                    first -= 1
                if first > start and _may_break(text, first):
                    end = first
        line = text[start:end]
        lines.append([width - sum(widths[start:end]), line.strip(" ")])
        start = end
    return lines


def _latin(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in ",.%")


def _may_break(text: str, at: int) -> bool:
    """Whether a line may end before text[at]: not before a closing mark, not after an
    opening one, not inside a ——  or …… (GB/T 15834 keeps them whole)."""
    before, after = text[at - 1], text[at]
    return (after not in CANNOT_START and before not in CANNOT_END
            and not (before == after and before in "—…"))


def _word_split(word: str | bytes, max_widths: Any, font_name: str, font_size: float,
                encoding: str = "utf8") -> list[list[Any]]:
    """ReportLab's textsplit.wordSplit with Chinese line breaking (its own only knows to hang
    one mark in the margin, so "《党章》、" still put 、 at the start of a line)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = word.decode(encoding) if isinstance(word, bytes) else word
    widths = [stringWidth(char, font_name, font_size) for char in text]
    return split_chinese(text, widths, list(max_widths) if isinstance(max_widths, (list, tuple)) else [max_widths])


@cache
def chinese_line_breaking() -> None:
    """Make ReportLab break Chinese lines by the Chinese rules. A one-style paragraph (all of
    ours) is split by the module-level function `wordSplit` that `paragraph` imported: it is
    replaced. A paragraph mixing styles goes through cjkFragSplit, which reads the global
    ALL_CANNOT_START each time: the Chinese closing marks are added to it, so there at least
    one mark hangs at the end of the line rather than starting the next. ReportLab has no
    setting for either."""
    from reportlab.platypus import paragraph

    paragraph.wordSplit = _word_split
    paragraph.ALL_CANNOT_START += "".join(c for c in CANNOT_START if c not in paragraph.ALL_CANNOT_START)


def styles(font: str, size: float = 10, leading: float = 13) -> dict[str, Any]:
    """Every style names the CJK font: ReportLab's default, Helvetica, is neither embedded
    nor able to draw Chinese."""
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    chinese_line_breaking()
    base = ParagraphStyle("body", fontName=font, fontSize=size, leading=leading,
                          alignment=TA_CENTER, wordWrap="CJK")
    made = {
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=26, spaceAfter=2 * MM),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=13, leading=17, spaceAfter=2 * MM),
        "left": ParagraphStyle("left", parent=base, fontSize=10.5, leading=14, alignment=TA_LEFT),
        "middle": ParagraphStyle("middle", parent=base, fontSize=10.5, leading=14),
        "right": ParagraphStyle("right", parent=base, fontSize=10.5, leading=14, alignment=TA_RIGHT),
        "header": ParagraphStyle("header", parent=base, fontSize=10.5, leading=13),
        "cell": base,
    }
    return with_latin(made)


def with_latin(made: dict[str, Any]) -> dict[str, Any]:
    """wordWrap='CJK' breaks lines anywhere, inside English words too ("Bo|rn"): text without
    Chinese (English mode, a Latin name) wraps at spaces instead."""
    from reportlab.lib.styles import ParagraphStyle

    latin = {f"{name}/latin": ParagraphStyle(f"{name}/latin", parent=style, wordWrap=None)
             for name, style in made.items()}
    return made | latin


def has_chinese(text: str) -> bool:
    return any(ord(char) >= 0x2E80 for char in text)


def paragraph(text: str, made: dict[str, Any], name: str, *, markup: str | None = None) -> Any:
    """A Paragraph of plain `text` (escaped), or of `markup` already escaped, in the style `name`."""
    from reportlab.platypus import Paragraph

    return Paragraph(markup if markup is not None else escape(text),
                     made[name if has_chinese(text) else f"{name}/latin"])


_INDENT = {" ": "&nbsp;", "\t": "&nbsp;" * 4, "\u3000": "&#x3000;"}


def keep_spaces(line: str) -> str:
    """A line of typed text as Paragraph markup that keeps its leading indent (Paragraph
    drops leading spaces; an office indents with spaces, a tab or full-width spaces 　　)."""
    stripped = line.lstrip(" \t\u3000")
    indent = line[:len(line) - len(stripped)]
    return "".join(_INDENT[char] for char in indent) + escape(stripped)


def page_numbers(page: int, pages: int) -> str:
    return _("Page {page} of {pages}").format(page=page, pages=pages)


class PageState:
    """What the footer of a page knows: its number, the count, and the marks drawn on it."""

    def __init__(self, number: int, total: int, marks: list[tuple[str, Any]]) -> None:
        self.number, self.total, self.marks = number, total, marks


def deferred_canvas(font: str, counted: list[int], decorate: Callable[[Any, PageState, list[PageState]], None]) -> type:
    """A canvas that keeps its pages until the end, so each one can be decorated (footer, page
    numbers of a contents page) knowing how many there are and what every page holds.

    Flowables leave marks with `canv.mark(kind, value)` while they are drawn (a meeting
    starts here; a contents line wants this meeting's page number here)."""
    from reportlab.pdfgen.canvas import Canvas

    class DeferredCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._kept: list[dict[str, Any]] = []
            self._marks: list[list[tuple[str, Any]]] = [[]]

        def mark(self, kind: str, value: Any) -> None:
            self._marks[-1].append((kind, value))

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._kept.append(dict(self.__dict__))
            self._marks.append([])
            self._startPage()

        def save(self) -> None:
            total = len(self._kept)
            counted.append(total)
            states = [PageState(index + 1, total, self._marks[index]) for index in range(total)]
            for state, kept in zip(states, self._kept):
                self.__dict__.update(kept)
                self.setFont(font, 9)
                decorate(self, state, states)
                super().showPage()
            super().save()

    return DeferredCanvas


def centred_footer(canvas: Any, state: PageState, _states: list[PageState]) -> None:
    canvas.drawCentredString(canvas._pagesize[0] / 2, FOOTER_Y, page_numbers(state.number, state.total))


def ruled(font: str, size: float, leading: float, *, padding: tuple[float, float, float] = (4, 4, 3),
          frame: float = 1, header_rows: int = 1, extra: Sequence[tuple[Any, ...]] = ()) -> Any:
    """The style of a ruled table as official forms have it: every cell centred, thin rules, a
    heavier frame and (with `header_rows`) a heavier rule under the header. `padding` is
    (top, bottom, sides); `extra` adds or overrides commands (spans, left-aligned columns)."""
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    top, bottom, sides = padding
    under = [("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), frame, colors.black)] if header_rows else []
    return TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("LEADING", (0, 0), (-1, -1), leading),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
        ("LEFTPADDING", (0, 0), (-1, -1), sides),
        ("RIGHTPADDING", (0, 0), (-1, -1), sides),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), frame, colors.black),
        *under,
        *extra,
    ])


def build(path: Path, story: list[Any], *, pagesize: tuple[float, float], margins: tuple[float, float, float, float],
          title: str, author: str = "", subject: str = "",
          decorate: Callable[[Any, PageState, list[PageState]], None] = centred_footer,
          size: float = 10, leading: float = 13) -> int:
    """Lay `story` out into a PDF at `path` (atomically) and return its page count.

    `margins` are (top, right, bottom, left)."""
    from reportlab.platypus import SimpleDocTemplate
    from reportlab.platypus.doctemplate import LayoutError

    font = fonts.font_name()
    counted: list[int] = []
    top, right, bottom, left = margins
    with atomic_path(path) as temp:
        try:
            template = SimpleDocTemplate(
                str(temp), pagesize=pagesize, leftMargin=left, rightMargin=right, topMargin=top,
                bottomMargin=bottom, title=title, author=author, subject=subject, creator="djdesk",
                # Each page starts by selecting this font: by default Helvetica, which would
                # then be named in the PDF, though not embedded.
                initialFontName=font, initialFontSize=size, initialLeading=leading)
            template.build(story, canvasmaker=deferred_canvas(font, counted, decorate))
        except LayoutError as error:  # a cell taller than a page: say so, not ReportLab's English
            raise UserError(_("“{title}” has a part too long to fit on a page (a very long table cell); "
                              "shorten it and print again.").format(title=title)) from error
    return counted[0]


def missing_in(texts: Iterable[str]) -> dict[str, list[str]]:
    """The characters the font cannot draw, each with the texts it occurs in."""
    texts = [t for t in dict.fromkeys(texts) if t]
    missing = fonts.missing_glyphs("".join(texts))
    found: dict[str, list[str]] = {char: [] for char in sorted(missing)}
    if missing:
        for text in texts:
            for char in missing.intersection(text):
                found[char].append(text)
    return found
