"""关于 djdesk: version, where the data is, and every shipped component's licence."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QTableWidget
from pytestqt.qtbot import QtBot

from djdesk import __version__, licences, paths
from djdesk.ui.about_dialog import AboutDialog
from djdesk.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def open_about(window: MainWindow) -> AboutDialog:
    window.findChild(QAction, "aboutAction").trigger()
    dialog = window.findChild(AboutDialog, "aboutDialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_about_names_the_version_and_where_the_data_lives(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_about(window)
    try:
        texts = {name: dialog.findChild(QLabel, name).text()
                 for name in ("aboutVersion", "aboutDataDir", "aboutDatabase", "aboutLog")}
        assert texts["aboutVersion"] == __version__
        assert texts["aboutDataDir"] == str(window.directory)
        assert texts["aboutDatabase"] == str(paths.database_path(window.directory))
        assert texts["aboutLog"].endswith("djdesk.log")
        assert dialog.windowTitle() == "关于 djdesk"
        QApplication.clipboard().clear()
        dialog._copy_facts()  # Ctrl+C with nothing selected: what a support request needs
        copied = QApplication.clipboard().text()
        assert f"djdesk {__version__}" in copied and str(paths.database_path(window.directory)) in copied
    finally:
        dialog.close()


def test_every_component_is_listed_with_its_licence_text(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_about(window)
    try:
        table = dialog.findChild(QTableWidget, "aboutLicences")
        rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
        assert table.item(rows["WenQuanYi Micro Hei (文泉驿微米黑)"], 2).text() == "Apache-2.0"
        text = dialog.findChild(QPlainTextEdit, "aboutLicenceText")
        table.setCurrentCell(rows["WenQuanYi Micro Hei (文泉驿微米黑)"], 0)
        assert "Apache License" in text.toPlainText()
        qt = next(name for name in rows if name.lower().startswith("pyside6"))
        table.setCurrentCell(rows[qt], 0)
        assert table.item(rows[qt], 2).text() == "LGPL-3.0-only"
        assert "GNU LESSER GENERAL PUBLIC LICENSE" in text.toPlainText()
        table.setCurrentCell(rows["Python"], 0)
        assert "PYTHON SOFTWARE FOUNDATION LICENSE" in text.toPlainText()
    finally:
        dialog.close()


def test_the_list_follows_pyproject_and_each_library_ships_a_licence_text() -> None:
    """A dependency added to pyproject.toml is listed without anyone remembering to: the list is
    read from the installed metadata; and each library's own licence text is there to show."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = {re.split(r"[=<>!~ ]", d, maxsplit=1)[0].lower().replace("_", "-")
              for d in project["project"]["dependencies"]}
    listed = {c.name.lower().replace("_", "-"): c for c in licences.libraries()}
    assert wanted <= set(listed), wanted - set(listed)
    assert "pytest" not in listed and "pyinstaller" not in listed  # development tools are not shipped
    for name in wanted:
        component = listed[name]
        assert component.licence not in ("", "—"), name
        assert len(component.text()) > 500, name  # a real licence, not a stub
