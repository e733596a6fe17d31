"""The pipeline, changes of standing, the history and the 待办 panel, as a user drives them."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QTableWidget
from pytestqt.qtbot import QtBot

from djdesk.domain.dates import PartialDate
from djdesk.domain.due import DueKind
from djdesk.domain.people import PoliticalStatus, Stage
from djdesk.domain.status import ChangeKind
from djdesk.services import lifecycle, members
from djdesk.ui.main_window import MainWindow
from djdesk.ui.members.person_dialog import PersonDialog
from djdesk.ui.members.status_dialog import StatusDialog
from tests.factories import draft
from tests.ui.conftest import TODAY, RecordingAsker
from tests.ui.test_members_tab import select, shown_names


def record(window: MainWindow, person_id: int) -> members.PersonRecord:
    with window.workspace.database.transaction() as session:
        return members.get(session, person_id)


def open_person(window: MainWindow, name: str) -> PersonDialog:
    select(window, name)
    window.findChild(QPushButton, "editPersonButton").click()
    dialog = window.members.dialog
    assert isinstance(dialog, PersonDialog)
    return dialog


def add_person(window: MainWindow, **fields: object) -> int:
    with window.workspace.database.transaction() as session:
        person_id = members.add(session, draft(**fields), today=TODAY).id
    window.members.reload()
    return person_id


# -- moving on a stage from the roster -----------------------------------------------------------
def test_moving_on_a_stage_is_one_action_that_fills_the_date(
        qtbot: QtBot, window: MainWindow, asker: RecordingAsker, school: dict[str, int]) -> None:
    select(window, "李四")  # an activist since 2025.03: more than a year
    asker.texts = ["2026.06.10"]
    window.findChild(QPushButton, "advanceButton").click()
    assert "发展对象" in asker.questions[-1]
    assert asker.offered == [PartialDate.of(TODAY).display()]  # today, unless typed over
    assert asker.errors == [] and asker.answers == []  # no rule broken: nothing more asked
    after = record(window, school["李四"]).draft
    assert after.stage is Stage.CANDIDATE and after.candidate_on == PartialDate(2026, 6, 10)
    assert after.activist_on == PartialDate(2025, 3)  # the earlier dates untouched
    row = window.members.model.member(shown_names(window).index("李四"))
    assert row.stage is Stage.CANDIDATE


def test_moving_on_too_early_asks_first_and_cancel_changes_nothing(
        qtbot: QtBot, window: MainWindow, asker: RecordingAsker) -> None:
    person_id = add_person(window, name="周新", stage=Stage.ACTIVIST, applied_on=PartialDate(2025, 9, 1),
                           activist_on=PartialDate(2026, 1, 5))
    select(window, "周新")
    asker.texts, asker.answers = ["2026.06.01"], [False]
    window.members.advance_action.trigger()
    assert "不满一年" in asker.questions[-1]
    assert record(window, person_id).draft.stage is Stage.ACTIVIST
    asker.texts, asker.answers = ["2026.06.01"], [True]
    window.members.advance_action.trigger()
    assert record(window, person_id).draft.stage is Stage.CANDIDATE


def test_a_wrong_date_is_asked_again_with_what_was_typed(
        qtbot: QtBot, window: MainWindow, asker: RecordingAsker, school: dict[str, int]) -> None:
    select(window, "李四")
    asker.texts = ["2026.13.01", "2027.01.01", None]
    window.members.advance_action.trigger()
    assert "不是日期" in asker.errors[0]
    assert "不能晚于今天" in asker.errors[1] or "未来" in asker.errors[1] or "今天" in asker.errors[1]
    assert len(asker.errors) == 2 and asker.texts == []  # asked three times, then cancelled
    assert record(window, school["李四"]).draft.stage is Stage.ACTIVIST


def test_admission_without_a_branch_is_refused_with_the_reason(
        qtbot: QtBot, window: MainWindow, asker: RecordingAsker) -> None:
    person_id = add_person(window, name="孙候选", stage=Stage.CANDIDATE, applied_on=PartialDate(2023, 1, 5),
                           activist_on=PartialDate(2023, 6, 1), candidate_on=PartialDate(2024, 9, 1))
    select(window, "孙候选")
    asker.texts = ["2026.06.01"]
    window.members.advance_action.trigger()
    assert "所在党支部" in asker.errors[-1]
    after = record(window, person_id).draft
    assert after.stage is Stage.CANDIDATE and after.joined_on is None
    assert after.political_status is PoliticalStatus.MASSES


def test_a_full_member_cannot_move_on(qtbot: QtBot, window: MainWindow) -> None:
    select(window, "单军")
    assert not window.members.advance_action.isEnabled()


# -- the person dialog's pipeline page -----------------------------------------------------------
def test_the_pipeline_page_moves_on_and_saves_the_steps(
        qtbot: QtBot, window: MainWindow, school: dict[str, int]) -> None:
    dialog = open_person(window, "李四")
    page = dialog.pipeline
    assert "入党积极分子" in page.stage_label.text()
    assert "发展对象" in page.advance_button.text()
    page.step_dates["talk"].setText("2024.03.20")
    page.repeated["review"].setText("2025.09.10，2026.03")
    page.step_notes["political_review"].setText("函调两份")
    page.step_dates["political_review"].setText("2026.05.06")
    page.advance_button.click()
    assert dialog.choices["stage"].value() is Stage.CANDIDATE
    assert dialog.dates["candidate_on"].text() == PartialDate.of(TODAY).display()
    dialog.findChild(QPushButton, "saveButton").click()
    assert not dialog.isVisible()
    after = record(window, school["李四"]).draft
    assert after.stage is Stage.CANDIDATE and after.candidate_on == PartialDate.of(TODAY)
    with window.workspace.database.transaction() as session:
        steps = lifecycle.step_records(session, school["李四"])
    assert {(s.code, s.on, s.note) for s in steps} == {
        ("talk", PartialDate(2024, 3, 20), ""), ("review", PartialDate(2025, 9, 10), ""),
        ("review", PartialDate(2026, 3), ""), ("political_review", PartialDate(2026, 5, 6), "函调两份")}
    again = open_person(window, "李四")
    assert again.pipeline.repeated["review"].text() == "2025.09.10，2026.03"
    assert again.pipeline.step_notes["political_review"].text() == "函调两份"
    assert not again.pipeline.advance_button.isHidden()


def test_a_bad_step_date_is_shown_on_the_pipeline_page_and_nothing_is_saved(
        qtbot: QtBot, window: MainWindow, school: dict[str, int]) -> None:
    dialog = open_person(window, "李四")
    dialog.pipeline.step_dates["talk"].setText("2024.02.30")
    dialog.pipeline.step_dates["oath"].setText("2030.01.01")
    dialog.texts["phone"].setText("13912345678")
    dialog.findChild(QPushButton, "saveButton").click()
    assert dialog.isVisible()
    assert dialog.tabs.tabText(2) == "发展程序（2）"
    assert dialog.tabs.currentIndex() == 2
    assert "不是日期" in dialog.pipeline.form.errors["step:talk"].text()
    assert dialog.pipeline.form.errors["step:oath"].text() != ""
    assert dialog.texts["phone"].text() == "13912345678"  # what was typed stays
    assert record(window, school["李四"]).draft.phone == ""
    with window.workspace.database.transaction() as session:
        assert lifecycle.step_records(session, school["李四"]) == []


def test_the_pipeline_page_warns_while_typing(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_person(window, "李四")
    warnings = dialog.findChild(QLabel, "pipelineWarnings")
    # An activist for fifteen months without a recorded half-yearly review.
    assert not warnings.isHidden() and "半年" in warnings.text() and "两名" not in warnings.text()
    dialog.pipeline.repeated["review"].setText("2025.09，2026.03")
    dialog.pipeline.names["introducers"].setText("王五")
    dialog.pipeline.names["introducers"].editingFinished.emit()
    assert not warnings.isHidden() and "两名" in warnings.text() and "半年" not in warnings.text()
    dialog.pipeline.names["introducers"].setText("单军、王五")
    dialog.pipeline.names["introducers"].editingFinished.emit()
    assert warnings.isHidden()


# -- history ---------------------------------------------------------------------------------------
def test_the_history_page_lists_the_persons_changes(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_person(window, "单军")
    dialog.texts["phone"].setText("13800001111")
    dialog.findChild(QPushButton, "saveButton").click()
    again = open_person(window, "单军")
    table = again.findChild(QTableWidget, "historyTable")
    rows = [[table.item(r, c).text() for c in range(5)] for r in range(table.rowCount())]
    assert rows[0][1:] == ["修改", "手机", "13931012345", "13800001111"]
    assert rows[-1][1:3] == ["建档", "单军"]
    assert again.tabs.tabText(again.tabs.count() - 1) == "历史"


# -- changes of standing -------------------------------------------------------------------------
def test_a_transfer_out_is_recorded_hidden_and_can_be_undone(
        qtbot: QtBot, window: MainWindow, asker: RecordingAsker, school: dict[str, int]) -> None:
    select(window, "曾国华")
    window.members.status_action.trigger()
    dialog = window.members.dialog
    assert isinstance(dialog, StatusDialog)
    dialog.organisation.setText("中共兰州市第十中学支部委员会")
    dialog.letter_no.setText("明德党转〔2026〕3号")
    dialog.dues_until.setText("2026.05")
    dialog.date.setText("2026.06.01")
    dialog.findChild(QPushButton, "confirmStatus").click()
    assert not dialog.isVisible()
    assert "曾国华" not in shown_names(window)
    with window.workspace.database.transaction() as session:
        events = lifecycle.list_events(session, school["曾国华"])
    assert [(e.kind, e.letter_no, e.dues_until) for e in events] == [
        (ChangeKind.TRANSFER_OUT, "明德党转〔2026〕3号", PartialDate(2026, 5))]
    gone = record(window, school["曾国华"])
    assert gone.left_on == PartialDate(2026, 6, 1) and gone.left_note == "中共兰州市第十中学支部委员会"
    window.findChild(QCheckBox, "showLeft").setChecked(True)
    history = open_person(window, "曾国华").findChild(QTableWidget, "historyTable")
    texts = [history.item(r, 2).text() + history.item(r, 4).text() for r in range(history.rowCount())]
    assert any("转出" in t and "明德党转〔2026〕3号" in t for t in texts)
    window.members.dialog.reject()
    select(window, "曾国华")
    asker.answers = [True]
    window.members.undo_change_action.trigger()
    assert record(window, school["曾国华"]).left_on is None


def test_a_non_member_is_offered_only_the_changes_that_fit(qtbot: QtBot, window: MainWindow) -> None:
    select(window, "张三")
    window.members.status_action.trigger()
    dialog = window.members.dialog
    assert isinstance(dialog, StatusDialog)
    offered = {dialog.kind.itemData(i) for i in range(dialog.kind.count())}
    assert offered == {ChangeKind.TRANSFER_IN.value, ChangeKind.DECEASED.value, ChangeKind.LEFT.value}
    dialog.reject()


def test_observation_asks_for_the_period_and_sets_the_status(
        qtbot: QtBot, window: MainWindow, school: dict[str, int]) -> None:
    select(window, "单军")
    window.members.status_action.trigger()
    dialog = window.members.dialog
    dialog.kind.set_value(ChangeKind.OBSERVATION)
    assert dialog.months.isVisibleTo(dialog) and not dialog.organisation.isVisibleTo(dialog)
    dialog.months.setCurrentIndex(1)  # two years
    dialog.note.setText("支部大会决定给予留党察看两年处分")
    dialog.date.setText("2026.05.20")
    dialog.findChild(QPushButton, "confirmStatus").click()
    after = record(window, school["单军"]).draft
    assert after.membership_status.value == "observation"
    assert after.membership_status_until == PartialDate(2028, 5, 20)


# -- 待办 ----------------------------------------------------------------------------------------------
def test_the_due_panel_lists_what_is_due_and_opens_the_person(
        qtbot: QtBot, window: MainWindow, school: dict[str, int]) -> None:
    panel = window.members.due
    qtbot.waitUntil(lambda: any(i.kind is DueKind.ACTIVIST_YEAR for i in panel.items), timeout=5000)
    tree = panel.tree
    headings = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert "积极分子满一年（1）" in headings
    heading = tree.topLevelItem(headings.index("积极分子满一年（1）"))
    assert heading.child(0).text(0).startswith("李四：")
    window.findChild(QLineEdit, "memberSearch").setText("单")  # 李四 filtered out of the table
    tree.itemActivated.emit(heading.child(0), 0)
    dialog = window.members.dialog
    assert isinstance(dialog, PersonDialog) and dialog.record is not None
    assert dialog.record.id == school["李四"]


def test_full_membership_offers_the_end_of_the_probation(
        qtbot: QtBot, window: MainWindow, asker: RecordingAsker, school: dict[str, int]) -> None:
    person_id = add_person(window, name="吴预备", political_status=PoliticalStatus.CPC_PROBATIONARY,
                           branch_id=record(window, school["单军"]).draft.branch_id,
                           applied_on=PartialDate(2023, 1, 5), activist_on=PartialDate(2023, 6, 1),
                           candidate_on=PartialDate(2024, 7, 1), joined_on=PartialDate(2025, 5, 20))
    select(window, "吴预备")
    asker.texts = ["2026.05.20"]
    window.members.advance_action.trigger()
    assert asker.offered == ["2026.05.20"]
    after = record(window, person_id).draft
    assert after.political_status is PoliticalStatus.CPC_MEMBER and after.stage is Stage.FULL
    assert after.full_on == PartialDate(2026, 5, 20)


# -- the printed roster and the statistics -------------------------------------------------------
def test_print_roster_writes_the_pdf_of_the_chosen_branch_and_previews_it(
        qtbot: QtBot, window: MainWindow, asker: RecordingAsker, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pypdfium2

    combo = window.members.branch_filter
    combo.setCurrentIndex(combo.findText("第一党支部"))
    asker.files = [tmp_path / "花名册"]
    window.members.print_roster_action.trigger()
    qtbot.waitUntil(lambda: bool(asker.pdf_previews), timeout=10000)
    path, _title, landscape = asker.pdf_previews[0]
    assert path == tmp_path / "花名册.pdf" and landscape
    pdf = pypdfium2.PdfDocument(path)
    try:
        text = "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    assert "单军" in text and "曾国华" in text
    assert "王五" not in text  # the retired branch
    assert "李四" not in text  # an activist is not on the members' roster


def test_statistics_open_from_the_tools_menu(qtbot: QtBot, window: MainWindow) -> None:
    window.findChild(QAction, "menu_statistics").trigger()
    dialog = window.members.dialog
    assert dialog is not None and dialog.isVisible()
    assert window.tabs.currentWidget() is window.members
    dialog.reject()


def test_the_roster_is_not_printed_for_people_without_a_branch(
        qtbot: QtBot, window: MainWindow, asker: RecordingAsker) -> None:
    combo = window.members.branch_filter
    combo.setCurrentIndex(combo.count() - 1)  # （无支部）
    window.members.print_roster_action.trigger()
    assert "支部" in asker.errors[-1] and asker.suggested == [] and asker.pdf_previews == []


def test_an_added_extension_does_not_replace_a_file_without_asking(
        qtbot: QtBot, window: MainWindow, asker: RecordingAsker, tmp_path) -> None:  # type: ignore[no-untyped-def]
    existing = tmp_path / "花名册2026.11.pdf"
    existing.write_bytes(b"keep me")
    asker.files, asker.answers = [tmp_path / "花名册2026.11"], [False]
    window.members.print_roster_action.trigger()
    assert "已存在" in asker.questions[-1]
    assert existing.read_bytes() == b"keep me" and asker.pdf_previews == []


def test_after_losing_the_membership_the_pipeline_starts_afresh(
        qtbot: QtBot, window: MainWindow, asker: RecordingAsker, school: dict[str, int]) -> None:
    select(window, "曾国华")
    window.members.status_action.trigger()
    dialog = window.members.dialog
    dialog.kind.set_value(ChangeKind.LOST)
    dialog.note.setText("支部大会决定，予以除名")
    dialog.findChild(QPushButton, "confirmStatus").click()
    after = record(window, school["曾国华"]).draft
    assert after.political_status is PoliticalStatus.MASSES and after.joined_on is None
    select(window, "曾国华")
    asker.texts = ["2026.06.10"]
    window.members.advance_action.trigger()
    assert asker.errors == []
    again = record(window, school["曾国华"]).draft
    assert again.stage is Stage.APPLICANT and again.applied_on == PartialDate(2026, 6, 10)


def test_a_transfer_out_proposes_dues_paid_up_to_from_the_last_month_paid(
        qtbot: QtBot, window: MainWindow, asker: RecordingAsker, school: dict[str, int]) -> None:
    import dataclasses
    import datetime as dt

    from djdesk.domain.dues import DuesKind, PayMethod
    from djdesk.services import dues
    from djdesk.services import settings as settings_service

    with window.workspace.database.transaction() as session:
        settings_service.save(session, dataclasses.replace(settings_service.load(session), dues_since="2026-01-01"))
        dues.add_base(session, school["曾国华"], dues.BaseDraft(DuesKind.IN_SERVICE, "4500", dt.date(2026, 1, 1)),
                      today=dt.date(2026, 6, 15))
        dues.pay(session, school["曾国华"], [dt.date(2026, 4, 1), dt.date(2026, 5, 1)],
                 dues.PaymentDraft(dt.date(2026, 5, 10), PayMethod.CASH, approval="支部同意"),
                 today=dt.date(2026, 6, 15))
    select(window, "曾国华")
    window.members.status_action.trigger()
    dialog = window.members.dialog
    assert isinstance(dialog, StatusDialog)
    assert dialog.dues_until.text() == "2026.05"  # proposed; the office checks it against the letter
    dialog.reject()
