"""Party dues: each member's base with its history, approved reductions, monthly payments and
voluntary extra payments.

Revision ID: 0009_dues
Revises: 0008_study
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from alembic import op

revision = "0009_dues"
down_revision = "0008_study"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dues_base',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_dues_base_person_id_person'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dues_base')),
    sa.UniqueConstraint('person_id', 'valid_from', name=op.f('uq_dues_base_person_id_valid_from')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('dues_base', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dues_base_person_id'), ['person_id'], unique=False)

    op.create_table('dues_extra',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=24), nullable=False),
    sa.Column('received_by', sa.String(length=60), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_dues_extra_person_id_person'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dues_extra')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('dues_extra', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dues_extra_paid_on'), ['paid_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_dues_extra_person_id'), ['person_id'], unique=False)

    op.create_table('dues_payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=24), nullable=False),
    sa.Column('received_by', sa.String(length=60), nullable=False),
    sa.Column('approval', sa.String(length=200), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_dues_payment_person_id_person'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dues_payment')),
    sa.UniqueConstraint('person_id', 'month', name=op.f('uq_dues_payment_person_id_month')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('dues_payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dues_payment_month'), ['month'], unique=False)
        batch_op.create_index(batch_op.f('ix_dues_payment_person_id'), ['person_id'], unique=False)

    op.create_table('dues_relief',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('starts', sa.Date(), nullable=False),
    sa.Column('ends', sa.Date(), nullable=True),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('approval', sa.String(length=200), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_dues_relief_person_id_person'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dues_relief')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('dues_relief', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dues_relief_person_id'), ['person_id'], unique=False)


    _bases_from_the_roster()


def _bases_from_the_roster() -> None:
    """The roster's 党费基数 (a single figure per person until now) becomes each member's first
    base, from this month on; the dues are kept in djdesk from this month (dues_since), so the
    months before are never counted as arrears."""
    bind = op.get_bind()
    today = op.get_context().config.attributes.get("today") or dt.date.today()
    month = today.replace(day=1)
    rows = bind.execute(sa.text(
        "SELECT id, dues_base_fen, post FROM person WHERE dues_base_fen IS NOT NULL AND dues_base_fen >= 0 "
        "AND political_status IN ('cpc_member', 'cpc_probationary')")).all()
    for person_id, fen, post in rows:
        bind.execute(sa.text(
            "INSERT INTO dues_base (person_id, valid_from, kind, amount_fen, note) VALUES (:p, :m, :k, :a, :n)"),
            {"p": person_id, "m": month.isoformat(), "k": "retired" if post == "retired" else "in_service",
             "a": fen, "n": "由花名册的党费基数转入"})
    if rows:
        bind.execute(sa.text(
            "INSERT INTO audit_entry (at, action, entity, entity_id, field, old, new) "
            "VALUES (:at, 'note', 'dues_base', NULL, NULL, NULL, :new)"),
            {"at": _now().isoformat(sep=" "), "new": f"升级：由花名册的党费基数建立党费基数 {len(rows)} 条"})
    exists = bind.execute(sa.text("SELECT 1 FROM setting WHERE key = 'dues_since'")).first()
    if not exists:
        bind.execute(sa.text("INSERT INTO setting (key, value) VALUES ('dues_since', :v)"),
                     {"v": json.dumps(month.isoformat())})



def _now() -> dt.datetime:
    """The injected day (the program passes its clock's), at this moment's time."""
    today = op.get_context().config.attributes.get("today")
    now = dt.datetime.now()
    return dt.datetime.combine(today, now.time()) if today else now


def downgrade() -> None:
    with op.batch_alter_table('dues_relief', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dues_relief_person_id'))

    op.drop_table('dues_relief')
    with op.batch_alter_table('dues_payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dues_payment_person_id'))
        batch_op.drop_index(batch_op.f('ix_dues_payment_month'))

    op.drop_table('dues_payment')
    with op.batch_alter_table('dues_extra', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dues_extra_person_id'))
        batch_op.drop_index(batch_op.f('ix_dues_extra_paid_on'))

    op.drop_table('dues_extra')
    with op.batch_alter_table('dues_base', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dues_base_person_id'))

    op.drop_table('dues_base')
