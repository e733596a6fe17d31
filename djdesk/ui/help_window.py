"""帮助: the user guide's window — topics and search on the left, the page on the right."""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QDesktopServices,
    QImage,
    QKeySequence,
    QShortcut,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStyle,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from djdesk import help as guide
from djdesk import i18n
from djdesk.i18n import _

log = logging.getLogger(__name__)
SLUG = Qt.ItemDataRole.UserRole
# Qt's rich text understands this much CSS; the pages may add their own.
PAGE_STYLE = """
h1 { color: #9b1c1c; font-size: x-large; margin-bottom: 10px; }
h2 { color: #9b1c1c; font-size: large; margin-top: 18px; margin-bottom: 6px; }
h3 { font-size: medium; margin-top: 12px; margin-bottom: 4px; }
p, li { line-height: 150%; }
p { margin-top: 4px; margin-bottom: 8px; }
li { margin-bottom: 3px; }
a { color: #1a56a8; }
code, kbd { font-family: monospace; background-color: #f2f2f2; }
th { background-color: #f3ecec; }
"""
HIGHLIGHT = QColor("#ffe680")


class _PageView(QTextBrowser):
    """Shows a page; a picture wider than the pane is shown smaller (never cut off), the others
    at their own size, which is how they were made to be read."""

    def __init__(self) -> None:
        super().__init__()
        self.widest = 0  # the page's widest picture, at its own size
        self.fitted_to = 0  # the room the page's pictures were fitted into
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(150)  # once the user stops dragging the window's edge
        self._refit.timeout.connect(self._fit_again)

    def room(self) -> int:
        """The width a picture may take: a page with pictures is long, so its scroll bar counts."""
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        return self.width() - 2 * self.frameWidth() - bar - 2 * int(self.document().documentMargin()) - 4

    def loadResource(self, kind: int, name: QUrl) -> Any:
        data = super().loadResource(kind, name)
        if kind == QTextDocument.ResourceType.HtmlResource.value:
            self.widest = 0  # a new page
        if kind != QTextDocument.ResourceType.ImageResource.value or not isinstance(data, (QByteArray, bytes)):
            return data
        image = QImage.fromData(data)
        if image.isNull():
            return data
        self.widest = max(self.widest, image.width())
        self.fitted_to = room = self.room()
        if image.width() > room > 0:
            return image.scaledToWidth(room, Qt.TransformationMode.SmoothTransformation)
        return image

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        if self.room() != self.fitted_to and self.widest > min(self.room(), self.fitted_to):
            self._refit.start()

    def _fit_again(self) -> None:
        """The page read again for the pictures' new size, at the same place in it."""
        bar = self.verticalScrollBar()
        where = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self.reload()
        bar.setValue(round(where * bar.maximum()))


class _SearchField(QLineEdit):
    """Down moves into the topics, Enter opens the first match, Escape clears the words."""

    def __init__(self, window: HelpWindow) -> None:
        super().__init__()
        self._window = window

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        key = event.key()
        if key == Qt.Key.Key_Down and self._window.enter_topics():
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._window.enter_topics():
                self._window.browser.setFocus()
            return
        if key == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)  # an Escape with nothing typed closes the window


class _TopicList(QListWidget):
    """Enter goes on to the page, to read it with the arrow keys and Page Down."""

    def __init__(self, browser: QTextBrowser) -> None:
        super().__init__()
        self._browser = browser

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._browser.setFocus()
            return
        super().keyPressEvent(event)


