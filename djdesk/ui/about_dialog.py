"""关于 djdesk: version, where the data lives, and the licences of what djdesk ships."""

from __future__ import annotations

import platform
import sqlite3
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from djdesk import __version__, licences, logs, paths
from djdesk.i18n import _


def _selectable(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class AboutDialog(QDialog):
    def __init__(self, directory: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(_("About djdesk"))
        self.directory = directory
        icon = QLabel()
        icon.setPixmap(QIcon(str(paths.resource_dir() / "icons" / "djdesk.png")).pixmap(64, 64))
        title = QLabel(_("<b style='font-size:16pt'>djdesk {version}</b><br>The desktop program of a "
                         "school's Party office.").format(version=__version__))
        title.setObjectName("aboutTitle")
        heading = QHBoxLayout()
        heading.addWidget(icon)
        heading.addWidget(title, 1)

        facts = QFormLayout()
        facts.addRow(_("Version:"), _selectable(__version__, "aboutVersion"))
        facts.addRow(_("Data folder:"), _selectable(str(directory), "aboutDataDir"))
        facts.addRow(_("Database:"), _selectable(str(paths.database_path(directory)), "aboutDatabase"))
        facts.addRow(_("Log file:"), _selectable(str(logs.log_file(directory)), "aboutLog"))
        facts.addRow(_("Runs on:"), _selectable(
            f"Python {platform.python_version()}, Qt {pyside_version}, SQLite {sqlite3.sqlite_version}, "
            f"{platform.system()} {platform.release()}", "aboutPlatform"))

        self.components = licences.components()
        self.table = table = QTableWidget(len(self.components), 4)
        table.setObjectName("aboutLicences")
        table.setHorizontalHeaderLabels([_("Component"), _("Version"), _("Licence"), _("Used for")])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for row, component in enumerate(self.components):
            for column, text in enumerate((component.name, component.version, component.licence, component.what)):
                table.setItem(row, column, QTableWidgetItem(text))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.licence_text = QPlainTextEdit()
        self.licence_text.setObjectName("aboutLicenceText")
        self.licence_text.setReadOnly(True)
        table.currentCellChanged.connect(lambda row, _c, _r, _p: self._show_licence(row))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(table)
        splitter.addWidget(self.licence_text)
        splitter.setSizes([260, 200])

        open_folder = QPushButton(_("Open the data folder"))
        open_folder.setObjectName("aboutOpenFolder")
        open_folder.clicked.connect(self.open_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.addButton(open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addLayout(facts)
        layout.addWidget(QLabel(_("djdesk ships with the following fonts, data and libraries; choose one "
                                  "to read its licence:")))
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Copy), self, self._copy_facts)
        table.setCurrentCell(0, 0)
        self.resize(820, 640)

    def _show_licence(self, row: int) -> None:
        if 0 <= row < len(self.components):
            component = self.components[row]
            self.licence_text.setPlainText(component.text() or _(
                "{name} ships no licence text; its licence is {licence}.").format(
                name=component.name, licence=component.licence))

    def facts(self) -> str:
        """What a support request needs, as text (Ctrl+C copies it when no text is selected)."""
        return "\n".join((f"djdesk {__version__}", str(paths.database_path(self.directory)),
                          str(logs.log_file(self.directory)),
                          f"Python {platform.python_version()}, Qt {pyside_version}, SQLite {sqlite3.sqlite_version}, "
                          f"{platform.platform()}"))

    def _copy_facts(self) -> None:
        from PySide6.QtWidgets import QApplication

        focus = QApplication.focusWidget()
        if isinstance(focus, QPlainTextEdit) and focus.textCursor().hasSelection():
            focus.copy()
            return
        selected = next((label.selectedText() for label in self.findChildren(QLabel) if label.hasSelectedText()), "")
        QApplication.clipboard().setText(selected or self.facts())

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.directory)))
