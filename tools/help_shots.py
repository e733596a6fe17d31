"""Regenerate the user guide's screenshots: `uv run python tools/help_shots.py [NAME.png ...]`.

A fresh demo school in a temporary data folder, a fixed clock (Saturday 21 November 2026, 10:00),
the Chinese program offscreen: the same pictures on every run and every machine. Each picture is
one function below, registered with `@shot("NAME.png")`; the pictures go to
djdesk/resources/help/images. Dialogs are shown, never executed: nothing waits for a click.

The guide shows each picture at its natural size in a pane about 800 px wide, so a picture is a
dialog or a part of the window at its real size, at most `MAX_WIDTH` px wide. Two are scaled, as
little as their content allows: 师德考核 (its buttons need 904 px) and the compliance grid (twelve
months need about 940 px).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before Qt is imported: no screen needed
os.environ.pop("DJDESK_DATA_DIR", None)
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QRect, Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget  # noqa: E402

from djdesk import i18n  # noqa: E402

TODAY = dt.date(2026, 11, 21)
IMAGES = ROOT / "djdesk" / "resources" / "help" / "images"
MAX_WIDTH = 820
FRAME = QColor("#9a9a9a")  # a hairline around each picture: a dialog's grey on the page's white


@dataclass
class Stage:
    """What every picture's function gets: the application, the open window, the demo data."""

    app: QApplication
    window: object  # djdesk.ui.main_window.MainWindow
    workspace: object  # djdesk.workspace.Workspace
    asker: object  # _Asker
    scratch: Path  # a folder for files the pictures need (a workbook to import)

    def settle(self, seconds: float = 0.3) -> None:
        """Let Qt lay out, paint and run what was deferred (after_first_paint, timers)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.01)

    def wait(self, done: Callable[[], bool], what: str, timeout: float = 30) -> None:
        """Background work (reading a workbook, rendering a page) ends on its own time."""
        end = time.monotonic() + timeout
        while not done():
            if time.monotonic() > end:
                raise TimeoutError(f"waited {timeout} s for {what}")
            self.app.processEvents()
            time.sleep(0.02)
        self.settle()

    def tab(self, index: int, width: int = MAX_WIDTH, height: int = 560) -> None:
        """The main window at `width`×`height` showing the tab `index`."""
        self.window.resize(width, height)
        self.window.tabs.setCurrentIndex(index)
        self.settle(0.6)


SHOTS: dict[str, Callable[[Stage], QPixmap]] = {}


def shot(name: str) -> Callable[[Callable[[Stage], QPixmap]], Callable[[Stage], QPixmap]]:
    """Register a picture: the function returns what to save under `name`."""
    def register(make: Callable[[Stage], QPixmap]) -> Callable[[Stage], QPixmap]:
        SHOTS[name] = make
        return make
    return register


def grab(widget: QWidget, region: QRect | None = None) -> QPixmap:
    return widget.grab(region) if region is not None else widget.grab()


def region_of(widget: QWidget, inside: QWidget) -> QRect:
    """Where `widget` lies in `inside`'s coordinates."""
    return QRect(widget.mapTo(inside, widget.rect().topLeft()), widget.size()).intersected(inside.rect())


def close(dialog: QDialog) -> None:
    dialog.done(0)  # reject() may ask about unsaved typing; nothing was typed to keep


def snap(stage: Stage, dialog: QDialog) -> QPixmap:
    """The dialog as it settles on screen, then closed."""
    stage.settle()
    picture = grab(dialog)
    close(dialog)
    return picture


# -- the pictures ---------------------------------------------------------------------------------
@shot("setup.png")
def setup(stage: Stage) -> QPixmap:
    """The first-run wizard's branches page, as a school would fill it in."""
    from djdesk.ui.setup_wizard import SetupWizard

    wizard = SetupWizard(today=dt.date(2026, 11, 21), use_language=lambda _language: None)
    wizard.resize(MAX_WIDTH, 520)
    wizard.show()
    wizard.welcome.school_name.setText("兰州市城关区明德中学")
    wizard.next()
    first = wizard.branches_page.rows[0]
    first.full_name.setText("中共兰州市城关区明德中学第一支部委员会")
    first.full_name.textEdited.emit("")
    first.term_start.setText("2024.09")
    wizard.branches_page.add_row(name="退休党支部")
    stage.settle()
    try:
        return grab(wizard)
    finally:
        wizard.done(0)


@shot("roster.png")
def roster(stage: Stage) -> QPixmap:
    stage.tab(0, MAX_WIDTH, 560)
    return grab(stage.window)


