"""What djdesk ships that others wrote: fonts, data and libraries, with versions and licence texts.

The libraries are read from the installed metadata (the bundle carries it: build.spec's
copy_metadata), so the list follows pyproject.toml without being kept by hand.
"""

from __future__ import annotations

import importlib.metadata as metadata
import platform
import re
from dataclasses import dataclass
from pathlib import Path

from djdesk import paths
from djdesk.i18n import N_, _

_LICENCE_FILE = re.compile(r"licen[cs]e|copying|notice", re.IGNORECASE)
# Metadata that names no licence in a standard field (Qt's is in its own files, not the wheel's).
_KNOWN = {"pyside6-essentials": "LGPL-3.0-only", "shiboken6": "LGPL-3.0-only",
          "reportlab": "BSD-3-Clause", "python-dateutil": "Apache-2.0 AND BSD-3-Clause",
          "pypdfium2": "Apache-2.0 OR BSD-3-Clause (PDFium)"}
_BUNDLED_TEXTS = {"pyside6-essentials": ("LGPL-3.0.txt", "GPL-3.0.txt"), "shiboken6": ("LGPL-3.0.txt",
                                                                                       "GPL-3.0.txt")}


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str
    what: str  # what djdesk uses it for, in the user's language
    texts: tuple[Path, ...]  # the licence texts shipped with it

    def text(self) -> str:
        parts = []
        for path in self.texts:
            try:
                parts.append(f"== {path.name} ==\n\n{path.read_text(encoding='utf-8', errors='replace')}")
            except OSError:
                continue
        return "\n\n".join(parts)


_USES = {
    "pyside6-essentials": N_("the window (Qt for Python)"),
    "shiboken6": N_("the window (Qt for Python)"),
    "sqlalchemy": N_("the database"),
    "alembic": N_("upgrading the database"),
    "reportlab": N_("printed records (PDF)"),
    "openpyxl": N_("reading Excel workbooks"),
    "xlsxwriter": N_("writing Excel workbooks"),
    "pypdfium2": N_("the print preview"),
    "babel": N_("translations"),
    "platformdirs": N_("the data folder"),
    "pypinyin": N_("searching names by pinyin"),
    "filelock": N_("one program per data folder"),
    "holidays": N_("holidays and 调休 in the calendar"),
    "cryptography": N_("the encrypted USB backup"),
}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_names(dist: metadata.Distribution) -> list[str]:
    names = []
    for requirement in dist.requires or []:
        if "extra ==" in requirement:
            continue  # optional extras are not installed for djdesk
        if ";" in requirement and "sys_platform" in requirement:
            marker = requirement.split(";", 1)[1]
            if "win32" in marker and "!=" not in marker and platform.system() != "Windows":
                continue
        names.append(_canonical(re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0]))
    return names


def _licence(dist: metadata.Distribution, name: str) -> str:
    if name in _KNOWN:
        return _KNOWN[name]
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    declared = (meta.get("License") or "").strip()
    if declared and "\n" not in declared and len(declared) < 60:
        return declared
    classifiers = [c.rsplit("::", 1)[-1].strip() for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    return ", ".join(classifiers) or "—"


def libraries() -> list[Component]:
    """djdesk's runtime dependencies and theirs, by name; those not installed are left out."""
    seen: dict[str, Component] = {}
    try:
        queue = _requirement_names(metadata.distribution("djdesk"))
    except metadata.PackageNotFoundError:
        return []
    while queue:
        name = queue.pop(0)
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        texts = [Path(str(dist.locate_file(f))) for f in dist.files or []
                 if _LICENCE_FILE.search(str(f)) and ".dist-info" in str(f)]
        texts += [paths.resource_dir() / "licences" / n for n in _BUNDLED_TEXTS.get(name, ())]
        use = _USES.get(name)
        seen[name] = Component(dist.metadata["Name"], dist.version, _licence(dist, name),
                               _(use) if use else _("used by the libraries above"), tuple(texts))
        queue.extend(_requirement_names(dist))
    return sorted(seen.values(), key=lambda c: (_canonical(c.name) not in _USES, c.name.lower()))


def components() -> list[Component]:
    """Everything shipped: Python, the fonts and data, then the libraries."""
    licences = paths.resource_dir() / "licences"
    fonts = paths.resource_dir() / "fonts"
    return [
        Component("Python", platform.python_version(), "PSF-2.0", _("the language djdesk is written in"),
                  (licences / "Python-PSF.txt",)),
        Component("WenQuanYi Micro Hei (文泉驿微米黑)", "0.2.0-beta", "Apache-2.0",
                  _("the bundled Chinese font (screen and PDFs)"),
                  (fonts / "LICENSE-Apache-2.0.txt", fonts / "COPYRIGHT-wqy-microhei.txt")),
        Component("Unicode Unihan", "17.0.0", "Unicode-3.0", _("stroke counts for 按姓氏笔画"),
                  (licences / "Unicode-License.txt",)),
        Component("cnchar-order", "3.2.6", "MIT", _("stroke order for 按姓氏笔画"), (licences / "cnchar-MIT.txt",)),
        *libraries(),
    ]
