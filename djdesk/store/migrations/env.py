"""Alembic environment: runs on the connection djdesk hands in, or on a URL for development."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.types import TypeDecorator

from djdesk.store.models import Base

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Write our column types as their plain SQL type: a migration must not import today's
    code, which may change after the migration was written."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode recreates the table instead.
        render_as_batch=True,
        # djdesk's connections emit BEGIN themselves, so DDL rolls back with everything else.
        transactional_ddl=True,
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    # `alembic -c alembic.ini revision --autogenerate` during development.
    url = config.get_main_option("sqlalchemy.url")
    engine = create_engine(url)
    with engine.begin() as dev_connection:
        run(dev_connection)
    engine.dispose()
