"""The first-run wizard's two tables: the party branches, then their secretaries (optional)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from djdesk.domain.dates import InvalidDate, PartialDate
from djdesk.domain.errors import Problem
from djdesk.domain.people import Post, field_label
from djdesk.i18n import _
from djdesk.services import setup as setup_service
from djdesk.services.setup import BranchAnswer, SecretaryAnswer
from djdesk.ui.forms import ERROR_STYLE, PartialDateEdit

if TYPE_CHECKING:
    from djdesk.ui.setup_wizard import SetupWizard

INVALID_STYLE = "border: 1px solid #c0392b;"


def error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def show_problems(label: QLabel, problems: list[Problem]) -> None:
    label.setText("\n".join(str(p) for p in problems))
    label.setVisible(bool(problems))


def _mark(fields: list[tuple[str, QWidget]], problems: list[Problem], errors: QLabel) -> None:
    """Frame each field with a problem, list the problems, focus the first; typing stays."""
    wrong = {p.field for p in problems}
    first = None
    for field, widget in fields:
        widget.setStyleSheet(INVALID_STYLE if field in wrong else "")
        first = first or (widget if field in wrong else None)
    show_problems(errors, problems)
    if first is not None:
        first.setFocus()


def _date(edit: PartialDateEdit, field: str, label: str, problems: list[Problem]) -> PartialDate | None:
    """The date typed, or None with a problem noted when it is not a date (the text stays)."""
    try:
        return edit.value()
    except InvalidDate as error:
        problems.append(Problem(field, label, str(error)))
        return None


class _BranchRow:
    """One branch's fields on the branches page."""

    def __init__(self, page: BranchesPage) -> None:
        self.name, self.full_name = QLineEdit(), QLineEdit()
        self.name.setMaxLength(setup_service.BRANCH_NAME_MAX)  # the stored columns' lengths
        self.full_name.setMaxLength(setup_service.FULL_NAME_MAX)
        self.term_start, self.term_end = PartialDateEdit(), PartialDateEdit()
        self.remove = QPushButton("×")
        self.remove.setFixedWidth(32)
        # The full name follows the short one, and the end the start, until typed over.
        self.full_typed = self.end_typed = False
        self.full_name.textEdited.connect(lambda _t: setattr(self, "full_typed", True))
        self.term_end.textEdited.connect(lambda _t: setattr(self, "end_typed", True))
        self.name.textChanged.connect(lambda _t: page.follow(self))
        self.term_start.textChanged.connect(lambda _t: page.follow(self))

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.name, self.full_name, self.term_start, self.term_end, self.remove)


