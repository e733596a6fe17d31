"""`python -m bench --small` runs every area to the end and prints the one table (no timings checked)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.suite import AREAS

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_the_benchmark_command_prints_every_area_with_its_budgets(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "bench", "--small", "--runs", "1"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=170)

    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    head = next(line for line in lines if line.startswith("figure"))
    assert head.split()[:4] == ["figure", "median", "worst", "budget"]
    for area in AREAS:
        assert f"【{area}】" in lines
    # Every area has figures under it, and each figure line ends with a verdict.
    headings = [n for n, line in enumerate(lines) if line.startswith("【")]
    for start, end in zip(headings, headings[1:] + [len(lines)]):
        figures = lines[start + 1:end]
        assert figures and all(line.split()[-1] in ("ok", "OVER", "info") for line in figures), figures
    assert any("≤ 300 MB" in line for line in lines)  # the GUI's memory budget
    assert not list(tmp_path.glob("djdesk-bench-*"))  # its temporary data is gone
