"""The reminder above the tabs when no USB backup was made this year (or in the set days)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from djdesk.i18n import _


class BackupBanner(QFrame):
    """Non-modal: work goes on; 立即备份 opens the backup, 稍后 hides it until the next start."""

    def __init__(self, back_up: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupBanner")
        self.setStyleSheet("#backupBanner { background: #fff4d6; border-bottom: 1px solid #e0c070; }")
        self.text = QLabel()
        self.text.setObjectName("backupBannerText")
        self.text.setWordWrap(True)
        now = QPushButton(_("Back up now"))
        now.setObjectName("backupBannerNow")
        now.clicked.connect(back_up)
        later = QPushButton(_("Later"))
        later.setObjectName("backupBannerLater")
        later.setToolTip(_("Hide this reminder until djdesk is started again."))
        later.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(now)
        layout.addWidget(later)
        self.dismissed = False
        self.hide()

    def show_reason(self, reason: str | None) -> None:
        if reason is None or self.dismissed:
            self.hide()
            return
        advice = _("The roster holds ID numbers: keep an encrypted copy on a USB stick in a safe place.")
        # Sentences are joined by a space in English, by nothing in Chinese.
        self.text.setText(_("{reason} {advice}").format(reason=reason, advice=advice))
        self.show()

    def dismiss(self) -> None:
        self.dismissed = True
        self.hide()
