"""What the backup dialogs share: sizes in words, a progress relay from the worker thread, the
header of a backup shown as labelled lines."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QProgressBar, QWidget

from djdesk.i18n import _


def human_size(size: int) -> str:
    if size >= 1 << 30:
        return _("{size} GB").format(size=f"{size / (1 << 30):.1f}")
    if size >= 1 << 20:
        return _("{size} MB").format(size=f"{size / (1 << 20):.1f}")
    return _("{size} KB").format(size=max(1, size // 1024))


class ProgressRelay(QObject):
    """Emitted from the worker thread; Qt delivers it to the bar in the window's thread."""

    advanced = Signal(int, int)

    def __init__(self, bar: QProgressBar) -> None:
        super().__init__(bar)
        self.advanced.connect(self._show)
        self._bar = bar

    def __call__(self, done: int, total: int) -> None:
        self.advanced.emit(done, total)

    def _show(self, done: int, total: int) -> None:
        # Bytes may pass 2**31: the bar counts in thousandths.
        self._bar.setRange(0, 1000)
        self._bar.setValue(int(1000 * done / total) if total else 1000)


def progress_bar(name: str) -> QProgressBar:
    bar = QProgressBar()
    bar.setObjectName(name)
    bar.setTextVisible(False)
    bar.hide()
    return bar


class FactsView(QWidget):
    """Labelled lines (a backup's header and counts), selectable for copying."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)

    def show_lines(self, lines: list[tuple[str, str]]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        for label, value in lines:
            text = QLabel(value)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addRow(_("{label}:").format(label=label), text)

    def texts(self) -> list[str]:
        """What is shown, for tests and screen readers."""
        found = []
        for row in range(self.form.rowCount()):
            for role in (QFormLayout.ItemRole.LabelRole, QFormLayout.ItemRole.FieldRole):
                item = self.form.itemAt(row, role)
                if item is not None and isinstance(item.widget(), QLabel):
                    found.append(item.widget().text())
        return found


class WorkingDialog(QDialog):
    """A dialog whose work runs in the background: while it runs, Escape and the title bar's ✕
    wait, since its outcome must be seen and the window must not be used while its database
    may be replaced."""

    working = False

    def reject(self) -> None:
        if not self.working:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.working:
            event.ignore()
        else:
            super().closeEvent(event)

    def set_working(self, busy: bool, bar: QProgressBar, controls: tuple[QWidget, ...]) -> None:
        self.working = busy
        bar.setVisible(busy)
        bar.setRange(0, 0)  # busy until the first chunk: the key alone takes half a second
        for widget in controls:
            widget.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.WaitCursor)
        else:
            self.unsetCursor()
