"""The meeting dialog's 基本信息 page: kind, year, branch and group, topic, time, place, people."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from djdesk.domain.meetings import (
    CALENDAR_KINDS,
    YEARS_AHEAD,
    YEARS_BACK,
    MeetingDraft,
    MeetingKind,
    counts_as,
    is_secretary_post,
    meeting_label,
)
from djdesk.i18n import _
from djdesk.services.branches import BranchView
from djdesk.services.meetings import PersonChoice
from djdesk.ui.forms import ChoiceCombo, EditableCombo, FieldForm

DEFAULT_START, DEFAULT_END = dt.time(15, 30), dt.time(17, 0)
# Held early in the year, these usually close the year before (the 2026 组织生活会 in March 2027).
LOOKS_BACK = frozenset({MeetingKind.LIFE_MEETING, MeetingKind.REVIEW})
NO_END = QTime(0, 0)  # shown as "—": the end time was not recorded


def default_year(kinds: frozenset[MeetingKind], day: dt.date) -> int:
    return day.year - 1 if kinds & LOOKS_BACK and day.month <= 3 else day.year


class PersonCombo(ChoiceCombo):
    """People by name; someone stored on the meeting stays listed even if no longer offered."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([], blank=_("(none)"), parent=parent)
        self.kept: dict[int, str] = {}

    def fill(self, people: list[tuple[int, str]]) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        self.addItem(_("(none)"), None)
        listed = set()
        for person_id, text in people:
            self.addItem(text, person_id)
            listed.add(person_id)
        for person_id, name in self.kept.items():
            if person_id not in listed:
                self.addItem(name, person_id)
        self.setCurrentIndex(max(self.findData(current), 0))
        self.blockSignals(False)

    def keep(self, person_id: int | None, name: str) -> None:
        if person_id is not None and self.findData(person_id) < 0:
            self.kept[person_id] = name or str(person_id)
            self.addItem(self.kept[person_id], person_id)


