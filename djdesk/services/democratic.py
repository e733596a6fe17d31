"""民主评议党员: opening a branch's evaluation for a 所属年度, linking it to the meeting it was
held at, recording each member's self-evaluation, ballots, grade and handling, and each
person's history of grades."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain import democratic
from djdesk.domain.democratic import (
    GRADES,
    ReviewGrade,
    Tally,
    cap_problem,
    needs_reason,
    problem,
    tally_problems,
    vote_field,
)
from djdesk.domain.errors import ConflictError, NotFoundError, Problem, ValidationError
from djdesk.domain.meetings import MeetingKind, MeetingStatus
from djdesk.domain.people import PoliticalStatus
from djdesk.domain.status import ChangeKind
from djdesk.domain.strokes import name_key
from djdesk.i18n import _
from djdesk.services import settings as settings_service
from djdesk.services.stats import membership_records
from djdesk.store.models import (
    Branch,
    Meeting,
    PartyGroup,
    Person,
    Review,
    ReviewEntry,
    StatusEvent,
)

# Meetings a 民主评议 is held at: its own, or (usually) the year's 组织生活会.
HELD_AT = (MeetingKind.REVIEW, MeetingKind.LIFE_MEETING)
YEARS_BACK = 30
MAX_NOTE = 2000
MAX_TEXT = 200


@dataclass(frozen=True, slots=True)
class MeetingOption:
    id: int
    starts_at: dt.datetime
    kind: MeetingKind
    title: str
    status: MeetingStatus
    counts_as_review: bool

    def text(self) -> str:
        """"2027.01.20 组织生活会 — 2026年度组织生活会"."""
        title = f" — {self.title}" if self.title else ""
        state = "" if self.status is MeetingStatus.HELD else f"（{self.status.label}）"
        return f"{self.starts_at:%Y.%m.%d} {self.kind.label}{title}{state}"


@dataclass(frozen=True, slots=True)
class ReviewRow:
    id: int
    branch_id: int
    branch: str
    year: int
    members: int
    graded: int

    def text(self) -> str:
        return _("{branch}, {year}").format(branch=self.branch, year=self.year)


@dataclass(frozen=True, slots=True)
class EntryRow:
    id: int
    person_id: int
    name: str
    group: str
    probationary: bool
    counted: bool
    apart_reason: str
    self_note: str
    tally: Tally
    grade: ReviewGrade | None
    grade_reason: str
    handling: str
    handled_on: dt.date | None

    @property
    def recorded(self) -> bool:
        """Anything of the evaluation written down for this member."""
        return bool(self.tally.total or self.grade or self.self_note.strip() or self.handling)

    @property
    def standing(self) -> str:
        return (PoliticalStatus.CPC_PROBATIONARY if self.probationary else PoliticalStatus.CPC_MEMBER).label

    def remarks(self) -> str:
        """What the result table says beside the grade: the reason it differs from the
        ballots, the handling of a 不合格, or why a member was listed apart."""
        parts = []
        if not self.counted:
            parts.append(self.apart_reason)
        if self.grade_reason:
            parts.append(self.grade_reason)
        if self.handling:
            day = f"{self.handled_on:%Y.%m.%d} " if self.handled_on else ""
            parts.append(f"{day}{self.handling}")
        return _("; ").join(p for p in parts if p)


@dataclass(frozen=True)
class ReviewView:
    id: int
    branch_id: int
    branch: str
    branch_full: str  # the name printouts carry
    year: int
    meeting: MeetingOption | None
    ballots: int | None
    share: str
    decided_on: dt.date | None
    note: str
    members: tuple[EntryRow, ...]  # evaluated, 按姓氏笔画
    apart: tuple[EntryRow, ...]  # listed apart (left during the year)

    def count(self, grade: ReviewGrade) -> int:
        return sum(1 for e in self.members if e.grade is grade)

    @property
    def cap(self) -> int | None:
        return democratic.excellent_cap(len(self.members), democratic.parse_share(self.share))

    @property
    def graded(self) -> int:
        return sum(1 for e in self.members if e.grade is not None)

    @property
    def held_on(self) -> dt.date | None:
        """The day of the 组织评定: as recorded, else the meeting's."""
        if self.decided_on is not None:
            return self.decided_on
        return self.meeting.starts_at.date() if self.meeting else None

    def title(self) -> str:
        return _("{year} democratic review of party members").format(year=self.year)

    def summary(self) -> str:
        """"参评 10 人：优秀 3，合格 6，基本合格 1，不合格 0，未评定 0；优秀上限 3 人（1/3）"."""
        counts = _(", ").join(f"{g.label} {self.count(g)}" for g in GRADES)
        text = _("{members} evaluated: {counts}, not graded {left}").format(
            members=len(self.members), counts=counts, left=len(self.members) - self.graded)
        if self.cap is not None:
            text += _("; Excellent at most {cap} ({share})").format(cap=self.cap, share=self.share)
        return text


