"""The roster as it is shown, as an HTML table for printing (the official 花名册 is a PDF report)."""

from __future__ import annotations

import datetime as dt
from html import escape

from djdesk.i18n import _
from djdesk.services.members import MemberRow
from djdesk.ui.members.model import COLUMNS, View

# Printed without the ID number: a list on paper leaves the office.
PRINTED = ("name", "sex", "birth_date", "political_status", "stage", "branch", "group",
           "joined_on", "post", "department", "phone")


def roster_html(rows: list[MemberRow], title: str, today: dt.date) -> str:
    """A table of `rows` in the order given (the caller passes the official order); the
    header row repeats on every page, and no cell breaks a date or number across lines."""
    view = View(today=today)
    columns = [c for c in COLUMNS if c.key in PRINTED]
    cell = "<td style='white-space:nowrap'>{}</td>"
    head = "".join(f"<th style='white-space:nowrap'>{escape(_(c.label))}</th>" for c in columns)
    body = "".join(
        "<tr>{n}{cells}</tr>".format(
            n=cell.format(number), cells="".join(cell.format(escape(c.text(row, view))) for c in columns)
        )
        for number, row in enumerate(rows, start=1)
    )
    number = _("No.")
    caption = _("{count} people, in the order of surname strokes; printed {date}").format(
        count=len(rows), date=today.strftime("%Y.%m.%d"))
    return (
        "<html><body>"
        f"<h2 style='text-align:center'>{escape(title)}</h2>"
        f"<p style='text-align:right'>{escape(caption)}</p>"
        "<table border='1' cellspacing='0' cellpadding='3' width='100%' style='border-collapse:collapse'>"
        f"<thead><tr><th>{escape(number)}</th>{head}</tr></thead><tbody>{body}</tbody></table>"
        "</body></html>"
    )
