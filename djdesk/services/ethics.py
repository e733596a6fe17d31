"""师德考核 periods: opening one with its scheme, scoring, the 优秀 cap, closing (freezing the
results) and reopening with a reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import String, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from djdesk.domain import ethics
from djdesk.domain.errors import (
    ConflictError,
    NotFoundError,
    Problem,
    UserError,
    ValidationError,
)
from djdesk.domain.ethics import WHOLE, BadScore, CapProposal, Scheme
from djdesk.domain.people import Post
from djdesk.i18n import N_, _
from djdesk.services.ethics_results import (
    Summary,
    TeacherResult,
    compute_results,
    results_from_json,
    results_to_json,
    summarise,
)
from djdesk.store.models import (
    AuditEntry,
    EthicsEntry,
    EthicsPeriod,
    EthicsScore,
    Person,
)

PERIOD_LABELS = {
    "name": N_("Name"),
    "starts_on": N_("From"),
    "ends_on": N_("To"),
    "reason": N_("Reason"),
}
MAX_PERIOD_DAYS = 2 * 366


def period_label(field: str) -> str:
    return _(PERIOD_LABELS[field])


@dataclass(frozen=True)
class PeriodDraft:
    name: str
    starts_on: dt.date
    ends_on: dt.date
    scheme: Scheme


@dataclass(frozen=True, slots=True)
class PeriodRow:
    id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    closed_on: dt.date | None
    teachers: int

    @property
    def closed(self) -> bool:
        return self.closed_on is not None


@dataclass(frozen=True)
class PeriodView:
    """A period as the tab shows it: its scheme, every teacher's result and the counts."""

    period: PeriodRow
    scheme: Scheme
    rows: tuple[TeacherResult, ...]
    summary: Summary
    reopen_reason: str


# -- periods ------------------------------------------------------------------------------
def list_periods(session: Session) -> list[PeriodRow]:
    """Newest first."""
    counts = dict(session.execute(
        select(EthicsEntry.period_id, func.count()).group_by(EthicsEntry.period_id)).all())
    return [
        PeriodRow(p.id, p.name, p.starts_on, p.ends_on, p.closed_on, counts.get(p.id, 0))
        for p in session.scalars(select(EthicsPeriod).order_by(EthicsPeriod.starts_on.desc(),
                                                                EthicsPeriod.id.desc()))
    ]


def default_draft(session: Session, today: dt.date) -> PeriodDraft:
    """The current school year (or the next not yet opened), scored as the latest period was."""
    names = set(session.scalars(select(EthicsPeriod.name)))
    start_year = today.year if today.month >= 9 else today.year - 1
    name, starts, ends = ethics.default_period(start_year)
    while name in names:
        start_year += 1
        name, starts, ends = ethics.default_period(start_year)
    latest = session.scalars(select(EthicsPeriod.scheme).order_by(EthicsPeriod.starts_on.desc(),
                                                                  EthicsPeriod.id.desc())).first()
    scheme = Scheme.from_json(latest) if latest else ethics.default_scheme()
    return PeriodDraft(name, starts, ends, scheme)


def _check(session: Session, draft: PeriodDraft, period_id: int | None = None) -> None:
    found: list[Problem] = []
    name = draft.name.strip()
    if not name:
        found.append(Problem("name", period_label("name"), _("give the period a name, e.g. School year 2025-2026")))
    elif len(name) > 40:
        found.append(Problem("name", period_label("name"), _("at most 40 characters")))
    elif session.scalar(select(EthicsPeriod.id).where(EthicsPeriod.name == name,
                                                      EthicsPeriod.id != (period_id or 0))):
        found.append(Problem("name", period_label("name"), _("another period already has this name")))
    if draft.ends_on <= draft.starts_on:
        found.append(Problem("ends_on", period_label("ends_on"), _("the period ends after it starts")))
    elif (draft.ends_on - draft.starts_on).days > MAX_PERIOD_DAYS:
        found.append(Problem("ends_on", period_label("ends_on"), _("a period is at most two years long")))
    found.extend(ethics.scheme_problems(draft.scheme))
    if found:
        raise ValidationError(found)


def _teachers(session: Session, starts_on: dt.date, ends_on: dt.date) -> list[int]:
    """Everyone teaching at some time in the period: started by its end, not gone before it."""
    rows = session.execute(
        select(Person.id, Person.work_start, Person.left_on)
        .where(type_coerce(Person.post, String) == Post.TEACHER.value)
    )
    return [
        pid for pid, work_start, left_on in rows
        if (left_on is None or left_on.last_day() >= starts_on)
        and (work_start is None or work_start.first_day() <= ends_on)
    ]


