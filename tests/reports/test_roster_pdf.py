"""The printed 党员花名册: who is on it, in which order, every page headed and numbered, fonts embedded."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from djdesk.domain.dates import PartialDate
from djdesk.domain.errors import NotFoundError
from djdesk.domain.people import LeftReason, PoliticalStatus, Stage
from djdesk.domain.strokes import name_key
from djdesk.i18n import _
from djdesk.reports import fonts
from djdesk.reports.roster import PdfResult, write_roster_pdf
from djdesk.services import members
from djdesk.services import settings as settings_service
from djdesk.services.roster_print import RosterDocument, RosterLine, roster_document
from djdesk.store.database import Database
from tests.factories import branch, draft, member_draft

# Rare characters of real names, behind surnames of 2, 4, 5, ... 11 strokes: the official
# order is this one, whatever the order they were added in.
RARE = ("丁喆", "王堃", "白赟", "刘玥", "李珺", "周昇", "赵彧", "钱琍", "黄鑫")
FILLERS = tuple(f"{surname}{given}" for surname in "郑蔡谢韩唐冯" for given in ("志强", "海燕", "建国", "丽华", "文博"))
NOT_MEMBER = 0x20000  # 𠀀, CJK Extension B: no GBK font has it


def school(db: Database, today: dt.date) -> dict[str, int]:
    """Two branches: the rare names and a probationary member in the first, fillers in the
    retired one; a non-member, a member of another party and a member who left."""
    with db.transaction() as session:
        settings_service.save(session, settings_service.SchoolSettings(school_name="测试中学"))
        first = branch(session, "第一党支部", ("第一党小组",))
        retired = branch(session, "退休党支部", ("退休党小组",))
        for name in reversed(RARE):
            members.add(session, member_draft(first.id, name=name, group_id=first.groups[0].id, phone="13931012345",
                                              education="大学本科", title="一级教师", ethnicity="汉族"), today=today)
        for name in FILLERS:
            members.add(session, member_draft(retired.id, name=name, group_id=retired.groups[0].id), today=today)
        members.add(session, member_draft(first.id, name="林晓", political_status=PoliticalStatus.CPC_PROBATIONARY,
                                          stage=Stage.PROBATIONARY, joined_on=PartialDate(2025, 7, 1), full_on=None),
                    today=today)
        members.add(session, draft(name="张群众"), today=today)
        members.add(session, draft(name="陈民进", political_status=PoliticalStatus.CAPD), today=today)
        gone = members.add(session, member_draft(first.id, name="宋调走"), today=today)
        members.mark_left(session, gone.id, on=PartialDate(2026, 3, 1), reason=LeftReason.TRANSFERRED_OUT,
                          note="中共某校支部委员会", today=today)
        return {"first": first.id, "retired": retired.id}


def page_texts(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        texts = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        pdf.close()


def positions(text: str, names: list[str]) -> list[int]:
    # A name as a whole cell: preceded by the line's number and a space.
    return [re.search(rf"\d {re.escape(name)} ", text).start() for name in names]  # type: ignore[union-attr]


def test_the_roster_lists_party_members_in_stroke_order(db: Database, today: dt.date) -> None:
    school(db, today)
    with db.transaction() as session:
        doc = roster_document(session, today=today)
    names = [line.name for line in doc.lines]
    assert sorted(names) == sorted([*RARE, *FILLERS, "林晓"])  # no non-member, nobody who left
    assert names == sorted(names, key=name_key)
    assert [n for n in names if n in RARE] == list(RARE)
    assert [line.number for line in doc.lines] == list(range(1, len(names) + 1))
    assert doc.title == _("CPC {school} Party member roster").format(school="测试中学")
    assert (doc.subtitle, doc.unit, doc.printed_on) == ("", "测试中学", today)

    wang = next(line for line in doc.lines if line.name == "王堃")
    assert (wang.born, wang.joined, wang.full) == ("1985.03", "2010.06.28", "2011.06.28")
    assert (wang.branch, wang.group, wang.phone, wang.education) == ("第一党支部", "第一党小组", "13931012345", "大学本科")
    assert wang.post_title == f"{_('Teacher')}/一级教师"
    lin = next(line for line in doc.lines if line.name == "林晓")
    assert (lin.joined, lin.full) == ("2025.07.01", Stage.PROBATIONARY.label)


def test_one_branch_and_people_who_left(db: Database, today: dt.date) -> None:
    ids = school(db, today)
    with db.transaction() as session:
        first = roster_document(session, today=today, branch_id=ids["first"])
        with_left = roster_document(session, today=today, branch_id=ids["first"], include_left=True)
        with pytest.raises(NotFoundError):
            roster_document(session, today=today, branch_id=9999)
    assert [line.name for line in first.lines] == sorted([*RARE, "林晓"], key=name_key)
    assert (first.subtitle, first.unit) == ("第一党支部", "中共测试学校第一党支部委员会")
    assert "宋调走" in [line.name for line in with_left.lines]


def test_the_pdf_has_every_member_in_order_a_header_on_every_page_and_page_numbers(
        db: Database, today: dt.date, tmp_path: Path) -> None:
    school(db, today)
    with db.transaction() as session:
        doc = roster_document(session, today=today)
    path = tmp_path / "花名册.pdf"
    result = write_roster_pdf(doc, path)

    pages = page_texts(path)
    assert result == PdfResult(pages=len(pages), missing={})
    assert len(pages) >= 2
    whole = "\n".join(pages)
    names = [line.name for line in doc.lines]
    found = positions(whole, names)
    assert found == sorted(found)  # printed in the official order, each once
    for name in ("张群众", "陈民进", "宋调走"):
        assert name not in whole
    assert doc.title in pages[0] and "13931012345" in whole
    assert not re.search(r"\d{17}[\dX]", whole)  # never an ID number on paper
    for number, text in enumerate(pages, start=1):
        header = " ".join(_(h) for h in ("No.", "Name", "Sex", "Ethnic group", "Born"))
        assert header in text, f"page {number} has no header"
        assert _("Page {page} of {pages}").format(page=number, pages=len(pages)) in text
    assert doc.title not in pages[1]  # the title heads the first page only


def test_the_font_is_embedded_and_no_standard_font_is_named(
        db: Database, today: dt.date, tmp_path: Path) -> None:
    school(db, today)
    with db.transaction() as session:
        doc = roster_document(session, today=today)
    path = tmp_path / "roster.pdf"
    write_roster_pdf(doc, path)
    raw = path.read_bytes()
    assert b"/FontFile2" in raw  # a TrueType font program, subset and embedded
    base_fonts = re.findall(rb"/BaseFont /([A-Za-z0-9+-]+)", raw)
    assert base_fonts and all(b"+" in name for name in base_fonts), base_fonts  # subsets only
    assert b"Helvetica" not in raw and b"STSong" not in raw


def test_missing_glyphs_ignores_space_and_finds_what_the_font_lacks() -> None:
    rare = chr(NOT_MEMBER)
    assert fonts.missing_glyphs("".join(RARE) + "·　 \t\n\u200b0123ABC（）、：") == set()
    assert fonts.missing_glyphs(f"王{rare}😀") == {rare, "😀"}
    assert fonts.font_name() == fonts.font_name()  # registered once


def line(number: int, name: str, **changes: str) -> RosterLine:
    values = dict(sex="男", ethnicity="汉族", born="1980.01", education="大学本科", joined="2010.06.28",
                  full="2011.06.28", branch="第一党支部", group="第一党小组", post_title="教师", phone="13900000000")
    values.update(changes)
    return RosterLine(number=number, name=name, **values)  # type: ignore[arg-type]


def test_a_character_the_font_lacks_is_reported_and_the_pdf_still_written(tmp_path: Path, today: dt.date) -> None:
    rare = chr(NOT_MEMBER)
    doc = RosterDocument(title="中共测试中学党员花名册", subtitle="", unit="测试中学", printed_on=today, lines=(
        line(1, f"王{rare}"), line(2, "李明", group=f"第{rare}小组"), line(3, f"张{rare}😀")))
    path = tmp_path / "roster.pdf"
    result = write_roster_pdf(doc, path)
    assert result.pages == 1 and path.exists()
    assert result.missing == {rare: [f"王{rare}", f"第{rare}小组", f"张{rare}😀"], "😀": [f"张{rare}😀"]}
    assert "李明" in page_texts(path)[0]


def test_long_cells_wrap_inside_their_column_and_an_empty_roster_prints(tmp_path: Path, today: dt.date) -> None:
    long_post = "教师/一级教师兼学校团委书记、年级组长"
    doc = RosterDocument(title="党员花名册", subtitle="第一党支部", unit="", printed_on=today, lines=(
        line(1, "阿依古丽·买买提明", post_title=long_post), line(2, "Alexander Smith")))
    path = tmp_path / "roster.pdf"
    assert write_roster_pdf(doc, path).pages == 1
    text = page_texts(path)[0]
    assert "阿依古丽" in text and "年级组长" in text and "Alexander" in text and "第一党支部" in text

    empty = RosterDocument(title="党员花名册", subtitle="", unit="", printed_on=today, lines=())
    assert write_roster_pdf(empty, tmp_path / "empty.pdf") == PdfResult(pages=1, missing={})
    assert _("Page {page} of {pages}").format(page=1, pages=1) in page_texts(tmp_path / "empty.pdf")[0]


def test_in_english_the_printout_is_english(tmp_path: Path, today: dt.date) -> None:
    from djdesk import i18n

    i18n.setup("en")
    doc = RosterDocument(title="Party member roster", subtitle="", unit="Test School", printed_on=today,
                         lines=(line(1, "李明"),))
    write_roster_pdf(doc, tmp_path / "roster.pdf")
    text = page_texts(tmp_path / "roster.pdf")[0]
    assert "Unit: Test School" in text and "Printed on: 2026.06.15" in text and "Page 1 of 1" in text
    assert "Members: 1 (in the order of surname strokes)" in text
    assert "No. Name Sex Ethnic" in text and "Contact phone" in text


def test_a_failed_write_leaves_no_file(tmp_path: Path, today: dt.date, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.platypus import SimpleDocTemplate

    def fail(self, story, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(SimpleDocTemplate, "build", fail)
    doc = RosterDocument(title="党员花名册", subtitle="", unit="", printed_on=today, lines=(line(1, "李明"),))
    with pytest.raises(OSError):
        write_roster_pdf(doc, tmp_path / "roster.pdf")
    assert list(tmp_path.iterdir()) == []


def test_many_pages_keep_every_row_once(tmp_path: Path, today: dt.date) -> None:
    """The table is fed to ReportLab a page at a time: no row lost or repeated at the joins."""
    lines = tuple(line(n, f"王{n:04d}", post_title="教师/一级教师兼年级组长和学校团委书记" if n % 7 == 0 else "教师")
                  for n in range(1, 401))
    doc = RosterDocument(title="党员花名册", subtitle="", unit="", printed_on=today, lines=lines)
    path = tmp_path / "roster.pdf"
    result = write_roster_pdf(doc, path)
    pages = page_texts(path)
    assert result.pages == len(pages) > 10
    numbers = [int(n) for page in pages for n in re.findall(r"(?m)^(\d+) 王\d{4} ", page)]
    assert numbers == list(range(1, 401))
