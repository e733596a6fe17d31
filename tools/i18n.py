"""Translation upkeep: extract msgids, merge them into the zh_CN catalogue, compile it.

    uv run python tools/i18n.py update    # after changing strings; then translate the new ones
    uv run python tools/i18n.py compile   # after translating
    uv run python tools/i18n.py check     # what the test checks: untranslated, fuzzy, stale
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "djdesk"
LOCALE = PACKAGE / "resources" / "locale"
PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "djdesk.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    catalog = Catalog(project="djdesk", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        catalog.add(message, None, [(f"djdesk/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def load() -> Catalog:
    with open(PO, "rb") as handle:
        return read_po(handle, locale="zh_CN")


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def update() -> None:
    template = extract()
    catalog = load() if PO.exists() else Catalog(locale="zh_CN", project="djdesk")
    # No fuzzy matching: a guessed translation is worse than an obviously missing one.
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    PO.parent.mkdir(parents=True, exist_ok=True)
    with open(PO, "wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=False)
    missing = problems()
    compile_catalogue()  # the header changes on every update: keep the .mo in step
    print(f"{PO.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} to translate")


def compile_catalogue() -> None:
    MO.write_bytes(compiled(load()))
    print(f"wrote {MO.relative_to(ROOT)}")


def problems() -> list[str]:
    """Msgids without a zh_CN translation, fuzzy ones, and a stale compiled catalogue."""
    catalog = load()
    found = []
    for message in extract():
        if not message.id:
            continue
        entry = catalog.get(message.id)
        if entry is None:
            found.append(f"not in the catalogue: {message.id!r}")
        elif entry.fuzzy:
            found.append(f"fuzzy: {message.id!r}")
        elif not (entry.string if isinstance(entry.string, str) else all(entry.string)):
            found.append(f"untranslated: {message.id!r}")
    if not MO.exists() or MO.read_bytes() != compiled(catalog):
        found.append("the compiled catalogue is stale: run tools/i18n.py compile")
    return found


if __name__ == "__main__":
    verb = sys.argv[1] if len(sys.argv) > 1 else "check"
    if verb == "update":
        update()
    elif verb == "compile":
        compile_catalogue()
    else:
        issues = problems()
        print("\n".join(issues) or "catalogue complete")
        sys.exit(1 if issues else 0)
