"""People: branches, party groups, persons, settings and the audit trail.

Revision ID: 0001_people
Revises: 
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_people"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=60), nullable=True),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry") as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_entry_entity_entity_id"), ["entity", "entity_id"], unique=False
        )

    op.create_table(
        "branch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("term_start", sa.String(length=10), nullable=True),
        sa.Column("term_end", sa.String(length=10), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_branch")),
        sa.UniqueConstraint("name", name=op.f("uq_branch_name")),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "party_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_party_group_branch_id_branch"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_group")),
        sa.UniqueConstraint("branch_id", "name", name=op.f("uq_party_group_branch_id_name")),
    )
    with op.batch_alter_table("party_group") as batch_op:
        batch_op.create_index(batch_op.f("ix_party_group_branch_id"), ["branch_id"], unique=False)

    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("sex", sa.String(length=24), nullable=False),
        sa.Column("ethnicity", sa.String(length=20), nullable=False),
        sa.Column("document_type", sa.String(length=24), nullable=False),
        sa.Column("id_number", sa.String(length=40), nullable=False),
        sa.Column("birth_date", sa.String(length=10), nullable=False),
        sa.Column("native_place", sa.String(length=60), nullable=False),
        sa.Column("education", sa.String(length=30), nullable=False),
        sa.Column("degree", sa.String(length=30), nullable=False),
        sa.Column("school_major", sa.String(length=120), nullable=False),
        sa.Column("work_start", sa.String(length=10), nullable=True),
        sa.Column("post", sa.String(length=24), nullable=False),
        sa.Column("title", sa.String(length=40), nullable=False),
        sa.Column("department", sa.String(length=60), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("political_status", sa.String(length=24), nullable=False),
        sa.Column("stage", sa.String(length=24), nullable=True),
        sa.Column("branch_id", sa.Integer(), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("party_post", sa.String(length=60), nullable=False),
        sa.Column("applied_on", sa.String(length=10), nullable=True),
        sa.Column("activist_on", sa.String(length=10), nullable=True),
        sa.Column("candidate_on", sa.String(length=10), nullable=True),
        sa.Column("joined_on", sa.String(length=10), nullable=True),
        sa.Column("full_on", sa.String(length=10), nullable=True),
        sa.Column("introducers", sa.String(length=60), nullable=False),
        sa.Column("contacts", sa.String(length=60), nullable=False),
        sa.Column("transferred_in_on", sa.String(length=10), nullable=True),
        sa.Column("transferred_in_from", sa.String(length=120), nullable=False),
        sa.Column("membership_status", sa.String(length=24), nullable=False),
        sa.Column("membership_status_since", sa.String(length=10), nullable=True),
        sa.Column("membership_status_until", sa.String(length=10), nullable=True),
        sa.Column("dues_base_fen", sa.Integer(), nullable=True),
        sa.Column("left_on", sa.String(length=10), nullable=True),
        sa.Column("left_reason", sa.String(length=24), nullable=True),
        sa.Column("left_note", sa.String(length=200), nullable=False),
        sa.Column("search_initials", sa.String(length=200), nullable=False),
        sa.Column("search_pinyin", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_person_branch_id_branch"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["party_group.id"], name=op.f("fk_person_group_id_party_group"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("id_number", name=op.f("uq_person_id_number")),
    )
    with op.batch_alter_table("person") as batch_op:
        batch_op.create_index(batch_op.f("ix_person_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_political_status"), ["political_status"], unique=False)


def downgrade() -> None:
    op.drop_table("person")
    op.drop_table("party_group")
    op.drop_table("setting")
    op.drop_table("branch")
    op.drop_table("audit_entry")
