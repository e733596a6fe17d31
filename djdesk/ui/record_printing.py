"""Printing meeting records from anywhere in the window: minutes, sign-in sheets, the year's
book. The PDF is made off the window's thread, then previewed; a record printed (or
exported) is remembered as such."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from djdesk import paths
from djdesk.domain.errors import UserError
from djdesk.domain.meetings import MeetingKind
from djdesk.i18n import _
from djdesk.store.database import Database
from djdesk.ui.asker import Asks, ask_save_path
from djdesk.ui.background import run_in_background
from djdesk.ui.events import MEETINGS, AppEvents


class Cancelled(Exception):
    """The user stopped a long document half-way."""


def safe_name(name: str) -> str:
    """A file name from a topic: no characters Windows refuses, not too long."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("._")[:40]


class _Progress(QObject):
    # Emitted from the worker thread; Qt delivers it in the window's thread.
    advanced = Signal(int, int)


def printout_path(directory: Path, name: str) -> Path:
    """A path in the data folder's printouts/ for a PDF made to be printed. A file still open
    in a PDF viewer cannot be replaced on Windows, so a locked name is skipped for the next."""
    folder = paths.printouts_dir(directory)
    folder.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, 50):
        path = folder / (f"{name}.pdf" if attempt == 1 else f"{name}-{attempt}.pdf")
        try:
            if path.exists():
                path.unlink()
            return path
        except OSError:
            continue
    raise UserError(_("Too many printouts are open in other programs; close some and try again."))


def warn_missing(asker: Asks, parent: QWidget, missing: dict[str, list[str]]) -> None:
    """Say which characters a printout could not draw, and where they occur."""
    if missing:
        asker.error(parent, _(
            "The font has no glyph for {chars}; those characters are left blank on the page. "
            "They occur in: {texts}").format(
            chars="".join(sorted(missing)),
            texts=_("、").join(sorted({t[:30] for texts in missing.values() for t in texts}))))


