"""The demo school's meetings since 1 January of last year: attendance, votes and minutes."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm import Session

from djdesk.demo import pools
from djdesk.demo.people import COMMITTEE_ROLES, DemoPerson, add_months
from djdesk.domain.meetings import AttendanceStatus, MeetingKind, MeetingStatus
from djdesk.domain.people import PoliticalStatus
from djdesk.services.branches import BranchView
from djdesk.store.models import Attendance, Meeting

# Target day of the month and hours per kind; moved to a weekday, and around the holidays.
SCHEDULE = {
    MeetingKind.COMMITTEE: (8, (16, 30), (17, 30)),
    MeetingKind.GROUP: (12, (12, 40), (13, 30)),
    MeetingKind.THEME_DAY: (16, (15, 0), (17, 0)),
    MeetingKind.LECTURE: (20, (15, 30), (17, 0)),
    MeetingKind.GENERAL: (24, (15, 30), (17, 0)),
    MeetingKind.LIFE_MEETING: (14, (14, 30), (17, 30)),
}
RETIRED_HOURS = ((9, 30), (11, 0))


class MeetingMaker:
    def __init__(self, session: Session, today: dt.date, now: dt.datetime, rng: random.Random,
                 branches: list[BranchView], people: list[DemoPerson]) -> None:
        self.session, self.today, self.now, self.rng = session, today, now, rng
        self.branches, self.people = branches, people
        self.count = 0

    # -- who --------------------------------------------------------------------------------
    def _members(self, branch_id: int, day: dt.date, group_id: int | None = None) -> list[DemoPerson]:
        return [
            p for p in self.people
            if p.branch_id == branch_id and p.joined is not None and p.joined <= day
            and (p.left is None or p.left > day) and (group_id is None or p.group_id == group_id)
        ]

    def _role(self, branch_id: int, day: dt.date, *roles: str) -> DemoPerson | None:
        for role in roles:
            for p in self._members(branch_id, day):
                if p.role == role:
                    return p
        return None

    # -- when -------------------------------------------------------------------------------
    def _day(self, year: int, month: int, kind: MeetingKind) -> dt.date:
        target = SCHEDULE[kind][0]
        if month == 2:  # winter holiday: term starts late in February
            target = 23 + list(SCHEDULE).index(kind) % 5
        elif month == 8:  # summer holiday: staff return in the last week
            target = 24 + list(SCHEDULE).index(kind) % 5
        elif month == 10 and target < 9:  # National Day week
            target = 10
        day = dt.date(year, month, min(target, 28))
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        return day

    # -- one meeting ------------------------------------------------------------------------
    def add(self, branch: BranchView, kind: MeetingKind, day: dt.date, *, title: str,
            year: int | None = None, group_id: int | None = None,
            also: tuple[MeetingKind, ...] = (), admit: DemoPerson | None = None) -> None:
        rng = self.rng
        retired = branch.id == self.branches[1].id
        start_hm, end_hm = (RETIRED_HOURS if retired else SCHEDULE[kind][1:])
        starts = dt.datetime.combine(day, dt.time(*start_hm))
        ends = dt.datetime.combine(day, dt.time(*end_hm))
        if kind is MeetingKind.COMMITTEE:
            expected = [p for p in self._members(branch.id, day)
                        if p.role in COMMITTEE_ROLES and p.status is PoliticalStatus.CPC_MEMBER]
        else:
            expected = self._members(branch.id, day, group_id)
        if not expected:
            return
        if kind is MeetingKind.GROUP:
            host = next((p for p in expected if p.role == "group_leader"), expected[0])
            recorder = next((p for p in expected if p is not host), None)
        else:
            host = self._role(branch.id, day, "secretary", "deputy") or expected[0]
            recorder = self._role(branch.id, day, "organiser", "publicity")
        lecturer = None
        if kind is MeetingKind.LECTURE or MeetingKind.LECTURE in also:
            lecturer = host if day.month in (5, 7) else rng.choice(expected)
        place_key = "retired" if retired else kind.value
        place = rng.choice(pools.PLACES.get(place_key, pools.PLACES["general"]))

        status = MeetingStatus.HELD if starts < self.now else MeetingStatus.PLANNED
        cancel_reason = ""
        if status is MeetingStatus.HELD and admit is None and rng.random() < 0.03:
            status, cancel_reason = MeetingStatus.CANCELLED, rng.choice(pools.CANCEL_REASONS)
        meeting = Meeting(
            kind=kind, also_counts_as=also, year=year or day.year, branch_id=branch.id,
            group_id=group_id, title=title, starts_at=starts, ends_at=ends, place=place,
            host_id=host.id, recorder_id=recorder.id if recorder else None,
            lecturer_id=lecturer.id if lecturer else None, status=status,
            cancel_reason=cancel_reason,
        )
        attendance = self._attendance(expected, status, retired, keep={host.id})
        meeting.attendance = attendance
        if status is MeetingStatus.HELD:
            present = [p for p, a in zip(expected, attendance) if a.status is AttendanceStatus.PRESENT]
            missing = [(p, a) for p, a in zip(expected, attendance) if a.status is not AttendanceStatus.PRESENT]
            self._minutes(meeting, kind, host, lecturer, expected, present, missing, ends)
            if admit is not None:
                self._vote(meeting, admit, expected, present, missing)
        if branch.id != self.branches[1].id and kind in (MeetingKind.GENERAL, MeetingKind.THEME_DAY):
            guests = [p.name for p in self.people if p.role in ("candidate", "activist")][:3]
            meeting.guests = "入党积极分子 " + "、".join(guests) if guests else ""
        self.session.add(meeting)
        self.count += 1

    def _attendance(self, expected: list[DemoPerson], status: MeetingStatus, retired: bool,
                    keep: set[int]) -> list[Attendance]:
        rows = []
        for person in expected:
            if status is not MeetingStatus.HELD:
                rows.append(Attendance(person_id=person.id, status=None, reason=""))
                continue
            roll = self.rng.random()
            leave_share = 0.15 if retired else 0.07
            if person.id in keep or roll >= leave_share + 0.03:
                rows.append(Attendance(person_id=person.id, status=AttendanceStatus.PRESENT, reason=""))
            elif roll < leave_share:
                reasons = pools.RETIRED_LEAVE_REASONS if retired else pools.LEAVE_REASONS
                rows.append(Attendance(person_id=person.id, status=AttendanceStatus.LEAVE,
                                       reason=self.rng.choice(reasons)))
            else:
                rows.append(Attendance(person_id=person.id, status=AttendanceStatus.ABSENT,
                                       reason=self.rng.choice(pools.ABSENT_REASONS)))
        return rows

    def _minutes(self, meeting: Meeting, kind: MeetingKind, host: DemoPerson,
                 lecturer: DemoPerson | None, expected: list[DemoPerson], present: list[DemoPerson],
                 missing: list[tuple[DemoPerson, Attendance]], ends: dt.datetime) -> None:
        rng = self.rng
        if missing:
            absent_text = "缺席{n}人（{who}）".format(
                n=len(missing),
                who="、".join(f"{p.name}，{a.reason or a.status.label}" for p, a in missing),
            )
        else:
            absent_text = "无缺席"
        speakers = [p for p in present if p is not host] or present
        values = dict(
            host=host.name, expected=len(expected), present=len(present), absent_text=absent_text,
            title=meeting.title, topic=rng.choice(pools.STUDY_TOPICS),
            speaker=rng.choice(speakers).name, lecturer=(lecturer or host).name,
            end=f"{ends:%H:%M}",
        )
        body = pools.BODY.get(kind.value, pools.BODY["general"])
        paragraphs = [rng.choice(pools.OPENING), *body, pools.CLOSING]
        meeting.content = "\n".join(p.format(**values) for p in paragraphs)
        meeting.resolution = pools.RESOLUTIONS.get(kind.value, "")

    def _vote(self, meeting: Meeting, admit: DemoPerson, expected: list[DemoPerson],
              present: list[DemoPerson], missing: list[tuple[DemoPerson, Attendance]]) -> None:
        """An admission: only full members vote; absent ones may send written opinions."""
        voters = [p for p in expected if p.status is PoliticalStatus.CPC_MEMBER and p.role != "observation"]
        voting_present = [p for p in present if p in voters]
        written = sum(1 for p, a in missing if p in voters and a.status is AttendanceStatus.LEAVE)
        meeting.voting_due = len(voters)
        meeting.voting_present = len(voting_present)
        meeting.written_opinions = written
        meeting.votes_abstain = 1 if len(voting_present) > 10 else 0
        meeting.votes_against = 0
        meeting.votes_for = len(voting_present) + written - meeting.votes_abstain
        meeting.resolution = f"同意接收{admit.name}同志为中共预备党员，报上级党委审批。"

    # -- the calendar -----------------------------------------------------------------------
    def make_all(self) -> int:
        today = self.today
        first = dt.date(today.year - 1, 1, 1)
        last = add_months(dt.date(today.year, today.month, 1), 1)  # plans through next month
        month = first
        while month <= last:
            for branch in self.branches:
                self._month(branch, month.year, month.month)
            month = add_months(month, 1)
        for year in (today.year - 1,):  # last year's 组织生活会, held in January
            for branch in self.branches:
                day = self._day(year + 1, 1, MeetingKind.LIFE_MEETING)
                self.add(branch, MeetingKind.LIFE_MEETING, day, year=year,
                         title=f"{year}年度组织生活会暨民主评议党员", also=(MeetingKind.REVIEW,))
        for person in self.people:
            if person.role == "probationary" and person.joined is not None:
                self.add(self.branches[0], MeetingKind.GENERAL, person.joined,
                         title=f"讨论接收{person.name}同志为中共预备党员", admit=person)
        return self.count

    def _month(self, branch: BranchView, year: int, month: int) -> None:
        retired = branch.id == self.branches[1].id
        quarter_end = month in (3, 6, 9, 12)
        if not retired or quarter_end:  # the retired branch's committee meets only quarterly
            self.add(branch, MeetingKind.COMMITTEE, self._day(year, month, MeetingKind.COMMITTEE),
                     title=self.rng.choice(pools.COMMITTEE_TOPICS))
        if not (retired and month in (1, 2, 7, 8)):
            also = (MeetingKind.LECTURE,) if month == 7 else ()
            self.add(branch, MeetingKind.THEME_DAY, self._day(year, month, MeetingKind.THEME_DAY),
                     title=pools.THEME_DAYS[month], also=also)
        for group in branch.groups:
            if not (retired and month in (7, 8)):
                self.add(branch, MeetingKind.GROUP, self._day(year, month, MeetingKind.GROUP),
                         title=self.rng.choice(pools.STUDY_TOPICS), group_id=group.id)
        if quarter_end:
            self.add(branch, MeetingKind.GENERAL, self._day(year, month, MeetingKind.GENERAL),
                     title=f"{year}年第{month // 3}季度支部党员大会")
        if month in (2, 5, 8, 11) and not (retired and month in (2, 8)):
            self.add(branch, MeetingKind.LECTURE, self._day(year, month, MeetingKind.LECTURE),
                     title=self.rng.choice(pools.STUDY_TOPICS).replace("学习", "", 1) or "党课")
