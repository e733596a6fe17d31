"""The 师德考核 tab: the period chosen at the top, its score grid with live totals and counts,
and the pages of violations, honours, training and observed lessons."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.errors import UserError
from djdesk.i18n import _
from djdesk.services import ethics as service
from djdesk.services.ethics import PeriodRow, PeriodView
from djdesk.services.ethics_results import TeacherResult
from djdesk.store.database import Database
from djdesk.ui import events as kinds
from djdesk.ui.asker import Asks
from djdesk.ui.ethics.score_grid import ScoreTable
from djdesk.ui.ethics.score_model import FILTERS, Cell, ScoreModel
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import ERROR_STYLE

RELOAD_ON = {kinds.ETHICS, kinds.LEARNING, kinds.PEOPLE}


class EthicsTab(QWidget):
    """Reads nothing until first shown (it is built after the window's first paint)."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, data_dir, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        from djdesk.ui.ethics.actions import EthicsActions

        self.setObjectName("ethicsTab")
        self.db, self.events, self.asker, self.data_dir = db, events, asker, data_dir
        self.periods: list[PeriodRow] = []
        self.view: PeriodView | None = None
        self.dialog: QWidget | None = None
        self._stale = True
        self.school = ""

        self.period_box = QComboBox()
        self.period_box.setObjectName("ethicsPeriod")
        self.period_box.setMinimumWidth(220)
        self.period_box.activated.connect(lambda _i: self.show_period(self.period_box.currentData()))
        self.state = QLabel()
        self.state.setObjectName("ethicsState")
        self.pages = QTabWidget()
        self.pages.setObjectName("ethicsPages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self._score_page(), _("Scores"))
        self._record_pages()
        self.pages.currentChanged.connect(lambda _i: self._show_page())
        self.actions_ = EthicsActions(self)
        a = self.actions_

        def button(action: QAction) -> QToolButton:
            b = QToolButton()
            b.setDefaultAction(action)
            b.setObjectName(f"button_{action.objectName()}")
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            return b

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Evaluation period")))
        top.addWidget(self.period_box)
        for action in (a.new_action, a.scheme_action, a.teachers_action):
            top.addWidget(button(action))
        top.addStretch(1)
        for action in (a.import_action,):
            top.addWidget(button(action))
        export = QToolButton()
        export.setObjectName("ethicsExportMenu")
        export.setText(_("Export"))
        export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(export)
        for action in (a.summary_pdf_action, a.summary_xlsx_action, a.template_action):
            menu.addAction(action)
        export.setMenu(menu)
        top.addWidget(export)
        for action in (a.forms_action, a.cap_action, a.close_action, a.reopen_action):
            top.addWidget(button(action))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.state)
        layout.addWidget(self.pages, 1)
        events.changed.connect(self._changed)

    # -- building ---------------------------------------------------------------------------
    def _score_page(self) -> QWidget:
        page = QWidget()
        self.search = QLineEdit()
        self.search.setObjectName("ethicsSearch")
        self.search.setPlaceholderText(_("Find a teacher or teaching group"))
        self.search.setClearButtonEnabled(True)
        self.filter = QComboBox()
        self.filter.setObjectName("ethicsFilter")
        for code, label in FILTERS:
            self.filter.addItem(_(label), code)
        self.category = QComboBox()
        self.category.setObjectName("ethicsCategory")
        self.category.setToolTip(_("Whose item scores the grid shows"))
        self.category_label = QLabel(_("Items scored by"))
        self.model = ScoreModel(self._save_score, self)
        self.table = ScoreTable(self.model, lambda question: self.asker.confirm(self, question, action=_("Clear")))
        self.table.activated.connect(self._open_teacher)  # a double-click, or Enter on a name
        self.message = QLabel()
        self.message.setObjectName("ethicsMessage")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("ethicsSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.search.textChanged.connect(self._refilter)
        self.filter.currentIndexChanged.connect(self._refilter)
        self.category.activated.connect(lambda i: self.model.set_category(i))
        self.model.rejected.connect(self._rejected)
        self.model.summary_changed.connect(self._show_summary)
        find = QAction(self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.addAction(find)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.filter)
        bar.addWidget(self.category_label)
        bar.addWidget(self.category)
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        return page

    def _record_pages(self) -> None:
        from djdesk.ui.ethics.honours_page import HonoursPage
        from djdesk.ui.ethics.learning_page import LearningPage
        from djdesk.ui.ethics.observations_page import ObservationsPage
        from djdesk.ui.ethics.violations_page import ViolationsPage

        self.violations = ViolationsPage(self.db, self.events, self.asker)
        self.honours = HonoursPage(self.db, self.events, self.asker)
        self.learning = LearningPage(self.db, self.events, self.asker)
        self.observations = ObservationsPage(self.db, self.events, self.asker)
        self.pages.addTab(self.violations, _("Violations and sanctions"))
        self.pages.addTab(self.learning, _("Ethics training"))
        self.pages.addTab(self.honours, _("Honours"))
        self.pages.addTab(self.observations, _("Lesson observations"))

    # -- loading ----------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _changed(self, kind: str) -> None:
        if kind in RELOAD_ON or kind == kinds.SETTINGS:
            self._stale = True
            if self.isVisible():
                self.reload()

    def reload(self) -> None:
        from djdesk.services import settings

        self._stale = False
        with self.db.transaction() as session:
            self.periods = service.list_periods(session)
            self.school = settings.load(session).school_name
        chosen = self.view.period.id if self.view else None
        self.period_box.blockSignals(True)
        self.period_box.clear()
        for period in self.periods:
            self.period_box.addItem(period.name, period.id)
        self.period_box.blockSignals(False)
        ids = [p.id for p in self.periods]
        self.show_period(chosen if chosen in ids else (ids[0] if ids else None))

    def show_period(self, period_id: int | None) -> None:
        today = self.db.clock.today()
        self.message.clear()
        if period_id is None:
            self.view = None
            self.model.beginResetModel()
            self.model.rows, self.model.shown, self.model.headers = [], [], []
            self.model.endResetModel()
            self.state.setText(_("No evaluation period yet: “New period…” opens one with every teacher in it."))
            self.summary.clear()
            self.actions_.update()
            self._set_record_span(None, None)
            return
        with self.db.transaction() as session:
            self.view = service.period_view(session, period_id, today)
        self.period_box.setCurrentIndex(self.period_box.findData(period_id))
        view = self.view
        self.category.blockSignals(True)
        self.category.clear()
        for rater in view.scheme.raters:
            self.category.addItem(rater.name)
        self.category.setCurrentIndex(min(self.model.category, len(view.scheme.raters) - 1))
        self.category.blockSignals(False)
        self.category.setVisible(view.scheme.by_item)
        self.category_label.setVisible(view.scheme.by_item)
        self.model.load(view.scheme, list(view.rows), closed=view.period.closed, today=today)
        self.model.set_filter(self.search.text(), self.filter.currentData())
        self._show_state()
        self.actions_.update()
        self._set_record_span(view.period.starts_on, view.period.ends_on)

    def _set_record_span(self, starts: dt.date | None, ends: dt.date | None) -> None:
        for page in (self.violations, self.honours, self.learning, self.observations):
            page.set_period(starts, ends)
        if self.view is not None:
            s = self.view.summary
            self.learning.set_note(_("{first} first-year teachers in the period; {short} below {hours} class hours "
                                     "of ethics training.").format(first=s.first_year, short=s.short_of_training,
                                                                   hours=self.view.scheme.first_year_hours))
        else:
            self.learning.set_note("")

    def _show_page(self) -> None:
        if self.pages.currentIndex() == 0 and self.view is not None and self._stale:
            self.reload()

    def _show_state(self) -> None:
        view = self.view
        assert view is not None
        p = view.period
        span = f"{p.starts_on:%Y.%m.%d}—{p.ends_on:%Y.%m.%d}"
        if p.closed:
            text = _("{span} · closed on {date}: the scheme and results are frozen.").format(
                span=span, date=f"{p.closed_on:%Y-%m-%d}")
        else:
            text = _("{span} · open: {count} teachers; scores may be entered and the scheme changed.").format(
                span=span, count=p.teachers)
            if view.reopen_reason:
                text += " " + _("Reopened: {reason}").format(reason=view.reopen_reason)
        self.state.setText(text)

    def _refilter(self) -> None:
        self.model.set_filter(self.search.text(), self.filter.currentData())

    def _show_summary(self) -> None:
        summary = self.model.summary()
        if summary is None or self.view is None:
            self.summary.clear()
            return
        # Scores typed since the period was read: exports and the cap read the view.
        self.view = dataclasses.replace(self.view, rows=tuple(self.model.rows), summary=summary)
        scheme = self.view.scheme
        grades = _("; ").join(f"{name} {count}" for name, count in summary.per_grade)
        parts = [_("Graded {graded} of {evaluated}: {grades}").format(
            graded=summary.graded, evaluated=summary.evaluated, grades=grades)]
        if summary.allowed is not None:
            share = f"{100 * summary.excellent / summary.evaluated:.1f}" if summary.evaluated else "0"
            cap = _("{top} {count} ({share}%), cap {cap}% = {allowed}").format(
                top=scheme.top, count=summary.excellent, share=share, cap=scheme.cap_percent,
                allowed=summary.allowed)
            if summary.over_cap:
                over = _("over the cap")
                cap = f'<span style="{ERROR_STYLE}">{cap} — {over}</span>'
            parts.append(cap)
        parts.append(_("vetoed {vetoed}; barred {barred}; first-year teachers short of training {short}").format(
            vetoed=summary.vetoed, barred=summary.barred, short=summary.short_of_training))
        self.summary.setText(" · ".join(parts))
        self.actions_.update()

    # -- scores -----------------------------------------------------------------------------
    def _save_score(self, row: TeacherResult, cell: Cell, value: Decimal | None) -> TeacherResult:
        assert self.view is not None
        period_id = self.view.period.id
        with self.db.transaction() as session:
            service.set_score(session, period_id, row.person_id, cell.category, value, item=cell.item)
            fresh = service.teacher_result(session, period_id, row.person_id, self.db.clock.today())
        self.message.clear()
        return fresh

    def _rejected(self, row: int, column: int, text: str, message: str) -> None:
        teacher = self.model.row(row).name if 0 <= row < self.model.rowCount() else ""
        header = self.model.headers[column] if column < len(self.model.headers) else ""
        self.message.setText(_("{teacher}, {column}: {problem} (“{text}” was not saved)").format(
            teacher=teacher, column=header, problem=message, text=text))

    def _open_teacher(self, index: QModelIndex) -> None:
        if not index.isValid() or self.model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return
        from djdesk.ui.ethics.teacher_dialog import TeacherDialog

        dialog = TeacherDialog(self.db, self.model.row(index.row()).person_id, self)
        self.dialog = dialog
        dialog.finished.connect(lambda _code: setattr(self, "dialog", None))
        dialog.open()

    def selected_people(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedIndexes()})
        return [self.model.row(r).person_id for r in rows]

    def error(self, error: UserError) -> None:
        self.asker.error(self, error.message)

