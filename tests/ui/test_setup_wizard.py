"""首次设置: the wizard of the first start — when it comes, what it refuses, what it writes."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget, QWizard
from pytestqt.qtbot import QtBot

from djdesk import app, i18n, paths
from djdesk.domain import idnumber
from djdesk.domain.dates import PartialDate
from djdesk.domain.people import Post
from djdesk.services import branches as branch_service
from djdesk.services import members
from djdesk.services import settings as settings_service
from djdesk.store.lock import DataDirLock
from djdesk.store.opening import is_unset, open_database
from djdesk.ui.main_window import MainWindow
from djdesk.ui.prefs import Prefs
from djdesk.ui.setup_wizard import BRANCHES, DONE, SECRETARIES, WELCOME, SetupWizard
from tests.ui.conftest import RecordingAsker

SECRETARY_ID = idnumber.make("620102", dt.date(1975, 3, 8), 31)  # a man's number
Step = Callable[[SetupWizard], None]


@pytest.fixture(autouse=True)
def chinese_again() -> Iterator[None]:
    """A test that switches to English leaves the rest of the session in Chinese."""
    yield
    i18n.setup("zh_CN")
    app._use_qt_language(QApplication.instance(), "zh_CN")


def start(data_dir: Path, asker: RecordingAsker, steps: Step, *, demo: bool = False,
          ready: Callable[[MainWindow], None] | None = None) -> tuple[int, list[str]]:
    """Run the program; `steps` drives the wizard when it comes (it must end it). Returns the
    exit status and what was seen: "wizard" when it came, then the window's counts line."""
    seen: list[str] = []

    def on_setup(wizard: SetupWizard) -> None:
        seen.append("wizard")
        try:
            steps(wizard)
        except BaseException:
            QWizard.reject(wizard)  # end the program, unasked, so the failure is reported, not hung on
            raise

    def on_ready(window: MainWindow) -> None:
        seen.append(window.findChild(QLabel, "countsLabel").text())
        seen.append(window.findChild(QLabel, "schoolLabel").text())
        try:
            if ready is not None:
                ready(window)
        finally:
            window.close()

    status = app.run(data_dir, demo=demo, asker=asker, on_setup=on_setup, on_ready=on_ready)
    return status, seen


def fill_school(wizard: SetupWizard, name: str = "明德中学") -> None:
    assert wizard.currentId() == WELCOME
    wizard.welcome.school_name.setText(name)
    wizard.next()
    assert wizard.currentId() == BRANCHES


def stored(data_dir: Path) -> tuple[settings_service.SchoolSettings, list, list]:
    database = open_database(paths.database_path(data_dir))
    try:
        with database.transaction() as session:
            return (settings_service.load(session), branch_service.list_branches(session),
                    [members.get(session, r.id).draft for r in members.list_rows(session)])
    finally:
        database.dispose()


