"""Print preview of a PDF: its pages rendered by pypdfium2 and painted onto the printer.

pdfium is not thread-safe: everything here runs in the GUI thread (paintRequested is
emitted there). The PDF is opened for each painting and closed after it, because Windows
will not let anyone replace or delete a file that is still open.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintEngine,
    QPainter,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QMessageBox, QToolBar, QWidget

from djdesk.i18n import _

PRINT_DPI = 300  # more is no sharper on an office printer, only slower
# The preview keeps every page's image in memory (an A4 page at 300 dpi in colour is 26 MB),
# so it renders in grey at about a screen's resolution (1 MB a page); printing from the
# preview paints again at PRINT_DPI. Longer documents go to the system's PDF viewer.
PREVIEW_DPI = 100
PREVIEW_MAX_PAGES = 120


def fitted(target: QRectF, width: float, height: float) -> QRectF:
    """The largest rect of the page's proportions centred in `target`."""
    size = QSizeF(width, height).scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
    rect = QRectF(target.topLeft(), size)
    rect.moveCenter(target.center())
    return rect


def draw_page(painter: QPainter, page: Any, target: QRectF, dpi: float, *, grey: bool = False) -> None:
    """Render one pdfium page at `dpi` and paint it into `target`, keeping its proportions,
    on white (a printer's page and a transparent PDF page must not show through)."""
    width, height = page.get_size()  # points
    bitmap = page.render(scale=dpi / 72, fill_color=(255, 255, 255, 255), rev_byteorder=True,
                         optimize_mode="print", grayscale=grey)
    try:
        # One byte a pixel in grey, three in colour; copied, because Qt's preview keeps the
        # image after painting and the bitmap's memory is freed right below.
        form = QImage.Format.Format_Grayscale8 if bitmap.mode == "L" else QImage.Format.Format_RGB888
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, form).copy()
    finally:
        bitmap.close()
    painter.fillRect(target, Qt.GlobalColor.white)
    painter.drawImage(fitted(target, width, height), image)


def chosen_pages(printer: QPrinter, count: int) -> list[int]:
    """The pages (0-based) the print dialog asked for: its page range, else all; each repeated
    for the copies when the printer cannot make copies itself (a collated set at a time)."""
    pages = list(range(count))
    ranges = printer.pageRanges()  # "1,3-4" from the print dialog; empty for all pages
    if printer.printRange() == QPrinter.PrintRange.PageRange and not ranges.isEmpty():
        pages = [p for p in pages if ranges.contains(p + 1)]
    copies = 1 if printer.supportsMultipleCopies() else max(printer.copyCount(), 1)
    return pages * copies


def paint_pdf(painter: QPainter, path: Path, target: QRectF, dpi: float,
              new_page: Callable[[], object], *, grey: bool = False, pages: list[int] | None = None) -> int:
    """Paint the pages of the PDF at `path` (all, or those listed), one at a time, calling
    `new_page` between pages; returns how many were painted. The document is closed before
    returning, also on errors."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        wanted = list(range(len(pdf))) if pages is None else [p for p in pages if 0 <= p < len(pdf)]
        for done, index in enumerate(wanted):
            if done:
                new_page()
            page = pdf[index]
            try:
                draw_page(painter, page, target, dpi, grey=grey)
            finally:
                page.close()
    finally:
        pdf.close()
    return len(wanted)


def print_pdf(printer: QPrinter, path: Path, printed: Callable[[], object] | None = None) -> int:
    """Paint the PDF onto `printer`: the preview's pages, or the real printer's (then only
    the chosen page range and copies, and `printed` is called once it has all been sent)."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(f"cannot paint on the printer {printer.printerName()!r}")
    try:
        dpi = min(printer.resolution(), PRINT_DPI)
        preview = painter.paintEngine().type() == QPaintEngine.Type.Picture  # the preview records
        if preview:
            dpi = min(dpi, PREVIEW_DPI)
        # Full page: the PDF brings its own margins, so it is printed at its true size.
        target = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
        target.moveTo(0, 0)
        pages = None if preview else chosen_pages(printer, page_count(path))
        count = paint_pdf(painter, path, target, dpi, printer.newPage, grey=preview, pages=pages)
    finally:
        painter.end()
    if not preview and printed is not None:
        printed()
    return count


def open_in_viewer(path: Path) -> bool:
    """Hand the PDF to the system's viewer (the fallback when printing from here fails)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def preview_dialog(parent: QWidget | None, path: Path, title: str, *, landscape: bool,
                   printed: Callable[[], object] | None = None) -> QPrintPreviewDialog:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape
                               else QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    printer.setFromTo(0, 0)  # all pages, until the print dialog says otherwise
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.paintRequested.connect(lambda target: print_pdf(target, path, printed))
    toolbar = dialog.findChild(QToolBar)
    if toolbar is not None:
        toolbar.addSeparator()
        viewer = toolbar.addAction(_("Open in PDF viewer"))
        viewer.setObjectName("openInViewer")
        viewer.setToolTip(_("Open {name} in the system's PDF viewer, to print from there").format(name=path.name))
        viewer.triggered.connect(lambda: open_in_viewer(path))
    dialog._printer = printer  # type: ignore[attr-defined]  # the dialog does not own it
    return dialog


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def preview_pdf(parent: QWidget | None, path: Path, title: str, *, landscape: bool,
                printed: Callable[[], object] | None = None) -> None:
    """Show the print preview of the PDF at `path`; the user prints from there (`printed` is
    called when they have). A document too long to hold in the preview opens in the system's
    PDF viewer instead."""
    pages = page_count(path)
    if pages > PREVIEW_MAX_PAGES:
        QMessageBox.information(parent, title, _(
            "{path} has {pages} pages, too many to preview here; it opens in your PDF viewer, "
            "where you can print it.").format(path=path, pages=pages))
        open_in_viewer(path)
        return
    dialog = preview_dialog(parent, path, title, landscape=landscape, printed=printed)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