@shot("import.png")
def import_preview(stage: Stage) -> QPixmap:
    stage.tab(0)
    stage.asker.files.append(roster_workbook(stage))
    members = stage.window.members
    members.import_action.trigger()
    dialog = members.dialog
    dialog.choose_file()
    stage.wait(lambda: dialog.sheet.currentText() != "", "the workbook's sheets")
    dialog.read()
    stage.wait(lambda: dialog.pages.currentIndex() == 1 and not dialog.busy_work, "the import preview")
    dialog.resize(MAX_WIDTH, 560)
    dialog.sample.horizontalScrollBar().setValue(0)
    return snap(stage, dialog)


@shot("person.png")
def person(stage: Stage) -> QPixmap:
    stage.tab(0)
    members = stage.window.members
    members.open_person(person_id(stage, PERSON))
    dialog = members.dialog
    dialog.resize(MAX_WIDTH - 20, 360)  # every page's tab in sight; the first page is short
    return snap(stage, dialog)


@shot("plan.png")
def plan(stage: Stage) -> QPixmap:
    calendar = stage.window.calendar
    stage.tab(1, 1100, 700)
    calendar.plan_action.trigger()
    dialog = calendar.dialog
    dialog.year.setValue(TODAY.year + 1)  # in late November the office plans next year
    stage.wait(lambda: not dialog.busy_work and dialog.table.rowCount() > 0, "the year's plan")
    dialog.resize(MAX_WIDTH, 600)
    dialog.table.setFocus()  # not the year's box: its blinking cursor would differ between runs
    return snap(stage, dialog)


@shot("calendar.png")
def calendar(stage: Stage) -> QPixmap:
    """The month grid at a comfortable size; the day's list beside it is left out."""
    tab = stage.window.calendar
    stage.tab(1, 1240, 720)
    # The grid's side ends where the search field begins: that field stretches, the rest stays.
    search = tab.findChild(QLineEdit)
    edge = search.mapTo(stage.window, search.rect().topLeft()).x() - 6
    left = tab.splitter.widget(0)
    width = edge - left.mapTo(stage.window, left.rect().topLeft()).x()
    tab.splitter.setSizes([width, tab.splitter.width() - width - tab.splitter.handleWidth()])
    stage.settle()
    grid = region_of(left, stage.window)
    return grab(stage.window, QRect(0, 0, min(grid.right() + 5, MAX_WIDTH), grid.bottom() + 4))


@shot("compliance.png")
def compliance(stage: Stage) -> QPixmap:
    calendar = stage.window.calendar
    stage.tab(1, 1100, 700)
    calendar.compliance_action.trigger()
    dialog = calendar.dialog
    # Twelve months need about 940 px: the dialog as wide as its grid asks, then scaled to the
    # guide (a scroll bar hiding November and December would mislead more than smaller text).
    stage.settle()
    width = MAX_WIDTH
    while dialog.grid.horizontalScrollBar().maximum() > 0 and width < 1400:
        width += 10
        dialog.resize(width, dialog.height())
        stage.settle(0.05)
    dialog.year.clearFocus()
    stage.settle()
    picture = grab(dialog).scaledToWidth(MAX_WIDTH, Qt.TransformationMode.SmoothTransformation)
    close(dialog)
    return picture


@shot("meeting.png")
def meeting(stage: Stage) -> QPixmap:
    calendar = stage.window.calendar
    stage.tab(1, 1100, 700)
    calendar.select_meeting(pictured_meeting(stage))
    calendar.open_action.trigger()
    dialog = calendar.dialog
    dialog.tabs.setCurrentWidget(dialog.grid)
    return snap(stage, dialog)


@shot("minutes.png")
def minutes(stage: Stage) -> QPixmap:
    """The meeting's minutes beside their printed page; the list of meetings is left out."""
    stage.tab(6, 1280, 700)
    tab = stage.window.minutes
    tab.select_meeting(pictured_meeting(stage))
    pictured = MAX_WIDTH - 12  # the editor's and the preview's panes, side by side
    half = (pictured - tab.splitter.handleWidth()) // 2
    tab.splitter.setSizes([tab.splitter.width() - pictured - tab.splitter.handleWidth(), half, half])
    stage.wait(lambda: not tab.preview.busy(), "the page preview")
    stage.settle(0.5)
    panes = region_of(tab.splitter, stage.window)
    left = tab.splitter.widget(1).mapTo(stage.window, tab.splitter.widget(1).rect().topLeft()).x()
    return grab(stage.window, QRect(left - 4, panes.top() - 6, min(panes.right() - left + 10, MAX_WIDTH),
                                    panes.height() + 12))


