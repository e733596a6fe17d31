"""The 党员 tab at 10,000 people: start-up against a bare window, keystroke, sort, memory.

    uv run python -m bench.roster [--people 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.data import CLOCK, build_people

ROOT = Path(__file__).resolve().parents[1]


def start_time(mode: str, data_dir: Path | None, runs: int) -> tuple[list[float], list[str]]:
    """Median seconds from process start to each line the probe prints (window shown; for
    djdesk also roster ready), and the last run's lines."""
    timings: list[list[float]] = []
    lines: list[str] = []
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    for _ in range(runs):
        command = [sys.executable, "-m", "bench.probe", mode] + ([str(data_dir)] if data_dir else [])
        began = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True)
        assert child.stdout is not None
        run, lines = [], []
        for line in child.stdout:
            run.append(time.perf_counter() - began)
            lines.append(line.strip())
        child.wait(timeout=60)
        timings.append(run)
    return [statistics.median(t[i] for t in timings) for i in range(len(timings[0]))], lines


def in_process(data_dir: Path) -> dict[str, float]:
    """Keystroke to table updated, and sorting, on the real tab over the real database."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from djdesk import i18n
    from djdesk.ui.asker import Asker
    from djdesk.ui.main_window import MainWindow
    from djdesk.ui.members.model import COLUMN_KEYS
    from djdesk.ui.prefs import Prefs
    from djdesk.workspace import open_workspace

    i18n.setup("zh_CN")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    workspace = open_workspace(data_dir, clock=CLOCK)
    window = MainWindow(data_dir, Asker(), Prefs(data_dir))
    window.show()
    window.attach(workspace)
    app.processEvents()
    tab = window.members
    assert tab is not None
    model = tab.model
    results: dict[str, float] = {}

    keystrokes = []
    for text in ("z", "zh", "zha", "zhan", "zhang", "w", "wa", "l", "li"):
        tab.search.clear()
        app.processEvents()
        tab.search.setText(text[:-1])
        app.processEvents()
        began = time.perf_counter()
        QTest.keyClick(tab.search, text[-1])
        while model.roster_filter.query != text:  # the filter has run and the view is reset
            app.processEvents()
        app.processEvents()  # and the table repainted
        keystrokes.append(time.perf_counter() - began)
    results["keystroke_ms"] = statistics.median(keystrokes) * 1000
    results["keystroke_max_ms"] = max(keystrokes) * 1000
    tab.search.clear()
    app.processEvents()

    sorts = []
    for key in ("name", "birth_date", "branch", "phone"):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            began = time.perf_counter()
            model.sort(COLUMN_KEYS.index(key), order)
            app.processEvents()
            sorts.append(time.perf_counter() - began)
    results["sort_ms"] = statistics.median(sorts) * 1000
    results["sort_max_ms"] = max(sorts) * 1000
    began = time.perf_counter()
    tab.sort_official()
    app.processEvents()
    results["official_order_ms"] = (time.perf_counter() - began) * 1000
    began = time.perf_counter()
    tab.reload()
    app.processEvents()
    results["reload_ms"] = (time.perf_counter() - began) * 1000
    results["rows"] = model.rowCount()
    window.close()
    workspace.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        began = time.perf_counter()
        data_dir = build_people(Path(temp) / "data", args.people)
        print(f"built {args.people} people in {time.perf_counter() - began:.1f} s")
        (bare,), bare_lines = start_time("bare", None, args.runs)
        (shown, ready), app_lines = start_time("app", data_dir, args.runs)
        measured = in_process(data_dir)
    rows = [
        ("start to first visible window (bare PySide6, 4 empty tabs)", f"{bare * 1000:.0f} ms", "", bare_lines[0]),
        ("start to first visible window (djdesk)", f"{shown * 1000:.0f} ms", "", app_lines[0]),
        ("ratio djdesk / bare", f"{shown / bare:.2f}×", "≤ 2.5×", ""),
        ("start to roster shown (djdesk)", f"{ready * 1000:.0f} ms", "≤ 1500 ms", app_lines[1]),
        ("keystroke to table updated (median / max)",
         f"{measured['keystroke_ms']:.0f} / {measured['keystroke_max_ms']:.0f} ms", "≤ 50 ms", ""),
        ("sort by a column (median / max)",
         f"{measured['sort_ms']:.0f} / {measured['sort_max_ms']:.0f} ms", "≤ 100 ms", ""),
        ("sort 按姓氏笔画", f"{measured['official_order_ms']:.0f} ms", "≤ 100 ms", ""),
        ("reload the roster from the database", f"{measured['reload_ms']:.0f} ms", "", ""),
    ]
    print(f"\n{'measure':58} {'value':>14} {'budget':>10}  notes")
    for name, value, budget, note in rows:
        print(f"{name:58} {value:>14} {budget:>10}  {note}")


if __name__ == "__main__":
    main()
