"""年度会议记录汇编: choose the year, the branch and the kinds of meeting, then make the book."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.meetings import CALENDAR_KINDS, YEARS_AHEAD, YEARS_BACK, MeetingKind
from djdesk.i18n import _
from djdesk.services.branches import list_branches
from djdesk.services.minutes_count import yearbook_count
from djdesk.store.database import Database
from djdesk.ui.asker import Asks
from djdesk.ui.forms import dialog_buttons
from djdesk.ui.record_printing import RecordPrinter

KIND_COLUMNS = 2


class YearbookDialog(QDialog):
    """Opened without blocking the window (callers use show()); OK hands the choice to the
    printer, which asks where to save the book and lays it out in the background."""

    def __init__(self, db: Database, printer: RecordPrinter, asker: Asks, *, year: int, branch_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.printer, self.asker = db, printer, asker
        self.setObjectName("yearbookDialog")
        self.setWindowTitle(_("Book of minutes"))
        self.setMinimumWidth(400)  # the count line reads on one or two lines, not four
        today = db.clock.today()
        with db.transaction() as session:
            branches = list_branches(session)

        self.year = QSpinBox()
        self.year.setObjectName("yearbookYear")
        self.year.setRange(min(year, today.year - YEARS_BACK), max(year, today.year + YEARS_AHEAD))
        self.year.setValue(year)
        self.year.setMaximumWidth(120)
        self.year.setKeyboardTracking(False)  # count once the year is typed, not at each digit
        self.branch = QComboBox()
        self.branch.setObjectName("yearbookBranch")
        self.branch.addItem(_("All branches"), None)
        for b in branches:
            self.branch.addItem(b.name, b.id)
        self.branch.setCurrentIndex(max(self.branch.findData(branch_id), 0))

        self.kinds: dict[MeetingKind, QCheckBox] = {}
        kinds_box = QGroupBox(_("Kinds of meeting"))
        grid = QGridLayout(kinds_box)
        for number, kind in enumerate(CALENDAR_KINDS):
            box = QCheckBox(kind.label)
            box.setObjectName(f"yearbookKind_{kind.value}")
            box.setChecked(True)
            box.toggled.connect(lambda _on: self.refresh())
            self.kinds[kind] = box
            grid.addWidget(box, number // KIND_COLUMNS, number % KIND_COLUMNS)
        every = QPushButton(_("Select all"))
        every.setObjectName("yearbookAllKinds")
        every.clicked.connect(lambda: self._check_all(True))
        none = QPushButton(_("Select none"))
        none.setObjectName("yearbookNoKinds")
        none.clicked.connect(lambda: self._check_all(False))
        for button in (every, none):
            button.setAutoDefault(False)  # Enter makes the book, it does not tick boxes
        choose = QHBoxLayout()
        choose.addWidget(every)
        choose.addWidget(none)
        choose.addStretch(1)
        grid.addLayout(choose, (len(CALENDAR_KINDS) + KIND_COLUMNS - 1) // KIND_COLUMNS, 0, 1, KIND_COLUMNS)

        self.count = QLabel()
        self.count.setObjectName("yearbookCount")
        self.count.setWordWrap(True)
        buttons = dialog_buttons(self, _("Make the book…"), "makeYearbook")
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)

        form = QFormLayout()
        form.addRow(_("For the year:"), self.year)
        form.addRow(_("Branch:"), self.branch)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(kinds_box)
        layout.addWidget(self.count)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.year.valueChanged.connect(lambda _value: self.refresh())
        self.branch.currentIndexChanged.connect(lambda _index: self.refresh())
        self.refresh()

    # -- the choice ---------------------------------------------------------------------------
    def chosen_kinds(self) -> tuple[MeetingKind, ...]:
        return tuple(kind for kind, box in self.kinds.items() if box.isChecked())

    def branch_id(self) -> int | None:
        return self.branch.currentData()

    def _check_all(self, on: bool) -> None:
        for box in self.kinds.values():
            box.blockSignals(True)  # one count afterwards, not one a box
            box.setChecked(on)
            box.blockSignals(False)
        self.refresh()

    def refresh(self) -> int:
        """Count the meetings the book would hold and say so; OK only when there are some."""
        kinds = self.chosen_kinds()
        if not kinds:
            count = 0
            text = _("Choose at least one kind of meeting.")
        else:
            with self.db.transaction() as session:
                count = yearbook_count(session, year=self.year.value(), branch_id=self.branch_id(), kinds=kinds)
            text = _("The book will hold the minutes of {count} held meetings.").format(count=count) if count \
                else _("No meeting of this choice has been recorded as held: there is nothing to put in the book.")
        self.count.setText(text)
        self.ok.setEnabled(count > 0)
        return count

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        # Left open beside the calendar: meetings recorded there meanwhile count when it is back.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh()

    def save(self) -> None:
        """OK: the printer asks where to save and makes the book; this dialog's work is done
        then (it stays open when the user cancelled choosing the file, to choose again)."""
        if self.refresh() == 0:
            return
        parent = self.parentWidget()
        # The book is made for the window: this dialog closes at once and must not own the work.
        window = parent.window() if parent is not None else self
        branch_id = self.branch_id()
        if self.printer.print_yearbook(window, self.year.value(), branch_id=branch_id,
                                       branch_name=self.branch.currentText() if branch_id is not None else "",
                                       kinds=self.chosen_kinds()):
            self.accept()
