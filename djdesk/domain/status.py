"""Changes of a person's standing (转出, 转入, 停止党籍, 留党察看, death…): what each needs and
what it does to the record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from djdesk.domain.choices import Choice
from djdesk.domain.dates import PartialDate, add_months
from djdesk.domain.errors import Problem, ValidationError
from djdesk.domain.people import (
    PIPELINE_DATES,
    LeftReason,
    MembershipStatus,
    PoliticalStatus,
    Stage,
)
from djdesk.domain.pipeline import EXTENSION_MONTHS
from djdesk.i18n import N_, _

OBSERVATION_MONTHS = (12, 24)  # 留党察看 is one or two years (党章 Article 41)


class ChangeKind(Choice):
    TRANSFER_OUT = ("transfer_out", N_("Transfer out"))
    TRANSFER_IN = ("transfer_in", N_("Transfer in"))
    SUSPENDED = ("suspended", N_("Membership suspended"))
    OBSERVATION = ("observation", N_("Probation within the party"))
    RESTORED = ("restored", N_("Rights restored"))
    EXTENDED = ("extended", N_("Probation extended"))
    LOST = ("lost", N_("Membership ended"))
    DECEASED = ("deceased", N_("Death"))
    LEFT = ("left", N_("Left the school"))


# Which kinds only apply to party members; the rest apply to anyone on the staff list.
MEMBERS_ONLY = {
    ChangeKind.TRANSFER_OUT, ChangeKind.SUSPENDED, ChangeKind.OBSERVATION, ChangeKind.RESTORED,
    ChangeKind.EXTENDED, ChangeKind.LOST,
}

CHANGE_LABELS = {
    "on": N_("Date"),
    "organisation": N_("Organisation"),
    "letter_no": N_("Letter of introduction number"),
    "dues_until": N_("Dues paid up to"),
    "months": N_("Period"),
    "note": N_("Details"),
}


@dataclass(frozen=True)
class Change:
    """A change as the user describes it; `validate_change` says what is missing."""

    kind: ChangeKind
    on: PartialDate | None = None
    organisation: str = ""  # where to (transfer out) or from (transfer in)
    letter_no: str = ""  # 介绍信 number
    dues_until: PartialDate | None = None  # month the dues were paid up to (转出)
    months: int | None = None  # 留党察看 period or the probation's extension
    note: str = ""


@dataclass(frozen=True)
class Standing:
    """What a change depends on: the person's current standing."""

    political_status: PoliticalStatus
    stage: Stage | None
    membership_status: MembershipStatus
    birth_date: PartialDate
    joined_on: PartialDate | None
    left_on: PartialDate | None
    probation_extended_months: int | None
    left_reason: LeftReason | None = None


def change_label(field: str) -> str:
    return _(CHANGE_LABELS[field])


def _problem(field: str, message: str) -> Problem:
    return Problem(field, change_label(field), message)


