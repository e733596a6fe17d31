"""Per-machine preferences in an INI file in the data dir: window geometry, columns, language."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from djdesk import i18n, paths


class Prefs:
    def __init__(self, data_dir: Path) -> None:
        # INI in the data dir, not the Windows registry: it travels with the data folder.
        self._settings = QSettings(str(paths.settings_ini(data_dir)), QSettings.Format.IniFormat)

    @property
    def path(self) -> Path:
        return Path(self._settings.fileName())

    def language(self) -> str:
        value = self._settings.value("language", i18n.DEFAULT_LANGUAGE)
        return value if value in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE

    def set_language(self, language: str) -> None:
        self._settings.setValue("language", language)

    def geometry(self, key: str) -> QByteArray | None:
        value = self._settings.value(f"geometry/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, key: str, value: QByteArray) -> None:
        self._settings.setValue(f"geometry/{key}", value)

    def sync(self) -> None:
        self._settings.sync()
