"""A tab that says what it will hold until its page is built."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from djdesk.i18n import _


class IntroTab(QWidget):
    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(f"<h2>{title}</h2>")
        body = QLabel(text)
        body.setWordWrap(True)
        body.setObjectName("tabDescription")
        later = QLabel(_("This page comes in a later version of djdesk."))
        later.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addWidget(later)
        layout.addStretch(1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