@dataclass(frozen=True)
class ReviewDraft:
    meeting_id: int | None
    ballots: int | None
    share: str
    decided_on: dt.date | None
    note: str = ""


@dataclass(frozen=True)
class EntryDraft:
    self_note: str
    tally: Tally
    grade: ReviewGrade | None
    grade_reason: str = ""
    handling: str = ""
    handled_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One year of a person's 民主评议, for the person dialog."""

    review_id: int
    year: int
    branch: str
    standing: str
    counted: bool
    tally: Tally
    grade: ReviewGrade | None
    remarks: str


# -- listing and opening ------------------------------------------------------------------
def list_reviews(session: Session) -> list[ReviewRow]:
    """Newest year first, then in the branches' order."""
    query = (select(Review.id, Review.branch_id, Branch.name, Review.year)
             .join(Branch, Branch.id == Review.branch_id)
             .order_by(Review.year.desc(), Branch.sort_order, Branch.id))
    counts: dict[int, list[int]] = {}
    for review_id, grade in session.execute(
            select(ReviewEntry.review_id, ReviewEntry.grade).where(ReviewEntry.counted)):
        counts.setdefault(review_id, []).append(grade is not None)
    return [ReviewRow(rid, bid, name, year, len(counts.get(rid, [])), sum(counts.get(rid, [])))
            for rid, bid, name, year in session.execute(query)]


def default_year(today: dt.date) -> int:
    """The year most likely meant: last year's until the middle of this one, since the
    evaluation is often held in its first months."""
    return today.year - 1 if today.month <= 6 else today.year


def _branch(session: Session, branch_id: int) -> Branch:
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise NotFoundError(_("The branch no longer exists"))
    return branch


def open_review(session: Session, branch_id: int, year: int, today: dt.date) -> int:
    """A branch's evaluation for `year`, listing its members by domain.democratic.enrol and
    held at the year's 民主评议 or 组织生活会 when one is in the calendar."""
    branch = _branch(session, branch_id)
    if year > today.year:
        raise ValidationError([Problem("year", _("For the year"), _(
            "{year} has not begun: a year is evaluated during it or after it").format(year=year))])
    if year < today.year - YEARS_BACK:
        raise ValidationError([Problem("year", _("For the year"), _(
            "at most {years} years back").format(years=YEARS_BACK))])
    if session.scalar(select(Review.id).where(Review.branch_id == branch_id, Review.year == year)):
        raise ConflictError(_("{branch} already has its democratic review for {year}; choose it "
                              "from the list").format(branch=branch.name, year=year))
    options = meeting_options(session, branch_id, year)
    chosen = next((o for o in options if o.counts_as_review), options[0] if options else None)
    # Opened after the meeting (records caught up later): those who left since were there.
    as_of = min(today, chosen.starts_at.date()) if chosen else today
    people, lost = membership_records(session)
    former = _branches_before_loss(session)
    people = [dataclasses.replace(p, branch_id=former[p.id]) if p.branch_id is None and p.id in former else p
              for p in people]
    listed = democratic.enrol(people, branch_id, year, lost, as_of)
    review = Review(branch_id=branch_id, year=year, meeting_id=chosen.id if chosen else None,
                    share=settings_service.load(session).review_share, note="")
    session.add(review)
    if chosen is not None:
        _count_as_review(session.get(Meeting, chosen.id))
    session.flush()
    session.add_all(ReviewEntry(review_id=review.id, person_id=e.person_id, probationary=e.probationary,
                                counted=e.counted, apart_reason=e.apart_reason) for e in listed)
    session.flush()
    return review.id


