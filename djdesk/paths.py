"""Where things live: the user's data dir, the database, logs, and bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "djdesk"
ENV_DATA_DIR = "DJDESK_DATA_DIR"
DATABASE_NAME = "djdesk.sqlite3"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data dir: `--data-dir`, else $DJDESK_DATA_DIR, else the platform's user data dir."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    import platformdirs  # only needed when no dir is given

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def demo_dir(base: Path) -> Path:
    """The demo school lives in its own data dir under the user's one."""
    return base / "demo"


def database_path(directory: Path) -> Path:
    return directory / DATABASE_NAME


def lock_path(directory: Path) -> Path:
    return directory / "djdesk.lock"


def log_dir(directory: Path) -> Path:
    return directory / "logs"


def snapshot_dir(directory: Path) -> Path:
    return directory / "snapshots"


def printouts_dir(directory: Path) -> Path:
    """PDFs made only to be sent to the printer; pruned after a month."""
    return directory / "printouts"


def settings_ini(directory: Path) -> Path:
    """Per-machine preferences (window geometry, language), a QSettings INI file."""
    return directory / "djdesk.ini"


def resource_dir() -> Path:
    """Bundled fonts, icons and catalogues; inside the PyInstaller bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "djdesk" / "resources"
    return Path(__file__).resolve().parent / "resources"


def bundled_font() -> Path:
    return resource_dir() / "fonts" / "wqy-microhei.ttc"
