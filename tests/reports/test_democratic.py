"""The printed 民主评议党员 papers (测评表, 计票表, 结果汇总表) and the result sheet, from a real
evaluation on a temporary SQLite file, read back from the PDF and the xlsx."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from openpyxl import load_workbook

from djdesk.domain.dates import PartialDate
from djdesk.domain.democratic import ReviewGrade, Tally
from djdesk.domain.meetings import MeetingDraft, MeetingKind
from djdesk.domain.minutes import date_text
from djdesk.domain.people import LeftReason, PoliticalStatus
from djdesk.i18n import _
from djdesk.reports.democratic import (
    PdfResult,
    write_ballots_pdf,
    write_results_pdf,
    write_tally_pdf,
)
from djdesk.services import democratic as svc
from djdesk.services import meeting_edit, members
from djdesk.services.meeting_edit import MeetingForm
from djdesk.sheets.democratic import write_results_xlsx
from djdesk.store.database import Database
from tests.conftest import TODAY
from tests.factories import branch, member_draft
from tests.reports.test_roster_pdf import page_texts

SCHOOL = "测试中学"
E, C, I = ReviewGrade.EXCELLENT, ReviewGrade.COMPETENT, ReviewGrade.INCOMPETENT
GRADES = ("优秀", "合格", "基本合格", "不合格")
BRANCH_FULL = "中共测试学校第一党支部委员会"
REASON = "优秀名额所限，经支委会研究评定为合格"
HANDLING = "限期改正"
# 按姓氏笔画: 王 (4) 李 (7) 张 (7) 周 (8) 赵 (9); 刘 (6) left in October and is listed apart.
NAMES = ["王喆", "李玥", "张珺", "周昇", "赵彧"]
SURNAMES = "丁于马方孔石白吕朱"
GIVEN = "一平安明华"


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def review(db: Database, *, fillers: int = 0, results: bool = True) -> svc.ReviewView:
    """The 2025 evaluation of 第一党支部 (held at the 组织生活会 of 20 January 2026)."""
    with db.transaction() as session:
        first = branch(session, "第一党支部", ("第一党小组", "第二党小组"))
        one, two = (g.id for g in first.groups)
        ids = {}
        for name, group, changes in (
                ("王喆", one, {}), ("李玥", one, {}), ("张珺", two, {}), ("周昇", two, {}),
                ("赵彧", one, dict(political_status=PoliticalStatus.CPC_PROBATIONARY,
                                   joined_on=PartialDate(2025, 7, 1), full_on=None)),
                ("刘走", two, {})):
            ids[name] = members.add(session, member_draft(first.id, name=name, group_id=group, **changes),
                                    today=TODAY).id
        for n in range(fillers):
            name = SURNAMES[n % len(SURNAMES)] + GIVEN[n // len(SURNAMES) % len(GIVEN)]
            members.add(session, member_draft(first.id, name=name, group_id=two), today=TODAY)
        members.mark_left(session, ids["刘走"], on=PartialDate(2025, 10, 8), reason=LeftReason.TRANSFERRED_OUT,
                          note="中共某校支部委员会", today=TODAY)
        life = MeetingDraft(kind=MeetingKind.LIFE_MEETING, year=2025, branch_id=first.id,
                            starts_at=dt.datetime(2026, 1, 20, 15), title="2025年度组织生活会",
                            host_id=ids["王喆"], recorder_id=ids["李玥"])
        meeting = meeting_edit.save(session, None, MeetingForm(draft=life, held=True), now=dt.datetime(2026, 6, 15, 10))
        review_id = svc.open_review(session, first.id, 2025, TODAY)
    if not results:
        with db.transaction() as session:
            return svc.review_view(session, review_id)
    with db.transaction() as session:
        svc.update_review(session, review_id, svc.ReviewDraft(meeting, 5, "1/3", dt.date(2026, 1, 20)), TODAY)
        entries = {e.name: e.id for e in svc.review_view(session, review_id).members}
        for name, tally, grade, changes in (
                ("王喆", Tally(4, 1, 0, 0), E, {}),
                ("李玥", Tally(3, 2, 0, 0), C, dict(grade_reason=REASON)),  # against the majority
                ("张珺", Tally(0, 5, 0, 0), C, {}),
                ("周昇", Tally(0, 1, 1, 3), I, dict(handling=HANDLING, handled_on=dt.date(2026, 2, 10)))):
            svc.record(session, entries[name], svc.EntryDraft("", tally, grade, **changes), TODAY)
        return svc.review_view(session, review_id)


# -- 民主测评表 --------------------------------------------------------------------------------
def test_each_ballot_copy_is_one_identical_page_listing_every_member_and_the_cap(
        db: Database, tmp_path: Path) -> None:
    view = review(db)
    assert [e.name for e in view.members] == NAMES and [e.name for e in view.apart] == ["刘走"]
    assert view.cap == 1
    path = tmp_path / "测评表.pdf"
    result = write_ballots_pdf(view, SCHOOL, path)
    texts = page_texts(path)
    assert result == PdfResult(pages=5, missing={}) and len(texts) == 5  # one copy a member evaluated
    title = _("{branch} democratic review {year}: evaluation ballot").format(branch=BRANCH_FULL, year=2025)
    cap = _("Excellent may be given to at most {share} of the members evaluated, that is to at most {cap}.").format(
        share="1/3", cap=1)
    for text in texts:
        whole = flat(text)
        assert flat(title) in whole and flat(cap) in whole and "√" in text
        assert flat(_("This ballot is anonymous. For each member, mark “√” in one grade column only.")) in whole
        assert flat(" ".join([_("No."), _("Name"), _("Category"), *GRADES])) in whole  # the box captions
        # every member once, in order, with the short 类别; nobody listed apart
        assert re.findall(r"(?m)^(\d) (\S+) (\S+)\s*$", text) == [
            ("1", "王喆", "正式党员"), ("2", "李玥", "正式党员"), ("3", "张珺", "正式党员"),
            ("4", "周昇", "正式党员"), ("5", "赵彧", "预备党员")]
        assert "刘走" not in text
        assert flat(_("Date of the vote: {date}").format(date=date_text(dt.date(2026, 1, 20)))) in whole
        # neither 第 x 份 nor a page number running through the pile
        assert not re.search(r"第\s*\d+\s*[份页]", text)
        assert _("Page {page} of {pages}").format(page=1, pages=5) not in text
    assert len(set(texts)) == 1  # the copies are identical: nothing tells one voter's from another's

    write_ballots_pdf(view, SCHOOL, path, copies=2)
    assert len(page_texts(path)) == 2


def test_a_ballot_without_cap_or_date_leaves_them_out_and_blank(db: Database, tmp_path: Path) -> None:
    view = dataclasses.replace(review(db, results=False), share="", meeting=None, decided_on=None)
    assert view.cap is None and view.held_on is None
    path = tmp_path / "测评表.pdf"
    assert write_ballots_pdf(view, SCHOOL, path, copies=0).pages == 1  # at least one
    (text,) = page_texts(path)
    assert "1/3" not in text and flat(_("Date of the vote:      year    month    day")) in flat(text)


def test_a_long_branch_takes_two_pages_a_copy_each_with_its_header(db: Database, tmp_path: Path) -> None:
    view = review(db, fillers=40, results=False)
    assert len(view.members) == 45
    path = tmp_path / "测评表.pdf"
    result = write_ballots_pdf(view, SCHOOL, path, copies=3)
    texts = page_texts(path)
    assert result.pages == len(texts) == 6 and result.missing == {}
    title = _("{branch} democratic review {year}: evaluation ballot").format(branch=BRANCH_FULL, year=2025)
    header = flat(" ".join([_("No."), _("Name"), _("Category"), *GRADES]))
    for copy in range(3):
        first, second = texts[2 * copy], texts[2 * copy + 1]
        assert flat(title) in flat(first) and flat(header) in flat(first)
        assert flat(header) in flat(second)  # the header repeated on the continued page
        assert flat(_("{title} (continued)").format(title=title)) in flat(second)
        assert _("Page {page} of {pages}").format(page=1, pages=2) in first
        assert _("Page {page} of {pages}").format(page=2, pages=2) in second
        numbers = [int(n) for n in re.findall(r"(?m)^(\d+) \S+ (?:正式党员|预备党员)", first + "\n" + second)]
        assert numbers == list(range(1, 46))  # every member of the copy, once, across its two pages
        names = flat(first + second)
        assert all(e.name in names for e in view.members)
    assert texts[0] == texts[2] == texts[4] and texts[1] == texts[3] == texts[5]


# -- 计票表 ------------------------------------------------------------------------------------
def test_the_count_sheet_shows_the_recorded_marks_and_blank_cells_otherwise(
        db: Database, tmp_path: Path) -> None:
    view = review(db)
    path = tmp_path / "计票表.pdf"
    assert write_tally_pdf(view, SCHOOL, path) == PdfResult(pages=1, missing={})
    (text,) = page_texts(path)
    whole = flat(text)
    title = _("{branch} democratic review {year}: ballot count").format(branch=BRANCH_FULL, year=2025)
    assert flat(title) in whole
    assert flat(" ".join([_("No."), _("Name"), *GRADES, _("Total")])) in whole
    assert flat(_("Ballots issued: {issued}    Ballots returned: {returned}    Valid ballots: {valid}").format(
        issued="__________", returned=5, valid="__________")) in whole
    rows = re.findall(r"(?m)^(\d) (\S+)((?: \d+)*)\s*$", text)
    assert rows == [("1", "王喆", " 4 1 0 0 5"), ("2", "李玥", " 3 2 0 0 5"), ("3", "张珺", " 0 5 0 0 5"),
                    ("4", "周昇", " 0 1 1 3 5"), ("5", "赵彧", "")]  # nothing recorded: cells left to fill
    assert flat(_("Counted by: {blank}    Scrutineer: {blank}").format(blank="__________")) in whole
    assert flat(_("Date of the vote: {date}").format(date=date_text(dt.date(2026, 1, 20)))) in whole


# -- 结果汇总表 --------------------------------------------------------------------------------
def test_the_result_table_prints_votes_grades_remarks_the_counts_and_those_apart(
        db: Database, tmp_path: Path) -> None:
    view = review(db)
    path = tmp_path / "汇总表.pdf"
    assert write_results_pdf(view, SCHOOL, path) == PdfResult(pages=1, missing={})
    (text,) = page_texts(path)
    whole = flat(text)
    title = _("{branch} democratic review {year}: results").format(branch=BRANCH_FULL, year=2025)
    assert flat(title) in whole
    for part in (_("For the year: {year}").format(year=2025),
                 _("Held at: {meeting}").format(meeting="2026.01.20 组织生活会 — 2025年度组织生活会"),
                 _("{count} ballots returned").format(count=5), _("In the order of surname strokes")):
        assert flat(part) in whole, part
    for head in (_("No."), _("Name"), _("Party group"), _("Category"), _("Democratic vote (ballots)"), *GRADES,
                 _("Organisational assessment"), _("Remarks")):
        assert flat(head) in whole, head
    table, _sep, after = whole.partition(flat(_("Members listed apart and not evaluated")))
    assert after, "the list of those apart is printed"
    assert "1王喆第一党小组正式党员4100优秀" in table
    assert "2李玥第一党小组正式党员3200合格" + flat(REASON) in table
    assert "3张珺第二党小组正式党员0500合格" in table
    assert "4周昇第二党小组正式党员0113不合格2026.02.10" + HANDLING in table
    assert "5赵彧第一党小组预备党员" + flat(view.summary()) in table  # no votes, no grade: blank cells
    assert "刘走" not in table  # not evaluated: not in the main table
    assert view.summary() == _("{members} evaluated: {counts}, not graded {left}").format(
        members=5, counts=_(", ").join(f"{g} {n}" for g, n in zip(GRADES, (1, 2, 0, 1))), left=1) + _(
        "; Excellent at most {cap} ({share})").format(cap=1, share="1/3")
    assert "1刘走第二党小组正式党员2025.10.08转出" in after
    for sign in (_("Branch secretary (signature):"), _("Party branch (seal)"),
                 _("Date: {date}").format(date=date_text(dt.date(2026, 1, 20)))):
        assert flat(sign) in after, sign
    assert _("Page {page} of {pages}").format(page=1, pages=1) in text


def test_long_tables_repeat_their_header_on_every_page(db: Database, tmp_path: Path) -> None:
    view = review(db, fillers=40)
    path = tmp_path / "汇总表.pdf"
    result = write_results_pdf(view, SCHOOL, path)
    texts = page_texts(path)
    assert result.pages == len(texts) >= 2 and result.missing == {}
    for number, text in enumerate(texts, start=1):
        assert flat(_("Democratic vote (ballots)")) in flat(text) and flat(_("Remarks")) in flat(text)
        assert _("Page {page} of {pages}").format(page=number, pages=len(texts)) in text
    apart = _("Members listed apart and not evaluated")
    table = "\n".join(texts).partition(apart)[0]
    numbers = [int(n) for n in re.findall(r"(?m)^(\d+) \S+ \S+党小组 ", table)]
    assert numbers == list(range(1, 46))
    assert flat(view.summary()) in flat(texts[-1])
    title = _("{branch} democratic review {year}: results").format(branch=BRANCH_FULL, year=2025)
    assert all(flat(_("{title} (continued)").format(title=title)) in flat(text) for text in texts[1:])
    assert flat(_("{title} (continued)").format(title=title)) not in flat(texts[0])

    tally = tmp_path / "计票表.pdf"
    assert write_tally_pdf(view, SCHOOL, tally).pages == 2
    first, second = page_texts(tally)
    assert flat(_("Total")) in flat(second) and "45 赵彧" in second
    assert flat(_("{title} (continued)").format(title=_("{branch} democratic review {year}: ballot count").format(
        branch=BRANCH_FULL, year=2025))) in flat(second)


def test_a_character_the_font_lacks_is_reported(db: Database, tmp_path: Path) -> None:
    rare = chr(0x20000)  # CJK Extension B: no GBK font has it
    view = review(db)
    odd = dataclasses.replace(view, members=(dataclasses.replace(view.members[0], name=f"王{rare}"),
                                             *view.members[1:]))
    assert write_ballots_pdf(odd, SCHOOL, tmp_path / "b.pdf").missing == {rare: [f"王{rare}"]}
    assert write_tally_pdf(odd, SCHOOL, tmp_path / "t.pdf").missing == {rare: [f"王{rare}"]}
    assert write_results_pdf(odd, SCHOOL, tmp_path / "r.pdf").missing == {rare: [f"王{rare}"]}


def test_the_fonts_are_embedded_subsets(db: Database, tmp_path: Path) -> None:
    view = review(db)
    for name, write in (("b.pdf", write_ballots_pdf), ("t.pdf", write_tally_pdf), ("r.pdf", write_results_pdf)):
        write(view, SCHOOL, tmp_path / name)
        raw = (tmp_path / name).read_bytes()
        base_fonts = re.findall(rb"/BaseFont /([A-Za-z0-9+-]+)", raw)
        assert b"/FontFile2" in raw and base_fonts and all(b"+" in font for font in base_fonts), name
        assert b"Helvetica" not in raw and b"STSong" not in raw


# -- the sheet ---------------------------------------------------------------------------------
def test_the_result_sheet_reads_back_with_numbers_merged_headers_and_print_setup(
        db: Database, tmp_path: Path) -> None:
    view = review(db)
    path = tmp_path / "汇总表.xlsx"
    write_results_xlsx(view, SCHOOL, path)
    sheet = load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == _("{branch} democratic review {year}: results").format(branch=BRANCH_FULL, year=2025)
    assert "2026.01.20 组织生活会" in rows[1][0] and _("{count} ballots returned").format(count=5) in rows[1][0]
    assert rows[2] == (_("No."), _("Name"), _("Party group"), _("Category"), _("Democratic vote (ballots)"),
                       None, None, None, _("Organisational assessment"), _("Remarks"))
    assert rows[3][4:8] == GRADES
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:J1", "A3:A4", "B3:B4", "E3:H3", "I3:I4", "J3:J4"} <= merged
    assert rows[4:9] == [
        (1, "王喆", "第一党小组", "正式党员", 4, 1, 0, 0, "优秀", None),
        (2, "李玥", "第一党小组", "正式党员", 3, 2, 0, 0, "合格", REASON),
        (3, "张珺", "第二党小组", "正式党员", 0, 5, 0, 0, "合格", None),
        (4, "周昇", "第二党小组", "正式党员", 0, 1, 1, 3, "不合格", f"2026.02.10 {HANDLING}"),
        (5, "赵彧", "第一党小组", "预备党员", None, None, None, None, None, None),
    ]
    assert all(isinstance(v, int) for v in rows[4][4:8])  # numbers, not text
    cells = [v for row in rows[9:] for v in row if v is not None]
    assert view.summary() in cells
    assert _("Members listed apart and not evaluated") in cells
    apart = next(row for row in rows[9:] if row[1] == "刘走")
    assert apart[:5] == (1, "刘走", "第二党小组", "正式党员", "2025.10.08 转出")
    assert "刘走" not in [row[1] for row in rows[4:9]]
    assert sheet.print_title_rows == "$3:$4"
    assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == "9"
    assert sheet["A5"].border.left.style == "thin" and sheet["J5"].border.right.style == "thin"


def test_the_xlsx_is_written_atomically(db: Database, tmp_path: Path) -> None:
    view = review(db, results=False)
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "汇总表.xlsx"
    path.write_bytes(b"old")
    write_results_xlsx(view, SCHOOL, path)
    assert path.read_bytes()[:2] == b"PK" and [p.name for p in folder.iterdir()] == [path.name]
