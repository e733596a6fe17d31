"""Helpers the tab tests share: click a named button, read a table's cells, headers, colours and
tooltips, whether the table is a QTableWidget or a view over a model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QPushButton, QWidget
from pytestqt.qtbot import QtBot


def click(qtbot: QtBot, parent: QWidget, name: str) -> None:
    button = parent.findChild(QPushButton, name)
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _data(table: QAbstractItemView, row: int, column: int, role: Qt.ItemDataRole) -> Any:
    model = table.model()
    return model.data(model.index(row, column), role)


def cells(table: QAbstractItemView) -> list[list[str]]:
    model = table.model()
    texts = [[_data(table, r, c, Qt.ItemDataRole.DisplayRole) for c in range(model.columnCount())]
             for r in range(model.rowCount())]
    return [["" if text is None else str(text) for text in row] for row in texts]


def headers(table: QAbstractItemView) -> list[str]:
    model = table.model()
    return [str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
            for c in range(model.columnCount())]


def column(table: QAbstractItemView, header: str) -> int:
    return headers(table).index(header)


def foreground(table: QAbstractItemView, row: int, column: int) -> str:
    """The cell's text colour as #rrggbb; "" when it has none of its own (the palette's)."""
    value = _data(table, row, column, Qt.ItemDataRole.ForegroundRole)
    return "" if value is None else QBrush(value).color().name()


def tool_tip(table: QAbstractItemView, row: int, column: int) -> str:
    value = _data(table, row, column, Qt.ItemDataRole.ToolTipRole)
    return "" if value is None else str(value)


def select_row(table: QAbstractItemView, row: int) -> None:
    """As a click on the row: it becomes the current one and the only one chosen."""
    table.setCurrentIndex(table.model().index(row, 0))
    table.selectRow(row)