class RecordPrinter:
    """The print and export actions on meeting records, shared by the calendar, the meeting
    dialog and the 会议记录 tab. `directory` is the data folder (its printouts/ subfolder
    holds the PDFs made for printing)."""

    def __init__(self, db: Database, events: AppEvents, asker: Asks, directory: Path) -> None:
        self.db, self.events, self.asker, self.directory = db, events, asker, directory
        self.busy: set[str] = set()  # documents being made: a second click waits for the first

    # -- helpers --------------------------------------------------------------------------------
    def _printout(self, name: str) -> Path:
        return printout_path(self.directory, name)

    def _failed(self, parent: QWidget, path: Path | None) -> Callable[[BaseException], None]:
        def failed(error: BaseException) -> None:
            if isinstance(error, Cancelled):
                return
            if isinstance(error, OSError):  # the folder is read-only, the stick was pulled...
                self.asker.error(parent, _("The file {path} could not be written: {error}").format(
                    path=path, error=error.strerror or error))
            elif isinstance(error, UserError):  # the meeting was cancelled or deleted meanwhile
                self.asker.error(parent, error.message)
                self.events.changed.emit(MEETINGS)
            else:
                raise error
        return failed

    def _warn_missing(self, parent: QWidget, missing: dict[str, list[str]]) -> None:
        warn_missing(self.asker, parent, missing)

    def _run(self, key: str, parent: QWidget, work: Callable[[], Any], done: Callable[[Any], None],
             path: Path | None) -> bool:
        if key in self.busy:
            return False
        self.busy.add(key)

        def finished(result: Any) -> None:
            self.busy.discard(key)
            done(result)

        def failed(error: BaseException) -> None:
            self.busy.discard(key)
            self._failed(parent, path)(error)

        run_in_background(work, finished, failed, parent)
        return True

    def _mark_printed(self, document: Any) -> None:
        from djdesk.services.minutes import mark_printed

        with self.db.transaction() as session:
            mark_printed(session, document, today=self.db.clock.today())
        self.events.changed.emit(MEETINGS)

    def _minutes(self, meeting_id: int, path: Path | None) -> tuple[Any, Any, Path]:
        from djdesk.reports.minutes import (
            write_minutes_pdf,  # reportlab: loaded when first needed
        )
        from djdesk.services.minutes import minutes_document

        with self.db.transaction() as session:
            document = minutes_document(session, meeting_id)
        if path is None:
            # The meeting's number in the name: two meetings of a day may share a topic.
            path = self._printout(f"{document.starts_at:%Y-%m-%d}-{meeting_id}-{safe_name(document.topic)}")
        return document, write_minutes_pdf(document, path), path

    # -- the actions ------------------------------------------------------------------------------
    def print_minutes(self, parent: QWidget, meeting_id: int, *, done: Callable[[], object] | None = None) -> bool:
        """Make the minutes' PDF and show its print preview; printing from there marks the
        record printed today. False when the same document is still being made."""
        def show(result: tuple[Any, Any, Path]) -> None:
            document, pdf, path = result
            self._warn_missing(parent, pdf.missing)
            # A blank form printed for a meeting not yet held is not its record printed.
            self.asker.preview_pdf(parent, path, document.title,
                                   printed=(lambda: self._mark_printed(document)) if document.held else None)
            if done is not None:
                done()

        return self._run(f"minutes-{meeting_id}", parent, lambda: self._minutes(meeting_id, None), show, None)

    def export_minutes(self, parent: QWidget, meeting_id: int) -> bool:
        """Save the minutes as a PDF where the user chooses (for the archive, to send on)."""
        from djdesk.services.minutes import minutes_document

        try:
            with self.db.transaction() as session:
                document = minutes_document(session, meeting_id)
        except UserError as error:  # cancelled or deleted since the list was shown
            self.asker.error(parent, error.message)
            self.events.changed.emit(MEETINGS)  # so every list shows it as it now is
            return False
        suggested = Path.home() / f"{document.title}-{document.starts_at:%Y-%m-%d}-{safe_name(document.topic)}.pdf"
        path = ask_save_path(self.asker, parent, _("Export the minutes as PDF"), suggested,
                             _("PDF document (*.pdf)"))
        if path is None:
            return False

        def saved(result: tuple[Any, Any, Path]) -> None:
            document, pdf, written = result
            self._warn_missing(parent, pdf.missing)
            if document.held:
                self._mark_printed(document)
            self.asker.info(parent, _("The minutes were saved to {path} ({pages} pages).").format(
                path=written, pages=pdf.pages))

        return self._run(f"export-{meeting_id}", parent, lambda: self._minutes(meeting_id, path), saved, path)

    def print_signin(self, parent: QWidget, meeting_id: int) -> bool:
        """The sign-in sheet of the meeting's expected attendees, to print before it starts."""
        def work() -> tuple[Any, Any, Path]:
            from djdesk.reports.signin import write_signin_pdf
            from djdesk.services.minutes import signin_document

            with self.db.transaction() as session:
                document = signin_document(session, meeting_id)
            if not document.lines:
                raise UserError(_("No one is expected at this meeting yet: add the attendees first."))
            path = self._printout(f"{document.time.split(' ')[0]}-{meeting_id}-{safe_name(document.title)}")
            return document, write_signin_pdf(document, path), path

        def show(result: tuple[Any, Any, Path]) -> None:
            document, pdf, path = result
            self._warn_missing(parent, pdf.missing)
            self.asker.preview_pdf(parent, path, document.title)

        return self._run(f"signin-{meeting_id}", parent, work, show, None)

    def print_yearbook(self, parent: QWidget, year: int, *, branch_id: int | None = None,
                       branch_name: str = "", kinds: Iterable[MeetingKind] | None = None) -> bool:
        """The year's book of minutes, saved where the user chooses, with a progress dialog
        that can stop it; then its preview (or the PDF viewer, for a long book)."""
        from djdesk.services.minutes import yearbook_document

        if "yearbook" in self.busy:  # one book at a time; say so before asking for a file
            self.asker.info(parent, _("A book of minutes is still being made; wait for it to finish."))
            return False
        today = self.db.clock.today()
        chosen = tuple(kinds) if kinds is not None else None
        try:
            with self.db.transaction() as session:
                book = yearbook_document(session, year=year, today=today, branch_id=branch_id, kinds=chosen)
        except UserError as error:  # the branch was deleted meanwhile
            self.asker.error(parent, error.message)
            return False
        if not book.meetings:
            self.asker.error(parent, _("No meeting of {year} has been recorded as held{scope}: there is "
                                       "nothing to put in the book.").format(
                year=year, scope=_(" in {branch}").format(branch=branch_name) if branch_name else ""))
            return False
        suggested = Path.home() / f"{branch_name}{_('{year} book of meeting minutes').format(year=year)}-{today:%Y-%m-%d}.pdf"
        path = ask_save_path(self.asker, parent, _("Save the book of minutes"), suggested, _("PDF document (*.pdf)"))
        if path is None:
            return False

        progress = QProgressDialog(_("Laying out the minutes of {count} meetings…").format(count=len(book.meetings)),
                                   _("Stop"), 0, len(book.meetings) + 1, parent)  # + saving the file
        progress.setObjectName("yearbookProgress")
        progress.setWindowTitle(_("Book of minutes"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)  # a short book finishes before the dialog would flash
        stop = threading.Event()
        relay = _Progress(progress)
        relay.advanced.connect(lambda done, _total: progress.setValue(done))
        progress.canceled.connect(stop.set)

        def step(done: int, total: int) -> None:
            if stop.is_set():
                raise Cancelled
            relay.advanced.emit(done, total)

        def work() -> Any:
            from djdesk.reports.yearbook import write_yearbook_pdf

            return write_yearbook_pdf(book, path, progress=step)

        def show(pdf: Any) -> None:
            progress.close()
            progress.deleteLater()
            self._warn_missing(parent, pdf.missing)
            self.asker.preview_pdf(parent, path, book.title)

        def failed(error: BaseException) -> None:
            progress.close()
            progress.deleteLater()
            self._failed(parent, path)(error)

        self.busy.add("yearbook")
        run_in_background(work, lambda pdf: (self.busy.discard("yearbook"), show(pdf)),
                          lambda error: (self.busy.discard("yearbook"), failed(error)), parent)
        return True
