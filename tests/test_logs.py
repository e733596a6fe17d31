"""The log file never holds a citizen ID number."""

from __future__ import annotations

import logging
from pathlib import Path

from djdesk import logs


def test_id_numbers_are_masked_in_messages_and_tracebacks(tmp_path: Path) -> None:
    path = logs.setup(tmp_path)
    log = logging.getLogger("djdesk.test")
    log.warning("duplicate %s", "62010219800501123X")
    try:
        raise ValueError("bad number 110105491231002 in row 5")
    except ValueError:
        log.exception("import failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "62010219800501123X" not in text and "620102********123X" in text
    assert "110105491231002" not in text and "110105******002" in text
    assert "bad number" in text


def test_phone_numbers_and_dates_are_left_alone() -> None:
    assert logs.mask_id_numbers("tel 13931012345 on 2026-06-15") == "tel 13931012345 on 2026-06-15"
