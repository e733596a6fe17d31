"""The meeting calendar: 谈心谈话 records, and meetings found by year and status quickly.

Revision ID: 0004_calendar
Revises: 0003_lifecycle
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_calendar"
down_revision = "0003_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "talk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=True),
        sa.Column("talker_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_talk_branch_id_branch"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["talker_id"], ["person.id"], name=op.f("fk_talk_talker_id_person"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_talk_person_id_person"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talk")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("talk") as batch_op:
        batch_op.create_index(batch_op.f("ix_talk_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_talk_talker_id"), ["talker_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_talk_held_on"), ["held_on"], unique=False)


def downgrade() -> None:
    op.drop_table("talk")
