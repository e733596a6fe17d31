"""The term's 党员学习情况统计表 (PDF and xlsx) from a real term on a temporary SQLite file, read back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import load_workbook

from djdesk.domain.ethics import LearningKind
from djdesk.domain.people import PoliticalStatus
from djdesk.domain.study import totals
from djdesk.i18n import _
from djdesk.reports.pages import PdfResult
from djdesk.reports.study import write_term_pdf
from djdesk.services import learning, members, study
from djdesk.services import settings as settings_service
from djdesk.services.learning import LearningDraft
from djdesk.services.study import (
    GroupDraft,
    PersonStudy,
    TermDraft,
    TermReport,
    UnitDraft,
)
from djdesk.sheets.study import write_term_xlsx
from djdesk.store.database import Database
from tests.conftest import TODAY
from tests.factories import branch, member_draft
from tests.reports.test_roster_pdf import page_texts

K = LearningKind
SCHOOL = "测试中学"
TERM = "2026年春季学期"
TOPIC = "学习《中国共产党简史》第一至三章，把握党的百年奋斗重大成就和历史经验"
LEARNT = "通读简史三章，撰写读书笔记。"
SHOWN = "在校园网开设专栏，展示学习心得12篇。"


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def learnt(ids: tuple[int, ...], on: dt.date, hours: str, kind: LearningKind) -> LearningDraft:
    return LearningDraft(person_ids=ids, held_on=on, topic="学习党章", kind=kind, hours=hours)


@pytest.fixture
def report(db: Database) -> TermReport:
    """A branch of four in the spring term of 2026: the secretary and a member study together in
    a study group; the committee member has no record; the probationary member studied in January."""
    with db.transaction() as session:
        settings_service.save(session, dataclasses.replace(settings_service.load(session), school_name=SCHOOL))
        first = branch(session, "第一党支部", ("第一党小组",))
        ids = {name: members.add(session, member_draft(first.id, name=name, **changes), today=TODAY).id
               for name, changes in (("王书记", dict(party_post="书记")), ("李委员", dict(party_post="组织委员")),
                                     ("张党员", {}),
                                     ("丁预备", dict(political_status=PoliticalStatus.CPC_PROBATIONARY,
                                                     full_on=None)))}
        group = study.save_group(session, None, GroupDraft("第一学习小组", member_ids=(ids["王书记"], ids["张党员"])))
        term = study.save_term(session, None, TermDraft(TERM, dt.date(2026, 2, 1), dt.date(2026, 7, 31)))
        study.save_unit(session, None, UnitDraft(term, "学史明理", TOPIC, "《中国共产党简史》", dt.date(2026, 3, 1),
                                                 dt.date(2026, 3, 31), group, learnt=LEARNT, shown=SHOWN))
        study.save_unit(session, None, UnitDraft(term, "学史增信", "坚定理想信念", starts_on=dt.date(2026, 4, 1)))
        study.record(session, learnt((), dt.date(2026, 3, 10), "3", K.GROUP), group_id=group, today=TODAY)
        for who, on, hours, kind in (("王书记", dt.date(2026, 4, 1), "2", K.LECTURE),
                                     ("王书记", dt.date(2026, 5, 6), "1.5", K.SELF),
                                     ("张党员", dt.date(2026, 4, 20), "30", K.TRAINING),
                                     ("张党员", dt.date(2026, 6, 2), "0.5", K.DAILY),
                                     ("丁预备", dt.date(2026, 1, 15), "4", K.GROUP)):
            learning.add(session, learnt((ids[who],), on, hours, kind), today=TODAY)
        return study.term_report(session, term)


TITLE = "{school} {term} party members' study summary"
HEADS = ("No.", "Name", "Branch", "Hours this term", "Of which", "Sessions", "Concentrated hours this year",
         "Yearly target", "Still short", "Last studied on")
KIND_LABELS = ("集中学习", "党课", "培训", "自学", "日课")  # in the form's order


def title() -> str:
    return _(TITLE).format(school=SCHOOL, term=TERM)


def rows_of(text: str) -> list[tuple[str, ...]]:
    """The people's lines: 序号, 姓名, then the numbers and the date (blank cells print nothing)."""
    return [(n, name, *rest.split()) for n, name, rest in re.findall(r"(?m)^(\d+) (\S+) 第一党支部 ?(.*)$", text)]


