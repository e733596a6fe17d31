"""Slow work off the window's thread, with the result delivered back to it by a signal."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget


class _Relay(QObject):
    # Emitted from the worker thread; Qt queues the call into the receiver's (window) thread.
    finished = Signal(object, object)


def run_in_background(work: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None], parent: QObject) -> threading.Thread:
    relay = _Relay(parent)

    def deliver(result: object, error: object) -> None:
        relay.deleteLater()
        if error is not None:
            on_error(error)  # type: ignore[arg-type]
        else:
            on_done(result)

    relay.finished.connect(deliver)

    def target() -> None:
        try:
            result = work()
        except BaseException as error:  # handed to the window's thread, which decides
            result, failure = None, error
        else:
            failure = None
        try:
            relay.finished.emit(result, failure)
        except RuntimeError:
            # The window that asked was closed meanwhile (its relay deleted with it): nobody
            # is left to tell.
            pass

    thread = threading.Thread(target=target, name="djdesk-background", daemon=True)
    thread.start()
    return thread


def write_in_background(parent: QWidget, asker: Any, path: Any, work: Callable[[], Any],
                        done: Callable[[Any], None]) -> None:
    """Write a file (a PDF, a workbook) off the window's thread under a wait cursor; a file
    that cannot be written, or a refusal, is told; anything else is a bug and is raised."""
    from djdesk.domain.errors import UserError
    from djdesk.i18n import _

    parent.setCursor(parent.cursor().shape().WaitCursor)

    def failed(error: BaseException) -> None:
        parent.unsetCursor()
        if isinstance(error, OSError):
            asker.error(parent, _("The file {path} could not be written: {error}").format(
                path=path, error=error.strerror or error))
        elif isinstance(error, UserError):
            asker.error(parent, error.message)
        else:
            raise error

    def finished(result: Any) -> None:
        parent.unsetCursor()
        done(result)

    run_in_background(work, finished, failed, parent)


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None  # once
            watched.removeEventFilter(self)
            QTimer.singleShot(0, then)  # after this paint has finished
        return False


def after_first_paint(widget: QWidget, then: Callable[[], None]) -> None:
    """Run `then` once `widget` has been painted: slow work started any earlier competes with
    the first paint (Python runs one thread at a time) and the window appears late."""
    _FirstPaint(widget, then)
