"""The layers' import rules (ARCHITECTURE rule 1), checked in a fresh interpreter and in the source."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import djdesk

PACKAGE = Path(djdesk.__file__).parent
NO_QT = ("domain", "services", "store", "reports", "sheets", "demo")
NO_QT_MODULES = ("cli", "cli_commands", "cli_print", "workspace", "paths", "i18n", "logs", "files")


def source_files(part: str) -> list[Path]:
    """The files of a subpackage or module; none yet for layers still to be written."""
    base = PACKAGE / part
    files = sorted(base.rglob("*.py")) if base.is_dir() else [PACKAGE / f"{part}.py"]
    return [f for f in files if f.exists()]


def modules_of(*parts: str) -> list[str]:
    names = []
    for part in parts:
        for file in source_files(part):
            if "migrations" in file.parts:  # Alembic scripts run only inside Alembic
                continue
            relative = file.relative_to(PACKAGE.parent).with_suffix("")
            names.append(".".join(relative.parts).removesuffix(".__init__"))
    return names


def imported_names(file: Path) -> set[str]:
    """Every module an import statement names, lazy imports inside functions included."""
    found = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def loaded_after_importing(modules: list[str]) -> set[str]:
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + "print('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return {line.split(".")[0] for line in result.stdout.splitlines()}


@pytest.mark.slow
def test_core_layers_load_without_qt() -> None:
    # A subprocess: pytest-qt has already imported PySide6 into this one.
    loaded = loaded_after_importing(modules_of(*NO_QT, *NO_QT_MODULES))
    assert "PySide6" not in loaded and "shiboken6" not in loaded


@pytest.mark.slow
def test_domain_loads_without_sqlalchemy_or_qt() -> None:
    loaded = loaded_after_importing(modules_of("domain"))
    assert not {"sqlalchemy", "PySide6", "alembic"} & loaded


@pytest.mark.parametrize("part", [*NO_QT, *NO_QT_MODULES])
def test_no_source_below_the_ui_names_qt(part: str) -> None:
    for path in source_files(part):
        assert not any(n.startswith("PySide6") for n in imported_names(path)), path


def test_domain_source_names_no_sqlalchemy() -> None:
    for path in sorted((PACKAGE / "domain").rglob("*.py")):
        assert not any(n.startswith(("sqlalchemy", "alembic")) for n in imported_names(path)), path


def test_ui_never_builds_queries() -> None:
    for path in sorted((PACKAGE / "ui").rglob("*.py")):
        assert not any(n.startswith("sqlalchemy") for n in imported_names(path)), path


def test_every_module_opens_with_a_docstring() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{path} has no module docstring"
