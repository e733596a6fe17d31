"""The tables, as SQLAlchemy 2 typed models; Alembic migrations create them, never create_all."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from djdesk.domain.dates import PartialDate
from djdesk.domain.democratic import ReviewGrade
from djdesk.domain.dues import DuesKind, PayMethod
from djdesk.domain.ethics import (
    HonourLevel,
    LearningKind,
    ObservationKind,
    ObservationRating,
    Sanction,
)
from djdesk.domain.meetings import AttendanceStatus, MeetingKind, MeetingStatus
from djdesk.domain.people import (
    DocumentType,
    LeftReason,
    MembershipStatus,
    PoliticalStatus,
    Post,
    Sex,
    Stage,
)
from djdesk.domain.status import ChangeKind
from djdesk.store.types import ChoiceListType, ChoiceType, PartialDateType

# Named constraints: batch migrations on SQLite must be able to find them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Branch(Base):
    """A party branch (党支部); its full name heads its printouts."""

    __tablename__ = "branch"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(120), default="")
    term_start: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    term_end: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    groups: Mapped[list[PartyGroup]] = relationship(
        back_populates="branch", order_by="PartyGroup.sort_order"
    )


class PartyGroup(Base):
    """A party group (党小组) inside a branch."""

    __tablename__ = "party_group"
    __table_args__ = (UniqueConstraint("branch_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    branch: Mapped[Branch] = relationship(back_populates="groups")


class Person(Base):
    """One staff member, party member or not; people who leave stay, marked with left_on."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    sex: Mapped[Sex] = mapped_column(ChoiceType(Sex))
    ethnicity: Mapped[str] = mapped_column(String(20), default="")
    document_type: Mapped[DocumentType] = mapped_column(ChoiceType(DocumentType))
    id_number: Mapped[str] = mapped_column(String(40), unique=True)
    birth_date: Mapped[PartialDate] = mapped_column(PartialDateType)
    native_place: Mapped[str] = mapped_column(String(60), default="")
    education: Mapped[str] = mapped_column(String(30), default="")
    degree: Mapped[str] = mapped_column(String(30), default="")
    school_major: Mapped[str] = mapped_column(String(120), default="")
    work_start: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    post: Mapped[Post] = mapped_column(ChoiceType(Post))
    title: Mapped[str] = mapped_column(String(40), default="")
    department: Mapped[str] = mapped_column(String(60), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    political_status: Mapped[PoliticalStatus] = mapped_column(ChoiceType(PoliticalStatus), index=True)
    stage: Mapped[Stage | None] = mapped_column(ChoiceType(Stage))
    branch_id: Mapped[int | None] = mapped_column(
        ForeignKey("branch.id", ondelete="RESTRICT"), index=True
    )
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("party_group.id", ondelete="RESTRICT"), index=True
    )
    party_post: Mapped[str] = mapped_column(String(60), default="")
    applied_on: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    activist_on: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    candidate_on: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    joined_on: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    full_on: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    introducers: Mapped[str] = mapped_column(String(60), default="")
    contacts: Mapped[str] = mapped_column(String(60), default="")
    transferred_in_on: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    transferred_in_from: Mapped[str] = mapped_column(String(120), default="")
    membership_status: Mapped[MembershipStatus] = mapped_column(ChoiceType(MembershipStatus))
    membership_status_since: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    membership_status_until: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    dues_base_fen: Mapped[int | None] = mapped_column(Integer)
    # Set by a recorded 延长预备期 (status_event); the probation then ends this much later.
    probation_extended_months: Mapped[int | None] = mapped_column(Integer)

    left_on: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    left_reason: Mapped[LeftReason | None] = mapped_column(ChoiceType(LeftReason))
    left_note: Mapped[str] = mapped_column(String(200), default="")

    # Stored, not computed at start-up: pypinyin is slow to import (ARCHITECTURE rule 18).
    search_initials: Mapped[str] = mapped_column(String(200), default="")
    search_pinyin: Mapped[str] = mapped_column(Text, default="")

    branch: Mapped[Branch | None] = relationship()
    group: Mapped[PartyGroup | None] = relationship()
    # The person's own records: deleted with them (through the session, so audited).
    steps: Mapped[list[PipelineStep]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PipelineStep.id"
    )
    events: Mapped[list[StatusEvent]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="StatusEvent.id"
    )


