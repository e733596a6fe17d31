"""The 党费 tab on a real database: bases entered through the form (a refusal keeps the typing), a
quarter paid through the payment form and seen in the month's and the year's tables, a month paid
twice refused, a whole branch paid, a correction and an undo with their reasons, the arrears with
the Article 9 flag, the voluntary extras, and the files written."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QTableView
from pytestqt.qtbot import QtBot

from djdesk.domain.dues import ARTICLE_9, DuesKind
from djdesk.i18n import _
from djdesk.services import dues
from djdesk.services import settings as settings_service
from djdesk.services.dues import BaseDraft, PaymentDraft
from djdesk.store.database import Database
from djdesk.ui import events as kinds
from djdesk.ui.dues.pay_dialogs import MONTH
from djdesk.ui.dues.tab import DuesTab
from djdesk.ui.events import AppEvents
from djdesk.workspace import Workspace
from tests.ui.conftest import TODAY, RecordingAsker
from tests.ui.tables import (
    cells,
    click,
    column,
    foreground,
    headers,
    select_row,
    tool_tip,
)

APRIL, MAY, JUNE = dt.date(2026, 4, 1), dt.date(2026, 5, 1), dt.date(2026, 6, 1)
# The 2025 base of each: 单军 1% of 4500, 曾国华 1.5% of 6000, 王五 (retired) 0.5% of 3000.
BASES = {"单军": (DuesKind.IN_SERVICE, "4500"), "曾国华": (DuesKind.IN_SERVICE, "6000"),
         "王五": (DuesKind.RETIRED, "3000"), "调走": (DuesKind.IN_SERVICE, "2000")}
DUE = {"单军": "45.00", "曾国华": "90.00", "王五": "15.00"}
DUES = getattr(kinds, "DUES", "dues")


def dues_since(db: Database, day: str) -> None:
    with db.transaction() as session:
        settings_service.save(session, dataclasses.replace(settings_service.load(session), dues_since=day))


def with_bases(db: Database, school: dict[str, int], *, names=tuple(BASES)) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        for name in names:
            kind, amount = BASES[name]
            dues.add_base(session, school[name], BaseDraft(kind, amount, dt.date(2025, 1, 1)), today=TODAY)


@pytest.fixture
def tab(qtbot: QtBot, workspace: Workspace, school: dict[str, int], asker: RecordingAsker) -> DuesTab:
    dues_since(workspace.database, "2026-01-01")
    made = DuesTab(workspace.database, AppEvents(), asker, workspace.directory)
    qtbot.addWidget(made)
    made.resize(1280, 760)
    made.show()
    qtbot.waitExposed(made)
    return made


def line_of(table: QTableView, name: str) -> dict[str, str]:
    row = next(r for r in cells(table) if r[0] == name)
    return dict(zip(headers(table), row, strict=True))


def select(table: QTableView, name: str) -> None:
    select_row(table, next(i for i, r in enumerate(cells(table)) if r[0] == name))


def tick(dialog, months: list[dt.date]) -> None:  # type: ignore[no-untyped-def]
    """As a user ticks the months in the list (and unticks the others)."""
    box = dialog.findChild(QListWidget, "field_months")
    for i in range(box.count()):
        item = box.item(i)
        if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            item.setCheckState(Qt.CheckState.Checked if item.data(MONTH) in months else Qt.CheckState.Unchecked)


def error(dialog, key: str) -> str:  # type: ignore[no-untyped-def]
    label = dialog.findChild(QLabel, f"error_{key}")
    return label.text() if label is not None and label.isVisibleTo(dialog) else ""


def payments(db: Database, person_id: int, year: int = 2026) -> dict[dt.date, int]:
    with db.transaction() as session:
        cells_ = dues.person_year(session, person_id, year, today=TODAY).cells
    return {c.month: c.paid_fen for c in cells_ if c.paid_fen is not None}


# -- bases -------------------------------------------------------------------------------------
def test_a_base_through_the_form_keeps_the_typing_when_refused(qtbot: QtBot, tab: DuesTab, school):
    page = tab.bases
    tab.pages.setCurrentWidget(page)
    page.search.setText("曾")
    assert page.list.model().rowCount() == 1 and page.person is not None and page.person.name == "曾国华"
    click(qtbot, page, "duesAddBase")
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.amount.setText("-5")
    dialog.note.setText("2026年工资调整")
    click(qtbot, dialog, "duesBaseOk")
    assert dialog.isVisible() and error(dialog, "amount")
    assert dialog.note.text() == "2026年工资调整"  # nothing typed is lost
    dialog.amount.setText("6000")
    assert "90.00" in dialog.preview.text()  # 1.5% of 6000, as typed
    dialog.kind.set_value(DuesKind.STUDENT)
    assert not dialog.amount.isEnabled() and "0.20" in dialog.preview.text()
    dialog.kind.set_value(DuesKind.IN_SERVICE)
    click(qtbot, dialog, "duesBaseOk")
    qtbot.waitUntil(lambda: page.dialog is None)
    assert cells(page.base_table) == [["2026.06", DuesKind.IN_SERVICE.label, "6000.00", "90.00", "2026年工资调整"]]


def test_a_reduction_needs_its_approval(qtbot: QtBot, tab: DuesTab, school):
    page = tab.bases
    tab.pages.setCurrentWidget(page)
    page.search.setText("王五")
    click(qtbot, page, "duesAddRelief")
    dialog = page.dialog
    dialog.reduced.setChecked(True)
    dialog.amount.setText("5")
    click(qtbot, dialog, "duesReliefOk")
    assert dialog.isVisible() and error(dialog, "approval")
    assert dialog.amount.text() == "5"
    dialog.approval.setText("支委会2026.06.01同意")
    click(qtbot, dialog, "duesReliefOk")
    qtbot.waitUntil(lambda: page.dialog is None)
    assert [r[2:4] for r in cells(page.relief_table)] == [[_("Reduced to {amount} yuan").format(amount="5.00"),
                                                           "支委会2026.06.01同意"]]
    tab.events.changed.emit(kinds.PEOPLE)  # a reload keeps the member chosen
    assert page.person is not None and page.person.name == "王五"


# -- payments ----------------------------------------------------------------------------------
def test_a_quarter_paid_through_the_form_shows_in_the_month_and_the_year(qtbot: QtBot, tab: DuesTab, school,
                                                                        asker: RecordingAsker):
    with_bases(tab.db, school)
    tab.events.changed.emit(DUES)
    page = tab.month
    table = page.table
    assert line_of(table, "单军")[_("Due")] == "45.00"
    assert line_of(table, "单军")[_("Paid")] == _("unpaid")
    assert foreground(table, 0, 0) != "#b00020"  # June is this month: not late yet
    page.month.setDate(page.month.date().addMonths(-1))  # May: late, in red
    assert foreground(table, 0, 0) == "#b00020"
    page.month.setDate(page.month.date().addMonths(1))
    assert "调走" not in [r[0] for r in cells(table)]  # left in March: nothing due in June
    select(table, "单军")
    qtbot.keyClick(table, Qt.Key.Key_Return)  # Enter: record a payment
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.ticked() == [JUNE]  # the month shown is ticked
    tick(dialog, [APRIL, MAY, JUNE])
    assert "135.00" in dialog.findChild(QLabel, "duesPayTotal").text()
    dialog.received_by.setText("李会计")
    click(qtbot, dialog, "duesPayOk")
    assert dialog.isVisible() and error(dialog, "approval")  # three months need an approval
    assert dialog.ticked() == [APRIL, MAY, JUNE] and dialog.received_by.text() == "李会计"
    dialog.approval.setText("支部委员会2026.06.10同意补交")
    click(qtbot, dialog, "duesPayOk")
    qtbot.waitUntil(lambda: page.dialog is None)
    assert payments(tab.db, school["单军"]) == {APRIL: 4500, MAY: 4500, JUNE: 4500}

    shown = line_of(table, "单军")
    assert (shown[_("Paid")], shown[_("Paid on")], shown[_("Received by")]) == ("45.00", "2026-06-15", "李会计")
    assert [line.name for line in page.selected_lines()] == ["单军"]  # still chosen after the reading
    page.month.setDate(page.month.date().addMonths(-2))  # April
    assert line_of(table, "单军")[_("Paid")] == "45.00"
    assert line_of(table, "曾国华")[_("Paid")] == _("unpaid")

    tab.pages.setCurrentWidget(tab.year)
    year = line_of(tab.year.table, "单军")
    assert [year[_(m)] for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul")] == [
        _("Owed"), _("Owed"), _("Owed"), "45.00", "45.00", "45.00", ""]
    assert year[_("Paid")] == "135.00"
    jan = column(tab.year.table, _("Jan"))
    assert foreground(tab.year.table, 0, jan) == "#b00020"
    assert cells(tab.year.table)[-1][0] == _("Total")


def test_paying_a_month_twice_is_refused_and_keeps_the_typing(qtbot: QtBot, tab: DuesTab, school):
    with_bases(tab.db, school)
    tab.events.changed.emit(DUES)
    page = tab.month
    select(page.table, "曾国华")
    click(qtbot, page, "duesPay")
    dialog = page.dialog
    dialog.received_by.setText("李会计")
    dialog.note.setText("现金")
    with tab.db.transaction() as session:  # meanwhile someone else records June
        dues.pay(session, school["曾国华"], [JUNE], PaymentDraft(TODAY, dues.PayMethod.CASH), today=TODAY)
    click(qtbot, dialog, "duesPayOk")
    assert dialog.isVisible()
    assert "2026.06" in error(dialog, "months")
    assert (dialog.ticked(), dialog.received_by.text(), dialog.note.text()) == ([JUNE], "李会计", "现金")
    dialog.reject()


def test_the_whole_branch_then_a_correction_and_an_undo(qtbot: QtBot, tab: DuesTab, school,
                                                        asker: RecordingAsker):
    with_bases(tab.db, school)
    tab.events.changed.emit(DUES)
    page = tab.month
    page.branch.setCurrentIndex(page.branch.findText("第一党支部"))
    assert sorted(r[0] for r in cells(page.table)) == sorted(["单军", "曾国华"])
    click(qtbot, page, "duesPayBranch")
    dialog = page.dialog
    summary = dialog.findChild(QLabel, "duesBranchPaySummary").text()
    assert "135.00" in summary and "2" in summary
    dialog.received_by.setText("李会计")
    asker.answers = [True]
    click(qtbot, dialog, "duesBranchPayOk")
    qtbot.waitUntil(lambda: page.dialog is None)
    assert "135.00" in asker.questions[-1]
    assert [line_of(page.table, n)[_("Paid")] for n in ("单军", "曾国华")] == ["45.00", "90.00"]
    assert page.view is not None and page.view.unpaid_count == 0

    select(page.table, "曾国华")
    click(qtbot, page, "duesCorrect")
    dialog = page.dialog
    assert dialog.amount.text() == "90.00"
    dialog.amount.setText("95")
    click(qtbot, dialog, "duesCorrectOk")
    assert dialog.isVisible() and error(dialog, "reason") and dialog.amount.text() == "95"
    dialog.reason.setText("多收5元，下月抵扣")
    click(qtbot, dialog, "duesCorrectOk")
    qtbot.waitUntil(lambda: page.dialog is None)
    row = next(i for i, r in enumerate(cells(page.table)) if r[0] == "曾国华")
    paid = column(page.table, _("Paid"))
    assert cells(page.table)[row][paid] == "95.00" and "多收5元" in tool_tip(page.table, row, paid)

    select(page.table, "单军")
    asker.texts = ["录错了人"]
    click(qtbot, page, "duesUndo")
    assert "45.00" in asker.questions[-1]
    assert line_of(page.table, "单军")[_("Paid")] == _("unpaid")
    assert payments(tab.db, school["单军"]) == {}


def test_ctrl_enter_pays_the_chosen_members_for_the_month(qtbot: QtBot, tab: DuesTab, school):
    with_bases(tab.db, school)
    tab.events.changed.emit(DUES)
    table = tab.month.table
    select(table, "王五")
    row = next(i for i, r in enumerate(cells(table)) if r[0] == "单军")
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     table.visualRect(table.model().index(row, 0)).center())
    assert sorted(line.name for line in tab.month.selected_lines()) == sorted(["王五", "单军"])
    qtbot.keyClick(table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert payments(tab.db, school["王五"]) == {JUNE: 1500}
    assert payments(tab.db, school["单军"]) == {JUNE: 4500}
    assert line_of(table, "王五")[_("Paid on")] == "2026-06-15"
    assert sorted(line.name for line in tab.month.selected_lines()) == sorted(["王五", "单军"])


def test_a_member_without_a_base_shows_grey(qtbot: QtBot, tab: DuesTab, school):
    page = tab.month
    shown = line_of(page.table, "单军")
    assert shown[_("Due")] == _("no base yet")
    assert foreground(page.table, 0, 0) == "#6b6b6b"
    assert _("no base yet: {count}").format(count=3) in page.totals.text()


def test_the_long_lists_keep_qts_rules_and_show_totals_in_bold(qtmodeltester, tab: DuesTab, school):  # type: ignore[no-untyped-def]
    with_bases(tab.db, school, names=("单军", "王五"))
    dues_since(tab.db, "2025-12-01")
    with tab.db.transaction() as session:
        dues.pay(session, school["单军"], [JUNE], PaymentDraft(TODAY, dues.PayMethod.CASH, note="现金"), today=TODAY)
    tab.events.changed.emit(DUES)
    for page in (tab.month, tab.year, tab.arrears):
        tab.pages.setCurrentWidget(page)
        assert page.model.rowCount() > 0, page.objectName()
        qtmodeltester.check(page.model)
    year = tab.year.table
    jun = column(year, _("Jun"))
    row = next(i for i, r in enumerate(cells(year)) if r[0] == "单军")
    assert tool_tip(year, row, jun) == _("; ").join([_("Due {amount} yuan").format(amount="45.00"),
                                                      _("Paid {amount} yuan").format(amount="45.00")])
    total = year.model().index(year.model().rowCount() - 1, 0)
    assert total.data() == _("Total") and total.data(Qt.ItemDataRole.FontRole).bold()
    assert not year.model().index(row, 0).data(Qt.ItemDataRole.FontRole)

    tab.pages.setCurrentWidget(tab.bases)
    people = tab.bases.list.model()
    qtmodeltester.check(people)
    shown = [people.index(i).data() for i in range(people.rowCount())]
    left = shown.index("调走　第一党支部" + _(" (left)"))  # the members who left come last, greyed
    assert left == len(shown) - 1 and foreground(tab.bases.list, left, 0) == "#6b6b6b"
    assert foreground(tab.bases.list, 0, 0) == ""


def test_the_totals_line_is_never_cut_off(qtbot: QtBot, tab: DuesTab, school):
    with_bases(tab.db, school, names=("单军",))
    with tab.db.transaction() as session:
        dues.add_base(session, school["曾国华"], BaseDraft(DuesKind.FIXED, "999999", dt.date(2026, 1, 1)), today=TODAY)
        dues.pay(session, school["曾国华"], [JUNE], PaymentDraft(TODAY, dues.PayMethod.CASH), today=TODAY)
    # As with thousands of members, where Qt measures only the first thousand lines: here one.
    tab.year.table.horizontalHeader().setResizeContentsPrecision(1)
    tab.events.changed.emit(DUES)
    tab.pages.setCurrentWidget(tab.year)
    table, model = tab.year.table, tab.year.model
    total = model.rowCount() - 1
    assert cells(table)[total][column(table, _("Jun"))] == "999999.00"
    widths = {table.columnWidth(column(table, _(m))) for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                                                               "Aug", "Sep", "Oct", "Nov", "Dec")}
    assert len(widths) == 1 and widths.pop() > tab.year.month_width  # wider for it, all twelve alike
    for header in (_("Jun"), _("Due"), _("Paid")):
        at = column(table, header)
        assert table.columnWidth(at) >= table.cell_width(model.index(total, at)), header

    tab.year.year.setValue(2025)  # before the dues kept here: back to the width of the paper form
    assert not [r for r in cells(table) if r[column(table, _("Jun"))]]
    assert table.columnWidth(column(table, _("Jun"))) == tab.year.month_width


# -- arrears -----------------------------------------------------------------------------------
def test_arrears_flag_six_months_with_article_9(qtbot: QtBot, tab: DuesTab, school):
    with_bases(tab.db, school, names=("王五",))
    tab.events.changed.emit(DUES)
    page = tab.arrears
    tab.pages.setCurrentWidget(page)
    shown = line_of(page.table, "王五")
    assert (shown[_("Months unpaid")], shown[_("In a row")], shown[_("Amount owed")]) == ("5", "5", "75.00")
    assert shown[_("Months")] == "2026.01—2026.05"
    assert not page.article.isVisible()
    assert foreground(page.table, 0, 0) != "#b00020"

    dues_since(tab.db, "2025-12-01")
    tab.events.changed.emit(kinds.SETTINGS)
    shown = line_of(page.table, "王五")
    assert (shown[_("In a row")], shown[_("Amount owed")]) == ("6", "90.00")
    assert page.article.isVisible() and _(ARTICLE_9) in page.article.text()
    assert foreground(page.table, 0, 0) == "#b00020"


# -- extras ------------------------------------------------------------------------------------
def test_a_large_extra_payment_is_marked(qtbot: QtBot, tab: DuesTab, school, asker: RecordingAsker):
    page = tab.extras
    tab.pages.setCurrentWidget(page)
    click(qtbot, page, "duesAddExtra")
    dialog = page.dialog
    dialog.amount.setText("1200")
    click(qtbot, dialog, "duesExtraOk")
    assert dialog.isVisible() and error(dialog, "person") and dialog.amount.text() == "1200"
    dialog.person.setEditText("单军")
    click(qtbot, dialog, "duesExtraOk")
    qtbot.waitUntil(lambda: page.dialog is None)
    shown = line_of(page.table, "2026-06-15")
    assert (shown[_("Name")], shown[_("Amount (yuan)")], shown[_("Hand-over")]) == ("单军", "1200.00", _("in full"))
    assert page.table.item(0, 3).foreground().color().name() == "#b00020"
    select(page.table, "2026-06-15")
    asker.answers = [True]
    click(qtbot, page, "duesDeleteExtra")
    assert page.table.rowCount() == 0


# -- files -------------------------------------------------------------------------------------
def test_exports_write_files(qtbot: QtBot, tab: DuesTab, school, asker: RecordingAsker, tmp_path):
    with_bases(tab.db, school)
    with tab.db.transaction() as session:
        dues.pay(session, school["单军"], [APRIL, MAY, JUNE], PaymentDraft(TODAY, dues.PayMethod.CASH,
                                                                           approval="支委会同意"), today=TODAY)
    tab.events.changed.emit(DUES)
    page = tab.month
    targets = [tmp_path / name for name in ("month.pdf", "month.xlsx", "quarter.pdf", "quarter.xlsx")]
    asker.files = list(targets)
    asker.choices = [0, 0, 0, 0]  # two branches shown together: the first is chosen each time
    for name in ("duesExportMonthPdf", "duesExportMonthXlsx", "duesExportQuarterPdf", "duesExportQuarterXlsx"):
        done = len(asker.infos)
        page.findChild(type(page.export_button.menu().actions()[0]), name).trigger()
        qtbot.waitUntil(lambda done=done: len(asker.infos) > done, timeout=20_000)
    assert all(t.exists() and t.stat().st_size > 0 for t in targets), asker.errors
    assert asker.suggested[0].name.endswith(".pdf") and "第一党支部" in asker.suggested[0].name

    tab.pages.setCurrentWidget(tab.year)
    year_file, person_file = tmp_path / "year.xlsx", tmp_path / "person.pdf"
    asker.files = [year_file, person_file]
    click(qtbot, tab.year, "duesYearXlsx")
    qtbot.waitUntil(lambda: year_file.exists(), timeout=20_000)
    assert not tab.year.person_button.isEnabled()
    select(tab.year.table, "单军")
    click(qtbot, tab.year, "duesPersonYearPdf")
    qtbot.waitUntil(lambda: person_file.exists(), timeout=20_000)
    assert "单军" in asker.suggested[-1].name
    assert not asker.errors


def test_nothing_is_read_until_shown(qtbot: QtBot, workspace: Workspace, school, asker: RecordingAsker):
    hidden = DuesTab(workspace.database, AppEvents(), asker, workspace.directory)
    qtbot.addWidget(hidden)
    hidden.events.changed.emit(DUES)
    assert hidden.month.view is None and hidden.year.view is None and hidden.arrears.rows == []
    hidden.show()
    qtbot.waitExposed(hidden)
    assert hidden.month.view is not None and hidden.year.view is None  # only the page shown reads


def test_every_control_has_a_name(tab: DuesTab):
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QTabBar,
        QWidget,
    )

    def inner(widget: QWidget) -> bool:  # Qt's part of a control: a spin box's text, a search box's clear button
        parent = widget.parentWidget()
        while parent is not None and parent is not tab:
            if isinstance(parent, QAbstractItemView | QAbstractSpinBox | QComboBox | QLineEdit | QTabBar):
                return True
            parent = parent.parentWidget()
        return False

    controls = [w for w in tab.findChildren(QWidget)
                if isinstance(w, QAbstractButton | QAbstractItemView | QAbstractSpinBox | QComboBox | QLineEdit)
                and not isinstance(w, QTabBar) and not inner(w)]
    assert controls and [w for w in controls if not w.objectName()] == []