def test_the_first_start_asks_then_writes_everything_in_one_go(
        qtbot: QtBot, data_dir: Path, asker: RecordingAsker) -> None:
    def steps(wizard: SetupWizard) -> None:
        wizard.welcome.term_years.setValue(3)
        fill_school(wizard)
        first = wizard.branches_page.rows[0]
        assert first.name.text() == "第一党支部"
        assert first.full_name.text() == "中共明德中学第一党支部"  # follows until typed over
        first.term_start.setText("2024.09")
        assert first.term_end.text() == "2027.09"  # start + the 3 years chosen
        retired = wizard.branches_page.add_row(name="退休党支部")
        retired.full_name.setText("中共明德中学退休教师党支部")
        retired.full_name.textEdited.emit("typed")
        retired.name.setText("退休支部")
        assert retired.full_name.text() == "中共明德中学退休教师党支部"  # typed over: kept
        wizard.next()
        assert wizard.currentId() == SECRETARIES
        assert [row[0].text() for row in wizard.secretaries_page.rows] == ["第一党支部", "退休支部"]
        posts = [wizard.secretaries_page.post(row[4]) for row in wizard.secretaries_page.rows]
        assert posts == [Post.TEACHER, Post.RETIRED]  # a 退休 branch's secretary is retired
        _label, name, number, joined, post = wizard.secretaries_page.rows[0]
        name.setText("王建国")
        number.setText(SECRETARY_ID)
        joined.setText("1998.07.01")
        post.setCurrentIndex(post.findData(Post.ADMIN.value))
        wizard.next()
        assert wizard.currentId() == DONE
        summary = wizard.done_page.summary.text()
        assert "明德中学" in summary and "第一党支部；退休支部" in summary
        wizard.accept()

    status, seen = start(data_dir, asker, steps)
    assert status == 0 and asker.errors == []
    assert seen == ["wizard", "· 在册 1 人，党员 1 人，会议 0 次", "明德中学"]
    settings, branches, people = stored(data_dir)
    assert settings.school_name == "明德中学" and settings.committee_term_years == 3
    assert [(b.name, b.full_name, b.term_start, b.term_end) for b in branches] == [
        ("第一党支部", "中共明德中学第一党支部", PartialDate(2024, 9), PartialDate(2027, 9)),
        ("退休支部", "中共明德中学退休教师党支部", None, None)]
    (secretary,) = people
    assert (secretary.name, secretary.id_number, secretary.party_post, secretary.branch_id) == (
        "王建国", SECRETARY_ID, "书记", branches[0].id)
    assert secretary.political_status.value == "cpc_member" and secretary.post is Post.ADMIN
    assert secretary.joined_on == PartialDate(1998, 7, 1) and secretary.birth_date == PartialDate(1975, 3, 8)
    # The next start goes straight to the window.
    status, seen = start(data_dir, asker, lambda wizard: pytest.fail("asked twice"))
    assert status == 0 and seen[0] != "wizard"


def test_cancelling_ends_the_program_with_no_database(qtbot: QtBot, data_dir: Path,
                                                     asker: RecordingAsker) -> None:
    def steps(wizard: SetupWizard) -> None:
        wizard.welcome.school_name.setText("明德中学")
        wizard.next()
        asker.answers = [False, True]
        wizard.reject()  # Esc or the window's ×: what was typed would be lost, so it asks
        assert wizard.isVisible() and wizard.welcome.school_name.text() == "明德中学"
        wizard.reject()

    status, seen = start(data_dir, asker, steps)
    assert (status, seen) == (0, ["wizard"])
    assert len(asker.questions) == 2 and "首次设置" in asker.questions[0]
    assert not paths.database_path(data_dir).exists()
    assert is_unset(paths.database_path(data_dir))  # asked again next time
    DataDirLock(data_dir).acquire().release()


def test_the_demo_never_asks(qtbot: QtBot, tmp_path: Path, template_db: Path, asker: RecordingAsker) -> None:
    demo = tmp_path / "demo"
    demo.mkdir()
    status, seen = start(demo, asker, lambda wizard: pytest.fail("the demo asked"), demo=True)
    assert status == 0 and seen and seen[0] != "wizard"


def test_a_database_with_people_never_asks_even_without_a_school_name(
        qtbot: QtBot, data_dir: Path, asker: RecordingAsker, template_db: Path) -> None:
    shutil.copyfile(template_db, paths.database_path(data_dir))
    database = open_database(paths.database_path(data_dir))
    with database.transaction() as session:
        made = branch_service.add_branch(session, "第一党支部", "中共测试中学第一党支部")
    database.dispose()
    assert not is_unset(paths.database_path(data_dir))
    status, seen = start(data_dir, asker, lambda wizard: pytest.fail("asked"))
    assert status == 0 and seen[0] != "wizard" and made.id


def test_a_database_a_command_created_is_still_set_up(qtbot: QtBot, data_dir: Path, asker: RecordingAsker,
                                                     template_db: Path) -> None:
    """`djdesk info` creates an empty database (ARCHITECTURE rule 15): the window still asks."""
    shutil.copyfile(template_db, paths.database_path(data_dir))
    assert is_unset(paths.database_path(data_dir))

    def steps(wizard: SetupWizard) -> None:
        fill_school(wizard, "后来的中学")
        wizard.next()
        wizard.next()
        wizard.accept()

    status, seen = start(data_dir, asker, steps)
    assert status == 0 and seen[0] == "wizard" and seen[2] == "后来的中学"
    assert [b.name for b in stored(data_dir)[1]] == ["第一党支部"]


