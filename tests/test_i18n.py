"""Translations: every msgid has Chinese, the compiled catalogue is current, Chinese is the default."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from djdesk import i18n
from djdesk.i18n import _

ROOT = Path(__file__).resolve().parents[1]


def load_tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_tool"] = module
    spec.loader.exec_module(module)
    return module


def test_every_msgid_is_translated_and_the_catalogue_is_compiled() -> None:
    assert load_tool().problems() == []


def test_chinese_is_the_default_and_a_real_catalogue() -> None:
    assert i18n.setup(None) == "zh_CN"
    assert i18n.is_catalogue_active()
    assert _("Members") == "党员"


def test_english_is_available_and_unknown_languages_fall_back_to_chinese() -> None:
    assert i18n.setup("en") == "en"
    assert _("Members") == "Members"
    assert i18n.setup("fr") == "zh_CN"
    assert _("Members") == "党员"


def test_labels_of_choices_follow_the_language() -> None:
    from djdesk.domain.people import PoliticalStatus

    assert PoliticalStatus.CAPD.label == "民进会员"
    assert PoliticalStatus.from_label("民进会员") is PoliticalStatus.CAPD
    assert PoliticalStatus.MASSES.gb_code == "13"
    i18n.setup("en")
    assert PoliticalStatus.CAPD.label == "China Association for Promoting Democracy member"
