"""The printed 师德考核 汇总表 and 考核表, from real records, read back from the PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from djdesk.domain.dates import PartialDate
from djdesk.domain.ethics import Band, Item, LearningKind, Rater, Sanction, Scheme, barred_text
from djdesk.domain.minutes import date_text
from djdesk.i18n import _
from djdesk.reports.ethics import PdfResult, write_summary_pdf, write_teacher_forms_pdf
from djdesk.services import ethics, ethics_records, learning, members
from djdesk.services.ethics import PeriodView
from djdesk.store.database import Database
from tests.factories import draft
from tests.reports.test_roster_pdf import page_texts

SCHOOL = "测试中学"
ITEMS = ("坚定政治方向", "自觉爱国守法", "传播优秀文化", "潜心教书育人", "关心爱护学生",
         "加强安全防范", "坚持言行雅正", "秉持公平诚信", "坚守廉洁自律", "规范从教行为")
RATERS = (("自评", 10), ("同事互评", 30), ("学生/家长评价", 30), ("学校考评", 30))
BANDS = (("优秀", 90), ("合格", 70), ("基本合格", 60), ("不合格", 0))
LONG_GROUP = "初中部综合实践活动与劳动教育教研组"
# name, 教研组, scores per category, first year
TEACHERS = (
    ("王喆", "语文教研组", (95, 92, 94, 96), False),    # 94.1: 优秀, kept under the cap
    ("李玥", "数学教研组", (90, 91, 93, 92), False),    # 91.8: 优秀, withheld under the cap
    ("张珺", LONG_GROUP, (88, 80, 84, 82), False),      # 82.6: 合格
    ("赵彧", "英语教研组", (75, 70.5, 72, 74), True),   # 72.45; first year, short of training
    ("周昇", "体育与健康教研组", (98, 96, 97, 99), False),  # 97.4, vetoed: 不合格 whatever the score
)


def scheme(*, by_item: bool = False) -> Scheme:
    return Scheme(items=tuple(Item(name, 10) for name in ITEMS), raters=tuple(Rater(n, w) for n, w in RATERS),
                  bands=tuple(Band(n, Decimal(m)) for n, m in BANDS), cap_percent=20, by_item=by_item)


def evaluation(db: Database, today: dt.date, *, fillers: int = 0,
               by_item: bool = False) -> tuple[PeriodView, dict[str, int]]:
    """The year's evaluation of the five teachers (and `fillers` more, unscored), as the tab shows it."""
    with db.transaction() as session:
        ids = {}
        for name, group, _scores, first in TEACHERS:
            started = PartialDate(2025, 9) if first else PartialDate(2008, 9)
            person = draft(name=name, department=group, work_start=started)
            ids[name] = members.add(session, person, today=today).id
        for n in range(fillers):
            filler = draft(name=f"{'郑蔡谢韩唐冯'[n % 6]}老师{n:02d}", department="物理教研组")
            members.add(session, filler, today=today)
        period = dataclasses.replace(ethics.default_draft(session, today), scheme=scheme(by_item=by_item))
        period_id = ethics.open_period(session, period)
        for name, _group, scores, _first in TEACHERS:
            for category, score in enumerate(scores):
                if by_item:  # each item a tenth of the score
                    for item in range(len(ITEMS)):
                        ethics.set_score(session, period_id, ids[name], category, Decimal(str(score)) / 10, item=item)
                else:
                    ethics.set_score(session, period_id, ids[name], category, Decimal(str(score)))
        ethics_records.add_violation(session, ethics_records.ViolationDraft(
            person_id=ids["周昇"], occurred_on=dt.date(2026, 3, 2), kind="体罚", sanction=Sanction.WARNING,
            decided_on=dt.date(2026, 3, 20)), today=today)
        learning.add(session, learning.LearningDraft(
            person_ids=(ids["王喆"], ids["赵彧"]), held_on=dt.date(2025, 10, 12), topic="十项准则专题培训",
            kind=LearningKind.TRAINING, hours="4", tags="师德"), today=today)
        ethics.apply_cap(session, period_id, {ids["李玥"]})
        return ethics.period_view(session, period_id, today), ids


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_summary_prints_every_teacher_total_grade_remark_and_the_counts(
        db: Database, today: dt.date, tmp_path: Path) -> None:
    view, _ids = evaluation(db, today)
    path = tmp_path / "汇总表.pdf"
    result = write_summary_pdf(view, SCHOOL, path)

    pages = page_texts(path)
    assert result == PdfResult(pages=1, missing={}) and len(pages) == 1
    text, whole = pages[0], flat(pages[0])
    title = _("{school} {period} ethics evaluation summary").format(school=SCHOOL, period=view.period.name)
    assert flat(title) in whole
    assert flat(_("Evaluation period: {period} ({start} to {end})").format(
        period=view.period.name, start=date_text(dt.date(2025, 9, 1)), end=date_text(dt.date(2026, 8, 31)))) in whole
    for head in (_("No."), _("Name"), _("Teaching and research group"), _("Total score"), _("Grade"), _("Remarks")):
        assert flat(head) in whole, head
    for rater, weight in RATERS:  # each rater's name over its weight
        assert flat(rater + _("({weight}%)").format(weight=weight)) in whole, rater
    # 按姓氏笔画: 王 (4) 李 (7) 张 (7) 周 (8) 赵 (9); each line: number, name, group, scores, total, grade.
    assert [row.name for row in view.rows] == ["王喆", "李玥", "张珺", "周昇", "赵彧"]
    lines = {
        "王喆": "1王喆语文教研组9592949694.1优秀",
        "李玥": "2李玥数学教研组9091939291.8合格" + flat(_("Limited by the quota for Excellent")),
        "张珺": f"3张珺{LONG_GROUP}8880848282.6合格",  # the long group wraps inside its column
        "周昇": "4周昇体育与健康教研组9896979997.4不合格"
                + flat(_("Vetoed: {kinds}").format(kinds="体罚")),
        "赵彧": "5赵彧英语教研组7570.5727472.45合格" + flat(_(
            "New-teacher ethics training {hours}/{required} class hours").format(hours=4, required=8)),
    }
    for name, line in lines.items():
        assert line in whole, name
    assert flat(barred_text(dt.date(2026, 9, 20))) in whole  # 警告: six months from the decision

    counts = [_("{count} evaluated").format(count=5),
              _("{grade}: {count}, {share}% of those evaluated, cap {cap}%").format(
                  grade="优秀", count=1, share="20.0", cap=20),  # 1 of 5 may be 优秀 under a 20% cap
              _("{grade}: {count}").format(grade="合格", count=3),
              _("{grade}: {count}").format(grade="不合格", count=1),
              _("{count} vetoed").format(count=1), _("{count} new teachers short of ethics training").format(count=1)]
    assert flat(_("; ").join(counts[:3])) in whole
    for part in counts:
        assert flat(part) in whole, part
    assert flat(_("Evaluation leading group (seal)")) in whole
    assert flat(_("Date:      year    month    day")) in whole
    assert _("Page {page} of {pages}").format(page=1, pages=1) in text


