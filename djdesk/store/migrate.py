"""Running the Alembic migrations from code, with the safeguards SQLite needs."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from djdesk.domain.clock import Clock
from djdesk.domain.errors import StorageError
from djdesk.i18n import _
from djdesk.store.database import make_engine
from djdesk.store.opening import MIGRATIONS_DIR, FileState
from djdesk.store.snapshots import take_snapshot


class MigrationBug(RuntimeError):
    """A migration broke a foreign key: our mistake, and the transaction was rolled back."""


def config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(config()).walk_revisions()}


def head_revision() -> str:
    head = ScriptDirectory.from_config(config()).get_current_head()
    assert head is not None
    return head


def upgrade(path: Path, state: FileState, *, clock: Clock, snapshot_dir: Path | None) -> None:
    if state.revision is not None and state.revision not in known_revisions():
        raise StorageError(
            _(
                "The database {path} was written by a newer version of djdesk (schema {revision}). "
                "It has not been changed; please use the newer version."
            ).format(path=path, revision=state.revision)
        )
    if state.has_data and snapshot_dir is not None:
        take_snapshot(path, snapshot_dir, f"before-upgrade-{state.revision}", clock.now())
    engine = make_engine(path)
    try:
        with engine.connect() as connection:
            # Batch migrations recreate tables; with foreign keys on, dropping a parent table
            # would cascade into its children. The pragma is ignored inside a transaction,
            # so it goes straight to the driver before SQLAlchemy begins one.
            raw = connection.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=OFF")
            with connection.begin():
                cfg = config()
                cfg.attributes["connection"] = connection
                cfg.attributes["today"] = clock.today()  # data steps date what they add by it
                command.upgrade(cfg, "head")
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise MigrationBug(f"foreign keys broken by the migration: {broken[:5]}")
            raw.execute("PRAGMA foreign_keys=ON")
    except OSError as error:
        raise StorageError(
            _("The database {path} could not be updated: {error}").format(path=path, error=error)
        ) from error
    finally:
        engine.dispose()