class HelpWindow(QWidget):
    """A window of its own beside the main one (not modal: the user reads while working)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("helpWindow")
        language = i18n.current_language()  # the guide starts in the program's language
        self.language = language if language in guide.LANGUAGES else guide.DEFAULT_LANGUAGE

        self.browser = _PageView()
        self.browser.setObjectName("helpBrowser")
        self.browser.setOpenLinks(False)  # followed here: local pages inside, the web outside
        self.browser.anchorClicked.connect(self.follow)
        self.browser.sourceChanged.connect(self._shown)
        document = self.browser.document()
        document.setDefaultStyleSheet(PAGE_STYLE)
        document.setDocumentMargin(16)
        font = self.browser.font()
        if font.pointSizeF() > 0:  # a reading size: the UI's 9 pt is small for pages of text
            font.setPointSizeF(font.pointSizeF() + 1.5)
            self.browser.setFont(font)

        self.search = _SearchField(self)
        self.search.setObjectName("helpSearch")
        self.search.setPlaceholderText(_("Search the guide (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.topics = _TopicList(self.browser)
        self.topics.setObjectName("helpTopics")
        self.topics.currentItemChanged.connect(self._topic_chosen)
        self.topics.setFont(font)  # the contents read like the pages
        self.topics.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.topics.setTextElideMode(Qt.TextElideMode.ElideRight)  # the whole title is its tooltip
        self.topics.setStyleSheet("QListWidget::item { padding: 3px 4px; }")
        self.no_match = QLabel(_("No topic contains all these words."))
        self.no_match.setObjectName("helpNoMatch")
        self.no_match.setWordWrap(True)
        self.no_match.hide()
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.topics, 1)
        column.addWidget(self.no_match)
        self.splitter = QSplitter()
        self.splitter.setObjectName("helpSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.browser)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 900])
        self.splitter.setChildrenCollapsible(False)

        style = self.style()
        self.back = self._tool("helpBack", _("Go back a page"), style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack),
                               self.browser.backward, _("Go back a page (Alt+Left)"))
        self.forward = self._tool("helpForward", _("Go forward a page"),
                                  style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward),
                                  self.browser.forward, _("Go forward a page (Alt+Right)"))
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        self.browser.forwardAvailable.connect(self.forward.setEnabled)
        self.back.setEnabled(False)
        self.forward.setEnabled(False)
        self.languages = QButtonGroup(self)
        self.languages.setExclusive(True)
        bar = QHBoxLayout()
        bar.addWidget(self.back)
        bar.addWidget(self.forward)
        bar.addStretch(1)
        for language in guide.LANGUAGES:
            button = QToolButton()
            button.setObjectName(f"helpLanguage_{language}")
            button.setText(guide.LANGUAGE_NAMES[language])
            button.setCheckable(True)
            button.setChecked(language == self.language)
            button.setProperty("language", language)
            self.languages.addButton(button)
            bar.addWidget(button)
        self.languages.buttonClicked.connect(self._language_clicked)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        for keys, slot in ((QKeySequence("Alt+Left"), self.browser.backward),
                           (QKeySequence("Alt+Right"), self.browser.forward),
                           (QKeySequence.StandardKey.Find, self.focus_search)):
            QShortcut(keys, self, slot)
        # Tab goes the way the eye does: the search, the topics, the page (its links), the buttons.
        chain = [self.search, self.topics, self.browser, self.back, self.forward, *self.languages.buttons()]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)
        self.browser.setFocus()  # opened with F1: the arrow keys and Page Down read the page
        self._fill_topics()
        self.resize(1180, 780)  # room for the pictures at their own size (820 px) beside the topics

    def _tool(self, name: str, text: str, icon, slot, tip: str) -> QToolButton:  # type: ignore[no-untyped-def]
        button = QToolButton()
        button.setObjectName(name)
        button.setText(text)
        button.setIcon(icon)
        button.setToolTip(tip)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    # -- what is shown ----------------------------------------------------------------------
    def show_topic(self, slug: str, anchor: str = "") -> None:
        path = guide.page(slug, self.language)
        if not path.is_file():  # a packaging bug: say so rather than show an empty page
            log.error("the guide's page %s is missing", path)
            self.browser.setHtml("<p>" + html.escape(_("This page of the guide is missing: {path}").format(path=path)))
            return
        url = QUrl.fromLocalFile(str(path))
        if anchor:
            url.setFragment(anchor)
        self.browser.setSource(url)

    def current_topic(self) -> str | None:
        found = guide.topic_of(Path(self.browser.source().toLocalFile()))
        return found[0] if found else None

    def follow(self, url: QUrl) -> None:
        """A link clicked in a page: another page or a place in one here, anything else outside."""
        if url.scheme() in ("", "file"):
            target = self.browser.source().resolved(url)
            if Path(target.toLocalFile()).is_file():
                self.browser.setSource(target)
            else:
                log.error("the guide links to %s, which is missing", target.toString())
            return
        QDesktopServices.openUrl(url)

    def _shown(self, url: QUrl) -> None:
        found = guide.topic_of(Path(url.toLocalFile()))
        if found is None:
            return
        slug, language = found
        # Back may return to a page read in the other language; the switch follows it (a
        # page shown in Chinese for want of its English text leaves the switch on English).
        if language != self.language and (language == "en" or guide.page(slug, "en").parent.name == "en"):
            self._set_language(language)
        self._select(slug)
        self.setWindowTitle(_("{topic} — djdesk user guide").format(topic=guide.title(slug, self.language)))
        self._highlight()
        if url.hasFragment():  # the place's heading whole, not cut by the pane's top edge
            bar = self.browser.verticalScrollBar()
            bar.setValue(bar.value() - 8)

    def _select(self, slug: str) -> None:
        for row in range(self.topics.count()):
            item = self.topics.item(row)
            if item.data(SLUG) == slug:
                self.topics.blockSignals(True)  # showing it again would add to the history
                self.topics.setCurrentItem(item)
                self.topics.blockSignals(False)
                self.topics.scrollToItem(item)
                return

    def _topic_chosen(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None and item.data(SLUG) != self.current_topic():
            self.show_topic(item.data(SLUG))

    # -- topics and search ----------------------------------------------------------------------
    def _fill_topics(self) -> None:
        current = self.current_topic()
        self.topics.blockSignals(True)
        self.topics.clear()
        for slug in guide.TOPICS:
            item = QListWidgetItem(guide.title(slug, self.language))
            item.setData(SLUG, slug)
            item.setToolTip(item.text())
            self.topics.addItem(item)
        self.topics.blockSignals(False)
        if current:
            self._select(current)
        self._filter()

    def _filter(self) -> None:
        text = self.search.text()
        found = set(guide.search(text, self.language))
        for row in range(self.topics.count()):
            item = self.topics.item(row)
            item.setHidden(item.data(SLUG) not in found)
        self.no_match.setVisible(not found)
        self._highlight()

    def enter_topics(self) -> bool:
        """Focus the topic list on a shown topic (the first match when the current one is
        hidden); False when no topic is shown."""
        shown = [self.topics.item(r) for r in range(self.topics.count()) if not self.topics.item(r).isHidden()]
        if not shown:
            return False
        current = self.topics.currentItem()
        if current is None or current.isHidden():
            self.topics.setCurrentItem(shown[0])
        self.topics.setFocus()
        return True

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _highlight(self) -> None:
        """The searched words marked in the page, the first one scrolled into view."""
        marks = []
        document = self.browser.document()
        for word in self.search.text().split():
            cursor = document.find(word)
            while not cursor.isNull():
                mark = QTextEdit.ExtraSelection()
                mark.cursor = cursor
                mark.format.setBackground(HIGHLIGHT)
                marks.append(mark)
                cursor = document.find(word, cursor)
        self.browser.setExtraSelections(marks)
        if marks and not self.browser.source().hasFragment():
            first = QTextCursor(marks[0].cursor)
            first.clearSelection()
            self.browser.setTextCursor(first)
            self.browser.ensureCursorVisible()

    # -- language ---------------------------------------------------------------------------
    def _language_clicked(self, button: QAbstractButton) -> None:
        language = button.property("language")
        if language == self.language:
            return
        slug, anchor = self.current_topic(), self.browser.source().fragment()
        self._set_language(language)
        if slug:
            self.show_topic(slug, anchor)

    def _set_language(self, language: str) -> None:
        self.language = language
        for button in self.languages.buttons():
            button.setChecked(button.property("language") == language)
        self._fill_topics()

    # -- the window -------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        prefs = getattr(self.parent(), "prefs", None)
        if prefs is not None:
            prefs.set_geometry("helpWindow", self.saveGeometry())
        super().closeEvent(event)

    def restore(self) -> None:
        """Where the user last left the window; a size that fits pages and screenshots otherwise."""
        prefs = getattr(self.parent(), "prefs", None)
        geometry = prefs.geometry("helpWindow") if prefs is not None else None
        if not isinstance(geometry, QByteArray) or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()
            self.resize(min(1180, screen.width() - 40), min(800, screen.height() - 60))


def show_help(parent_window: QWidget | None, slug: str | None = None) -> HelpWindow:
    """The guide's one window (made on first use), raised, on `slug` (else where it was, or the
    first topic when it is new)."""
    window = parent_window.findChild(HelpWindow, "helpWindow") if parent_window is not None else None
    if window is None:
        window = HelpWindow(parent_window)
        window.restore()
        slug = slug or guide.TOPICS[0]
    window.show()  # first: the page's pictures are fitted to the pane's real width
    if slug and slug != window.current_topic():
        window.show_topic(slug)
    window.raise_()
    window.activateWindow()
    return window
