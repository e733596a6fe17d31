"""The SQLite database: engine with the project's pragmas, real transactions, one session per action."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from djdesk.domain.clock import Clock, SystemClock
from djdesk.store import audit

BUSY_TIMEOUT_MS = 5000


def make_engine(path: Path) -> Engine:
    """An engine whose transactions really are transactions (DDL included).

    pysqlite by default defers BEGIN until the first DML statement and commits before DDL;
    SQLAlchemy's documented recipe turns that off and emits BEGIN itself.
    """
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a power cut after a commit never loses that commit.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


class Database:
    """An open database file. Use `transaction()` for each user action."""

    def __init__(self, path: Path, *, clock: Clock | None = None) -> None:
        self.path = Path(path)
        self.clock: Clock = clock or SystemClock()
        self.engine = make_engine(self.path)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        audit.install(self._sessions)

    @contextlib.contextmanager
    def transaction(self, *, audit_skip_reason: str | None = None) -> Iterator[Session]:
        """A session whose work is committed together when the block ends, or not at all."""
        session = self._sessions()
        session.info["clock"] = self.clock
        if audit_skip_reason:
            session.info[audit.SKIP_REASON] = audit_skip_reason
        try:
            with session.begin():
                yield session
        finally:
            session.close()

    def dispose(self) -> None:
        """Close every connection (before the file is replaced, renamed or checked)."""
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.dispose()
