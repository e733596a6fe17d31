"""How the calendar shows meetings and days: kind colours and names, status looks, short texts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import escape

from PySide6.QtGui import QColor

from djdesk.domain.holidays import DayNote
from djdesk.domain.meetings import CALENDAR_KINDS, MeetingKind, MeetingStatus
from djdesk.i18n import N_, _
from djdesk.services.meetings import MeetingRow

# Dark enough to read as text on white and to carry white text (contrast at least 4.5:1 both
# ways), far apart in hue so a colour printout still tells them apart. None is a pure red:
# red is kept for holidays and for problems (a missing record).
KIND_COLOURS: dict[MeetingKind, QColor] = {
    MeetingKind.GENERAL: QColor("#1f4e9c"),  # blue
    MeetingKind.COMMITTEE: QColor("#6a3d9a"),  # purple
    MeetingKind.GROUP: QColor("#1b7a3a"),  # green
    MeetingKind.LECTURE: QColor("#a34c00"),  # burnt orange
    MeetingKind.THEME_DAY: QColor("#a3195b"),  # magenta
    MeetingKind.LIFE_MEETING: QColor("#00707c"),  # teal
    MeetingKind.REVIEW: QColor("#6b5a00"),  # olive
    MeetingKind.TALK: QColor("#4a5a6a"),  # slate
    MeetingKind.OTHER: QColor("#5d4037"),  # brown
}

# What fits in a day cell; the full label is in the tooltip and the list.
KIND_SHORT: dict[MeetingKind, str] = {
    MeetingKind.GENERAL: N_("General mtg"),
    MeetingKind.COMMITTEE: N_("Committee mtg"),
    MeetingKind.GROUP: N_("Group mtg"),
    MeetingKind.LECTURE: N_("Lecture"),
    MeetingKind.THEME_DAY: N_("Theme day"),
    MeetingKind.LIFE_MEETING: N_("Life mtg"),
    MeetingKind.REVIEW: N_("Member review"),
    MeetingKind.TALK: N_("Talk"),
    MeetingKind.OTHER: N_("Other mtg"),
}

WEEKDAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
                 N_("Saturday"), N_("Sunday"))
# A swapped day off is named "休息日（由 2026-01-04 调休）": the part in brackets goes to the tooltip.
_BRACKETED = re.compile(r"\s*[（(].*?[）)]\s*")

WHITE = QColor("#ffffff")
TEXT = QColor("#202020")
MUTED = QColor("#707070")  # headings, "+N", a 调休 workday's note
GRID = QColor("#d4d4d4")
WEEKEND_TINT = QColor("#f3f3f3")
HOLIDAY_TINT = QColor("#fdf0f0")
HOLIDAY = QColor("#c62828")
TODAY = QColor("#c62828")  # a filled disc behind the number: unlike a holiday's red text
SELECTED_FILL = QColor("#dde9fb")
SELECTED_BORDER = QColor("#1e5fbf")
CANCELLED = QColor("#808080")
PROBLEM = QColor("#d50000")  # the "!" on a held meeting without its record


@dataclass(frozen=True)
class Look:
    """How one meeting line is drawn."""

    text: QColor
    fill: QColor | None
    border: QColor | None
    strike: bool = False


def tint(colour: QColor, share: float) -> QColor:
    """`colour` mixed into white: `share` 0 is white, 1 the colour itself."""
    return QColor(round(255 - (255 - colour.red()) * share), round(255 - (255 - colour.green()) * share),
                  round(255 - (255 - colour.blue()) * share))


def kind_colour(kind: MeetingKind) -> QColor:
    return KIND_COLOURS[kind]


def short_label(kind: MeetingKind) -> str:
    return _(KIND_SHORT[kind])


def _looks() -> dict[tuple[MeetingKind, MeetingStatus], Look]:
    looks = {}
    for kind, colour in KIND_COLOURS.items():
        # Planned: only outlined, as on a paper wall plan; held: solid, done; cancelled: struck out.
        looks[kind, MeetingStatus.PLANNED] = Look(colour, tint(colour, 0.10), colour)
        looks[kind, MeetingStatus.HELD] = Look(WHITE, colour, None)
        looks[kind, MeetingStatus.CANCELLED] = Look(CANCELLED, None, None, strike=True)
    return looks


# Built once: a month of lines asks for these hundreds of times per paint.
_LOOKS = _looks()


def look(kind: MeetingKind, status: MeetingStatus) -> Look:
    return _LOOKS[kind, status]


def _luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) + 0.0722 * channel(colour.blue())


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def weekday_name(day: dt.date) -> str:
    return _(WEEKDAY_NAMES[day.weekday()])


def short_note(note: DayNote) -> str:
    return _BRACKETED.sub("", note.name).strip() or note.name


def time_range(row: MeetingRow) -> str:
    if row.ends_at is None:
        return f"{row.starts_at:%H:%M}"
    return f"{row.starts_at:%H:%M}–{row.ends_at:%H:%M}"


def line_text(row: MeetingRow) -> str:
    """"HH:MM name topic": a party group meeting is named by its group, which tells apart the
    groups meeting at the same hour; the kind shows in the colour as well."""
    name = row.group if row.kind is MeetingKind.GROUP and row.group else short_label(row.kind)
    return f"{row.starts_at:%H:%M} {name} {row.title}"


def describe(row: MeetingRow) -> str:
    """A meeting in a few lines, for tooltips."""
    where = f"{row.branch} · {row.group}" if row.group else row.branch
    lines = [f"{row.starts_at:%Y-%m-%d} {time_range(row)}  {row.kind.label}", where, row.title]
    if row.place:
        lines.append(_("Place: {place}").format(place=row.place))
    status = row.status.label
    if row.cancel_reason:
        status = _("{status} ({reason})").format(status=status, reason=row.cancel_reason)
    lines.append(status)
    if row.minutes_missing:
        lines.append(_("The minutes are not written yet"))
    return "\n".join(lines)


def legend_html(minutes_missing: str) -> str:
    """The key to the grid: each kind's colour, then how each status is drawn."""
    sample = KIND_COLOURS[MeetingKind.GENERAL]
    # Swatches as coloured spaces: a "■" glyph is drawn tiny by some fonts.
    items = [f"<span style='background-color:{kind_colour(k).name()}'>&nbsp;&nbsp;&nbsp;</span>"
             f"&nbsp;{escape(short_label(k))}" for k in CALENDAR_KINDS]
    items += [
        "|",
        f"<span style='color:{sample.name()}; background-color:{tint(sample, 0.10).name()}'>"
        f"&nbsp;{escape(MeetingStatus.PLANNED.label)}&nbsp;</span>",
        f"<span style='color:#ffffff; background-color:{sample.name()}'>&nbsp;{escape(MeetingStatus.HELD.label)}"
        "&nbsp;</span>",
        f"<s style='color:{CANCELLED.name()}'>{escape(MeetingStatus.CANCELLED.label)}</s>",
        f"<b style='color:{PROBLEM.name()}'>!</b>&nbsp;{escape(minutes_missing)}",
    ]
    # A narrow window wraps the key between its items, never inside one (Chinese breaks anywhere).
    return "&nbsp; ".join(f"<span style='white-space:nowrap'>{item}</span>" for item in items)
