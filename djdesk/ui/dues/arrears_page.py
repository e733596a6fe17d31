"""欠缴: who has months unpaid up to last month, how many, how many in a row and how much; six in a
row flagged with the wording of 党章 Article 9. Listed by surname strokes, never ranked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from djdesk.domain.dues import ARREARS_FLAG, ARTICLE_9, add_months
from djdesk.i18n import _
from djdesk.services import dues
from djdesk.services.dues import ArrearsRow
from djdesk.store.database import (
    Database,
    Session,  # the type the transaction hands over
)
from djdesk.ui.asker import Asks
from djdesk.ui.dues.common import (
    CENTRE,
    RED,
    RIGHT,
    DuesPage,
    branch_combo,
    fill_branches,
    hint,
    money,
    month_text,
)
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import ERROR_STYLE
from djdesk.ui.row_models import RowsModel, record_view

MONTHS_COLUMN = 5


def spans(months: Sequence[dt.date]) -> str:
    """Months run together: 2026.01—2026.05; 2026.08."""
    parts: list[tuple[dt.date, dt.date]] = []
    for month in months:
        if parts and add_months(parts[-1][1], 1) == month:
            parts[-1] = (parts[-1][0], month)
        else:
            parts.append((month, month))
    return _("; ").join(month_text(a) if a == b else f"{month_text(a)}—{month_text(b)}" for a, b in parts)


class ArrearsModel(RowsModel):
    """Those six months or more in a row behind in red, with how many in the tooltip."""

    aligned = {2: CENTRE, 3: CENTRE, 4: RIGHT}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([_("Name"), _("Branch"), _("Months unpaid"), _("In a row"), _("Amount owed"),
                          _("Months")], parent)
        self.rows: tuple[ArrearsRow, ...] = ()

    def set_rows(self, rows: Sequence[ArrearsRow]) -> None:
        self.beginResetModel()
        self.rows = tuple(rows)
        self._show(len(self.rows))
        self.endResetModel()

    def make_texts(self, line: int) -> tuple[str, ...]:
        r = self.rows[line]
        return (r.name, r.branch, str(len(r.months)), str(r.run), money(r.owed_fen), spans(r.months))

    def foreground(self, line: int, column: int) -> QColor | None:
        return RED if self.rows[line].flagged else None

    def tip(self, line: int, column: int) -> str:
        if column == MONTHS_COLUMN:
            return self.texts(line)[MONTHS_COLUMN]  # a long list is cut off in its cell
        row = self.rows[line]
        return _("{count} months in a row unpaid").format(count=row.run) if row.flagged else ""


class ArrearsPage(DuesPage):
    def __init__(self, db: Database, events: AppEvents, asker: Asks, parent: QWidget | None = None) -> None:
        super().__init__(db, events, asker, "duesArrearsPage", parent)
        self.rows: list[ArrearsRow] = []
        self.branch = branch_combo("duesArrearsBranch")
        self.branch.currentIndexChanged.connect(lambda _i: self.reload_soon())
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Branch")))
        top.addWidget(self.branch)
        top.addStretch(1)
        self.article = QLabel()
        self.article.setObjectName("duesArticle9")
        self.article.setWordWrap(True)
        self.article.setStyleSheet(f"{ERROR_STYLE} font-weight: bold;")
        self.article.hide()
        self.model = ArrearsModel(self)
        self.table = record_view("duesArrearsTable", self.model, MONTHS_COLUMN)
        self.count = QLabel()
        self.count.setObjectName("duesArrearsCount")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.article)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(hint(_("Counted up to last month (this month is not late yet), from the first month "
                                "kept here (Settings); months without a base are not counted."),
                              "duesArrearsHint"))

    def _read(self, session: Session) -> None:
        fill_branches(self.branch, session)
        self.rows = dues.arrears(session, today=self.today(), branch_id=self.branch.currentData())

    def _fill(self) -> None:
        self.model.set_rows(self.rows)
        flagged = [r for r in self.rows if r.flagged]
        self.article.setVisible(bool(flagged))
        self.article.setText(_("{count} members have not paid for {months} months or more in a row. {rule}").format(
            count=len(flagged), months=ARREARS_FLAG, rule=_(ARTICLE_9)) if flagged else "")
        self.count.setText(_("Members with arrears: {count}; owed in all {amount} yuan").format(
            count=len(self.rows), amount=money(sum(r.owed_fen for r in self.rows))))
