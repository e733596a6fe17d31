"""Gettext translations: `_`, `ngettext`, `N_`; Chinese unless another language is chosen."""

from __future__ import annotations

import functools
import gettext
from pathlib import Path

from djdesk import paths

DOMAIN = "djdesk"
DEFAULT_LANGUAGE = "zh_CN"
# Languages a user can choose; English is the msgid language and needs no catalogue.
LANGUAGES = ("zh_CN", "en")

_translation: gettext.NullTranslations | None = None
_language: str | None = None


def locale_dir() -> Path:
    return paths.resource_dir() / "locale"


def setup(language: str | None = None) -> str:
    """Activate a language (default Chinese) and return the one in effect.

    A missing catalogue is a packaging bug, not a reason to fall back silently to
    English: gettext's `fallback=True` would hide it, so it is not used for zh_CN.
    """
    global _translation, _language
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    if language == "en":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, locale_dir(), languages=[language])
    _language = language
    return language


def current_language() -> str:
    _active()
    assert _language is not None
    return _language


def _active() -> gettext.NullTranslations:
    if _translation is None:
        setup(DEFAULT_LANGUAGE)
    assert _translation is not None
    return _translation


def _(message: str) -> str:
    return _active().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a module constant for extraction; translate it with `_()` where it is shown."""
    return message


@functools.cache
def _catalogue(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, locale_dir(), languages=[language])


def gettext_in(language: str, message: str) -> str:
    """`message` in a given language, whatever the user's: official forms are in Chinese."""
    return _catalogue(language).gettext(message)


def is_catalogue_active() -> bool:
    """True when a real catalogue (not gettext's null fallback) serves the current language."""
    t = _active()
    return _language == "en" or type(t) is not gettext.NullTranslations
