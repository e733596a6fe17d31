"""The printed minutes, sign-in sheet and year's book, read back from the PDF: every value and
name (rare characters too), the body in order, page numbers, the contents' pages, the fonts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from djdesk.domain.meetings import MeetingKind
from djdesk.reports import pages
from djdesk.reports.minutes import write_minutes_pdf
from djdesk.reports.signin import write_signin_pdf
from djdesk.reports.yearbook import write_yearbook_pdf
from djdesk.services.minutes import MinutesDocument, SigninDocument, SigninLine, YearbookDocument
from tests.reports.test_roster_pdf import page_texts

RARE = ("丁喆", "王堃", "白赟", "刘玥", "李珺", "周昇", "赵彧", "钱琍", "黄鑫")
MISSING = "\U00020000"  # 𠀀, CJK Extension B: no GBK font has it


def minutes(**changes: object) -> MinutesDocument:
    base = MinutesDocument(
        meeting_id=7, heading="中共测试中学第一支部委员会", title="支部党员大会会议记录", kind=MeetingKind.GENERAL,
        held=True, starts_at=dt.datetime(2026, 6, 12, 15, 30), time="2026年6月12日 15:30—17:00",
        place="学校一楼会议室", host="丁喆（支部书记）", recorder="王堃", lecturer=None, expected=12, present=10,
        absent=("白赟（请假：外出培训）", "刘玥（缺席）"), guests="入党积极分子 李珺、周昇、黄鑫",
        topic="讨论接收赵彧同志为预备党员",
        content="一、学习《中国共产党章程》第一章——党员。\n\n  二、钱琍同志汇报思想、工作情况。\n三、“两学一做”讨论。",
        vote=("应到有表决权的党员 10 人，实到 9 人，书面意见 1 份；赞成 10 票，反对 0 票，弃权 0 票。",
              "到会人数符合规定；赞成票超过应到会有表决权党员的半数，表决通过。"),
        resolution="同意接收赵彧同志为中共预备党员，报上级党委审批。")
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def flat(text: str) -> str:
    return text.replace("\r", "").replace("\n", "")


def lines_of(text: str) -> list[str]:
    return [line for line in text.replace("\r", "").split("\n") if line.strip()]


def test_the_minutes_print_every_header_value_name_and_the_body_in_order(tmp_path: Path) -> None:
    doc = minutes()
    result = write_minutes_pdf(doc, tmp_path / "m.pdf")
    assert result.pages == 1 and result.missing == {}
    (text,) = page_texts(tmp_path / "m.pdf")
    text = flat(text)
    for value in (doc.heading, doc.title, doc.time, doc.place, doc.host, doc.recorder, *doc.absent, doc.guests,
                  doc.topic, *doc.vote, doc.resolution, "主持人（职务）", "缺席人员及原因", "列席人员", "议题",
                  "应到人数", "实到人数", "主持人（签字）", "记录人（签字）", "第 1 页 共 1 页"):
        assert flat(value).replace(" ", "") in text.replace(" ", ""), value
    assert "主讲人" not in text  # not a party lecture
    for name in RARE:
        assert name in text
    # The body as written, in order: headings, the quoted title and the dash intact.
    body = [text.index(part) for part in ("一、学习《中国共产党章程》第一章——党员。", "二、钱琍同志", "三、“两学一做”讨论。",
                                          "表决", "决议", "同意接收")]
    assert body == sorted(body)


def test_a_lecture_has_its_lecturer_and_an_unheld_meeting_prints_as_a_form(tmp_path: Path) -> None:
    doc = minutes(kind=MeetingKind.LECTURE, title="党课记录", lecturer="黄鑫", held=False, present=None, absent=(),
                  content="", vote=(), resolution="")
    write_minutes_pdf(doc, tmp_path / "m.pdf")
    (text,) = page_texts(tmp_path / "m.pdf")
    assert "主讲人" in text and "黄鑫" in text
    assert "表决" not in text and "决议" not in text


def test_a_long_body_flows_over_numbered_pages_with_a_running_head(tmp_path: Path) -> None:
    body = "\n".join(f"第{n}段：与会同志围绕如何在教育教学中发挥先锋模范作用进行了讨论。" for n in range(1, 121))
    result = write_minutes_pdf(minutes(content=body), tmp_path / "long.pdf")
    texts = page_texts(tmp_path / "long.pdf")
    assert result.pages == len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"第 {number} 页 共 {result.pages} 页" in text
        assert ("（续）" in text) == (number > 1)
    joined = flat("".join(texts))
    found = [joined.index(f"第{n}段：") for n in range(1, 121)]
    assert found == sorted(found)  # every paragraph, once, in order
    assert "主持人（签字）" in texts[-1]


def test_no_line_starts_with_a_closing_mark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commas at every distance from each other: without the Chinese rule some line would
    start with one (checked first, so the test proves the rule does something)."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    text = "".join("党" * (n % 37 + 1) + "，" + "员" * (n % 11) + "。" + "学习" * (n % 5) + "》、" for n in range(60))

    def starts(path: Path) -> list[str]:
        page = flat_lines(page_texts(path))
        return [line for line in page if line[0] in pages.CANNOT_START]

    pages.chinese_line_breaking()
    with monkeypatch.context() as patched:
        patched.setattr(paragraph, "wordSplit", textsplit.wordSplit)  # ReportLab's own
        write_minutes_pdf(minutes(content=text), tmp_path / "plain.pdf")
    assert starts(tmp_path / "plain.pdf"), "the text never breaks before a mark: the test proves nothing"
    write_minutes_pdf(minutes(content=text), tmp_path / "rule.pdf")
    assert starts(tmp_path / "rule.pdf") == []


def flat_lines(texts: list[str]) -> list[str]:
    return [line.strip() for text in texts for line in lines_of(text) if line.strip()]


def test_every_font_is_embedded_and_no_standard_font_is_named(tmp_path: Path) -> None:
    write_minutes_pdf(minutes(), tmp_path / "m.pdf")
    write_signin_pdf(signin(), tmp_path / "s.pdf")
    write_yearbook_pdf(book(), tmp_path / "b.pdf")
    for name in ("m.pdf", "s.pdf", "b.pdf"):
        raw = (tmp_path / name).read_bytes()
        descriptors = raw.count(b"/Type /FontDescriptor")
        assert descriptors >= 1 and raw.count(b"/FontFile2") == descriptors, name  # each one's program embedded
        base_fonts = re.findall(rb"/BaseFont /([A-Za-z0-9+-]+)", raw)
        assert base_fonts and all(b"+" in font for font in base_fonts), base_fonts  # subsets of ours only
        assert b"Helvetica" not in raw and b"STSong" not in raw and b"Times" not in raw


def test_a_character_the_font_lacks_is_reported_with_where_it_occurs(tmp_path: Path) -> None:
    result = write_minutes_pdf(minutes(recorder=f"王{MISSING}"), tmp_path / "m.pdf")
    assert result.missing == {MISSING: [f"王{MISSING}"]}
    assert (tmp_path / "m.pdf").exists()  # the rest still prints


def signin(count: int = 5) -> SigninDocument:
    names = [*RARE, *(f"郑{n}号" for n in range(max(count - len(RARE), 0)))][:count]
    return SigninDocument(meeting_id=7, heading="中共测试中学第一支部委员会", title="支部党员大会签到表",
                          topic="学习党章", time="2026年6月12日 15:30—17:00", place="会议室", host="丁喆（支部书记）",
                          lines=tuple(SigninLine(n, name, "预备党员" if n == 2 else "") for n, name in
                                      enumerate(names, start=1)))


def test_the_signin_sheet_lists_everyone_with_a_signature_column_over_pages(tmp_path: Path) -> None:
    doc = signin(45)
    result = write_signin_pdf(doc, tmp_path / "s.pdf")
    texts = page_texts(tmp_path / "s.pdf")
    assert result.pages == len(texts) >= 2 and result.missing == {}
    for number, text in enumerate(texts, start=1):
        assert "签名" in text and "姓名" in text  # the header on every page
        assert f"第 {number} 页 共 {result.pages} 页" in text
    joined = flat("".join(texts))
    positions = [joined.index(line.name) for line in doc.lines]
    assert positions == sorted(positions)
    assert "会议主题：学习党章" in joined and "应到：45 人" in joined


def book(long_first: bool = False) -> YearbookDocument:
    body = "\n".join(f"第{n}段：讨论。" * 3 for n in range(90)) if long_first else "一、议程"
    meetings = (
        minutes(meeting_id=1, topic="第一季度支部党员大会", content=body, starts_at=dt.datetime(2026, 3, 2, 15)),
        minutes(meeting_id=2, kind=MeetingKind.LECTURE, title="党课记录", lecturer="黄鑫", topic="七一党课",
                starts_at=dt.datetime(2026, 7, 1, 9), vote=()),
        minutes(meeting_id=3, kind=MeetingKind.COMMITTEE, title="支部委员会会议记录", topic="研究发展党员工作",
                starts_at=dt.datetime(2026, 9, 8, 16), vote=()),
    )
    return YearbookDocument(heading="测试中学", title="2026年度会议记录汇编", scope="全部支部", printed_on=dt.date(2026, 11, 21),
                            meetings=meetings)


def test_the_yearbook_contents_point_at_the_right_book_pages(tmp_path: Path) -> None:
    doc = book(long_first=True)
    progress: list[tuple[int, int]] = []
    result = write_yearbook_pdf(doc, tmp_path / "b.pdf", progress=lambda done, total: progress.append((done, total)))
    texts = page_texts(tmp_path / "b.pdf")
    assert result.pages == len(texts) and result.missing == {}
    assert progress == [(1, 3), (2, 3), (3, 3)]
    cover = flat(texts[0])
    assert "2026年度会议记录汇编" in cover and "测试中学" in cover and "共 3 次会议" in cover
    assert "第 1 页" not in cover  # the cover has no footer
    starts = {m.meeting_id: contents_page_number(tmp_path / "b.pdf", 1, m.topic) for m in doc.meetings}
    assert starts[1] == 3  # after the cover and one page of contents
    assert starts[2] > starts[1] + 1  # the first meeting's long minutes take pages
    for meeting in doc.meetings:
        first = starts[meeting.meeting_id]
        page = texts[first - 1]
        assert meeting.topic in page and meeting.title in page
        assert f"汇编第 {first} 页" in page
    own = starts[2] - starts[1]  # the first meeting's own pages
    for offset in range(own):
        assert f"第 {offset + 1} 页 共 {own} 页" in texts[starts[1] - 1 + offset]
    assert "第 1 页 共 1 页" in texts[-1] and f"汇编第 {len(texts)} 页" in texts[-1]


def contents_page_number(path: Path, page_index: int, topic: str) -> int:
    """The number printed at the right end of the contents line that names `topic` (found by
    position: the numbers are drawn after the lines, so the text order does not pair them)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        page = pdf[page_index]
        text = page.get_textpage()
        searcher = text.search(topic)
        index, _count = searcher.get_next()
        _left, bottom, _right, top = text.get_charbox(index)
        width, _height = page.get_size()
        number = text.get_text_bounded(left=width * 0.8, bottom=bottom - 2, right=width, top=top + 2)
        searcher.close()
        text.close()
        page.close()
    finally:
        pdf.close()
    return int(number.strip().lstrip("·"))


