"""A person's study (党建+学习) in the person dialog: this year's and last year's totals against the
target, and the records themselves."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from djdesk.domain.ethics import number
from djdesk.i18n import _
from djdesk.services import learning, study
from djdesk.store.database import Database
from djdesk.ui.ethics.teacher_dialog import html_table


def study_html(years: list[tuple[int, study.PersonStudy]], records: list[learning.LearningRow]) -> str:
    parts = [f"<h3>{escape(_('Party study (党建+学习)'))}</h3>"]
    parts.append(html_table(
        [_("Year"), _("Concentrated class hours"), _("Yearly target"), _("Short by"), _("All class hours"),
         _("Sessions")],
        [[str(year), number(s.year.concentrated), number(s.target) if s.member else "",
          number(s.short) if s.short else "", number(s.year.hours), str(s.year.sessions)] for year, s in years],
        _("No study recorded in these two years.")))
    parts.append(f"<h3>{escape(_('Learning records'))}</h3>")
    parts.append(html_table(
        [_("Date"), _("Content"), _("Format"), _("Class hours"), _("Source")],
        [[f"{r.held_on:%Y.%m.%d}", r.topic, r.kind.label, number(r.hours),
          _("Meeting") if r.meeting_id is not None else ""] for r in records],
        _("No learning recorded.")))
    return "".join(parts)


def study_page(db: Database, person_id: int, member: bool) -> QWidget | None:
    """The page, or None for someone outside the party with no record at all."""
    today = db.clock.today()
    with db.transaction() as session:
        records = learning.list_records(session, person_id=person_id)
        if not records and not member:
            return None
        years = [(year, study.one_person(session, person_id, year)) for year in (today.year, today.year - 1)]
    browser = QTextBrowser()
    browser.setObjectName("studyPage")
    browser.setHtml(study_html(years, records))
    return browser
