"""Importing a rater's 师德考核 score sheet: match every row to a teacher of the period, check every
score, then write all of it (replacing that rater's earlier sheet) or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain import ethics, idnumber
from djdesk.domain.errors import ConflictError, NotFoundError, UserError
from djdesk.domain.ethics import WHOLE, BadScore, Scheme
from djdesk.i18n import _
from djdesk.services import ethics as ethics_service
from djdesk.sheets.ethics import ScoreSheet, SheetRow
from djdesk.store.models import EthicsEntry, EthicsPeriod, Person


@dataclass(frozen=True)
class PreviewRow:
    line: int  # the Excel row
    person_id: int
    name: str
    department: str  # as stored for the teacher
    values: dict[int, Decimal]  # item number (WHOLE for a whole score) → score


@dataclass(frozen=True)
class ScorePreview:
    period_id: int
    category: int
    rater: str  # from the sheet's 评价人 cell; "" when not filled in
    rows: tuple[PreviewRow, ...]
    errors: tuple[tuple[int, str], ...]  # (Excel row, message naming the column)
    skipped: int  # rows without any score
    not_on_sheet: tuple[str, ...]  # teachers of the period the sheet gives no score

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


@dataclass(frozen=True)
class _Teacher:
    person_id: int
    name: str
    department: str
    id_number: str


def _same(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


def _load(session: Session, period_id: int) -> tuple[EthicsPeriod, Scheme]:
    period = session.get(EthicsPeriod, period_id)
    if period is None:
        raise NotFoundError(_("This evaluation period no longer exists (deleted meanwhile?)"))
    if period.closed_on is not None:
        raise ConflictError(_("“{name}” was closed on {date}: its scheme and results are frozen. "
                              "Reopen it (with a reason) to change anything.").format(
            name=period.name, date=period.closed_on.isoformat()))
    return period, Scheme.from_json(period.scheme)


class _Matcher:
    """Finds a sheet row's teacher among the period's: by ID number, else name and 教研组, else name."""

    def __init__(self, session: Session, period_id: int) -> None:
        rows = session.execute(
            select(Person.id, Person.name, Person.department, Person.id_number)
            .join(EthicsEntry, EthicsEntry.person_id == Person.id)
            .where(EthicsEntry.period_id == period_id)
            .order_by(Person.id)
        )
        self.teachers = [_Teacher(*row) for row in rows]
        self.by_number = {idnumber.clean(t.id_number): t for t in self.teachers}
        self.by_name: dict[str, list[_Teacher]] = {}
        for teacher in self.teachers:
            self.by_name.setdefault("".join(teacher.name.split()), []).append(teacher)
        self._session = session

    def find(self, row: SheetRow) -> _Teacher | str:
        """The teacher, or why none can be chosen."""
        if row.id_number:
            teacher = self.by_number.get(idnumber.clean(row.id_number))
            if teacher is None:
                return self._unknown_number(row.id_number)
            if row.name and not _same(row.name, teacher.name):
                return _("the ID number is {name}'s, but the name on the sheet is {written}").format(
                    name=teacher.name, written=row.name)
            return teacher
        namesakes = self.by_name.get("".join(row.name.split()), [])
        if not namesakes:
            return _("{name} is not among the teachers of this evaluation period").format(name=row.name)
        if len(namesakes) == 1:
            return namesakes[0]  # a stale 教研组 on the sheet does not matter: the name is unique
        in_group = [t for t in namesakes if row.department and _same(t.department, row.department)]
        if len(in_group) == 1:
            return in_group[0]
        groups = "、".join(t.department or _("no teaching group") for t in namesakes)
        return _("{count} teachers are called {name} ({groups}): fill in the teaching group or the "
                 "ID number").format(count=len(namesakes), name=row.name, groups=groups)

    def _unknown_number(self, number: str) -> str:
        person = self._session.scalar(select(Person.name).where(Person.id_number == idnumber.clean(number)))
        if person is not None:
            return _("the ID number is {name}'s, who is not in this evaluation period").format(name=person)
        return _("no teacher of this evaluation period has the ID number {number}").format(number=number)


def _required(scheme: Scheme) -> list[int]:
    return list(range(len(scheme.items))) if scheme.by_item else [WHOLE]


def _caption(scheme: Scheme, sheet: ScoreSheet, item: int) -> str:
    if item in sheet.columns and sheet.columns[item]:
        return sheet.columns[item]
    return _("Score") if item == WHOLE else scheme.items[item].name


def preview_sheet(session: Session, period_id: int, category: int, sheet: ScoreSheet) -> ScorePreview:
    """What importing the sheet would write, and every error found; nothing is written."""
    period, scheme = _load(session, period_id)
    if not 0 <= category < len(scheme.raters):
        raise ValueError(f"no rater category {category}")
    matcher = _Matcher(session, period.id)
    items = _required(scheme)
    errors: list[tuple[int, str]] = list(sheet.problems)
    rows: list[PreviewRow] = []
    seen: dict[int, int] = {}  # person → the line that gave their scores
    skipped = 0
    for row in sheet.rows:
        texts = {item: row.values.get(item, "").strip() for item in items}
        if not any(texts.values()):
            skipped += 1
            continue
        found = len(errors)
        teacher = matcher.find(row)
        if isinstance(teacher, str):
            errors.append((row.line, teacher))
        elif teacher.person_id in seen:
            errors.append((row.line, _("{name} is already on row {line}").format(
                name=teacher.name, line=seen[teacher.person_id])))
        else:
            seen[teacher.person_id] = row.line
        values: dict[int, Decimal] = {}
        blank = []
        for item in items:
            try:
                value = ethics.parse_score(texts[item], scheme.item_max(item))
            except BadScore as error:
                errors.append((row.line, _("{column}: {message}").format(
                    column=_caption(scheme, sheet, item), message=error)))
                continue
            if value is None:
                blank.append(_caption(scheme, sheet, item))
            else:
                values[item] = value
        if blank:
            errors.append((row.line, _("{columns}: no score; every item needs one").format(
                columns="、".join(blank))))
        if len(errors) == found and not isinstance(teacher, str):
            rows.append(PreviewRow(row.line, teacher.person_id, teacher.name, teacher.department, values))
    missing = tuple(t.name for t in matcher.teachers if t.person_id not in seen)
    errors.sort(key=lambda error: error[0])  # by row; a row's messages in the order found
    return ScorePreview(period.id, category, sheet.rater, tuple(rows), tuple(errors), skipped, missing)


def apply_sheet(session: Session, period_id: int, category: int, rater: str, preview: ScorePreview) -> int:
    """Write the previewed scores as `rater`'s sheet (replacing that rater's earlier one) in the
    caller's transaction; returns how many scores were stored. Refused while any row has an error."""
    if (preview.period_id, preview.category) != (period_id, category):
        raise ValueError("the preview was made for another period or rater category")
    if preview.errors:
        raise UserError(_("The sheet has {count} errors: nothing was imported. Correct them and import "
                          "the sheet again.").format(count=len(preview.errors)))
    if not preview.rows:
        raise UserError(_("The sheet has no scores to import."))
    scores = {row.person_id: dict(row.values) for row in preview.rows}
    return ethics_service.replace_rater_scores(session, period_id, category, rater, scores)
