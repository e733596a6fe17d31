"""首次设置: the school, its branches (with their committee terms) and their secretaries,
checked as a whole and written in one transaction on the first start."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from djdesk.domain.dates import PartialDate, add_months
from djdesk.domain.errors import Problem, ValidationError
from djdesk.domain.people import PersonDraft, PoliticalStatus, Post, field_label
from djdesk.domain.person_rules import validate
from djdesk.i18n import _
from djdesk.services import branches as branch_service
from djdesk.services import members
from djdesk.services import settings as settings_service

SCHOOL_NAME_MAX = 60  # printed in headers; settings hold any length, a header does not
BRANCH_NAME_MAX, FULL_NAME_MAX = branch_service.NAME_MAX, branch_service.FULL_NAME_MAX
SECRETARY_POST = "书记"  # the party post (党内职务) as the roster writes it; data, not UI text
TERM_YEARS = range(1, 11)  # as 设置 allows


@dataclass(frozen=True)
class BranchAnswer:
    name: str
    full_name: str
    term_start: PartialDate | None = None
    term_end: PartialDate | None = None


@dataclass(frozen=True)
class SecretaryAnswer:
    """The secretary of `branches[branch]`; a row left wholly blank is no secretary."""

    branch: int
    name: str = ""
    id_number: str = ""
    joined_on: PartialDate | None = None
    post: Post = Post.TEACHER

    @property
    def blank(self) -> bool:
        return not (self.name.strip() or self.id_number.strip() or self.joined_on)


@dataclass(frozen=True)
class SetupAnswers:
    school_name: str
    committee_term_years: int = 5
    branches: tuple[BranchAnswer, ...] = ()
    secretaries: tuple[SecretaryAnswer, ...] = ()


def suggested_full_name(school: str, branch: str) -> str:
    """中共××中学第一党支部: how a branch's full name is usually written on its records."""
    return f"中共{school.strip()}{branch.strip()}" if branch.strip() else ""


def term_end(start: PartialDate | None, years: int) -> PartialDate | None:
    """The end of a committee term begun on `start`: the same month `years` later."""
    if start is None:
        return None
    return add_months(start, 12 * years)


def branch_field(index: int, key: str) -> str:
    return f"branch.{index}.{key}"


def secretary_field(index: int, key: str) -> str:
    return f"secretary.{index}.{key}"


def _branch_label(answers: SetupAnswers, index: int) -> str:
    name = answers.branches[index].name.strip()
    return name or _("Branch {number}").format(number=index + 1)


def _branch_problem(answers: SetupAnswers, index: int, key: str, message: str) -> Problem:
    label = branch_service.BRANCH_LABELS[key]
    return Problem(branch_field(index, key), _("{branch}: {field}").format(
        branch=_branch_label(answers, index), field=_(label)), message)


def check(answers: SetupAnswers, *, today: dt.date) -> None:
    """Raise ValidationError listing everything wrong, with the fields named as
    `school_name`, `branches`, `branch.N.name|full_name|term_end` and
    `secretary.N.name|id_number|joined_on`, each label saying which branch it is about."""
    problems: list[Problem] = []
    if not answers.school_name.strip():
        problems.append(Problem("school_name", _("School name"), _("is required")))
    elif len(answers.school_name.strip()) > SCHOOL_NAME_MAX:
        problems.append(Problem("school_name", _("School name"), _("is longer than {count} characters").format(
            count=SCHOOL_NAME_MAX)))
    if answers.committee_term_years not in TERM_YEARS:
        problems.append(Problem("committee_term_years", _("Branch committee term"),
                                _("must be between 1 and 10 years")))
    if not answers.branches:
        problems.append(Problem("branches", _("Party branches"), _("at least one is required")))
    seen: set[str] = set()
    for index, branch in enumerate(answers.branches):
        for key in ("name", "full_name"):
            if not getattr(branch, key).strip():
                problems.append(_branch_problem(answers, index, key, _("is required")))
        for key, most in (("name", BRANCH_NAME_MAX), ("full_name", FULL_NAME_MAX)):
            if len(getattr(branch, key).strip()) > most:
                problems.append(_branch_problem(answers, index, key, _("is longer than {count} characters").format(
                    count=most)))
        name = branch.name.strip()
        if name and name in seen:
            problems.append(_branch_problem(answers, index, "name", _("is entered twice")))
        seen.add(name)
        if branch.term_start and branch.term_end and branch.term_end.certainly_before(branch.term_start):
            problems.append(_branch_problem(answers, index, "term_end", _("is before the start of the term")))
    numbers: set[str] = set()
    for index, secretary in enumerate(answers.secretaries):
        if secretary.blank or not 0 <= secretary.branch < len(answers.branches):
            continue
        where = _("{branch} secretary").format(branch=_branch_label(answers, secretary.branch))
        try:
            clean = validate(_secretary_draft(secretary, branch_id=0), today=today)
        except ValidationError as error:
            problems.extend(Problem(secretary_field(index, p.field or "name"), _("{branch}: {field}").format(
                branch=where, field=p.label), p.message) for p in error.problems)
            continue
        if clean.id_number in numbers:
            problems.append(Problem(secretary_field(index, "id_number"), _("{branch}: {field}").format(
                branch=where, field=field_label("id_number")),
                _("is already the number of another branch's secretary")))
        numbers.add(clean.id_number)
    if problems:
        raise ValidationError(problems)


def _secretary_draft(secretary: SecretaryAnswer, *, branch_id: int) -> PersonDraft:
    # A branch secretary is a full member (党章: 正式党员); the rest of the record is filled in
    # later, by hand or by a roster import that matches the ID number.
    return PersonDraft(
        name=secretary.name, id_number=secretary.id_number, joined_on=secretary.joined_on,
        post=secretary.post, political_status=PoliticalStatus.CPC_MEMBER, branch_id=branch_id,
        party_post=SECRETARY_POST,
    )


def apply(session: Session, answers: SetupAnswers, *, today: dt.date) -> None:
    """Write the answers: settings, branches, secretaries. Raises (and writes nothing, the
    caller's transaction being rolled back) on any problem, e.g. a branch added meanwhile."""
    check(answers, today=today)
    current = settings_service.load(session)
    settings_service.save(session, dataclasses.replace(
        current, school_name=answers.school_name.strip(),
        committee_term_years=answers.committee_term_years))
    made = [branch_service.add_branch(session, b.name, b.full_name, term_start=b.term_start,
                                      term_end=b.term_end) for b in answers.branches]
    for secretary in answers.secretaries:
        if not secretary.blank:
            members.add(session, _secretary_draft(secretary, branch_id=made[secretary.branch].id),
                        today=today)
