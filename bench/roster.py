"""The 党员 tab at 10,000 people: keystroke, sort, reload; standalone also start-up and memory
(bench.startup).

    uv run python -m bench.roster [--people 10000] [--runs 5]

Budgets (issue 3): keystroke to table updated ≤ 50 ms, sort ≤ 100 ms.
"""

from __future__ import annotations

from pathlib import Path

from bench import startup
from bench.data import CLOCK, build_people
from bench.suite import Row, qt_app, run_alone, settle, timed

AREA = "党员"


def figures(directory: Path, runs: int) -> list[Row]:
    """Keystroke to table updated, and sorting, on the real tab over the real database."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from djdesk.ui.asker import Asker
    from djdesk.ui.main_window import MainWindow
    from djdesk.ui.members.model import COLUMN_KEYS
    from djdesk.ui.prefs import Prefs
    from djdesk.workspace import open_workspace

    app = qt_app()
    workspace = open_workspace(directory, clock=CLOCK)
    window = MainWindow(directory, Asker(), Prefs(directory))
    window.show()
    window.attach(workspace)
    settle(app)  # the 待办 list is computed in the background after the roster is painted
    tab = window.members
    assert tab is not None
    model = tab.model
    listed = model.rowCount()

    keystrokes = []
    for text in ("z", "zh", "zha", "zhan", "zhang", "w", "wa", "l", "li"):
        tab.search.clear()
        app.processEvents()
        tab.search.setText(text[:-1])
        app.processEvents()

        def key(text: str = text) -> None:
            QTest.keyClick(tab.search, text[-1])
            while model.roster_filter.query != text:  # the filter has run and the view is reset
                app.processEvents()
            app.processEvents()  # and the table repainted

        keystrokes.append(timed(key))
    tab.search.clear()
    app.processEvents()

    sorts = []
    for key in ("name", "birth_date", "branch", "phone"):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            sorts.append(timed(lambda: (model.sort(COLUMN_KEYS.index(key), order), app.processEvents())))

    def official() -> float:
        model.sort(COLUMN_KEYS.index("name"))  # from another order, each time
        app.processEvents()
        return timed(lambda: (tab.sort_official(), app.processEvents()))

    officials = [official() for _ in range(runs)]
    def reload() -> float:
        taken = timed(lambda: (tab.reload(), app.processEvents()))
        settle(app)  # a reload recomputes the 待办 list in the background: not this figure's
        return taken

    reloads = [reload() for _ in range(runs)]
    window.close()
    workspace.close()
    return [
        Row(f"keystroke to table updated ({listed:,} rows)", keystrokes, 0.050),
        Row("sort by a column", sorts, 0.100),
        Row("sort 按姓氏笔画", officials, 0.100),
        Row("reload the roster from the database", reloads),
    ]


def main() -> None:
    run_alone(build_people, 5, (AREA, figures), (startup.AREA, startup.figures), people=10_000)


if __name__ == "__main__":
    main()
