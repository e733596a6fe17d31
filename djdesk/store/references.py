"""Which rows point at a record: found from the foreign keys, so new tables are covered too."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from djdesk.store.models import Base


def count_references(
    session: Session, table_name: str, row_id: int, *, own: tuple[str, ...] = ()
) -> dict[str, int]:
    """Rows of other tables whose foreign keys name `row_id` in `table_name`, per table;
    `own` names tables whose rows belong to the record and go with it."""
    counts: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        if table.name in own:
            continue
        columns = [
            fk.parent
            for fk in table.foreign_keys
            if fk.column.table.name == table_name and table.name != table_name
        ]
        if not columns:
            continue
        found = session.scalar(
            select(func.count()).select_from(table).where(or_(*(c == row_id for c in columns)))
        )
        if found:
            counts[table.name] = found
    return counts
