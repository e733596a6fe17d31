"""Meetings of 三会一课 and the rest: their kinds and states."""

from __future__ import annotations

from djdesk.domain.choices import Choice
from djdesk.i18n import N_


class MeetingKind(Choice):
    GENERAL = ("general", N_("Branch general meeting"))
    COMMITTEE = ("committee", N_("Branch committee meeting"))
    GROUP = ("group", N_("Party group meeting"))
    LECTURE = ("lecture", N_("Party lecture"))
    THEME_DAY = ("theme_day", N_("Theme party day"))
    LIFE_MEETING = ("life_meeting", N_("Organisational life meeting"))
    REVIEW = ("review", N_("Democratic review of members"))
    TALK = ("talk", N_("Heart-to-heart talk"))
    OTHER = ("other", N_("Other meeting"))


class MeetingStatus(Choice):
    PLANNED = ("planned", N_("Planned"))
    HELD = ("held", N_("Held"))
    CANCELLED = ("cancelled", N_("Cancelled"))


class AttendanceStatus(Choice):
    PRESENT = ("present", N_("Present"))
    LEAVE = ("leave", N_("On leave"))
    ABSENT = ("absent", N_("Absent"))


# What counts as taking part in 组织生活 (党章 Article 9): the branch's meetings, not a
# one-to-one talk or a meeting of another kind.
ORGANISATIONAL_LIFE = frozenset({
    MeetingKind.GENERAL, MeetingKind.COMMITTEE, MeetingKind.GROUP, MeetingKind.LECTURE,
    MeetingKind.THEME_DAY, MeetingKind.LIFE_MEETING, MeetingKind.REVIEW,
})
