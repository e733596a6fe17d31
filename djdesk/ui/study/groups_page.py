"""学习小组: the study groups (separate from 党小组; a person may be in several) and their dialog."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from djdesk.i18n import _
from djdesk.services import ethics_records, study
from djdesk.services.study import GroupDraft, GroupRow, study_label
from djdesk.store.database import (
    Database,
    Session,  # the type the transaction hands over
)
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.ethics.learning_page import checklist_box
from djdesk.ui.ethics.records_page import RecordsPage, save_record
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import FieldForm, dialog_buttons

COUNT = 1  # the column of the number of members


class GroupsPage(RecordsPage):
    """Every study group by name, with its members."""

    RELOAD_ON = frozenset({kinds.STUDY, kinds.PEOPLE})
    KIND = kinds.STUDY

    def __init__(self, db: Database, events: AppEvents, asker: Asks, parent: QWidget | None = None) -> None:
        headers = [_("Group name"), _("Count"), study_label("member_ids")]
        super().__init__(db, events, asker, "studyGroups", headers, 2,
                         _("Search: group or member name"), parent)
        self.add_button.setText(_("New group…"))
        self.edit_button.setText(_("Edit…"))

    def _fetch(self, session: Session) -> list[GroupRow]:
        return study.list_groups(session)

    def _cells(self, row: GroupRow) -> tuple[str, ...]:
        return row.name, str(len(row.member_ids)), _("、").join(row.member_names)

    def _haystack(self, row: GroupRow) -> str:
        return " ".join((row.name, row.note, *row.member_names))

    def _fill(self) -> None:
        super()._fill()
        for line, row in enumerate(self.rows):
            self.table.item(line, COUNT).setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if row.note:
                self.table.item(line, 0).setToolTip(row.note)
        self.count.setText(_("Study groups: {count}").format(count=len(self.all_rows)))

    def _make_editor(self, row: GroupRow | None) -> QDialog:
        dialog = GroupDialog(self.db, self.events, self.asker, row, self)
        dialog.accepted.connect(lambda: self.select_id(dialog.saved_id or 0))
        return dialog

    def _delete_question(self, row: GroupRow) -> str:
        return _("Delete the study group {name}? Its members' learning records are kept.").format(name=row.name)

    def _remove(self, session: Session, record_id: int) -> None:
        study.delete_group(session, record_id)


class GroupDialog(QDialog):
    """A study group's name and remarks, and its members ticked in the list of staff."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, group: GroupRow | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.events, self.asker, self.group = db, events, asker, group
        self.saved_id: int | None = None
        self.setObjectName("studyGroupDialog")
        self.setWindowTitle(_("Edit the study group") if group else _("New study group"))
        with db.transaction() as session:
            # Members who have left stay listed (and ticked) until unticked.
            options = ethics_records.people(session, include=group.member_ids if group else ())
        self.form = FieldForm()
        self.name = self.form.add("name", _("Group name"), QLineEdit(), required=True)
        self.name.setPlaceholderText(_("e.g. the first study group, the young teachers' group"))
        self.note = self.form.add("note", study_label("note"), QLineEdit())
        self.people, self.members_error, box = checklist_box(
            options, study_label("member_ids"), "studyGroupMembers", "member_ids")
        if group is not None:
            self.name.setText(group.name)
            self.note.setText(group.note)
            self.people.set_ids(group.member_ids)
        hint = QLabel(_("A study group is separate from the party groups; a person may be in several."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #6b6b6b;")
        right = QVBoxLayout()
        right.addWidget(self.form)
        right.addWidget(hint)
        right.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(box, 3)
        middle.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(middle, 1)
        layout.addWidget(dialog_buttons(self, _("Save"), "saveStudyGroup", save=True))
        self.resize(820, 500)

    def draft(self) -> GroupDraft:
        return GroupDraft(self.name.text(), self.note.text(), self.people.ids())

    def save(self) -> None:
        draft = self.draft()

        def write(session: Session, _today: dt.date) -> None:
            self.saved_id = study.save_group(session, self.group.id if self.group else None, draft)
        save_record(self, self.form, self.db, self.asker, self.events, kinds.STUDY, write,
                    {"member_ids": self.members_error})
