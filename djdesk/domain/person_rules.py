"""The rules a person's record must keep: ID number, required fields, the pipeline's dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from djdesk.domain import idnumber
from djdesk.domain.dates import PartialDate, full_years
from djdesk.domain.errors import Problem, ValidationError
from djdesk.domain.people import (
    PIPELINE_DATES,
    DocumentType,
    MembershipStatus,
    PersonDraft,
    PoliticalStatus,
    Sex,
    Stage,
    field_label,
)
from djdesk.i18n import _

NAME_MAX = 30
# A monthly salary or pension above this is a typing error, not a dues base (issue 12's rule).
DUES_BASE_MAX_FEN = 1_000_000 * 100
EARLIEST_BIRTH = dt.date(1900, 1, 1)
ADULT_AGE = 18

_PHONE_SEPARATORS = re.compile(r"[\s\-－—()（）]")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９－", "0123456789-")


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []
        self._fields: set[str] = set()

    def add(self, field: str, message: str) -> None:
        # One message per field is enough for the user to act on.
        if field not in self._fields:
            self._fields.add(field)
            self.items.append(Problem(field, field_label(field), message))

    def has(self, field: str) -> bool:
        return field in self._fields



def normalise_phone(raw: str) -> str | None:
    """A mobile number as 11 digits, or a landline as 0931-1234567; None when neither."""
    text = raw.translate(_FULL_WIDTH_DIGITS).strip()
    if not text:
        return ""
    if text.startswith("+86"):
        text = text[3:]
    digits = _PHONE_SEPARATORS.sub("", text)
    if digits.startswith("1"):
        return digits if len(digits) == 11 and digits.isdigit() else None
    compact = text.replace(" ", "")
    if _LANDLINE.match(compact):
        return compact
    return None


def validate(draft: PersonDraft, *, today: dt.date) -> PersonDraft:
    """Return the draft normalised (ID number cleaned, birth date and sex filled from it,
    stage agreeing with 政治面貌), or raise ValidationError listing every problem."""
    problems = _Problems()
    changes: dict[str, object] = {}

    name = " ".join(draft.name.split())
    changes["name"] = name
    if not name:
        problems.add("name", _("is required"))
    elif len(name) > NAME_MAX:
        problems.add("name", _("is longer than {count} characters").format(count=NAME_MAX))

    birth, sex = draft.birth_date, draft.sex
    if draft.document_type is DocumentType.RESIDENT_ID:
        birth, sex = _check_citizen_id(draft, problems, changes)
    else:
        changes["id_number"] = draft.id_number.strip()
        if not changes["id_number"]:
            problems.add("id_number", _("is required"))
    # With a citizen ID number that is wrong, birth date and sex are not "missing": they
    # follow from the number once it is right, so asking for them now would mislead.
    from_id = draft.document_type is DocumentType.RESIDENT_ID and problems.has("id_number")

    if sex is None and not problems.has("sex") and not from_id:
        problems.add("sex", _("is required"))
    changes["sex"] = sex
    changes["birth_date"] = birth
    if birth is None:
        if not problems.has("birth_date") and not from_id:
            problems.add("birth_date", _("is required"))
    elif birth.first_day() > today:
        problems.add("birth_date", _("is in the future"))
    elif birth.last_day() < EARLIEST_BIRTH:
        problems.add("birth_date", _("is before 1900"))

    if draft.post is None:
        problems.add("post", _("is required"))

    phone = normalise_phone(draft.phone)
    if phone is None:
        problems.add("phone", _("should be an 11-digit mobile number (or a landline like 0931-1234567)"))
    else:
        changes["phone"] = phone

    if draft.dues_base_fen is not None and draft.dues_base_fen < 0:
        problems.add("dues_base_fen", _("cannot be negative"))
    elif draft.dues_base_fen is not None and draft.dues_base_fen > DUES_BASE_MAX_FEN:
        problems.add("dues_base_fen", _("is more than 1,000,000 yuan a month; check the amount"))

    changes["stage"] = _check_standing(draft, problems)
    _check_dates(draft, birth, problems, today)

    if problems.items:
        raise ValidationError(problems.items)
    return dataclasses.replace(
        draft,
        **changes,
        ethnicity=draft.ethnicity.strip(),
        native_place=draft.native_place.strip(),
        title=draft.title.strip(),
        department=draft.department.strip(),
        party_post=draft.party_post.strip(),
        introducers=draft.introducers.strip(),
        contacts=draft.contacts.strip(),
        transferred_in_from=draft.transferred_in_from.strip(),
    )


def _check_citizen_id(
    draft: PersonDraft, problems: _Problems, changes: dict[str, object]
) -> tuple[PartialDate | None, Sex | None]:
    birth, sex = draft.birth_date, draft.sex
    try:
        citizen = idnumber.parse(draft.id_number)
    except idnumber.InvalidIdNumber as error:
        message = _("is required") if error.problem is idnumber.IdProblem.EMPTY else error.message()
        problems.add("id_number", message)
        changes["id_number"] = draft.id_number.strip()
        return birth, sex
    changes["id_number"] = citizen.number
    from_id = PartialDate.of(citizen.birth_date)
    if birth is None:
        birth = from_id
    elif not birth.agrees_with(citizen.birth_date):
        problems.add(
            "birth_date",
            _("{entered} does not match the ID number, which says {from_id}").format(
                entered=birth.display(), from_id=from_id.display()
            ),
        )
    elif not birth.precise:
        birth = from_id  # the ID number knows the day the typed month left out
    id_sex = Sex.MALE if citizen.male else Sex.FEMALE
    if sex is None:
        sex = id_sex
    elif sex is not id_sex:
        problems.add(
            "sex",
            _("{entered} does not match the ID number, which says {from_id}").format(
                entered=sex.label, from_id=id_sex.label
            ),
        )
    return birth, sex


def _check_standing(draft: PersonDraft, problems: _Problems) -> Stage | None:
    """The stage must agree with 政治面貌; party members need a branch and a join date."""
    status, stage = draft.political_status, draft.stage
    member_stage = {
        PoliticalStatus.CPC_MEMBER: Stage.FULL,
        PoliticalStatus.CPC_PROBATIONARY: Stage.PROBATIONARY,
    }.get(status)
    if member_stage is not None:
        if stage is not None and stage is not member_stage:
            problems.add(
                "stage",
                _("must be “{stage}” for a {status}").format(
                    stage=member_stage.label, status=status.label
                ),
            )
        stage = member_stage
        if draft.branch_id is None:
            problems.add("branch_id", _("is required for a party member"))
        if draft.joined_on is None:
            problems.add("joined_on", _("is required for a party member"))
    elif stage in (Stage.FULL, Stage.PROBATIONARY):
        problems.add(
            "stage",
            _("“{stage}” needs the political status “{status}”").format(
                stage=stage.label,
                status=(
                    PoliticalStatus.CPC_MEMBER if stage is Stage.FULL else PoliticalStatus.CPC_PROBATIONARY
                ).label,
            ),
        )
    if draft.group_id is not None and draft.branch_id is None:
        problems.add("group_id", _("needs a party branch"))
    if draft.membership_status is not MembershipStatus.NORMAL:
        if not status.is_party_member:
            problems.add("membership_status", _("applies only to party members"))
        elif draft.membership_status_since is None:
            problems.add("membership_status_since", _("is required"))
    since, until = draft.membership_status_since, draft.membership_status_until
    if since and until and until.certainly_before(since):
        problems.add("membership_status_until", _("is before the start of the status"))
    return stage


def _check_dates(
    draft: PersonDraft, birth: PartialDate | None, problems: _Problems, today: dt.date
) -> None:
    """Pipeline dates in order, none in the future or before the person was born (typing
    1085 for 1985), and the applicant of age."""
    for field in (*PIPELINE_DATES, "work_start", "transferred_in_on", "membership_status_since"):
        value: PartialDate | None = getattr(draft, field)
        if value is None:
            continue
        if value.first_day() > today:
            problems.add(field, _("is in the future"))
        elif value.last_day() < EARLIEST_BIRTH:
            problems.add(field, _("is before 1900"))
        elif birth is not None and value.certainly_before(birth):
            problems.add(field, _("is before the date of birth"))
    present = [(f, getattr(draft, f)) for f in PIPELINE_DATES if getattr(draft, f) is not None]
    for index, (later_field, later) in enumerate(present):
        for earlier_field, earlier in present[:index]:
            if later.certainly_before(earlier):
                problems.add(
                    later_field,
                    _("{date} is before “{earlier}” ({earlier_date})").format(
                        date=later.display(),
                        earlier=field_label(earlier_field),
                        earlier_date=earlier.display(),
                    ),
                )
                break
    if birth is not None and present:
        first_field, first = present[0]
        # Certainly under age only if even the last possible day of a month-only date is.
        if full_years(birth.first_day(), first.last_day()) < ADULT_AGE:
            problems.add(
                first_field,
                _("{date}: the person was not yet {age} years old").format(
                    date=first.display(), age=ADULT_AGE
                ),
            )
