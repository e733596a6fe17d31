"""The 会议记录 tab: a year's meetings with the state of their records, the record's editor, its
printed page as typed, and printing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.errors import NotFoundError, UserError
from djdesk.domain.meetings import MeetingStatus
from djdesk.domain.minutes import MinutesState
from djdesk.i18n import _
from djdesk.services import branches as branch_service
from djdesk.services import minutes as minutes_service
from djdesk.services.minutes import MinutesDocument
from djdesk.store.database import Database
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import ChoiceCombo
from djdesk.ui.minutes.actions import MinutesActions
from djdesk.ui.minutes.editor import HINT_STYLE, Loaded, MinutesEditor
from djdesk.ui.minutes.model import (
    COLUMN_KEYS,
    MinutesFilter,
    MinutesModel,
    MinutesTable,
)
from djdesk.ui.minutes.page_preview import DELAY_MS, PagePreview
from djdesk.ui.prefs import Prefs
from djdesk.ui.record_printing import RecordPrinter

RELOAD_PREVIEW_MS = 150  # a reload's new header: previewed soon, yet not once per quick event


class MinutesTab(QWidget):
    previewReady = Signal(int)  # a new preview of the page is on screen: its page count

    def __init__(self, db: Database, events: AppEvents, asker: Asks, prefs: Prefs, printer: RecordPrinter,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.events, self.asker, self.prefs, self.printer = db, events, asker, prefs, printer
        self.setObjectName("minutesTab")
        self.dialog: QWidget | None = None  # the meeting or yearbook dialog open
        self._year = db.clock.today().year
        self._branch_id: int | None = None
        self._adjusting = False  # the selection changed by code, not by the user
        self._saving = False  # our own MEETINGS event: the rows are already reloaded
        self._stale = False

        self.year = QSpinBox()
        self.year.setObjectName("minutesYear")
        self.year.setRange(1990, 2100)
        self.year.setValue(self._year)
        self.year.setKeyboardTracking(False)  # typing 2025 must not load 2, 20 and 202 first
        self.branch = QComboBox()
        self.branch.setObjectName("minutesBranch")
        self.state = ChoiceCombo(MinutesState, blank=_("All statuses"))
        self.state.setObjectName("minutesState")
        self.search = QLineEdit()
        self.search.setObjectName("minutesFilter")
        self.search.setPlaceholderText(_("Search topic or branch"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("minutesCount")
        self.model = MinutesModel(self)
        self.table = MinutesTable(self.model)
        self.editor = MinutesEditor()
        self.content, self.resolution = self.editor.content, self.editor.resolution
        self.unsaved = QLabel(_("Not saved"))
        self.unsaved.setObjectName("minutesUnsaved")
        self.unsaved.setStyleSheet(HINT_STYLE)
        self.preview = PagePreview()
        self.preview.ready.connect(self.previewReady)
        self.actions = MinutesActions(self)
        self._lay_out()
        self._restore_state()

        self.year.valueChanged.connect(self._year_chosen)
        self.branch.currentIndexChanged.connect(self._branch_chosen)
        self.state.currentIndexChanged.connect(lambda _index: self._apply_filter())
        self.search.textChanged.connect(lambda _text: self._apply_filter())
        self.table.selectionModel().selectionChanged.connect(self._row_chosen)
        self.editor.typed.connect(self._typed)
        events.changed.connect(self._data_changed)
        # The rows are read when the tab is first shown: at start-up the roster is, and every
        # millisecond before it counts.
        self._stale = True

    def _lay_out(self) -> None:
        buttons = self.actions.buttons
        top = QHBoxLayout()
        year_label = QLabel(_("For the year"))
        year_label.setBuddy(self.year)
        top.addWidget(year_label)
        top.addWidget(self.year)
        for combo in (self.branch, self.state):
            combo.setMinimumWidth(combo.fontMetrics().horizontalAdvance("汉" * 6) + 30)
            top.addWidget(combo)
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        top.addSpacing(12)
        top.addWidget(buttons["openYearbook"])

        editing = QHBoxLayout()
        for name in ("saveMinutes", "revertMinutes"):
            editing.addWidget(buttons[name])
        editing.addWidget(self.unsaved)
        editing.addStretch(1)
        # The meeting's full form, beside its header: apart from the printing buttons below.
        self.editor.top.addWidget(buttons["openMeeting"], 0, Qt.AlignmentFlag.AlignTop)
        printing = QHBoxLayout()
        for name in ("printMinutes", "exportMinutes", "printSignin"):
            printing.addWidget(buttons[name])
        printing.addStretch(1)

        self.splitter = QSplitter()
        self.splitter.setObjectName("minutesSplitter")
        for number, (widget, row) in enumerate(((self.table, None), (self.editor, editing),
                                                (self.preview, printing))):
            pane = QWidget()
            pane_layout = QVBoxLayout(pane)
            pane_layout.setContentsMargins(0, 0, 0, 0)
            pane_layout.addWidget(widget, 1)
            if row is not None:
                pane_layout.addLayout(row)
            self.splitter.addWidget(pane)
            self.splitter.setCollapsible(number, False)
        for number, stretch in enumerate((4, 4, 3)):
            self.splitter.setStretchFactor(number, stretch)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    # -- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        """The year's rows again; the meeting in the editor stays, and so does text typed in it."""
        with self.db.transaction() as session:
            branches = branch_service.list_branches(session)
            if self._branch_id not in {b.id for b in branches}:
                self._branch_id = None  # deleted meanwhile
            rows = minutes_service.list_rows(session, year=self._year, branch_id=self._branch_id)
        self._stale = False
        self.branch.blockSignals(True)
        self.branch.clear()
        self.branch.addItem(_("All branches"), None)
        for branch in branches:
            self.branch.addItem(branch.name, branch.id)
        self.branch.setCurrentIndex(max(self.branch.findData(self._branch_id), 0))
        self.branch.blockSignals(False)
        self._quietly(lambda: self.model.set_rows(rows, self._year))
        # One branch chosen: its name on every row would only take the topic's room.
        self.table.setColumnHidden(COLUMN_KEYS.index("branch"), self._branch_id is not None)
        self._refresh_loaded()
        self._after_rows_changed()

    def _refresh_loaded(self) -> None:
        """The editor's meeting as stored now: its header always, its text unless edited here
        (or unchanged: a reload after saving must not move the cursor)."""
        loaded = self.editor.loaded
        if loaded is None:
            return
        row = self.model.find(loaded.row.id)
        document = self._document(loaded.row.id, quiet=True) if row is not None else None
        if row is None or document is None:
            if not self.is_dirty():
                self._load(None)
            return  # gone, yet the typed text stays on screen: saving says why it cannot be kept
        held = row.state is not MinutesState.NOT_HELD
        if self.is_dirty() or (loaded.same_text(document) and held == loaded.editable):
            self.editor.refresh(row, document)
            self._show_preview(RELOAD_PREVIEW_MS)
            self._update_actions()
        else:
            self._load(row.id, first_page=False)

    def _after_rows_changed(self) -> None:
        """Select the editor's meeting if shown, else the first (unless that would drop typing)."""
        meeting_id = self.current_id()
        row = self.model.row_of(meeting_id) if meeting_id is not None else None
        if row is not None:
            self._select_row(row)
        elif self.is_dirty():
            self._select_row(None)
        elif self.model.shown_count():
            self._select_row(0)
            self._load(self.model.meeting(0).id)
        else:
            self._select_row(None)
            self._load(None)
        self.count.setText(_("Showing {shown} of {total} meetings").format(
            shown=self.model.shown_count(), total=self.model.total_count()))

    def _quietly(self, change) -> None:  # type: ignore[no-untyped-def]
        self._adjusting = True
        try:
            change()
        finally:
            self._adjusting = False

    def _select_row(self, row: int | None) -> None:
        if row is None:
            self._quietly(self.table.clearSelection)
            return
        self._quietly(lambda: self.table.selectRow(row))
        self.table.scrollTo(self.model.index(row, 0))

    def _document(self, meeting_id: int, *, quiet: bool = False) -> MinutesDocument | None:
        try:
            with self.db.transaction() as session:
                return minutes_service.minutes_document(session, meeting_id)
        except UserError as error:  # deleted or cancelled meanwhile
            if not quiet:
                self.asker.error(self, error.message)
            return None

    def _load(self, meeting_id: int | None, *, first_page: bool = True) -> None:
        row = self.model.find(meeting_id) if meeting_id is not None else None
        document = self._document(row.id) if row is not None else None
        self.editor.show_record(Loaded.of(row, document) if row is not None and document is not None else None)
        self._show_preview(0 if first_page else RELOAD_PREVIEW_MS, first_page=first_page)
        self._update_actions()

    def _show_preview(self, delay: int = DELAY_MS, *, first_page: bool = False) -> None:
        self.preview.show_document(self.editor.preview_document(), delay=delay, first_page=first_page)

    # -- the editor ---------------------------------------------------------------------------
    def current_id(self) -> int | None:
        """The meeting in the editor."""
        return self.editor.loaded.row.id if self.editor.loaded is not None else None

    def is_dirty(self) -> bool:
        return self.editor.is_dirty()

    def _typed(self) -> None:
        self._show_preview()
        self._update_actions()

    def _update_actions(self) -> None:
        loaded, dirty = self.editor.loaded, self.is_dirty()
        self.actions.update(loaded=loaded is not None, held=loaded is not None and loaded.editable, dirty=dirty)
        self.unsaved.setVisible(dirty)

    def save(self) -> bool:
        """Store the typed text; False when it could not be (the text stays in the editor)."""
        loaded = self.editor.loaded
        if loaded is None or not self.is_dirty():
            return True
        content, resolution = self.editor.texts()
        try:
            with self.db.transaction() as session:
                minutes_service.save_minutes(session, loaded.row.id, content=content, resolution=resolution)
        except UserError as error:  # deleted or cancelled meanwhile
            self.asker.error(self, error.message)
            return False
        self.editor.mark_saved()
        self.reload()
        self._saving = True
        try:
            self.events.changed.emit(kinds.MEETINGS)
        finally:
            self._saving = False
        return True

    def revert(self) -> None:
        """Back to the text as stored."""
        self.editor.revert()
        self._show_preview(0)
        self._update_actions()

    def leave(self) -> bool:
        """Before the window closes: unsaved text saved or dropped as the user says; False when
        they chose to stay."""
        return self.may_leave()

    def may_leave(self, question: str | None = None) -> bool:
        """Whether the editor may show something else: nothing unsaved, or the user saved (and
        it worked) or discarded it."""
        if not self.is_dirty():
            return True
        assert self.editor.loaded is not None
        answer = self.asker.save_changes(self, question or _(
            "The minutes of “{title}” have changes that are not saved. Save them?").format(
            title=self.editor.loaded.row.title))
        if answer is None:
            return False
        if answer:
            return self.save()
        self.revert()
        return True

    # -- choosing -----------------------------------------------------------------------------
    def _row_chosen(self, *_args: object) -> None:
        if self._adjusting:
            return
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return  # nothing chosen: the editor keeps its meeting
        chosen = self.model.meeting(rows[0].row()).id
        if chosen == self.current_id():
            return
        if not self.may_leave():
            current = self.current_id()
            self._select_row(self.model.row_of(current) if current is not None else None)  # back to the typing
            return
        self._load(chosen)
        self._after_rows_changed()  # saving reloaded the rows: the click is chosen again

    def select_meeting(self, meeting_id: int) -> bool:
        """Show a meeting's record: its year chosen, filters hiding it cleared."""
        if meeting_id == self.current_id():
            return True
        if not self.may_leave():
            return False
        if self.model.find(meeting_id) is None:
            from djdesk.services import meetings  # the meeting's year and branch

            try:
                with self.db.transaction() as session:
                    view = meetings.get(session, meeting_id)
            except NotFoundError:
                return False
            if view.status is MeetingStatus.CANCELLED:
                return False
            self._year = view.draft.year
            if self._branch_id not in (None, view.draft.branch_id):
                self._branch_id = None
            self.year.blockSignals(True)
            self.year.setValue(self._year)
            self.year.blockSignals(False)
            self.reload()
            if self.model.find(meeting_id) is None:
                return False
        if self.model.row_of(meeting_id) is None:
            self._clear_filters()
        self._load(meeting_id)
        self._after_rows_changed()
        return self.current_id() == meeting_id

    def _clear_filters(self) -> None:
        for widget in (self.state, self.search):
            widget.blockSignals(True)
        self.state.setCurrentIndex(0)
        self.search.clear()
        for widget in (self.state, self.search):
            widget.blockSignals(False)
        self._quietly(lambda: self.model.set_filter(MinutesFilter()))

    def _apply_filter(self) -> None:
        self._quietly(lambda: self.model.set_filter(MinutesFilter(state=self.state.value(), text=self.search.text())))
        self._after_rows_changed()

    def year_choice(self) -> int:
        return self._year

    def branch_choice(self) -> int | None:
        return self._branch_id

    def _year_chosen(self, year: int) -> None:
        if year == self._year:
            return
        if not self.may_leave():
            self.year.blockSignals(True)
            self.year.setValue(self._year)
            self.year.blockSignals(False)
            return
        self._year = year
        self.reload()

    def _branch_chosen(self, _index: int) -> None:
        branch_id = self.branch.currentData()
        if branch_id == self._branch_id:
            return
        if not self.may_leave():
            self.branch.blockSignals(True)
            self.branch.setCurrentIndex(max(self.branch.findData(self._branch_id), 0))
            self.branch.blockSignals(False)
            return
        self._branch_id = branch_id
        self.reload()

    def _data_changed(self, kind: str) -> None:
        if self._saving or kind not in (kinds.MEETINGS, kinds.PEOPLE, kinds.BRANCHES, kinds.SETTINGS):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True  # reloaded when next shown

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._stale:
            self.reload()

    # -- state --------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        splitter = self.prefs.geometry("minutesSplitter")
        if splitter is None or not self.splitter.restoreState(splitter):
            self.splitter.setSizes([560, 400, 300])
        header = self.prefs.geometry("minutesHeader")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

    def save_state(self) -> None:
        self.prefs.set_geometry("minutesSplitter", self.splitter.saveState())
        self.prefs.set_geometry("minutesHeader", self.table.horizontalHeader().saveState())