def _branches_before_loss(session: Session) -> dict[int, int]:
    """A 出党 clears the person's branch; its event keeps the branch they had (its `before`)."""
    found = {}
    query = (select(StatusEvent.person_id, StatusEvent.before).where(StatusEvent.kind == ChangeKind.LOST)
             .order_by(StatusEvent.on, StatusEvent.id))
    for person_id, before in session.execute(query):
        branch = json.loads(before or "{}").get("branch_id")  # as the audit trail writes it: "3"
        if branch is not None and str(branch).isdigit():
            found[person_id] = int(branch)
    return found


def _count_as_review(meeting: Meeting | None) -> bool:
    """Make the meeting an evaluation is held at count as the year's 民主评议党员 too (the
    compliance figures read meeting kinds); whether it had to be changed."""
    if meeting is None or MeetingKind.REVIEW in (meeting.kind, *meeting.also_counts_as):
        return False
    meeting.also_counts_as = (*meeting.also_counts_as, MeetingKind.REVIEW)
    return True


def _uncount(session: Session, meeting_id: int | None, review_id: int) -> bool:
    """A meeting no evaluation is held at any more stops counting as one (unless it is a
    民主评议党员 meeting itself); whether it had to be changed."""
    meeting = session.get(Meeting, meeting_id) if meeting_id is not None else None
    if meeting is None or meeting.kind is MeetingKind.REVIEW or MeetingKind.REVIEW not in meeting.also_counts_as:
        return False
    if session.scalar(select(Review.id).where(Review.meeting_id == meeting.id, Review.id != review_id)):
        return False
    meeting.also_counts_as = tuple(k for k in meeting.also_counts_as if k is not MeetingKind.REVIEW)
    return True


def delete_review(session: Session, review_id: int) -> None:
    """Remove an evaluation opened by mistake; one with results recorded is a record."""
    view = review_view(session, review_id)
    recorded = [e for e in view.members + view.apart if e.recorded]
    if recorded:
        raise ConflictError(_("Results are recorded for {count} members ({names}); the "
                              "evaluation stays in the records.").format(
            count=len(recorded), names=_(", ").join(e.name for e in recorded[:3])))
    review = _load(session, review_id)
    _uncount(session, review.meeting_id, review.id)
    session.delete(review)
    session.flush()


def meeting_options(session: Session, branch_id: int, year: int) -> list[MeetingOption]:
    """The branch's meetings for `year` (所属年度) a 民主评议 can be held at, not cancelled;
    a 民主评议党员 meeting first, then by date."""
    query = (select(Meeting).where(Meeting.branch_id == branch_id, Meeting.year == year,
                                   Meeting.group_id.is_(None))
             .order_by(Meeting.starts_at, Meeting.id))
    found = []
    for m in session.scalars(query):
        kinds = {m.kind, *m.also_counts_as}
        if m.status is MeetingStatus.CANCELLED or not kinds & set(HELD_AT):
            continue
        found.append(MeetingOption(m.id, m.starts_at, m.kind, m.title, m.status,
                                   MeetingKind.REVIEW in kinds))
    found.sort(key=lambda o: not o.counts_as_review)
    return found


# -- reading ------------------------------------------------------------------------------
def _load(session: Session, review_id: int) -> Review:
    review = session.get(Review, review_id)
    if review is None:
        raise NotFoundError(_("This democratic review no longer exists (deleted meanwhile?)"))
    return review


