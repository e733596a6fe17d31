"""The bundled CJK font, registered so Chinese renders on a machine without Chinese fonts."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from djdesk import paths

log = logging.getLogger(__name__)
# Preferred where present: the Windows UI font for Chinese, then the bundled one.
PREFERRED = ("Microsoft YaHei UI", "Microsoft YaHei")


def install(app: QApplication) -> list[str]:
    """Register the bundled font and make it the fallback after the system UI font."""
    font_id = QFontDatabase.addApplicationFont(str(paths.bundled_font()))
    bundled = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not bundled:
        log.error("the bundled font %s could not be registered", paths.bundled_font())
    available = set(QFontDatabase.families())
    font = QFont(app.font())
    families = [font.family(), *(f for f in PREFERRED if f in available), *bundled]
    font.setFamilies(list(dict.fromkeys(families)))
    app.setFont(font)
    return bundled
