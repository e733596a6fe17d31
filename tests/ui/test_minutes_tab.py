"""The 会议记录 tab over a temp database: the list and its filters, editing and saving, the
questions about unsaved text, the live page preview and printing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from djdesk.domain.meetings import (
    AttendanceStatus,
    MeetingDraft,
    MeetingKind,
    minutes_template,
)
from djdesk.domain.minutes import MinutesState
from djdesk.services import meeting_edit, meetings, minutes
from djdesk.services.branches import list_branches
from djdesk.services.meeting_edit import AttendanceEntry, MeetingForm
from djdesk.store.models import Meeting
from djdesk.ui import events as kinds
from djdesk.ui.calendar.meeting_dialog import MeetingDialog
from djdesk.ui.events import AppEvents
from djdesk.ui.minutes.model import COLUMN_KEYS
from djdesk.ui.minutes.tab import MinutesTab
from djdesk.ui.prefs import Prefs
from djdesk.ui.record_printing import RecordPrinter
from djdesk.workspace import Workspace
from tests.reports.test_roster_pdf import page_texts
from tests.ui.conftest import RecordingAsker

NOW = dt.datetime(2026, 6, 15, 10)
STATE = COLUMN_KEYS.index("state")


def add_meeting(workspace: Workspace, when: dt.datetime, title: str, *, branch: str = "第一党支部",
                held: bool = False, content: str = "", resolution: str = "",
                kind: MeetingKind = MeetingKind.GENERAL) -> int:
    with workspace.database.transaction() as session:
        chosen = next(b for b in list_branches(session) if b.name == branch)
        people = [p.id for p in meetings.people(session) if p.branch_id == chosen.id]
        draft = MeetingDraft(kind=kind, year=when.year, branch_id=chosen.id, starts_at=when,
                             ends_at=when + dt.timedelta(hours=1), title=title, place="三楼会议室",
                             host_id=people[0] if held else None, recorder_id=people[-1] if held else None,
                             expected=tuple(people))
        attendance = tuple(AttendanceEntry(p, AttendanceStatus.PRESENT, "") for p in people) if held else ()
        return meeting_edit.save(session, None, MeetingForm(draft=draft, attendance=attendance, held=held,
                                                            content=content, resolution=resolution), now=NOW)


def stored(workspace: Workspace, meeting_id: int) -> minutes.MinutesDocument:
    with workspace.database.transaction() as session:
        return minutes.minutes_document(session, meeting_id)


@pytest.fixture
def ids(workspace: Workspace, school: dict[str, int]) -> dict[str, int]:
    return {
        "empty": add_meeting(workspace, dt.datetime(2026, 3, 2, 14, 30), "学习新党章", held=True),
        "written": add_meeting(workspace, dt.datetime(2026, 4, 8, 15), "发展党员讨论", held=True,
                               content="一、学习文件\n二、讨论", resolution="同意"),
        "retired": add_meeting(workspace, dt.datetime(2026, 5, 6, 9), "重温入党誓词", branch="退休党支部",
                               held=True, content="会议内容已写"),
        "planned": add_meeting(workspace, dt.datetime(2026, 6, 24, 15), "七一表彰"),
        "last_year": add_meeting(workspace, dt.datetime(2025, 11, 5, 15), "年终总结", held=True,
                                 content="总结"),
    }


class Tab:
    """The tab as the window makes it, with what it emitted."""

    def __init__(self, qtbot: QtBot, workspace: Workspace, asker: RecordingAsker) -> None:
        self.events = AppEvents()
        self.changes: list[str] = []
        self.events.changed.connect(self.changes.append)
        self.printer = RecordPrinter(workspace.database, self.events, asker, workspace.directory)
        self.tab = MinutesTab(workspace.database, self.events, asker, Prefs(workspace.directory), self.printer)
        # pytest-qt closes the widget before fixtures end: no preview or printout may still be
        # on its way to it then, nor a dialog it opened be left open.
        qtbot.addWidget(self.tab, before_close_func=lambda _w: self.settle(qtbot))
        self.tab.resize(1280, 800)
        self.tab.show()
        qtbot.waitExposed(self.tab)

    def settle(self, qtbot: QtBot) -> None:
        qtbot.waitUntil(lambda: not self.tab.preview.busy() and not self.printer.busy, timeout=10000)
        if self.tab.dialog is not None:
            self.tab.dialog.close()


@pytest.fixture
def made(qtbot: QtBot, workspace: Workspace, asker: RecordingAsker, ids: dict[str, int]) -> Tab:
    return Tab(qtbot, workspace, asker)


@pytest.fixture
def tab(made: Tab) -> MinutesTab:
    return made.tab


def states(tab: MinutesTab) -> dict[str, str]:
    return {row.title: tab.model.data(tab.model.index(n, STATE)) for n, row in enumerate(tab.model.shown())}


def click(tab: MinutesTab, name: str) -> None:
    button = tab.findChild(QPushButton, name)
    assert button is not None and button.isEnabled(), name
    button.click()


def colour(tab: MinutesTab, meeting_id: int) -> object:
    row = tab.model.row_of(meeting_id)
    assert row is not None
    return tab.model.data(tab.model.index(row, STATE), Qt.ItemDataRole.ForegroundRole)


def choose_row(tab: MinutesTab, meeting_id: int) -> None:
    """As a click on the row does."""
    row = tab.model.row_of(meeting_id)
    assert row is not None
    tab.table.selectRow(row)


# -- the list -----------------------------------------------------------------------------------
def test_lists_the_years_meetings_with_their_record_states(qtbot: QtBot, tab: MinutesTab,
                                                           ids: dict[str, int]) -> None:
    assert tab.objectName() == "minutesTab" and tab.year.value() == 2026
    assert [r.title for r in tab.model.shown()] == ["学习新党章", "发展党员讨论", "重温入党誓词", "七一表彰"]
    assert states(tab) == {"学习新党章": MinutesState.EMPTY.label, "发展党员讨论": MinutesState.WRITTEN.label,
                           "重温入党誓词": MinutesState.WRITTEN.label, "七一表彰": MinutesState.NOT_HELD.label}
    # The first row is chosen and in the editor; an empty record starts from the kind's headings.
    assert tab.current_id() == ids["empty"]
    assert tab.table.selectionModel().selectedRows()[0].row() == 0
    assert tab.content.toPlainText() == minutes_template(MeetingKind.GENERAL)
    assert not tab.is_dirty() and not tab.findChild(QPushButton, "saveMinutes").isEnabled()
    assert "学习新党章" in tab.editor.header.text() and "三楼会议室" in tab.editor.header.text()
    assert colour(tab, ids["empty"]) is not None and colour(tab, ids["written"]) is None
    # Arrows move through the rows, loading each.
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Down)
    assert tab.current_id() == ids["written"] and tab.content.toPlainText() == "一、学习文件\n二、讨论"
    assert tab.resolution.toPlainText() == "同意"


def test_filters_by_branch_state_text_and_year(tab: MinutesTab, ids: dict[str, int]) -> None:
    tab.branch.setCurrentIndex(tab.branch.findText("退休党支部"))
    assert [r.id for r in tab.model.shown()] == [ids["retired"]] and tab.current_id() == ids["retired"]
    tab.branch.setCurrentIndex(0)
    assert tab.model.shown_count() == 4
    tab.state.set_value(MinutesState.NOT_HELD)
    assert [r.id for r in tab.model.shown()] == [ids["planned"]] and tab.current_id() == ids["planned"]
    tab.state.setCurrentIndex(0)
    tab.search.setText("退休")  # the branch's name
    assert [r.id for r in tab.model.shown()] == [ids["retired"]]
    tab.search.setText("党章")  # the topic
    assert [r.id for r in tab.model.shown()] == [ids["empty"]]
    assert tab.count.text() == "显示 1 / 共 4 个会议"
    tab.search.clear()
    # Sorted by a column, the meeting chosen stays chosen.
    choose_row(tab, ids["written"])
    tab.table.sortByColumn(STATE, Qt.SortOrder.AscendingOrder)  # what needs doing first
    assert [r.id for r in tab.model.shown()][::3] == [ids["empty"], ids["planned"]]
    assert tab.current_id() == ids["written"]
    assert tab.model.meeting(tab.table.selectionModel().selectedRows()[0].row()).id == ids["written"]
    tab.save_state()
    tab.year.setValue(2025)
    assert [r.id for r in tab.model.shown()] == [ids["last_year"]] and tab.current_id() == ids["last_year"]
    assert tab.select_meeting(ids["planned"]) and tab.year.value() == 2026  # its year chosen again


# -- editing ------------------------------------------------------------------------------------
def test_typing_and_saving_writes_the_minutes(made: Tab, tab: MinutesTab, workspace: Workspace,
                                              ids: dict[str, int]) -> None:
    tab.content.setPlainText("一、传达上级精神\n二、讨论")
    tab.resolution.setPlainText("  全体同意  ")
    assert tab.is_dirty() and tab.unsaved.isVisible()
    click(tab, "saveMinutes")
    document = stored(workspace, ids["empty"])
    assert (document.content, document.resolution) == ("一、传达上级精神\n二、讨论", "全体同意")
    assert made.changes == [kinds.MEETINGS] and not tab.is_dirty() and not tab.unsaved.isVisible()
    assert states(tab)["学习新党章"] == MinutesState.WRITTEN.label and tab.current_id() == ids["empty"]
    # Only the template's headings: stored as nothing written.
    tab.content.setPlainText(minutes_template(MeetingKind.GENERAL))
    click(tab, "saveMinutes")
    assert stored(workspace, ids["empty"]).content == "" and states(tab)["学习新党章"] == MinutesState.EMPTY.label


@pytest.mark.parametrize("answer", [True, False, None])
def test_switching_rows_with_unsaved_text_asks(tab: MinutesTab, workspace: Workspace, asker: RecordingAsker,
                                               ids: dict[str, int], answer: bool | None) -> None:
    tab.content.setPlainText("会上学习了新党章")
    asker.save_answers.append(answer)
    choose_row(tab, ids["written"])
    assert len(asker.questions) == 1 and "学习新党章" in asker.questions[0]
    saved = stored(workspace, ids["empty"]).content
    if answer is None:  # cancel: still typing where they were
        assert tab.current_id() == ids["empty"] and tab.content.toPlainText() == "会上学习了新党章"
        assert tab.table.selectionModel().selectedRows()[0].row() == tab.model.row_of(ids["empty"])
        assert saved == "" and tab.is_dirty()
    else:
        assert tab.current_id() == ids["written"] and tab.content.toPlainText() == "一、学习文件\n二、讨论"
        assert tab.table.selectionModel().selectedRows()[0].row() == tab.model.row_of(ids["written"])
        assert saved == ("会上学习了新党章" if answer else "")


def test_year_change_reload_and_leave_keep_unsaved_text(made: Tab, tab: MinutesTab, asker: RecordingAsker,
                                                        ids: dict[str, int]) -> None:
    tab.content.setPlainText("未保存的记录")
    asker.save_answers.append(None)
    tab.year.setValue(2025)
    assert tab.year.value() == 2026 and tab.current_id() == ids["empty"] and tab.is_dirty()
    made.events.changed.emit(kinds.MEETINGS)  # a change elsewhere: the list reloads, the text stays
    assert tab.content.toPlainText() == "未保存的记录" and tab.is_dirty()
    asker.save_answers.extend([None, False])
    assert not tab.leave() and tab.is_dirty()
    assert tab.leave() and not tab.is_dirty()
    assert tab.content.toPlainText() == minutes_template(MeetingKind.GENERAL)


def test_a_planned_meeting_is_read_only_but_its_signin_sheet_and_blank_form_print(
        qtbot: QtBot, tab: MinutesTab, asker: RecordingAsker, ids: dict[str, int], workspace: Workspace) -> None:
    choose_row(tab, ids["planned"])
    assert tab.content.isReadOnly() and tab.resolution.isReadOnly()
    hint = tab.findChild(QLabel, "minutesHint")
    assert hint.isVisible() and not tab.findChild(QPushButton, "saveMinutes").isEnabled()
    with qtbot.waitSignal(tab.previewReady, timeout=10000):  # the blank form
        pass
    click(tab, "printSignin")
    qtbot.waitUntil(lambda: len(asker.pdf_previews) == 1, timeout=10000)
    assert asker.errors == []
    # The blank form, to take the minutes by hand: printed, but not the record printed.
    asker.print_from_preview = True
    click(tab, "printMinutes")
    qtbot.waitUntil(lambda: len(asker.pdf_previews) == 2, timeout=10000)
    assert "七一表彰" in "".join(page_texts(asker.pdf_previews[1][0]))
    with workspace.database.transaction() as session:
        assert session.get(Meeting, ids["planned"]).printed_on is None


def test_saving_a_meeting_cancelled_meanwhile_keeps_the_text(tab: MinutesTab, workspace: Workspace,
                                                             asker: RecordingAsker, ids: dict[str, int]) -> None:
    tab.content.setPlainText("来不及保存")
    with workspace.database.transaction() as session:  # elsewhere: unmarked as held, then cancelled
        draft = meetings.get(session, ids["empty"]).draft
        meeting_edit.save(session, ids["empty"], MeetingForm(draft=draft), now=NOW)
        meeting_edit.cancel(session, ids["empty"], "改期")
    click(tab, "saveMinutes")
    assert len(asker.errors) == 1 and tab.content.toPlainText() == "来不及保存" and tab.is_dirty()


# -- the preview and printing -------------------------------------------------------------------
def test_preview_follows_the_typing(qtbot: QtBot, tab: MinutesTab) -> None:
    qtbot.waitUntil(lambda: tab.preview.path is not None, timeout=10000)  # shown on opening
    assert tab.preview.pages == 1 and tab.preview.page_label.text() == "第 1 页 共 1 页"
    with qtbot.waitSignal(tab.previewReady, timeout=10000) as longer:
        tab.content.setPlainText("\n".join(f"第{n}条 会议讨论的内容" for n in range(200)))
    assert longer.args[0] > 1 and tab.preview.pages == longer.args[0]
    qtbot.keyClick(tab.preview, Qt.Key.Key_PageDown)
    assert tab.preview.page == 1 and tab.preview.page_label.text().startswith("第 2 页")
    qtbot.keyClick(tab.preview, Qt.Key.Key_PageUp)
    assert tab.preview.page == 0 and tab.preview.missing.isHidden()
    # An edit while the page is still being made: only the newest text is shown.
    shown: list[int] = []
    tab.previewReady.connect(shown.append)
    tab.content.setPlainText("\n".join(f"第{n}条" for n in range(300)))
    tab.preview.timer.stop()
    tab.preview._start()  # the long one is being made...
    assert tab.preview.busy()
    tab.content.setPlainText("简短的记录")  # ...when the user cuts it short
    qtbot.waitUntil(lambda: not tab.preview.busy(), timeout=10000)
    assert shown == [1] and tab.preview.pages == 1


def test_a_missing_glyph_is_reported_under_the_preview(qtbot: QtBot, tab: MinutesTab) -> None:
    with qtbot.waitSignal(tab.previewReady, timeout=10000):
        tab.content.setPlainText("生僻字𠀀的记录")
    assert tab.preview.missing.isVisible() and "𠀀" in tab.preview.missing.text()
    with qtbot.waitSignal(tab.previewReady, timeout=10000):
        tab.content.setPlainText("生僻字的记录")
    assert tab.preview.missing.isHidden()


def test_printing_marks_the_record_printed_and_an_edit_shows_changed(
        qtbot: QtBot, tab: MinutesTab, workspace: Workspace, asker: RecordingAsker, ids: dict[str, int]) -> None:
    asker.print_from_preview = True
    choose_row(tab, ids["written"])
    click(tab, "printMinutes")
    printed = MinutesState.PRINTED.label
    qtbot.waitUntil(lambda: states(tab)["发展党员讨论"].startswith(printed), timeout=10000)
    assert states(tab)["发展党员讨论"] == f"{printed} 2026-06-15" and len(asker.pdf_previews) == 1
    assert tab.current_id() == ids["written"]
    tab.content.setPlainText("一、学习文件\n二、讨论\n三、补充")
    qtbot.keyClick(tab.content, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # saves
    assert states(tab)["发展党员讨论"].startswith(MinutesState.CHANGED.label) and not tab.is_dirty()
    assert colour(tab, ids["written"]) not in (None, colour(tab, ids["empty"]))
    # Printing with unsaved text asks first; saving then prints the saved record.
    tab.content.appendPlainText("四、再补充")
    asker.save_answers.append(True)
    click(tab, "printMinutes")
    qtbot.waitUntil(lambda: len(asker.pdf_previews) == 2, timeout=10000)
    assert "四、再补充" in stored(workspace, ids["written"]).content


def test_open_meeting_shows_the_meetings_form_and_its_changes(tab: MinutesTab, ids: dict[str, int]) -> None:
    click(tab, "openMeeting")
    assert isinstance(tab.dialog, MeetingDialog) and tab.dialog.isVisible()
    assert tab.dialog.meeting_id == ids["empty"]
    tab.dialog.reject()
    assert not tab.dialog.isVisible()
    click(tab, "openMeeting")  # the minutes written in the meeting's form show here once saved
    assert isinstance(tab.dialog, MeetingDialog)
    tab.dialog.minutes.content.setPlainText("在会议窗口里写的记录")
    tab.dialog.save()
    assert not tab.dialog.isVisible() and tab.content.toPlainText() == "在会议窗口里写的记录"
    assert states(tab)["学习新党章"] == MinutesState.WRITTEN.label and not tab.is_dirty()


def test_export_saves_the_pdf_and_counts_as_printed(qtbot: QtBot, tab: MinutesTab, asker: RecordingAsker,
                                                    ids: dict[str, int], tmp_path: Path) -> None:
    choose_row(tab, ids["written"])
    asker.files.append(tmp_path / "记录.pdf")
    click(tab, "exportMinutes")
    qtbot.waitUntil(lambda: len(asker.infos) == 1, timeout=10000)
    assert (tmp_path / "记录.pdf").stat().st_size > 0
    assert states(tab)["发展党员讨论"].startswith(MinutesState.PRINTED.label)


def test_the_book_of_the_year_opens_for_the_chosen_year_and_branch(tab: MinutesTab) -> None:
    tab.branch.setCurrentIndex(tab.branch.findText("退休党支部"))
    click(tab, "openYearbook")
    assert type(tab.dialog).__name__ == "YearbookDialog" and tab.dialog.isVisible()
    tab.dialog.reject()
