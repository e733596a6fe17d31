"""A person's 民主评议 over the years, as the person dialog shows it."""

from __future__ import annotations

from html import escape

from djdesk.i18n import _
from djdesk.services.democratic import HistoryRow
from djdesk.ui.ethics.teacher_dialog import html_table


def history_html(rows: list[HistoryRow]) -> str:
    """Newest year first: branch, standing, the ballots' marks, the branch's grade, remarks."""
    lines = [[str(r.year), r.branch, r.standing, r.tally.text() if r.tally.total else "",
              (r.grade.label if r.grade else _("not graded yet")) if r.counted else _("not evaluated"),
              r.remarks] for r in rows]
    return f"<h3>{escape(_('Democratic review of members'))}</h3>" + html_table(
        [_("For the year"), _("Branch"), _("Standing"), _("Ballot tally"), _("Branch's grade"), _("Remarks")],
        lines, _("No democratic review lists this person yet."))
