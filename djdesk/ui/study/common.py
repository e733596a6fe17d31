"""What the 学习 pages share: a record list tied to the term chosen at the top of the tab."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QFormLayout, QLineEdit, QPlainTextEdit, QWidget

from djdesk.services.study import TermRow
from djdesk.ui.ethics.records_page import RecordsPage
from djdesk.ui.forms import FieldForm


def span_text(starts_on: dt.date | None, ends_on: dt.date | None) -> str:
    """2026.03.01—2026.03.31; an open end stays open; nothing when neither is known."""
    if starts_on is None and ends_on is None:
        return ""
    start = f"{starts_on:%Y.%m.%d}" if starts_on else ""
    end = f"{ends_on:%Y.%m.%d}" if ends_on else ""
    return f"{start}—{end}"


def text_box(height: int) -> QPlainTextEdit:
    """A few lines of text in a form; Tab moves on instead of typing a tab."""
    box = QPlainTextEdit()
    box.setFixedHeight(height)  # before adding to a form: the caption takes the field's height
    box.setTabChangesFocus(True)
    return box


def caption_on_top(form: FieldForm, box: QWidget) -> None:
    """Level a text box's caption with its first line, not with its middle."""
    layout: QFormLayout = form.layout_
    caption = layout.labelForField(box.parentWidget())
    if caption is not None:
        caption.setFixedHeight(QLineEdit().sizeHint().height())


class TermPage(RecordsPage):
    """A record list of the term chosen at the top of the tab: it reads nothing until the tab
    has said which term (children are shown before their parent, so before the tab has read
    its terms)."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.term: TermRow | None = None
        self.term_known = False

    def set_term(self, term: TermRow | None) -> None:
        if self.term_known and term == self.term:
            return  # the same term, dates and all: nothing to read again
        self.term, self.term_known = term, True
        self._term_changed()
        self._reload_soon()

    def _term_changed(self) -> None:
        """What the page does when another term is chosen (before reading it)."""

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.term_known:
            super().showEvent(event)
        else:
            QWidget.showEvent(self, event)
