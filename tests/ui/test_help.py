"""帮助: the guide's pages and pictures hold together; F1, links, search, language and keys work."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from djdesk import help as guide
from djdesk.ui.help_window import HelpWindow, show_help
from djdesk.ui.main_window import MainWindow

# -- the pages, read as files ------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self.hrefs: list[str] = []
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("name", "id"):
            if values.get(key) and (key == "id" or tag == "a"):
                self.anchors.add(str(values[key]))
        if tag == "a" and values.get("href") is not None:
            self.hrefs.append(str(values["href"]))
        if tag == "img":
            self.images.append(values)


def links_of(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


PAGES = [(slug, language) for language in guide.LANGUAGES for slug in guide.TOPICS]


@pytest.mark.parametrize(("slug", "language"), PAGES)
def test_every_topic_has_its_page_with_a_title_in_both_languages(slug: str, language: str) -> None:
    path = guide.help_dir() / language / f"{slug}.html"
    assert path.is_file(), f"missing page {path}"
    assert guide.page(slug, language) == path
    title = guide.title(slug, language)
    assert title and title != slug
    assert guide.plain_text(slug, language)


@pytest.mark.parametrize(("slug", "language"), PAGES)
def test_every_link_and_picture_of_a_page_leads_somewhere(slug: str, language: str) -> None:
    path = guide.help_dir() / language / f"{slug}.html"
    page = links_of(path)
    broken = []
    for href in page.hrefs:
        parts = urlsplit(href)
        if parts.scheme in ("http", "https", "mailto"):
            continue
        assert not parts.scheme, f"{path.name}: {href} is neither a page of the guide nor a web address"
        target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
        if not target.is_file():
            broken.append(f"{href}: no file {target}")
        elif parts.fragment and parts.fragment not in links_of(target).anchors:
            broken.append(f"{href}: no <a name=\"{parts.fragment}\"> in {target.name}")
    images = guide.images_dir().resolve()
    for image in page.images:
        source = image.get("src") or ""
        target = (path.parent / unquote(source)).resolve()
        if not target.is_file():
            broken.append(f"<img src=\"{source}\">: no file {target}")
        elif target.parent != images:
            broken.append(f"<img src=\"{source}\">: pictures belong in {images}")
        if "width" in image or "height" in image:
            broken.append(f"<img src=\"{source}\">: shown at its own size, without width or height")
    assert not broken, f"{language}/{slug}.html:\n" + "\n".join(broken)


def test_every_picture_is_shown_by_some_page() -> None:
    shown = {(path.parent / unquote(image.get("src") or "")).resolve()
             for slug, language in PAGES
             for path in [guide.help_dir() / language / f"{slug}.html"] if path.is_file()
             for image in links_of(path).images}
    pictures = {p.resolve() for p in guide.images_dir().iterdir() if p.is_file()}
    assert pictures, "the guide has no pictures"
    assert not pictures - shown, f"pictures no page shows: {sorted(p.name for p in pictures - shown)}"


# -- the window ---------------------------------------------------------------------------------------


def help_window(window: MainWindow) -> HelpWindow:
    found = window.findChildren(HelpWindow)
    assert len(found) == 1  # one window, reused
    return found[0]


def shown_page(help: HelpWindow) -> tuple[str, str, str]:
    """(slug, language, anchor) of what the browser shows."""
    source = help.browser.source()
    found = guide.topic_of(Path(source.toLocalFile()))
    assert found is not None, source.toString()
    return found[0], found[1], source.fragment()


def visible_topics(help: HelpWindow) -> list[str]:
    items = [help.topics.item(row) for row in range(help.topics.count())]
    return [item.data(Qt.ItemDataRole.UserRole) for item in items if not item.isHidden()]


def active(qtbot: QtBot, help: HelpWindow) -> None:
    """Keys go to the active window: the guide's, as after F1."""
    help.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is help)


