"""One benchmark command: build one large data dir, run every figure of every module on it and
print one table (progress on stderr).

    uv run python -m bench [--runs 5] [--keep DIR] [--only AREA,...] [--small]

--keep DIR builds the data into DIR once and reuses it afterwards; every run measures a
fresh copy of it, as some figures write (a payment, an evaluation opened and deleted).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench import big  # noqa: E402
from bench.suite import ALIASES, AREAS, Row, progress, table  # noqa: E402

# The modules measuring each area, in the table's order.
MODULES = {
    "党员": ("roster", "roster_io", "due", "stats", "roster_pdf"),
    "会议": ("calendar",),
    "会议记录": ("minutes",),
    "师德考核": ("ethics",),
    "民主评议": ("review",),
    "学习": ("study",),
    "党费": ("dues",),
    "备份": ("backup",),
    "程序": ("startup",),
}
MARKER = "bench-data.txt"  # written once the data is complete: what scale it was built at


def areas(text: str | None) -> list[str]:
    if not text:
        return list(AREAS)
    chosen = [ALIASES.get(name.strip().lower(), name.strip()) for name in text.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in AREAS]
    if unknown:
        raise SystemExit(f"unknown area {', '.join(unknown)}: choose from {', '.join(AREAS)} "
                         f"or {', '.join(ALIASES)}")
    return [area for area in AREAS if area in chosen]


def prepared(folder: Path, scale: big.Scale) -> str:
    """The data in `folder`, built unless a complete build at this scale is already there."""
    marker = folder / MARKER
    if marker.exists():
        if marker.read_text(encoding="utf-8").strip() != repr(scale):
            raise SystemExit(f"{folder} holds data of another scale ({marker.read_text(encoding='utf-8').strip()}); "
                             "remove it or keep another folder")
        return f"reused from {folder}"
    if folder.exists() and any(folder.iterdir()):
        raise SystemExit(f"{folder} is not empty and holds no complete benchmark data; remove it or keep another folder")
    began = time.perf_counter()
    big.build(folder, scale)
    marker.write_text(repr(scale), encoding="utf-8")
    return f"built in {time.perf_counter() - began:.0f} s"


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{model}, {os.cpu_count()} cores"


def header(data: str, origin: str, runs: int) -> None:
    import PySide6
    from PySide6.QtCore import qVersion

    print(f"djdesk benchmarks, {dt.datetime.now():%Y-%m-%d %H:%M}")
    print(f"machine: {machine()}; {platform.platform()}")
    print(f"Python {platform.python_version()}, PySide6 {PySide6.__version__} (Qt {qVersion()}, "
          f"QPA {os.environ['QT_QPA_PLATFORM']}), SQLite {sqlite3.sqlite_version}")
    print(f"data: {data} ({origin})")
    print(f"{runs} runs a figure (slow ones fewer); median and worst wall-clock time; "
          "baselines measured in this run\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, help="runs of each figure (default 5; 1 with --small)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build the data into DIR once and reuse it")
    parser.add_argument("--only", metavar="AREA,...", help="only these areas: " + ", ".join(AREAS))
    parser.add_argument("--small", action="store_true", help="a small school (a quick check that all runs)")
    args = parser.parse_args(argv)
    scale = big.SMALL if args.small else big.FULL
    runs = args.runs or (1 if args.small else 5)
    chosen = areas(args.only)
    with tempfile.TemporaryDirectory(prefix="djdesk-bench-") as temp:
        pristine = args.keep.resolve() if args.keep else Path(temp) / "data"
        origin = prepared(pristine, scale)
        data = big.sizes(pristine)
        work = Path(temp) / "work" / "data"
        shutil.copytree(pristine, work, ignore=shutil.ignore_patterns(MARKER))
        found: list[tuple[str, list[Row]]] = []
        for area in chosen:
            rows: list[Row] = []
            for name in MODULES[area]:
                progress(f"{area}: bench.{name}")
                rows += importlib.import_module(f"bench.{name}").figures(work, runs)
            found.append((area, rows))
        progress("done")
        header(data, origin, runs)
    table(found)
    return 0


if __name__ == "__main__":
    sys.exit(main())
