"""设置: the school's name, each branch's printed name, committee term and party groups, language,
and how often each kind of meeting is required."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.compliance import (
    DEFAULT_PER_YEAR,
    PER_YEAR_CHOICES,
    REQUIRED_KINDS,
    per_year_label,
)
from djdesk.domain.dates import InvalidDate
from djdesk.domain.democratic import SHARES, review_label, share_problem
from djdesk.domain.errors import ConflictError, UserError, ValidationError
from djdesk.domain.meetings import MeetingKind
from djdesk.i18n import _
from djdesk.services import branches as branch_service
from djdesk.services import settings as settings_service
from djdesk.store.database import Database
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import EditableCombo, FieldForm, PartialDateEdit
from djdesk.ui.prefs import Prefs

LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}


class SettingsDialog(QDialog):
    def __init__(self, db: Database, events: AppEvents, asker: Asks, prefs: Prefs,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.events, self.asker, self.prefs = db, events, asker, prefs
        self.setObjectName("settingsDialog")
        self.setWindowTitle(_("Settings"))
        with db.transaction() as session:
            self.settings = settings_service.load(session)
        self.tabs = tabs = QTabWidget()
        self.school_page = self._school_page()
        self.branch_page = self._branch_page()
        self.meeting_page = self._meeting_page()
        tabs.addTab(self.school_page, _("School"))
        tabs.addTab(self.branch_page, _("Branches and party groups"))
        tabs.addTab(self.meeting_page, _("Meeting requirements"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("settingsOk")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.resize(720, 520)
        self._load_branches()

    # -- the school page: saved with the dialog's Save button ---------------------------------
    def _school_page(self) -> QWidget:
        self.school_form = FieldForm()
        self.school_name = self.school_form.add("school_name", _("School name"), QLineEdit(self.settings.school_name))
        self.term_years = QSpinBox()
        self.term_years.setRange(1, 10)
        self.term_years.setValue(self.settings.committee_term_years)
        self.term_years.setSuffix(_(" years"))
        self.school_form.add("committee_term_years", _("Branch committee term"), self.term_years)
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(self.prefs.language()), 0))
        self.school_form.add("language", _("Language"), self.language)
        self.backup_every = QSpinBox()
        self.backup_every.setRange(0, 366)
        self.backup_every.setSpecialValueText(_("once each calendar year"))
        self.backup_every.setPrefix(_("every "))
        self.backup_every.setSuffix(_(" days"))
        self.backup_every.setValue(self.settings.backup_every_days)
        self.school_form.add("backup_every_days", _("Remind to back up to USB"), self.backup_every)
        self.school_form.add_heading(_("Party dues"))
        self.dues_yearly = QCheckBox(_("The base is fixed each January for the whole year (每年初核定，年内不变)"))
        self.dues_yearly.setChecked(self.settings.dues_base_yearly)
        self.school_form.add("dues_base_yearly", _("Dues base"), self.dues_yearly)
        self.dues_jiao = QCheckBox(_("Round the month's dues to the jiao (0.1 元) instead of the fen"))
        self.dues_jiao.setChecked(self.settings.dues_round_to_jiao)
        self.school_form.add("dues_round_to_jiao", _("Rounding"), self.dues_jiao)
        self.dues_since = QDateEdit()
        self.dues_since.setDisplayFormat("yyyy-MM")
        self.dues_since.setCalendarPopup(False)
        since = self.settings.dues_since
        if since:
            day = dt.date.fromisoformat(since)
            self.dues_since.setDate(QDate(day.year, day.month, 1))
        else:
            self.dues_since.setDate(QDate(2000, 1, 1))
        self.school_form.add("dues_since", _("Dues kept in djdesk from"), self.dues_since,
                             extra=QLabel(_("earlier months are never counted as owed")))
        note = QLabel(_("A change of language takes effect when djdesk is next started."))
        note.setWordWrap(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.school_form)
        layout.addWidget(note)
        layout.addStretch(1)
        return page

    def _dues_since(self) -> str:
        day = self.dues_since.date()
        return dt.date(day.year(), day.month(), 1).isoformat()

    def save(self) -> None:
        """Save the school page, and the branch form too if it was changed and not saved."""
        name = self.school_name.text().strip()
        self.school_form.clear_errors()
        if not name:
            self.school_form.show_error("school_name", _("is required"))
            self.tabs.setCurrentWidget(self.school_page)
            self.school_name.setFocus()
            return
        if self._branch_changed() and not self._save_branch():
            self.tabs.setCurrentWidget(self.branch_page)
            return
        self.meeting_form.clear_errors()
        wrong = share_problem(self.review_share.value())
        if wrong is not None:
            self.meeting_form.show_error("review_share", wrong.message)
            self.tabs.setCurrentWidget(self.meeting_page)
            self.review_share.setFocus()
            return
        per_year = {f"per_year_{kind.value}": combo.currentData() for kind, combo in self.per_year.items()}
        updated = dataclasses.replace(self.settings, school_name=name, committee_term_years=self.term_years.value(),
                                      theme_day=self.theme_day.value(), review_share=self.review_share.value(),
                                      backup_every_days=self.backup_every.value(),
                                      dues_base_yearly=self.dues_yearly.isChecked(),
                                      dues_round_to_jiao=self.dues_jiao.isChecked(),
                                      dues_since=self._dues_since(), **per_year)
        with self.db.transaction() as session:
            settings_service.save(session, updated)
        language = self.language.currentData()
        if language != self.prefs.language():
            self.prefs.set_language(language)
            self.prefs.sync()
            self.asker.info(self, _("The new language is used from the next start of djdesk."))
        self.events.changed.emit(kinds.SETTINGS)
        self.accept()

    # -- the meeting page: saved with the dialog's Save button --------------------------------
    def _meeting_page(self) -> QWidget:
        self.meeting_form = FieldForm()
        self.meeting_form.add_heading(_("How often each branch must hold them"))
        self.per_year: dict[MeetingKind, QComboBox] = {}
        stored = self.settings.per_year()
        for kind in REQUIRED_KINDS:
            combo = QComboBox()
            for times in PER_YEAR_CHOICES:
                combo.addItem(per_year_label(times), times)
            self.per_year[kind] = self.meeting_form.add(f"per_year_{kind.value}", kind.label, combo)
            self._set_per_year(kind, stored[kind])
        self.theme_day = QSpinBox()
        self.theme_day.setRange(1, 28)  # a day every month has
        self.theme_day.setValue(min(max(self.settings.theme_day, 1), 28))
        self.theme_day.setPrefix(_("day "))
        self.theme_day.setSuffix(_(" of the month"))
        self.meeting_form.add("theme_day", _("Day of the theme party day"), self.theme_day)
        self.meeting_form.add_heading(_("Democratic review of members"))
        self.review_share = self.meeting_form.add(
            "review_share", review_label("share"), EditableCombo(SHARES),
            extra=QLabel(_("blank: no cap. Used by reviews opened from now on.")))
        self.review_share.set_value(self.settings.review_share)
        restore = QPushButton(_("Restore the national defaults"))
        restore.setObjectName("restoreMeetingDefaults")
        restore.clicked.connect(self._restore_meeting_defaults)
        note = QLabel(_("The national defaults follow 中国共产党支部工作条例（试行）. The year's plan moves a "
                        "主题党日 that falls on a holiday or weekend to a working day of the same month."))
        note.setWordWrap(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.meeting_form)
        layout.addWidget(restore, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(note)
        layout.addStretch(1)
        return page

    def _set_per_year(self, kind: MeetingKind, times: int) -> None:
        combo = self.per_year[kind]
        index = combo.findData(times)
        # A stored number that is no choice (hand-edited) shows the national default.
        combo.setCurrentIndex(index if index >= 0 else combo.findData(DEFAULT_PER_YEAR[kind]))

    def _restore_meeting_defaults(self) -> None:
        for kind, times in DEFAULT_PER_YEAR.items():
            self._set_per_year(kind, times)  # the 主题党日's day is the school's own: kept

    # -- the branch page: each button is one change, saved at once -------------------------
    def _branch_page(self) -> QWidget:
        self.branch_list = QListWidget()
        self.branch_list.setObjectName("branchList")
        self.branch_list.currentRowChanged.connect(self._show_branch)
        add_branch = QPushButton(_("New branch…"))
        add_branch.setObjectName("addBranch")
        add_branch.clicked.connect(self._add_branch)
        left = QVBoxLayout()
        left.addWidget(self.branch_list)
        left.addWidget(add_branch)

        self.branch_form = FieldForm()
        self.branch_name = self.branch_form.add("name", _("Branch name"), QLineEdit())
        self.branch_full = self.branch_form.add("full_name", _("Full name for printouts"), QLineEdit())
        self.term_start = self.branch_form.add("term_start", _("Committee term began"), PartialDateEdit())
        self.term_end = self.branch_form.add("term_end", _("Committee term ends"), PartialDateEdit())
        save_branch = QPushButton(_("Save branch"))
        save_branch.setObjectName("saveBranch")
        save_branch.clicked.connect(self._save_branch)
        self.group_list = QListWidget()
        self.group_list.setObjectName("groupList")
        group_buttons = QHBoxLayout()
        for name, text, slot in (("addGroup", _("Add group…"), self._add_group),
                                 ("renameGroup", _("Rename…"), self._rename_group),
                                 ("removeGroup", _("Remove"), self._remove_group)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            group_buttons.addWidget(button)
        right = QVBoxLayout()
        right.addWidget(self.branch_form)
        right.addWidget(save_branch, 0, Qt.AlignmentFlag.AlignRight)
        right.addWidget(QLabel(_("Party groups")))
        right.addWidget(self.group_list)
        right.addLayout(group_buttons)
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.addLayout(left, 1)
        layout.addLayout(right, 2)
        return page

    def _load_branches(self, select_id: int | None = None) -> None:
        with self.db.transaction() as session:
            self.branches = branch_service.list_branches(session)
        current = select_id if select_id is not None else self._branch_id()
        self.branch_list.blockSignals(True)
        self.branch_list.clear()
        for branch in self.branches:
            item = QListWidgetItem(branch.name)
            item.setData(Qt.ItemDataRole.UserRole, branch.id)
            self.branch_list.addItem(item)
        self.branch_list.blockSignals(False)
        ids = [b.id for b in self.branches]
        self.branch_list.setCurrentRow(ids.index(current) if current in ids else (0 if ids else -1))
        self._show_branch()

    def _branch_id(self) -> int | None:
        item = self.branch_list.currentItem() if hasattr(self, "branch_list") else None
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _show_branch(self, *_args: object) -> None:
        branch = self._current_branch()
        self.branch_form.clear_errors()
        self.branch_name.setText(branch.name if branch else "")
        self.branch_full.setText(branch.full_name if branch else "")
        self.term_start.set_value(branch.term_start if branch else None)
        self.term_end.set_value(branch.term_end if branch else None)
        self.group_list.clear()
        for group in branch.groups if branch else ():
            item = QListWidgetItem(group.name)
            item.setData(Qt.ItemDataRole.UserRole, group.id)
            self.group_list.addItem(item)

    def _current_branch(self) -> branch_service.BranchView | None:
        return next((b for b in self.branches if b.id == self._branch_id()), None)

    def _branch_changed(self) -> bool:
        branch = self._current_branch()
        if branch is None:
            return False
        typed = (self.branch_name.text().strip(), self.branch_full.text().strip(),
                 self.term_start.text().strip(), self.term_end.text().strip())
        stored = (branch.name, branch.full_name,
                  branch.term_start.display() if branch.term_start else "",
                  branch.term_end.display() if branch.term_end else "")
        return typed != stored

    def _save_branch(self) -> bool:
        """Save the branch form; False (with messages under the fields) when refused."""
        branch_id = self._branch_id()
        if branch_id is None:
            return True
        self.branch_form.clear_errors()
        dates = {}
        for key, edit in (("term_start", self.term_start), ("term_end", self.term_end)):
            try:
                dates[key] = edit.value()
            except InvalidDate as error:
                self.branch_form.show_error(key, str(error))
        if len(dates) < 2:
            return False
        start, end = dates["term_start"], dates["term_end"]
        try:
            with self.db.transaction() as session:
                branch_service.update_branch(
                    session, branch_id, self.branch_name.text(), self.branch_full.text(),
                    term_start=start, term_end=end,
                )
        except (ValidationError, ConflictError) as error:
            for problem in error.problems:
                if problem.field in self.branch_form.errors:
                    self.branch_form.show_error(problem.field, problem.message)
            return False
        self._changed(branch_id)
        return True

    def _add_branch(self) -> None:
        name = self.asker.ask_text(self, _("New branch"), _("Branch name (e.g. 第二党支部):"))
        if name is None:
            return
        school = self.school_name.text().strip()
        # The usual printed form; editable at once in the form beside the list.
        full = f"中共{school}{name.removesuffix('党支部')}支部委员会" if school else name
        self._attempt(lambda session: branch_service.add_branch(session, name, full).id)

    def _group_id(self) -> int | None:
        item = self.group_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _add_group(self) -> None:
        branch_id = self._branch_id()
        if branch_id is None:
            return
        name = self.asker.ask_text(self, _("New party group"), _("Name of the party group:"))
        if name is not None:
            self._attempt(lambda session: branch_service.add_group(session, branch_id, name).branch_id)

    def _rename_group(self) -> None:
        group_id = self._group_id()
        if group_id is None:
            return
        name = self.asker.ask_text(self, _("Rename party group"), _("New name:"),
                                   self.group_list.currentItem().text())
        if name is not None:
            self._attempt(lambda session: branch_service.rename_group(session, group_id, name).branch_id)

    def _remove_group(self) -> None:
        group_id = self._group_id()
        if group_id is None:
            return
        name = self.group_list.currentItem().text()
        if not self.asker.confirm(self, _("Remove the party group “{name}”?").format(name=name),
                                  action=_("Remove")):
            return
        branch_id = self._branch_id()

        def remove(session):  # type: ignore[no-untyped-def]
            branch_service.remove_group(session, group_id)
            return branch_id

        self._attempt(remove)

    def _attempt(self, change) -> None:  # type: ignore[no-untyped-def]
        """Run one change in its own transaction; a refusal is shown and nothing is written."""
        try:
            with self.db.transaction() as session:
                branch_id = change(session)
        except UserError as error:
            self.asker.error(self, error.message)
            return
        self._changed(branch_id)

    def _changed(self, branch_id: int | None) -> None:
        self._load_branches(branch_id)
        self.events.changed.emit(kinds.BRANCHES)
