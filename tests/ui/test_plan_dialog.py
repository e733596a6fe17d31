"""生成年度计划 on the small school: what is proposed, the 主题党日's day, and creating the plans."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSpinBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from djdesk.domain.meetings import MeetingKind, MeetingStatus
from djdesk.i18n import _
from djdesk.services import members
from djdesk.services import settings as settings_service
from djdesk.services.branches import list_branches
from djdesk.store.models import Meeting
from djdesk.ui import events as kinds
from djdesk.ui.calendar.plan_dialog import COLUMNS, PlanDialog
from djdesk.ui.events import AppEvents
from djdesk.workspace import Workspace
from tests.factories import member_draft
from tests.ui.conftest import TODAY, RecordingAsker


@pytest.fixture
def events() -> AppEvents:
    return AppEvents()


def open_plan(qtbot: QtBot, workspace: Workspace, asker: RecordingAsker, events: AppEvents,
              year: int = 2026) -> PlanDialog:
    dialog = PlanDialog(workspace.database, events, asker, year)
    qtbot.addWidget(dialog)
    dialog.open()
    wait(qtbot, dialog)
    return dialog


def wait(qtbot: QtBot, dialog: PlanDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy_work, timeout=15000)


def planned(workspace: Workspace) -> list[Meeting]:
    with workspace.database.transaction() as session:
        return list(session.scalars(select(Meeting).where(Meeting.status == MeetingStatus.PLANNED)
                                    .order_by(Meeting.starts_at, Meeting.id)))


def note(dialog: PlanDialog, row: int) -> str:
    return dialog.table.item(row, COLUMNS.index("note")).text()


def test_the_year_s_remaining_meetings_are_created_and_a_second_run_proposes_none(
        qtbot: QtBot, workspace: Workspace, school: dict[str, int], asker: RecordingAsker, events: AppEvents) -> None:
    dialog = PlanDialog(workspace.database, events, asker, 2026)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.busy_work and not dialog.busy.isHidden()  # the holiday calendar loads off the window's thread
    wait(qtbot, dialog)
    assert dialog.busy.isHidden()
    proposals = dialog.proposals
    # Nothing for a period that is over; the running quarter and month are still planned.
    assert proposals and all(p.starts_at.date() > TODAY for p in proposals)
    first, retired = (b.id for b in sorted(_branches(workspace), key=lambda b: b.name != "第一党支部"))
    general = [p for p in proposals if p.kind is MeetingKind.GENERAL and p.branch_id == first]
    assert [p.starts_at.month for p in general] == [6, 9, 12]
    groups = {p.group for p in proposals if p.kind is MeetingKind.GROUP and p.branch_id == first}
    assert groups == {"第一党小组", "第二党小组"}
    assert {p.branch_id for p in proposals} == {first, retired}
    assert dialog.table.rowCount() == len(proposals)
    count = dialog.findChild(QLabel, "planCount")
    assert count.text() == _("{total} proposed, {chosen} chosen").format(total=len(proposals), chosen=len(proposals))
    # The 组织生活会 is proposed together with the 民主评议.
    life = next(p for p in proposals if p.kind is MeetingKind.LIFE_MEETING and p.branch_id == first)
    assert life.also == (MeetingKind.REVIEW,)
    row = proposals.index(life)
    assert MeetingKind.REVIEW.label in dialog.table.item(row, COLUMNS.index("kind")).text()
    assert dialog.table.item(row, 0).text().startswith(f"{life.starts_at:%Y-%m-%d} ")

    changed: list[str] = []
    events.changed.connect(changed.append)
    asker.answers = [True]
    dialog.findChild(QPushButton, "planCreate").click()
    assert asker.questions == [_("Create {count} planned meetings?").format(count=len(proposals))]
    assert asker.infos == [_("{count} planned meetings created.").format(count=len(proposals))]
    assert changed == [kinds.MEETINGS]
    stored = planned(workspace)
    assert len(stored) == len(proposals)
    assert {(m.kind, m.branch_id, m.starts_at) for m in stored} == {(p.kind, p.branch_id, p.starts_at) for p in proposals}

    wait(qtbot, dialog)  # the signal made it propose again
    assert dialog.proposals == [] and dialog.table.isHidden()
    empty = dialog.findChild(QLabel, "planEmpty")
    assert empty.isVisible()
    assert empty.text() == _("All meetings the branches must hold in {year} are planned or held.").format(year=2026)
    assert not dialog.findChild(QPushButton, "planCreate").isEnabled()


def _branches(workspace: Workspace):  # type: ignore[no-untyped-def]
    with workspace.database.transaction() as session:
        return list_branches(session)


def test_unticked_rows_are_not_created_and_stay_unticked(
        qtbot: QtBot, workspace: Workspace, school: dict[str, int], asker: RecordingAsker, events: AppEvents) -> None:
    dialog = open_plan(qtbot, workspace, asker, events)
    total = len(dialog.proposals)
    left_out = dialog.proposals[0]
    dialog.table.item(0, 0).setCheckState(Qt.CheckState.Unchecked)  # as a click does
    count = dialog.findChild(QLabel, "planCount")
    assert count.text() == _("{total} proposed, {chosen} chosen").format(total=total, chosen=total - 1)
    asker.answers = [True]
    dialog.findChild(QPushButton, "planCreate").click()
    assert len(planned(workspace)) == total - 1
    wait(qtbot, dialog)
    assert dialog.proposals == [left_out] and not dialog.is_ticked(0)
    assert not dialog.findChild(QPushButton, "planCreate").isEnabled()


def test_select_none_all_and_a_refused_confirmation(
        qtbot: QtBot, workspace: Workspace, school: dict[str, int], asker: RecordingAsker, events: AppEvents) -> None:
    dialog = open_plan(qtbot, workspace, asker, events)
    total = len(dialog.proposals)
    create = dialog.findChild(QPushButton, "planCreate")
    dialog.findChild(QPushButton, "planSelectNone").click()
    assert dialog.chosen() == [] and not create.isEnabled()
    dialog.findChild(QPushButton, "planSelectAll").click()
    assert len(dialog.chosen()) == total and create.isEnabled()
    asker.answers = [False]
    create.click()
    assert planned(workspace) == [] and asker.infos == []


def test_the_theme_day_is_used_and_a_moved_day_is_explained(
        qtbot: QtBot, workspace: Workspace, school: dict[str, int], asker: RecordingAsker, events: AppEvents) -> None:
    with workspace.database.transaction() as session:
        stored = settings_service.load(session)
        settings_service.save(session, dataclasses.replace(stored, theme_day=20))
    dialog = open_plan(qtbot, workspace, asker, events)
    day = dialog.findChild(QSpinBox, "planThemeDay")
    assert day.value() == 20  # the school's setting
    day.setValue(1)
    wait(qtbot, dialog)
    themes = {p.starts_at.month: p for p in dialog.proposals
              if p.kind is MeetingKind.THEME_DAY and p.branch.startswith("第一")}
    assert themes[7].starts_at.date() == dt.date(2026, 7, 1) and themes[7].moved_from is None
    # 1 August 2026 is a Saturday: the next working day, and the reason beside it.
    august = themes[8]
    assert august.starts_at.date() == dt.date(2026, 8, 3) and august.moved_from == dt.date(2026, 8, 1)
    row = dialog.proposals.index(august)
    assert note(dialog, row) == _("usually {date}; moved off a holiday or weekend").format(
        date=_("{month}/{day}").format(month=8, day=1))
    assert themes[10].moved_from == dt.date(2026, 10, 1) and themes[10].starts_at.day > 3  # 国庆节
    # A usual day already gone this month is no holiday's doing: nothing is said about it.
    june = next(p for p in dialog.proposals if p.kind is MeetingKind.COMMITTEE and p.starts_at.month == 6)
    assert june.moved_from is None and june.starts_at.date() > dt.date(2026, 6, 15)
    assert note(dialog, dialog.proposals.index(june)) == ""

    asker.answers = [True]
    dialog.findChild(QPushButton, "planCreate").click()
    themes_stored = [m.starts_at.date() for m in planned(workspace)
                     if m.kind is MeetingKind.THEME_DAY and m.starts_at.month == 8]
    assert themes_stored == [dt.date(2026, 8, 3), dt.date(2026, 8, 3)]  # both branches


def test_the_secretary_s_lecture_is_marked(
        qtbot: QtBot, workspace: Workspace, school: dict[str, int], asker: RecordingAsker, events: AppEvents) -> None:
    first = next(b for b in _branches(workspace) if b.name == "第一党支部")
    with workspace.database.transaction() as session:
        secretary = members.add(session, member_draft(first.id, name="周红", party_post="书记"), today=TODAY).id
    dialog = open_plan(qtbot, workspace, asker, events)
    lecture = next(p for p in dialog.proposals if p.lecturer_id is not None)
    assert lecture.lecturer_id == secretary and lecture.branch_id == first.id
    assert _("given by the branch secretary") in note(dialog, dialog.proposals.index(lecture))


def test_a_later_year_and_closing(
        qtbot: QtBot, workspace: Workspace, school: dict[str, int], asker: RecordingAsker, events: AppEvents) -> None:
    dialog = open_plan(qtbot, workspace, asker, events)
    this_year = len(dialog.proposals)
    year = dialog.findChild(QSpinBox, "planYear")
    assert year.maximum() == 2027
    year.setValue(2027)
    wait(qtbot, dialog)
    assert len(dialog.proposals) > this_year and all(p.year == 2027 for p in dialog.proposals)
    dialog.findChild(QPushButton, "planClose").click()
    assert not dialog.isVisible()
