"""设置 → 会议要求: how often each kind is required and the 主题党日's day, saved and followed."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QPushButton, QSpinBox, QTableWidget
from pytestqt.qtbot import QtBot

from djdesk.domain.compliance import (
    DEFAULT_PER_YEAR,
    PER_YEAR_CHOICES,
    REQUIRED_KINDS,
    per_year_label,
)
from djdesk.domain.meetings import MeetingKind
from djdesk.services import settings as settings_service
from djdesk.ui import events as kinds
from djdesk.ui.calendar.compliance_dialog import FIRST_MONTH_COLUMN, ComplianceDialog
from djdesk.ui.calendar.plan_dialog import PlanDialog
from djdesk.ui.events import AppEvents
from djdesk.ui.prefs import Prefs
from djdesk.ui.settings_dialog import SettingsDialog
from djdesk.workspace import Workspace
from tests.ui.conftest import RecordingAsker


@pytest.fixture
def events() -> AppEvents:
    return AppEvents()


def open_settings(qtbot: QtBot, workspace: Workspace, asker: RecordingAsker, events: AppEvents) -> SettingsDialog:
    dialog = SettingsDialog(workspace.database, events, asker, Prefs(workspace.directory))
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.tabs.setCurrentWidget(dialog.meeting_page)
    return dialog


def combo(dialog: SettingsDialog, kind: MeetingKind) -> QComboBox:
    found = dialog.findChild(QComboBox, f"field_per_year_{kind.value}")
    assert found is not None, kind
    return found


def choose(dialog: SettingsDialog, kind: MeetingKind, per_year: int) -> None:
    box = combo(dialog, kind)
    box.setCurrentIndex(box.findData(per_year))


def stored(workspace: Workspace) -> settings_service.SchoolSettings:
    with workspace.database.transaction() as session:
        return settings_service.load(session)


def test_the_page_shows_the_national_defaults(qtbot: QtBot, workspace: Workspace, school: dict[str, int],
                                              asker: RecordingAsker, events: AppEvents) -> None:
    dialog = open_settings(qtbot, workspace, asker, events)
    assert dialog.tabs.count() == 3
    for kind in REQUIRED_KINDS:
        box = combo(dialog, kind)
        assert [box.itemData(i) for i in range(box.count())] == list(PER_YEAR_CHOICES)
        assert box.currentText() == per_year_label(DEFAULT_PER_YEAR[kind])
    assert dialog.findChild(QSpinBox, "field_theme_day").value() == 15


def test_a_changed_frequency_is_saved_and_the_compliance_rows_follow(
        qtbot: QtBot, workspace: Workspace, school: dict[str, int], asker: RecordingAsker, events: AppEvents) -> None:
    grid_dialog = ComplianceDialog(workspace.database, events, asker, 2026, None)
    qtbot.addWidget(grid_dialog)
    grid = grid_dialog.findChild(QTableWidget, "complianceGrid")
    labels = [grid.item(r, 0).text() for r in range(grid.rowCount())]
    assert MeetingKind.LIFE_MEETING.label in labels

    changed: list[str] = []
    events.changed.connect(changed.append)
    dialog = open_settings(qtbot, workspace, asker, events)
    choose(dialog, MeetingKind.GENERAL, 12)
    choose(dialog, MeetingKind.LIFE_MEETING, 0)
    dialog.findChild(QSpinBox, "field_theme_day").setValue(20)
    dialog.findChild(QPushButton, "settingsOk").click()
    assert not dialog.isVisible() and changed == [kinds.SETTINGS]
    saved = stored(workspace)
    assert (saved.per_year_general, saved.per_year_life_meeting, saved.theme_day) == (12, 0, 20)
    assert saved.per_year_committee == 12 and saved.school_name == "测试中学"  # the rest untouched

    labels = [grid.item(r, 0).text() for r in range(grid.rowCount())]
    assert MeetingKind.LIFE_MEETING.label not in labels
    general = labels.index(MeetingKind.GENERAL.label)
    assert grid.item(general, 1).text() == per_year_label(12)
    assert grid.columnSpan(general, FIRST_MONTH_COLUMN) == 1  # monthly now, not a quarter
    assert grid.item(general, FIRST_MONTH_COLUMN + 11) is not None

    # The plan proposes with the school's day.
    plan = PlanDialog(workspace.database, events, asker, 2026)
    qtbot.addWidget(plan)
    assert plan.findChild(QSpinBox, "planThemeDay").value() == 20
    plan.reject()


def test_restore_the_national_defaults(qtbot: QtBot, workspace: Workspace, school: dict[str, int],
                                       asker: RecordingAsker, events: AppEvents) -> None:
    dialog = open_settings(qtbot, workspace, asker, events)
    choose(dialog, MeetingKind.LECTURE, 1)
    choose(dialog, MeetingKind.REVIEW, 2)
    dialog.findChild(QPushButton, "settingsOk").click()
    assert (stored(workspace).per_year_lecture, stored(workspace).per_year_review) == (1, 2)

    dialog = open_settings(qtbot, workspace, asker, events)
    assert combo(dialog, MeetingKind.LECTURE).currentData() == 1  # shown as stored
    dialog.findChild(QSpinBox, "field_theme_day").setValue(9)
    dialog.findChild(QPushButton, "restoreMeetingDefaults").click()
    assert {kind: combo(dialog, kind).currentData() for kind in REQUIRED_KINDS} == DEFAULT_PER_YEAR
    assert dialog.findChild(QSpinBox, "field_theme_day").value() == 9  # the school's own choice stays
    dialog.findChild(QPushButton, "settingsOk").click()
    assert stored(workspace).per_year() == DEFAULT_PER_YEAR and stored(workspace).theme_day == 9


def test_cancel_keeps_what_is_stored(qtbot: QtBot, workspace: Workspace, school: dict[str, int],
                                     asker: RecordingAsker, events: AppEvents) -> None:
    dialog = open_settings(qtbot, workspace, asker, events)
    choose(dialog, MeetingKind.COMMITTEE, 4)
    dialog.reject()
    assert stored(workspace).per_year_committee == 12


def test_the_cap_on_excellent_for_new_democratic_reviews(qtbot: QtBot, workspace: Workspace, school: dict[str, int],
                                                        asker: RecordingAsker, events: AppEvents) -> None:
    from djdesk.services import democratic

    dialog = open_settings(qtbot, workspace, asker, events)
    assert dialog.review_share.value() == "1/3"
    dialog.review_share.set_value("三分之一")
    dialog.save()
    assert dialog.isVisible() and dialog.review_share.value() == "三分之一"  # kept as typed
    assert "1/3" in dialog.meeting_form.errors["review_share"].text()
    assert stored(workspace).review_share == "1/3"
    dialog.review_share.set_value("30%")
    dialog.save()
    assert not dialog.isVisible() and stored(workspace).review_share == "30%"
    with workspace.database.transaction() as session:
        review_id = democratic.open_review(session, school_branch(workspace, school), 2025, workspace.database.clock.today())
        assert democratic.review_view(session, review_id).share == "30%"


def school_branch(workspace: Workspace, school: dict[str, int]) -> int:
    from djdesk.services import members

    with workspace.database.transaction() as session:
        return members.get(session, school["单军"]).draft.branch_id
