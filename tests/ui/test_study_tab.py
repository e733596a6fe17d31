"""The 学习 tab on a real database: a term and its plan, a refused unit date that keeps the typing,
recording for a study group, the totals against the targets, the quiet list, the exports, study
groups, and a meeting's record that is changed through the meeting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from djdesk.domain.ethics import LearningKind
from djdesk.domain.meetings import AttendanceStatus, MeetingDraft, MeetingKind
from djdesk.i18n import _
from djdesk.services import learning, meeting_edit, members, study
from djdesk.services.learning import LearningDraft
from djdesk.services.meeting_edit import AttendanceEntry, MeetingForm
from djdesk.services.study import GroupDraft, TermDraft, UnitDraft
from djdesk.store.database import Database
from djdesk.ui import events as kinds
from djdesk.ui.events import AppEvents
from djdesk.ui.study.tab import StudyTab
from djdesk.workspace import Workspace
from tests.ui.conftest import TODAY, RecordingAsker
from tests.ui.tables import cells, click, column, foreground, headers, tool_tip

SPRING = TermDraft("2026年春季学期", dt.date(2026, 2, 1), dt.date(2026, 7, 31))
RED = "#b00020"


@pytest.fixture
def tab(qtbot: QtBot, workspace: Workspace, school: dict[str, int], asker: RecordingAsker) -> StudyTab:
    made = StudyTab(workspace.database, AppEvents(), asker, workspace.directory)
    qtbot.addWidget(made)
    made.resize(1280, 760)
    made.show()
    qtbot.waitExposed(made)
    return made








def with_term_and_group(tab: StudyTab, school: dict[str, int], members_: tuple[str, ...] = ("单军", "曾国华")
                        ) -> tuple[int, int]:
    with tab.db.transaction() as session:
        term = study.save_term(session, None, SPRING)
        group = study.save_group(session, None, GroupDraft("读书小组", member_ids=tuple(school[n] for n in members_)))
    tab.events.changed.emit(kinds.STUDY)
    return term, group


def stored_records(db: Database) -> list[learning.LearningRow]:
    with db.transaction() as session:
        return learning.list_records(session)


# -- the term and its plan ------------------------------------------------------------------------
def test_a_new_term_then_a_unit_with_its_group_and_summary(qtbot: QtBot, tab: StudyTab, school):
    assert tab.term is None and tab.term_box.count() == 0
    assert not tab.edit_term_button.isEnabled()
    with tab.db.transaction() as session:
        study.save_group(session, None, GroupDraft("读书小组", member_ids=(school["单军"],)))
    tab.events.changed.emit(kinds.STUDY)

    click(qtbot, tab, "studyNewTerm")
    dialog = tab.dialog
    assert dialog is not None and dialog.objectName() == "studyTermDialog"
    # Prefilled with the term around today (15 June 2026): the spring term.
    assert (dialog.starts_on.date().toPython(), dialog.ends_on.date().toPython()) == (
        dt.date(2026, 2, 1), dt.date(2026, 7, 31))
    dialog.name.setText("2026年春季学期")
    click(qtbot, dialog, "saveStudyTerm")
    qtbot.waitUntil(lambda: tab.term is not None)
    assert tab.term_box.currentText() == "2026年春季学期"
    assert tab.span.text() == "2026.02.01—2026.07.31"

    page = tab.plan
    assert tab.pages.currentWidget() is page
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N: a new unit
    unit = page.editor
    assert unit is not None and unit.objectName() == "studyUnitDialog"
    assert unit.starts_on.text() == "—"  # not fixed yet
    unit.unit_title.set_value("学史明理")
    unit.topic.setText("中国共产党简史第一章")
    unit.starts_on.setDate(QDate(2026, 3, 1))
    unit.ends_on.setDate(QDate(2026, 3, 31))
    unit.group.setCurrentIndex(unit.group.findText("读书小组"))
    unit.summary_boxes["learnt"].setPlainText("读原著")
    unit.summary_boxes["shown"].setPlainText("读书分享会")
    click(qtbot, unit, "saveStudyUnit")
    qtbot.waitUntil(lambda: page.editor is None)
    assert cells(page.table) == [["1", "学史明理", "中国共产党简史第一章", "2026.03.01—2026.03.31", "读书小组", "✓"]]
    with tab.db.transaction() as session:
        [row] = study.list_units(session, tab.term.id)
    assert (row.learnt, row.done, row.shown, row.group) == ("读原著", "", "读书分享会", "读书小组")
    assert page.current_row().id == row.id  # the new unit is selected

    # A second unit, then moved up: the selection follows it.
    page.add()
    page.editor.unit_title.set_value("学史增信")
    click(qtbot, page.editor, "saveStudyUnit")
    qtbot.waitUntil(lambda: page.table.rowCount() == 2)
    page.select_id(page.rows[1].id)
    click(qtbot, page, "studyUnitUp")
    assert [r[1] for r in cells(page.table)] == ["学史增信", "学史明理"]
    assert page.current_row().title == "学史增信"
    assert not page.up_button.isEnabled() and page.down_button.isEnabled()

    # A term with units is not deleted; the refusal says why.
    tab.asker.answers.append(True)
    click(qtbot, tab, "studyDeleteTerm")
    assert tab.asker.errors and "2" in tab.asker.errors[-1]
    assert tab.term is not None


def test_a_refused_unit_date_stays_as_typed_with_the_message_under_it(qtbot: QtBot, tab: StudyTab, school):
    with_term_and_group(tab, school)
    qtbot.waitUntil(lambda: tab.term is not None)
    tab.plan.add()
    unit = tab.plan.editor
    unit.unit_title.set_value("学史崇德")
    unit.topic.setText("英雄模范")
    unit.starts_on.setDate(QDate(2026, 5, 1))
    unit.ends_on.setDate(QDate(2026, 9, 30))  # after the term
    click(qtbot, unit, "saveStudyUnit")
    assert unit.isVisible()  # kept open, nothing stored
    error = unit.form.errors["ends_on"]
    assert not error.isHidden() and "2026.07.31" in error.text()
    assert unit.form.errors["starts_on"].isHidden()
    assert (unit.unit_title.value(), unit.topic.text(), unit.ends_on.date().toPython()) == (
        "学史崇德", "英雄模范", dt.date(2026, 9, 30))
    with tab.db.transaction() as session:
        assert study.list_units(session, tab.term.id) == []
    unit.ends_on.setDate(QDate(2026, 5, 31))
    click(qtbot, unit, "saveStudyUnit")
    qtbot.waitUntil(lambda: tab.plan.table.rowCount() == 1)
    assert unit.form.errors["ends_on"].isHidden()


# -- records and totals -----------------------------------------------------------------------------
def test_recording_for_a_group_gives_each_member_a_record_and_counts_in_the_totals(
        qtbot: QtBot, tab: StudyTab, school):
    with_term_and_group(tab, school)
    qtbot.waitUntil(lambda: tab.term is not None)
    tab.pages.setCurrentWidget(tab.records)
    page = tab.records
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = page.editor
    assert editor is not None and editor.objectName() == "studyRecordEditor"
    assert editor.kind.value() is LearningKind.GROUP and editor.tags.text() == ""
    assert editor.held_on.date().toPython() == TODAY
    editor.group.setCurrentIndex(editor.group.findText("读书小组"))
    assert "2" in editor.group_hint.text()
    editor.people.set_ids((school["王五"],))  # and one more person besides the group
    editor.held_on.setDate(QDate(2026, 6, 1))
    editor.topic.setText("学史明理：读原著")
    editor.hours.setText("3")
    click(qtbot, editor, "saveLearning")
    qtbot.waitUntil(lambda: page.editor is None)
    rows = cells(page.table)
    assert sorted(r[1] for r in rows) == ["单军", "曾国华", "王五"]
    assert {(r[0], r[2], r[3], r[4], r[6]) for r in rows} == {
        ("2026-06-01", "学史明理：读原著", LearningKind.GROUP.label, "3", "")}

    tab.pages.setCurrentWidget(tab.totals)
    totals = tab.totals
    table = totals.people_table
    people = {r[0]: r for r in cells(table)}
    term_hours = column(table, headers(table)[2])
    assert people["单军"][term_hours] == "3" and people["单军"][3] == "1"  # hours and sessions
    assert people["单军"][4] == "3" and people["单军"][5] == "32" and people["单军"][6] == "29"
    groups = cells(totals.groups_table)
    assert groups == [["读书小组", "2", "6", "2", "6", "2"]]
    assert foreground(totals.groups_table, 0, 5) == RED  # both members below the target


def test_a_member_short_of_the_target_shows_what_is_missing_in_red(qtbot: QtBot, tab: StudyTab, school):
    with_term_and_group(tab, school)
    with tab.db.transaction() as session:
        # 曾国华 reaches 32 concentrated hours; 单军 has 30, and self-study does not count.
        learning.add(session, LearningDraft((school["曾国华"],), dt.date(2026, 3, 2), "党课", LearningKind.LECTURE,
                                            "32"), today=TODAY)
        learning.add(session, LearningDraft((school["单军"],), dt.date(2026, 3, 2), "培训", LearningKind.TRAINING,
                                            "30"), today=TODAY)
        learning.add(session, LearningDraft((school["单军"],), dt.date(2026, 3, 3), "自学", LearningKind.SELF,
                                            "5"), today=TODAY)
    tab.events.changed.emit(kinds.LEARNING)
    tab.pages.setCurrentWidget(tab.totals)
    table = tab.totals.people_table
    qtbot.waitUntil(lambda: table.model().rowCount() > 0)
    rows = cells(table)
    names = [r[0] for r in rows]
    line = {name: i for i, name in enumerate(names)}
    assert rows[line["单军"]][6] == "2" and foreground(table, line["单军"], 6) == RED
    assert tool_tip(table, line["单军"], 6)  # what is still missing, said in words
    assert rows[line["单军"]][2] == "35"  # every kind in the term's hours
    assert "自学" in tool_tip(table, line["单军"], 2)
    assert rows[line["曾国华"]][6] == "" and foreground(table, line["曾国华"], 6) == ""  # target reached
    assert "2" in tab.totals.people_heading.text()
    # No rank column, and the order is the service's (按姓氏笔画), never by hours.
    assert len(headers(table)) == 7
    with tab.db.transaction() as session:
        expected = [p.name for p in study.person_totals(session, term_id=tab.term.id, year=2026)]
    assert names == expected
    # Another year: nothing recorded then.
    tab.totals.year.setValue(2025)
    assert cells(table)[line["单军"]][4] in ("0", "")


def test_the_quiet_list_follows_the_weeks_chosen(qtbot: QtBot, tab: StudyTab, school):
    with_term_and_group(tab, school)
    with tab.db.transaction() as session:
        learning.add(session, LearningDraft((school["单军"],), dt.date(2026, 6, 1), "自学", LearningKind.SELF, "1"),
                     today=TODAY)
        learning.add(session, LearningDraft((school["曾国华"],), dt.date(2026, 4, 1), "自学", LearningKind.SELF,
                                            "1"), today=TODAY)
    tab.pages.setCurrentWidget(tab.totals)
    totals = tab.totals
    assert totals.weeks.value() == 4
    quiet = {r[0]: r[2] for r in cells(totals.quiet_table)}
    assert "单军" not in quiet and quiet["曾国华"] == "2026-04-01"
    assert "王五" in quiet  # nothing recorded
    assert totals.quiet_note.text()
    totals.weeks.setValue(12)
    quiet = {r[0] for r in cells(totals.quiet_table)}
    assert "曾国华" not in quiet and "王五" in quiet


def test_the_term_exports_as_pdf_and_excel(qtbot: QtBot, tab: StudyTab, school, tmp_path):
    term, group = with_term_and_group(tab, school)
    with tab.db.transaction() as session:
        study.save_unit(session, None, UnitDraft(term, "学史明理", group_id=group, learnt="读原著"))
        study.record(session, LearningDraft((), dt.date(2026, 3, 10), "读原著", LearningKind.GROUP, "2"),
                     group_id=group, today=TODAY)
    tab.pages.setCurrentWidget(tab.totals)
    pdf, xlsx = tmp_path / "学习.pdf", tmp_path / "学习.xlsx"
    tab.asker.files.extend([pdf, xlsx])
    click(qtbot, tab.totals, "studyExportPdf")
    qtbot.waitUntil(lambda: len(tab.asker.infos) == 1, timeout=20000)
    assert tab.asker.suggested[0].suffix == ".pdf" and "2026" in tab.asker.suggested[0].name
    click(qtbot, tab.totals, "studyExportXlsx")
    qtbot.waitUntil(lambda: len(tab.asker.infos) == 2, timeout=20000)
    assert tab.asker.suggested[1].suffix == ".xlsx"
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.stat().st_size > 0
    assert tab.asker.errors == []


# -- study groups -----------------------------------------------------------------------------------
def test_a_study_group_made_changed_and_deleted(qtbot: QtBot, tab: StudyTab, school):
    tab.pages.setCurrentWidget(tab.groups)
    page = tab.groups
    click(qtbot, page, "add_studyGroups")
    dialog = page.editor
    assert dialog.objectName() == "studyGroupDialog"
    click(qtbot, dialog, "saveStudyGroup")  # no name: refused under the field
    assert not dialog.form.errors["name"].isHidden()
    dialog.name.setText("青年教师学习小组")
    dialog.people.set_ids((school["单军"], school["陈珺"]))
    click(qtbot, dialog, "saveStudyGroup")
    qtbot.waitUntil(lambda: page.editor is None)
    [row] = cells(page.table)
    assert row[0] == "青年教师学习小组" and row[1] == "2" and set(row[2].split("、")) == {"单军", "陈珺"}

    # Enter edits the chosen group.
    page.table.selectRow(0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.editor
    assert dialog.name.text() == "青年教师学习小组"
    assert set(dialog.people.ids()) == {school["单军"], school["陈珺"]}
    dialog.people.set_ids((school["单军"],))
    click(qtbot, dialog, "saveStudyGroup")
    qtbot.waitUntil(lambda: page.editor is None)
    assert cells(page.table)[0][1] == "1"

    # Responsible for a unit: Del asks, and the refusal says why.
    with tab.db.transaction() as session:
        term = study.save_term(session, None, SPRING)
        study.save_unit(session, None, UnitDraft(term, "学史力行", group_id=page.rows[0].id))
    tab.asker.answers.append(True)
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert tab.asker.questions and "青年教师学习小组" in tab.asker.questions[-1]
    assert tab.asker.errors and "青年教师学习小组" in tab.asker.errors[-1]
    assert page.table.rowCount() == 1


# -- a meeting's records ----------------------------------------------------------------------------
def test_a_record_made_by_a_held_meeting_is_not_edited_here(qtbot: QtBot, tab: StudyTab, school):
    with_term_and_group(tab, school)
    with tab.db.transaction() as session:
        branch_id = members.get(session, school["单军"]).draft.branch_id
        people = (school["单军"], school["曾国华"])
        draft = MeetingDraft(kind=MeetingKind.LECTURE, year=2026, branch_id=branch_id,
                             starts_at=dt.datetime(2026, 6, 12, 15), ends_at=dt.datetime(2026, 6, 12, 16),
                             title="专题党课", host_id=people[0], recorder_id=people[1], expected=people)
        form = MeetingForm(draft=draft, attendance=tuple(AttendanceEntry(p, AttendanceStatus.PRESENT, "")
                                                         for p in people), content="讲党课", held=True)
        meeting_edit.save(session, None, form, now=dt.datetime(2026, 6, 15, 10))
    tab.events.changed.emit(kinds.MEETINGS)
    tab.pages.setCurrentWidget(tab.records)
    page = tab.records
    rows = cells(page.table)
    assert len(rows) == 2 and {r[6] for r in rows} == {_("Meeting")}
    assert {r[4] for r in rows} == {"1"}
    page.table.selectRow(0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.editor is None  # no editor: the reason instead
    assert tab.asker.infos == [_("This record comes from a held meeting's attendance; change the meeting "
                                 "(its attendance or held mark) instead.")]
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert tab.asker.questions == [] and len(tab.asker.infos) == 2  # not asked, told
    assert len(stored_records(tab.db)) == 2
    assert all(r.hours == Decimal(1) for r in stored_records(tab.db))


# -- loading ------------------------------------------------------------------------------------------
def test_nothing_is_read_until_the_tab_is_shown(qtbot: QtBot, workspace: Workspace, school, asker):
    with workspace.database.transaction() as session:
        study.save_term(session, None, SPRING)
        study.save_term(session, None, TermDraft("2025年秋季学期", dt.date(2025, 8, 1), dt.date(2026, 1, 31)))
    made = StudyTab(workspace.database, AppEvents(), asker, workspace.directory)
    qtbot.addWidget(made)
    made.events.changed.emit(kinds.LEARNING)
    assert made.term_box.count() == 0 and made.records.all_rows == [] and made.totals.people == []
    made.show()
    qtbot.waitExposed(made)
    # Newest first; the term around today chosen.
    assert [made.term_box.itemText(i) for i in range(2)] == ["2026年春季学期", "2025年秋季学期"]
    assert made.term_box.currentText() == "2026年春季学期"


def test_deleting_the_shown_term_moves_every_page_to_another(qtbot: QtBot, tab: StudyTab, school):
    with tab.db.transaction() as session:
        study.save_term(session, None, SPRING)
        autumn = study.save_term(session, None, TermDraft("2025年秋季学期", dt.date(2025, 8, 1), dt.date(2026, 1, 31)))
        learning.add(session, LearningDraft((school["单军"],), dt.date(2025, 10, 8), "自学", LearningKind.SELF, "2"),
                     today=TODAY)
    tab.events.changed.emit(kinds.STUDY)
    tab.pages.setCurrentWidget(tab.totals)
    tab.show_term(autumn)
    assert tab.totals.year.value() == 2025
    tab.asker.answers.append(True)
    click(qtbot, tab, "studyDeleteTerm")
    assert tab.asker.errors == []
    assert tab.term is not None and tab.term.name == "2026年春季学期" and tab.term_box.count() == 1
    assert tab.totals.term == tab.term and tab.totals.year.value() == 2026
    tab.pages.setCurrentWidget(tab.records)
    assert tab.records.rows == []  # the autumn record is outside the spring term
