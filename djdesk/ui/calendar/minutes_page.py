"""The meeting dialog's 会议记录 page: the minutes body from a template per kind, the resolution,
and whether the meeting was held."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.meetings import (
    MeetingKind,
    MeetingStatus,
    meeting_label,
    minutes_missing,
    minutes_template,
)
from djdesk.i18n import _
from djdesk.ui.forms import ERROR_STYLE


def _error(key: str) -> QLabel:
    label = QLabel()
    label.setObjectName(f"error_{key}")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


class MinutesPage(QWidget):
    """Keeps FieldForm's error protocol (widgets, errors, show_error, clear_errors); the
    problem field "status" (held while cancelled) shows under the 已召开 box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = MeetingKind.OTHER
        self.content = QPlainTextEdit()
        self.content.setObjectName("field_content")
        self.content.setTabChangesFocus(True)
        self.template_button = QPushButton(_("Insert template"))
        self.template_button.setObjectName("insertTemplateButton")
        self.template_button.setToolTip(_("Insert the headings for this kind of meeting at the cursor"))
        self.template_button.clicked.connect(self.insert_template)
        self.resolution = QPlainTextEdit()
        self.resolution.setObjectName("field_resolution")
        self.resolution.setTabChangesFocus(True)
        self.resolution.setMaximumHeight(110)
        self.held = QCheckBox(_("The meeting was held"))
        self.held.setObjectName("field_status")
        self.warning = QLabel(_("Held, but the minutes are empty"))
        self.warning.setObjectName("minutesWarning")
        self.warning.setStyleSheet("color: #9a6700;")
        self.warning.hide()
        self.widgets: dict[str, QWidget] = {
            "content": self.content, "resolution": self.resolution, "status": self.held}
        self.errors = {key: _error(key) for key in self.widgets}

        top = QHBoxLayout()
        content_label = QLabel(meeting_label("content"))
        content_label.setBuddy(self.content)
        top.addWidget(content_label)
        top.addStretch(1)
        top.addWidget(self.template_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.content, 3)
        layout.addWidget(self.errors["content"])
        resolution_label = QLabel(meeting_label("resolution"))
        resolution_label.setBuddy(self.resolution)
        layout.addWidget(resolution_label)
        layout.addWidget(self.resolution, 1)
        layout.addWidget(self.errors["resolution"])
        held_line = QHBoxLayout()
        held_line.addWidget(self.held)
        held_line.addWidget(self.warning, 1, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(held_line)
        layout.addWidget(self.errors["status"])
        self.content.textChanged.connect(self._refresh)
        self.held.toggled.connect(self._refresh)

    def load(self, kind: MeetingKind, content: str, resolution: str, held: bool) -> None:
        """An empty body starts from the kind's template."""
        self.kind = kind
        self.content.setPlainText(content if content.strip() else minutes_template(kind))
        self.resolution.setPlainText(resolution)
        self.held.setChecked(held)
        self._refresh()

    def text(self) -> str:
        """The body to store: the template's bare headings count as nothing written (a plan
        with only those stays deletable, and reads as minutes missing once held)."""
        text = self.content.toPlainText()
        return "" if text.strip() == minutes_template(self.kind).strip() else text

    def set_kind(self, kind: MeetingKind) -> None:
        """A body still empty or only the old kind's template follows the new kind."""
        text = self.content.toPlainText().strip()
        if not text or text == minutes_template(self.kind).strip():
            self.content.setPlainText(minutes_template(kind))
        self.kind = kind
        self._refresh()

    def insert_template(self) -> None:
        if not self.content.toPlainText().strip():
            self.content.setPlainText(minutes_template(self.kind))
        else:
            self.content.insertPlainText(minutes_template(self.kind))
        self.content.setFocus()

    def _refresh(self) -> None:
        self.warning.setVisible(self.held.isChecked() and minutes_missing(
            MeetingStatus.HELD, self.content.toPlainText(), self.kind))

    def show_error(self, key: str, message: str) -> None:
        self.errors[key].setText(message)
        self.errors[key].show()

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()
