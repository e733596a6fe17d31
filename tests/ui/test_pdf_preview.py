"""The PDF print preview: pages rendered by pdfium and painted at the right size, without a dialog left open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageRanges, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from pytestqt.qtbot import QtBot

from djdesk.reports.roster import write_roster_pdf
from djdesk.services.roster_print import RosterDocument, RosterLine
from djdesk.ui import pdf_preview

WHITE, GREY = QColor("white").rgb(), QColor("#808080").rgb()


@pytest.fixture
def roster_pdf(tmp_path: Path) -> Path:
    """A two-page roster, A4 landscape."""
    lines = tuple(RosterLine(number=n, name=f"王喆{n}", sex="男", ethnicity="汉族", born="1980.01", education="大学本科",
                             joined="2010.06.28", full="2011.06.28", branch="第一党支部", group="第一党小组",
                             post_title="教师", phone="13900000000") for n in range(1, 31))
    doc = RosterDocument(title="中共测试中学党员花名册", subtitle="", unit="测试中学", printed_on=dt.date(2026, 6, 15),
                         lines=lines)
    path = tmp_path / "roster.pdf"
    assert write_roster_pdf(doc, path).pages == 2
    return path


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every PdfDocument the preview opens, each marked when it is closed."""
    import pypdfium2 as pdfium

    documents: list[object] = []

    class Recorded(pdfium.PdfDocument):  # type: ignore[misc]
        was_closed = False

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            documents.append(self)

        def close(self) -> None:
            self.was_closed = True
            super().close()

    monkeypatch.setattr(pdfium, "PdfDocument", Recorded)
    return documents


def test_a_page_is_painted_on_white_keeping_its_proportions(qapp: object, roster_pdf: Path) -> None:
    import pypdfium2 as pdfium

    image = QImage(400, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("#808080"))
    pdf = pdfium.PdfDocument(roster_pdf)
    painter = QPainter(image)
    try:
        page = pdf[0]
        pdf_preview.draw_page(painter, page, QRectF(50, 0, 300, 400), dpi=96)
        page.close()
    finally:
        painter.end()
        pdf.close()
    # Landscape A4 in a 300 x 400 rect: 300 x 212 in the middle, white above and below it.
    fitted = pdf_preview.fitted(QRectF(50, 0, 300, 400), 841.89, 595.28)
    assert (round(fitted.width()), round(fitted.height()), round(fitted.top())) == (300, 212, 94)
    assert image.pixel(10, 200) == GREY and image.pixel(390, 200) == GREY  # outside the target
    assert image.pixel(200, 20) == WHITE and image.pixel(200, 380) == WHITE
    dark = sum(1 for x in range(50, 350) for y in range(0, 400, 2) if QColor(image.pixel(x, y)).lightness() < 128)
    assert dark > 500  # the title, the table's rules, the names
    assert all(QColor(image.pixel(x, y)).lightness() > 250 for x in range(50, 350) for y in (0, 90, 310, 399))