def test_a_long_summary_repeats_its_header_and_numbers_its_pages(
        db: Database, today: dt.date, tmp_path: Path) -> None:
    view, _ids = evaluation(db, today, fillers=60)
    path = tmp_path / "汇总表.pdf"
    result = write_summary_pdf(view, SCHOOL, path)
    pages = page_texts(path)
    assert result.pages == len(pages) >= 2 and result.missing == {}
    header = " ".join((_("No."), _("Name")))
    for number, text in enumerate(pages, start=1):
        assert header in text and flat(_("Total score")) in flat(text), f"page {number} has no header"
        assert _("Page {page} of {pages}").format(page=number, pages=len(pages)) in text
    assert view.period.name not in pages[1].split(header)[0]  # the title heads the first page only
    line_start = r"(?m)^(\d+) (?:\S老师\d\d|王喆|李玥|张珺|周昇|赵彧)\s"  # a number, then a name
    numbers = [int(n) for text in pages for n in re.findall(line_start, text)]
    assert numbers == list(range(1, 66))  # every teacher once, in order, across the page break
    last = flat(pages[-1])
    assert flat(_("{count} evaluated").format(count=65)) in last
    assert flat(_("{count} without a total yet").format(count=60)) in last


def test_the_fonts_are_embedded_subsets(db: Database, today: dt.date, tmp_path: Path) -> None:
    view, _ids = evaluation(db, today)
    write_summary_pdf(view, SCHOOL, tmp_path / "summary.pdf")
    write_teacher_forms_pdf(view, view.rows, SCHOOL, tmp_path / "forms.pdf")
    for name in ("summary.pdf", "forms.pdf"):
        raw = (tmp_path / name).read_bytes()
        assert b"/FontFile2" in raw
        base_fonts = re.findall(rb"/BaseFont /([A-Za-z0-9+-]+)", raw)
        assert base_fonts and all(b"+" in font for font in base_fonts), base_fonts
        assert b"Helvetica" not in raw and b"STSong" not in raw


