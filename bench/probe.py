"""Child process of the start-up and memory figures: shows a window, says when it is up, exits.

    python -m bench.probe bare          a bare PySide6 window with four empty tabs
    python -m bench.probe app DATA_DIR  djdesk's main window on DATA_DIR (roster loaded)
    python -m bench.probe tour DATA_DIR the same, then every tab and every page of a tab shown
                                        in turn, each read as it is first shown

Each line it prints is "<what> ... peak_kib=<VmHWM>"; the parent times the lines' arrival.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path


def peak_kib() -> int:
    """This process's peak resident memory. Linux carries ru_maxrss over fork and exec (a
    child would report its parent's peak), so /proc's VmHWM is read where it exists."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def report(what: str) -> None:
    print(f"{what} peak_kib={peak_kib()}", flush=True)


def bare() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    tabs = QTabWidget()
    for title in ("党员", "会议日历", "师德考核", "会议记录"):
        tabs.addTab(QWidget(), title)
    window.setCentralWidget(tabs)
    window.resize(1280, 800)
    window.show()

    def shown() -> None:
        app.processEvents()
        report("shown")
        app.quit()

    QTimer.singleShot(0, shown)
    return app.exec()


def tour(window) -> None:  # type: ignore[no-untyped-def]
    """Show every tab, and inside it every page of its own tab bars, one after another; each
    step's line carries the seconds it took until the window was idle again."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QTabWidget

    from bench.suite import settle

    app = QApplication.instance()
    steps: list[tuple[str, QTabWidget, int]] = []
    seen: set[tuple[int, int]] = set()

    def pages_of(widget, prefix: str) -> None:  # type: ignore[no-untyped-def]
        for bar in widget.findChildren(QTabWidget):
            for index in range(bar.count()):
                if (id(bar), index) not in seen:
                    seen.add((id(bar), index))
                    steps.append((f"{prefix} › {bar.tabText(index)}", bar, index))

    for index in range(window.tabs.count()):
        seen.add((id(window.tabs), index))
        steps.append((window.tabs.tabText(index), window.tabs, index))

    def step() -> None:
        if not steps:
            report("toured")
            window.close()
            return
        name, bar, index = steps.pop(0)
        started = time.perf_counter()
        bar.setCurrentIndex(index)
        app.processEvents()
        taken = time.perf_counter() - started
        if bar is window.tabs:  # its pages next, before the following tab
            before = len(steps)
            pages_of(bar.widget(index), name)
            steps[:] = steps[before:] + steps[:before]
        settle(app)  # what the page handed to a background thread is in its peak too
        report(f"visited {taken:.4f} {name.replace(' ', '_')}")
        QTimer.singleShot(0, step)

    settle(app)
    QTimer.singleShot(0, step)


def djdesk(data_dir: Path, touring: bool) -> int:
    from djdesk import app, i18n

    i18n.setup("zh_CN")

    def shown(window) -> None:  # type: ignore[no-untyped-def]
        report("shown")  # called after the window's first paint

    def ready(window) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        report(f"ready rows={window.members.model.rowCount()}")
        if touring:
            tour(window)
        else:
            window.close()

    return app.run(data_dir, demo=False, on_shown=shown, on_ready=ready)


if __name__ == "__main__":
    sys.exit(bare() if sys.argv[1] == "bare" else djdesk(Path(sys.argv[2]), touring=sys.argv[1] == "tour"))
