"""Meetings of 三会一课 and the rest: kinds, states, what a meeting record holds and its rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from djdesk.domain.choices import Choice
from djdesk.domain.dates import add_years
from djdesk.domain.errors import Problem, ValidationError
from djdesk.i18n import N_, _


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

# Kinds a meeting can be recorded as in the calendar (talks have their own records).
CALENDAR_KINDS = tuple(k for k in MeetingKind if k is not MeetingKind.TALK)

# How far from today a meeting may be dated: old paper records are entered, plans are made
# for the coming year; anything further is a typing slip (2062 for 2026).
YEARS_BACK = 30
YEARS_AHEAD = 2

MEETING_LABELS = {
    "kind": N_("Kind"),
    "also_counts_as": N_("Also counts as"),
    "year": N_("For the year"),
    "branch_id": N_("Branch"),
    "group_id": N_("Party group"),
    "title": N_("Topic"),
    "starts_at": N_("Starts"),
    "ends_at": N_("Ends"),
    "place": N_("Place"),
    "host_id": N_("Chair"),
    "recorder_id": N_("Recorder"),
    "lecturer_id": N_("Lecturer"),
    "expected": N_("Expected attendees"),
    "guests": N_("Guests in attendance"),
    "cancel_reason": N_("Reason for cancelling"),
    "content": N_("Minutes"),
    "resolution": N_("Resolution"),
}


def meeting_label(field: str) -> str:
    return _(MEETING_LABELS[field])


def problem(field: str, message: str) -> Problem:
    return Problem(field, meeting_label(field), message)


def counts_as(kind: MeetingKind, also: tuple[MeetingKind, ...] | frozenset[MeetingKind]) -> frozenset[MeetingKind]:
    """Every kind a meeting counts for: its own and the ones it also counts as."""
    return frozenset((kind, *also))


def is_committee_post(post: str) -> bool:
    """A branch committee member by party post: 书记, 副书记 and the 委员."""
    post = post.strip()
    committee = {_(p) for p in (N_("Secretary"), N_("Deputy secretary"))}
    return bool(post) and ("书记" in post or "委员" in post or post in committee
                           or "secretary" in post.lower() or "committee" in post.lower())


def is_secretary_post(post: str) -> bool:
    """The branch secretary (书记), not the deputy (副书记)."""
    post = post.strip()
    if "副" in post or "deputy" in post.lower():
        return False
    return post.endswith("书记") or post.lower() in ("secretary", _("Secretary").lower())


@dataclass(frozen=True)
class MeetingDraft:
    """What the meeting form holds, before it is stored."""

    kind: MeetingKind
    year: int
    branch_id: int | None
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    also_counts_as: tuple[MeetingKind, ...] = ()
    group_id: int | None = None
    title: str = ""
    place: str = ""
    host_id: int | None = None
    recorder_id: int | None = None
    lecturer_id: int | None = None
    guests: str = ""
    expected: tuple[int, ...] = ()


def validate(draft: MeetingDraft, *, today: dt.date) -> None:
    """The rules a meeting's own fields must keep; raises ValidationError with every problem."""
    problems: list[Problem] = []
    if draft.kind is MeetingKind.TALK:
        problems.append(problem("kind", _("record heart-to-heart talks under 谈心谈话")))
    if draft.branch_id is None:
        problems.append(problem("branch_id", _("choose the branch")))
    if draft.kind is MeetingKind.GROUP and draft.group_id is None:
        problems.append(problem("group_id", _("a party group meeting needs its party group")))
    if draft.kind in draft.also_counts_as:
        problems.append(problem("also_counts_as", _("a meeting cannot also count as its own kind")))
    if MeetingKind.TALK in draft.also_counts_as:
        problems.append(problem("also_counts_as", _("a meeting cannot count as a heart-to-heart talk")))
    starts = draft.starts_at
    earliest = add_years(today, -YEARS_BACK)
    latest = add_years(today, YEARS_AHEAD)
    if starts.date() < earliest or starts.date() > latest:
        problems.append(problem("starts_at", _(
            "{date} is too far from today: a meeting is dated between {earliest} and {latest}").format(
                date=f"{starts:%Y-%m-%d}", earliest=f"{earliest:%Y-%m-%d}", latest=f"{latest:%Y-%m-%d}")))
    if draft.ends_at is not None:
        if draft.ends_at <= starts:
            problems.append(problem("ends_at", _("the meeting must end after it starts ({time})").format(
                time=f"{starts:%Y-%m-%d %H:%M}")))
        elif draft.ends_at - starts > dt.timedelta(hours=12):
            problems.append(problem("ends_at", _("a meeting lasts at most 12 hours")))
    if not starts.year - 1 <= draft.year <= starts.year:
        problems.append(problem("year", _(
            "a meeting held in {held} is for {held} or, held early in the year, for {before}").format(
                held=starts.year, before=starts.year - 1)))
    if draft.lecturer_id is not None and MeetingKind.LECTURE not in counts_as(draft.kind, draft.also_counts_as):
        problems.append(problem("lecturer_id", _("only a party lecture has a lecturer")))
    if not draft.title.strip():
        problems.append(problem("title", _("enter the topic")))
    if problems:
        raise ValidationError(problems)


# The headings a minutes body starts from, by kind; the office fills in the rest.
_TEMPLATES = {
    MeetingKind.GENERAL: N_("1. Agenda\n\n2. Proceedings\n\n3. Discussion\n\n4. Vote and resolution\n"),
    MeetingKind.COMMITTEE: N_("1. Agenda\n\n2. Reports and discussion\n\n3. Decisions and tasks\n"),
    MeetingKind.GROUP: N_("1. Study\n\n2. Discussion\n\n3. Arrangements\n"),
    MeetingKind.LECTURE: N_("Lecture title:\n\nMain points:\n\nDiscussion and reflections:\n"),
    MeetingKind.THEME_DAY: N_("1. Theme of the day\n\n2. Activities\n\n3. Reflections\n"),
    MeetingKind.LIFE_MEETING: N_(
        "1. The committee's report on checking itself\n\n2. Criticism and self-criticism\n\n"
        "3. Measures for improvement\n"),
    MeetingKind.REVIEW: N_("1. Self-evaluation\n\n2. Mutual evaluation\n\n3. Democratic vote\n\n"
                           "4. Decision of the branch\n"),
    MeetingKind.OTHER: N_("1. Agenda\n\n2. Proceedings\n"),
}


def minutes_template(kind: MeetingKind) -> str:
    return _(_TEMPLATES.get(kind, _TEMPLATES[MeetingKind.OTHER]))


def minutes_missing(status: MeetingStatus, content: str, kind: MeetingKind | None = None) -> bool:
    """A held meeting whose minutes are empty, or still only the template's headings."""
    if status is not MeetingStatus.HELD:
        return False
    text = content.strip()
    return not text or (kind is not None and text == minutes_template(kind).strip())