@shot("ethics.png")
def ethics(stage: Stage) -> QPixmap:
    """The one picture scaled: the tab's row of buttons needs 904 px and all of it is explained."""
    stage.window.ethics.setMinimumWidth(0)
    stage.tab(2, 908, 600)
    picture = grab(stage.window).scaledToWidth(MAX_WIDTH, Qt.TransformationMode.SmoothTransformation)
    stage.window.ethics.setMinimumWidth(MAX_WIDTH - 40)
    stage.settle()  # the window's least width follows before the next picture
    return picture


@shot("review.png")
def review(stage: Stage) -> QPixmap:
    stage.tab(3, MAX_WIDTH, 600)
    return grab(stage.window)


@shot("study.png")
def study(stage: Stage) -> QPixmap:
    stage.tab(4, MAX_WIDTH, 560)
    stage.window.study.pages.setCurrentIndex(2)  # 学时统计
    stage.settle(0.6)
    return grab(stage.window)


@shot("dues.png")
def dues(stage: Stage) -> QPixmap:
    stage.tab(5, MAX_WIDTH, 560)
    page = stage.window.dues.month
    page.step(-1)  # last month: collected, mostly; this one has only begun
    stage.settle(0.6)
    return grab(stage.window)


@shot("backup.png")
def backup(stage: Stage) -> QPixmap:
    from djdesk.drives import Drive
    from djdesk.ui.backup.backup_dialog import BackupDialog

    stage.tab(0)
    # The office PC's stick as Windows names it; this machine has none to show.
    stick = Drive(Path("E:\\"), "KINGSTON", 28_600_000_000, 31_000_000_000)
    dialog = BackupDialog(stage.workspace.database, stage.window.events, stage.asker, stage.window,
                          drives=lambda: [stick])
    dialog._free = lambda _target: stick.free  # type: ignore[method-assign]
    dialog.refresh_drives()
    dialog.password.setText("2026dangban!")
    dialog.again.setText("2026dangban!")
    dialog.hint.setText("在党办保险柜的信封里")  # where it is kept, never the password itself
    dialog.show()
    return snap(stage, dialog)


# -- what the pictures show -----------------------------------------------------------------------
PERSON = "于芳"  # a teacher and party member of the first branch, in several pictures of the demo


def person_id(stage: Stage, name: str) -> int:
    from djdesk.services import members

    with stage.workspace.database.transaction() as session:
        return next(row.id for row in members.list_rows(session) if row.name == name)


def pictured_meeting(stage: Stage) -> int:
    """The first branch's latest held 支部党员大会: attendance, a vote and written minutes."""
    from djdesk.domain.meetings import MeetingKind, MeetingStatus
    from djdesk.services import meetings

    with stage.workspace.database.transaction() as session:
        rows = meetings.list_rows(session, year=TODAY.year, status=MeetingStatus.HELD)
    return [r for r in rows if r.kind is MeetingKind.GENERAL and r.branch == "第一党支部"][-1].id


def roster_workbook(stage: Stage) -> Path:
    """A roster as an office keeps it in Excel: teachers who came this term, one known person with
    a new phone number, one ID number mistyped — what the preview is there to show."""
    import openpyxl

    from djdesk.domain import idnumber
    from djdesk.services import members

    with stage.workspace.database.transaction() as session:
        known = members.get(session, person_id(stage, PERSON)).draft
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "党员花名册"
    sheet.append(["序号", "姓名", "性别", "民族", "出生年月", "身份证号", "政治面貌", "所在党支部", "党小组",
                  "入党时间", "转正时间", "工作岗位", "职称", "教研组", "联系电话"])
    people = [
        ("林晓雯", 2, dt.date(1994, 5, 12), "中共党员", "第一党小组", "2018.06", "2019.06", "一级教师", "语文组"),
        ("郭振华", 1, dt.date(1989, 9, 3), "中共党员", "第二党小组", "2012.05", "2013.05", "高级教师", "数学组"),
        ("何佳宁", 2, dt.date(1998, 1, 25), "共青团员", "", "", "", "二级教师", "英语组"),
        ("唐思远", 1, dt.date(1996, 11, 8), "中共预备党员", "第三党小组", "2026.06", "", "二级教师", "物理组"),
        ("谢雨桐", 2, dt.date(1992, 7, 19), "群众", "", "", "", "一级教师", "生物组"),
    ]
    for number, (name, sex, born, status, group, joined, full, title, department) in enumerate(people, 1):
        code = idnumber.make("620102", born, 100 + 2 * number + (sex == 1))
        party = status.startswith("中共")
        sheet.append([number, name, "男" if sex == 1 else "女", "汉族", f"{born:%Y.%m}", code, status,
                      "第一党支部" if party else "", group, joined, full, "教师", title, department,
                      f"1389310{number:04d}"])
    wrong = idnumber.make("620102", dt.date(1990, 3, 14), 128)
    wrong = wrong[:-1] + ("1" if wrong[-1] != "1" else "2")  # a slip of the finger: the check fails
    sheet.append([6, "马丽娟", "女", "回族", "1990.03", wrong, "群众", "", "", "", "", "教师", "一级教师",
                  "化学组", "13893106666"])
    # An ID number typed into a number cell: Excel keeps only 15 digits of it.
    as_number = next(int(code) for code in (idnumber.make("620102", dt.date(1987, 8, 30), q) for q in range(131, 199, 2))
                     if code[-1].isdigit())
    sheet.append([7, "杜明轩", "男", "汉族", "1987.08", as_number, "群众", "", "", "", "", "教师", "一级教师",
                  "地理组", "13893107777"])
    sheet.append([8, PERSON, "女", known.ethnicity, "", known.id_number, "中共党员", "第一党支部", "",
                  "", "", "", "", "", "13919312345"])  # blank cells never erase: only the phone changes
    for column, width in zip("ABCDEFGHIJKLMNO", (6, 10, 6, 6, 10, 22, 14, 12, 12, 10, 10, 10, 10, 10, 14)):
        sheet.column_dimensions[column].width = width
    path = stage.scratch / "新调入教师花名册.xlsx"
    book.save(path)
    return path