def validate_change(change: Change, standing: Standing, *, today: dt.date) -> Change:
    """The change with its text trimmed, or ValidationError naming each problem."""
    problems: list[Problem] = []
    kind = change.kind
    organisation, letter_no, note = change.organisation.strip(), change.letter_no.strip(), change.note.strip()
    if change.on is None:
        problems.append(_problem("on", _("is required")))
    elif change.on.first_day() > today:
        problems.append(_problem("on", _("is in the future")))
    elif change.on.certainly_before(standing.birth_date):
        problems.append(_problem("on", _("is before the date of birth")))
    if kind in MEMBERS_ONLY and not standing.political_status.is_party_member:
        problems.append(_problem("on", _("only applies to party members")))
    elif (kind in MEMBERS_ONLY and change.on and standing.joined_on
          and change.on.certainly_before(standing.joined_on)):
        problems.append(_problem("on", _("is before the date of joining the party ({date})").format(
            date=standing.joined_on.display())))
    if standing.left_on is not None and kind is not ChangeKind.TRANSFER_IN:
        problems.append(_problem("on", _("this person has already left (on {date})").format(
            date=standing.left_on.display())))
    if standing.left_reason is LeftReason.DECEASED:
        problems.append(_problem("on", _("this person is recorded as deceased; if that was a mistake, "
                                         "undo the last change first")))
    if kind is ChangeKind.LEFT and standing.political_status.is_party_member:
        problems.append(_problem("on", _("a party member who leaves the school has the membership "
                                         "transferred: record a transfer out")))
    if kind in (ChangeKind.TRANSFER_OUT, ChangeKind.TRANSFER_IN) and not organisation:
        problems.append(_problem("organisation", _("name the organisation")))
    if kind is ChangeKind.TRANSFER_OUT and change.dues_until and change.on and (
            add_months(change.on, 12).certainly_before(change.dues_until)):
        problems.append(_problem("dues_until", _("is more than a year after the transfer")))
    if kind is ChangeKind.OBSERVATION and change.months not in OBSERVATION_MONTHS:
        problems.append(_problem("months", _("probation within the party lasts one or two years")))
    if kind is ChangeKind.EXTENDED:
        if standing.stage is not Stage.PROBATIONARY:
            problems.append(_problem("on", _("only a probationary member's probation can be extended")))
        elif standing.probation_extended_months:
            problems.append(_problem("on", _("a probation may be extended only once")))
        if change.months not in EXTENSION_MONTHS:
            problems.append(_problem("months", _("a probation is extended by six to twelve months")))
    if kind is ChangeKind.RESTORED and standing.membership_status is MembershipStatus.NORMAL:
        problems.append(_problem("on", _("the membership is already normal")))
    if kind in (ChangeKind.SUSPENDED, ChangeKind.OBSERVATION) and (
            standing.membership_status is not MembershipStatus.NORMAL):
        problems.append(_problem("on", _("the membership is already {status}").format(
            status=standing.membership_status.label)))
    if kind in (ChangeKind.LOST, ChangeKind.SUSPENDED) and not note:
        problems.append(_problem("note", _("give the decision and its reason")))
    if problems:
        raise ValidationError(problems)
    return Change(kind, change.on, organisation, letter_no, change.dues_until,
                  change.months if kind in (ChangeKind.OBSERVATION, ChangeKind.EXTENDED) else None,
                  note)


def effect(change: Change) -> dict[str, object]:
    """The person's fields a (validated) change sets."""
    assert change.on is not None
    on, kind = change.on, change.kind
    if kind is ChangeKind.TRANSFER_OUT:
        return {"left_on": on, "left_reason": LeftReason.TRANSFERRED_OUT, "left_note": change.organisation}
    if kind is ChangeKind.TRANSFER_IN:
        return {"transferred_in_on": on, "transferred_in_from": change.organisation,
                "left_on": None, "left_reason": None, "left_note": ""}
    if kind is ChangeKind.SUSPENDED:
        return {"membership_status": MembershipStatus.SUSPENDED, "membership_status_since": on,
                "membership_status_until": None}
    if kind is ChangeKind.OBSERVATION:
        assert change.months is not None
        return {"membership_status": MembershipStatus.OBSERVATION, "membership_status_since": on,
                "membership_status_until": add_months(on, change.months)}
    if kind is ChangeKind.RESTORED:
        return {"membership_status": MembershipStatus.NORMAL, "membership_status_since": on,
                "membership_status_until": None}
    if kind is ChangeKind.EXTENDED:
        return {"probation_extended_months": change.months}
    if kind is ChangeKind.LOST:
        # The pipeline's dates and an extension belonged to that membership: a later
        # admission starts afresh. They stay in the event (its `before`) and the history.
        return {"political_status": PoliticalStatus.MASSES, "stage": None,
                "membership_status": MembershipStatus.NORMAL, "membership_status_since": on,
                "membership_status_until": None, "party_post": "", "branch_id": None, "group_id": None,
                "probation_extended_months": None, **{field: None for field in PIPELINE_DATES},
                "introducers": "", "contacts": ""}
    if kind is ChangeKind.DECEASED:
        return {"left_on": on, "left_reason": LeftReason.DECEASED, "left_note": change.note}
    return {"left_on": on, "left_reason": LeftReason.RESIGNED, "left_note": change.note}
