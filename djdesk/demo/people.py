"""The demo school's people: teachers, staff and retirees at every stage of party standing."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from djdesk.demo import pools
from djdesk.domain import idnumber
from djdesk.domain.dates import PartialDate, add_years
from djdesk.domain.people import (
    LeftReason,
    MembershipStatus,
    PersonDraft,
    PoliticalStatus,
    Post,
    Sex,
    Stage,
)
from djdesk.domain.status import Change, ChangeKind
from djdesk.services import lifecycle, members
from djdesk.services.branches import BranchView

# (role, count): the make-up of the demo roster, 118 people in all.
ACTIVE_ROLES = (
    ("secretary", 1), ("deputy", 1), ("organiser", 1), ("publicity", 1), ("discipline", 1),
    ("group_leader", 3), ("full", 30), ("observation", 1), ("probationary", 3),
    ("candidate", 3), ("activist", 5), ("applicant", 6), ("capd", 2), ("jiusan", 1),
    ("cdl", 1), ("rcck", 1), ("cndca", 1), ("cpwdp", 1), ("zhi_gong", 1), ("tdsgl", 1),
    ("non_partisan", 1), ("league", 5), ("masses", 31),
)
RETIRED_ROLES = (("secretary", 1), ("organiser", 1), ("publicity", 1), ("group_leader", 1),
                 ("veteran", 3), ("full", 9))
PARTY_POSTS = {"secretary": "书记", "deputy": "副书记", "organiser": "组织委员",
               "publicity": "宣传委员", "discipline": "纪检委员", "group_leader": "党小组长"}
COMMITTEE_ROLES = ("secretary", "deputy", "organiser", "publicity", "discipline")


@dataclass(frozen=True)
class DemoPerson:
    id: int
    name: str
    role: str
    branch_id: int | None
    group_id: int | None
    status: PoliticalStatus
    joined: dt.date | None  # the day they count as a member (for expected attendance)
    left: dt.date | None = None


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, min(day.day, 28))


class PeopleMaker:
    def __init__(self, session: Session, today: dt.date, rng: random.Random) -> None:
        self.session, self.today, self.rng = session, today, rng
        self.names: list[tuple[str, str]] = list(pools.FIXED_NAMES)
        self.used_names = {n for n, _ in self.names}
        self.used_ids: set[str] = set()
        self.people: list[DemoPerson] = []

    # -- identities -----------------------------------------------------------------------
    def _name(self) -> tuple[str, Sex]:
        if self.names:
            name, sex = self.names.pop(0)
            return name, Sex(sex)
        while True:
            sex = Sex.MALE if self.rng.random() < 0.45 else Sex.FEMALE
            chars = pools.MALE_CHARS if sex is Sex.MALE else pools.FEMALE_CHARS
            given = "".join(self.rng.choice(chars) for _ in range(self.rng.choice((1, 2, 2))))
            name = self.rng.choice(pools.SURNAMES) + given
            if name not in self.used_names:
                self.used_names.add(name)
                return name, sex

    def _id_number(self, birth: dt.date, sex: Sex) -> str:
        while True:
            sequence = self.rng.randint(0, 499) * 2 + (1 if sex is Sex.MALE else 0)
            number = idnumber.make(self.rng.choice(pools.AREA_CODES), birth, sequence)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def _day_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def _pd(self, day: dt.date, month_only: bool = False) -> PartialDate:
        return PartialDate(day.year, day.month) if month_only else PartialDate.of(day)

    # -- the pipeline ---------------------------------------------------------------------
    def _pipeline(self, role: str, birth: dt.date, retired: bool) -> dict[str, object]:
        today, rng = self.today, self.rng
        old = retired  # old paper records: month precision, some steps unrecorded
        if role in ("applicant",):
            return {"applied_on": self._pd(add_months(today, -rng.randint(1, 10)))}
        if role == "activist":
            activist = add_months(today, -rng.randint(1, 18))
            return {"applied_on": self._pd(add_months(activist, -rng.randint(2, 6))),
                    "activist_on": self._pd(activist)}
        if role == "candidate":
            candidate = add_months(today, -rng.randint(1, 8))
            activist = add_months(candidate, -rng.randint(12, 16))
            return {"applied_on": self._pd(add_months(activist, -rng.randint(2, 6))),
                    "activist_on": self._pd(activist), "candidate_on": self._pd(candidate),
                    "contacts": ""}
        if role == "probationary":
            joined = self._day_between(add_months(today, -11), add_months(today, -1))
        elif role == "veteran":  # 光荣在党50年: joined fifty years ago or more
            joined = dt.date(rng.randint(max(1968, birth.year + 20), 1976), rng.randint(1, 12), rng.randint(1, 28))
        else:
            earliest = add_years(birth, 23)
            latest = add_months(today, -26) if not retired else add_years(birth, 45)
            joined = self._day_between(earliest, max(earliest, latest))
            # A full member finished the year of probation: joined more than a year ago,
            # whatever day the demo is made on.
            joined = min(joined, add_months(today, -13))
        candidate = add_months(joined, -rng.randint(3, 8))
        activist = add_months(candidate, -rng.randint(12, 16))
        applied = add_months(activist, -rng.randint(2, 6))
        dates: dict[str, object] = {
            "applied_on": None if old and rng.random() < 0.4 else self._pd(applied, old),
            "activist_on": None if old and rng.random() < 0.5 else self._pd(activist, old),
            "candidate_on": None if old else self._pd(candidate),
            "joined_on": self._pd(joined, old and rng.random() < 0.6),
        }
        if role != "probationary":
            full = add_years(joined, 1)
            # Some old records never noted the day of full membership: a 待办 item, not an error.
            dates["full_on"] = None if old and rng.random() < 0.2 else self._pd(full, old)
        return dates

    # -- one person -----------------------------------------------------------------------
    def make(self, role: str, branch: BranchView, group_id: int | None, retired: bool) -> DemoPerson:
        rng, today = self.rng, self.today
        name, sex = self._name()
        if retired:
            birth = dt.date(today.year - rng.randint(62, 86), rng.randint(1, 12), rng.randint(1, 28))
        else:
            birth = dt.date(today.year - rng.randint(24, 58), rng.randint(1, 12), rng.randint(1, 28))
        if role == "veteran":
            birth = dt.date(rng.randint(1944, 1952), rng.randint(1, 12), rng.randint(1, 28))
        status = {
            "probationary": PoliticalStatus.CPC_PROBATIONARY, "capd": PoliticalStatus.CAPD,
            "jiusan": PoliticalStatus.JIUSAN, "cdl": PoliticalStatus.CDL, "rcck": PoliticalStatus.RCCK,
            "cndca": PoliticalStatus.CNDCA, "cpwdp": PoliticalStatus.CPWDP,
            "zhi_gong": PoliticalStatus.ZHI_GONG, "tdsgl": PoliticalStatus.TDSGL,
            "non_partisan": PoliticalStatus.NON_PARTISAN, "league": PoliticalStatus.CYL_MEMBER,
            "masses": PoliticalStatus.MASSES, "applicant": PoliticalStatus.MASSES,
            "activist": PoliticalStatus.MASSES, "candidate": PoliticalStatus.MASSES,
        }.get(role, PoliticalStatus.CPC_MEMBER)
        if role in ("applicant", "activist") and rng.random() < 0.4:
            status = PoliticalStatus.CYL_MEMBER
        if status is PoliticalStatus.CYL_MEMBER:  # the League is for the young
            birth = dt.date(today.year - rng.randint(23, 27), rng.randint(1, 12), rng.randint(1, 28))
        department = rng.choice(pools.DEPARTMENTS)
        post = Post.RETIRED if retired else Post.TEACHER
        if role in ("secretary", "deputy") and not retired:
            post, department = Post.ADMIN, "校长办公室"
        elif not retired and rng.random() < 0.12:
            post, department = rng.choice(((Post.ADMIN, rng.choice(pools.OFFICES)),
                                           (Post.SUPPORT, "总务处"),
                                           (Post.TEACHING_SUPPORT, "实验室")))
        education, degree = rng.choice(pools.EDUCATION)
        ethnicity = "回族" if name == "马晓东" else (
            rng.choice(pools.MINORITIES) if rng.random() < 0.12 else "汉族")
        is_member = status.is_party_member
        in_pipeline = role in ("applicant", "activist", "candidate")
        draft = PersonDraft(
            name=name, sex=sex, ethnicity=ethnicity, id_number=self._id_number(birth, sex),
            native_place=rng.choice(pools.NATIVE_PLACES), education=education, degree=degree,
            school_major=f"{rng.choice(pools.UNIVERSITIES)} {pools.MAJORS.get(department, '教育学')}",
            work_start=self._pd(min(add_years(birth, rng.randint(21, 24)), add_months(today, -3)),
                                month_only=True),
            post=post, title=rng.choice(pools.TITLES) if post is Post.TEACHER or retired else "",
            department="" if retired else department,
            phone="1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9)),
            political_status=status,
            stage={"applicant": Stage.APPLICANT, "activist": Stage.ACTIVIST,
                   "candidate": Stage.CANDIDATE}.get(role),
            branch_id=branch.id if (is_member or in_pipeline) else None,
            group_id=group_id if is_member else None,
            party_post=PARTY_POSTS.get(role, ""),
        )
        if is_member or in_pipeline:
            draft = replace(draft, **self._pipeline(role, birth, retired))  # type: ignore[arg-type]
        if is_member and not retired and rng.random() < 0.12 and role == "full":
            moved = add_years(draft.joined_on.first_day(), rng.randint(2, 8))  # type: ignore[union-attr]
            if moved < today:
                draft = replace(draft, transferred_in_on=self._pd(moved),
                                transferred_in_from=rng.choice(pools.OTHER_ORGANISATIONS))
        if role == "observation":
            since = add_months(today, -8)
            draft = replace(draft, membership_status=MembershipStatus.OBSERVATION,
                            membership_status_since=self._pd(since),
                            membership_status_until=self._pd(add_years(since, 1)))
        record = members.add(self.session, draft, today=today)
        joined = None
        if record.draft.joined_on is not None:
            joined = record.draft.joined_on.first_day()
            if record.draft.transferred_in_on is not None:
                joined = record.draft.transferred_in_on.first_day()
        person = DemoPerson(record.id, name, role, draft.branch_id, draft.group_id, status, joined)
        self.people.append(person)
        return person

    def make_all(self, branches: list[BranchView]) -> list[DemoPerson]:
        for branch, roles, retired in ((branches[0], ACTIVE_ROLES, False),
                                       (branches[1], RETIRED_ROLES, True)):
            groups = [g.id for g in branch.groups]
            leaders = iter(groups)
            counter = 0
            for role, count in roles:
                for _ in range(count):
                    if role == "group_leader":
                        group_id = next(leaders)
                    else:
                        group_id = groups[counter % len(groups)]
                        counter += 1
                    self.make(role, branch, group_id, retired)
        self._introducers()
        return self.people

    def _introducers(self) -> None:
        """Recent members and candidates get two full members as introducers or contacts."""
        first_branch = self.people[0].branch_id
        full = [p for p in self.people if p.role in ("full", "group_leader") and p.branch_id == first_branch]
        for person in self.people:
            if person.role not in ("probationary", "candidate", "activist"):
                continue
            pair = "、".join(p.name for p in self.rng.sample(full, 2))
            record = members.get(self.session, person.id)
            field = "introducers" if person.role == "probationary" else "contacts"
            members.update(self.session, person.id, replace(record.draft, **{field: pair}),
                           today=self.today)

    def departures(self) -> list[DemoPerson]:
        """Three transfers out, a death in the retired branch, a teacher who moved schools."""
        rng, today = self.rng, self.today
        first_branch = self.people[0].branch_id
        # The last ones made, so that the fixed names (rare characters, 单 曾 解) stay current.
        movers = [q for q in self.people if q.role == "full" and q.branch_id == first_branch][-3:]
        plan = [(p, LeftReason.TRANSFERRED_OUT) for p in movers]
        plan.append((next(p for p in self.people if p.role == "full" and p.group_id is not None
                          and p.branch_id != first_branch), LeftReason.DECEASED))
        plan.append((next(p for p in reversed(self.people) if p.role == "masses"), LeftReason.RESIGNED))
        for index, (person, reason) in enumerate(plan):
            left = add_months(today, -rng.randint(2, 20))
            note = {LeftReason.TRANSFERRED_OUT: pools.OTHER_ORGANISATIONS[index % 4],
                    LeftReason.RESIGNED: "调往兰州市第十中学", LeftReason.DECEASED: "病故"}[reason]
            kind = {LeftReason.TRANSFERRED_OUT: ChangeKind.TRANSFER_OUT, LeftReason.RESIGNED: ChangeKind.LEFT,
                    LeftReason.DECEASED: ChangeKind.DECEASED}[reason]
            transfer = kind is ChangeKind.TRANSFER_OUT
            lifecycle.change_status(self.session, person.id, Change(
                kind, PartialDate.of(left), organisation=note if transfer else "",
                letter_no=f"明德党转〔{left.year}〕{index + 1:02d}号" if transfer else "",
                dues_until=PartialDate(left.year, left.month) if transfer else None,
                note="" if transfer else note), today=today)
            self.people[self.people.index(person)] = replace(person, left=left)
        return self.people