def open_period(session: Session, draft: PeriodDraft) -> int:
    """A new period with every teacher in it (the office adds or removes people later)."""
    _check(session, draft)
    period = EthicsPeriod(name=draft.name.strip(), starts_on=draft.starts_on, ends_on=draft.ends_on,
                          scheme=draft.scheme.to_json(), results="", reopen_reason="")
    session.add(period)
    session.flush()
    session.add_all(EthicsEntry(period_id=period.id, person_id=pid, withheld=False)
                    for pid in _teachers(session, draft.starts_on, draft.ends_on))
    session.flush()
    return period.id


def _load(session: Session, period_id: int, *, writable: bool = True) -> EthicsPeriod:
    period = session.get(EthicsPeriod, period_id)
    if period is None:
        raise NotFoundError(_("This evaluation period no longer exists (deleted meanwhile?)"))
    if writable and period.closed_on is not None:
        raise ConflictError(_("“{name}” was closed on {date}: its scheme and results are frozen. "
                              "Reopen it (with a reason) to change anything.").format(
            name=period.name, date=period.closed_on.isoformat()))
    return period


def _moved(old: list[str], new: list[str]) -> bool:
    """Whether a name now stands at another place: scores are stored by place, not by name."""
    return any(name in old and old.index(name) != place for place, name in enumerate(new))


def _shape_problems(session: Session, period: EthicsPeriod, new: Scheme) -> list[Problem]:
    """Changes the stored scores could not follow (their category or item numbers would move)."""
    old = Scheme.from_json(period.scheme)
    scores = session.execute(
        select(EthicsScore.category, EthicsScore.item, func.max(EthicsScore.points))
        .join(EthicsEntry, EthicsEntry.id == EthicsScore.entry_id)
        .where(EthicsEntry.period_id == period.id)
        .group_by(EthicsScore.category, EthicsScore.item)
    ).all()
    if not scores:
        return []
    found: list[Problem] = []
    label = _("Raters and weights")
    if len(new.raters) != len(old.raters):
        found.append(Problem("raters", label, _(
            "scores have been entered: the number of rater categories can no longer change")))
    if _moved([r.name for r in old.raters], [r.name for r in new.raters]):
        found.append(Problem("raters", label, _(
            "scores have been entered: the rater categories can be renamed but no longer reordered")))
    if old.by_item and _moved([i.name for i in old.items], [i.name for i in new.items]):
        found.append(Problem("items", _("Rubric items"), _(
            "scores have been entered: the items can be renamed but no longer reordered")))
    if new.by_item != old.by_item or (old.by_item and len(new.items) != len(old.items)):
        found.append(Problem("items", _("Rubric items"), _(
            "scores have been entered: how the rubric is scored and its number of items can no longer change")))
    elif new.by_item:
        for _category, item, highest in scores:
            if item != WHOLE and Decimal(highest) / 100 > new.items[item].points:
                found.append(Problem("items", _("Rubric items"), _(
                    "“{item}” already has a score of {score}: its points cannot go below that").format(
                    item=new.items[item].name, score=ethics.number(Decimal(highest) / 100))))
    return found


def update_period(session: Session, period_id: int, draft: PeriodDraft) -> None:
    period = _load(session, period_id)
    _check(session, draft, period_id)
    problems = _shape_problems(session, period, draft.scheme)
    if problems:
        raise ValidationError(problems)
    period.name, period.starts_on, period.ends_on = draft.name.strip(), draft.starts_on, draft.ends_on
    period.scheme = draft.scheme.to_json()
    session.flush()


def period_draft(session: Session, period_id: int) -> PeriodDraft:
    period = _load(session, period_id, writable=False)
    return PeriodDraft(period.name, period.starts_on, period.ends_on, Scheme.from_json(period.scheme))


def delete_period(session: Session, period_id: int) -> None:
    """Only a period opened by mistake: no scores yet, never a closed one."""
    period = _load(session, period_id)
    scored = session.scalar(select(func.count()).select_from(EthicsScore)
                            .join(EthicsEntry, EthicsEntry.id == EthicsScore.entry_id)
                            .where(EthicsEntry.period_id == period_id))
    if scored:
        raise ConflictError(_("“{name}” already has {count} scores; it can be reopened and "
                              "corrected but not deleted.").format(name=period.name, count=scored))
    session.delete(period)
    session.flush()


# -- who is evaluated ---------------------------------------------------------------------
def add_teachers(session: Session, period_id: int, person_ids: list[int]) -> int:
    """Add people to the period (a staff member who also teaches); returns how many were new."""
    _load(session, period_id)
    present = set(session.scalars(select(EthicsEntry.person_id).where(EthicsEntry.period_id == period_id)))
    new = [pid for pid in dict.fromkeys(person_ids) if pid not in present]
    if len(set(session.scalars(select(Person.id).where(Person.id.in_(new))))) != len(new):
        raise NotFoundError(_("Someone chosen no longer exists (deleted meanwhile?)"))
    session.add_all(EthicsEntry(period_id=period_id, person_id=pid, withheld=False) for pid in new)
    session.flush()
    return len(new)


