"""The person dialog: every field on tabs (with the pipeline and the history), checked on save,
with messages under the fields."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain import idnumber, person_rules
from djdesk.domain import pipeline as rules
from djdesk.domain.dates import InvalidDate, PartialDate
from djdesk.domain.errors import ConflictError, NotFoundError, Problem, ValidationError
from djdesk.domain.people import (
    DEGREES,
    EDUCATION_LEVELS,
    ETHNIC_GROUPS,
    PARTY_POSTS,
    TITLES,
    DocumentType,
    MembershipStatus,
    PersonDraft,
    PoliticalStatus,
    Post,
    Sex,
    Stage,
    field_label,
)
from djdesk.domain.pipeline import StepRecord
from djdesk.i18n import _
from djdesk.services import lifecycle, members
from djdesk.services.attendance import person_attendance
from djdesk.services.branches import BranchView
from djdesk.services.history import person_history
from djdesk.services.members import PersonRecord
from djdesk.services.talks import person_talks
from djdesk.store.database import Database
from djdesk.ui.asker import Asks
from djdesk.ui.forms import (
    ChoiceCombo,
    EditableCombo,
    FieldForm,
    PartialDateEdit,
    dialog_buttons,
)
from djdesk.ui.members.attendance_page import AttendancePage
from djdesk.ui.members.history_page import HistoryPage
from djdesk.ui.members.pipeline_page import PipelinePage

MEMBER_STAGE = {PoliticalStatus.CPC_MEMBER: Stage.FULL, PoliticalStatus.CPC_PROBATIONARY: Stage.PROBATIONARY}


class PersonDialog(QDialog):
    """Adds a person (record None) or edits one; emits `saved` with the id after writing."""

    saved = Signal(int)

    def __init__(self, db: Database, asker: Asks, branches: list[BranchView],
                 record: PersonRecord | None, departments: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.asker, self.branches, self.record = db, asker, branches, record
        self.setObjectName("personDialog")
        self.setWindowTitle(_("Edit {name}").format(name=record.name) if record else _("New person"))
        self.texts: dict[str, QLineEdit] = {}
        self.choices: dict[str, ChoiceCombo] = {}
        self.dates: dict[str, PartialDateEdit] = {}
        self.combos: dict[str, EditableCombo] = {}
        self._autofilled: dict[str, str] = {}  # what the ID number last filled in

        self.basic, self.party, self.work = FieldForm(), FieldForm(), FieldForm()
        self.pipeline = PipelinePage()
        self.pipeline.setObjectName("pipelinePage")
        self.forms = (self.basic, self.party, self.pipeline.form, self.work)
        self._build_basic()
        self._build_party()
        self._build_work(departments)
        self.note = QPlainTextEdit()
        self.note.setObjectName("field_note")
        notes = QWidget()
        notes_layout = QVBoxLayout(notes)
        notes_layout.addWidget(self.note)
        if record is not None and record.left_on is not None:
            left = QLabel(_("Left on {date}: {reason} {note}").format(
                date=record.left_on.display(),
                reason=record.left_reason.label if record.left_reason else "", note=record.left_note))
            left.setObjectName("leftInfo")
            notes_layout.addWidget(left)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("personTabs")
        self.tab_titles = (_("Basic information"), _("Party membership"), _("Development"), _("Work"))
        for page, title in zip((self.basic, self.party, self.pipeline, self.work), self.tab_titles):
            self.tabs.addTab(page, title)
        self.tabs.addTab(notes, _("Notes"))
        self.history = HistoryPage()
        self.history.setObjectName("historyPage")
        self.attendance = AttendancePage()
        self.attendance.setObjectName("attendancePage")
        if record is not None:
            self.tabs.addTab(self.attendance, _("Attendance"))
            self.ethics = self._ethics_page(db, record.id)
            self.tabs.addTab(self.ethics, _("Teacher ethics"))
            review = self._review_page(db, record.id, record.draft.political_status.is_party_member)
            if review is not None:
                self.tabs.addTab(review, _("Democratic review"))
            from djdesk.ui.study.person_page import study_page

            studied = study_page(db, record.id, record.draft.political_status.is_party_member)
            if studied is not None:
                self.tabs.addTab(studied, _("Study"))
            self.tabs.addTab(self.history, _("History"))

        self.summary = QLabel()
        self.summary.setObjectName("dialogSummary")
        self.summary.setStyleSheet("color: #b00020;")
        self.summary.setWordWrap(True)
        self.summary.hide()
        buttons = dialog_buttons(self, _("Save"), "saveButton", save=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.resize(620, 660)

        steps: list[StepRecord] = []
        if record is not None:
            with db.transaction() as session:
                steps = lifecycle.step_records(session, record.id)
                self.history.show_entries(person_history(session, record.id))
                self.attendance.show_record(person_attendance(session, record.id),
                                            person_talks(session, record.id))
        self._load(record.draft if record else PersonDraft(ethnicity="汉族"))
        self.pipeline.load_steps(steps)
        self.pipeline.edited.connect(self._refresh_pipeline)
        self.pipeline.advance_requested.connect(self._advance)
        for key in ("political_status", "stage"):
            self.choices[key].currentIndexChanged.connect(self._refresh_pipeline)
        self._refresh_pipeline()
        self._initial = self._typed()

    # -- building ---------------------------------------------------------------------------
    def _text(self, form: FieldForm, key: str, required: bool = False, label: str = "") -> QLineEdit:
        self.texts[key] = form.add(key, label or field_label(key), QLineEdit(), required=required)
        return self.texts[key]

    def _choice(self, form: FieldForm, key: str, widget: ChoiceCombo, required: bool = False) -> ChoiceCombo:
        self.choices[key] = form.add(key, field_label(key), widget, required=required)
        return widget

    def _date(self, form: FieldForm, key: str, required: bool = False) -> None:
        self.dates[key] = form.add(key, field_label(key), PartialDateEdit(), required=required)

    def _combo(self, form: FieldForm, key: str, suggestions: list[str] | tuple[str, ...]) -> None:
        self.combos[key] = form.add(key, field_label(key), EditableCombo(suggestions))

    def _build_basic(self) -> None:
        f = self.basic
        self._text(f, "name", required=True)
        self._choice(f, "document_type", ChoiceCombo(DocumentType))
        id_edit = self._text(f, "id_number", required=True)
        id_edit.setPlaceholderText(_("18 characters; a 15-digit old number is converted"))
        id_edit.textChanged.connect(self._fill_from_id)
        self._choice(f, "sex", ChoiceCombo(Sex, blank=""), required=True)
        self._date(f, "birth_date", required=True)
        self._combo(f, "ethnicity", ETHNIC_GROUPS)
        self._text(f, "native_place")
        self._text(f, "phone")

    def _build_party(self) -> None:
        f = self.party
        self._choice(f, "political_status", ChoiceCombo(PoliticalStatus)).currentIndexChanged.connect(
            self._status_changed)
        self._choice(f, "stage", ChoiceCombo(Stage, blank=_("(none)")))
        branch = ChoiceCombo([], blank=_("(none)"))
        for view in self.branches:
            branch.addItem(view.name, view.id)
        self._choice(f, "branch_id", branch).currentIndexChanged.connect(self._branch_changed)
        self._choice(f, "group_id", ChoiceCombo([], blank=_("(none)")))
        self._combo(f, "party_post", [_(p) for p in PARTY_POSTS])
        # The pipeline's dates and names are on the 发展程序 page, beside the other steps.
        self.dates.update(self.pipeline.dates)
        self.texts.update(self.pipeline.names)
        self._date(f, "transferred_in_on")
        self._text(f, "transferred_in_from")
        self._choice(f, "membership_status", ChoiceCombo(MembershipStatus))
        self._date(f, "membership_status_since")
        self._date(f, "membership_status_until")
        dues = self._text(f, "dues_base_fen", label=_("Dues base (yuan per month)"))
        dues.setPlaceholderText(_("e.g. 6500.00"))
        dues.setMaximumWidth(160)

    def _build_work(self, departments: list[str]) -> None:
        f = self.work
        self._choice(f, "post", ChoiceCombo(Post, blank=""), required=True)
        self._combo(f, "department", departments)
        self._combo(f, "title", TITLES)
        self._combo(f, "education", EDUCATION_LEVELS)
        self._combo(f, "degree", DEGREES)
        self._text(f, "school_major")
        self._date(f, "work_start")

    # -- widgets <-> draft ------------------------------------------------------------------
    def widget(self, key: str) -> QWidget:
        if key == "note":
            return self.note
        for registry in (self.texts, self.choices, self.dates, self.combos):
            if key in registry:
                return registry[key]
        raise KeyError(key)

    @staticmethod
    def _ethics_page(db: Database, person_id: int) -> QWidget:
        """The person's 师德 record, as the 师德考核 tab's teacher page shows it: a bar on honours
        and promotion is seen wherever the person is opened."""
        from PySide6.QtWidgets import QTextBrowser

        from djdesk.services.ethics_history import teacher_page
        from djdesk.ui.ethics.teacher_dialog import page_html

        browser = QTextBrowser()
        browser.setObjectName("ethicsPage")
        with db.transaction() as session:
            browser.setHtml(page_html(teacher_page(session, person_id, db.clock.today())))
        return browser

    @staticmethod
    def _review_page(db: Database, person_id: int, member: bool) -> QWidget | None:
        """The person's 民主评议 grades year by year; none for someone never a member."""
        from PySide6.QtWidgets import QTextBrowser

        from djdesk.services.democratic import person_history
        from djdesk.ui.review.history import history_html

        with db.transaction() as session:
            rows = person_history(session, person_id)
        if not rows and not member:
            return None
        browser = QTextBrowser()
        browser.setObjectName("reviewPage")
        browser.setHtml(history_html(rows))
        return browser

    def _load(self, draft: PersonDraft) -> None:
        for key, edit in self.texts.items():
            if key != "dues_base_fen":
                edit.setText(getattr(draft, key))
        for key, combo in self.combos.items():
            combo.set_value(getattr(draft, key))
        for key, date in self.dates.items():
            date.set_value(getattr(draft, key))
        for key, choice in self.choices.items():
            if key not in ("group_id",):
                choice.set_value(getattr(draft, key))
        self._branch_changed()
        self.choices["group_id"].set_value(draft.group_id)  # after the branch's groups are listed
        fen = draft.dues_base_fen
        self.texts["dues_base_fen"].setText("" if fen is None else f"{Decimal(fen) / 100:.2f}")
        self.note.setPlainText(draft.note)

    def read(self) -> tuple[PersonDraft, list[Problem]]:
        """The draft as typed, and what cannot even be read (a date that is not a date, an
        amount that is not a number): those are problems before any rule is checked."""
        problems: list[Problem] = []
        values: dict[str, object] = {k: e.text() for k, e in self.texts.items() if k != "dues_base_fen"}
        values.update({k: c.value() for k, c in self.combos.items()})
        values.update({k: c.value() for k, c in self.choices.items()})
        for key, date in self.dates.items():
            try:
                values[key] = date.value()
            except InvalidDate as error:
                values[key] = None
                problems.append(Problem(key, field_label(key), str(error)))
        values["dues_base_fen"], problem = self._dues()
        if problem:
            problems.append(problem)
        values["note"] = self.note.toPlainText().strip()
        return PersonDraft(**values), problems  # type: ignore[arg-type]

    def _dues(self) -> tuple[int | None, Problem | None]:
        """Yuan as typed (6500, 6,500.5, 6500元) to whole fen; the rules then check its size."""
        text = self.texts["dues_base_fen"].text().strip().replace(",", "").replace("，", "")
        if not text:
            return None, None
        fen = None
        try:
            amount = Decimal(text.removesuffix("元").strip())
            # Not NaN or infinity, and at most two decimals; quantize itself refuses huge ones.
            if amount.is_finite() and amount == amount.quantize(Decimal("0.01")):
                fen = int(amount * 100)
        except InvalidOperation:
            pass
        if fen is None:
            return None, Problem("dues_base_fen", field_label("dues_base_fen"),
                                 _("should be an amount in yuan such as 6500.00"))
        return fen, None

    # -- reactions --------------------------------------------------------------------------
    def _fill_from_id(self, text: str) -> None:
        """Fill birth date and sex from a complete, valid citizen ID number, unless the user
        typed something else there (then the check on saving names the disagreement)."""
        if self.choices["document_type"].value() is not DocumentType.RESIDENT_ID:
            return
        try:
            citizen = idnumber.parse(text)
        except idnumber.InvalidIdNumber:
            return
        birth, sex = self.dates["birth_date"], self.choices["sex"]
        new_birth = PartialDate.of(citizen.birth_date).display()
        if not birth.text().strip() or birth.text() == self._autofilled.get("birth_date"):
            birth.setText(new_birth)
            self._autofilled["birth_date"] = new_birth
        new_sex = Sex.MALE if citizen.male else Sex.FEMALE
        if sex.value() is None or sex.currentText() == self._autofilled.get("sex"):
            sex.set_value(new_sex)
            self._autofilled["sex"] = new_sex.label

    def _status_changed(self) -> None:
        status = self.choices["political_status"].value()
        if isinstance(status, PoliticalStatus) and status in MEMBER_STAGE:
            self.choices["stage"].set_value(MEMBER_STAGE[status])

    def _branch_changed(self) -> None:
        branch_id = self.choices["branch_id"].value()
        group = self.choices["group_id"]
        current = group.value()
        group.blockSignals(True)
        group.clear()
        group.addItem(_("(none)"), None)
        for view in self.branches:
            if view.id == branch_id:
                for g in view.groups:
                    group.addItem(g.name, g.id)
        group.setCurrentIndex(max(group.findData(current), 0))
        group.blockSignals(False)

    # -- saving -----------------------------------------------------------------------------
    def show_problems(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        """Messages under their fields, a count on each tab that has some, and the focus on
        the first one in reading order."""
        for form in self.forms:
            form.clear_errors()
        placed: list[tuple[int, int, FieldForm, str]] = []
        unplaced = []
        for problem in problems:
            form = next((f for f in self.forms if problem.field in f.errors), None)
            if form is None or problem.field is None:
                unplaced.append(str(problem))
                continue
            form.show_error(problem.field, problem.message)
            order = list(form.widgets).index(problem.field)
            placed.append((self.forms.index(form), order, form, problem.field))
        for number, (form, title) in enumerate(zip(self.forms, self.tab_titles)):
            count = sum(1 for p in placed if p[2] is form)
            self.tabs.setTabText(number, f"{title}（{count}）" if count else title)
        if placed:
            tab, _row, form, field = min(placed, key=lambda p: (p[0], p[1]))
            self.tabs.setCurrentIndex(tab)
            if form is self.pipeline.form:
                self.pipeline.focus_field(field)
            else:
                form.widgets[field].setFocus()
        text = _("Please correct the {count} marked entries.").format(count=len(problems))
        self.summary.setText("\n".join([text, *unplaced]))
        self.summary.setVisible(bool(problems))

    def _typed(self) -> tuple[PersonDraft, list[StepRecord]]:
        """What the dialog holds now, to tell whether anything was typed."""
        return self.read()[0], self.pipeline.read_steps()[0]

    def save(self) -> None:
        draft, problems = self.read()
        steps, step_problems = self.pipeline.read_steps()
        problems += step_problems
        today = self.db.clock.today()
        if problems:
            # Every problem at once: the unreadable entries plus the rules on the rest.
            unreadable = {p.field for p in problems}
            for check in (lambda: person_rules.validate(draft, today=today),
                          lambda: lifecycle.check_steps(steps, draft.birth_date, today=today)):
                try:
                    check()
                except ValidationError as error:
                    problems += [p for p in error.problems if p.field not in unreadable]
            self.show_problems(problems)
            return
        try:
            with self.db.transaction() as session:
                if self.record is None:
                    record = members.add(session, draft, today=today)
                else:
                    record = members.update(session, self.record.id, draft, today=today)
                lifecycle.save_steps(session, record.id, steps, today=today)
        except (ValidationError, ConflictError) as error:
            self.show_problems(error.problems)
            return
        except NotFoundError as error:
            self.asker.error(self, error.message)
            return
        self.record = record
        self._initial = self._typed()
        self.saved.emit(record.id)
        self.accept()

    # -- the pipeline -----------------------------------------------------------------------
    def _refresh_pipeline(self) -> None:
        """The stage, the next one, and the rules the typed dates break (as warnings)."""
        draft, _problems = self.read()
        steps, _step_problems = self.pipeline.read_steps()
        stage = draft.stage.label if draft.stage else _("(none)")
        step = rules.next_step(draft)
        self.pipeline.show_state(
            _("Current stage: {stage}").format(stage=stage),
            _("Move on to: {stage}").format(stage=step.stage.label) if step else None)
        today = self.db.clock.today()
        with self.db.transaction() as session:
            found = lifecycle.warnings(session, draft, steps, person_id=self.record.id if self.record else None,
                                       today=today)
        self.pipeline.show_warnings(found)

    def _advance(self) -> None:
        """Move on a stage in the form: the stage (and 政治面貌) set, its date filled if empty;
        written when the dialog is saved."""
        draft, _problems = self.read()
        step = rules.next_step(draft)
        if step is None:
            return
        if getattr(draft, step.field) is None:
            extended = self.record.probation_extended_months if self.record else None
            self.dates[step.field].set_value(lifecycle.suggested_date(
                draft, step, today=self.db.clock.today(), extended_months=extended))
        if step.status is not None:
            self.choices["political_status"].set_value(step.status)
        self.choices["stage"].set_value(step.stage)
        self._refresh_pipeline()
        self.pipeline.focus_field(step.field)

    def reject(self) -> None:
        if self._typed() != self._initial and not self.asker.confirm(
            self, _("Discard what you typed?"), action=_("Discard")
        ):
            return
        super().reject()