class DetailsPage(FieldForm):
    """`scope_changed`: the kind, branch or group changed (who is expected may change);
    `kinds_changed`: what the meeting counts as changed (vote page, lecturer, template)."""

    scope_changed = Signal()
    kinds_changed = Signal()

    def __init__(self, branches: list[BranchView], people: list[PersonChoice], places: list[str],
                 today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.branches, self.people = branches, people
        self._loading = True
        self._auto_year: int | None = None  # the year last filled in, followed until typed over
        self.kind = self.add("kind", meeting_label("kind"), ChoiceCombo(CALENDAR_KINDS), required=True)
        also = QWidget()
        self.also_grid = QGridLayout(also)
        self.also_grid.setContentsMargins(0, 0, 0, 0)
        self.also: dict[MeetingKind, QCheckBox] = {}
        for kind in CALENDAR_KINDS:
            box = QCheckBox(kind.label, also)  # a child now: its place in the tab order
            box.setObjectName(f"also_{kind.value}")
            box.toggled.connect(self._kinds_changed)
            self.also[kind] = box
        self.add("also_counts_as", meeting_label("also_counts_as"), also)
        self.year = QSpinBox()
        self.year.setRange(today.year - YEARS_BACK - 1, today.year + YEARS_AHEAD + 1)
        self.year.setToolTip(_("The year the meeting is for: an organisational life meeting of {year} "
                               "held in January to March of {next} counts for {year}.").format(
                                   year=today.year - 1, next=today.year))
        self.add("year", meeting_label("year"), self.year, required=True)
        self.branch = ChoiceCombo([], blank=None if branches else _("(none)"))
        for view in branches:
            self.branch.addItem(view.name, view.id)
        self.add("branch_id", meeting_label("branch_id"), self.branch, required=True)
        self.group = self.add("group_id", meeting_label("group_id"), ChoiceCombo([], blank=_("(none)")))
        self.title = self.add("title", meeting_label("title"), QLineEdit(), required=True)
        self.title.setMaxLength(200)
        self.title.setPlaceholderText(_("e.g. Studying the spirit of the plenary session"))
        self.date = QDateEdit()
        self.date.setObjectName("meetingDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.start = QTimeEdit()
        self.start.setObjectName("startTime")
        self.start.setDisplayFormat("HH:mm")
        when = QWidget()
        line = QHBoxLayout(when)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.date)
        line.addWidget(self.start)
        line.addStretch(1)
        self.add("starts_at", meeting_label("starts_at"), when, required=True)
        self.end = QTimeEdit()
        self.end.setDisplayFormat("HH:mm")
        self.end.setSpecialValueText("—")
        self.end.setToolTip(_("Set to 00:00 (shown as —) when the end time is not known."))
        self.add("ends_at", meeting_label("ends_at"), self.end)
        place = EditableCombo(places)
        place.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        place.lineEdit().setMaxLength(120)
        self.place = self.add("place", meeting_label("place"), place)
        self.host = self.add("host_id", meeting_label("host_id"), PersonCombo())
        self.recorder = self.add("recorder_id", meeting_label("recorder_id"), PersonCombo())
        self.lecturer = self.add("lecturer_id", meeting_label("lecturer_id"), PersonCombo())
        self.guests = self.add("guests", meeting_label("guests"), QLineEdit())
        self.guests.setPlaceholderText(_("e.g. activists Zhang San and Li Si"))
        for combo in (self.kind, self.branch, self.group, self.host, self.recorder, self.lecturer):
            combo.setSizeAdjustPolicy(ChoiceCombo.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumWidth(160)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.branch.currentIndexChanged.connect(self._branch_changed)
        self.group.currentIndexChanged.connect(self._group_changed)
        self.date.dateChanged.connect(self._follow_year)

    # -- widgets <-> draft ------------------------------------------------------------------
    def load(self, draft: MeetingDraft, names: dict[int, str]) -> None:
        """Show a draft; `names` are the stored host, recorder and lecturer, listed even when
        they are no longer members of the branch (or have left)."""
        self._loading = True
        self.kind.set_value(draft.kind)
        for kind, box in self.also.items():
            box.setChecked(kind in draft.also_counts_as)
        self.branch.set_value(draft.branch_id)
        for combo in (self.host, self.recorder, self.lecturer):
            combo.kept.clear()
        self._refill()
        self.group.set_value(draft.group_id)
        self.title.setText(draft.title)
        starts = draft.starts_at
        self.date.setDate(QDate(starts.year, starts.month, starts.day))
        self.start.setTime(QTime(starts.hour, starts.minute))
        ends = draft.ends_at
        self.end.setTime(QTime(ends.hour, ends.minute) if ends else NO_END)
        self.place.set_value(draft.place)
        for combo, person_id in ((self.host, draft.host_id), (self.recorder, draft.recorder_id),
                                 (self.lecturer, draft.lecturer_id)):
            combo.keep(person_id, names.get(person_id, "") if person_id is not None else "")
            combo.set_value(person_id)
        self.guests.setText(draft.guests)
        self.year.setValue(draft.year)
        self._auto_year = default_year(self.kinds(), starts.date())
        self._enable()
        self._loading = False

    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date.date().toPython(), self.start.time().toPython())

    def kinds(self) -> frozenset[MeetingKind]:
        kind = self.kind.value()
        return counts_as(kind, tuple(k for k, box in self.also.items() if box.isChecked() and k is not kind))

    def draft(self, expected: tuple[int, ...]) -> MeetingDraft:
        kind: MeetingKind = self.kind.value()
        starts = self.starts_at()
        end = self.end.time()
        return MeetingDraft(
            kind=kind, year=self.year.value(), branch_id=self.branch.value(), starts_at=starts,
            ends_at=None if end == NO_END else dt.datetime.combine(starts.date(), end.toPython()),
            also_counts_as=tuple(k for k, box in self.also.items() if box.isChecked() and k is not kind),
            group_id=self.group.value() if kind is MeetingKind.GROUP else None,
            title=self.title.text().strip(), place=self.place.value(), host_id=self.host.value(),
            recorder_id=self.recorder.value(),
            lecturer_id=self.lecturer.value() if MeetingKind.LECTURE in self.kinds() else None,
            guests=self.guests.text().strip(), expected=expected,
        )

    # -- reactions --------------------------------------------------------------------------
    def _branch_people(self, branch_id: int | None) -> list[tuple[int, str]]:
        return [(p.id, p.name) for p in self.people if p.branch_id == branch_id]

    def _refill(self) -> None:
        """The branch's groups and people; the lecturer may be anyone, the branch's first."""
        branch_id = self.branch.value()
        view = next((b for b in self.branches if b.id == branch_id), None)
        current = self.group.value()
        self.group.blockSignals(True)
        self.group.clear()
        self.group.addItem(_("(none)"), None)
        for group in view.groups if view else ():
            self.group.addItem(group.name, group.id)
        self.group.setCurrentIndex(max(self.group.findData(current), 0))
        self.group.blockSignals(False)
        members = self._branch_people(branch_id)
        self.host.fill(members)
        self.recorder.fill(members)
        names = {b.id: b.name for b in self.branches}
        others = [(p.id, _("{name} ({branch})").format(name=p.name, branch=names.get(p.branch_id, "")))
                  for p in self.people if p.branch_id != branch_id]
        self.lecturer.fill(members + others)

    def suggest_host(self) -> None:
        """A new meeting is usually chaired by the branch secretary."""
        if self.host.value() is None:
            branch_id = self.branch.value()
            secretary = next((p for p in self.people if p.branch_id == branch_id
                              and is_secretary_post(p.party_post)), None)
            if secretary is not None:
                self.host.set_value(secretary.id)

    def _enable(self) -> None:
        kind = self.kind.value()
        # The other kinds four to a line, without a gap where the meeting's own kind was.
        others = [k for k in CALENDAR_KINDS if k is not kind]
        for other, box in self.also.items():
            self.also_grid.removeWidget(box)
            box.setVisible(other is not kind)
            if other is kind:
                box.setChecked(False)
        for number, other in enumerate(others):
            self.also_grid.addWidget(self.also[other], number // 4, number % 4)
        self.group.setEnabled(kind is MeetingKind.GROUP)
        self.lecturer.setEnabled(MeetingKind.LECTURE in self.kinds())

    def _follow_year(self) -> None:
        """The year follows the date and kind until the user sets it differently."""
        if self._loading:
            return
        new = default_year(self.kinds(), self.starts_at().date())
        if self.year.value() == self._auto_year:
            self.year.setValue(new)
        self._auto_year = new

    def _kind_changed(self) -> None:
        self._enable()
        if self._loading:
            return
        self._follow_year()
        self.kinds_changed.emit()
        self.scope_changed.emit()

    def _kinds_changed(self) -> None:
        if self._loading:
            return
        self._enable()
        self._follow_year()
        self.kinds_changed.emit()

    def _branch_changed(self) -> None:
        if self._loading:
            return
        self._refill()
        self.scope_changed.emit()

    def _group_changed(self) -> None:
        if not self._loading and self.kind.value() is MeetingKind.GROUP:
            self.scope_changed.emit()

