"""师德培训 and 听课记录 pages: a whole group's training at once, refusals under the fields, edit, delete."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QTableWidget
from pytestqt.qtbot import QtBot

from djdesk.domain.ethics import LearningKind, ObservationKind, ObservationRating
from djdesk.i18n import _
from djdesk.services import ethics_records, learning, members
from djdesk.services.ethics_records import ObservationDraft
from djdesk.services.learning import LearningDraft
from djdesk.store.database import Database
from djdesk.ui import events as kinds
from djdesk.ui.ethics.learning_page import LearningEditor, LearningPage
from djdesk.ui.ethics.observations_page import ObservationEditor, ObservationsPage
from djdesk.ui.events import AppEvents
from tests.factories import draft
from tests.ui.conftest import TODAY, RecordingAsker

STAFF = (("赵敏", "语文组"), ("钱进", "语文组"), ("孙丽", "语文组"), ("周强", "数学组"), ("吴刚", "数学组"))


@pytest.fixture
def events() -> AppEvents:
    return AppEvents()


@pytest.fixture
def staff(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        return {name: members.add(session, draft(name=name, department=department), today=TODAY).id
                for name, department in STAFF}


@pytest.fixture
def learning_page(qtbot: QtBot, db: Database, events: AppEvents, asker: RecordingAsker,
                  staff: dict[str, int]) -> LearningPage:
    page = LearningPage(db, events, asker)
    qtbot.addWidget(page)
    page.set_period(dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def observations_page(qtbot: QtBot, db: Database, events: AppEvents, asker: RecordingAsker,
                      staff: dict[str, int]) -> ObservationsPage:
    page = ObservationsPage(db, events, asker)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def stored(db: Database) -> list[learning.LearningRow]:
    with db.transaction() as session:
        return learning.list_records(session)


def add_training(db: Database, people: list[int], topic: str = "师德专题培训", tags: str = "师德",
                 held_on: dt.date = dt.date(2026, 3, 10)) -> None:
    with db.transaction() as session:
        learning.add(session, LearningDraft(tuple(people), held_on, topic, LearningKind.TRAINING, "2", tags),
                     today=TODAY)


def table_rows(page: LearningPage | ObservationsPage) -> list[list[str]]:
    table = page.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def open_editor(page: LearningPage | ObservationsPage, button: str):  # type: ignore[no-untyped-def]
    page.findChild(QPushButton, button).click()
    assert page.editor is not None and page.editor.isVisible()
    return page.editor


def tick(form: LearningEditor, name: str) -> None:
    item = next(i for i in form.people.items() if i.text().startswith(name))
    item.setCheckState(Qt.CheckState.Checked)


def error_text(form: LearningEditor | ObservationEditor, field: str) -> str:
    label = form.findChild(QLabel, f"error_{field}")
    return label.text() if label.isVisible() else ""


def test_a_whole_group_trained_at_once(learning_page: LearningPage, db: Database, staff: dict[str, int],
                                       events: AppEvents) -> None:
    changed: list[str] = []
    events.changed.connect(changed.append)
    form = open_editor(learning_page, "add_learning")
    assert isinstance(form, LearningEditor)
    assert (form.held_on.date(), form.kind.value(), form.tags.text()) == (QDate(2026, 6, 15),
                                                                            LearningKind.TRAINING, "师德")
    department = form.people.department
    department.setCurrentIndex(department.findData("数学组"))
    department.activated.emit(department.currentIndex())  # as when the user picks it
    assert set(form.people.ids()) == {staff["周强"], staff["吴刚"]}
    assert department.currentIndex() == 0  # ready for another department
    form.people.search.setText("赵")
    assert [i.text() for i in form.people.items() if not i.isHidden()] == [
        _("{name} ({department})").format(name="赵敏", department="语文组")]
    form.people.select_all.click()  # everyone shown: only 赵敏
    form.people.search.clear()
    assert set(form.people.ids()) == {staff["周强"], staff["吴刚"], staff["赵敏"]}
    assert form.people.count.text() == _("Chosen: {count}").format(count=3)
    form.topic.setText("新时代中小学教师职业行为十项准则")
    form.hours.setText("2.5")
    form.organiser.setText("校党支部")
    form.findChild(QPushButton, "saveLearning").click()
    assert not form.isVisible() and changed == [kinds.LEARNING]
    records = stored(db)
    assert sorted(r.person_id for r in records) == sorted([staff["周强"], staff["吴刚"], staff["赵敏"]])
    assert {(r.topic, r.hours, r.tags, r.organiser, r.held_on) for r in records} == {
        ("新时代中小学教师职业行为十项准则", Decimal("2.5"), ("师德",), "校党支部", TODAY)}
    rows = table_rows(learning_page)
    assert len(rows) == 3
    assert {tuple(r[1:3]) for r in rows} == {("周强", "数学组"), ("吴刚", "数学组"), ("赵敏", "语文组")}
    assert rows[0][4:] == [LearningKind.TRAINING.label, "2.5", "师德", "校党支部"]


@pytest.mark.parametrize("hours, message", [
    ("0", _("more than 0 class hours")),
    ("200", _("at most {hours} class hours in one record").format(hours="100")),
])
def test_hours_refused_under_the_field(learning_page: LearningPage, db: Database, staff: dict[str, int],
                                       hours: str, message: str) -> None:
    form = open_editor(learning_page, "add_learning")
    tick(form, "赵敏")
    tick(form, "钱进")
    form.topic.setText("师德警示教育")
    form.hours.setText(hours)
    form.note.setText("全体语文组")
    form.findChild(QPushButton, "saveLearning").click()
    assert form.isVisible()
    assert error_text(form, "hours") == message
    assert error_text(form, "topic") == ""
    assert stored(db) == [] and learning_page.table.rowCount() == 0
    assert set(form.people.ids()) == {staff["赵敏"], staff["钱进"]}
    assert (form.topic.text(), form.hours.text(), form.note.text(), form.tags.text()) == (
        "师德警示教育", hours, "全体语文组", "师德")
    form.hours.setText("1")
    form.findChild(QPushButton, "saveLearning").click()
    assert not form.isVisible() and len(stored(db)) == 2 and learning_page.table.rowCount() == 2


def test_nobody_ticked_is_said_under_the_list(learning_page: LearningPage, db: Database) -> None:
    form = open_editor(learning_page, "add_learning")
    form.hours.setText("2")
    form.findChild(QPushButton, "saveLearning").click()
    assert error_text(form, "person_ids") == _("choose at least one person")
    assert error_text(form, "topic") == _("write what was learnt")
    assert stored(db) == []
    form.reject()


def test_edit_one_record(qtbot: QtBot, learning_page: LearningPage, db: Database, staff: dict[str, int],
                         events: AppEvents) -> None:
    add_training(db, [staff["赵敏"], staff["钱进"]])
    events.changed.emit(kinds.LEARNING)
    assert learning_page.table.rowCount() == 2
    record = next(r for r in stored(db) if r.person_id == staff["钱进"])
    learning_page.select_id(record.id)
    qtbot.keyClick(learning_page.table, Qt.Key.Key_Return)
    form = learning_page.editor
    assert isinstance(form, LearningEditor) and form.isVisible()
    assert [i.text() for i in form.people.items()] == [_("{name} ({department})").format(
        name="钱进", department="语文组")]
    assert form.people.ids() == (staff["钱进"],) and form.people.search.isHidden()
    assert (form.topic.text(), form.hours.text()) == ("师德专题培训", "2")
    form.hours.setText("3")
    form.topic.setText("师德专题培训（补课）")
    form.findChild(QPushButton, "saveLearning").click()
    assert not form.isVisible()
    after = {r.person_id: (r.topic, r.hours) for r in stored(db)}
    assert after == {staff["钱进"]: ("师德专题培训（补课）", Decimal(3)),
                     staff["赵敏"]: ("师德专题培训", Decimal(2))}
    assert sorted(row[5] for row in table_rows(learning_page)) == ["2", "3"]


def test_delete_asks_first(qtbot: QtBot, learning_page: LearningPage, db: Database, staff: dict[str, int],
                           asker: RecordingAsker, events: AppEvents) -> None:
    add_training(db, [staff["孙丽"]])
    events.changed.emit(kinds.LEARNING)
    learning_page.table.selectRow(0)
    asker.answers = [False, True]
    learning_page.findChild(QPushButton, "delete_learning").click()
    assert len(asker.questions) == 1 and "孙丽" in asker.questions[0]
    assert len(stored(db)) == 1 and learning_page.table.rowCount() == 1
    qtbot.keyClick(learning_page.table, Qt.Key.Key_Delete)
    assert len(asker.questions) == 2
    assert stored(db) == [] and learning_page.table.rowCount() == 0


def test_ethics_records_of_the_span_searched(qtbot: QtBot, learning_page: LearningPage, db: Database,
                                             staff: dict[str, int], events: AppEvents) -> None:
    add_training(db, [staff["赵敏"], staff["周强"]])
    add_training(db, [staff["吴刚"]], topic="学习党的二十大精神", tags="理论学习")
    add_training(db, [staff["孙丽"]], held_on=dt.date(2025, 6, 1))  # the year before
    events.changed.emit(kinds.LEARNING)
    assert sorted(r[1] for r in table_rows(learning_page)) == sorted(["赵敏", "周强"])
    learning_page.findChild(QCheckBox, "learningShowAll").setChecked(True)
    assert sorted(r[1] for r in table_rows(learning_page)) == sorted(["赵敏", "周强", "吴刚"])
    learning_page.findChild(QLineEdit, "learningSearch").setText("数学")
    assert sorted(r[1] for r in table_rows(learning_page)) == sorted(["周强", "吴刚"])
    learning_page.search.setText("二十大")
    assert [r[1] for r in table_rows(learning_page)] == ["吴刚"]
    learning_page.search.clear()
    learning_page.set_period(None, None)
    assert learning_page.table.rowCount() == 4
    learning_page.set_note("新任教师 2 人，其中 1 人师德培训不足 8 课时")
    note = learning_page.findChild(QLabel, "learningNote")
    assert note.isVisible() and "不足 8 课时" in note.text()
    learning_page.set_note("")
    assert not note.isVisible()


def test_a_hidden_page_reloads_when_shown(qtbot: QtBot, learning_page: LearningPage, db: Database,
                                          staff: dict[str, int], events: AppEvents) -> None:
    learning_page.hide()
    add_training(db, [staff["赵敏"]])
    events.changed.emit(kinds.LEARNING)
    assert learning_page.table.rowCount() == 0  # nothing read while nobody looks
    learning_page.show()
    qtbot.waitExposed(learning_page)
    assert learning_page.table.rowCount() == 1


def stored_observations(db: Database) -> list[ethics_records.ObservationRow]:
    with db.transaction() as session:
        return ethics_records.list_observations(session)


def test_record_an_observation(observations_page: ObservationsPage, db: Database, staff: dict[str, int],
                               events: AppEvents) -> None:
    changed: list[str] = []
    events.changed.connect(changed.append)
    form = open_editor(observations_page, "add_observations")
    assert isinstance(form, ObservationEditor)
    # Typed in full, as the completer leaves it, or chosen from the list.
    form.teacher.setCurrentText(_("{name} ({department})").format(name="孙丽", department="语文组"))
    form.observer.set_value(staff["周强"])
    form.kind.set_value(ObservationKind.DROP_IN)
    form.class_name.setText("初二（3）班")
    form.subject.setText("语文")
    form.rating.set_value(ObservationRating.GOOD)
    form.notes.setPlainText("教学环节完整，学生参与度高。")
    form.findChild(QPushButton, "saveObservation").click()
    assert not form.isVisible() and changed == [kinds.ETHICS]
    (row,) = stored_observations(db)
    assert (row.teacher_id, row.observer_id, row.kind, row.rating, row.held_on) == (
        staff["孙丽"], staff["周强"], ObservationKind.DROP_IN, ObservationRating.GOOD, TODAY)
    assert table_rows(observations_page) == [[
        "2026-06-15", "孙丽", "周强", ObservationKind.DROP_IN.label, "初二（3）班", "语文",
        ObservationRating.GOOD.label, "教学环节完整，学生参与度高。"]]
    observations_page.search.setText("数学组")
    assert observations_page.table.rowCount() == 0  # the teacher's department, not the observer's
    observations_page.search.setText("语文组")
    assert observations_page.table.rowCount() == 1


def test_teacher_cannot_observe_themselves(observations_page: ObservationsPage, db: Database,
                                           staff: dict[str, int]) -> None:
    form = open_editor(observations_page, "add_observations")
    form.teacher.set_value(staff["吴刚"])
    form.observer.set_value(staff["吴刚"])
    form.subject.setText("数学")
    form.findChild(QPushButton, "saveObservation").click()
    assert form.isVisible()
    assert error_text(form, "observer_id") == _("the observer is someone other than the teacher")
    assert (form.teacher.value(), form.subject.text()) == (staff["吴刚"], "数学")
    assert stored_observations(db) == []
    form.observer.setCurrentText("没有这个人")
    form.findChild(QPushButton, "saveObservation").click()
    assert error_text(form, "observer_id") == _("choose a person")
    form.reject()


def test_one_teachers_observations_edited(qtbot: QtBot, observations_page: ObservationsPage, db: Database,
                                          staff: dict[str, int], events: AppEvents,
                                          asker: RecordingAsker) -> None:
    with db.transaction() as session:
        for teacher in ("赵敏", "钱进"):
            ethics_records.add_observation(session, ObservationDraft(
                staff[teacher], staff["周强"], dt.date(2026, 5, 8), ObservationKind.TRACKING), today=TODAY)
    events.changed.emit(kinds.ETHICS)
    assert observations_page.table.rowCount() == 2
    observations_page.show_teacher(staff["钱进"])
    assert [r[1] for r in table_rows(observations_page)] == ["钱进"]
    form = open_editor(observations_page, "add_observations")
    assert form.teacher.value() == staff["钱进"]  # a new record is about the teacher shown
    form.reject()
    observations_page.table.selectRow(0)
    observations_page.edit()
    form = observations_page.editor
    assert form.teacher.value() == staff["钱进"] and form.rating.value() is None
    assert form.rating.currentText() == _("Not rated")
    form.rating.set_value(ObservationRating.FAIR)
    form.findChild(QPushButton, "saveObservation").click()
    assert not form.isVisible()
    assert table_rows(observations_page)[0][6] == ObservationRating.FAIR.label
    asker.answers = [True]
    observations_page.delete()
    assert [r.teacher for r in stored_observations(db)] == ["赵敏"]
    observations_page.show_teacher(None)
    assert observations_page.table.rowCount() == 1
    assert observations_page.findChild(QTableWidget, "observationsTable") is observations_page.table