def _entry(session: Session, entry_id: int) -> ReviewEntry:
    entry = session.get(ReviewEntry, entry_id)
    if entry is None:
        raise NotFoundError(_("This member is no longer in the evaluation"))
    return entry


def _tally(entry: ReviewEntry) -> Tally:
    return Tally(entry.votes_excellent, entry.votes_competent, entry.votes_basic, entry.votes_incompetent)


def review_view(session: Session, review_id: int) -> ReviewView:
    review = _load(session, review_id)
    branch = _branch(session, review.branch_id)
    query = (select(ReviewEntry, Person.name, PartyGroup.name)
             .join(Person, Person.id == ReviewEntry.person_id)
             .outerjoin(PartyGroup, PartyGroup.id == Person.group_id)
             .where(ReviewEntry.review_id == review_id))
    rows = [EntryRow(e.id, e.person_id, name, group or "", e.probationary, e.counted, e.apart_reason,
                     e.self_note, _tally(e), e.grade, e.grade_reason, e.handling, e.handled_on)
            for e, name, group in session.execute(query)]
    rows.sort(key=lambda r: (name_key(r.name), r.id))
    meeting = None
    if review.meeting_id is not None:
        meeting = next((o for o in meeting_options(session, review.branch_id, review.year)
                        if o.id == review.meeting_id), None) or _option(session, review.meeting_id)
    return ReviewView(review.id, branch.id, branch.name, branch.full_name or branch.name, review.year,
                      meeting, review.ballots, review.share, review.decided_on, review.note,
                      tuple(r for r in rows if r.counted), tuple(r for r in rows if not r.counted))


def _option(session: Session, meeting_id: int) -> MeetingOption | None:
    """A linked meeting that is no longer among the options (cancelled, or its kind changed):
    still shown, so nothing changes behind the office's back."""
    m = session.get(Meeting, meeting_id)
    if m is None:
        return None
    kinds = {m.kind, *m.also_counts_as}
    return MeetingOption(m.id, m.starts_at, m.kind, m.title, m.status, MeetingKind.REVIEW in kinds)


# -- changing the evaluation ---------------------------------------------------------------
def update_review(session: Session, review_id: int, draft: ReviewDraft, today: dt.date) -> list[str]:
    """The meeting it was held at, the ballots returned, the cap, the day of the decision.
    Returns what changed in the calendar: the meeting linked now also counts as the year's
    民主评议党员 (the compliance figures then see it held), the one unlinked no longer does."""
    review = _load(session, review_id)
    view = review_view(session, review_id)
    found: list[Problem] = []
    meeting = None
    if draft.meeting_id is not None:
        meeting = session.get(Meeting, draft.meeting_id)
        if meeting is None:
            found.append(problem("meeting_id", _("this meeting no longer exists")))
        elif meeting.branch_id != review.branch_id:
            found.append(problem("meeting_id", _("this meeting is another branch's")))
        elif meeting.year != review.year:
            found.append(problem("meeting_id", _(
                "this meeting is for {meeting_year} (所属年度), not {year}").format(
                meeting_year=meeting.year, year=review.year)))
        elif meeting.status is MeetingStatus.CANCELLED and meeting.id != review.meeting_id:
            found.append(problem("meeting_id", _("this meeting was cancelled")))
    if draft.ballots is not None:
        if not 0 < draft.ballots <= democratic.MAX_BALLOTS:
            found.append(problem("ballots", _("between 1 and {most}").format(most=democratic.MAX_BALLOTS)))
        else:
            # Members listed apart too: their marks stay, and count again if they come back.
            over = [e for e in view.members + view.apart if e.tally.total > draft.ballots]
            if over:
                found.append(problem("ballots", _(
                    "{name} already has {votes} votes recorded: the ballots returned cannot be fewer").format(
                    name=over[0].name, votes=over[0].tally.total)))
    elif any(e.tally.total for e in view.members + view.apart):
        found.append(problem("ballots", _("votes are recorded: enter the number of ballots returned")))
    share_problem = democratic.share_problem(draft.share)
    if share_problem is not None:
        found.append(share_problem)
    else:
        over_cap = cap_problem(view.count(ReviewGrade.EXCELLENT), len(view.members), draft.share)
        if over_cap:
            found.append(problem("share", over_cap))
    if draft.decided_on is not None and not dt.date(review.year, 1, 1) <= draft.decided_on <= today:
        found.append(problem("decided_on", _("between 1 January {year} and today").format(year=review.year)))
    if len(draft.note) > MAX_NOTE:
        found.append(problem("note", _("at most {count} characters").format(count=MAX_NOTE)))
    if found:
        raise ValidationError(found)
    notes = []
    if review.meeting_id != draft.meeting_id:
        old = _option(session, review.meeting_id) if review.meeting_id is not None else None
        if _uncount(session, review.meeting_id, review.id) and old is not None:
            notes.append(_("{meeting} no longer counts as the democratic review of members.").format(
                meeting=old.text()))
    review.meeting_id = draft.meeting_id
    review.ballots = draft.ballots
    review.share = draft.share.strip()
    review.decided_on = draft.decided_on
    review.note = draft.note
    if _count_as_review(meeting):
        notes.append(_("{meeting} now also counts as the year's democratic review of members.").format(
            meeting=_option(session, meeting.id).text()))  # type: ignore[union-attr]
    session.flush()
    return notes


