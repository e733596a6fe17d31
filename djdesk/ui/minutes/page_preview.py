"""The printed page beside the minutes editor: the PDF of the text as typed, made off the
window's thread a moment after typing stops and shown a page at a time.

ReportLab lays the PDF out in a background thread; pypdfium2 (not thread-safe) renders the
page in the window's thread, opening the file for each page and closing it at once (Windows
would not let the next preview replace a file still open)."""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.errors import UserError
from djdesk.i18n import _
from djdesk.services.minutes import MinutesDocument
from djdesk.ui.background import run_in_background
from djdesk.ui.forms import ERROR_STYLE
from djdesk.ui.pdf_preview import fitted

log = logging.getLogger(__name__)
DELAY_MS = 500  # after the last key: typing is never slowed by a layout per keystroke
RENDER_DPI = 120  # sharp enough for a preview a few hundred pixels wide, scaled down smoothly
FOLDER_PREFIX = "djdesk-preview-"
STALE_AFTER = 24 * 3600  # folders of earlier sessions (a crash leaves them) are swept after a day
PAPER_EDGE = QColor("#9a9a9a")
BACKDROP = QColor("#e6e6e6")


def _sweep_old_folders() -> None:
    now = time.time()
    for folder in Path(tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*"):
        with contextlib.suppress(OSError):
            if folder.is_dir() and now - folder.stat().st_mtime > STALE_AFTER:
                shutil.rmtree(folder, ignore_errors=True)


def render_page(path: Path, index: int, dpi: float = RENDER_DPI) -> tuple[QImage, int]:
    """Page `index` of the PDF as an image, and how many pages it has; in the GUI thread."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        count = len(pdf)
        page = pdf[max(0, min(index, count - 1))]
        try:
            bitmap = page.render(scale=dpi / 72, fill_color=(255, 255, 255, 255), rev_byteorder=True)
            try:
                # Copied: the bitmap's memory is freed right below.
                image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                               QImage.Format.Format_RGB888).copy()
            finally:
                bitmap.close()
        finally:
            page.close()
    finally:
        pdf.close()
    return image, count


class _Sheet(QWidget):
    """The page on a grey backdrop, scaled to the room there is (never re-rendered for it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(180, 250)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.pixmap: QPixmap | None = None
        self.placeholder = ""
        self._scaled: QPixmap | None = None

    def set_image(self, image: QImage | None) -> None:
        self.pixmap = QPixmap.fromImage(image) if image is not None else None
        self._scaled = None
        self.update()

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKDROP)
        if self.pixmap is None:
            painter.setPen(QColor("#707070"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder)
            return
        target = fitted(QRectF(self.rect()).adjusted(8, 8, -8, -8), self.pixmap.width(), self.pixmap.height())
        ratio = self.devicePixelRatioF()
        wanted = target.size().toSize() * ratio
        if self._scaled is None or self._scaled.size() != wanted:
            # Scaled once per size, smoothly: a page's thin lines would vanish in a fast scale.
            self._scaled = self.pixmap.scaled(wanted, Qt.AspectRatioMode.IgnoreAspectRatio,
                                              Qt.TransformationMode.SmoothTransformation)
            self._scaled.setDevicePixelRatio(ratio)
        painter.setPen(PAPER_EDGE)
        painter.drawRect(target.adjusted(-1, -1, 0, 0))
        painter.drawPixmap(target.topLeft(), self._scaled)


class PagePreview(QWidget):
    """Shows the printed page of a MinutesDocument; `show_document` asks for a new one (the
    latest asked wins: a result made for an older request is thrown away). PgUp/PgDn turn
    the pages while it has focus."""

    ready = Signal(int)  # a new preview is on screen: its page count
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("minutesPreview")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.sheet = _Sheet()
        self.sheet.placeholder = _("Choose a meeting to see its printed page")
        self.previous = QToolButton()
        self.previous.setObjectName("previewPrevious")
        self.previous.setText("‹")
        self.previous.setToolTip(_("Previous page (PgUp)"))
        self.previous.clicked.connect(lambda: self.go(-1))
        self.next = QToolButton()
        self.next.setObjectName("previewNext")
        self.next.setText("›")
        self.next.setToolTip(_("Next page (PgDn)"))
        self.next.clicked.connect(lambda: self.go(1))
        self.page_label = QLabel()
        self.page_label.setObjectName("previewPage")
        self.status = QLabel()
        self.status.setObjectName("previewStatus")
        self.status.setStyleSheet("color: #707070;")
        self.missing = QLabel()
        self.missing.setObjectName("previewMissing")
        self.missing.setStyleSheet(ERROR_STYLE)
        self.missing.setWordWrap(True)
        self.missing.hide()
        pager = QHBoxLayout()
        pager.addWidget(self.previous)
        pager.addWidget(self.page_label)
        pager.addWidget(self.next)
        pager.addSpacing(8)
        pager.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sheet, 1)
        layout.addLayout(pager)
        layout.addWidget(self.missing)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._start)
        self._document: MinutesDocument | None = None
        self._request = 0  # raised by every show_document: a job made for a lower one is stale
        self._running = False
        self._first_page = False
        self._folder: Path | None = None
        self.path: Path | None = None  # the PDF on screen
        self.page, self.pages = 0, 0
        self._show_pager()

    # -- asking -----------------------------------------------------------------------------
    def show_document(self, document: MinutesDocument | None, *, delay: int = DELAY_MS,
                      first_page: bool = False) -> None:
        """Preview `document` after `delay` ms (None: nothing to preview); from its first page
        (another meeting's) or on the page shown (the same record, edited)."""
        if document is not None and document == self._document and (self.path is not None or self.busy()):
            return  # what is shown or on its way already
        self._request += 1
        self._document = document
        self._first_page = self._first_page or first_page  # until a preview is shown
        if document is None:
            self.timer.stop()
            self._clear()
            return
        self.status.setText(_("Updating…"))
        self.timer.start(delay)

    def busy(self) -> bool:
        """A preview is waiting to be made or being made."""
        return self._running or self.timer.isActive()

    def _start(self) -> None:
        if self._running or self._document is None:
            return  # the running job, once done, starts the newest request
        self._running = True
        job, document = self._request, self._document
        path = self._folder_path() / f"page-{job}.pdf"

        def work() -> object:
            from djdesk.reports.minutes import (
                write_minutes_pdf,  # ReportLab: loaded when first needed
            )

            return write_minutes_pdf(document, path)

        run_in_background(work, lambda result: self._done(job, path, result),
                          lambda error: self._failed(job, path, error), self)

    def _folder_path(self) -> Path:
        if self._folder is None:
            _sweep_old_folders()
            self._folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
            folder = str(self._folder)
            # Bound to the path, not to self: the slot runs when the C++ widget is already gone.
            self.destroyed.connect(lambda *_args: shutil.rmtree(folder, ignore_errors=True))
        # Made again if swept away meanwhile (a temp cleaner, another copy's sweep after a day idle).
        self._folder.mkdir(parents=True, exist_ok=True)
        return self._folder

    def _stale(self, job: int, path: Path) -> bool:
        """Whether a finished job was overtaken; then the newest request is started."""
        self._running = False
        if job == self._request:
            return False
        _remove(path)
        if not self.timer.isActive() and self._document is not None:
            self._start()
        return True

    def _done(self, job: int, path: Path, result: object) -> None:
        if self._stale(job, path):
            return
        if self._first_page:
            self.page, self._first_page = 0, False
        try:
            image, count = render_page(path, self.page)
        except Exception as error:  # noqa: BLE001 - a broken preview must not cost the typed text
            self._failed(job, path, error, checked=True)
            return
        if self.path is not None and self.path != path:
            _remove(self.path)
        self.path, self.pages = path, count
        self.page = min(self.page, count - 1)
        self.sheet.set_image(image)
        self.status.clear()
        missing = getattr(result, "missing", {})
        self.missing.setText(_("Missing in the font: {chars}").format(chars="".join(sorted(missing))))
        self.missing.setToolTip(_("、").join(sorted({t[:30] for texts in missing.values() for t in texts})))
        self.missing.setVisible(bool(missing))
        self._show_pager()
        self.ready.emit(count)

    def _failed(self, job: int, path: Path, error: BaseException, *, checked: bool = False) -> None:
        if not checked and self._stale(job, path):
            return
        _remove(path)
        if isinstance(error, UserError):
            message = error.message
        else:
            if not isinstance(error, OSError):  # a bug: logged, but the editor goes on working
                log.error("the minutes preview could not be made", exc_info=error)
            message = str(error)
        self.status.setText(_("No preview: {error}").format(error=message))
        self.failed.emit(message)

    # -- pages --------------------------------------------------------------------------------
    def go(self, step: int) -> None:
        page = max(0, min(self.page + step, self.pages - 1))
        if self.path is None or page == self.page:
            return
        try:
            image, self.pages = render_page(self.path, page)
        except Exception as error:  # noqa: BLE001 - the file was swept away meanwhile
            self.status.setText(_("No preview: {error}").format(error=error))
            return
        self.page = page
        self.sheet.set_image(image)
        self._show_pager()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_PageUp:
            self.go(-1)
        elif event.key() == Qt.Key.Key_PageDown:
            self.go(1)
        else:
            super().keyPressEvent(event)

    def _show_pager(self) -> None:
        self.page_label.setText(_("Page {page} of {pages}").format(page=self.page + 1, pages=self.pages)
                                if self.pages else "")
        self.previous.setEnabled(self.page > 0)
        self.next.setEnabled(self.page < self.pages - 1)

    def _clear(self) -> None:
        if self.path is not None:
            _remove(self.path)
        self.path, self.page, self.pages = None, 0, 0
        self.sheet.set_image(None)
        self.status.clear()
        self.missing.hide()
        self._show_pager()


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):  # a viewer holding it on Windows: swept with the folder
        path.unlink(missing_ok=True)