class BranchesPage(QWizardPage):
    """The party branches: short name, full name for printouts, the committee's term."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.setup = wizard
        self.rows: list[_BranchRow] = []
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.headers = [QLabel() for _i in range(4)]
        self.grid_box = QWidget()
        self.grid = QGridLayout(self.grid_box)
        self.grid.setColumnStretch(1, 1)
        for column, header in enumerate(self.headers):
            header.setStyleSheet("font-weight: bold;")
            self.grid.addWidget(header, 0, column)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_box)
        self.add_button = QPushButton()
        self.add_button.setObjectName("setupAddBranch")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        self.errors = error_label("setupBranchErrors")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.errors)
        self.add_row(name="第一党支部")

    def retranslate(self) -> None:
        self.setTitle(_("Party branches"))
        self.setSubTitle(_("Each branch's short name is used in lists; the full name heads its printed "
                           "records (会议记录, 花名册)."))
        self.intro.setText(_("The committee's term is optional; its end follows from the start and the "
                             "term's years. Dates may be written 2024.09 or 2024.09.01."))
        for header, text in zip(self.headers, (_("Short name *"), _("Full name for printouts *"),
                                               _("Term began"), _("Term ends")), strict=True):
            header.setText(text)
        self.add_button.setText(_("&Add a branch"))
        for row in self.rows:
            row.name.setPlaceholderText(_("e.g. 第一党支部"))
            for edit in (row.term_start, row.term_end):
                edit.setPlaceholderText(_("e.g. 2024.09"))
            row.remove.setToolTip(_("Remove this branch"))

    def add_row(self, *, name: str = "", focus: bool = False) -> _BranchRow:
        row = _BranchRow(self)
        row.remove.clicked.connect(lambda: self.remove_row(row))
        self.rows.append(row)
        for column, widget in enumerate(row.widgets()):
            self.grid.addWidget(widget, len(self.rows), column)
        row.name.setText(name)
        self._renumber()
        self.retranslate()
        if focus:
            row.name.setFocus()
        return row

    def remove_row(self, row: _BranchRow) -> None:
        if len(self.rows) == 1:
            return
        index = self.rows.index(row)
        self.rows.remove(row)
        for widget in row.widgets():
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.setup.secretaries_page.forget(index)
        self._renumber()

    def _renumber(self) -> None:
        """Lay the rows out again in order after a removal; one branch cannot be removed."""
        for number, row in enumerate(self.rows, start=1):
            for column, widget in enumerate(row.widgets()):
                self.grid.addWidget(widget, number, column)
            row.remove.setEnabled(len(self.rows) > 1)
        self.grid.setRowStretch(len(self.rows) + 1, 1)

    def follow(self, row: _BranchRow) -> None:
        if not row.full_typed:
            row.full_name.setText(setup_service.suggested_full_name(self.setup.school(), row.name.text()))
        if not row.end_typed:
            try:
                start = row.term_start.value()
            except InvalidDate:
                return
            end = setup_service.term_end(start, self.setup.welcome.term_years.value())
            row.term_end.set_value(end)

    def initializePage(self) -> None:  # noqa: N802 (Qt's name)
        for row in self.rows:  # the school's name or the term may have changed on page 1
            self.follow(row)

    def answers(self, problems: list[Problem]) -> tuple[BranchAnswer, ...]:
        result = []
        for index, row in enumerate(self.rows):
            where = row.name.text().strip() or _("Branch {number}").format(number=index + 1)
            start = _date(row.term_start, setup_service.branch_field(index, "term_start"),
                          _("{branch}: {field}").format(branch=where, field=_("Term began")), problems)
            end = _date(row.term_end, setup_service.branch_field(index, "term_end"),
                        _("{branch}: {field}").format(branch=where, field=_("Term ends")), problems)
            result.append(BranchAnswer(row.name.text().strip(), row.full_name.text().strip(), start, end))
        return tuple(result)

    def mark(self, problems: list[Problem]) -> None:
        _mark([(setup_service.branch_field(index, key), widget) for index, row in enumerate(self.rows)
               for key, widget in (("name", row.name), ("full_name", row.full_name),
                                   ("term_start", row.term_start), ("term_end", row.term_end))],
              problems, self.errors)

    def validatePage(self) -> bool:  # noqa: N802 (Qt's name)
        problems = self.setup.problems(branches_only=True)
        self.mark(problems)
        return not problems


class SecretariesPage(QWizardPage):
    """Each branch's secretary, optional: added to the roster as a 正式党员 with the post 书记."""

    COLUMNS = 5

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.setup = wizard
        # Typed values by branch row, kept when going back and forth.
        self.typed: dict[int, tuple[str, str, str, Post]] = {}
        self.rows: list[tuple[QLabel, QLineEdit, QLineEdit, PartialDateEdit, QComboBox]] = []
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.headers = [QLabel() for _i in range(self.COLUMNS)]
        box = QWidget()
        self.grid = QGridLayout(box)
        self.grid.setColumnStretch(1, 2)
        self.grid.setColumnStretch(2, 3)
        for column, header in enumerate(self.headers):
            header.setStyleSheet("font-weight: bold;")
            self.grid.addWidget(header, 0, column)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(box)
        self.errors = error_label("setupSecretaryErrors")
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.errors)

    def retranslate(self) -> None:
        self.setTitle(_("Branch secretaries (optional)"))
        self.setSubTitle(_("A secretary entered here is added to the roster as a full party member "
                           "with the party post 书记."))
        self.intro.setText(_("Leave a row blank to add the secretary later. The rest of their record is "
                             "filled in later in the roster; a roster imported from Excel finds them by "
                             "their ID number and fills in the blanks."))
        for header, text in zip(self.headers, (_("Branch"), _("Name"), field_label("id_number"),
                                               _("Joined the Party"), _("Post")), strict=True):
            header.setText(text)
        for row in self.rows:
            row[3].setPlaceholderText(_("e.g. 1998.07.01"))
            self._fill_posts(row[4])

    @staticmethod
    def _fill_posts(combo: QComboBox, chosen: Post | None = None) -> None:
        """The posts in the language in use, keeping the one chosen."""
        chosen = chosen or SecretariesPage.post(combo)
        combo.clear()
        for post in Post:
            combo.addItem(post.label, post.value)  # the value: Qt hands a str enum back as a str
        combo.setCurrentIndex(max(combo.findData(chosen.value), 0))

    @staticmethod
    def post(combo: QComboBox) -> Post:
        value = combo.currentData()
        return Post(value) if value else Post.TEACHER

    def has_typing(self) -> bool:
        """Whether any secretary was typed, on the page now or kept from an earlier visit."""
        shown = [(name.text(), number.text(), joined.text()) for _l, name, number, joined, _p in self.rows]
        kept = [values[:3] for values in self.typed.values()]
        return any(any(values) for values in shown + kept)

    def forget(self, index: int) -> None:
        """A branch row was removed: the rows after it move up."""
        self.typed = {(i if i < index else i - 1): v for i, v in self.typed.items() if i != index}

    def _keep(self) -> None:
        for index, (_label, name, number, joined, post) in enumerate(self.rows):
            self.typed[index] = (name.text(), number.text(), joined.text(), self.post(post))

    def initializePage(self) -> None:  # noqa: N802 (Qt's name)
        for row in self.rows:
            for widget in row:
                self.grid.removeWidget(widget)
                widget.deleteLater()
        self.rows = []
        for index, branch in enumerate(self.setup.branches_page.rows):
            label = QLabel(branch.name.text().strip())
            label.setTextFormat(Qt.TextFormat.PlainText)  # a name is data, never markup
            name, number, joined, post = QLineEdit(), QLineEdit(), PartialDateEdit(), QComboBox()
            name.setObjectName(f"setupSecretaryName{index}")
            name.setMaxLength(30)  # the roster's own limit
            number.setObjectName(f"setupSecretaryId{index}")
            joined.setObjectName(f"setupSecretaryJoined{index}")
            number.setMaxLength(18)
            retired = Post.RETIRED if "退休" in label.text() else Post.TEACHER  # a 退休党支部's are retired
            typed_name, typed_number, typed_joined, typed_post = self.typed.get(index, ("", "", "", retired))
            name.setText(typed_name)
            number.setText(typed_number)
            joined.setText(typed_joined)
            self._fill_posts(post, typed_post)
            row = (label, name, number, joined, post)
            for column, widget in enumerate(row):
                self.grid.addWidget(widget, index + 1, column)
            self.rows.append(row)
        self.grid.setRowStretch(len(self.rows) + 1, 1)
        self.retranslate()
        self.errors.hide()

    def cleanupPage(self) -> None:  # noqa: N802 (Qt's name: going back)
        self._keep()

    def answers(self, problems: list[Problem]) -> tuple[SecretaryAnswer, ...]:
        result = []
        for index, (label, name, number, joined, post) in enumerate(self.rows):
            where = _("{branch} secretary").format(branch=label.text())
            day = _date(joined, setup_service.secretary_field(index, "joined_on"),
                        _("{branch}: {field}").format(branch=where, field=_("Joined the Party")), problems)
            result.append(SecretaryAnswer(index, name.text(), number.text(), day, self.post(post)))
        return tuple(result)

    def mark(self, problems: list[Problem]) -> None:
        _mark([(setup_service.secretary_field(index, key), widget)
               for index, (_label, name, number, joined, _post) in enumerate(self.rows)
               for key, widget in (("name", name), ("id_number", number), ("joined_on", joined))],
              problems, self.errors)

    def validatePage(self) -> bool:  # noqa: N802 (Qt's name)
        problems = self.setup.problems()
        self.mark(problems)
        self._keep()
        return not problems
