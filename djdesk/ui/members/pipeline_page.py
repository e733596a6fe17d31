"""The person dialog's 发展程序 page: the 25 steps by stage, their dates, who, notes, warnings."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain import pipeline
from djdesk.domain.dates import InvalidDate, PartialDate
from djdesk.domain.errors import Problem
from djdesk.domain.people import field_label
from djdesk.i18n import _
from djdesk.ui.forms import FieldForm, PartialDateEdit

WARNING_STYLE = "background: #fff4e0; border: 1px solid #e0a040; padding: 6px; color: #6a4000;"
_SEPARATORS = re.compile(r"[，,、;；\s]+")


def step_key(step: pipeline.StepDef) -> str:
    """The field a step's row edits: the person's own date, or the step kept apart."""
    return step.person_field or f"step:{step.code}"


def step_caption(step: pipeline.StepDef) -> str:
    return f"({step.number}) {_(step.label)}"


class PipelinePage(QWidget):
    """Shows and edits the steps; the five dates and the two lists of names are the person's
    own fields (`dates`, `names`), the rest are step records (`read_steps`)."""

    advance_requested = Signal()
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = FieldForm()
        self.dates: dict[str, PartialDateEdit] = {}  # the person's fields applied_on...full_on
        self.names: dict[str, QLineEdit] = {}  # contacts, introducers
        self.step_dates: dict[str, PartialDateEdit] = {}
        self.step_notes: dict[str, QLineEdit] = {}
        self.repeated: dict[str, QLineEdit] = {}  # several dates in one line

        for number, title in enumerate(pipeline.STAGES):  # stages are numbered from 1 in STEPS
            self.form.add_heading(_(title))
            for step in (s for s in pipeline.STEPS if s.stage == number + 1):
                self._add_row(step)

        self.stage_label = QLabel()
        self.stage_label.setObjectName("pipelineStage")
        self.advance_button = QPushButton()
        self.advance_button.setObjectName("advanceButton")
        self.advance_button.clicked.connect(self.advance_requested)
        self.warnings = QLabel()
        self.warnings.setObjectName("pipelineWarnings")
        self.warnings.setStyleSheet(WARNING_STYLE)
        self.warnings.setWordWrap(True)
        self.warnings.hide()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.form)
        top = QHBoxLayout()
        top.addWidget(self.stage_label, 1)
        top.addWidget(self.advance_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.warnings)
        layout.addWidget(self.scroll, 1)

    def _add_row(self, step: pipeline.StepDef) -> None:
        key = step_key(step)
        if step.repeats:
            edit = QLineEdit()
            edit.setPlaceholderText(_("one date each time, separated by commas: 2024.03.05, 2024.09"))
            self.repeated[step.code] = edit
            self.form.add(key, step_caption(step), edit)
            edit.editingFinished.connect(self.edited)
            return
        date = PartialDateEdit()
        # One width for every date, so the column of dates lines up.
        date.setFixedWidth(date.fontMetrics().horizontalAdvance("2026.12.310") + 24)
        date.editingFinished.connect(self.edited)
        extra: QLineEdit | None = None
        if step.who:
            extra = QLineEdit()
            extra.setObjectName(f"field_{step.who}")
            extra.setPlaceholderText(_("names, e.g. 李明、王芳"))
            extra.setToolTip(field_label(step.who))
            extra.editingFinished.connect(self.edited)
            self.names[step.who] = extra
        elif not step.person_field:
            extra = QLineEdit()
            extra.setObjectName(f"note_{step.code}")
            extra.setPlaceholderText(_("note"))
            self.step_notes[step.code] = extra
        self.form.add(key, step_caption(step), date, extra=extra)
        if step.person_field:
            self.dates[step.person_field] = date
        else:
            self.step_dates[step.code] = date

    # -- step records <-> widgets -------------------------------------------------------------
    def load_steps(self, records: list[pipeline.StepRecord]) -> None:
        for edit in (*self.step_dates.values(), *self.step_notes.values(), *self.repeated.values()):
            edit.clear()
        many: dict[str, list[str]] = {}
        for record in records:
            if record.code in self.repeated:
                if record.on is not None:
                    many.setdefault(record.code, []).append(record.on.display())
            elif record.code in self.step_dates:
                self.step_dates[record.code].set_value(record.on)
                if record.code in self.step_notes:
                    self.step_notes[record.code].setText(record.note)
        for code, dates in many.items():
            self.repeated[code].setText("，".join(sorted(dates)))

    def read_steps(self) -> tuple[list[pipeline.StepRecord], list[Problem]]:
        records: list[pipeline.StepRecord] = []
        problems: list[Problem] = []
        for code, date in self.step_dates.items():
            note = self.step_notes[code].text().strip() if code in self.step_notes else ""
            try:
                on = date.value()
            except InvalidDate as error:
                problems.append(Problem(f"step:{code}", step_caption(pipeline.BY_CODE[code]), str(error)))
                continue
            if on is not None or note:
                records.append(pipeline.StepRecord(code, on, note))
        for code, edit in self.repeated.items():
            for part in _SEPARATORS.split(edit.text().strip()):
                if not part:
                    continue
                try:
                    on = PartialDate.parse(part)
                except InvalidDate as error:
                    problems.append(Problem(f"step:{code}", step_caption(pipeline.BY_CODE[code]), str(error)))
                    break
                records.append(pipeline.StepRecord(code, on))
        return records, problems

    # -- what the page tells ------------------------------------------------------------------
    def show_state(self, stage_text: str, next_text: str | None) -> None:
        self.stage_label.setText(stage_text)
        self.advance_button.setVisible(next_text is not None)
        if next_text is not None:
            self.advance_button.setText(next_text)

    def show_warnings(self, warnings: list[pipeline.RuleWarning]) -> None:
        lines = [_("{step}: {problem}").format(step=step_caption(pipeline.BY_CODE[w.step]), problem=w.message)
                 for w in warnings]
        self.warnings.setText(_("Rules of the procedure not kept:") + "\n" + "\n".join(lines))
        self.warnings.setVisible(bool(warnings))

    def focus_field(self, key: str) -> None:
        widget = self.form.widgets.get(key)
        if widget is not None:
            self.scroll.ensureWidgetVisible(widget)
            widget.setFocus()
