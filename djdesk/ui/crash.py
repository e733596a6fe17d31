"""A bug never kills the window silently: the exception hook logs it and shows what happened."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.errors import UserError
from djdesk.i18n import _
from djdesk.logs import mask_id_numbers
from djdesk.ui.asker import Asks

log = logging.getLogger(__name__)


def install(asker: Asks, log_path: Path, parent: Callable[[], QWidget | None]) -> None:
    """Route uncaught exceptions (Qt slots included: PySide6 reports them through
    sys.excepthook) to the log and a dialog; the window stays open."""
    showing = False

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        if isinstance(error, UserError):
            # A refusal that a handler forgot to catch: still the user's to read, not a crash.
            asker.error(parent(), error.message)
            return
        log.error("unexpected error", exc_info=(kind, error, tb))
        if showing:  # an error while showing the dialog: the log has it, do not recurse
            return
        showing = True
        try:
            details = mask_id_numbers("".join(traceback.format_exception(kind, error, tb)))
            asker.crash(parent(), details, log_path)
        finally:
            showing = False

    sys.excepthook = hook


class CrashDialog(QDialog):
    def __init__(self, details: str, log_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(_("Unexpected error"))
        headline = QLabel(
            _(
                "Something went wrong inside djdesk. Your data is safe: the last action was not "
                "saved, everything before it was. You can go on working.\n\n"
                "The details have been written to the log file:"
            )
        )
        headline.setWordWrap(True)
        path = QLabel(str(log_path))
        path.setObjectName("crashLogPath")
        path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text = QPlainTextEdit(details)
        text.setObjectName("crashDetails")
        text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        copy = QPushButton(_("Copy details"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
        folder = QPushButton(_("Open log folder"))
        folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_path.parent))))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(headline)
        layout.addWidget(path)
        layout.addWidget(text, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)
