"""Child process of the start-up benchmark: shows a window, prints when it is up, and exits.

    python -m bench.probe bare          a bare PySide6 window with four empty tabs
    python -m bench.probe app DATA_DIR  djdesk's main window on DATA_DIR (roster loaded)
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path


def peak_rss_mib() -> float:
    """This process's peak resident memory. Linux carries ru_maxrss over fork and exec (a
    child would report its parent's peak), so /proc's VmHWM is read where it exists."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(what: str) -> None:
    print(f"{what} peak_rss={peak_rss_mib():.0f} MiB", flush=True)


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
        report("shown rows=0")
        app.quit()

    QTimer.singleShot(0, shown)
    return app.exec()


def djdesk(data_dir: Path) -> int:
    from djdesk import app, i18n

    i18n.setup("zh_CN")

    def shown(window) -> None:  # type: ignore[no-untyped-def]
        report("shown rows=0")  # called after the window's first paint

    def ready(window) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        report(f"ready rows={window.members.model.rowCount()}")
        window.close()

    return app.run(data_dir, demo=False, on_shown=shown, on_ready=ready)


if __name__ == "__main__":
    sys.exit(bare() if sys.argv[1] == "bare" else djdesk(Path(sys.argv[2])))