def test_refusals_keep_the_typing_and_say_where(qtbot: QtBot, data_dir: Path, asker: RecordingAsker) -> None:
    def steps(wizard: SetupWizard) -> None:
        wizard.next()  # no school name
        assert wizard.currentId() == WELCOME
        assert wizard.welcome.school_error.text() == "必须填写学校名称。"
        fill_school(wizard)
        page = wizard.branches_page
        second = page.add_row(name="第一党支部")  # the same short name twice
        page.rows[0].full_name.setText("")
        page.rows[0].full_name.textEdited.emit("")
        page.rows[0].term_start.setText("2024.13")
        wizard.next()
        assert wizard.currentId() == BRANCHES
        errors = page.errors.text().splitlines()
        assert "第一党支部 打印用全称：为必填项" in errors
        assert "第一党支部 支部名称：重复填写" in errors
        assert any(line.startswith("第一党支部 本届任期开始：“2024.13”不是日期") for line in errors)
        assert page.rows[0].term_start.text() == "2024.13"  # kept as typed
        assert page.rows[0].full_name.styleSheet() and second.name.styleSheet()
        second.name.setText("第二党支部")
        page.rows[0].full_name.setText("中共明德中学第一支部委员会")
        page.rows[0].term_start.setText("2024.09")
        wizard.next()
        assert wizard.currentId() == SECRETARIES
        _label, name, number, joined, _post = wizard.secretaries_page.rows[1]
        name.setText("李四")
        number.setText(SECRETARY_ID[:-1] + ("0" if SECRETARY_ID[-1] != "0" else "1"))  # wrong check digit
        wizard.next()
        assert wizard.currentId() == SECRETARIES
        errors = wizard.secretaries_page.errors.text().splitlines()
        assert any(line.startswith("第二党支部书记 证件号码：") and "校验码" in line for line in errors), errors
        assert "第二党支部书记 入党日期：党员必须填写" in errors
        assert name.text() == "李四"
        number.setText(SECRETARY_ID)
        joined.setText("2001.07")
        wizard.back()  # back and forth keeps the secretaries typed
        wizard.next()
        assert wizard.secretaries_page.rows[1][1].text() == "李四"
        assert wizard.secretaries_page.rows[1][3].text() == "2001.07"
        wizard.next()
        assert wizard.currentId() == DONE
        wizard.accept()

    status, seen = start(data_dir, asker, steps)
    assert status == 0
    _settings, branches, people = stored(data_dir)
    assert [b.name for b in branches] == ["第一党支部", "第二党支部"]
    assert [(p.name, p.branch_id) for p in people] == [("李四", branches[1].id)]


def test_removing_a_branch_moves_the_secretaries_typed_with_it(qtbot: QtBot, data_dir: Path,
                                                              asker: RecordingAsker) -> None:
    def steps(wizard: SetupWizard) -> None:
        fill_school(wizard)
        page = wizard.branches_page
        assert not page.rows[0].remove.isEnabled()  # the only branch stays
        page.add_row(name="第二党支部")
        page.add_row(name="第三党支部")
        wizard.next()
        wizard.secretaries_page.rows[2][1].setText("丙")
        wizard.back()
        page.rows[1].remove.click()
        assert [row.name.text() for row in page.rows] == ["第一党支部", "第三党支部"]
        wizard.next()
        rows = wizard.secretaries_page.rows
        assert [(r[0].text(), r[1].text()) for r in rows] == [("第一党支部", ""), ("第三党支部", "丙")]
        asker.answers = [True]
        wizard.reject()

    assert start(data_dir, asker, steps)[0] == 0


