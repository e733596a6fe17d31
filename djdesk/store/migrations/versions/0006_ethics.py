"""师德考核: evaluation periods with their scheme and scores, violations and sanctions, the
learning records (shared with the study records), honours and lesson observations.

Revision ID: 0006_ethics
Revises: 0005_minutes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_ethics"
down_revision = "0005_minutes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ethics_period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('scheme', sa.Text(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('results', sa.Text(), nullable=False),
    sa.Column('reopen_reason', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ethics_period')),
    sa.UniqueConstraint('name', name=op.f('uq_ethics_period_name')),
    sqlite_autoincrement=True
    )
    op.create_table('ethics_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('withheld', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['period_id'], ['ethics_period.id'], name=op.f('fk_ethics_entry_period_id_ethics_period'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_ethics_entry_person_id_person'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ethics_entry')),
    sa.UniqueConstraint('period_id', 'person_id', name=op.f('uq_ethics_entry_period_id_person_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('ethics_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ethics_entry_person_id'), ['person_id'], unique=False)

    op.create_table('honour',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=60), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=24), nullable=False),
    sa.Column('proposed_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_honour_person_id_person'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_honour')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('honour', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_honour_person_id'), ['person_id'], unique=False)

    op.create_table('learning_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('topic', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('hours_tenths', sa.Integer(), nullable=False),
    sa.Column('tags', sa.String(length=120), nullable=False),
    sa.Column('organiser', sa.String(length=120), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_learning_record_person_id_person'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_record')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('learning_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_record_held_on'), ['held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_learning_record_person_id_held_on'), ['person_id', 'held_on'], unique=False)

    op.create_table('observation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=False),
    sa.Column('observer_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('class_name', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=30), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('rating', sa.String(length=24), nullable=True),
    sa.ForeignKeyConstraint(['observer_id'], ['person.id'], name=op.f('fk_observation_observer_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['teacher_id'], ['person.id'], name=op.f('fk_observation_teacher_id_person'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_observation')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_observation_observer_id'), ['observer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_observation_teacher_id'), ['teacher_id'], unique=False)

    op.create_table('violation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('sanction', sa.String(length=24), nullable=True),
    sa.Column('measure', sa.String(length=60), nullable=False),
    sa.Column('months', sa.Integer(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_violation_person_id_person'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_violation')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('violation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_violation_person_id'), ['person_id'], unique=False)

    op.create_table('ethics_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.Integer(), nullable=False),
    sa.Column('rater', sa.String(length=60), nullable=False),
    sa.Column('item', sa.Integer(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['ethics_entry.id'], name=op.f('fk_ethics_score_entry_id_ethics_entry'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ethics_score')),
    sa.UniqueConstraint('entry_id', 'category', 'rater', 'item', name=op.f('uq_ethics_score_entry_id_category_rater_item')),
    sqlite_autoincrement=True
    )


def downgrade() -> None:
    for table in ("ethics_score", "violation", "observation", "learning_record", "honour",
                  "ethics_entry", "ethics_period"):
        op.drop_table(table)
