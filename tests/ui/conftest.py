"""UI fixtures: a recording Asker (no dialog is ever left open) and a small school's window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from djdesk.domain.clock import FixedClock
from djdesk.domain.dates import PartialDate
from djdesk.domain.people import LeftReason, PoliticalStatus, Stage
from djdesk.services import members
from djdesk.services import settings as settings_service
from djdesk.ui.main_window import MainWindow
from djdesk.ui.prefs import Prefs
from djdesk.workspace import Workspace, open_workspace
from tests.factories import branch, draft, member_draft

TODAY = dt.date(2026, 6, 15)


@dataclass
class RecordingAsker:
    answers: list[bool] = field(default_factory=list)
    save_answers: list[bool | None] = field(default_factory=list)  # save, discard, None: cancel
    texts: list[str | None] = field(default_factory=list)
    choices: list[int | None] = field(default_factory=list)  # the index chosen, None: cancel
    errors: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    crashes: list[tuple[str, Path]] = field(default_factory=list)
    previews: list[tuple[str, str]] = field(default_factory=list)
    pdf_previews: list[tuple[Path, str, bool]] = field(default_factory=list)
    files: list[Path | None] = field(default_factory=list)
    suggested: list[Path] = field(default_factory=list)
    offered: list[str] = field(default_factory=list)  # what ask_text put in the box
    print_from_preview: bool = False  # the user prints from the PDF preview
    folders: list[Path | None] = field(default_factory=list)
    passwords: list[str | None] = field(default_factory=list)

    def error(self, parent: object, message: str) -> None:
        self.errors.append(message)

    def info(self, parent: object, message: str) -> None:
        self.infos.append(message)

    def confirm(self, parent: object, question: str, *, action: str = "") -> bool:
        self.questions.append(question)
        return self.answers.pop(0)

    def save_changes(self, parent: object, question: str) -> bool | None:
        self.questions.append(question)
        return self.save_answers.pop(0)

    def crash(self, parent: object, details: str, log_path: Path) -> None:
        self.crashes.append((details, log_path))

    def preview(self, parent: object, html: str, title: str, *, landscape: bool = False) -> None:
        self.previews.append((html, title))

    def preview_pdf(self, parent: object, path: Path, title: str, *, landscape: bool = False,
                    printed: Callable[[], object] | None = None) -> None:
        self.pdf_previews.append((path, title, landscape))
        if self.print_from_preview and printed is not None:
            printed()  # as the preview does once the pages went to the printer

    def ask_text(self, parent: object, title: str, label: str, text: str = "") -> str | None:
        self.questions.append(label)
        self.offered.append(text)
        return self.texts.pop(0)

    def choose(self, parent: object, title: str, label: str, options: list[str]) -> int | None:
        self.questions.append(label)
        self.offered.extend(options)
        return self.choices.pop(0)

    def open_file(self, parent: object, title: str, filters: str) -> Path | None:
        self.questions.append(title)
        return self.files.pop(0)

    def save_file(self, parent: object, title: str, suggested: Path, filters: str) -> Path | None:
        self.questions.append(title)
        self.suggested.append(suggested)
        return self.files.pop(0)

    def choose_folder(self, parent: object, title: str) -> Path | None:
        self.questions.append(title)
        return self.folders.pop(0)

    def password(self, parent: object, title: str, label: str) -> str | None:
        self.questions.append(label)
        return self.passwords.pop(0)


@pytest.fixture
def asker() -> RecordingAsker:
    return RecordingAsker()


def small_school(workspace: Workspace) -> dict[str, int]:
    """Two branches and six people with names chosen for searching and sorting."""
    ids: dict[str, int] = {}
    with workspace.database.transaction() as session:
        settings_service.save(session, settings_service.SchoolSettings(school_name="测试中学"))
        first = branch(session, "第一党支部", ("第一党小组", "第二党小组"))
        retired = branch(session, "退休党支部", ("退休党小组",))
        people = [
            member_draft(first.id, name="单军", group_id=first.groups[0].id, phone="13931012345"),
            member_draft(first.id, name="曾国华", group_id=first.groups[1].id),
            member_draft(retired.id, name="王五", group_id=retired.groups[0].id),
            draft(name="张三"),
            draft(name="李四", stage=Stage.ACTIVIST, branch_id=first.id, applied_on=PartialDate(2024, 3),
                  activist_on=PartialDate(2025, 3), male=False),
            draft(name="陈珺", political_status=PoliticalStatus.CAPD, male=False),
        ]
        for person in people:
            ids[person.name] = members.add(session, person, today=TODAY).id
        gone = members.add(session, member_draft(first.id, name="调走"), today=TODAY)
        members.mark_left(session, gone.id, on=PartialDate(2026, 3, 1), reason=LeftReason.TRANSFERRED_OUT,
                          note="中共某校支部委员会", today=TODAY)
        ids["调走"] = gone.id
    return ids


@pytest.fixture
def workspace(data_dir: Path) -> Iterator[Workspace]:
    opened = open_workspace(data_dir, clock=FixedClock.on(TODAY, hour=10))
    yield opened
    opened.close()


@pytest.fixture
def school(workspace: Workspace) -> dict[str, int]:
    return small_school(workspace)


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace, school: dict[str, int], asker: RecordingAsker) -> MainWindow:
    main = MainWindow(workspace.directory, asker, Prefs(workspace.directory))
    main.attach(workspace)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    qtbot.waitUntil(lambda: main.minutes is not None)  # built once the first tab is painted
    return main
