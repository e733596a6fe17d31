"""The month grid: six weeks, Monday first, with holidays, 调休 workdays and each day's meetings."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from djdesk.domain.holidays import DayKind, DayNote
from djdesk.i18n import N_, _
from djdesk.services.meetings import MeetingRow
from djdesk.ui.calendar import colours
from djdesk.ui.calendar.colours import describe, line_text, short_note, time_range

WEEKDAY_HEADINGS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
WEEKS = 6
_ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ALIGN_CENTRE = Qt.AlignmentFlag.AlignCenter


def group_by_day(rows: Iterable[MeetingRow]) -> dict[dt.date, list[MeetingRow]]:
    """Rows by the day they start, in the order given (the service's: by start)."""
    days: dict[dt.date, list[MeetingRow]] = {}
    for row in rows:
        days.setdefault(row.starts_at.date(), []).append(row)
    return days


def first_grid_day(year: int, month: int) -> dt.date:
    """The Monday on or before the 1st: the grid's top-left day."""
    first = dt.date(year, month, 1)
    return first - dt.timedelta(days=first.weekday())


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later, or the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


class MonthView(QWidget):
    """Painted rather than built of widgets: 42 cells of labels would be slow to refill."""

    daySelected = Signal(object)  # dt.date
    meetingClicked = Signal(int)  # a single click on a meeting's line
    meetingActivated = Signal(int)  # a double click on it, or Enter
    newMeetingRequested = Signal(object)  # dt.date: a double click on a day's empty part
    monthChangeRequested = Signal(int, int)  # year, month: the keyboard left the month
    deleteRequested = Signal()  # Del: the tab deletes the meeting chosen, after asking

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monthView")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_("Month calendar"))
        self._year, self._month = 2000, 1
        self._first = first_grid_day(2000, 1)
        self._meetings: Mapping[dt.date, Sequence[MeetingRow]] = {}
        self._notes: Mapping[dt.date, DayNote] = {}
        self._today: dt.date | None = None
        self._selected: dt.date | None = None
        self._current: int | None = None  # the meeting chosen in the list beside
        self._fonts()

    # -- data in ------------------------------------------------------------------------------
    def show_month(self, year: int, month: int, meetings: Mapping[dt.date, Sequence[MeetingRow]],
                   notes: Mapping[dt.date, DayNote], today: dt.date, selected: dt.date | None) -> None:
        """`meetings` grouped by day once per reload (see group_by_day): a paint only looks up
        the 42 days shown, so switching months costs the same with ten or ten thousand rows."""
        self._year, self._month = year, month
        self._first = first_grid_day(year, month)
        self._meetings, self._notes, self._today, self._selected = meetings, notes, today, selected
        if self._current is not None and not any(
                r.id == self._current for d in self.days() for r in meetings.get(d, ())):
            self._current = None
        self.update()

    def set_selected(self, day: dt.date | None) -> None:
        if day != self._selected:
            self._selected = day
            self.update()

    def set_current_meeting(self, meeting_id: int | None) -> None:
        if meeting_id != self._current:
            self._current = meeting_id
            self.update()

    # -- what tests and the tab read ---------------------------------------------------------
    @property
    def year(self) -> int:
        return self._year

    @property
    def month(self) -> int:
        return self._month

    def selected(self) -> dt.date | None:
        return self._selected

    def current_meeting(self) -> int | None:
        return self._current

    def today(self) -> dt.date | None:
        return self._today

    def days(self) -> list[dt.date]:
        return [self._first + dt.timedelta(days=i) for i in range(7 * WEEKS)]

    def meetings_on(self, day: dt.date) -> list[MeetingRow]:
        return list(self._meetings.get(day, ()))

    def note_on(self, day: dt.date) -> DayNote | None:
        return self._notes.get(day)

    def cell_rect(self, day: dt.date) -> QRect | None:
        index = (day - self._first).days
        if not 0 <= index < 7 * WEEKS:
            return None
        return self._cell(index)

    def day_at(self, point: QPoint) -> dt.date | None:
        top = self._header_height()
        if point.y() < top or not self.rect().contains(point):
            return None
        width, height = self.width(), self.height() - top
        # The same edges as _cell draws, so a click on a border pixel picks the cell drawn there.
        column = next(c for c in range(7) if point.x() < (c + 1) * width // 7 or c == 6)
        row = next(r for r in range(WEEKS) if point.y() < top + (r + 1) * height // WEEKS or r == WEEKS - 1)
        return self._first + dt.timedelta(days=row * 7 + column)

    def meeting_at(self, point: QPoint) -> int | None:
        day = self.day_at(point)
        if day is None:
            return None
        for rect, row, _hidden in self._lines(day):
            if row is not None and rect.contains(point):
                return row.id
        return None

    def meeting_rect(self, meeting_id: int) -> QRect | None:
        """Where a meeting's line is drawn; None when it is not shown (or behind a "+N")."""
        for day in self.days():
            for rect, row, _hidden in self._lines(day):
                if row is not None and row.id == meeting_id:
                    return rect
        return None

    def shown_lines(self, day: dt.date) -> tuple[list[MeetingRow], int]:
        """The meetings drawn in a day's cell and how many are behind its "+N"."""
        lines = self._lines(day)
        return [r for _rect, r, _n in lines if r is not None], sum(n for _rect, r, n in lines if r is None)

    # -- geometry -----------------------------------------------------------------------------
    def _fonts(self) -> None:
        self._bold = QFont(self.font())
        self._bold.setBold(True)
        self._small = QFont(self.font())
        self._small.setPointSizeF(max(self.font().pointSizeF() * 0.9, 7.0))
        self._struck = QFont(self._small)
        self._struck.setStrikeOut(True)
        self._metrics = QFontMetrics(self.font())
        self._small_metrics = QFontMetrics(self._small)

    def _header_height(self) -> int:
        return self._metrics.height() + 8

    def _cell(self, index: int) -> QRect:
        top = self._header_height()
        width, height = self.width(), self.height() - top
        row, column = divmod(index, 7)
        # Edges rounded from the exact fractions: cells differ by a pixel at most and meet.
        x0, x1 = column * width // 7, (column + 1) * width // 7
        y0, y1 = top + row * height // WEEKS, top + (row + 1) * height // WEEKS
        return QRect(x0, y0, x1 - x0, y1 - y0)

    def _band_height(self) -> int:
        return self._metrics.height() + 6

    def _line_height(self) -> int:
        return self._small_metrics.height() + 4

    def _lines(self, day: dt.date) -> list[tuple[QRect, MeetingRow | None, int]]:
        """Each line of a day's cell: (where, the meeting or None for "+N", how many hidden).
        Painting and hit-testing both use this, so a click lands on what was drawn."""
        rows = self._meetings.get(day, ())
        cell = self.cell_rect(day)
        if not rows or cell is None:
            return []
        step = self._line_height() + 1
        fit = max(0, (cell.height() - self._band_height() - 2) // step)
        shown = len(rows) if len(rows) <= fit else max(fit - 1, 0)
        x, width = cell.x() + 3, cell.width() - 6
        y = cell.y() + self._band_height()
        lines: list[tuple[QRect, MeetingRow | None, int]] = []
        for row in rows[:shown]:
            lines.append((QRect(x, y, width, self._line_height()), row, 0))
            y += step
        if shown < len(rows) and fit > 0:
            lines.append((QRect(x, y, width, self._line_height()), None, len(rows) - shown))
        return lines

    def sizeHint(self) -> QSize:
        return QSize(7 * 120, self._header_height() + WEEKS * 96)

    def minimumSizeHint(self) -> QSize:
        return QSize(7 * 48, self._header_height() + WEEKS * 44)

    # -- painting -----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), colours.WHITE)
        self._paint_headings(painter)
        clip = event.rect()
        for index, day in enumerate(self.days()):
            cell = self._cell(index)
            if cell.intersects(clip):
                self._paint_day(painter, day, cell)
        painter.end()

    def _paint_headings(self, painter: QPainter) -> None:
        painter.setFont(self.font())
        painter.setPen(colours.MUTED)
        height = self._header_height()
        for column in range(7):
            x0, x1 = column * self.width() // 7, (column + 1) * self.width() // 7
            painter.drawText(QRect(x0, 0, x1 - x0, height), _ALIGN_CENTRE, _(WEEKDAY_HEADINGS[column]))
        painter.setPen(colours.GRID)
        painter.drawLine(0, height - 1, self.width(), height - 1)

    def _paint_day(self, painter: QPainter, day: dt.date, cell: QRect) -> None:
        note = self._notes.get(day)
        holiday = note is not None and note.kind is DayKind.HOLIDAY
        workday = note is not None and note.kind is DayKind.WORKDAY
        if day == self._selected:
            background = colours.SELECTED_FILL
        elif holiday:
            background = colours.HOLIDAY_TINT
        elif day.weekday() >= 5 and not workday:
            background = colours.WEEKEND_TINT
        else:
            background = colours.WHITE
        painter.fillRect(cell, background)
        painter.setPen(colours.GRID)
        painter.drawLine(cell.topRight(), cell.bottomRight())
        painter.drawLine(cell.bottomLeft(), cell.bottomRight())
        # Days of the neighbouring months are shown faded: there, but not this month's.
        painter.setOpacity(1.0 if day.month == self._month else 0.4)
        self._paint_band(painter, day, cell, note)
        for rect, row, hidden in self._lines(day):
            if row is None:
                painter.setFont(self._small)
                painter.setPen(colours.MUTED)
                painter.drawText(rect.adjusted(3, 0, 0, 0), _ALIGN_LEFT, f"+{hidden}")
            else:
                self._paint_line(painter, rect, row)
        painter.setOpacity(1.0)
        if day == self._selected:
            pen = QPen(colours.SELECTED_BORDER, 2 if self.hasFocus() else 1)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(cell.adjusted(1, 1, -1, -1))

    def _paint_band(self, painter: QPainter, day: dt.date, cell: QRect, note: DayNote | None) -> None:
        band = QRect(cell.x() + 4, cell.y() + 2, cell.width() - 8, self._band_height() - 2)
        number = str(day.day)
        painter.setFont(self._bold)
        number_width = self._metrics.horizontalAdvance("00") + 4
        if day == self._today:
            size = self._metrics.height() + 2
            disc = QRect(band.x() - 2, band.y() + (band.height() - size) // 2, max(size, number_width), size)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colours.TODAY)
            painter.drawRoundedRect(disc, size / 2, size / 2)
            painter.setPen(colours.WHITE)
            painter.drawText(disc, _ALIGN_CENTRE, number)
        else:
            holiday = note is not None and note.kind is DayKind.HOLIDAY
            painter.setPen(colours.HOLIDAY if holiday else colours.TEXT)
            painter.drawText(band, _ALIGN_LEFT, number)
        if note is None:
            return
        painter.setFont(self._small)
        room = band.adjusted(number_width + 4, 0, 0, 0)
        text = self._small_metrics.elidedText(short_note(note), Qt.TextElideMode.ElideRight, room.width())
        painter.setPen(colours.HOLIDAY if note.kind is DayKind.HOLIDAY else colours.MUTED)
        painter.drawText(room, _ALIGN_RIGHT, text)

    def _paint_line(self, painter: QPainter, rect: QRect, row: MeetingRow) -> None:
        look = colours.look(row.kind, row.status)
        painter.setPen(QPen(look.border, 1) if look.border is not None else Qt.PenStyle.NoPen)
        painter.setBrush(look.fill if look.fill is not None else Qt.BrushStyle.NoBrush)
        if look.fill is not None or look.border is not None:
            painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 3, 3)
        text_rect = rect.adjusted(4, 0, -3, 0)
        if row.minutes_missing:
            size = rect.height() - 4
            mark = QRect(rect.right() - size - 2, rect.y() + 2, size, size)
            text_rect.setRight(mark.left() - 2)
            painter.setPen(QPen(colours.WHITE, 1))
            painter.setBrush(colours.PROBLEM)
            painter.drawEllipse(mark)
            painter.setFont(self._bold)
            painter.setPen(colours.WHITE)
            painter.drawText(mark, _ALIGN_CENTRE, "!")
        painter.setFont(self._struck if look.strike else self._small)
        painter.setPen(look.text)
        text = self._small_metrics.elidedText(line_text(row), Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(text_rect, _ALIGN_LEFT, text)
        if row.id == self._current:
            painter.setPen(QPen(colours.SELECTED_BORDER, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-1, -1, 0, 0), 3, 3)

    # -- mouse and keys -----------------------------------------------------------------------
    def _choose(self, day: dt.date, meeting_id: int | None) -> None:
        # Emitted on every choice, also of the same day: a click on its empty part lets the
        # tab drop the meeting chosen in its list.
        self._current = meeting_id
        self._selected = day
        self.update()
        self.daySelected.emit(day)

    def mousePressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        point = event.position().toPoint()
        day = self.day_at(point)
        if day is None:
            return super().mousePressEvent(event)
        meeting = self.meeting_at(point)
        self._choose(day, meeting)
        if meeting is not None:
            self.meetingClicked.emit(meeting)

    def mouseDoubleClickEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = event.position().toPoint()
        day = self.day_at(point)
        if day is None:
            return
        meeting = self.meeting_at(point)
        if (day, meeting) != (self._selected, self._current):  # a double click without a press first
            self._choose(day, meeting)
            if meeting is not None:
                self.meetingClicked.emit(meeting)
        if meeting is not None:
            self.meetingActivated.emit(meeting)
        elif not any(rect.contains(point) for rect, row, _n in self._lines(day) if row is None):
            self.newMeetingRequested.emit(day)  # not on the "+N": that one means "see the list"

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        key = event.key()
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}
        day = self._selected or self._today or dt.date(self._year, self._month, 1)
        if key in steps:
            self._move(day + dt.timedelta(days=steps[key]))
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self._move(add_months(day, -1 if key == Qt.Key.Key_PageUp else 1))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            rows = self.meetings_on(day)
            chosen = [r.id for r in rows if r.id == self._current] or [r.id for r in rows[:1]]
            if chosen:
                self.meetingActivated.emit(chosen[0])
            else:
                self.newMeetingRequested.emit(day)
        elif key == Qt.Key.Key_Delete:
            self.deleteRequested.emit()
        else:
            super().keyPressEvent(event)

    def _move(self, day: dt.date) -> None:
        self._choose(day, None)
        if (day.year, day.month) != (self._year, self._month):
            self.monthChangeRequested.emit(day.year, day.month)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            self._tooltip(event)  # type: ignore[arg-type]
            return True
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fonts()
        return super().event(event)

    def _tooltip(self, event) -> None:  # type: ignore[no-untyped-def]
        point = event.pos()
        day = self.day_at(point)
        text = ""
        if day is not None:
            for rect, row, _hidden in self._lines(day):
                if rect.contains(point):
                    shown = self.shown_lines(day)[0]
                    rest = [r for r in self.meetings_on(day) if r not in shown]
                    text = describe(row) if row is not None else "\n".join(
                        f"{time_range(r)} {r.kind.label} {r.title}" for r in rest)
                    break
            else:
                note = self._notes.get(day)
                text = note.name if note is not None else ""
        if text:
            QToolTip.showText(event.globalPos(), text, self)
        else:
            QToolTip.hideText()
            event.ignore()
