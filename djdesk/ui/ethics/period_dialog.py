"""Opening a 师德考核 period or changing its scheme: name and dates, rubric items, raters and
their weights, grade bands, the 优秀 cap; sums shown live, a refused scheme stays as typed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain import ethics
from djdesk.domain.errors import UserError, ValidationError
from djdesk.domain.ethics import Band, Item, Rater, Scheme
from djdesk.i18n import _
from djdesk.services import ethics as service
from djdesk.services.ethics import PeriodDraft
from djdesk.store.database import Database
from djdesk.ui.asker import Asks
from djdesk.ui.forms import ERROR_STYLE, dialog_buttons

BAD = object()  # a cell whose text is not a number


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(edit: QDateEdit) -> dt.date:
    q = edit.date()
    return dt.date(q.year(), q.month(), q.day())


class _Rows(QGroupBox):
    """A small table of (name, number) rows with add, remove, up and down."""

    changed = Signal()

    def __init__(self, key: str, title: str, headers: tuple[str, str], parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName(f"scheme_{key}")
        self.table = QTableWidget(0, 2)
        self.table.setObjectName(f"scheme_{key}_table")
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.sum_label = QLabel()
        self.sum_label.setObjectName(f"scheme_{key}_sum")
        self.error = QLabel()
        self.error.setObjectName(f"error_{key}")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QHBoxLayout()
        for name, text, slot in (("add", _("Add"), self.add_row), ("remove", _("Remove"), self.remove_row),
                                 ("up", _("Up"), lambda: self.move(-1)), ("down", _("Down"), lambda: self.move(1))):
            button = QPushButton(text)
            button.setObjectName(f"scheme_{key}_{name}")
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.sum_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for name, number in rows:
            self._append(name, number)
        self.table.blockSignals(False)
        self.changed.emit()

    def _append(self, name: str, number: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        value = QTableWidgetItem(number)
        value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, 1, value)

    def add_row(self) -> None:
        self._append("", "0")
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.editItem(self.table.item(self.table.rowCount() - 1, 0))
        self.changed.emit()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def move(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        rows = self.rows()
        rows[row], rows[target] = rows[target], rows[row]
        self.set_rows(rows)
        self.table.setCurrentCell(target, 0)

    def rows(self) -> list[tuple[str, str]]:
        return [((self.table.item(r, 0).text() if self.table.item(r, 0) else "").strip(),
                 (self.table.item(r, 1).text() if self.table.item(r, 1) else "").strip())
                for r in range(self.table.rowCount())]

    def numbers(self) -> list[object]:
        out: list[object] = []
        for _name, text in self.rows():
            try:
                value = Decimal(text.translate(str.maketrans("０１２３４５６７８９．", "0123456789.")))
            except InvalidOperation:
                out.append(BAD)
            else:
                out.append(value if value.is_finite() else BAD)  # "nan" and "inf" are no points
        return out

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def set_read_only(self, read_only: bool) -> None:
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if read_only
                                   else QAbstractItemView.EditTrigger.AllEditTriggers)
        for button in self.findChildren(QPushButton):
            button.setEnabled(not read_only)


class PeriodDialog(QDialog):
    """New when `period_id` is None; shown read-only for a closed period."""

    saved = Signal(int)

    def __init__(self, db: Database, asker: Asks, period_id: int | None = None, *,
                 closed: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.asker, self.period_id = db, asker, period_id
        self.setObjectName("ethicsPeriodDialog")
        self.setWindowTitle(_("Evaluation scheme") if period_id else _("Open an evaluation period"))
        with db.transaction() as session:
            draft = (service.period_draft(session, period_id) if period_id
                     else service.default_draft(session, db.clock.today()))
        self.name = QLineEdit(draft.name)
        self.name.setObjectName("field_name")
        self.preset = QComboBox()
        self.preset.setObjectName("periodPreset")
        today = db.clock.today()
        for year in range(today.year - 2, today.year + 2):
            for school_year in (True, False):
                name, starts, ends = ethics.default_period(year, school_year)
                self.preset.addItem(name, (name, starts, ends))
        self.preset.setCurrentIndex(-1)
        self.preset.setPlaceholderText(_("Fill in a school year or a calendar year…"))
        self.preset.activated.connect(self._use_preset)
        self.starts = QDateEdit(_qdate(draft.starts_on))
        self.ends = QDateEdit(_qdate(draft.ends_on))
        for edit, key in ((self.starts, "starts_on"), (self.ends, "ends_on")):
            edit.setObjectName(f"field_{key}")
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.errors = {key: self._error_label(key) for key in ("name", "ends_on", "cap_percent", "first_year_hours")}

        self.items = _Rows("items", _("Rubric items"), (_("Item"), _("Points")))
        self.raters = _Rows("raters", _("Raters and weights"), (_("Rater category"), _("Weight %")))
        self.bands = _Rows("bands", _("Grades"), (_("Grade"), _("Lowest total")))
        for rows in (self.items, self.raters, self.bands):
            rows.changed.connect(self._sums)
        self.by_item = QCheckBox(_("Raters score each item (the category's score is the items' sum)"))
        self.by_item.setObjectName("field_by_item")
        self.cap_on = QCheckBox(_("Cap the share of the top grade at"))
        self.cap_on.setObjectName("field_cap_on")
        self.cap = QSpinBox()
        self.cap.setObjectName("field_cap_percent")
        self.cap.setRange(1, 100)
        self.cap.setSuffix("%")
        self.cap_on.toggled.connect(self.cap.setEnabled)
        self.hours = QSpinBox()
        self.hours.setObjectName("field_first_year_hours")
        self.hours.setRange(0, 200)
        self.hours.setSuffix(_(" class hours"))
        self.defaults = QPushButton(_("National defaults"))
        self.defaults.setObjectName("schemeDefaults")
        self.defaults.setToolTip(_("The ten items of the 2018 code of conduct, 10/30/30/30 weights, 90/70/60 bands"))
        self.defaults.clicked.connect(lambda: self._show_scheme(ethics.default_scheme()))
        self._show_scheme(draft.scheme)

        top = QGridLayout()
        top.addWidget(QLabel(_("Period name")), 0, 0)
        top.addWidget(self.name, 0, 1)
        top.addWidget(self.preset, 0, 2, 1, 2)
        top.addWidget(self.errors["name"], 1, 1, 1, 3)
        top.addWidget(QLabel(_("From")), 2, 0)
        dates = QHBoxLayout()
        dates.addWidget(self.starts)
        dates.addWidget(QLabel(_("to")))
        dates.addWidget(self.ends)
        dates.addStretch(1)
        top.addLayout(dates, 2, 1, 1, 3)
        top.addWidget(self.errors["ends_on"], 3, 1, 1, 3)
        top.setColumnStretch(1, 1)
        side = QVBoxLayout()
        side.addWidget(self.raters, 1)
        side.addWidget(self.bands, 1)
        tables = QHBoxLayout()
        tables.addWidget(self.items, 3)
        tables.addLayout(side, 2)
        options = QGridLayout()
        options.addWidget(self.by_item, 0, 0, 1, 3)
        options.addWidget(self.cap_on, 1, 0)
        options.addWidget(self.cap, 1, 1)
        options.addWidget(self.errors["cap_percent"], 1, 2)
        options.addWidget(QLabel(_("First-year teachers need at least")), 2, 0)
        options.addWidget(self.hours, 2, 1)
        options.addWidget(self.errors["first_year_hours"], 2, 2)
        options.setColumnStretch(2, 1)
        self.note = QLabel()
        self.note.setObjectName("schemeNote")
        self.note.setWordWrap(True)
        buttons = dialog_buttons(self, _("Open") if period_id is None else _("Save"), "savePeriod",
                                 save=period_id is not None)
        buttons.addButton(self.defaults, buttons.ButtonRole.ResetRole)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(tables, 1)
        layout.addLayout(options)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(900, 640)
        if closed:
            self._read_only(buttons)
        elif period_id is None:
            self.note.setText(_("Every teacher on the roster is put in the period; add or take out people "
                                "afterwards. The scheme can change until the period is closed."))

    def _error_label(self, key: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"error_{key}")
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        return label

    def _read_only(self, buttons) -> None:  # type: ignore[no-untyped-def]
        for widget in (self.name, self.preset, self.starts, self.ends, self.by_item, self.cap_on, self.cap,
                       self.hours, self.defaults):
            widget.setEnabled(False)
        for rows in (self.items, self.raters, self.bands):
            rows.set_read_only(True)
        buttons.button(buttons.StandardButton.Save).hide()
        self.note.setText(_("The period is closed: its scheme is frozen with the results. Reopen it to change them."))

    def _use_preset(self, index: int) -> None:
        name, starts, ends = self.preset.itemData(index)
        self.name.setText(name)
        self.starts.setDate(_qdate(starts))
        self.ends.setDate(_qdate(ends))

    def _show_scheme(self, scheme: Scheme) -> None:
        self.items.set_rows([(i.name, str(i.points)) for i in scheme.items])
        self.raters.set_rows([(r.name, str(r.weight)) for r in scheme.raters])
        self.bands.set_rows([(b.name, ethics.number(b.minimum)) for b in scheme.bands])
        self.by_item.setChecked(scheme.by_item)
        self.cap_on.setChecked(scheme.cap_percent is not None)
        self.cap.setValue(scheme.cap_percent or 20)
        self.cap.setEnabled(scheme.cap_percent is not None)
        self.hours.setValue(scheme.first_year_hours)

    def _sums(self) -> None:
        for rows, unit in ((self.items, _("points")), (self.raters, "%")):
            numbers = rows.numbers()
            if BAD in numbers:
                rows.sum_label.setText(_("a number is missing"))
                rows.sum_label.setStyleSheet(ERROR_STYLE)
                continue
            total = sum(numbers, Decimal(0))  # type: ignore[arg-type]
            rows.sum_label.setText(_("Total {total}{unit}").format(total=ethics.number(total), unit=unit))
            rows.sum_label.setStyleSheet("" if total == 100 else ERROR_STYLE)

    # -- saving -----------------------------------------------------------------------------
    def _scheme(self) -> Scheme | None:
        """The scheme as typed, or None after showing which table holds text that is no number."""
        bad = False
        for rows, whole in ((self.items, True), (self.raters, True), (self.bands, False)):
            numbers = rows.numbers()
            if BAD in numbers or (whole and any(n != int(n) for n in numbers if n is not BAD)):  # type: ignore[call-overload]
                rows.show_error(_("every row needs a whole number") if whole else _("every row needs a number"))
                bad = True
        if bad:
            return None
        return Scheme(
            items=tuple(Item(name, int(Decimal(n))) for name, n in self.items.rows()),
            raters=tuple(Rater(name, int(Decimal(n))) for name, n in self.raters.rows()),
            bands=tuple(Band(name, Decimal(n)) for name, n in self.bands.rows()),
            cap_percent=self.cap.value() if self.cap_on.isChecked() else None,
            by_item=self.by_item.isChecked(),
            first_year_hours=self.hours.value(),
        )

    def save(self) -> None:
        for label in self.errors.values():
            label.hide()
        for rows in (self.items, self.raters, self.bands):
            rows.show_error("")
        scheme = self._scheme()
        if scheme is None:
            return
        draft = PeriodDraft(self.name.text(), _date(self.starts), _date(self.ends), scheme)
        try:
            with self.db.transaction() as session:
                if self.period_id is None:
                    period_id = service.open_period(session, draft)
                else:
                    service.update_period(session, self.period_id, draft)
                    period_id = self.period_id
        except ValidationError as error:
            self._show_problems(error)
            return
        except UserError as error:
            self.asker.error(self, error.message)
            return
        self.saved.emit(period_id)
        self.accept()

    def _show_problems(self, error: ValidationError) -> None:
        tables = {"items": self.items, "raters": self.raters, "bands": self.bands}
        messages: dict[str, list[str]] = {}
        for problem in error.problems:
            messages.setdefault(problem.field or "name", []).append(problem.message)
        for key, texts in messages.items():
            if key in tables:
                tables[key].show_error(_("; ").join(texts))
            else:
                label = self.errors.get(key, self.errors["name"])
                label.setText(_("; ").join(texts))
                label.show()
