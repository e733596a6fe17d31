"""A teacher's page: every evaluation period (score, grade, veto, training), violations and
sanctions, honours, 师德 training and the lessons school leaders observed."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain import ethics
from djdesk.i18n import _
from djdesk.services.ethics_history import TeacherPage, teacher_page
from djdesk.store.database import Database

_TABLE = '<table cellspacing="0" cellpadding="4" border="1" style="border-collapse: collapse; margin-bottom: 10px;">'


def html_table(headers: list[str], rows: list[list[str]], empty: str) -> str:
    if not rows:
        return f"<p style='color: #666;'>{escape(empty)}</p>"
    head = "".join(f"<th style='background: #f0f0f0;'>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"{_TABLE}<tr>{head}</tr>{body}</table>"


def _heading(text: str) -> str:
    return f"<h3>{escape(text)}</h3>"


def page_html(page: TeacherPage) -> str:
    """The page as HTML (a QTextBrowser shows it; tests read it)."""
    parts = [f"<h2>{escape(page.name)}"
             + (f" <span style='font-weight: normal; font-size: small;'>{escape(page.department)}</span>"
                if page.department else "") + "</h2>"]
    if page.barred_until is not None:
        parts.append(f"<p style='color: #b00020;'>{escape(ethics.barred_text(page.barred_until))}</p>")
    parts.append(_heading(_("Evaluation periods")))
    parts.append(html_table(
        [_("Evaluation period"), _("Scores by rater category"), _("Total score"), _("Grade"), _("Vetoed"),
         _("Ethics training (class hours)"), _("State")],
        [[p.period, _("; ").join(f"{name} {ethics.number(score)}" for name, score in p.scores if score is not None),
          ethics.number(p.total), p.grade or _("not scored yet"), p.vetoed,
          ethics.number(p.training_hours) + (" " + _("(short)") if p.short_of_training else ""),
          _("closed") if p.closed else _("open")] for p in page.periods],
        _("Not in any evaluation period yet.")))
    parts.append(_heading(_("Violations and sanctions")))
    parts.append(html_table(
        [_("Date"), _("Violation"), _("Handling"), _("Barred until"), _("What happened")],
        [[f"{v.occurred_on:%Y.%m.%d}", v.kind, v.handling,
          "" if v.barred_until is None else (_("dismissed") if v.barred_until.year == 9999
                                             else f"{v.barred_until:%Y.%m.%d}"),
          v.description] for v in page.violations],
        _("None recorded.")))
    parts.append(_heading(_("Lesson observations (evidence for the school's evaluation)")))
    parts.append(html_table(
        [_("Date"), _("Observer"), _("Format"), _("Class"), _("Subject"), _("Rating"), _("Lesson notes")],
        [[f"{o.held_on:%Y.%m.%d}", o.observer, o.kind.label, o.class_name, o.subject,
          o.rating.label if o.rating else "", o.notes] for o in page.observations],
        _("No observed lessons recorded.")))
    parts.append(_heading(_("Ethics training")))
    parts.append(html_table(
        [_("Date"), _("Content"), _("Class hours"), _("Organiser")],
        [[f"{r.held_on:%Y.%m.%d}", r.topic, ethics.number(r.hours), r.organiser] for r in page.training],
        _("No ethics training recorded.")))
    parts.append(_heading(_("Party study (党建+学习)")))
    parts.append(html_table(
        [_("Year"), _("Concentrated class hours"), _("Yearly target"), _("Short by"), _("All class hours"),
         _("Sessions"), _("Last studied")],
        [[str(year), ethics.number(s.year.concentrated), ethics.number(s.target) if s.member else "",
          ethics.number(s.short) if s.short else "", ethics.number(s.year.hours), str(s.year.sessions),
          f"{s.last_on:%Y.%m.%d}" if s.last_on else ""]
         for year, s in zip((page.study_year, page.study_year - 1), page.study)
         if s.year.sessions or (s.member and year == page.study_year)],  # a member's shortfall shows
        _("No study recorded in these two years.")))
    parts.append(_heading(_("Honours")))
    parts.append(html_table(
        [_("Year"), _("Honour"), _("Level"), _("Remarks")],
        [[str(h.year), h.title, h.level.label, h.note] for h in page.honours],
        _("None recorded.")))
    return "".join(parts)


class TeacherDialog(QDialog):
    def __init__(self, db: Database, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ethicsTeacherDialog")
        with db.transaction() as session:
            self.page = teacher_page(session, person_id, db.clock.today())
        self.setWindowTitle(_("Teacher ethics record: {name}").format(name=self.page.name))
        self.browser = QTextBrowser()
        self.browser.setObjectName("teacherPage")
        self.browser.setHtml(page_html(self.page))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(760, 620)
