"""The program as a whole: start-up against a bare PySide6 window, and peak memory once every
tab and page has been shown (child processes: bench.probe).

Budgets: first window ≤ 2.5× the bare window's start and roster shown ≤ 1.5 s at 10,000
people (issue 3); peak memory with the benchmark data ≤ 300 MB (issue 13).

The children run with their bytecode cached in a temporary folder, after one unmeasured
warm-up start, as the built program ships compiled bytecode.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.suite import Baseline, Row, progress

AREA = "程序"
ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 300


def _env(cache: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               PYTHONPYCACHEPREFIX=str(cache))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def probe(mode: str, data_dir: Path | None, env: dict[str, str]) -> list[tuple[float, list[str]]]:
    """Seconds from process start to each line the probe prints, with the line's words."""
    command = [sys.executable, "-m", "bench.probe", mode] + ([str(data_dir)] if data_dir else [])
    began = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    assert child.stdout is not None
    lines = [(time.perf_counter() - began, line.split()) for line in child.stdout]
    if child.wait(timeout=TIMEOUT) != 0 or not lines:
        raise RuntimeError(f"bench.probe {mode} failed (exit {child.returncode})")
    return lines


def _mb(words: list[str]) -> float:
    """The peak in MB (10^6 bytes, as the budget is written) from a line's peak_kib=."""
    return int(words[-1].removeprefix("peak_kib=")) * 1024 / 1e6


def figures(directory: Path, runs: int) -> list[Row]:
    with tempfile.TemporaryDirectory() as cache:
        env = _env(Path(cache))
        progress("  warm-up starts (bytecode compiled into a temporary cache)")
        probe("bare", None, env)
        probe("app", directory, env)
        bare, app = [], []
        for _ in range(runs):  # interleaved: the ratio compares starts taken side by side
            bare.append(probe("bare", None, env))
            app.append(probe("app", directory, env))
        progress("  every tab and page in turn")
        toured = probe("tour", directory, env)
    listed = int(app[0][1][1][1].removeprefix("rows="))
    bare_shown = [run[0][0] for run in bare]
    window = Baseline("bare window", bare_shown)
    bare_peak = Baseline("bare window", [_mb(run[0][1]) for run in bare])
    rows = [
        Row("start to first window: bare PySide6, 4 empty tabs", bare_shown),
        Row("start to first window: djdesk", [run[0][0] for run in app], baseline=window, ratio_budget=2.5),
        Row(f"start to roster shown ({listed:,} rows)", [run[1][0] for run in app], 1.5, window),
        Row(f"peak memory: roster shown ({listed:,} rows)", [_mb(run[1][1]) for run in app], baseline=bare_peak,
            unit="MB"),
        Row("peak memory: every tab and page visited", [_mb(toured[-1][1])], 300, bare_peak, unit="MB"),
    ]
    for _at, words in toured:
        if words[0] == "visited":
            name = words[2].replace("_", " ")
            progress(f"    {name}: {float(words[1]) * 1000:.0f} ms, peak {_mb(words):.0f} MB")
            if "›" not in name:
                rows.append(Row(f"first visit of the tab {name} (read, painted)", [float(words[1])]))
    return rows
