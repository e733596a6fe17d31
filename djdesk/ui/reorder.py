"""Keeping the selection and current row of a list model across a re-sort of its rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel


def remap_persistent(model: QAbstractItemModel, old: Sequence[Any], new: Sequence[Any]) -> None:
    """Point the model's persistent indexes (selection, current row) at the same rows, by
    their `id`, after `old` was reordered into `new`; call between layoutAboutToBeChanged
    and layoutChanged."""
    moved = {row.id: number for number, row in enumerate(new)}
    persistent = model.persistentIndexList()
    model.changePersistentIndexList(
        persistent,
        [model.index(moved[old[i.row()].id], i.column()) if i.isValid() else i for i in persistent],
    )
