"""A small note shown while slow start-up work runs in a thread, so the screen never looks dead."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

T = TypeVar("T")


class BusyNote(QWidget):
    def __init__(self, text: str) -> None:
        super().__init__(None, Qt.WindowType.SplashScreen | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("busyNote")
        bar = QProgressBar()
        bar.setRange(0, 0)  # an indeterminate bar: the work's length is not known
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(text))
        layout.addWidget(bar)
        self.resize(320, 80)

    def run(self, work: Callable[[], T], *, show_after_ms: int = 300) -> T:
        """Run `work` in a thread while the event loop turns; show the note if it takes long."""
        result: list[T] = []
        failure: list[BaseException] = []
        loop = QEventLoop()

        def target() -> None:
            try:
                result.append(work())
            except BaseException as error:  # re-raised in the caller's thread
                failure.append(error)
            finally:
                QTimer.singleShot(0, loop, loop.quit)

        QTimer.singleShot(show_after_ms, self, lambda: self.show() if not (result or failure) else None)
        thread = threading.Thread(target=target, name="djdesk-open", daemon=True)
        thread.start()
        loop.exec()
        thread.join()
        self.close()
        if failure:
            raise failure[0]
        return result[0]
