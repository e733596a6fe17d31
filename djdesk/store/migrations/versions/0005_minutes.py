"""Printed minutes: when a meeting's minutes were last printed, and what the page then said.

Revision ID: 0005_minutes
Revises: 0004_calendar
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_minutes"
down_revision = "0004_calendar"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.add_column(sa.Column("printed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("printed_digest", sa.String(length=64), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.drop_column("printed_digest")
        batch_op.drop_column("printed_on")