def _entry(session: Session, period_id: int, person_id: int) -> EthicsEntry:
    entry = session.scalar(select(EthicsEntry).where(EthicsEntry.period_id == period_id,
                                                     EthicsEntry.person_id == person_id))
    if entry is None:
        raise NotFoundError(_("This teacher is not in the evaluation period (removed meanwhile?)"))
    return entry


def remove_teacher(session: Session, period_id: int, person_id: int) -> None:
    """Take someone out of the period with their scores (each deletion audited)."""
    _load(session, period_id)
    session.delete(_entry(session, period_id, person_id))
    session.flush()


def score_count(session: Session, period_id: int, person_id: int) -> int:
    return session.scalar(select(func.count()).select_from(EthicsScore)
                          .join(EthicsEntry, EthicsEntry.id == EthicsScore.entry_id)
                          .where(EthicsEntry.period_id == period_id,
                                 EthicsEntry.person_id == person_id)) or 0


@dataclass(frozen=True, slots=True)
class Candidate:
    id: int
    name: str
    department: str


def candidates(session: Session, period_id: int) -> list[Candidate]:
    """Staff still at school who are not in the period yet."""
    present = select(EthicsEntry.person_id).where(EthicsEntry.period_id == period_id)
    rows = session.execute(
        select(Person.id, Person.name, Person.department)
        .where(Person.left_on.is_(None), Person.id.not_in(present))
        .order_by(Person.department, Person.id)
    )
    return [Candidate(*r) for r in rows]


# -- scores -------------------------------------------------------------------------------
def set_score(session: Session, period_id: int, person_id: int, category: int, value: Decimal | None,
              *, item: int = WHOLE) -> None:
    """The score typed in the grid for a category (or one item of it); None clears it."""
    period = _load(session, period_id)
    scheme = Scheme.from_json(period.scheme)
    if not 0 <= category < len(scheme.raters) or (item != WHOLE and not 0 <= item < len(scheme.items)) \
            or (item == WHOLE) == scheme.by_item:
        raise ValueError(f"no such score cell: category {category}, item {item}")
    label = scheme.raters[category].name if item == WHOLE else scheme.items[item].name
    if value is not None:
        try:
            ethics.check_score(value, scheme.item_max(item))
        except BadScore as error:
            raise ValidationError([Problem("score", label, str(error))]) from None
    entry = _entry(session, period_id, person_id)
    imported = session.scalar(select(func.count()).select_from(EthicsScore).where(
        EthicsScore.entry_id == entry.id, EthicsScore.category == category, EthicsScore.rater != ""))
    if imported:
        raise ConflictError(_("{category}: this score is the mean of {count} imported score sheets; "
                              "correct the sheet and import it again.").format(
            category=scheme.raters[category].name, count=imported))
    stored = session.scalar(select(EthicsScore).where(
        EthicsScore.entry_id == entry.id, EthicsScore.category == category,
        EthicsScore.rater == "", EthicsScore.item == item))
    if value is None:
        if stored is not None:
            session.delete(stored)
    elif stored is None:
        session.add(EthicsScore(entry_id=entry.id, category=category, rater="", item=item,
                                points=int(value * 100)))
    elif stored.points != int(value * 100):
        stored.points = int(value * 100)
    session.flush()


def replace_rater_scores(session: Session, period_id: int, category: int, rater: str,
                         scores: dict[int, dict[int, Decimal]]) -> int:
    """An imported sheet: `rater`'s scores for one category, by person and item, replacing
    everything the same rater's sheet gave before; the grid's own typed scores of those
    cells go too, since the category's score is now the sheets' mean."""
    period = _load(session, period_id)
    scheme = Scheme.from_json(period.scheme)
    if not 0 <= category < len(scheme.raters):
        raise ValueError(f"no rater category {category}")
    if not rater.strip():
        raise ValidationError([Problem("rater", _("Rater"), _("name the rater or the sheet"))])
    entries = dict(session.execute(select(EthicsEntry.person_id, EthicsEntry.id)
                                   .where(EthicsEntry.period_id == period_id)).all())
    missing = [pid for pid in scores if pid not in entries]
    if missing:
        raise NotFoundError(_("Someone on the sheet is no longer in the period (removed meanwhile?)"))
    for items in scores.values():
        for item, value in items.items():
            try:
                ethics.check_score(value, scheme.item_max(item))
            except BadScore as error:
                raise ValidationError([Problem("score", scheme.raters[category].name, str(error))]) from None
    ids = [entries[pid] for pid in scores]
    # The rater's earlier sheet goes whole (a teacher left blank this time is no longer scored
    # by them); typed scores go only where the sheet now gives one.
    for old in session.scalars(select(EthicsScore).where(
            EthicsScore.entry_id.in_(list(entries.values())), EthicsScore.category == category,
            or_(EthicsScore.rater == rater.strip(), (EthicsScore.rater == "") & EthicsScore.entry_id.in_(ids)))):
        session.delete(old)
    session.flush()
    count = 0
    for pid, items in scores.items():
        for item, value in items.items():
            session.add(EthicsScore(entry_id=entries[pid], category=category, rater=rater.strip(),
                                    item=item, points=int(value * 100)))
            count += 1
    session.flush()
    return count