def click_link(qtbot: QtBot, help: HelpWindow, href: str) -> None:
    """A real click on the first link to `href` in the page shown."""
    browser = help.browser
    block = browser.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(browser.document())
                cursor.setPosition(fragment.position() + 1)
                browser.setTextCursor(cursor)
                browser.ensureCursorVisible()
                qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton,
                                 pos=browser.cursorRect(cursor).center())
                return
            fragments += 1
        block = block.next()
    raise AssertionError(f"no link to {href} on {browser.source().toString()}")


def test_f1_on_each_tab_opens_that_tab_s_topic_in_one_window(qtbot: QtBot, window: MainWindow) -> None:
    action = window.findChild(QAction, "helpAction")
    assert action.shortcut().toString() == "F1"
    menu_actions = [a.objectName() for a in window.menuBar().actions()[-1].menu().actions()]
    assert menu_actions.index("helpAction") < menu_actions.index("aboutAction")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.tabs, Qt.Key.Key_F1)  # the key itself, on the roster
    help = help_window(window)
    assert help.isVisible()
    assert shown_page(help) == ("roster", "zh_CN", "")
    assert help.windowTitle().startswith(guide.title("roster", "zh_CN"))
    assert help.topics.currentItem().data(Qt.ItemDataRole.UserRole) == "roster"
    for index, slug in guide.TAB_TOPICS.items():
        window.tabs.setCurrentIndex(index)
        action.trigger()
        assert help_window(window) is help
        assert shown_page(help)[0] == slug
        assert help.browser.documentTitle() == guide.title(slug, "zh_CN")