def record(session: Session, entry_id: int, draft: EntryDraft, today: dt.date) -> None:
    """A member's self-evaluation, the ballots' marks, the branch's grade and its handling."""
    entry = _entry(session, entry_id)
    review = entry.review
    if not entry.counted:
        raise ConflictError(_("This person is listed apart ({reason}) and is not evaluated; "
                              "move them back first.").format(reason=entry.apart_reason or "—"))
    found = list(tally_problems(draft.tally, review.ballots))
    if needs_reason(draft.grade, draft.tally) and not draft.grade_reason.strip():
        found.append(problem("grade_reason", _(
            "the grade differs from the ballots' majority ({leading}): record the branch's reason").format(
            leading=democratic.leading_text(draft.tally))))
    handling = draft.handling.strip()
    if draft.grade is not ReviewGrade.INCOMPETENT:
        if handling:
            found.append(problem("handling", _("only a member graded Incompetent is handled")))
        if draft.handled_on is not None:
            found.append(problem("handled_on", _("only a member graded Incompetent is handled")))
    elif draft.handled_on is not None and not handling:
        found.append(problem("handling", _("say what was decided on that day")))
    if draft.handled_on is not None and not dt.date(review.year, 1, 1) <= draft.handled_on <= today:
        found.append(problem("handled_on", _("between 1 January {year} and today").format(year=review.year)))
    for field, text, most in (("self_note", draft.self_note, MAX_NOTE),
                              ("grade_reason", draft.grade_reason, MAX_TEXT), ("handling", handling, MAX_TEXT)):
        if len(text) > most:
            found.append(problem(field, _("at most {count} characters").format(count=most)))
    if draft.grade is ReviewGrade.EXCELLENT:
        others = sum(1 for e in review.entries
                     if e.counted and e.grade is ReviewGrade.EXCELLENT and e.id != entry.id)
        members = sum(1 for e in review.entries if e.counted)
        over_cap = cap_problem(others + 1, members, review.share)
        if over_cap:
            found.append(problem("grade", over_cap))
    if found:
        raise ValidationError(found)
    entry.self_note = draft.self_note
    for grade in GRADES:
        setattr(entry, vote_field(grade), draft.tally.count(grade))
    entry.grade = draft.grade
    entry.grade_reason = draft.grade_reason.strip()
    entry.handling = handling
    entry.handled_on = draft.handled_on
    session.flush()


