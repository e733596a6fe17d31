"""The month grid on its own: layout, hit-testing, holidays, keys, mouse, and how meetings look."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Mapping, Sequence

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from djdesk.domain.holidays import DayKind, DayNote
from djdesk.domain.meetings import CALENDAR_KINDS, MeetingKind, MeetingStatus
from djdesk.services.meetings import MeetingRow
from djdesk.ui.calendar import colours
from djdesk.ui.calendar.month_view import (
    MonthView,
    add_months,
    first_grid_day,
    group_by_day,
)

TODAY = dt.date(2026, 6, 15)
_ids = itertools.count(1)


def row(when: dt.datetime, *, kind: MeetingKind = MeetingKind.GENERAL, status: MeetingStatus = MeetingStatus.PLANNED,
        title: str = "学习党章", group: str = "", missing: bool = False, reason: str = "") -> MeetingRow:
    return MeetingRow(
        id=next(_ids), kind=kind, also=(), year=when.year, branch_id=1, branch="第一党支部", group_id=None,
        group=group, title=title, starts_at=when, ends_at=when + dt.timedelta(hours=1), place="三楼会议室",
        status=status, cancel_reason=reason, lecturer_id=None, expected=10, present=0, minutes_missing=missing)


NOTES = {
    dt.date(2026, 6, 19): DayNote(DayKind.HOLIDAY, "端午节"),
    dt.date(2026, 9, 20): DayNote(DayKind.WORKDAY, "调休上班"),
}


@pytest.fixture
def view(qtbot: QtBot) -> MonthView:
    widget = MonthView()
    qtbot.addWidget(widget)
    widget.resize(840, 640)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def show(view: MonthView, rows: list[MeetingRow], year: int = 2026, month: int = 6,
         selected: dt.date | None = TODAY) -> None:
    view.show_month(year, month, group_by_day(rows), NOTES, TODAY, selected)


def test_six_weeks_from_the_monday_before_the_first() -> None:
    assert first_grid_day(2026, 6) == dt.date(2026, 6, 1)  # a Monday
    assert first_grid_day(2026, 11) == dt.date(2026, 10, 26)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 1, 15), -1) == dt.date(2025, 12, 15)


def test_a_meeting_is_drawn_in_its_days_cell_and_found_there(view: MonthView) -> None:
    meeting = row(dt.datetime(2026, 6, 18, 14, 30), title="研究发展党员工作")
    show(view, [meeting])
    assert view.days()[0] == dt.date(2026, 6, 1) and len(view.days()) == 42
    assert view.meetings_on(dt.date(2026, 6, 18)) == [meeting]
    rect = view.meeting_rect(meeting.id)
    cell = view.cell_rect(dt.date(2026, 6, 18))
    assert rect is not None and cell is not None and cell.contains(rect)
    assert view.day_at(rect.center()) == dt.date(2026, 6, 18)
    assert view.meeting_at(rect.center()) == meeting.id
    assert view.meeting_at(QPoint(cell.center().x(), cell.bottom() - 3)) is None
    assert view.day_at(QPoint(5, 2)) is None  # the weekday headings


def test_more_meetings_than_fit_end_in_plus_n(view: MonthView) -> None:
    day = dt.datetime(2026, 6, 10, 8)
    rows = [row(day + dt.timedelta(minutes=30 * n)) for n in range(12)]
    show(view, rows)
    shown, hidden = view.shown_lines(day.date())
    assert 0 < len(shown) < 12 and len(shown) + hidden == 12
    assert shown == rows[:len(shown)]  # in the order of the day
    view.resize(840, 2400)  # room for them all
    assert view.shown_lines(day.date()) == (rows, 0)


def test_holidays_workdays_today_and_every_status_paint(view: MonthView) -> None:
    rows = [row(dt.datetime(2026, 6, 18, 9), status=MeetingStatus.PLANNED),
            row(dt.datetime(2026, 6, 18, 10), status=MeetingStatus.HELD, missing=True),
            row(dt.datetime(2026, 6, 18, 11), status=MeetingStatus.CANCELLED, reason="场地冲突"),
            row(dt.datetime(2026, 6, 18, 12), kind=MeetingKind.GROUP, group="第一党小组")]
    show(view, rows)
    assert view.note_on(dt.date(2026, 6, 19)).name == "端午节"
    assert view.today() == TODAY and view.selected() == TODAY
    image = view.grab().toImage()
    # Today's number sits on a filled disc of its own colour.
    cell = view.cell_rect(TODAY)
    disc = [image.pixelColor(x, y) for x in range(cell.x(), cell.x() + 30) for y in range(cell.y(), cell.y() + 24)]
    assert any(c == colours.TODAY for c in disc)
    # A holiday is tinted; a 调休 workday on a Sunday is not tinted as a weekend.
    holiday = view.cell_rect(dt.date(2026, 6, 19))
    assert image.pixelColor(holiday.center().x(), holiday.bottom() - 4) == colours.HOLIDAY_TINT
    show(view, [], 2026, 9)
    workday = view.cell_rect(dt.date(2026, 9, 20))
    assert view.note_on(dt.date(2026, 9, 20)).kind is DayKind.WORKDAY
    assert view.grab().toImage().pixelColor(workday.center().x(), workday.bottom() - 4) == colours.WHITE


def test_arrows_move_the_day_and_leaving_the_month_asks_for_the_next(qtbot: QtBot, view: MonthView) -> None:
    show(view, [])
    view.setFocus()
    chosen: list[dt.date] = []
    months: list[tuple[int, int]] = []
    view.daySelected.connect(chosen.append)
    view.monthChangeRequested.connect(lambda y, m: months.append((y, m)))
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert chosen == [dt.date(2026, 6, 16), dt.date(2026, 6, 23)] and months == []
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.selected() == dt.date(2026, 7, 7) and months == [(2026, 7)]
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert view.selected() == dt.date(2026, 8, 7) and months[-1] == (2026, 8)
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert months[-1] == (2026, 7)


def test_enter_opens_the_days_first_meeting_or_asks_for_a_new_one(qtbot: QtBot, view: MonthView) -> None:
    first, second = row(dt.datetime(2026, 6, 15, 9)), row(dt.datetime(2026, 6, 15, 14))
    show(view, [first, second])
    opened: list[int] = []
    new: list[dt.date] = []
    view.meetingActivated.connect(opened.append)
    view.newMeetingRequested.connect(new.append)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    view.set_current_meeting(second.id)  # chosen in the list beside
    qtbot.keyClick(view, Qt.Key.Key_Enter)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened == [first.id, second.id] and new == [dt.date(2026, 6, 16)]


def test_clicks_choose_and_double_clicks_open_or_create(qtbot: QtBot, view: MonthView) -> None:
    meeting = row(dt.datetime(2026, 6, 18, 9))
    show(view, [meeting])
    days: list[dt.date] = []
    clicked: list[int] = []
    opened: list[int] = []
    new: list[dt.date] = []
    view.daySelected.connect(days.append)
    view.meetingClicked.connect(clicked.append)
    view.meetingActivated.connect(opened.append)
    view.newMeetingRequested.connect(new.append)
    line = view.meeting_rect(meeting.id).center()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=line)
    assert days == [dt.date(2026, 6, 18)] and clicked == [meeting.id] and view.current_meeting() == meeting.id
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=line)
    assert opened == [meeting.id]
    empty = view.cell_rect(dt.date(2026, 6, 24))
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=QPoint(empty.center().x(), empty.bottom() - 5))
    assert new == [dt.date(2026, 6, 24)] and view.current_meeting() is None


class CountingDays(Mapping[dt.date, Sequence[MeetingRow]]):
    """Meetings by day that count the look-ups a paint makes."""

    def __init__(self, days: dict[dt.date, list[MeetingRow]]) -> None:
        self.days, self.lookups = days, 0

    def __getitem__(self, day: dt.date) -> list[MeetingRow]:
        self.lookups += 1
        return self.days[day]

    def get(self, day, default=None):  # type: ignore[no-untyped-def, override]
        self.lookups += 1
        return self.days.get(day, default)

    def __iter__(self) -> Iterator[dt.date]:
        raise AssertionError("a paint must not walk every day loaded")

    def __len__(self) -> int:
        return len(self.days)


def test_a_paint_looks_up_only_the_days_shown(view: MonthView) -> None:
    """Twenty years of meetings are grouped once per reload: a month's paint reads 42 days,
    not the thousands of rows (a month switch stays far below 50 ms)."""
    start = dt.datetime(2010, 1, 4, 9)
    rows = [row(start + dt.timedelta(days=2 * n)) for n in range(3000)]
    days = CountingDays(group_by_day(rows))
    view.show_month(2020, 3, days, {}, TODAY, None)
    days.lookups = 0
    view.repaint()
    assert 0 < days.lookups <= 42 * 4


def test_every_kind_has_its_own_readable_colour_and_statuses_differ() -> None:
    assert set(colours.KIND_COLOURS) == set(MeetingKind)
    assert len({c.name() for c in colours.KIND_COLOURS.values()}) == len(MeetingKind)
    for kind in CALENDAR_KINDS:
        assert colours.contrast(colours.kind_colour(kind), colours.WHITE) >= 4.5
        planned = colours.look(kind, MeetingStatus.PLANNED)
        held = colours.look(kind, MeetingStatus.HELD)
        cancelled = colours.look(kind, MeetingStatus.CANCELLED)
        assert planned.border == colours.kind_colour(kind) and planned.fill != held.fill
        assert held.fill == colours.kind_colour(kind) and held.text == colours.WHITE
        assert cancelled.strike and cancelled.text == colours.CANCELLED
    assert colours.short_label(MeetingKind.COMMITTEE)


def test_tooltip_text_and_short_holiday_names() -> None:
    cancelled = row(dt.datetime(2026, 6, 18, 9), status=MeetingStatus.CANCELLED, reason="场地冲突")
    text = colours.describe(cancelled)
    assert "09:00–10:00" in text and "场地冲突" in text and "三楼会议室" in text
    assert colours.short_note(DayNote(DayKind.HOLIDAY, "休息日（由 2026-01-04 调休）")) == "休息日"
    group = row(dt.datetime(2026, 6, 18, 12, 40), kind=MeetingKind.GROUP, group="第二党小组", title="学习")
    assert colours.line_text(group) == "12:40 第二党小组 学习"
