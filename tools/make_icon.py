"""Draw djdesk's application icon: resources/icons/djdesk.png (the window) and djdesk.ico (the exe).

    uv run python tools/make_icon.py

A red rounded square with 党 in white, drawn with the bundled font so that it looks the same on
any machine. The .ico holds PNG images of every size Windows asks for (Vista and later read them).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPainterPath  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ICONS = ROOT / "djdesk" / "resources" / "icons"
SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
RED, GOLD = QColor("#c8102e"), QColor("#f6c453")


def draw(size: int, family: str) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = max(size / 32, 0.5)
    box = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    path = QPainterPath()
    path.addRoundedRect(box, size * 0.18, size * 0.18)
    painter.fillPath(path, RED)
    # A gold line under the character: the book's spine, and it keeps small sizes recognisable.
    line = QRectF(box.left() + box.width() * 0.2, box.bottom() - box.height() * 0.17,
                  box.width() * 0.6, max(box.height() * 0.06, 1))
    painter.fillRect(line, GOLD)
    font = QFont(family)
    font.setPixelSize(round(size * 0.62))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    text_box = QRectF(box.left(), box.top() - size * 0.05, box.width(), box.height())
    painter.drawText(text_box, Qt.AlignmentFlag.AlignCenter, "党")
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def write_ico(path: Path, images: list[QImage]) -> None:
    """ICONDIR, one ICONDIRENTRY per image, then the PNG data (a width of 0 means 256)."""
    blobs = [png_bytes(image) for image in images]
    offset = 6 + 16 * len(images)
    header = struct.pack("<HHH", 0, 1, len(images))
    entries = b""
    for image, blob in zip(images, blobs, strict=True):
        side = image.width() if image.width() < 256 else 0
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    path.write_bytes(header + entries + b"".join(blobs))


def main() -> None:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 (fonts need the application)
    from djdesk.ui import fonts

    family = fonts.install(app)[0]
    ICONS.mkdir(parents=True, exist_ok=True)
    images = [draw(size, family) for size in SIZES]
    images[-1].save(str(ICONS / "djdesk.png"))
    write_ico(ICONS / "djdesk.ico", images)
    print(f"wrote {ICONS / 'djdesk.png'} and {ICONS / 'djdesk.ico'} ({len(SIZES)} sizes)")


if __name__ == "__main__":
    main()
