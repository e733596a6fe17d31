"""One lock per data dir, held by the window and every writing command; the OS frees it on a crash."""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from djdesk import paths
from djdesk.domain.errors import StorageError
from djdesk.i18n import _


class DataDirLock:
    def __init__(self, directory: Path) -> None:
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(
                _("The data folder {path} cannot be used: {error}").format(
                    path=directory, error=error.strerror or error
                )
            ) from error
        self.directory = directory
        # is_singleton=False: a second lock object in the same process must conflict like a
        # second program would. thread_local=False: the window may open the data dir in a
        # worker thread and release it in the main one.
        self._lock = FileLock(
            paths.lock_path(directory), timeout=0, is_singleton=False, thread_local=False
        )

    def acquire(self) -> DataDirLock:
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise StorageError(
                _(
                    "djdesk is already running on this data folder ({path}). "
                    "Switch to the open window, or close it first."
                ).format(path=self.directory)
            ) from None
        return self

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release(force=True)

    def __enter__(self) -> DataDirLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
