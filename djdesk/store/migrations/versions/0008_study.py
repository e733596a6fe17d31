"""Study records: study groups, term plans with units, and learning records made by meetings.

Revision ID: 0008_study
Revises: 0007_review
"""

from __future__ import annotations

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

    with op.batch_alter_table('learning_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_learning_record_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_learning_record_meeting_id_person_id'), ['meeting_id', 'person_id'])
        batch_op.create_foreign_key(batch_op.f('fk_learning_record_meeting_id_meeting'), 'meeting', ['meeting_id'], ['id'], ondelete='CASCADE')



def downgrade() -> None:
    with op.batch_alter_table('learning_record', schema=None) as batch_op:
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
