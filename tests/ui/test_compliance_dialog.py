"""The compliance grid of a branch: missed, held and running periods, spans, talks, reloading."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QSpinBox, QTableWidget
from pytestqt.qtbot import QtBot

from djdesk.domain.compliance import per_year_label
from djdesk.domain.meetings import MeetingDraft, MeetingKind
from djdesk.i18n import _
from djdesk.services import meeting_edit, talks
from djdesk.services.branches import list_branches
from djdesk.services.meeting_edit import MeetingForm
from djdesk.ui import events as kinds
from djdesk.ui.calendar.compliance_dialog import FIRST_MONTH_COLUMN, ComplianceDialog
from djdesk.ui.events import AppEvents
from djdesk.workspace import Workspace
from tests.ui.conftest import TODAY, RecordingAsker

NOW = dt.datetime.combine(TODAY, dt.time(10))


@pytest.fixture
def events() -> AppEvents:
    return AppEvents()


@pytest.fixture
def first(workspace: Workspace, school: dict[str, int]) -> int:
    with workspace.database.transaction() as session:
        return next(b.id for b in list_branches(session) if b.name == "第一党支部")


@pytest.fixture
def dialog(qtbot: QtBot, workspace: Workspace, school: dict[str, int], first: int, asker: RecordingAsker,
           events: AppEvents) -> ComplianceDialog:
    shown = ComplianceDialog(workspace.database, events, asker, 2026, None)
    qtbot.addWidget(shown)
    shown.open()
    return shown


def add_meeting(workspace: Workspace, school: dict[str, int], branch_id: int, kind: MeetingKind,
                starts: dt.datetime, *, held: bool = True) -> int:
    people = (school["单军"], school["曾国华"])
    draft = MeetingDraft(kind=kind, year=starts.year, branch_id=branch_id, starts_at=starts,
                         ends_at=starts + dt.timedelta(hours=1), title="议题", host_id=people[0],
                         recorder_id=people[1], expected=people)
    with workspace.database.transaction() as session:
        return meeting_edit.save(session, None, MeetingForm(draft=draft, held=held), now=NOW)


def row_of(dialog: ComplianceDialog, label: str) -> int:
    grid = dialog.findChild(QTableWidget, "complianceGrid")
    return next(r for r in range(grid.rowCount()) if grid.item(r, 0).text() == label)


def cell(dialog: ComplianceDialog, label: str, month: int) -> tuple[str, str, int]:
    """The state, text and span of the cell starting in that month."""
    grid = dialog.findChild(QTableWidget, "complianceGrid")
    row, column = row_of(dialog, label), FIRST_MONTH_COLUMN + month - 1
    item = grid.item(row, column)
    return item.data(Qt.ItemDataRole.UserRole), item.text(), grid.columnSpan(row, column)


def summary(dialog: ComplianceDialog) -> str:
    return dialog.findChild(QLabel, "complianceSummary").text()


def test_a_missed_quarter_is_red_until_a_meeting_is_held(
        dialog: ComplianceDialog, workspace: Workspace, school: dict[str, int], first: int,
        events: AppEvents) -> None:
    assert dialog.findChild(QComboBox, "complianceBranch").currentData() == first
    general = MeetingKind.GENERAL.label
    grid = dialog.findChild(QTableWidget, "complianceGrid")
    assert grid.item(row_of(dialog, general), 1).text() == per_year_label(4)
    assert cell(dialog, general, 1) == ("behind", _("Not held"), 3)  # Q1 is over: red, across three months
    assert cell(dialog, general, 4) == ("due", _("To hold"), 3)  # Q2 runs until 30 June
    assert cell(dialog, general, 7) == ("future", "", 3)
    assert grid.item(row_of(dialog, general), FIRST_MONTH_COLUMN).background().color().name() == "#fbe0e0"
    # Committee, two party groups and 主题党日 monthly (January to May missed), 党课 Q1.
    assert _("{count} behind").format(count=5 + 5 + 5 + 5 + 1 + 1) in summary(dialog)

    # A cancelled meeting does not count.
    cancelled = add_meeting(workspace, school, first, MeetingKind.GENERAL, dt.datetime(2026, 3, 10, 15), held=False)
    with workspace.database.transaction() as session:
        meeting_edit.cancel(session, cancelled, "停电")
    events.changed.emit(kinds.MEETINGS)
    assert cell(dialog, general, 1)[0] == "behind"

    add_meeting(workspace, school, first, MeetingKind.GENERAL, dt.datetime(2026, 3, 24, 15, 30))
    add_meeting(workspace, school, first, MeetingKind.GENERAL, dt.datetime(2026, 3, 27, 15, 30))
    add_meeting(workspace, school, first, MeetingKind.GENERAL, dt.datetime(2026, 6, 30, 15, 30), held=False)
    events.changed.emit(kinds.MEETINGS)
    assert cell(dialog, general, 1) == ("done", "✓ 2", 3)
    assert grid.item(row_of(dialog, general), 2).text() == "2"
    state, text, _span = cell(dialog, general, 4)
    assert state == "due" and text == _("To hold") + "\n" + _("planned {count}").format(count=1)
    assert _("{count} behind").format(count=21) in summary(dialog)


def test_monthly_cells_have_no_span_and_yearly_ones_span_the_year(dialog: ComplianceDialog) -> None:
    assert cell(dialog, MeetingKind.COMMITTEE.label, 5) == ("behind", _("Not held"), 1)
    assert cell(dialog, MeetingKind.COMMITTEE.label, 6)[0] == "due"
    assert cell(dialog, _("{group}: party group meeting").format(group="第二党小组"), 1)[2] == 1
    assert cell(dialog, MeetingKind.LIFE_MEETING.label, 1) == ("due", _("To hold"), 12)
    assert cell(dialog, _("The secretary's own party lecture"), 1)[2] == 12
    legend = [label.text() for label in dialog.findChildren(QLabel)]
    assert _("Not held, period over") in legend


def test_a_past_year_all_red_and_another_branch(dialog: ComplianceDialog, first: int) -> None:
    dialog.findChild(QSpinBox, "complianceYear").setValue(2025)
    assert cell(dialog, MeetingKind.LIFE_MEETING.label, 1)[0] == "behind"  # its grace ran out in March
    assert "#b00020" in summary(dialog)
    branch = dialog.findChild(QComboBox, "complianceBranch")
    branch.setCurrentIndex(branch.findText("退休党支部"))
    assert dialog.result is not None and dialog.result.branch == "退休党支部"
    grid = dialog.findChild(QTableWidget, "complianceGrid")
    labels = [grid.item(r, 0).text() for r in range(grid.rowCount())]
    assert _("{group}: party group meeting").format(group="退休党小组") in labels
    assert _("{group}: party group meeting").format(group="第一党小组") not in labels


def test_the_talks_of_the_year(dialog: ComplianceDialog, workspace: Workspace, school: dict[str, int],
                               events: AppEvents) -> None:
    talked = dialog.findChild(QLabel, "complianceTalks")
    missing = dialog.findChild(QLabel, "complianceTalksMissing")
    assert talked.text() == _("Talked with {talked} of {members} members").format(talked=0, members=2)
    assert "单军" in missing.text() and "曾国华" in missing.text() and "调走" not in missing.text()
    with workspace.database.transaction() as session:
        talks.add(session, talks.TalkDraft(school["单军"], school["曾国华"], dt.date(2026, 5, 6)), today=TODAY)
        talks.add(session, talks.TalkDraft(school["曾国华"], school["单军"], dt.date(2026, 5, 7)), today=TODAY)
    events.changed.emit(kinds.TALKS)
    assert talked.text() == _("Talked with {talked} of {members} members").format(talked=2, members=2)
    assert missing.text() == _("Every member has had a talk this year.")


def test_a_school_without_branches(qtbot: QtBot, workspace: Workspace, asker: RecordingAsker,
                                   events: AppEvents) -> None:
    shown = ComplianceDialog(workspace.database, events, asker, 2026, None)
    qtbot.addWidget(shown)
    assert shown.findChild(QTableWidget, "complianceGrid").rowCount() == 0
    assert "设置" in summary(shown)