def period_view(session: Session, period_id: int, today: dt.date) -> PeriodView:
    """The period with every result: frozen as closed, or computed from today's records."""
    period = _load(session, period_id, writable=False)
    scheme = Scheme.from_json(period.scheme)
    if period.closed_on is not None and period.results:
        rows = results_from_json(period.results)
    else:
        rows = compute_results(session, period, scheme, today)
    row = PeriodRow(period.id, period.name, period.starts_on, period.ends_on, period.closed_on, len(rows))
    return PeriodView(row, scheme, tuple(rows), summarise(scheme, rows), period.reopen_reason)


def teacher_result(session: Session, period_id: int, person_id: int, today: dt.date) -> TeacherResult:
    """One teacher's line, recomputed after a score changed (the grid's live total)."""
    period = _load(session, period_id, writable=False)
    if period.closed_on is not None and period.results:
        rows = [r for r in results_from_json(period.results) if r.person_id == person_id]
    else:
        rows = compute_results(session, period, Scheme.from_json(period.scheme), today, person_id=person_id)
    if not rows:
        raise NotFoundError(_("This teacher is not in the evaluation period (removed meanwhile?)"))
    return rows[0]


# -- the 优秀 cap ---------------------------------------------------------------------------
def propose_cap(session: Session, period_id: int, today: dt.date) -> CapProposal | None:
    """Who keeps 优秀 under the cap (the highest totals); None when the period has no cap.
    Nothing is stored: the office looks at it and decides (`apply_cap`)."""
    view = period_view(session, period_id, today)
    allowed = ethics.cap_allowed(view.scheme, len(view.rows))
    if allowed is None:
        return None
    reaching = [(r.person_id, r.total, r.sort_key) for r in view.rows
                if r.total is not None and not r.vetoed
                and ethics.grade(view.scheme, r.total) == view.scheme.top]
    return ethics.propose_cap(allowed, reaching)


def apply_cap(session: Session, period_id: int, withhold: set[int]) -> None:
    """The office's decision: these keep 优秀 withheld, everyone else not."""
    _load(session, period_id)
    for entry in session.scalars(select(EthicsEntry).where(EthicsEntry.period_id == period_id)):
        if entry.withheld != (entry.person_id in withhold):
            entry.withheld = entry.person_id in withhold
    session.flush()


# -- closing and reopening ----------------------------------------------------------------
def close_period(session: Session, period_id: int, today: dt.date) -> None:
    """Freeze the scheme and the results; refused while a total is missing or 优秀 is over the cap."""
    period = _load(session, period_id)
    view = period_view(session, period_id, today)
    unscored = [r.name for r in view.rows if r.grade is None]
    if unscored:
        shown = _("、").join(unscored[:5]) + (_("…") if len(unscored) > 5 else "")
        raise UserError(_("{count} teachers have no total yet ({names}): enter their scores or "
                          "take them out of the period before closing it.").format(
            count=len(unscored), names=shown))
    summary = view.summary
    if summary.over_cap:
        raise UserError(_("{count} teachers are graded {top} but the cap allows {allowed}: decide "
                          "who keeps it (“Apply the cap…”) before closing.").format(
            count=summary.excellent, top=view.scheme.top, allowed=summary.allowed))
    period.results = results_to_json(view.rows)
    period.closed_on = today
    session.flush()


def reopen_period(session: Session, period_id: int, reason: str) -> None:
    """Open a closed period again; the reason is kept (and each one in the audit trail)."""
    period = _load(session, period_id, writable=False)
    if period.closed_on is None:
        raise ConflictError(_("“{name}” is open already.").format(name=period.name))
    reason = reason.strip()
    if not reason:
        raise ValidationError([Problem("reason", period_label("reason"), _(
            "say why the closed evaluation is reopened; the reason is kept"))])
    if len(reason) > 200:
        raise ValidationError([Problem("reason", period_label("reason"), _("at most 200 characters"))])
    if reason == period.reopen_reason:
        # The same words as last time: no change for the audit hook to see, so say it here.
        session.add(AuditEntry(at=session.info["clock"].now(), action="note", entity="ethics_period",
                               entity_id=period.id, field="reopen_reason", old=None, new=reason))
    period.closed_on, period.results, period.reopen_reason = None, "", reason
    session.flush()