class PipelineStep(Base):
    """A step of 发展党员工作细则 as recorded for a person, beyond the five dates kept on the
    person itself (application, activist, candidate, admission, full membership)."""

    __tablename__ = "pipeline_step"
    # Ids never reused: the history finds a person's steps, deleted ones too, by their ids.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(24))  # domain.pipeline.STEPS
    on: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    note: Mapped[str] = mapped_column(String(200), default="")

    person: Mapped[Person] = relationship(back_populates="steps")


class StatusEvent(Base):
    """A change of a person's standing (转出, 转入, 停止党籍, 留党察看, death…), kept for the
    history and the year's statistics; `before` holds what it replaced, for undoing it."""

    __tablename__ = "status_event"
    __table_args__ = {"sqlite_autoincrement": True}  # as for pipeline_step

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ChangeKind] = mapped_column(ChoiceType(ChangeKind), index=True)
    on: Mapped[PartialDate] = mapped_column(PartialDateType)
    organisation: Mapped[str] = mapped_column(String(120), default="")
    letter_no: Mapped[str] = mapped_column(String(60), default="")
    dues_until: Mapped[PartialDate | None] = mapped_column(PartialDateType)
    months: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(200), default="")
    before: Mapped[str] = mapped_column(Text, default="{}")

    person: Mapped[Person] = relationship(back_populates="events")


class Meeting(Base):
    """A meeting of a branch or party group, planned, held or cancelled."""

    __tablename__ = "meeting"
    __table_args__ = (Index(None, "branch_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MeetingKind] = mapped_column(ChoiceType(MeetingKind))
    # Other kinds the meeting also counts as (a 主题党日 that is also the month's 党课).
    also_counts_as: Mapped[tuple[MeetingKind, ...]] = mapped_column(
        ChoiceListType(MeetingKind), default=()
    )
    year: Mapped[int] = mapped_column(Integer, index=True)  # 所属年度
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"))
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("party_group.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    ends_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(120), default="")
    host_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    recorder_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="RESTRICT"), index=True
    )
    lecturer_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="RESTRICT"), index=True
    )
    guests: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text, default="")
    resolution: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[MeetingStatus] = mapped_column(ChoiceType(MeetingStatus))
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")
    # A 党员大会 vote; empty when there was none.
    voting_due: Mapped[int | None] = mapped_column(Integer)
    voting_present: Mapped[int | None] = mapped_column(Integer)
    written_opinions: Mapped[int | None] = mapped_column(Integer)
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    # The minutes' last printing (or PDF export), and a digest of what that page said: a
    # record edited after it was printed is shown as such, so the paper copy gets replaced.
    printed_on: Mapped[dt.date | None] = mapped_column(Date)
    printed_digest: Mapped[str] = mapped_column(String(64), default="", server_default="")

    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Attendance.id"
    )


