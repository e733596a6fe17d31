"""The meeting dialog's 表决 page: a 党员大会 vote, with its quorum, majority and problems shown
as the counts are typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from djdesk.domain import votes
from djdesk.domain.errors import ValidationError
from djdesk.domain.votes import VOTE_LABELS, Vote, vote_label
from djdesk.i18n import _
from djdesk.ui.forms import FieldForm

MAX_COUNT = 9999


class VotePanel(FieldForm):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._attendance = (0, 0)  # voting members expected and present, from the grid
        self._filled: tuple[int, int] | None = None  # what was last filled in from the grid
        self.enabled = self.add("vote", _("Vote"), QCheckBox(_("This meeting held a vote")))
        self.spins: dict[str, QSpinBox] = {}
        self.fill_button: QPushButton
        for field in VOTE_LABELS:
            spin = QSpinBox()
            spin.setRange(0, MAX_COUNT)
            spin.setMinimumWidth(90)
            spin.valueChanged.connect(self._refresh)
            note = None
            if field == "written_opinions":
                note = QLabel(_("from absent voting members, counted when admitting a member"))
                note.setStyleSheet("color: #666;")
                note.setWordWrap(True)
            elif field == "voting_present":
                self.fill_button = QPushButton(_("Fill in from the attendance"))
                self.fill_button.setObjectName("fillVoteButton")
                self.fill_button.clicked.connect(lambda _checked=False: self.fill_from_attendance())
                note = QWidget()  # the button keeps its own width
                line = QHBoxLayout(note)
                line.setContentsMargins(0, 0, 0, 0)
                line.addWidget(self.fill_button)
                line.addStretch(1)
            self.spins[field] = self.add(field, vote_label(field), spin, extra=note)
        self.from_grid = QLabel()
        self.from_grid.setObjectName("voteAttendance")
        self.from_grid.setStyleSheet("color: #666;")
        self.from_grid.setWordWrap(True)
        self.outcome = QLabel()
        self.outcome.setObjectName("voteOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setStyleSheet("font-weight: bold;")
        self.outcome.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.layout_.addRow(self.from_grid)
        self.layout_.addRow(self.outcome)
        self.unavailable = QLabel(_("Only a branch general meeting (or a meeting that also counts as "
                                    "one) holds a vote."))
        self.unavailable.setObjectName("voteUnavailable")
        self.unavailable.setWordWrap(True)
        self.layout_.insertRow(0, self.unavailable)
        self.unavailable.hide()
        self.enabled.toggled.connect(self._toggled)
        self._toggled(False)

    def load(self, vote: Vote | None) -> None:
        self.enabled.blockSignals(True)
        self.enabled.setChecked(vote is not None)
        self.enabled.blockSignals(False)
        for field, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(getattr(vote, field) if vote else 0)
            spin.blockSignals(False)
        self._toggled(vote is not None)

    def set_available(self, available: bool) -> None:
        """Whether the meeting counts as a 党员大会; a vote is only read when it does."""
        self.unavailable.setVisible(not available)
        self.enabled.setEnabled(available)
        self._toggled(self.enabled.isChecked())

    def set_attendance(self, voting_expected: int, voting_present: int) -> None:
        """The grid's numbers; the counts filled in from it follow until typed over."""
        self._attendance = (voting_expected, voting_present)
        if self.vote() is not None and self._typed_counts() == self._filled:
            self.fill_from_attendance()
        self.from_grid.setText(_(
            "From the attendance: {due} members with a vote expected, {present} of them present.").format(
                due=voting_expected, present=voting_present))

    def fill_from_attendance(self) -> None:
        due, present = self._attendance
        self.spins["voting_due"].setValue(due)
        self.spins["voting_present"].setValue(present)
        self._filled = self._attendance

    def _typed_counts(self) -> tuple[int, int]:
        return self.spins["voting_due"].value(), self.spins["voting_present"].value()

    def counts(self) -> Vote:
        return Vote(**{field: spin.value() for field, spin in self.spins.items()})

    def vote(self) -> Vote | None:
        """The vote typed, None when there was none (or the meeting cannot hold one)."""
        if not (self.enabled.isEnabled() and self.enabled.isChecked()):
            return None
        return self.counts()

    def _toggled(self, checked: bool) -> None:
        active = checked and self.enabled.isEnabled()
        for spin in self.spins.values():
            spin.setEnabled(active)
        self.fill_button.setEnabled(active)
        if active and self.counts() == Vote(0, 0, 0, 0, 0, 0):
            self.fill_from_attendance()
        self._refresh()

    def _refresh(self) -> None:
        """Problems under the fields and the outcome, as the counts are typed."""
        self.clear_errors()
        vote = self.vote()
        if vote is None:
            self.outcome.clear()
            return
        try:
            votes.validate(vote)
        except ValidationError as error:
            for problem in error.problems:
                if problem.field in self.errors:
                    self.show_error(problem.field, problem.message)
            self.outcome.setText(_("Correct the counts to see the outcome."))
            self.outcome.setStyleSheet("color: #666;")
            return
        self.outcome.setText(votes.outcome(vote).describe())
        passed = votes.outcome(vote).passed
        self.outcome.setStyleSheet(f"font-weight: bold; color: {'#1b7a1b' if passed else '#b00020'};")
