"""Every question to the user goes through an Asker, so tests answer instead of a modal dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from djdesk.i18n import _


class Asks(Protocol):
    """What the window asks and tells; `Asker` with dialogs, tests with recorded answers."""

    def error(self, parent: QWidget | None, message: str) -> None: ...

    def info(self, parent: QWidget | None, message: str) -> None: ...

    def confirm(self, parent: QWidget | None, question: str, *, action: str = "") -> bool: ...

    def save_changes(self, parent: QWidget | None, question: str) -> bool | None: ...

    def crash(self, parent: QWidget | None, details: str, log_path: Path) -> None: ...

    def preview(self, parent: QWidget | None, html: str, title: str, *, landscape: bool = False) -> None: ...

    def preview_pdf(self, parent: QWidget | None, path: Path, title: str, *, landscape: bool = False,
                    printed: Callable[[], object] | None = None) -> None: ...

    def ask_text(self, parent: QWidget | None, title: str, label: str, text: str = "") -> str | None: ...

    def choose(self, parent: QWidget | None, title: str, label: str, options: list[str]) -> int | None: ...

    def open_file(self, parent: QWidget | None, title: str, filters: str) -> Path | None: ...

    def save_file(self, parent: QWidget | None, title: str, suggested: Path, filters: str) -> Path | None: ...

    def choose_folder(self, parent: QWidget | None, title: str) -> Path | None: ...

    def password(self, parent: QWidget | None, title: str, label: str) -> str | None: ...


class Asker:
    """Asks with real dialogs. Tests pass their own object with the same methods."""

    def error(self, parent: QWidget | None, message: str) -> None:
        QMessageBox.critical(parent, _("djdesk"), message)

    def info(self, parent: QWidget | None, message: str) -> None:
        QMessageBox.information(parent, _("djdesk"), message)

    def confirm(self, parent: QWidget | None, question: str, *, action: str = "") -> bool:
        """Yes/no; the safe answer (no) is the default button. `action` names the yes button."""
        box = QMessageBox(QMessageBox.Icon.Question, _("djdesk"), question, parent=parent)
        yes = box.addButton(action or _("Yes"), QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.exec()
        return box.clickedButton() is yes

    def save_changes(self, parent: QWidget | None, question: str) -> bool | None:
        """Unsaved edits: True to save them, False to discard them, None to stay (cancel).
        Saving is the default: Enter keeps what was typed."""
        box = QMessageBox(QMessageBox.Icon.Question, _("djdesk"), question, parent=parent)
        save = box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        return True if clicked is save else False if clicked is discard else None

    def crash(self, parent: QWidget | None, details: str, log_path: Path) -> None:
        from djdesk.ui.crash import CrashDialog

        CrashDialog(details, log_path, parent).exec()

    def preview(self, parent: QWidget | None, html: str, title: str, *, landscape: bool = False) -> None:
        from djdesk.ui.printing import preview_html

        preview_html(parent, html, title, landscape=landscape)

    def preview_pdf(self, parent: QWidget | None, path: Path, title: str, *, landscape: bool = False,
                    printed: Callable[[], object] | None = None) -> None:
        """The print preview of a PDF; `printed` is called once it has gone to a printer."""
        from djdesk.ui.pdf_preview import preview_pdf

        preview_pdf(parent, path, title, landscape=landscape, printed=printed)

    def ask_text(self, parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
        """A line of text, stripped; None when cancelled or left empty."""
        answer, ok = QInputDialog.getText(parent, title, label, text=text)
        return answer.strip() if ok and answer.strip() else None

    def choose(self, parent: QWidget | None, title: str, label: str, options: list[str]) -> int | None:
        """One of `options` (its index), the first offered; None when cancelled."""
        answer, ok = QInputDialog.getItem(parent, title, label, options, 0, False)
        return options.index(answer) if ok and answer in options else None

    def open_file(self, parent: QWidget | None, title: str, filters: str) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(parent, title, "", filters)
        return Path(name) if name else None

    def save_file(self, parent: QWidget | None, title: str, suggested: Path, filters: str) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
        return Path(name) if name else None

    def choose_folder(self, parent: QWidget | None, title: str) -> Path | None:
        name = QFileDialog.getExistingDirectory(parent, title)
        return Path(name) if name else None

    def password(self, parent: QWidget | None, title: str, label: str) -> str | None:
        """A password, typed hidden and kept as typed (spaces count); None when cancelled."""
        answer, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Password)
        return answer if ok and answer else None


def ask_save_path(asker: Asks, parent: QWidget | None, title: str, suggested: Path, filters: str) -> Path | None:
    """A file to write, the suggested name's extension added when the user typed another or
    none (a PDF saved as "花名册" or "2026.11" must still open as a PDF)."""
    path = asker.save_file(parent, title, suggested, filters)
    if path is not None and path.suffix.lower() != suggested.suffix.lower():
        path = path.with_name(path.name + suggested.suffix)
        # The file dialog asked about replacing the name typed, not this one.
        if path.exists() and not asker.confirm(parent, _("{name} already exists. Replace it?").format(
                name=path.name), action=_("Replace")):
            return None
    return path