# -- running ----------------------------------------------------------------------------------------
class _Asker:
    """The program's questions answered as a user making the pictures would: the workbook to
    import. A message or any other question means a picture went wrong: the run stops."""

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.messages: list[str] = []

    def open_file(self, parent: object, title: str, filters: str) -> Path | None:
        return self.files.pop(0)

    def error(self, parent: object, message: str) -> None:
        self.messages.append(message)

    info = error

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        raise AssertionError(f"a picture asked the user something unexpected: {name}")


def save(picture: QPixmap, path: Path) -> None:
    """With a hairline frame, at PNG's best compression; refused when too wide for the guide."""
    image = picture.toImage().convertToFormat(QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(1)
    if image.width() > MAX_WIDTH:
        raise ValueError(f"{path.name} is {image.width()} px wide; the guide's pane shows {MAX_WIDTH}")
    painter = QPainter(image)
    painter.setPen(FRAME)
    painter.drawRect(0, 0, image.width() - 1, image.height() - 1)
    painter.end()
    if not image.save(str(path), "PNG", 0):  # quality 0: the smallest file
        raise OSError(f"{path} could not be written")


def main(names: list[str]) -> int:
    i18n.setup("zh_CN")
    app = QApplication(sys.argv[:1])
    from djdesk.domain.clock import FixedClock
    from djdesk.ui import fonts
    from djdesk.ui.main_window import MainWindow
    from djdesk.ui.prefs import Prefs
    from djdesk.workspace import open_workspace

    fonts.install(app)
    unknown = [n for n in names if n not in SHOTS]
    if unknown:
        print("no such picture:", ", ".join(unknown), "— known:", ", ".join(SHOTS), file=sys.stderr)
        return 2
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="djdesk-shots-") as temp:
        directory = Path(temp) / "data"
        print("generating the demo school…", flush=True)
        workspace = open_workspace(directory, demo=True, clock=FixedClock.on(TODAY, hour=10))
        asker = _Asker()
        window = MainWindow(directory, asker, Prefs(directory))  # type: ignore[arg-type]
        window.attach(workspace)
        window.show()
        stage = Stage(app, window, workspace, asker, Path(temp))
        stage.wait(lambda: window.dues is not None, "the tabs")
        window.backup.banner.dismiss()  # 稍后: the reminder would take room in every picture
        # The database's path would show this run's temporary folder, and the office PC's own is
        # too long for the guide's width: the status bar's other labels are what the pages explain.
        window.path_label.hide()
        # 师德考核's row of buttons needs 904 px and so sets the least width of the window; the
        # other tabs fit the guide's width and are pictured at it (ethics.png is scaled).
        window.ethics.setMinimumWidth(MAX_WIDTH - 40)
        stage.settle(1)
        try:
            for name, make in SHOTS.items():
                if names and name not in names:
                    continue
                picture = make(stage)
                if asker.messages:
                    raise RuntimeError(f"{name}: the program said {asker.messages}")
                save(picture, IMAGES / name)
                print(f"{name}: {picture.width()}×{picture.height()}", flush=True)
        finally:
            window.close()
            workspace.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
