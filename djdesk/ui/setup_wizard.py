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
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from djdesk import i18n
from djdesk.domain.errors import Problem, ValidationError
from djdesk.i18n import _
from djdesk.services import setup as setup_service
from djdesk.services.setup import SetupAnswers
from djdesk.ui.asker import Asks
from djdesk.ui.settings_dialog import LANGUAGE_NAMES
from djdesk.ui.setup_tables import (
    BranchesPage,
    SecretariesPage,
    error_label,
    show_problems,
)

WELCOME, BRANCHES, SECRETARIES, DONE = range(4)


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
        self.school_error = error_label("setupSchoolError")
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
        show_problems(self.school_error, [Problem("school_name", "", _("The school name is required."))])
        self.school_name.setFocus()
        return False


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