# -- the PDF -------------------------------------------------------------------------------------
def test_the_table_prints_each_persons_hours_by_kind_against_the_target(report: TermReport, tmp_path: Path) -> None:
    path = tmp_path / "学习情况统计表.pdf"
    result = write_term_pdf(path, report)
    texts = page_texts(path)
    assert result == PdfResult(pages=len(texts), missing={}) and len(texts) <= 2
    whole = "\n".join(texts)
    assert flat(title()) in flat(texts[0])
    assert flat(_("Term: {start} to {end}").format(start=_("{year}-{month}-{day}").format(year=2026, month=2, day=1),
                                                   end=_("{year}-{month}-{day}").format(year=2026, month=7, day=31))) \
        in flat(texts[0])
    targets = _("Yearly targets: {member} study hours for members, {leader} for branch secretaries and committee "
                "members; counted: {kinds}; yearly hours for {year}").format(
        member=32, leader=56, kinds=_(", ").join(KIND_LABELS[:3]), year=2026)
    assert flat(targets) in flat(texts[0])
    assert flat(_("Members: {count} (in the order of surname strokes)").format(count=4)) in flat(texts[0])
    for head in (*HEADS, *KIND_LABELS):
        assert flat(_(head)) in flat(texts[0]), head
    # 按姓氏笔画 as given: 丁 (2) 王 (4) 李 张 (7). Columns: 本学期学时, the kinds with hours (others
    # blank), 次数, 本年度集中学时, 年度目标, 尚差 (blank once met), 最近学习日期.
    assert [p.name for p in report.people] == ["丁预备", "王书记", "李委员", "张党员"]
    assert rows_of(whole) == [
        ("1", "丁预备", "0", "0", "4", "32", "28", "2026.01.15"),  # studied in January: the year, not the term
        ("2", "王书记", "6.5", "3", "2", "1.5", "3", "5", "56", "51", "2026.05.06"),  # self-study does not count
        ("3", "李委员", "0", "0", "0", "56", "56"),  # a committee member: 56; never studied: no date
        ("4", "张党员", "33.5", "3", "30", "0.5", "3", "33", "32", "2026.06.02"),  # met: 尚差 blank
    ]
    assert flat(_("{reached} of {count} have reached the yearly target; {short} have not yet").format(
        reached=1, count=4, short=3)) in flat(whole)


def test_the_plan_its_summaries_the_groups_and_the_signature_lines_follow(report: TermReport, tmp_path: Path) -> None:
    path = tmp_path / "学习情况统计表.pdf"
    write_term_pdf(path, report)
    whole = flat("\n".join(page_texts(path)))
    plan = whole.index(flat(_("Study plan")))
    summaries = whole.index(flat(_("Learn, do, understand, show: the units' summaries")))
    groups = whole.index(flat(_("Study groups' hours")))
    signed = whole.index(flat(_("Prepared by: {blank}").format(blank="__________")))
    assert whole.index("4张党员") < plan < summaries < groups < signed
    for head in ("No.", "Study unit", "Study topic", "Dates", "Group in charge"):
        assert flat(_(head)) in whole[plan:summaries], head
    assert "1学史明理" + flat(TOPIC) + "2026.03.01—2026.03.31第一学习小组" in whole[plan:summaries]
    assert "2学史增信坚定理想信念2026.04.01—" in whole[plan:summaries]  # open-ended, no group
    learnt_label, shown_label = _("Learnt (学)"), _("Shown (晒)")
    assert whole[summaries:groups] == flat(_("Learn, do, understand, show: the units' summaries")) + flat(
        _("{number}. {title}").format(number=1, title="学史明理")) + flat(
        _("{label}: {text}").format(label=learnt_label, text=LEARNT)) + flat(
        _("{label}: {text}").format(label=shown_label, text=SHOWN)) + whole[summaries:groups].partition(
        flat(SHOWN))[2]  # only the summarised unit, only its written parts (footers may follow)
    assert "学史增信" not in whole[summaries:groups]
    for head in ("Study group", "Number of members", "Hours this term", "Person-sessions",
                 "Concentrated hours this year", "Members below the yearly target"):
        assert flat(_(head)) in whole[groups:signed], head
    # 2 members, 40 hours in 6 sessions, 38 concentrated this year, the secretary short of 56
    assert "1第一学习小组2406381" in whole[groups:signed]
    assert flat(_("Date:      year    month    day")) in whole[signed:]


