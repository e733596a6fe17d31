"""What the PDF figures share: the first printout of a process, and the bare ReportLab
documents (same bundled font, registered as djdesk registers it) that are their baselines."""

from __future__ import annotations

import sys
from pathlib import Path

from bench.suite import Row, timed


def first_use() -> list[Row]:
    """Importing ReportLab and loading the font's tables, paid once per process on the first
    printout and kept out of every figure after it: one row, where the process first prints."""
    if "reportlab" in sys.modules:
        return []
    from djdesk.reports import fonts

    return [Row("first printout of the process: import ReportLab, load the font", [timed(fonts.font_name)])]


def bare_paragraphs(text: str, path: Path) -> None:
    """A body as plain paragraphs in the same font: what ReportLab alone costs for it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from djdesk.reports import fonts

    style = ParagraphStyle("bare", fontName=fonts.font_name(), fontSize=12, leading=21, wordWrap="CJK")
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph(line, style) for line in text.split("\n") if line])


def bare_table(cells: list[list[str]], path: Path) -> None:
    """Cells as one plain ReportLab table in the same font: ReportLab's own cost for them."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import LongTable, SimpleDocTemplate

    from djdesk.reports import fonts

    table = LongTable(cells, repeatRows=1)
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), fonts.font_name()), ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0))])
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build([table])


def first_page(path: Path) -> None:
    """What the preview does after the PDF is written: open it, render page 1 at 100 dpi."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[0]
        page.render(scale=100 / 72, grayscale=True).close()
        page.close()
    finally:
        pdf.close()
