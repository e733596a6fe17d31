"""民主评议党员: a branch's yearly evaluation of its members and each member's result.

Revision ID: 0007_review
Revises: 0006_ethics
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_review"
down_revision = "0006_ethics"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('ballots', sa.Integer(), nullable=True),
    sa.Column('share', sa.String(length=12), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_review_branch_id_branch'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_review_meeting_id_meeting'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review')),
    sa.UniqueConstraint('branch_id', 'year', name=op.f('uq_review_branch_id_year')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('review_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('probationary', sa.Boolean(), nullable=False),
    sa.Column('counted', sa.Boolean(), nullable=False),
    sa.Column('apart_reason', sa.String(length=200), nullable=False),
    sa.Column('self_note', sa.Text(), nullable=False),
    sa.Column('votes_excellent', sa.Integer(), nullable=False),
    sa.Column('votes_competent', sa.Integer(), nullable=False),
    sa.Column('votes_basic', sa.Integer(), nullable=False),
    sa.Column('votes_incompetent', sa.Integer(), nullable=False),
    sa.Column('grade', sa.String(length=24), nullable=True),
    sa.Column('grade_reason', sa.String(length=200), nullable=False),
    sa.Column('handling', sa.String(length=200), nullable=False),
    sa.Column('handled_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_review_entry_person_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_review_entry_review_id_review'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_entry')),
    sa.UniqueConstraint('review_id', 'person_id', name=op.f('uq_review_entry_review_id_person_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('review_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_entry_person_id'), ['person_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('review_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_entry_person_id'))

    op.drop_table('review_entry')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_meeting_id'))

    op.drop_table('review')