def test_an_empty_yearbook_still_prints_its_cover(tmp_path: Path) -> None:
    result = write_yearbook_pdf(dataclasses.replace(book(), meetings=()), tmp_path / "b.pdf")
    texts = page_texts(tmp_path / "b.pdf")
    assert result.pages == 2 and "还没有登记为已召开的会议" in texts[1]


@pytest.mark.parametrize(("text", "fits", "first"), [
    ("学习党章》、准则", 5, "学习党"),  # 》、 may not start a line: 章 goes down with them
    ("学习党章，准则", 4, "学习党"),
    ("学习《党章》", 3, "学习"),  # 《 may not end a line
    ("学习党章准则", 4, "学习党章"),  # no mark: cut like a knife
    ("，，，，，，", 2, "，，"),  # nothing better: the line is not left empty
    ("一二三——四", 4, "一二三"),  # a —— stays whole on the next line
    ("共计1234567元", 6, "共计"),  # a number is not cut
    ("奖金1,000元整", 5, "奖金"),
])
def test_split_chinese_keeps_marks_with_their_characters(text: str, fits: int, first: str) -> None:
    lines = pages.split_chinese(text, [10.0] * len(text), [fits * 10.0])
    assert lines[0][1] == first
    assert "".join(line for _space, line in lines) == text
    assert all(line[0] not in pages.CANNOT_START for _space, line in lines[1:] if text.strip("，"))


def test_leading_indents_are_kept_and_markup_typed_prints_as_text() -> None:
    assert pages.keep_spaces("　　同志们") == "&#x3000;&#x3000;同志们"
    assert pages.keep_spaces("  一、\t议程") == "&nbsp;&nbsp;一、\t议程"
    assert pages.keep_spaces("\t<b>A&B</b>") == "&nbsp;&nbsp;&nbsp;&nbsp;&lt;b&gt;A&amp;B&lt;/b&gt;"


def test_a_very_long_absence_list_runs_over_the_page(tmp_path: Path) -> None:
    absent = tuple(f"党员{n:03d}（请假：外出培训学习）" for n in range(100))
    result = write_minutes_pdf(minutes(absent=absent), tmp_path / "m.pdf")
    joined = flat("".join(page_texts(tmp_path / "m.pdf")))
    assert result.pages >= 2 and all(entry in joined for entry in absent[::9])
