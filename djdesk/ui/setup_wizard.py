"""首次设置: the wizard of the first start on an empty data folder (never for the demo).

Language first, so everything after it (the wizard itself, then the window) is in the language
chosen; each page sets its texts in `retranslate`, which runs again when the language changes.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from djdesk import i18n
from djdesk.domain.dates import InvalidDate, PartialDate
from djdesk.domain.errors import Problem, ValidationError
from djdesk.domain.people import Post, field_label
from djdesk.i18n import _
from djdesk.services import setup as setup_service
from djdesk.services.setup import BranchAnswer, SecretaryAnswer, SetupAnswers
from djdesk.ui.asker import Asks
from djdesk.ui.forms import ERROR_STYLE, PartialDateEdit
from djdesk.ui.settings_dialog import LANGUAGE_NAMES

INVALID_STYLE = "border: 1px solid #c0392b;"
WELCOME, BRANCHES, SECRETARIES, DONE = range(4)


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _show(label: QLabel, problems: list[Problem]) -> None:
    label.setText("\n".join(str(p) for p in problems))
    label.setVisible(bool(problems))


def _mark(fields: list[tuple[str, QWidget]], problems: list[Problem], errors: QLabel) -> None:
    """Frame each field with a problem, list the problems, focus the first; typing stays."""
    wrong = {p.field for p in problems}
    first = None
    for field, widget in fields:
        widget.setStyleSheet(INVALID_STYLE if field in wrong else "")
        first = first or (widget if field in wrong else None)
    _show(errors, problems)
    if first is not None:
        first.setFocus()


def _date(edit: PartialDateEdit, field: str, label: str, problems: list[Problem]) -> PartialDate | None:
    """The date typed, or None with a problem noted when it is not a date (the text stays)."""
    try:
        return edit.value()
    except InvalidDate as error:
        problems.append(Problem(field, label, str(error)))
        return None


class WelcomePage(QWizardPage):
    """Language, the school's name, the committee's term."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.setup = wizard
        self.language = QComboBox()
        self.language.setObjectName("setupLanguage")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)  # each language in its own words
        self.language.setCurrentIndex(max(self.language.findData(i18n.current_language()), 0))
        self.school_name = QLineEdit()
        self.school_name.setObjectName("setupSchoolName")
        self.school_name.setMaxLength(setup_service.SCHOOL_NAME_MAX)
        self.term_years = QSpinBox()
        self.term_years.setObjectName("setupTermYears")
        self.term_years.setRange(min(setup_service.TERM_YEARS), max(setup_service.TERM_YEARS))
        self.term_years.setValue(5)
        self.school_error = _error_label("setupSchoolError")
        self.intro, self.term_note = QLabel(), QLabel()
        for label in (self.intro, self.term_note):
            label.setWordWrap(True)
        self.captions = [QLabel() for _i in range(3)]
        form = QFormLayout()
        form.addRow(self.captions[0], self.language)
        school = QVBoxLayout()
        school.setSpacing(2)
        school.addWidget(self.school_name)
        school.addWidget(self.school_error)
        form.addRow(self.captions[1], school)
        form.addRow(self.captions[2], self.term_years)
        for caption, field in zip(self.captions, (self.language, self.school_name, self.term_years), strict=True):
            caption.setBuddy(field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.term_note)
        layout.addStretch(1)
        self.school_name.textChanged.connect(lambda _text: self.school_error.hide())
        self.language.currentIndexChanged.connect(lambda _i: wizard.use_language(self.language.currentData()))

    def retranslate(self) -> None:
        self.school_error.hide()  # said in the other language; said again on Next if still so
        self.setTitle(_("Welcome to djdesk"))
        self.setSubTitle(_("A few questions before the first start. Everything can be changed later "
                           "under Tools → Settings (Ctrl+,)."))
        self.intro.setText(_("djdesk keeps the school's party members, meetings, minutes, ethics "
                             "evaluations, study records and party dues in one database on this computer."))
        for caption, text in zip(self.captions, (_("&Language"), _("&School name *"), _("Branch committee &term")),
                                 strict=True):
            caption.setText(text)
        self.school_name.setPlaceholderText(_("e.g. 兰州市城关区明德中学"))
        self.term_years.setSuffix(_(" years"))
        self.term_note.setText(_("Branch committees serve five years under the 2022 Party Constitution "
                                 "(三年 under the older rules)."))

    def validatePage(self) -> bool:  # noqa: N802 (Qt's name)
        if self.school_name.text().strip():
            return True
        _show(self.school_error, [Problem("school_name", "", _("The school name is required."))])
        self.school_name.setFocus()
        return False


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
        self.errors = _error_label("setupBranchErrors")
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
        self.errors = _error_label("setupSecretaryErrors")
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
        self._keep()
        return any(name or number or joined for name, number, joined, _post in self.typed.values())

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


