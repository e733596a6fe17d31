"""Party branches and their party groups."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from djdesk.domain.dates import PartialDate
from djdesk.domain.errors import ConflictError, NotFoundError, Problem, ValidationError
from djdesk.i18n import N_, _
from djdesk.store.models import Branch, PartyGroup
from djdesk.store.references import count_references

BRANCH_LABELS = {
    "name": N_("Branch name"),
    "full_name": N_("Full name for printouts"),
    "term_end": N_("Committee term ends"),
}


# The stored columns' lengths (String(60), String(120)); SQLite itself would take any length.
NAME_MAX, FULL_NAME_MAX = 60, 120


@dataclass(frozen=True)
class GroupView:
    id: int
    branch_id: int
    name: str


@dataclass(frozen=True)
class BranchView:
    id: int
    name: str
    full_name: str
    term_start: PartialDate | None
    term_end: PartialDate | None
    groups: tuple[GroupView, ...]


def _problem(field: str, message: str) -> Problem:
    label = BRANCH_LABELS[field]
    return Problem(field, _(label), message)


def _view(branch: Branch) -> BranchView:
    return BranchView(
        id=branch.id,
        name=branch.name,
        full_name=branch.full_name,
        term_start=branch.term_start,
        term_end=branch.term_end,
        groups=tuple(GroupView(g.id, g.branch_id, g.name) for g in branch.groups),
    )


def list_branches(session: Session) -> list[BranchView]:
    branches = session.scalars(
        select(Branch).options(selectinload(Branch.groups)).order_by(Branch.sort_order, Branch.id)
    )
    return [_view(b) for b in branches]


def _check_branch(
    session: Session,
    name: str,
    full_name: str,
    term_start: PartialDate | None,
    term_end: PartialDate | None,
    branch_id: int | None,
) -> None:
    problems = []
    if not name:
        problems.append(_problem("name", _("is required")))
    if not full_name:
        problems.append(_problem("full_name", _("is required")))
    for field, text, most in (("name", name, NAME_MAX), ("full_name", full_name, FULL_NAME_MAX)):
        if len(text) > most:
            problems.append(_problem(field, _("is longer than {count} characters").format(count=most)))
    if term_start and term_end and term_end.certainly_before(term_start):
        problems.append(_problem("term_end", _("is before the start of the term")))
    if problems:
        raise ValidationError(problems)
    holder = session.scalar(select(Branch.id).where(Branch.name == name))
    if holder is not None and holder != branch_id:
        problem = _problem("name", _("A branch named “{name}” already exists").format(name=name))
        raise ConflictError(problem.message, field="name", label=problem.label)


def add_branch(
    session: Session,
    name: str,
    full_name: str,
    *,
    term_start: PartialDate | None = None,
    term_end: PartialDate | None = None,
) -> BranchView:
    name, full_name = name.strip(), full_name.strip()
    _check_branch(session, name, full_name, term_start, term_end, None)
    order = session.scalar(select(func.coalesce(func.max(Branch.sort_order), 0))) or 0
    branch = Branch(
        name=name, full_name=full_name, term_start=term_start, term_end=term_end, sort_order=order + 1
    )
    session.add(branch)
    session.flush()
    return _view(branch)


def add_group(session: Session, branch_id: int, name: str) -> GroupView:
    name = name.strip()
    if not name:
        raise ValidationError([Problem("name", _("Party group"), _("is required"))])
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise NotFoundError(_("The party branch no longer exists"))
    if any(g.name == name for g in branch.groups):
        raise ConflictError(
            _("The branch already has a party group named “{name}”").format(name=name), field="name"
        )
    group = PartyGroup(branch_id=branch_id, name=name, sort_order=len(branch.groups) + 1)
    session.add(group)
    session.flush()
    return GroupView(group.id, group.branch_id, group.name)


def update_branch(
    session: Session,
    branch_id: int,
    name: str,
    full_name: str,
    *,
    term_start: PartialDate | None,
    term_end: PartialDate | None,
) -> BranchView:
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise NotFoundError(_("The party branch no longer exists"))
    name, full_name = name.strip(), full_name.strip()
    _check_branch(session, name, full_name, term_start, term_end, branch_id)
    branch.name, branch.full_name = name, full_name
    branch.term_start, branch.term_end = term_start, term_end
    session.flush()
    return _view(branch)


def rename_group(session: Session, group_id: int, name: str) -> GroupView:
    group = session.get(PartyGroup, group_id)
    if group is None:
        raise NotFoundError(_("The party group no longer exists"))
    name = name.strip()
    if not name:
        raise ValidationError([Problem("name", _("Party group"), _("is required"))])
    if any(g.name == name and g.id != group_id for g in group.branch.groups):
        raise ConflictError(
            _("The branch already has a party group named “{name}”").format(name=name), field="name"
        )
    group.name = name
    session.flush()
    return GroupView(group.id, group.branch_id, group.name)


def remove_group(session: Session, group_id: int) -> None:
    """Remove a party group nobody belongs to and no meeting names; otherwise refuse."""
    group = session.get(PartyGroup, group_id)
    if group is None:
        raise NotFoundError(_("The party group no longer exists"))
    refs = count_references(session, "party_group", group_id)
    if refs:
        raise ConflictError(
            _("The party group “{name}” still has members or meetings; move them first.").format(
                name=group.name
            )
        )
    session.delete(group)
    session.flush()
