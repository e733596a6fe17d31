"""The log file in the data dir: rotating, and never holding a citizen ID number."""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

from djdesk import paths
from djdesk.domain.errors import StorageError
from djdesk.i18n import _

LOG_NAME = "djdesk.log"
# 18-character ID numbers (and 15-digit old ones) anywhere in a message or traceback.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8}|\d{6})(\d{3}[0-9Xx]?)(?![0-9A-Za-z])")


def mask_id_numbers(text: str) -> str:
    return _ID_NUMBER.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3)[-4:].rjust(
        len(m.group(3)), "*"), text)


class _MaskingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return mask_id_numbers(super().format(record))


def log_file(data_dir: Path) -> Path:
    return paths.log_dir(data_dir) / LOG_NAME


def setup(data_dir: Path, *, level: int = logging.INFO) -> Path:
    """Send the program's log to the data dir; returns the file's path (shown in crash dialogs).

    Raises StorageError when the data dir cannot be created or written (a removed USB stick,
    a path under a file, a read-only folder): the first thing that touches it.
    """
    target = log_file(data_dir)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch(exist_ok=True)
    except OSError as error:
        raise StorageError(
            _("The data folder {path} cannot be used: {error}").format(
                path=data_dir, error=error.strerror or error
            )
        ) from error
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_djdesk", False):
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(
        target, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler._djdesk = True  # type: ignore[attr-defined]
    handler.setFormatter(_MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    return target
