"""The 25 steps of 中国共产党发展党员工作细则 (2014), the warnings when a rule is broken, and
moving a person on to the next stage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from djdesk.domain.dates import PartialDate, add_months, add_years
from djdesk.domain.people import MembershipStatus, PersonDraft, PoliticalStatus, Stage
from djdesk.i18n import N_, _

EXTENSION_MONTHS = range(6, 13)  # 预备期 may be extended once, by six to twelve months


@dataclass(frozen=True)
class StepDef:
    number: int
    code: str
    label: str  # untranslated
    stage: int  # 1-5
    person_field: str | None = None  # the step's date is this field of the person
    who: str | None = None  # "contacts" or "introducers": the step names people
    repeats: bool = False  # done again and again (the half-yearly reviews)


STAGES = (  # headings of the five stages, numbered as the 细则 numbers them
    N_("Stage 1: Application for membership"),
    N_("Stage 2: Activists chosen and trained"),
    N_("Stage 3: Development candidates chosen and examined"),
    N_("Stage 4: Admission as probationary member"),
    N_("Stage 5: Probation and full membership"),
)
STEPS = (
    StepDef(1, "applied", N_("Application letter submitted"), 1, person_field="applied_on"),
    StepDef(2, "talk", N_("Talk with the applicant (within a month)"), 1),
    StepDef(3, "activist", N_("Chosen as activist"), 2, person_field="activist_on"),
    StepDef(4, "activist_filed", N_("Reported to the higher committee"), 2),
    StepDef(5, "contacts", N_("Contact persons assigned"), 2, who="contacts"),
    StepDef(6, "review", N_("Training and examination (every half year)"), 2, repeats=True),
    StepDef(7, "candidate", N_("Chosen as development candidate"), 3, person_field="candidate_on"),
    StepDef(8, "candidate_filed", N_("Reported to the higher committee"), 3),
    StepDef(9, "introducers", N_("Introducers chosen"), 3, who="introducers"),
    StepDef(10, "political_review", N_("Political review"), 3),
    StepDef(11, "training", N_("Concentrated training (3 days or 24 class hours)"), 3),
    StepDef(12, "committee_review", N_("Examined by the branch committee"), 4),
    StepDef(13, "pre_review", N_("Preliminary review by the higher committee"), 4),
    StepDef(14, "application_form", N_("Application form (入党志愿书) filled in"), 4),
    StepDef(15, "admitted", N_("Admitted by the branch general meeting"), 4, person_field="joined_on"),
    StepDef(16, "higher_talk", N_("Talk by the higher committee"), 4),
    StepDef(17, "approved", N_("Approved by the higher committee (within 3 months)"), 4),
    StepDef(18, "admission_filed", N_("Filed with the organisation department"), 4),
    StepDef(19, "assigned", N_("Placed in a branch and party group"), 5),
    StepDef(20, "oath", N_("Oath taken"), 5),
    StepDef(21, "education", N_("Further education and examination"), 5, repeats=True),
    StepDef(22, "full_application", N_("Application for full membership"), 5),
    StepDef(23, "full_meeting", N_("Discussed by the branch general meeting"), 5),
    StepDef(24, "full_approved", N_("Approved by the higher committee"), 5, person_field="full_on"),
    StepDef(25, "archived", N_("Papers filed"), 5),
)
BY_CODE = {step.code: step for step in STEPS}


@dataclass(frozen=True)
class StepRecord:
    """A step as recorded (beyond the five dates kept on the person): its date and a note.
    The people a step names are the person's 培养联系人 and 入党介绍人 fields."""

    code: str
    on: PartialDate | None = None
    note: str = ""


def split_names(text: str) -> list[str]:
    """Names as offices write a list of them: 甲、乙 / 甲，乙 / 甲 乙."""
    for separator in ("，", ",", "；", ";", " ", "\u3000", "/"):
        text = text.replace(separator, "、")
    return [name for name in text.split("、") if name]


@dataclass(frozen=True)
class Standing:
    """An introducer's standing, enough to tell whether they may introduce anyone."""

    name: str
    status: PoliticalStatus
    membership: MembershipStatus


@dataclass(frozen=True)
class RuleWarning:
    """A rule of the 细则 the record breaks (not the built-in Warning: nothing is raised)."""

    step: str  # the step the warning is about
    message: str


def probation_end(joined: PartialDate, extended_months: int | None = None) -> PartialDate:
    """When the 预备期 ends: a year after joining, plus an extension if one was decided; to
    the month when the joining date is known only to the month."""
    return add_months(joined, 12 + (extended_months or 0))


def _more_than_months(a: PartialDate, b: PartialDate, months: int) -> bool:
    """Whether `b` is certainly later than `months` calendar months after `a` (a talk on
    1 April is within a month of an application on 1 March; on 2 April it is not)."""
    return add_months(a, months).certainly_before(b)


