"""The meeting calendar over years of meetings (~3,000 meetings, ~60,000 attendance rows).

    uv run python -m bench.calendar [--runs 7]

Budgets (issue 6): switching month ≤ 50 ms, opening a meeting of 150 attendees ≤ 150 ms,
a year's compliance ≤ 100 ms.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bench import calendar_data
from bench.data import TODAY, open_db
from bench.suite import Row, measure, qt_app, run_alone
from djdesk.services import compliance, meetings
from djdesk.store.models import Meeting

AREA = "会议"


def figures(directory: Path, runs: int) -> list[Row]:
    app = qt_app()
    from djdesk.ui.asker import Asker
    from djdesk.ui.calendar.meeting_dialog import MeetingDialog
    from djdesk.ui.calendar.tab import CalendarTab
    from djdesk.ui.events import AppEvents
    from djdesk.ui.prefs import Prefs

    database = open_db(directory)
    rows = []
    try:
        big, attendees = calendar_data.biggest_meeting(database)
        with database.transaction() as session:
            branch_id = session.scalar(select(Meeting.branch_id).where(Meeting.id == big))

        def load() -> None:
            with database.transaction() as session:
                meetings.list_rows(session)
        rows.append(Row("all meetings loaded (list_rows)", measure(load, runs)))

        def year_compliance() -> None:
            with database.transaction() as session:
                compliance.branch_compliance(session, TODAY.year, branch_id, today=TODAY)
        rows.append(Row("a year's compliance of a branch", measure(year_compliance, runs), 0.100))

        def reminders() -> None:
            with database.transaction() as session:
                compliance.reminders(session, today=TODAY)
        rows.append(Row("reminders (status bar, all branches)", measure(reminders, runs)))

        tab = CalendarTab(database, AppEvents(), Asker(), Prefs(directory))
        tab.resize(1280, 760)
        tab.show()
        app.processEvents()
        months = [(TODAY.year - y, m) for y in range(0, 20, 3) for m in (1, 4, 7, 10)]
        state = {"i": 0}

        def switch() -> None:
            year, month = months[state["i"] % len(months)]
            state["i"] += 1
            tab.go_to(year, month)
            tab.repaint()  # paint now, as the user would see it
        rows.append(Row("switching month (go_to + paint)", measure(switch, max(runs * 4, len(months))), 0.050))
        tab.close()

        dialogs = []

        def open_meeting() -> None:
            dialog = MeetingDialog(database, AppEvents(), Asker(), big)
            dialog.show()
            dialog.repaint()
            dialogs.append(dialog)
        times = measure(open_meeting, runs)
        for dialog in dialogs:
            dialog.close()
            dialog.deleteLater()
        app.processEvents()
        rows.append(Row(f"opening a meeting of {attendees} attendees (dialog shown)", times, 0.150))
    finally:
        database.dispose()
    return rows


def main() -> None:
    run_alone(calendar_data.build, 7, (AREA, figures))


if __name__ == "__main__":
    main()