class DonePage(QWizardPage):
    """What was entered, and what to do next."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.setup = wizard
        self.summary, self.next_steps = QLabel(), QLabel()
        self.summary.setObjectName("setupSummary")
        for label in (self.summary, self.next_steps):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addSpacing(12)
        layout.addWidget(self.next_steps)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.setTitle(_("Ready"))
        self.setSubTitle(_("Press Start to open djdesk."))
        self.next_steps.setText(_(
            "<b>Next steps</b><ul>"
            "<li>File → Import roster (Ctrl+I) reads the school's Excel roster, or add people one by "
            "one with Ctrl+N.</li>"
            "<li>Meetings → Generate the year plan lists the meetings each branch must hold.</li>"
            "<li>F1 opens the user guide at the topic of the tab you are on.</li></ul>"))

    def initializePage(self) -> None:  # noqa: N802 (Qt's name)
        answers = self.setup.answers()
        named = [s for s in answers.secretaries if not s.blank]
        self.summary.setText(_(
            "School: <b>{school}</b><br>Party branches: {branches}<br>Secretaries added to the "
            "roster: {secretaries}<br>Branch committee term: {years} years").format(
            school=html.escape(answers.school_name), branches=html.escape(_("; ").join(b.name for b in answers.branches)),
            secretaries=len(named), years=answers.committee_term_years))


class SetupWizard(QWizard):
    """The first start's questions; `answers()` once accepted. Nothing is written here: the
    caller applies the answers to the new database (services.setup.apply)."""

    def __init__(self, *, today: dt.date, use_language: Callable[[str], None], asker: Asks | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.today, self.asker = today, asker
        self._use_language = use_language
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.welcome = WelcomePage(self)
        self.secretaries_page = SecretariesPage(self)  # before the branches page: it tells it of removals
        self.branches_page = BranchesPage(self)
        self.done_page = DonePage(self)
        for page_id, page in ((WELCOME, self.welcome), (BRANCHES, self.branches_page),
                              (SECRETARIES, self.secretaries_page), (DONE, self.done_page)):
            self.setPage(page_id, page)
        self.welcome.school_name.textChanged.connect(self._school_changed)
        self.retranslate()
        self.resize(820, 560)

    def pages(self) -> tuple[QWizardPage, ...]:
        return (self.welcome, self.branches_page, self.secretaries_page, self.done_page)

    def retranslate(self) -> None:
        self.setWindowTitle(_("djdesk — first start"))
        buttons = {QWizard.WizardButton.BackButton: _("< &Back"), QWizard.WizardButton.NextButton: _("&Next >"),
                   QWizard.WizardButton.CancelButton: _("Cancel"), QWizard.WizardButton.FinishButton: _("&Start")}
        for button, text in buttons.items():
            self.setButtonText(button, text)
        for page in self.pages():
            page.retranslate()  # type: ignore[attr-defined]

    def use_language(self, language: str) -> None:
        """Switch at once: the wizard, then the window, speak the language chosen."""
        if language == i18n.current_language():
            return
        self._use_language(language)
        self.retranslate()

    def language(self) -> str:
        return self.welcome.language.currentData()

    def typed(self) -> bool:
        """Whether anything was typed that quitting would lose."""
        branches = self.branches_page.rows
        return bool(self.school() or len(branches) > 1 or branches[0].name.text() != "第一党支部"
                    or any(row.term_start.text() for row in branches) or self.secretaries_page.has_typing())

    def reject(self) -> None:
        """Esc, the window's ×, 取消: quitting loses what was typed, so it is asked first."""
        if self.typed() and self.asker is not None and not self.asker.confirm(
                self, _("Quit djdesk without finishing the first start? What you typed is not kept; "
                        "these questions come again at the next start."), action=_("Quit")):
            return
        super().reject()

    def school(self) -> str:
        return self.welcome.school_name.text().strip()

    def _school_changed(self) -> None:
        for row in self.branches_page.rows:
            self.branches_page.follow(row)

    def _collect(self, problems: list[Problem]) -> SetupAnswers:
        secretaries = self.secretaries_page.answers(problems) if self.secretaries_page.rows else ()
        return SetupAnswers(self.welcome.school_name.text(), self.welcome.term_years.value(),
                            self.branches_page.answers(problems), secretaries)

    def problems(self, *, branches_only: bool = False) -> list[Problem]:
        """Everything wrong with what is typed (dates that are not dates included)."""
        problems: list[Problem] = []
        answers = self._collect(problems)
        if branches_only:
            answers = SetupAnswers(answers.school_name, answers.committee_term_years, answers.branches)
        try:
            setup_service.check(answers, today=self.today)
        except ValidationError as error:
            problems.extend(error.problems)
        if branches_only:
            problems = [p for p in problems if not (p.field or "").startswith("secretary.")]
        return problems

    def answers(self) -> SetupAnswers:
        return self._collect([])