def set_apart(session: Session, entry_id: int, reason: str) -> None:
    """List a member apart (away all year, left after the list was made): not evaluated, not
    counted for the cap on 优秀; what was recorded for them stays."""
    entry = _entry(session, entry_id)
    reason = reason.strip()
    if not reason:
        raise ValidationError([problem("apart_reason", _("say why this member is not evaluated"))])
    if len(reason) > MAX_TEXT:
        raise ValidationError([problem("apart_reason", _("at most {count} characters").format(count=MAX_TEXT))])
    rest = [e for e in entry.review.entries if e.counted and e.id != entry.id]
    over_cap = cap_problem(sum(1 for e in rest if e.grade is ReviewGrade.EXCELLENT), len(rest),
                           entry.review.share)
    if over_cap:
        raise ValidationError([problem("apart_reason", over_cap)])
    entry.counted = False
    entry.apart_reason = reason
    session.flush()


def set_counted(session: Session, entry_id: int) -> None:
    """Evaluate a member listed apart after all."""
    entry = _entry(session, entry_id)
    found = tally_problems(_tally(entry), entry.review.ballots)
    if found:
        raise ValidationError(found)
    counted = [e for e in entry.review.entries if e.counted or e.id == entry.id]
    over_cap = cap_problem(sum(1 for e in counted if e.grade is ReviewGrade.EXCELLENT), len(counted),
                           entry.review.share)
    if over_cap:
        raise ValidationError([problem("grade", over_cap)])
    entry.counted = True
    entry.apart_reason = ""
    session.flush()


def addable(session: Session, review_id: int) -> list[tuple[int, str]]:
    """Party members not yet listed (a member missing from the roster's branch, say), as
    (id, "name — branch"), the review's branch first."""
    review = _load(session, review_id)
    listed = {e.person_id for e in review.entries}
    query = (select(Person.id, Person.name, Person.branch_id, Branch.name)
             .outerjoin(Branch, Branch.id == Person.branch_id)
             .where(Person.political_status.in_((PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY)),
                    Person.left_on.is_(None)))
    found = [(pid, name, bid, bname or "") for pid, name, bid, bname in session.execute(query)
             if pid not in listed]
    found.sort(key=lambda r: (r[2] != review.branch_id, name_key(r[1]), r[0]))
    return [(pid, f"{name} — {bname}" if bname else name) for pid, name, _bid, bname in found]


def add_members(session: Session, review_id: int, person_ids: list[int]) -> int:
    review = _load(session, review_id)
    listed = {e.person_id for e in review.entries}
    added = 0
    for pid in person_ids:
        person = session.get(Person, pid)
        if person is None or pid in listed:
            continue
        if not person.political_status.is_party_member:
            raise ConflictError(_("{name} is not a party member").format(name=person.name))
        elsewhere = session.scalar(
            select(Branch.name).join(Review, Review.branch_id == Branch.id)
            .join(ReviewEntry, ReviewEntry.review_id == Review.id)
            .where(ReviewEntry.person_id == pid, ReviewEntry.counted, Review.year == review.year))
        if elsewhere:
            raise ConflictError(_("{name} is already evaluated for {year} in {branch}").format(
                name=person.name, year=review.year, branch=elsewhere))
        review.entries.append(ReviewEntry(
            person_id=pid, counted=True, apart_reason="",
            probationary=person.political_status is PoliticalStatus.CPC_PROBATIONARY))
        listed.add(pid)
        added += 1
    session.flush()
    return added


# -- a person's history ---------------------------------------------------------------------
def person_history(session: Session, person_id: int) -> list[HistoryRow]:
    """Every 民主评议 that listed the person, newest first."""
    query = (select(ReviewEntry, Review.year, Review.id, Branch.name)
             .join(Review, Review.id == ReviewEntry.review_id)
             .join(Branch, Branch.id == Review.branch_id)
             .where(ReviewEntry.person_id == person_id)
             .order_by(Review.year.desc(), Review.id.desc()))
    found = []
    for e, year, review_id, branch in session.execute(query):
        row = EntryRow(e.id, person_id, "", "", e.probationary, e.counted, e.apart_reason, e.self_note,
                       _tally(e), e.grade, e.grade_reason, e.handling, e.handled_on)
        found.append(HistoryRow(review_id, year, branch, row.standing, e.counted, row.tally, e.grade,
                                row.remarks()))
    return found
