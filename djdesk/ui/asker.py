"""Every question to the user goes through an Asker, so tests answer instead of a modal dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from djdesk.i18n import _


class Asker:
    """Asks with real dialogs. Tests pass their own object with the same methods."""

    def error(self, parent: QWidget | None, message: str) -> None:
        QMessageBox.critical(parent, _("djdesk"), message)

    def confirm(self, parent: QWidget | None, question: str) -> bool:
        answer = QMessageBox.question(
            parent,
            _("djdesk"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,  # the safe answer is the default
        )
        return answer == QMessageBox.StandardButton.Yes