def test_each_teacher_has_a_form_page_with_scores_grade_training_and_signatures(
        db: Database, today: dt.date, tmp_path: Path) -> None:
    view, _ids = evaluation(db, today)
    path = tmp_path / "考核表.pdf"
    result = write_teacher_forms_pdf(view, view.rows, SCHOOL, path)
    pages = page_texts(path)
    assert result == PdfResult(pages=5, missing={}) and len(pages) == 5
    title = _("{school} teacher ethics evaluation form").format(school=SCHOOL)
    period = _("Evaluation period: {period} ({start} to {end})").format(
        period=view.period.name, start=date_text(dt.date(2025, 9, 1)), end=date_text(dt.date(2026, 8, 31)))
    for number, (row, text) in enumerate(zip(view.rows, pages), start=1):
        whole = flat(text)
        assert flat(title) in whole and flat(period) in whole
        assert row.name in text and flat(row.department) in whole
        assert [name for name, *_rest in TEACHERS if name in text] == [row.name]  # nobody else's form
        for item in ITEMS:
            assert item in text
        for label in (_("Evaluation item"), _("Points"), _("Rater category"), _("Weight"), _("Weighted score"),
                      _("Total score"), _("Grade"), _("Ethics training"), _("Signature of the teacher"),
                      _("Signature of the evaluation group leader"), _("School (seal)")):
            assert flat(label) in whole, label
        assert whole.count(flat(_("year    month    day"))) == 3
        assert _("Page {page} of {pages}").format(page=number, pages=5) in text

    wang, li, zhang, zhou, zhao = pages
    # 自评 95 × 10% = 9.5, 同事互评 92 × 30% = 27.6 ...; total 94.1
    assert re.search(r"自评 10% 95 9\.5", wang) and re.search(r"同事互评 30% 92 27\.6", wang)
    assert "94.1" in wang and "优秀" in wang
    assert flat(_("{hours} class hours").format(hours=4)) in flat(wang)
    assert re.search(r"合格", li) and flat(_("Limited by the quota for Excellent")) in flat(li)
    assert flat(_("{hours} class hours").format(hours=0)) in flat(zhang)
    assert flat(_("{grade} (vetoed: {kinds})").format(grade="不合格", kinds="体罚")) in flat(zhou)
    assert flat(barred_text(dt.date(2026, 9, 20))) in flat(zhou) and "97.4" in zhou
    assert flat(_("{hours} class hours (new teacher: at least {required} required, not reached)").format(
        hours=4, required=8)) in flat(zhao)
    assert re.search(r"学生/家长评价 30% 72 21\.6", zhao)


def test_one_teacher_by_item_and_a_blank_form(db: Database, today: dt.date, tmp_path: Path) -> None:
    view, _ids = evaluation(db, today, by_item=True)
    wang = next(row for row in view.rows if row.name == "王喆")
    assert wang.total == Decimal("94.1")
    path = tmp_path / "王喆.pdf"
    assert write_teacher_forms_pdf(view, [wang], SCHOOL, path) == PdfResult(pages=1, missing={})
    (text,) = page_texts(path)
    # Each item: 10 points; 自评 9.5, 同事互评 9.2, 学生/家长评价 9.4, 学校考评 9.6.
    assert re.search(r"1 坚定政治方向 10 9\.5 9\.2 9\.4 9\.6", text)
    assert re.search(r"10 规范从教行为 10 9\.5 9\.2 9\.4 9\.6", text)
    assert re.search(rf"{re.escape(_('Sum of the items'))} 100 95 92 94 96", text)
    assert "94.1" in text and "王喆" in text and "李玥" not in text

    blank = tmp_path / "blank.pdf"
    assert write_teacher_forms_pdf(view, [], SCHOOL, blank) == PdfResult(pages=1, missing={})
    (text,) = page_texts(blank)
    assert flat(_("Signature of the teacher")) in flat(text) and "坚定政治方向" in text and "王喆" not in text


def test_a_character_the_font_lacks_is_reported(db: Database, today: dt.date, tmp_path: Path) -> None:
    rare = chr(0x20000)  # CJK Extension B: no GBK font has it
    view, _ids = evaluation(db, today)
    odd = dataclasses.replace(view, rows=(dataclasses.replace(view.rows[0], name=f"王{rare}"), *view.rows[1:]))
    assert write_summary_pdf(odd, SCHOOL, tmp_path / "s.pdf").missing == {rare: [f"王{rare}"]}
    assert write_teacher_forms_pdf(odd, odd.rows[:1], SCHOOL, tmp_path / "f.pdf").missing == {rare: [f"王{rare}"]}


def test_a_form_too_long_for_a_page_says_whose_it_is_on_the_next(
        db: Database, today: dt.date, tmp_path: Path) -> None:
    from djdesk.reports.ethics import continued

    view, _ids = evaluation(db, today)
    text = "坚持以习近平新时代中国特色社会主义思想为指导，自觉遵守教师职业行为规范"
    long_items = tuple(Item(f"第{n}项 {text}", 5) for n in range(1, 21))
    long = dataclasses.replace(view, scheme=dataclasses.replace(view.scheme, items=long_items))
    path = tmp_path / "long.pdf"
    assert write_teacher_forms_pdf(long, long.rows[:2], SCHOOL, path).pages == 4
    first, second, third, fourth = (flat(text) for text in page_texts(path))
    assert flat(continued("王喆")) in second and flat(continued("李玥")) in fourth
    assert flat(continued("王喆")) not in first and flat(continued("李玥")) not in third
    assert flat(_("School (seal)")) in second and "李玥" in third
