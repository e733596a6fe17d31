"""欠缴: who has months unpaid up to last month, how many, how many in a row and how much; six in a
row flagged with the wording of 党章 Article 9. Listed by surname strokes, never ranked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

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
    paint,
    put,
)
from djdesk.ui.events import AppEvents
from djdesk.ui.forms import ERROR_STYLE, record_table

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
        self.table = record_table("duesArrearsTable", [
            _("Name"), _("Branch"), _("Months unpaid"), _("In a row"), _("Amount owed"), _("Months")],
            MONTHS_COLUMN)
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
        put(self.table, [[r.name, r.branch, str(len(r.months)), str(r.run), money(r.owed_fen), spans(r.months)]
                         for r in self.rows], {2: CENTRE, 3: CENTRE, 4: RIGHT})
        flagged = [r for r in self.rows if r.flagged]
        for line, row in enumerate(self.rows):
            if row.flagged:
                paint(self.table, line, RED, tip=_("{count} months in a row unpaid").format(count=row.run))
            item = self.table.item(line, MONTHS_COLUMN)
            item.setToolTip(item.text())
        self.article.setVisible(bool(flagged))
        self.article.setText(_("{count} members have not paid for {months} months or more in a row. {rule}").format(
            count=len(flagged), months=ARREARS_FLAG, rule=_(ARTICLE_9)) if flagged else "")
        self.count.setText(_("Members with arrears: {count}; owed in all {amount} yuan").format(
            count=len(self.rows), amount=money(sum(r.owed_fen for r in self.rows))))
