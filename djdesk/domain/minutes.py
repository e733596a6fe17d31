"""What a printed meeting record says: its title by kind, the time line, the absences, its state."""

from __future__ import annotations

import datetime as dt
import hashlib

from djdesk.domain.choices import Choice
from djdesk.domain.meetings import AttendanceStatus, MeetingKind
from djdesk.i18n import N_, _


class MinutesState(Choice):
    NOT_HELD = ("not_held", N_("Not held yet"))
    EMPTY = ("empty", N_("Not written"))
    WRITTEN = ("written", N_("Written"))
    PRINTED = ("printed", N_("Printed"))
    CHANGED = ("changed", N_("Changed since printed"))


# The title a record of each kind carries on paper (支部党员大会会议记录, 党课记录, ...).
_TITLES = {
    MeetingKind.GENERAL: N_("Minutes of the branch general meeting"),
    MeetingKind.COMMITTEE: N_("Minutes of the branch committee meeting"),
    MeetingKind.GROUP: N_("Minutes of the party group meeting"),
    MeetingKind.LECTURE: N_("Record of the party lecture"),
    MeetingKind.THEME_DAY: N_("Record of the theme party day"),
    MeetingKind.LIFE_MEETING: N_("Minutes of the organisational life meeting"),
    MeetingKind.REVIEW: N_("Minutes of the democratic review of members"),
    MeetingKind.OTHER: N_("Minutes of the meeting"),
}


def minutes_title(kind: MeetingKind) -> str:
    return _(_TITLES.get(kind, _TITLES[MeetingKind.OTHER]))


def date_text(day: dt.date) -> str:
    """A date as official records write it: 2026年6月15日 (no leading zeros)."""
    return _("{year}-{month}-{day}").format(year=day.year, month=day.month, day=day.day)


def time_text(starts: dt.datetime, ends: dt.datetime | None) -> str:
    """时间 of the header: 2026年6月15日 14:30—16:00, or only the start when the end is not known."""
    text = f"{date_text(starts.date())} {starts:%H:%M}"
    if ends is None:
        return text
    if ends.date() != starts.date():  # past midnight: rare, but then the date must be said
        return f"{text}—{date_text(ends.date())} {ends:%H:%M}"
    return f"{text}—{ends:%H:%M}"


def absence_text(name: str, status: AttendanceStatus, reason: str) -> str:
    """One entry of 缺席人员及原因: 张三（请假：病假）, 李四（缺席）."""
    label = status.label
    reason = reason.strip()
    return _("{name} ({status}: {reason})").format(name=name, status=label, reason=reason) if reason \
        else _("{name} ({status})").format(name=name, status=label)


def person_with_post(name: str, post: str) -> str:
    """主持人 with 职务: 单军（支部书记）."""
    post = post.strip()
    return _("{name} ({post})").format(name=name, post=post) if name and post else name


def digest(fields: tuple[object, ...]) -> str:
    """A fingerprint of what a printed page says, to tell later whether the record has changed."""
    return hashlib.sha256(repr(fields).encode("utf-8")).hexdigest()
