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
