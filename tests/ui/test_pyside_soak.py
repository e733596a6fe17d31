"""Guards the PySide6 pin: 6.12.0 on Python 3.11 loses a reference to None on every void call
and aborts after a few thousand; 6.11.3 must survive a long session's worth."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot


@pytest.mark.slow
def test_100000_void_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    before = sys.getrefcount(None)
    for n in range(100_000):
        edit.setText("党员")  # a void C++ call returning None
    after = sys.getrefcount(None)
    assert edit.text() == "党员"
    # A leak of one reference per call would show as ~100,000; allow ordinary churn.
    assert after - before < 1_000
