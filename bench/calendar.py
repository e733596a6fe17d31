"""The meeting calendar with twenty years of meetings (~3,000 meetings, ~60,000 attendance rows).

    uv run python -m bench.calendar

Budgets (issue 6): switching month ≤ 50 ms, opening a meeting of 150 attendees ≤ 150 ms,
a year's compliance ≤ 100 ms.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import func, select  # noqa: E402

from bench.calendar_data import build  # noqa: E402
from bench.data import CLOCK, TODAY  # noqa: E402
from djdesk import paths  # noqa: E402
from djdesk.services import compliance, meetings  # noqa: E402
from djdesk.store.models import Attendance, Meeting  # noqa: E402
from djdesk.store.opening import open_database  # noqa: E402


def measure(work: Callable[[], object], runs: int = 7) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def report(label: str, times: list[float], budget_ms: int | None = None) -> None:
    median = statistics.median(times) * 1000
    worst = max(times) * 1000
    budget = f"; budget {budget_ms} ms" if budget_ms else ""
    print(f"  {label}: median {median:.0f} ms, worst {worst:.0f} ms{budget}")


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from djdesk.ui import fonts
    from djdesk.ui.asker import Asker
    from djdesk.ui.calendar.meeting_dialog import MeetingDialog
    from djdesk.ui.calendar.tab import CalendarTab
    from djdesk.ui.events import AppEvents
    from djdesk.ui.prefs import Prefs

    app = QApplication([])
    fonts.install(app)
    with tempfile.TemporaryDirectory() as folder:
        directory, big = build(Path(folder) / "data")
        database = open_database(paths.database_path(directory), clock=CLOCK)
        with database.transaction() as session:
            n_meetings = session.scalar(select(func.count()).select_from(Meeting))
            n_rows = session.scalar(select(func.count()).select_from(Attendance))
            branch_id = session.scalar(select(Meeting.branch_id).limit(1))
        print(f"Calendar with {n_meetings:,} meetings and {n_rows:,} attendance rows ({TODAY}):")

        def load() -> None:
            with database.transaction() as session:
                meetings.list_rows(session)
        report("all meetings loaded (list_rows)", measure(load))

        def year_compliance() -> None:
            with database.transaction() as session:
                compliance.branch_compliance(session, TODAY.year, branch_id, today=TODAY)
        report("a year's compliance of a branch", measure(year_compliance), 100)

        def reminders() -> None:
            with database.transaction() as session:
                compliance.reminders(session, today=TODAY)
        report("reminders (status bar, all branches)", measure(reminders))

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
        report("switching month (go_to + paint)", measure(switch, runs=len(months)), 50)

        dialogs = []

        def open_meeting() -> None:
            dialog = MeetingDialog(database, AppEvents(), Asker(), big)
            dialog.show()
            dialog.repaint()
            dialogs.append(dialog)
        times = measure(open_meeting)
        for dialog in dialogs:
            dialog.close()
            dialog.deleteLater()
        report("opening a meeting of 150 attendees (dialog shown)", times, 150)
        tab.close()
        database.dispose()


if __name__ == "__main__":
    main()