def test_a_link_leads_to_another_page_and_back_returns(qtbot: QtBot, window: MainWindow) -> None:
    help = show_help(window, "meeting")
    qtbot.waitExposed(help)
    assert not help.back.isEnabled()
    click_link(qtbot, help, "minutes.html")
    assert shown_page(help) == ("minutes", "zh_CN", "")
    assert help.topics.currentItem().data(Qt.ItemDataRole.UserRole) == "minutes"
    assert help.back.isEnabled() and not help.forward.isEnabled()
    qtbot.mouseClick(help.back, Qt.MouseButton.LeftButton)
    assert shown_page(help)[0] == "meeting"
    qtbot.mouseClick(help.forward, Qt.MouseButton.LeftButton)
    assert shown_page(help)[0] == "minutes"
    help.back.click()
    # A link to a place in another page, then back and forward from the keyboard.
    click_link(qtbot, help, "roster.html#due")
    assert shown_page(help) == ("roster", "zh_CN", "due")
    assert help.browser.verticalScrollBar().value() > 0  # the place, not the page's top
    active(qtbot, help)
    qtbot.keyClick(help.browser, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert shown_page(help)[0] == "meeting"
    qtbot.keyClick(help.browser, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert shown_page(help) == ("roster", "zh_CN", "due")


@pytest.fixture
def lone(qtbot: QtBot) -> HelpWindow:
    """The guide's window without the main one (opened from the setup wizard, say)."""
    help = HelpWindow()
    qtbot.addWidget(help)
    help.show()
    return help


def test_a_web_address_opens_outside(lone: HelpWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from djdesk.ui import help_window as module

    opened: list[str] = []
    monkeypatch.setattr(module.QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    help = lone
    help.show_topic("start")
    help.follow(QUrl("https://docs.astral.sh/uv/"))
    assert opened == ["https://docs.astral.sh/uv/"]
    assert shown_page(help)[0] == "start"


def test_search_filters_the_topics_down_enters_escape_clears_then_closes(qtbot: QtBot, window: MainWindow) -> None:
    help = show_help(window, "start")
    active(qtbot, help)
    assert help.browser.hasFocus()  # F1, then Page Down reads on
    word = "自愿多交"  # 党费's voluntary extra payments
    expected = guide.search(word, "zh_CN")
    assert "dues" in expected and len(expected) < len(guide.TOPICS)
    help.focus_search()
    help.search.insert(word)  # as an input method commits it (QTest types Latin-1 only)
    assert visible_topics(help) == expected
    assert not help.no_match.isVisible()
    qtbot.keyClick(help.search, Qt.Key.Key_Down)
    assert help.topics.hasFocus()
    assert shown_page(help)[0] == expected[0]
    assert help.browser.extraSelections()  # the word is marked in the page
    qtbot.keyClick(help.topics, Qt.Key.Key_Return)  # on to the page, to read it from the keyboard
    assert help.browser.hasFocus()
    help.focus_search()
    qtbot.keyClick(help.search, Qt.Key.Key_Escape)  # words typed: Escape clears them
    assert help.search.text() == "" and help.isVisible()
    assert visible_topics(help) == list(guide.TOPICS)
    help.search.insert("没有这个词")
    qtbot.keyClicks(help.search, " zzz")
    assert visible_topics(help) == [] and help.no_match.isVisible()
    help.search.clear()
    qtbot.keyClick(help.search, Qt.Key.Key_Escape)  # nothing typed: Escape closes the window
    assert not help.isVisible()


def test_escape_closes_from_the_page_and_the_window_comes_back_where_it_was(
        qtbot: QtBot, window: MainWindow) -> None:
    help = show_help(window, "ethics")
    active(qtbot, help)
    help.browser.setFocus()
    qtbot.keyClick(help.browser, Qt.Key.Key_Escape)
    assert not help.isVisible()
    assert window.prefs.geometry("helpWindow") is not None  # its size is remembered
    again = show_help(window)  # 帮助 again without a topic: the page last read
    assert again is help and help.isVisible()
    assert shown_page(help)[0] == "ethics"
    help.topics.setFocus()
    qtbot.keyClick(help.topics, Qt.Key.Key_Escape)
    assert not help.isVisible()


def test_the_language_switch_shows_the_same_topic_in_english_and_back(lone: HelpWindow) -> None:
    help = lone
    help.show_topic("backup")
    english = help.findChild(type(help.back), "helpLanguage_en")
    chinese = help.findChild(type(help.back), "helpLanguage_zh_CN")
    assert chinese.isChecked() and not english.isChecked()
    english.click()
    assert shown_page(help) == ("backup", "en", "")
    assert help.language == "en" and english.isChecked()
    assert help.topics.item(0).text() == guide.title("start", "en")
    assert help.windowTitle().startswith(guide.title("backup", "en"))
    help.topics.setCurrentRow(guide.TOPICS.index("dues"))  # choosing a topic keeps the language
    assert shown_page(help) == ("dues", "en", "")
    help.back.click()
    help.back.click()  # back to the Chinese page: the switch follows
    assert shown_page(help) == ("backup", "zh_CN", "")
    assert chinese.isChecked() and help.topics.item(0).text() == guide.title("start", "zh_CN")


def test_a_picture_wider_than_the_pane_is_shown_smaller(qtbot: QtBot, lone: HelpWindow) -> None:
    help = lone
    help.show_topic("roster")
    help.resize(700, 600)
    qtbot.waitUntil(lambda: help.browser.fitted_to == help.browser.room())
    room = help.browser.room()
    assert help.browser.widest > room
    document = help.browser.document()
    name = QUrl("../images/roster.png")
    picture = document.resource(QTextDocument.ResourceType.ImageResource.value, name)
    assert picture is not None and picture.width() <= room
    assert help.browser.horizontalScrollBar().maximum() == 0


def test_a_missing_page_is_said_so(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guide, "help_dir", lambda: tmp_path)
    help = HelpWindow()
    qtbot.addWidget(help)
    help.show_topic("dues")
    assert str(tmp_path / "zh_CN" / "dues.html") in help.browser.toPlainText()
    assert help.topics.item(0).text() == "start"  # no page, no title: the topic is still listed


# -- djdesk.help: titles, the English fallback, search ----------------------------------------------


def write_page(root: Path, language: str, slug: str, title: str, body: str) -> Path:
    path = root / language / f"{slug}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><head><meta charset=\"utf-8\"><title>{title}</title>"
                    f"<style>p {{ color: red; }}</style></head><body>{body}</body></html>", encoding="utf-8")
    return path


@pytest.fixture
def pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A guide of three pages in Chinese and one in English."""
    monkeypatch.setattr(guide, "help_dir", lambda: tmp_path)
    write_page(tmp_path, "zh_CN", "start", "开始 &amp; 设置", "<h1>开始</h1><p>插入U盘，然后备份。</p>")
    write_page(tmp_path, "zh_CN", "dues", "收缴党费", "<p>登记缴费：选中党员，<b>按 Enter</b>。</p><p>自愿\n多交</p>")
    write_page(tmp_path, "zh_CN", "backup", "备份", "<p>把U盘插入电脑。Backup to a USB stick.</p>"
                                                   "<script>var hidden = '党费';</script>")
    write_page(tmp_path, "en", "dues", "Collecting party dues", "<p>Record a <i>Payment</i> for a member.</p>")
    return tmp_path


def test_a_page_s_title_and_text(pages: Path) -> None:
    assert guide.title("start", "zh_CN") == "开始 & 设置"
    assert guide.plain_text("dues", "zh_CN") == "登记缴费：选中党员，按 Enter。 自愿 多交"
    assert "color" not in guide.plain_text("start", "zh_CN")  # a style is not text
    assert "党费" not in guide.plain_text("backup", "zh_CN")  # nor is a script
    assert "收缴党费" not in guide.plain_text("dues", "zh_CN")  # the title is not the page's text
    assert guide.title("plan", "zh_CN") == "plan" and guide.plain_text("plan", "zh_CN") == ""  # no page


def test_an_english_page_missing_falls_back_to_chinese(pages: Path) -> None:
    assert guide.page("dues", "en") == pages / "en" / "dues.html"
    assert guide.page("start", "en") == pages / "zh_CN" / "start.html"
    assert guide.title("start", "en") == "开始 & 设置"
    assert guide.page("start", "zh_CN") == pages / "zh_CN" / "start.html"
    with pytest.raises(KeyError):
        guide.page("nothing", "zh_CN")
    assert guide.topic_of(pages / "en" / "dues.html") == ("dues", "en")
    assert guide.topic_of(pages / "images" / "dues.png") is None
    assert guide.topic_of(pages / "fr" / "dues.html") is None


def test_search_finds_the_topics_with_every_word_in_reading_order(pages: Path) -> None:
    assert guide.search("", "zh_CN") == list(guide.TOPICS)
    assert guide.search("U盘", "zh_CN") == ["start", "backup"]  # reading order, not the files' order
    assert guide.search("U盘 插入", "zh_CN") == ["start", "backup"]
    assert guide.search("U盘  备份", "zh_CN") == ["start"]  # every word, spaces any number
    assert guide.search("usb STICK", "zh_CN") == ["backup"]  # any case
    assert guide.search("自愿多交", "zh_CN") == ["dues"]  # across a line break between Chinese words
    assert guide.search("党费", "zh_CN") == []  # only in a script, and in a title
    assert guide.search("payment", "en") == ["dues"]
    assert guide.search("U盘", "en") == ["start", "backup"]  # Chinese pages stand in for English ones
    assert guide.search("recorda", "en") == []  # English words do not run together


def test_a_page_changed_on_disk_is_read_again(pages: Path) -> None:
    import os

    assert guide.title("dues", "zh_CN") == "收缴党费"
    path = write_page(pages, "zh_CN", "dues", "党费", "<p>新的内容</p>")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert guide.title("dues", "zh_CN") == "党费"
    assert guide.search("新的内容", "zh_CN") == ["dues"]
