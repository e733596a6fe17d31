"""The person dialog's 学习 page and 师德考核's teacher page show a person's study totals."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from djdesk.domain.ethics import LearningKind
from djdesk.services import learning, members
from djdesk.services.ethics_history import teacher_page
from djdesk.ui.ethics.teacher_dialog import page_html
from djdesk.ui.members.person_dialog import PersonDialog
from djdesk.workspace import Workspace
from tests.ui.conftest import TODAY, RecordingAsker


def _record(workspace: Workspace, person_id: int, kind: LearningKind, hours: str, topic: str) -> None:
    with workspace.database.transaction() as session:
        learning.add(session, learning.LearningDraft((person_id,), dt.date(2026, 3, 10), topic, kind, hours),
                     today=TODAY)


def test_a_member_sees_the_years_totals_against_the_target_and_the_records(
        qtbot: QtBot, workspace: Workspace, school: dict[str, int], asker: RecordingAsker) -> None:
    _record(workspace, school["单军"], LearningKind.GROUP, "30", "学史明理集中学习")
    _record(workspace, school["单军"], LearningKind.SELF, "10", "自学《中国共产党简史》")
    with workspace.database.transaction() as session:
        record = members.get(session, school["单军"])
    dialog = PersonDialog(workspace.database, asker, [], record, [])
    qtbot.addWidget(dialog)
    page = dialog.findChild(QTextBrowser, "studyPage").toPlainText()
    # 30 concentrated hours of a 32-hour target: 2 short; self-study in the total, not the target.
    assert "2026\n30\n32\n2\n40\n2" in page
    assert "学史明理集中学习" in page and "自学《中国共产党简史》" in page and "集中学习" in page
    with workspace.database.transaction() as session:
        html = page_html(teacher_page(session, school["单军"], TODAY))
    assert "党建+学习" in html and "<td>30</td><td>32</td><td>2</td><td>40</td>" in html


def test_someone_outside_the_party_without_records_has_no_study_page(
        qtbot: QtBot, workspace: Workspace, school: dict[str, int], asker: RecordingAsker) -> None:
    with workspace.database.transaction() as session:
        outsider = members.get(session, school["张三"])
    dialog = PersonDialog(workspace.database, asker, [], outsider, [])
    qtbot.addWidget(dialog)
    assert dialog.findChild(QTextBrowser, "studyPage") is None
    _record(workspace, school["张三"], LearningKind.TRAINING, "4", "师德培训")
    with workspace.database.transaction() as session:
        outsider = members.get(session, school["张三"])
    again = PersonDialog(workspace.database, asker, [], outsider, [])
    qtbot.addWidget(again)
    page = again.findChild(QTextBrowser, "studyPage").toPlainText()
    assert "师德培训" in page and "2026\n4\n\n\n4\n1" in page  # no target outside the party