def test_the_groups_numbers_and_a_plan_without_units(report: TermReport, tmp_path: Path) -> None:
    group = study.GroupStudy(7, "第二学习小组", 12, totals([(K.GROUP, 300), (K.LECTURE, 125)]),
                             totals([(K.GROUP, 600), (K.SELF, 50)]), 5)
    bare = dataclasses.replace(report, units=(), groups=(group,))
    path = tmp_path / "t.pdf"
    assert write_term_pdf(path, bare).missing == {}
    whole = flat("\n".join(page_texts(path)))
    assert flat(_("No study units are planned for this term.")) in whole
    assert flat(_("Learn, do, understand, show: the units' summaries")) not in whole
    assert "1第二学习小组1242.52605" in whole  # 人数, 学时, 人次, 本年度集中学时 (自学 not), 未达目标

    empty = dataclasses.replace(report, school="", units=(), people=(), groups=())
    assert write_term_pdf(path, empty).pages == 1
    (text,) = page_texts(path)
    assert flat(_(TITLE).format(school="", term=TERM).strip()) in flat(text)
    assert flat(_("Study groups' hours")) not in flat(text)  # no groups: no empty table


def many(report: TermReport, count: int) -> TermReport:
    """`count` people with distinct names, half of them short of the target."""
    surnames, given = "丁于马王方孔石白吕朱刘许孙李杨吴何张陈林", "一平安明华晓燕建国思远"
    people = []
    for n in range(count):
        year = totals([(K.GROUP, 300 + n * 5), (K.SELF, 20)])
        people.append(PersonStudy(n + 1, surnames[n % 20] + given[n // 20 % 10] + given[n % 7], "第一党支部",
                                  n % 10 == 0, D(56 if n % 10 == 0 else 32), year, year,
                                  dt.date(2026, 6, 1 + n % 28)))
    return dataclasses.replace(report, people=tuple(people))


def test_120_people_run_over_pages_each_with_the_header_and_the_title_continued(
        report: TermReport, tmp_path: Path) -> None:
    big = many(report, 120)
    path = tmp_path / "big.pdf"
    result = write_term_pdf(path, big)
    texts = page_texts(path)
    assert result == PdfResult(pages=len(texts), missing={}) and len(texts) >= 5
    numbers = []
    for page, text in enumerate(texts, start=1):
        found = rows_of(text)
        if found:  # every page of the table: both header rows, with 其中's kinds
            assert all(flat(_(head)) in flat(text) for head in (*HEADS, *KIND_LABELS)), page
        numbers += [int(row[0]) for row in found]
        assert _("Page {page} of {pages}").format(page=page, pages=len(texts)) in text
        assert (flat(_("{title} (continued)").format(title=title())) in flat(text)) == (page > 1)
    assert numbers == list(range(1, 121))  # everyone once, in the order given, no row cut in two
    assert rows_of("\n".join(texts))[10][1:] == (
        big.people[10].name, "37", "35", "2", "2", "35", "56", "21", "2026.06.11")  # a leader, short


def test_long_summaries_flow_over_pages(report: TermReport, tmp_path: Path) -> None:
    long = "　　" + "对照党章党规，查找自身在理想信念、宗旨意识等方面的差距，" * 150
    unit = dataclasses.replace(report.units[0], learnt=long, done="第一段\n第二段")
    path = tmp_path / "long.pdf"
    result = write_term_pdf(path, dataclasses.replace(report, units=(unit, *report.units[1:])))
    texts = page_texts(path)
    assert result.pages == len(texts) >= 3 and result.missing == {}
    # The pages' text without their footers and running heads reads as one.
    furniture = [_("{title} (continued)").format(title=title()),
                 *(_("Page {page} of {pages}").format(page=n, pages=len(texts)) for n in range(1, len(texts) + 1))]
    body = "".join(texts)
    for text in furniture:
        body = body.replace(text, "")
    assert flat(long) in flat(body) and flat("第一段\n第二段") in flat(body)


def test_characters_the_font_lacks_are_reported(report: TermReport, tmp_path: Path) -> None:
    rare = chr(0x20000)  # CJK Extension B: no GBK font has it
    person = dataclasses.replace(report.people[0], name=f"王{rare}")
    unit = dataclasses.replace(report.units[0], shown=f"{rare}字")
    odd = dataclasses.replace(report, people=(person, *report.people[1:]), units=(unit, *report.units[1:]))
    missing = write_term_pdf(tmp_path / "odd.pdf", odd).missing
    assert list(missing) == [rare]
    assert f"王{rare}" in missing[rare]
    assert _("{label}: {text}").format(label=_("Shown (晒)"), text=f"{rare}字") in missing[rare]


def test_the_font_is_embedded_as_a_subset(report: TermReport, tmp_path: Path) -> None:
    path = tmp_path / "f.pdf"
    write_term_pdf(path, report)
    raw = path.read_bytes()
    base_fonts = re.findall(rb"/BaseFont /([A-Za-z0-9+-]+)", raw)
    assert b"/FontFile2" in raw and base_fonts and all(b"+" in font for font in base_fonts)
    assert b"Helvetica" not in raw and b"STSong" not in raw


# -- the workbook --------------------------------------------------------------------------------
def test_the_workbook_reads_back_with_numbers_dates_and_blank_short_when_met(
        report: TermReport, tmp_path: Path) -> None:
    group = study.GroupStudy(7, "第二学习小组", 12, totals([(K.GROUP, 300), (K.LECTURE, 125)]),
                             totals([(K.GROUP, 600), (K.SELF, 50)]), 5)
    path = tmp_path / "学习情况统计表.xlsx"
    write_term_xlsx(path, dataclasses.replace(report, groups=(group,)))
    book = load_workbook(path)
    assert book.sheetnames == [_("Hours by person"), _("Study plan"), _("Study groups")]

    sheet = book[_("Hours by person")]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == title()
    assert _("Members: {count} (in the order of surname strokes)").format(count=4) in rows[1][0]
    assert rows[2] == (*map(_, HEADS[:5]), None, None, None, None, *map(_, HEADS[5:]))
    assert rows[3][4:9] == KIND_LABELS
    assert rows[4:8] == [
        (1, "丁预备", "第一党支部", 0, None, None, None, None, None, 0, 4, 32, 28, dt.datetime(2026, 1, 15)),
        (2, "王书记", "第一党支部", 6.5, 3, 2, None, 1.5, None, 3, 5, 56, 51, dt.datetime(2026, 5, 6)),
        (3, "李委员", "第一党支部", 0, None, None, None, None, None, 0, 0, 56, 56, None),
        (4, "张党员", "第一党支部", 33.5, 3, None, 30, None, 0.5, 3, 33, 32, None, dt.datetime(2026, 6, 2)),
    ]
    assert all(isinstance(v, int | float) for v in rows[5][3:13] if v is not None)  # numbers, not text
    assert sheet["N5"].number_format == "yyyy.mm.dd"
    assert _("{reached} of {count} have reached the yearly target; {short} have not yet").format(
        reached=1, count=4, short=3) in [row[0] for row in rows[8:]]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:N1", "A3:A4", "D3:D4", "E3:I3", "J3:J4", "N3:N4"} <= merged
    assert sheet.freeze_panes == "C5" and sheet.print_title_rows == "$3:$4"
    assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == "9"
    assert sheet["A5"].border.left.style == "thin" and sheet["M8"].border.right.style == "thin"  # blank 尚差 ruled

    plan = book[_("Study plan")]
    rows = list(plan.iter_rows(values_only=True))
    assert rows[2] == (_("No."), _("Study unit"), _("Study topic"), _("Study materials"), _("Starts on"),
                       _("Ends on"), _("Group in charge"), _("Learnt (学)"), _("Done (做)"),
                       _("Understood (悟)"), _("Shown (晒)"))
    assert rows[3] == (1, "学史明理", TOPIC, "《中国共产党简史》", dt.datetime(2026, 3, 1), dt.datetime(2026, 3, 31),
                       "第一学习小组", LEARNT, None, None, SHOWN)
    assert rows[4] == (2, "学史增信", "坚定理想信念", None, dt.datetime(2026, 4, 1), None, None, None, None, None, None)
    assert plan["H4"].alignment.wrap_text and plan["C4"].alignment.wrap_text
    assert plan.print_title_rows == "$3:$3" and plan.page_setup.orientation == "landscape"

    groups = book[_("Study groups")]
    rows = list(groups.iter_rows(values_only=True))
    assert rows[2] == tuple(_(h) for h in ("No.", "Study group", "Number of members", "Hours this term",
                                           "Person-sessions", "Concentrated hours this year",
                                           "Members below the yearly target"))
    assert rows[3] == (1, "第二学习小组", 12, 42.5, 2, 60, 5)


def test_an_empty_term_still_makes_a_workbook_written_atomically(report: TermReport, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "学习情况统计表.xlsx"
    path.write_bytes(b"old")
    write_term_xlsx(path, dataclasses.replace(report, units=(), people=(), groups=()))
    assert path.read_bytes()[:2] == b"PK" and [p.name for p in folder.iterdir()] == [path.name]
    plan = load_workbook(path)[_("Study plan")]
    assert plan["A4"].value == _("No study units are planned for this term.")
