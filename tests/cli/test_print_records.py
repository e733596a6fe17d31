"""`djdesk meetings` and `djdesk print minutes|signin|yearbook`: the PDFs written from the
command line, and clear errors for a meeting, branch or kind that does not exist."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from djdesk.domain.clock import FixedClock
from djdesk.domain.meetings import AttendanceStatus, MeetingDraft, MeetingKind
from djdesk.services import meeting_edit, members
from djdesk.services.meeting_edit import AttendanceEntry, MeetingForm
from djdesk.workspace import open_workspace
from tests.cli.test_cli import djdesk
from tests.conftest import TODAY
from tests.factories import branch, member_draft
from tests.reports.test_roster_pdf import page_texts

pytestmark = pytest.mark.slow


def school(data_dir: Path) -> tuple[int, int]:
    """A held branch meeting with minutes and a planned one; returns their ids."""
    workspace = open_workspace(data_dir, clock=FixedClock.on(TODAY, hour=10))
    try:
        with workspace.database.transaction() as session:
            first = branch(session, "第一党支部")
            ids = [members.add(session, member_draft(first.id, name=name), today=TODAY).id
                   for name in ("王喆", "李堃", "赵赟")]
            held = MeetingDraft(kind=MeetingKind.GENERAL, year=2026, branch_id=first.id,
                                starts_at=dt.datetime(2026, 6, 1, 15, 30), title="学习党章", host_id=ids[0],
                                recorder_id=ids[1], expected=tuple(ids))
            now = dt.datetime.combine(TODAY, dt.time(10))
            held_id = meeting_edit.save(session, None, MeetingForm(
                draft=held, attendance=tuple(AttendanceEntry(i, AttendanceStatus.PRESENT) for i in ids),
                content="一、学习《中国共产党章程》。", held=True), now=now)
            planned = MeetingDraft(kind=MeetingKind.LECTURE, year=2026, branch_id=first.id,
                                   starts_at=dt.datetime(2026, 7, 1, 9), title="七一党课", expected=tuple(ids))
            planned_id = meeting_edit.save(session, None, MeetingForm(draft=planned), now=now)
    finally:
        workspace.close()
    return held_id, planned_id


def test_meetings_are_listed_and_printed_from_the_command_line(data_dir: Path, tmp_path: Path) -> None:
    held, planned = school(data_dir)
    listed = djdesk("meetings", "--year", "2026", data_dir=data_dir)
    assert listed.returncode == 0, listed.stderr
    assert f"{held}  2026-06-01 15:30  支部党员大会  第一党支部  学习党章  [已填写]" in listed.stdout
    assert f"{planned}  2026-07-01 09:00  党课  第一党支部  七一党课  [未召开]" in listed.stdout

    out = tmp_path / "记录.pdf"
    result = djdesk("print", "minutes", "--meeting", str(held), "--out", str(out), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout and "共 1 页" in result.stdout
    text = "".join(page_texts(out))
    assert "支部党员大会会议记录" in text and "学习《中国共产党章程》" in text and "王喆" in text

    sheet = tmp_path / "签到表.pdf"
    result = djdesk("print", "signin", "--meeting", str(planned), "--out", str(sheet), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    text = "".join(page_texts(sheet))
    assert "党课签到表" in text and all(name in text for name in ("王喆", "李堃", "赵赟"))

    book = tmp_path / "汇编.pdf"
    result = djdesk("print", "yearbook", "--year", "2026", "--branch", "第一党支部", "--kind", "支部党员大会",
                    "--out", str(book), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    texts = page_texts(book)
    assert len(texts) == 3 and "2026年度会议记录汇编" in texts[0] and "学习党章" in texts[2]


def test_a_missing_meeting_branch_or_kind_is_a_clear_error(data_dir: Path, tmp_path: Path) -> None:
    school(data_dir)
    out = tmp_path / "x.pdf"
    missing = djdesk("print", "minutes", "--meeting", "999", "--out", str(out), data_dir=data_dir)
    assert missing.returncode == 1 and "没有编号为 999 的会议" in missing.stderr
    kind = djdesk("print", "yearbook", "--year", "2026", "--kind", "茶话会", "--out", str(out), data_dir=data_dir)
    assert kind.returncode == 1 and "茶话会" in kind.stderr and "支部党员大会" in kind.stderr
    empty = djdesk("print", "yearbook", "--year", "2020", "--out", str(out), data_dir=data_dir)
    assert empty.returncode == 1 and "2020 年度还没有登记为已召开的会议" in empty.stderr
    usage = djdesk("print", "minutes", "--out", str(out), data_dir=data_dir)
    assert usage.returncode == 2
    assert not out.exists()
