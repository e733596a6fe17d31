"""学习记录: the chosen term's learning records, and the form recording people or a whole study group."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from djdesk.domain.ethics import LearningKind, number
from djdesk.i18n import _
from djdesk.services import learning as learning_service
from djdesk.services import study
from djdesk.services.learning import LearningRow, learning_label
from djdesk.services.study import study_label
from djdesk.store.database import (
    Database,
    Session,  # the type the transaction hands over
)
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.ethics.learning_page import LearningEditor, MeetingRecordsLocked
from djdesk.ui.ethics.records_page import save_record
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import ERROR_STYLE
from djdesk.ui.study.common import TermPage

SOURCE = 6  # the column saying a meeting made the record
GREY = QColor("#6b6b6b")


def hours_label() -> str:
    return _("Study hours")


class StudyRecordsPage(MeetingRecordsLocked, TermPage):
    """Every learning record of the term (师德培训 included: it is the same table), newest first;
    records a held meeting made are changed through the meeting."""

    RELOAD_ON = frozenset({kinds.LEARNING, kinds.PEOPLE, kinds.MEETINGS})
    KIND = kinds.LEARNING

    def __init__(self, db: Database, events: AppEvents, asker: Asks, parent: QWidget | None = None) -> None:
        headers = [learning_label("held_on"), _("Name"), _("Content"), _("Format"), hours_label(),
                   learning_label("tags"), _("Source")]
        super().__init__(db, events, asker, "studyRecords", headers, 2,
                         _("Search: name, content or tag"), parent)

    def _term_changed(self) -> None:
        # Without a stored term every record is shown: nothing recorded is hidden.
        self.starts_on = self.term.starts_on if self.term else None
        self.ends_on = self.term.ends_on if self.term else None

    def _fetch(self, session: Session) -> list[LearningRow]:
        return learning_service.list_records(session, start=self.starts_on, end=self.ends_on)

    def _cells(self, row: LearningRow) -> tuple[str, ...]:
        return (f"{row.held_on:%Y-%m-%d}", row.person, row.topic, row.kind.label, number(row.hours),
                row.tag_text, _("Meeting") if row.meeting_id is not None else "")

    def _haystack(self, row: LearningRow) -> str:
        return " ".join((row.person, row.topic, *row.tags))

    def _fill(self) -> None:
        super()._fill()
        for line, row in enumerate(self.rows):
            if row.meeting_id is not None:
                item = self.table.item(line, SOURCE)
                item.setForeground(GREY)
                item.setToolTip(_("Added when the meeting was marked held; changed through the meeting."))

    def _make_editor(self, row: LearningRow | None) -> QDialog:
        return StudyRecordEditor(self.db, self.events, self.asker, row, parent=self)

    def _delete_question(self, row: LearningRow) -> str:
        return _("Delete the learning record of {name} on {date} ({topic})?").format(
            name=row.person, date=f"{row.held_on:%Y-%m-%d}", topic=row.topic)

    def _remove(self, session: Session, record_id: int) -> None:
        learning_service.delete(session, record_id)


class StudyRecordEditor(LearningEditor):
    """The learning form with a study group whose members are recorded with those ticked; a new
    record is concentrated study (集中学习) by default, without the 师德 tag."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, record: LearningRow | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, events, asker, record, parent)
        self.setObjectName("studyRecordEditor")
        self.topic.setPlaceholderText(_("e.g. a unit of the term's plan, a chapter, a lecture's title"))
        self.tags.setToolTip(_("Separate tags with commas"))
        caption = self.form.layout_.labelForField(self.hours.parentWidget())
        if caption is not None:  # 学时, as the study pages say, not the 课时 of ethics training
            caption.setText(f"{hours_label()} *")
        self.groups: dict[int, int] = {}  # study group → members
        self.group = QComboBox()
        self.group.setObjectName("field_group_id")
        self.group_hint = QLabel()
        self.group_hint.setObjectName("studyRecordGroupHint")
        self.group_hint.setWordWrap(True)
        self.group_error = QLabel()
        self.group_error.setObjectName("error_group_id")
        self.group_error.setStyleSheet(ERROR_STYLE)
        self.group_error.setWordWrap(True)
        self.group_error.hide()
        if record is not None:
            return  # a stored record belongs to one person: no group to add
        self.kind.set_value(LearningKind.GROUP)
        self.tags.clear()
        with db.transaction() as session:
            groups = study.list_groups(session)
        self.group.addItem(_("(none)"), None)
        # The checklist offers the people at the school: members who left are not recorded.
        present = {item.data(Qt.ItemDataRole.UserRole) for item in self.people.items()}
        for group in groups:
            self.group.addItem(group.name, group.id)
            self.groups[group.id] = len(present.intersection(group.member_ids))
        self.group.currentIndexChanged.connect(lambda _i: self._show_group())
        line = QHBoxLayout()
        line.addWidget(QLabel(study_label("group_id")))
        line.addWidget(self.group, 1)
        box = self.findChild(QGroupBox, "learningPeople")
        column = box.layout()
        column.insertLayout(0, line)
        column.insertWidget(1, self.group_hint)
        column.insertWidget(2, self.group_error)
        self.group.setEnabled(bool(groups))
        self._show_group()

    def _show_group(self) -> None:
        group_id = self.group.currentData()
        if not self.groups:
            text = _("Study groups are made on the Study groups page.")
        elif group_id is None:
            text = _("Choose a study group to record all its members at once.")
        else:
            text = _("The group's {count} members are recorded besides those ticked below "
                     "(members who have left are skipped).").format(count=self.groups[group_id])
        self.group_hint.setText(text)

    def save(self) -> None:
        draft = self.draft()
        group_id = self.group.currentData() if self.record is None else None

        def write(session: Session, today: dt.date) -> None:
            if self.record is None:
                study.record(session, draft, group_id=group_id, today=today)
            else:
                learning_service.update(session, self.record.id, draft, today=today)
        save_record(self, self.form, self.db, self.asker, self.events, kinds.LEARNING, write,
                    {"person_ids": self.people_error, "group_id": self.group_error})
