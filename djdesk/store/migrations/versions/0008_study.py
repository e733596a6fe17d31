"""Study records: study groups, term plans with units, and learning records made by meetings.

Revision ID: 0008_study
Revises: 0007_review
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from alembic import op

revision = "0008_study"
down_revision = "0007_review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('study_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_study_group')),
    sa.UniqueConstraint('name', name=op.f('uq_study_group_name'))
    )
    op.create_table('study_term',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_study_term')),
    sa.UniqueConstraint('name', name=op.f('uq_study_term_name'))
    )
    op.create_table('study_unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=60), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('materials', sa.Text(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('learnt', sa.Text(), nullable=False),
    sa.Column('done', sa.Text(), nullable=False),
    sa.Column('understood', sa.Text(), nullable=False),
    sa.Column('shown', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['study_group.id'], name=op.f('fk_study_unit_group_id_study_group'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['term_id'], ['study_term.id'], name=op.f('fk_study_unit_term_id_study_term'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_study_unit'))
    )
    with op.batch_alter_table('study_unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_study_unit_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_study_unit_term_id'), ['term_id'], unique=False)

    op.create_table('study_group_member',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['study_group.id'], name=op.f('fk_study_group_member_group_id_study_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_study_group_member_person_id_person'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('group_id', 'person_id', name=op.f('pk_study_group_member'))
    )
    with op.batch_alter_table('study_group_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_study_group_member_person_id'), ['person_id'], unique=False)

    # recreate with AUTOINCREMENT kept: a batch copy would drop it and let SQLite reuse the id of
    # a deleted record, mixing two records' audit trails.
    with op.batch_alter_table('learning_record', schema=None, recreate='always',
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('meeting_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_learning_record_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_learning_record_meeting_id_person_id'), ['meeting_id', 'person_id'])
        batch_op.create_foreign_key(batch_op.f('fk_learning_record_meeting_id_meeting'), 'meeting', ['meeting_id'], ['id'], ondelete='CASCADE')


    _backfill()


# What the program's sync_meeting does, written out so this step stays as it is when the program
# changes: a held 党课 (or a meeting also counted as one) gives 党课, a 主题党日 集中学习.
_TOPICS = {"lecture": "党课", "theme_day": "主题党日"}


def _hours(starts_at: dt.datetime, ends_at: dt.datetime | None) -> int:
    if ends_at is None or ends_at <= starts_at:
        return 10
    halves = int((Decimal((ends_at - starts_at).total_seconds()) / 1800).quantize(Decimal(1), ROUND_HALF_UP))
    return max(5, halves * 5)


def _backfill() -> None:
    """党课 and 主题党日 held before this version give their attendees present their 学时, as saving
    them would now; a person with a record of that kind that day (typed by hand) is left alone."""
    bind = op.get_bind()
    added = 0
    meetings = bind.execute(sa.text(
        "SELECT id, kind, also_counts_as, title, starts_at, ends_at FROM meeting WHERE status = 'held'")).all()
    for meeting_id, kind, also, title, starts_at, ends_at in meetings:
        kinds = {kind, *(also or "").split(",")}
        learning = "lecture" if "lecture" in kinds else "group" if "theme_day" in kinds else None
        if learning is None:
            continue
        starts = dt.datetime.fromisoformat(str(starts_at))
        ends = dt.datetime.fromisoformat(str(ends_at)) if ends_at else None
        topic = (title or "").strip()[:120] or _TOPICS.get(kind, "党课" if learning == "lecture" else "主题党日")
        present = bind.execute(sa.text(
            "SELECT person_id FROM attendance WHERE meeting_id = :m AND status = 'present'"), {"m": meeting_id}).all()
        for (person_id,) in present:
            typed = bind.execute(sa.text(
                "SELECT 1 FROM learning_record WHERE person_id = :p AND held_on = :d AND kind = :k"),
                {"p": person_id, "d": starts.date().isoformat(), "k": learning}).first()
            if typed:
                continue
            bind.execute(sa.text(
                "INSERT INTO learning_record (person_id, held_on, topic, kind, hours_tenths, tags, organiser, "
                "note, meeting_id) VALUES (:p, :d, :t, :k, :h, '', '', '', :m)"),
                {"p": person_id, "d": starts.date().isoformat(), "t": topic, "k": learning,
                 "h": _hours(starts, ends), "m": meeting_id})
            added += 1
    if added:  # a Core insert: the audit trail is told explicitly (ARCHITECTURE rule 17)
        bind.execute(sa.text(
            "INSERT INTO audit_entry (at, action, entity, entity_id, field, old, new) "
            "VALUES (:at, 'note', 'learning_record', NULL, NULL, NULL, :new)"),
            {"at": _now().isoformat(sep=" "), "new": f"升级：为已召开的党课和主题党日补记学习记录 {added} 条"})



def _now() -> dt.datetime:
    """The injected day (the program passes its clock's), at this moment's time."""
    today = op.get_context().config.attributes.get("today")
    now = dt.datetime.now()
    return dt.datetime.combine(today, now.time()) if today else now


def downgrade() -> None:
    with op.batch_alter_table('learning_record', schema=None, recreate='always',
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_learning_record_meeting_id_meeting'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_learning_record_meeting_id_person_id'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_learning_record_meeting_id'))
        batch_op.drop_column('meeting_id')

    with op.batch_alter_table('study_group_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_study_group_member_person_id'))

    op.drop_table('study_group_member')
    with op.batch_alter_table('study_unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_study_unit_term_id'))
        batch_op.drop_index(batch_op.f('ix_study_unit_group_id'))

    op.drop_table('study_unit')
    op.drop_table('study_term')
    op.drop_table('study_group')
