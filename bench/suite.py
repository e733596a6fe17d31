"""What every benchmark shares: timing, medians, budgets and verdicts, the one table, progress."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

# The areas of the table, in the order of the program's tabs (程序: the window as a whole).
AREAS = ("党员", "会议", "会议记录", "师德考核", "民主评议", "学习", "党费", "备份", "程序")
# Typed names for `--only` where Chinese is awkward to type.
ALIASES = {"members": "党员", "meetings": "会议", "minutes": "会议记录", "ethics": "师德考核",
           "review": "民主评议", "study": "学习", "dues": "党费", "backup": "备份", "program": "程序"}
_STARTED = time.perf_counter()


@dataclass(frozen=True)
class Baseline:
    """What the same work costs without djdesk, measured in the same run."""

    name: str
    values: list[float]


@dataclass(frozen=True)
class Row:
    """One figure: its runs (seconds, or MB when `unit` is "MB"), an absolute budget in the
    same unit and/or a budget on the ratio to a baseline."""

    figure: str
    values: list[float]
    budget: float | None = None
    baseline: Baseline | None = None
    ratio_budget: float | None = None
    unit: str = "s"

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def ratio(self) -> float | None:
        if self.baseline is None:
            return None
        return self.median / statistics.median(self.baseline.values)

    @property
    def verdict(self) -> str:
        """Judged by the median (the worst run is shown beside it)."""
        if self.budget is None and self.ratio_budget is None:
            return "info"
        over = (self.budget is not None and self.median > self.budget) or (
            self.ratio_budget is not None and (self.ratio or 0) > self.ratio_budget)
        return "OVER" if over else "ok"


def measure(work: Callable[[], object], runs: int) -> list[float]:
    """Wall seconds of each of `runs` calls."""
    return [timed(work) for _ in range(runs)]


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def fewer(runs: int, most: int) -> int:
    """Runs for a slow figure: at most `most`, at least one."""
    return max(1, min(runs, most))


def progress(text: str) -> None:
    """A line on stderr (the table alone goes to stdout), with the time since the start."""
    print(f"[{time.perf_counter() - _STARTED:6.1f} s] {text}", file=sys.stderr, flush=True)


def qt_app():  # type: ignore[no-untyped-def]
    """The process's QApplication (offscreen unless told otherwise), in Chinese with the
    bundled font, as the program sets it up."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from djdesk import i18n
    from djdesk.ui import fonts

    app = QApplication.instance()
    if app is None:
        i18n.setup("zh_CN")
        app = QApplication(sys.argv[:1])
        fonts.install(app)
    return app


def settle(app, quiet: float = 0.15) -> None:  # type: ignore[no-untyped-def]
    """Until the work the window hands to background threads (djdesk.ui.background names
    them) is done and delivered, and none has started for `quiet` seconds (some start after
    a first paint): figures are taken on an idle window."""
    calm_since = time.perf_counter()
    while time.perf_counter() - calm_since < quiet:
        app.processEvents()
        if any(thread.name == "djdesk-background" for thread in threading.enumerate()):
            calm_since = time.perf_counter()
        time.sleep(0.01)
    app.processEvents()


# -- the table ------------------------------------------------------------------------------
def _amount(value: float, unit: str) -> str:
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _budget(row: Row) -> str:
    parts = []
    if row.budget is not None:
        parts.append(f"≤ {_amount(row.budget, row.unit)}")
    if row.ratio_budget is not None:
        parts.append(f"≤ {row.ratio_budget:g}× base")
    return ", ".join(parts) or "–"


def _baseline(row: Row) -> str:
    if row.baseline is None:
        return ""
    base = statistics.median(row.baseline.values)
    return f"{row.baseline.name} {_amount(base, row.unit)} → {row.ratio:.2f}×"


def _cells(row: Row) -> tuple[str, ...]:
    return (row.figure, _amount(row.median, row.unit), _amount(max(row.values), row.unit), _budget(row),
            _baseline(row), row.verdict)


def _width(text: str) -> int:
    """Columns on a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(width - _width(text), 0)
    return gap + text if right else text + gap


def table(groups: Iterable[tuple[str, list[Row]]], out=sys.stdout) -> None:  # type: ignore[no-untyped-def]
    """One table: a heading per area, a line per figure (median and worst of its runs)."""
    groups = [(area, rows) for area, rows in groups if rows]
    lines = [_cells(row) for _area, rows in groups for row in rows]
    head = ("figure", "median", "worst", "budget", "baseline → ratio", "verdict")
    widths = [max([_width(h)] + [_width(line[i]) for line in lines]) for i, h in enumerate(head)]
    right = (False, True, True, False, False, False)

    def show(cells: tuple[str, ...]) -> None:
        print("  ".join(_pad(c, w, r) for c, w, r in zip(cells, widths, right)).rstrip(), file=out)

    show(head)
    show(tuple("-" * w for w in widths))
    for area, rows in groups:
        print(f"【{area}】", file=out)
        for row in rows:
            show(_cells(row))
    out.flush()


def run_alone(build: Callable[..., object], runs: int, *parts: tuple[str, Callable[[Path, int], list[Row]]],
              people: int | None = None) -> None:
    """Modules on their own (`python -m bench.X`): build their data in a temporary folder,
    then print the figures of each (area, figures) part. With `people`, the size is an
    option (--people)."""
    parser = argparse.ArgumentParser(description="Benchmarks of " + ", ".join(area for area, _f in parts))
    parser.add_argument("--runs", type=int, default=runs, help=f"runs of each figure (default {runs})")
    if people is not None:
        parser.add_argument("--people", type=int, default=people, help=f"people (default {people:,})")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder) / "data"
        progress("building the data")
        if people is None:
            build(directory)
        else:
            build(directory, args.people)
        found = []
        for area, figures in parts:
            progress(f"measuring {area}")
            found.append((area, figures(directory, args.runs)))
    table(found)