def _month_of(day: PartialDate) -> PartialDate:
    return PartialDate(day.year, day.month)


def warnings(draft: PersonDraft, records: list[StepRecord], introducers: Mapping[str, Standing],
             today: dt.date, extended_months: int | None = None) -> list[RuleWarning]:
    """The rules of the 细则 a record breaks. Warnings, not refusals: old records are often
    incomplete, and the office must be able to write down what actually happened.
    `introducers` gives the standing of those named introducers who are in the roster."""
    found: list[RuleWarning] = []
    by_code: dict[str, list[StepRecord]] = {}
    for record in records:
        by_code.setdefault(record.code, []).append(record)

    def first(code: str) -> PartialDate | None:
        dates = [r.on for r in by_code.get(code, ()) if r.on]
        return min(dates, key=lambda d: d.sort_key()) if dates else None

    applied, activist, candidate = draft.applied_on, draft.activist_on, draft.candidate_on
    joined, full = draft.joined_on, draft.full_on
    talk = first("talk")
    if applied and talk and talk.certainly_before(applied):
        found.append(RuleWarning("talk", _("the talk is dated before the application")))
    elif applied and talk and _more_than_months(applied, talk, 1):
        found.append(RuleWarning("talk", _("the talk was more than a month after the application")))
    if activist and candidate and candidate.certainly_before(
            PartialDate.of(add_years(activist.first_day(), 1))):
        found.append(RuleWarning("candidate", _("chosen as development candidate less than a year after "
                                            "becoming an activist")))
    # Old records seldom list the reviews: ask for them of current activists, or once some are kept.
    if activist and (draft.stage is Stage.ACTIVIST or "review" in by_code):
        until = candidate or PartialDate.of(today)
        reviews = sorted((r.on for r in by_code.get("review", ()) if r.on), key=lambda d: d.sort_key())
        marks = [activist, *reviews, until]
        # Counted in months: a review a few days past the half year is not a broken rule.
        if any(_more_than_months(_month_of(a), _month_of(b), 6) for a, b in zip(marks, marks[1:])):
            found.append(RuleWarning("review", _("more than half a year without a training and examination record")))
    names = split_names(draft.introducers)
    if names and len(names) != 2:
        found.append(RuleWarning("introducers", _("there should be two introducers")))
    # Their standing matters when they introduce: once the person is admitted, what happens
    # to an introducer later does not make the admission wrong.
    for name in names if joined is None else ():
        standing = introducers.get(name)
        if standing and (standing.status is not PoliticalStatus.CPC_MEMBER
                         or standing.membership is not MembershipStatus.NORMAL):
            found.append(RuleWarning("introducers", _("{name} is not a full member in good standing and "
                                                  "cannot introduce").format(name=standing.name)))
    approved = first("approved")
    if joined and approved and _more_than_months(joined, approved, 3):
        found.append(RuleWarning("approved", _("approved more than three months after the branch general meeting")))
    if extended_months is not None and extended_months not in EXTENSION_MONTHS:
        found.append(RuleWarning("full_approved", _("a probation is extended by six to twelve months")))
    if joined and full:
        expected = probation_end(joined, extended_months)
        if expected.precise and full.precise:
            agrees = expected == full
        else:  # to the month when either date is known only to the month
            agrees = (expected.year, expected.month) == (full.year, full.month)
        if not agrees:
            if extended_months:
                message = _("full membership should date from {date}, when the extended probation ends")
            else:
                message = _("full membership should date from {date}, one year after joining")
            found.append(RuleWarning("full_approved", message.format(date=expected.display())))
    return found


@dataclass(frozen=True)
class NextStep:
    stage: Stage
    field: str  # the date it fills
    status: PoliticalStatus | None  # the political status it sets, for the last two stages


def next_step(draft: PersonDraft) -> NextStep | None:
    """What moving a person on means: the next stage, the date field it fills, the status."""
    order: list[tuple[Stage | None, NextStep]] = [
        (None, NextStep(Stage.APPLICANT, "applied_on", None)),
        (Stage.APPLICANT, NextStep(Stage.ACTIVIST, "activist_on", None)),
        (Stage.ACTIVIST, NextStep(Stage.CANDIDATE, "candidate_on", None)),
        (Stage.CANDIDATE, NextStep(Stage.PROBATIONARY, "joined_on", PoliticalStatus.CPC_PROBATIONARY)),
        (Stage.PROBATIONARY, NextStep(Stage.FULL, "full_on", PoliticalStatus.CPC_MEMBER)),
    ]
    if draft.political_status.is_party_member and draft.stage is Stage.FULL:
        return None
    if draft.stage is None and draft.political_status not in (
            PoliticalStatus.MASSES, PoliticalStatus.CYL_MEMBER):
        return None  # members of other parties do not apply (they would leave theirs first)
    return next((step for stage, step in order if stage == draft.stage), None)
