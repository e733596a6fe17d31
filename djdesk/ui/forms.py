"""Form pieces: dates that may be month-only, coded choices, and a message under each field."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTableView,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.choices import Choice
from djdesk.domain.dates import InvalidDate, PartialDate
from djdesk.i18n import _

ERROR_STYLE = "color: #b00020;"
W = TypeVar("W", bound=QWidget)


class PartialDateEdit(QLineEdit):
    """A date typed as the office writes it; month-only dates stay month-only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("e.g. 1985.03.12 or 1985.03"))
        self.setMaximumWidth(160)
        self.editingFinished.connect(self._tidy)

    def value(self) -> PartialDate | None:
        """The date, None when blank; raises InvalidDate for text that is not a date."""
        return PartialDate.parse(self.text())

    def set_value(self, value: PartialDate | None) -> None:
        self.setText(value.display() if value else "")

    def _tidy(self) -> None:
        try:
            value = self.value()
        except InvalidDate:
            return  # left as typed; the message appears when saving
        if value is not None:
            self.setText(value.display())


class ChoiceCombo(QComboBox):
    """A combo box of a Choice enum's labels (or of ids), optionally with a blank first entry."""

    def __init__(self, choices: Iterable[Choice], blank: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind: type[Choice] | None = None
        if blank is not None:
            self.addItem(blank, None)
        for choice in choices:
            self._kind = type(choice)
            self.addItem(choice.label, choice.value)

    def value(self) -> Any:
        # Qt hands a StrEnum back as a plain str: turn it into the member again.
        data = self.currentData()
        return self._kind(data) if self._kind is not None and data is not None else data

    def set_value(self, value: Any) -> None:
        index = self.findData(value.value if isinstance(value, Choice) else value)
        self.setCurrentIndex(max(index, 0))


class EditableCombo(QComboBox):
    """Free text with suggestions (education, title, department…)."""

    def __init__(self, suggestions: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setMinimumWidth(160)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(["", *suggestions])

    def value(self) -> str:
        return self.currentText().strip()

    def set_value(self, value: str) -> None:
        self.setCurrentText(value)


class FieldForm(QWidget):
    """A form whose every field has a message line under it, shown when something is wrong."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        rows = QWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(rows)
        outer.addStretch(1)  # spare height goes below the form, not between its rows
        self.layout_ = QFormLayout(rows)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.layout_.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

    def add_heading(self, text: str) -> QLabel:
        """A heading across the form, starting a group of rows."""
        heading = QLabel(text)
        heading.setStyleSheet("font-weight: bold; margin-top: 8px;")
        self.layout_.addRow(heading)
        return heading

    def add(self, key: str, label: str, widget: W, *, required: bool = False,
            extra: QWidget | None = None) -> W:
        """A labelled field with its message line; `extra` sits beside the field (a note)."""
        widget.setObjectName(f"field_{key}")
        error = QLabel()
        error.setObjectName(f"error_{key}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        # A wrapped label may be handed more height than its text needs; keep the text on top.
        error.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        error.hide()
        box = QWidget()
        # The row is as wide as the form, so a message has room; a narrow field (a combo box)
        # keeps its own width at the left.
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        grows = widget.sizePolicy().horizontalPolicy() in (
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding)
        if extra is not None:
            line = QHBoxLayout()
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(widget)
            line.addWidget(extra, 1)
            column.addLayout(line)
        elif grows:
            column.addWidget(widget)
        else:
            column.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(error)
        caption = QLabel(f"{label}{' *' if required else ''}")
        caption.setBuddy(widget)
        # As tall as the field and centred: level with the field's text, not with the message.
        # (A text box's size hint ignores a fixed height set on it: take the smaller.)
        caption.setFixedHeight(min(widget.sizeHint().height(), widget.maximumHeight()))
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.layout_.addRow(caption, box)
        self.widgets[key], self.errors[key] = widget, error
        return widget

    def show_error(self, key: str, message: str) -> None:
        label = self.errors[key]
        label.setText(message)
        label.show()

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()


def dialog_buttons(dialog: QDialog, ok_text: str, ok_name: str, *, save: bool = False) -> QDialogButtonBox:
    """The OK (or Save) and Cancel buttons of a form dialog, named for tests and in the
    chosen language; OK runs the dialog's `save`, Cancel its `reject`."""
    ok_kind = QDialogButtonBox.StandardButton.Save if save else QDialogButtonBox.StandardButton.Ok
    buttons = QDialogButtonBox(ok_kind | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(ok_kind)
    ok.setText(ok_text)
    ok.setObjectName(ok_name)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    buttons.accepted.connect(dialog.save)  # type: ignore[attr-defined]
    buttons.rejected.connect(dialog.reject)
    return buttons


def record_table(name: str, headers: Sequence[str], stretch: int) -> QTableWidget:
    """A read-only list of records, one line each, a row chosen at a time; the `stretch`
    column takes the spare width, the others fit their contents."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    return lay_out_records(table, stretch)


V = TypeVar("V", bound=QTableView)


def lay_out_records(view: V, stretch: int) -> V:
    """One line a record, whole lines chosen one at a time, read-only; the `stretch` column
    takes the spare width and the others fit their contents (record_table, and model views)."""
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setWordWrap(False)
    vertical = view.verticalHeader()
    vertical.hide()
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view
