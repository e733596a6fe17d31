"""The 会议记录 tab's editor: a meeting's header, its minutes body and resolution, and what of
them is typed but not saved."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from djdesk.domain.meetings import MeetingStatus, minutes_missing, minutes_template
from djdesk.domain.minutes import MinutesState
from djdesk.i18n import _
from djdesk.services.minutes import MinutesDocument, MinutesRow

HINT_STYLE = "color: #8a5300;"
NOTHING = "—"


def stored_content(text: str, document: MinutesDocument) -> str:
    """The body as stored and printed: one that is only the kind's headings counts as nothing
    written (the service prints that as lines to write on)."""
    return "" if minutes_missing(MeetingStatus.HELD, text, document.kind) else text.rstrip()


@dataclass
class Loaded:
    """The meeting in the editor, and its fields' text when loaded or last saved."""

    row: MinutesRow
    document: MinutesDocument
    content: str
    resolution: str

    @property
    def editable(self) -> bool:
        """Only a held meeting's record is written."""
        return self.row.state is not MinutesState.NOT_HELD

    def same_text(self, document: MinutesDocument) -> bool:
        """Whether `document` (stored now) says what the editor had when loaded or saved."""
        return (document.content == stored_content(self.content, document)
                and document.resolution == self.resolution.strip())

    @classmethod
    def of(cls, row: MinutesRow, document: MinutesDocument) -> Loaded:
        held = row.state is not MinutesState.NOT_HELD
        # A held meeting's empty record starts from its kind's headings, as in the meeting dialog.
        content = document.content or (minutes_template(document.kind) if held else "")
        return cls(row, document, content, document.resolution)


def header_html(loaded: Loaded) -> str:
    d, row = loaded.document, loaded.row
    present = NOTHING if d.present is None else str(d.present)
    pair = "{}&nbsp;&nbsp;&nbsp; {}".format
    return "<br>".join([
        f"<b>{escape(d.title)}</b> · {escape(row.branch)} · {escape(row.status.label)}",
        escape(_("Topic: {topic}").format(topic=d.topic or NOTHING)),
        pair(escape(_("Time: {time}").format(time=d.time)),
             escape(_("Place: {place}").format(place=d.place or NOTHING))),
        pair(escape(_("Chair: {name}").format(name=d.host or NOTHING)),
             escape(_("Recorder: {name}").format(name=d.recorder or NOTHING))),
        escape(_("Expected: {expected}, present: {present}").format(expected=d.expected, present=present)),
    ])


class MinutesEditor(QWidget):
    """`typed` is emitted when the user changes the text (not when a meeting is loaded)."""

    typed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loaded: Loaded | None = None
        self._filling = False
        self.header = QLabel()
        self.header.setObjectName("minutesHeader")
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = QLabel(_("This meeting is not recorded as held yet: first record it as held in the "
                             "calendar (Open meeting…). Its sign-in sheet and the blank form can already "
                             "be printed."))
        self.hint.setObjectName("minutesHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.hide()
        self.content = QPlainTextEdit()
        self.content.setObjectName("minutesContent")
        self.content.setTabChangesFocus(True)
        self.resolution = QPlainTextEdit()
        self.resolution.setObjectName("minutesResolution")
        self.resolution.setTabChangesFocus(True)
        self.top = QHBoxLayout()  # the header, and room at its right for a button
        self.top.addWidget(self.header, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.top)
        layout.addWidget(self.hint)
        for text, field, stretch in ((_("Minutes"), self.content, 3), (_("Resolution"), self.resolution, 1)):
            label = QLabel(text)
            label.setBuddy(field)
            layout.addWidget(label)
            layout.addWidget(field, stretch)
        # A record that cannot be written yet looks it, not only refuses keys.
        self.setStyleSheet('QPlainTextEdit[readOnly="true"] { background: #f4f4f4; color: #505050; }')
        self.content.textChanged.connect(self._changed)
        self.resolution.textChanged.connect(self._changed)
        self._set_read_only(True)

    def show_record(self, loaded: Loaded | None) -> None:
        """Another meeting (None: none) with its text as stored."""
        self.loaded = loaded
        if loaded is None:
            self._fill("", "")
            self.header.clear()
            self.hint.hide()
            self._set_read_only(True)
            return
        self._fill(loaded.content, loaded.resolution)
        self.hint.setVisible(not loaded.editable)
        self._set_read_only(not loaded.editable)
        self.header.setText(header_html(loaded))

    def refresh(self, row: MinutesRow, document: MinutesDocument) -> None:
        """The same meeting as stored now, the typed text kept."""
        assert self.loaded is not None
        self.loaded.row, self.loaded.document = row, document
        self.header.setText(header_html(self.loaded))

    def is_dirty(self) -> bool:
        loaded = self.loaded
        return loaded is not None and loaded.editable and (
            self.content.toPlainText() != loaded.content or self.resolution.toPlainText() != loaded.resolution)

    def texts(self) -> tuple[str, str]:
        """The body and the resolution as they are to be stored."""
        assert self.loaded is not None
        return stored_content(self.content.toPlainText(), self.loaded.document), self.resolution.toPlainText().strip()

    def mark_saved(self) -> None:
        assert self.loaded is not None
        self.loaded.content, self.loaded.resolution = self.content.toPlainText(), self.resolution.toPlainText()

    def revert(self) -> None:
        if self.loaded is not None:
            self._fill(self.loaded.content, self.loaded.resolution)

    def preview_document(self) -> MinutesDocument | None:
        """The record as it would print now, typed text included."""
        loaded = self.loaded
        if loaded is None or not loaded.editable:
            return loaded.document if loaded is not None else None
        content, resolution = self.texts()
        return dataclasses.replace(loaded.document, content=content, resolution=resolution)

    def _fill(self, content: str, resolution: str) -> None:
        self._filling = True
        try:
            for field, text in ((self.content, content), (self.resolution, resolution)):
                if field.toPlainText() != text:  # the same text: the cursor stays where it is
                    field.setPlainText(text)
        finally:
            self._filling = False

    def _set_read_only(self, read_only: bool) -> None:
        for field in (self.content, self.resolution):
            if field.isReadOnly() != read_only:
                field.setReadOnly(read_only)
                # The style sheet matches on readOnly only when polished: polish again.
                field.style().unpolish(field)
                field.style().polish(field)

    def _changed(self) -> None:
        if not self._filling:
            self.typed.emit()
