"""A member's life in the party: the pipeline's steps, changes of standing, probation extension.

Revision ID: 0003_lifecycle
Revises: 0002_meetings
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_lifecycle"
down_revision = "0002_meetings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch_op:
        batch_op.add_column(sa.Column("probation_extended_months", sa.Integer(), nullable=True))

    op.create_table(
        "pipeline_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("on", sa.String(length=10), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_pipeline_step_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pipeline_step")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("pipeline_step") as batch_op:
        batch_op.create_index(batch_op.f("ix_pipeline_step_person_id"), ["person_id"], unique=False)

    op.create_table(
        "status_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("on", sa.String(length=10), nullable=False),
        sa.Column("organisation", sa.String(length=120), nullable=False),
        sa.Column("letter_no", sa.String(length=60), nullable=False),
        sa.Column("dues_until", sa.String(length=10), nullable=True),
        sa.Column("months", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_status_event_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_event")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("status_event") as batch_op:
        batch_op.create_index(batch_op.f("ix_status_event_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_status_event_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    op.drop_table("status_event")
    op.drop_table("pipeline_step")
    with op.batch_alter_table("person") as batch_op:
        batch_op.drop_column("probation_extended_months")