def test_english_chosen_first_speaks_english_at_once_and_after(
        qtbot: QtBot, data_dir: Path, asker: RecordingAsker) -> None:
    tabs: list[str] = []

    def steps(wizard: SetupWizard) -> None:
        assert wizard.welcome.title() == "欢迎使用 djdesk"
        wizard.welcome.school_name.setText("Mingde School")
        wizard.welcome.language.setCurrentIndex(wizard.welcome.language.findData("en"))
        assert wizard.welcome.title() == "Welcome to djdesk"
        assert wizard.welcome.school_name.text() == "Mingde School"  # nothing typed is lost
        assert wizard.buttonText(wizard.WizardButton.NextButton) == "&Next >"
        wizard.next()
        assert wizard.branches_page.title() == "Party branches"
        wizard.next()
        wizard.next()
        wizard.accept()

    def ready(window: MainWindow) -> None:
        found = window.findChild(QTabWidget, "mainTabs")
        tabs.extend(found.tabText(i) for i in range(found.count()))

    status, _seen = start(data_dir, asker, steps, ready=ready)
    assert status == 0 and tabs[0] == "Members"
    assert Prefs(data_dir).language() == "en"


def test_odd_files_and_foreign_databases_are_left_to_the_opening(qtbot: QtBot, data_dir: Path) -> None:
    """A folder holding a log and a lock but no database (a cancelled setup) is still unset;
    a file that is not SQLite is left to the opening, which reports it."""
    assert is_unset(paths.database_path(data_dir))
    paths.database_path(data_dir).write_bytes(b"not a database at all" * 100)
    assert not is_unset(paths.database_path(data_dir))
    with closing(sqlite3.connect(data_dir / "other.sqlite3")) as connection:
        connection.execute("CREATE TABLE t (x)")
    assert not is_unset(data_dir / "other.sqlite3")  # not djdesk's: the opening refuses it


def test_a_newer_programs_empty_database_is_left_to_the_opening(data_dir: Path, template_db: Path) -> None:
    """Its refusal is what the user must see, not questions whose answers could not be written."""
    path = paths.database_path(data_dir)
    shutil.copyfile(template_db, path)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
        connection.commit()
    assert not is_unset(path)


def test_answers_that_cannot_be_written_are_shown_again_not_lost(
        qtbot: QtBot, data_dir: Path, asker: RecordingAsker, monkeypatch: pytest.MonkeyPatch) -> None:
    from djdesk.domain.errors import StorageError
    from djdesk.services import setup

    real = setup.apply
    calls: list[str] = []

    def failing_once(session, answers, *, today):  # type: ignore[no-untyped-def]
        calls.append(answers.school_name)
        if len(calls) == 1:
            real(session, answers, today=today)  # written, then the disk fails: rolled back
            raise StorageError("磁盘已满")
        real(session, answers, today=today)

    monkeypatch.setattr(setup, "apply", failing_once)
    shown_again: list[str] = []

    def steps(wizard: SetupWizard) -> None:
        fill_school(wizard)
        wizard.next()
        wizard.next()
        wizard.accept()
        qtbot.waitUntil(lambda: bool(asker.errors), timeout=20_000)
        qtbot.waitUntil(wizard.isVisible, timeout=5_000)  # back, as typed
        shown_again.append(wizard.welcome.school_name.text())
        wizard.accept()

    status, seen = start(data_dir, asker, steps)
    assert status == 0 and calls == ["明德中学", "明德中学"] and shown_again == ["明德中学"]
    assert "磁盘已满" in asker.errors[0] and "没有写入" in asker.errors[0]
    assert seen[-1] == "明德中学"
    settings, branches, _people = stored(data_dir)
    assert settings.school_name == "明德中学" and [b.name for b in branches] == ["第一党支部"]


def test_names_longer_than_their_columns_are_refused() -> None:
    from djdesk.domain.errors import ValidationError
    from djdesk.services.setup import BranchAnswer, SetupAnswers, check

    answers = SetupAnswers("明德中学", 5, (BranchAnswer("支" * 61, "中" * 121),))
    with pytest.raises(ValidationError) as refused:
        check(answers, today=dt.date(2026, 11, 21))
    assert {p.field for p in refused.value.problems} == {"branch.0.name", "branch.0.full_name"}
    assert all("120" in p.message or "60" in p.message for p in refused.value.problems)
