"""`djdesk --self-test`: proves an installed or bundled program works, on a temporary database."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from djdesk import __version__, i18n, paths
from djdesk.domain import idnumber
from djdesk.domain.people import PersonDraft, Post


def _catalogue() -> str:
    i18n.setup("zh_CN")
    if not i18n.is_catalogue_active() or i18n._("Members") != "党员":
        raise AssertionError("the Chinese catalogue is not active")
    return "zh_CN"


def _resources() -> str:
    for path in (paths.bundled_font(), paths.resource_dir() / "licences" / "Unicode-License.txt"):
        if not path.is_file():
            raise AssertionError(f"missing {path}")
    return str(paths.resource_dir())


def _guide_and_licences() -> str:
    """The user guide in both languages with its screenshots, the icon, and the libraries'
    metadata with licence texts (关于 reads them; the bundle has them only through copy_metadata)."""
    from djdesk import help as guide
    from djdesk import licences

    icon = paths.resource_dir() / "icons" / "djdesk.png"
    if not icon.is_file():
        raise AssertionError(f"missing {icon}")
    for language in i18n.LANGUAGES:
        for slug in guide.TOPICS:
            if not guide.title(slug, language):
                raise AssertionError(f"the guide's page {slug} ({language}) has no title")
    images = list(guide.images_dir().glob("*.png"))
    if not images:
        raise AssertionError(f"no screenshots in {guide.images_dir()}")
    libraries = licences.libraries()
    names = {c.name.lower().replace("_", "-") for c in libraries}
    for needed in ("pyside6-essentials", "sqlalchemy", "reportlab", "cryptography"):
        if needed not in names:
            raise AssertionError(f"no metadata for {needed}")
    without = [c.name for c in libraries if not c.texts]
    if without:
        raise AssertionError(f"no licence text for {', '.join(without)}")
    return f"{len(guide.TOPICS)} topics × {len(i18n.LANGUAGES)} languages, {len(images)} screenshots, " \
           f"{len(libraries)} libraries"


def _database(directory: Path) -> str:
    from djdesk.services import members
    from djdesk.store.opening import read_state
    from djdesk.workspace import open_workspace

    workspace = open_workspace(directory)  # creates it: runs every bundled migration
    try:
        today = workspace.database.clock.today()
        draft = PersonDraft(name="张喆", id_number=idnumber.make("620102", dt.date(1985, 3, 12), 11),
                            post=Post.TEACHER)
        with workspace.database.transaction() as session:
            added = members.add(session, draft, today=today)
        with workspace.database.transaction() as session:
            (row,) = members.list_rows(session)
        if row.name != "张喆" or "zz" not in row.search_initials.split() or row.id != added.id:
            raise AssertionError(f"read back {row}")
    finally:
        workspace.close()
    return read_state(paths.database_path(directory)).revision or "?"


def _spreadsheets(directory: Path) -> str:
    """The 花名册 written (XlsxWriter) and read back (openpyxl): both made it into the bundle."""
    from djdesk import paths as data_paths
    from djdesk.services import roster_export, roster_import
    from djdesk.sheets import roster, workbook
    from djdesk.store.opening import open_database

    database = open_database(data_paths.database_path(directory))
    target = directory / "self-test.xlsx"
    try:
        today = database.clock.today()
        with database.transaction() as session:
            roster_export.export_roster(session, target, today=today)
        sheet = workbook.read_sheet(target)
        header = roster.find_header(sheet)
        parsed = roster.parse(sheet, header, roster.auto_mapping(roster.headers_of(sheet, header)), today)
        with database.transaction() as session:
            plan = roster_import.plan(session, parsed, today)
    finally:
        database.dispose()
    if [row.action for row in plan.rows] != ["unchanged"]:
        raise AssertionError(f"read back as {[(r.action, r.problems) for r in plan.rows]}")
    return "exported and read back unchanged"


def _printed_roster(directory: Path) -> str:
    """The 花名册 PDF written (ReportLab, the CJK font embedded) and its text read back
    (pypdfium2): both libraries and the font made it into the bundle."""
    import pypdfium2

    from djdesk import paths as data_paths
    from djdesk.reports.roster import write_roster_pdf
    from djdesk.services.roster_print import roster_document
    from djdesk.store.opening import open_database

    database = open_database(data_paths.database_path(directory))
    target = directory / "self-test.pdf"
    try:
        with database.transaction() as session:
            document = roster_document(session, today=database.clock.today(), include_left=True)
        result = write_roster_pdf(document, target)
    finally:
        database.dispose()
    pdf = pypdfium2.PdfDocument(target)
    try:
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    if document.title not in text.replace("\r", "").replace("\n", ""):
        raise AssertionError(f"the title {document.title!r} is not in the page's text {text[:80]!r}")
    if b"/FontFile2" not in target.read_bytes():
        raise AssertionError("no embedded TrueType font")
    return f"{result.pages} page(s), font embedded, text read back"


def _printed_minutes(directory: Path) -> str:
    """A meeting's minutes with rare characters written, read back, and its first page
    rendered as the print preview renders it: the font covers the names, and pdfium draws."""
    import pypdfium2

    from djdesk.domain.meetings import MeetingKind
    from djdesk.reports import fonts
    from djdesk.reports.minutes import write_minutes_pdf
    from djdesk.services.minutes import MinutesDocument

    names = "王喆、李堃、赵赟、刘玥、陈珺、周昇、吴彧"
    document = MinutesDocument(
        meeting_id=1, heading="中共测试中学第一支部委员会", title="支部党员大会会议记录", kind=MeetingKind.GENERAL,
        held=True, starts_at=dt.datetime(2026, 6, 15, 14, 30), time="2026年6月15日 14:30—16:00", place="会议室",
        host="王喆（支部书记）", recorder="李堃", lecturer=None, expected=7, present=7, absent=(), guests="",
        topic="学习《中国共产党章程》", content=f"出席：{names}。\n一、学习“两学一做”——讨论。", vote=(), resolution="")
    missing = fonts.missing_glyphs(names + document.content)
    if missing:
        raise AssertionError(f"the font {fonts.font_name()} lacks {''.join(sorted(missing))}")
    target = directory / "self-test-minutes.pdf"
    result = write_minutes_pdf(document, target)
    if b"/FontFile2" not in target.read_bytes():
        raise AssertionError("no embedded TrueType font")
    pdf = pypdfium2.PdfDocument(target)
    try:
        page = pdf[0]
        text = page.get_textpage().get_text_range().replace("\r", "").replace("\n", "")
        bitmap = page.render(scale=100 / 72, grayscale=True)
        dark = sum(1 for value in bytes(bitmap.buffer) if value < 128)
        bitmap.close()
        page.close()
    finally:
        pdf.close()
    if "王喆" not in text or "陈珺" not in text:
        raise AssertionError(f"the names are not in the page's text {text[:80]!r}")
    if dark < 2000:
        raise AssertionError(f"the preview page is almost blank ({dark} dark pixels)")
    return f"{result.pages} page(s) in {fonts.font_name()}, preview rendered ({dark} dark pixels)"


def _holidays() -> str:
    """The holidays library with its data: the calendar marks 国庆节 and a known 调休 day."""
    import datetime as dt

    from djdesk.domain.holidays import DayKind, HolidayCalendar

    notes = HolidayCalendar().notes(2026)
    national = notes.get(dt.date(2026, 10, 1))
    worked = notes.get(dt.date(2026, 10, 10))
    if national is None or national.kind is not DayKind.HOLIDAY:
        raise AssertionError("2026-10-01 is not marked as a holiday")
    if worked is None or worked.kind is not DayKind.WORKDAY:
        raise AssertionError("the 调休 workday 2026-10-10 is not marked")
    return f"{national.name}, {worked.name} on 2026-10-10"


def _backup(directory: Path) -> str:
    """An encrypted backup written, read back and checked: the cipher and KDF are in the bundle."""
    from djdesk.store import backup

    target = directory / "usb"
    target.mkdir()
    written = backup.write_backup(paths.database_path(directory), target, password="自检 password",
                                  hint="", now=dt.datetime.now())
    checked = backup.check_backup(written.path, "自检 password")
    if checked.contents.counts.get("people") != 1:
        raise AssertionError(f"backup holds {checked.contents.counts}")
    return f"{written.path.stat().st_size} bytes, key in {written.kdf_seconds:.2f} s"


def _window(directory: Path) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from djdesk.ui.smoke import show_main_window

    return show_main_window(directory)


def run() -> int:
    print(f"djdesk {__version__} self-test")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="djdesk-self-test-") as temp:
        directory = Path(temp)
        checks: list[tuple[str, Callable[[], str]]] = [
            ("Chinese catalogue", _catalogue),
            ("bundled resources", _resources),
            ("user guide, icon and licences", _guide_and_licences),
            ("database: migrate, write and read a person", lambda: _database(directory)),
            ("spreadsheets: export the roster and read it back", lambda: _spreadsheets(directory)),
            ("printed roster: a PDF written and read back", lambda: _printed_roster(directory)),
            ("printed minutes: a PDF and its preview page", lambda: _printed_minutes(directory)),
            ("encrypted backup: written, read back and checked", lambda: _backup(directory)),
            ("holiday calendar", _holidays),
            ("main window", lambda: _window(directory)),
        ]
        for name, check in checks:
            try:
                detail = check()
            except Exception as error:  # a self-test reports every failure, then exits 1
                failures += 1
                print(f"FAIL  {name}: {type(error).__name__}: {error}")
            else:
                print(f"ok    {name}: {detail}")
    print("self-test passed" if not failures else f"self-test failed: {failures} check(s)")
    return 0 if not failures else 1