class Attendance(Base):
    """An expected attendee of a meeting and, once recorded, whether they came."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    status: Mapped[AttendanceStatus | None] = mapped_column(ChoiceType(AttendanceStatus))
    reason: Mapped[str] = mapped_column(String(200), default="")

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")


class Talk(Base):
    """A 谈心谈话: the secretary (or a committee member) talking with one member."""

    __tablename__ = "talk"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"))
    talker_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    note: Mapped[str] = mapped_column(Text, default="")


class Setting(Base):
    """A school-wide setting, its value as JSON (services.settings gives it a type)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """One recorded change: when, which record, which field, old and new value."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index(None, "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    action: Mapped[str] = mapped_column(String(10))  # insert, update, delete, note
    entity: Mapped[str] = mapped_column(String(40))  # the table name
    entity_id: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(String(60))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)


class EthicsPeriod(Base):
    """A 师德考核 period (学年 2025-2026, or a year): its scheme as JSON (domain.ethics.Scheme),
    and once closed the results as they then stood, so later changes never alter them."""

    __tablename__ = "ethics_period"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    scheme: Mapped[str] = mapped_column(Text)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    results: Mapped[str] = mapped_column(Text, default="")
    # The latest reason for reopening; every one is in the audit trail as a change of it.
    reopen_reason: Mapped[str] = mapped_column(String(200), default="")

    entries: Mapped[list[EthicsEntry]] = relationship(
        back_populates="period", cascade="all, delete-orphan", order_by="EthicsEntry.id"
    )


class EthicsEntry(Base):
    """A teacher evaluated in a period; `withheld` is the office's decision under the 优秀 cap."""

    __tablename__ = "ethics_entry"
    __table_args__ = (UniqueConstraint("period_id", "person_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("ethics_period.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    withheld: Mapped[bool] = mapped_column(default=False)

    period: Mapped[EthicsPeriod] = relationship(back_populates="entries")
    scores: Mapped[list[EthicsScore]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="EthicsScore.id"
    )


class EthicsScore(Base):
    """One rater's score of a teacher for a rater category (the category's number in the
    scheme), for the whole rubric (item -1) or one item; points in hundredths."""

    __tablename__ = "ethics_score"
    __table_args__ = (
        UniqueConstraint("entry_id", "category", "rater", "item"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("ethics_entry.id", ondelete="CASCADE"))
    category: Mapped[int] = mapped_column(Integer)
    # "" for a score typed in the grid; an imported sheet's rater name otherwise.
    rater: Mapped[str] = mapped_column(String(60), default="")
    item: Mapped[int] = mapped_column(Integer, default=-1)
    points: Mapped[int] = mapped_column(Integer)

    entry: Mapped[EthicsEntry] = relationship(back_populates="scores")


class Violation(Base):
    """A recorded breach of teachers' ethics (一票否决 in its period) and what was decided."""

    __tablename__ = "violation"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text, default="")
    sanction: Mapped[Sanction | None] = mapped_column(ChoiceType(Sanction))
    measure: Mapped[str] = mapped_column(String(60), default="")  # 其他处理: which
    months: Mapped[int | None] = mapped_column(Integer)  # 其他处理: months barred
    decided_on: Mapped[dt.date | None] = mapped_column(Date)


class LearningRecord(Base):
    """One person's learning (a training, a lecture, self-study); 师德培训 carries that tag.
    The study records use this table too."""

    __tablename__ = "learning_record"
    __table_args__ = (Index(None, "person_id", "held_on"), UniqueConstraint("meeting_id", "person_id"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    topic: Mapped[str] = mapped_column(String(120))
    kind: Mapped[LearningKind] = mapped_column(ChoiceType(LearningKind))
    hours_tenths: Mapped[int] = mapped_column(Integer)
    tags: Mapped[str] = mapped_column(String(120), default="")  # comma-separated
    organiser: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    # Set when a held 党课 or 主题党日 made this record for one of its attendees (one per
    # person and meeting); un-marking the meeting as held removes it again.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)


class Honour(Base):
    """An honour a teacher received or was proposed for (最美教师, 师德楷模…)."""

    __tablename__ = "honour"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(60))
    year: Mapped[int] = mapped_column(Integer)
    level: Mapped[HonourLevel] = mapped_column(ChoiceType(HonourLevel))
    proposed_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")


class Observation(Base):
    """A lesson a school leader sat in on (听课记录), evidence for the 学校考评 score."""

    __tablename__ = "observation"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    observer_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[ObservationKind] = mapped_column(ChoiceType(ObservationKind))
    class_name: Mapped[str] = mapped_column(String(40), default="")
    subject: Mapped[str] = mapped_column(String(30), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    rating: Mapped[ObservationRating | None] = mapped_column(ChoiceType(ObservationRating))


class Review(Base):
    """A branch's 民主评议党员 for a 所属年度: the meeting it was held at, the 民主测评 ballots
    returned and the cap on 优秀 it is held under (the school's setting when it was opened)."""

    __tablename__ = "review"
    __table_args__ = (UniqueConstraint("branch_id", "year"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column(Integer)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"), index=True)
    ballots: Mapped[int | None] = mapped_column(Integer)
    share: Mapped[str] = mapped_column(String(12), default="")  # "1/3", "30%", "" for no cap
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    entries: Mapped[list[ReviewEntry]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="ReviewEntry.id"
    )


class ReviewEntry(Base):
    """A member listed in a 民主评议: their standing then, self-evaluation, ballots' marks, the
    branch's grade and, for 不合格, what was done. `counted` False: listed apart (left)."""

    __tablename__ = "review_entry"
    __table_args__ = (UniqueConstraint("review_id", "person_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    probationary: Mapped[bool] = mapped_column(default=False)
    counted: Mapped[bool] = mapped_column(default=True)
    apart_reason: Mapped[str] = mapped_column(String(200), default="")
    self_note: Mapped[str] = mapped_column(Text, default="")
    votes_excellent: Mapped[int] = mapped_column(Integer, default=0)
    votes_competent: Mapped[int] = mapped_column(Integer, default=0)
    votes_basic: Mapped[int] = mapped_column(Integer, default=0)
    votes_incompetent: Mapped[int] = mapped_column(Integer, default=0)
    grade: Mapped[ReviewGrade | None] = mapped_column(ChoiceType(ReviewGrade))
    grade_reason: Mapped[str] = mapped_column(String(200), default="")
    handling: Mapped[str] = mapped_column(String(200), default="")
    handled_on: Mapped[dt.date | None] = mapped_column(Date)

    review: Mapped[Review] = relationship(back_populates="entries")


class StudyGroup(Base):
    """A study group (学习小组) of 党建+学习: people may belong to several; not a 党小组."""

    __tablename__ = "study_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    note: Mapped[str] = mapped_column(String(200), default="")

    members: Mapped[list[StudyGroupMember]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="StudyGroupMember.person_id"
    )


class StudyGroupMember(Base):
    __tablename__ = "study_group_member"

    group_id: Mapped[int] = mapped_column(ForeignKey("study_group.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), primary_key=True,
                                           index=True)

    group: Mapped[StudyGroup] = relationship(back_populates="members")


class StudyTerm(Base):
    """A term's study plan (学期学习计划), e.g. 2026年春季学期."""

    __tablename__ = "study_term"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(500), default="")

    units: Mapped[list[StudyUnit]] = relationship(
        back_populates="term", cascade="all, delete-orphan", order_by="StudyUnit.position"
    )


class StudyUnit(Base):
    """A unit of the term's plan (学史明理 …): topic, materials, dates, the responsible study
    group, and afterwards its summary in the 学做悟晒 form."""

    __tablename__ = "study_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("study_term.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(60))
    topic: Mapped[str] = mapped_column(String(200), default="")
    materials: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("study_group.id", ondelete="RESTRICT"), index=True)
    learnt: Mapped[str] = mapped_column(Text, default="")  # 学
    done: Mapped[str] = mapped_column(Text, default="")  # 做
    understood: Mapped[str] = mapped_column(Text, default="")  # 悟
    shown: Mapped[str] = mapped_column(Text, default="")  # 晒

    term: Mapped[StudyTerm] = relationship(back_populates="units")


class DuesBase(Base):
    """A member's dues base from a month on (a new salary, a pension, a change of situation)."""

    __tablename__ = "dues_base"
    __table_args__ = (UniqueConstraint("person_id", "valid_from"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)  # the first day of the month
    kind: Mapped[DuesKind] = mapped_column(ChoiceType(DuesKind))
    amount_fen: Mapped[int] = mapped_column(Integer)  # the base, or for FIXED the monthly dues
    note: Mapped[str] = mapped_column(String(200), default="")


class DuesRelief(Base):
    """An approved reduction or exemption (减免) for a span of months."""

    __tablename__ = "dues_relief"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    starts: Mapped[dt.date] = mapped_column(Date)  # first month
    ends: Mapped[dt.date | None] = mapped_column(Date)  # last month; None: until revoked
    amount_fen: Mapped[int] = mapped_column(Integer)  # the reduced monthly dues; 0: exempt
    approval: Mapped[str] = mapped_column(String(200))  # who approved it, when, the document
    note: Mapped[str] = mapped_column(String(200), default="")


class DuesPayment(Base):
    """One month's dues paid by one member; a month is paid once (a correction edits it, with
    its reason, and the audit trail keeps what it said before)."""

    __tablename__ = "dues_payment"
    __table_args__ = (UniqueConstraint("person_id", "month"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    month: Mapped[dt.date] = mapped_column(Date, index=True)  # the month paid for (its first day)
    amount_fen: Mapped[int] = mapped_column(Integer)
    paid_on: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[PayMethod] = mapped_column(ChoiceType(PayMethod))
    received_by: Mapped[str] = mapped_column(String(60), default="")
    approval: Mapped[str] = mapped_column(String(200), default="")  # paid in advance or in arrears
    note: Mapped[str] = mapped_column(String(200), default="")  # a correction's reason among others


class DuesExtra(Base):
    """A voluntary extra payment (自愿多交党费), apart from the monthly dues."""

    __tablename__ = "dues_extra"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    paid_on: Mapped[dt.date] = mapped_column(Date, index=True)
    amount_fen: Mapped[int] = mapped_column(Integer)
    method: Mapped[PayMethod] = mapped_column(ChoiceType(PayMethod))
    received_by: Mapped[str] = mapped_column(String(60), default="")
    note: Mapped[str] = mapped_column(String(200), default="")