def test_printing_paints_every_page_at_most_at_300_dpi(qapp: object, roster_pdf: Path, tmp_path: Path,
                                                        opened: list[object], monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdfium2 as pdfium

    dpis: list[float] = []
    paint = pdf_preview.paint_pdf
    greys: list[bool] = []
    monkeypatch.setattr(pdf_preview, "paint_pdf", lambda p, path, target, dpi, new_page, grey=False, pages=None: (
        dpis.append(dpi), greys.append(grey), paint(p, path, target, dpi, new_page, grey=grey, pages=pages))[2])
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    printer.setFullPage(True)
    assert pdf_preview.print_pdf(printer, roster_pdf) == 2
    assert dpis == [min(printer.resolution(), pdf_preview.PRINT_DPI)] and greys == [False]
    assert opened and all(d.was_closed for d in opened)  # type: ignore[attr-defined]

    printed = pdfium.PdfDocument(tmp_path / "printed.pdf")
    try:
        assert len(printed) == 2
        width, height = printed[0].get_size()
        assert width > height  # landscape, as the roster
    finally:
        printed.close()


def test_the_preview_shows_every_page_and_closes_the_file(qtbot: QtBot, roster_pdf: Path, opened: list[object],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    dpis: list[float] = []
    paint = pdf_preview.paint_pdf
    greys: list[bool] = []
    monkeypatch.setattr(pdf_preview, "paint_pdf", lambda p, path, target, dpi, new_page, grey=False, pages=None: (
        dpis.append(dpi), greys.append(grey), paint(p, path, target, dpi, new_page, grey=grey, pages=pages))[2])
    # Built but never exec'd: the preview widget inside is asked to paint, as on showing.
    dialog = pdf_preview.preview_dialog(None, roster_pdf, "党员花名册", landscape=True)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "党员花名册"
    preview = dialog.findChild(QPrintPreviewWidget)
    preview.updatePreview()
    assert preview.pageCount() == 2
    # The preview keeps its pages in memory: grey, at a screen's resolution.
    assert dpis == [pdf_preview.PREVIEW_DPI] and greys == [True]
    assert opened and all(d.was_closed for d in opened)  # type: ignore[attr-defined]
    roster_pdf.rename(roster_pdf.with_name("moved.pdf"))  # nothing holds it (Windows would refuse)


def test_a_page_in_grey_is_one_byte_a_pixel_and_still_shows_the_text(qapp: object, roster_pdf: Path) -> None:
    import pypdfium2 as pdfium
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    pdf = pdfium.PdfDocument(roster_pdf)
    try:
        page = pdf[0]
        captured: list[QImage] = []
        image = QImage(842, 595, QImage.Format.Format_RGB32)
        image.fill(0xFFFFFF)
        painter = QPainter(image)
        original = painter.drawImage

        def keep(target: object, drawn: QImage) -> None:
            captured.append(drawn)
            original(target, drawn)

        painter.drawImage = keep  # type: ignore[method-assign]
        pdf_preview.draw_page(painter, page, QRectF(0, 0, 842, 595), 72, grey=True)
        painter.end()
        page.close()
    finally:
        pdf.close()
    assert captured[0].format() == QImage.Format.Format_Grayscale8
    dark = sum(1 for x in range(0, 842, 3) for y in range(0, 595, 3) if image.pixelColor(x, y).lightness() < 128)
    assert dark > 100  # the table's lines and text are there


class _OneCopyPrinter(QPrinter):
    """A printer driver that cannot make copies itself (the preview must send each page again)."""

    def supportsMultipleCopies(self) -> bool:  # noqa: N802 (Qt's name)
        return False


def test_the_chosen_pages_follow_the_page_range_and_the_copies(qapp: object) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFromTo(0, 0)
    assert pdf_preview.chosen_pages(printer, 4) == [0, 1, 2, 3]
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert pdf_preview.chosen_pages(printer, 4) == [1, 2]
    printer.setFromTo(3, 9)  # past the end: up to the last page there is
    assert pdf_preview.chosen_pages(printer, 4) == [2, 3]
    ranges = QPageRanges()  # "1,3-4" typed in the print dialog
    ranges.addPage(1)
    ranges.addRange(3, 4)
    printer.setPageRanges(ranges)
    assert pdf_preview.chosen_pages(printer, 5) == [0, 2, 3]
    single = _OneCopyPrinter(QPrinter.PrinterMode.HighResolution)
    single.setPrintRange(QPrinter.PrintRange.PageRange)
    single.setFromTo(2, 3)
    single.setCopyCount(2)
    assert single.copyCount() == 2
    assert pdf_preview.chosen_pages(single, 4) == [1, 2, 1, 2]  # collated: a whole set at a time
    single.setPrintRange(QPrinter.PrintRange.AllPages)
    single.setCopyCount(1)
    assert pdf_preview.chosen_pages(single, 2) == [0, 1]


def test_printed_is_called_for_a_real_printer_only(qtbot: QtBot, roster_pdf: Path, tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    calls: list[str] = []
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setFullPage(True)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    assert pdf_preview.print_pdf(printer, roster_pdf, printed=lambda: calls.append("printed")) == 1
    assert calls == ["printed"]
    printed = pdfium.PdfDocument(tmp_path / "printed.pdf")
    try:
        assert len(printed) == 1  # only the page asked for
    finally:
        printed.close()
    # The preview paints onto a QPicture: showing the pages is not printing them.
    dialog = pdf_preview.preview_dialog(None, roster_pdf, "党员花名册", landscape=True,
                                        printed=lambda: calls.append("previewed"))
    qtbot.addWidget(dialog)
    preview = dialog.findChild(QPrintPreviewWidget)
    preview.updatePreview()
    assert preview.pageCount() == 2 and calls == ["printed"]
