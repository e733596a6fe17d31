"""The roster tab's actions on a person's standing: move on a stage, record a change of
standing, undo the last change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from djdesk.domain import pipeline as rules
from djdesk.domain.dates import InvalidDate, PartialDate
from djdesk.domain.errors import ConflictError, NotFoundError, ValidationError
from djdesk.domain.people import Stage, field_label
from djdesk.i18n import _
from djdesk.services import lifecycle, members

if TYPE_CHECKING:
    from djdesk.ui.members.tab import MembersTab


def _problems_text(error: ValidationError) -> str:
    return "\n".join(str(problem) for problem in error.problems)


class PersonActions(QObject):
    def __init__(self, tab: MembersTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.db, self.asker = tab.db, tab.asker
        self.advance_action = tab._action("advance", _("Move on to the next &stage…"), self.advance, "Ctrl+Shift+A")
        self.status_action = tab._action("changeStatus", _("Change of &standing…"), self.change_status)
        self.undo_change_action = tab._action("undoChange", _("&Undo the last change"), self.undo_change)

    def selection_changed(self, person: members.MemberRow | None) -> None:
        self.advance_action.setEnabled(person is not None and person.left_on is None and person.stage is not Stage.FULL)
        self.status_action.setEnabled(person is not None)
        self.undo_change_action.setEnabled(person is not None)

    def advance(self) -> None:
        """One action: the date asked with a sensible default, the person moved on and saved."""
        person = self.tab.selected()
        if person is None:
            return
        today = self.db.clock.today()
        try:
            with self.db.transaction() as session:
                record = members.get(session, person.id)
        except NotFoundError as error:
            self.asker.error(self.tab, error.message)
            return
        step = rules.next_step(record.draft)
        if step is None or record.has_left:
            self.asker.error(self.tab, _("{name} has no further stage to move on to").format(name=person.name))
            return
        text = lifecycle.suggested_date(record.draft, step, today=today,
                                        extended_months=record.probation_extended_months).display()
        while True:
            answer = self.asker.ask_text(self.tab, _("Move on a stage"), _(
                "{name} becomes: {stage}.\n{field}:").format(
                name=person.name, stage=step.stage.label, field=field_label(step.field)), text)
            if answer is None:
                return
            text = answer  # asked again with what was typed when it is wrong
            try:
                on = PartialDate.parse(answer)
            except InvalidDate as error:
                self.asker.error(self.tab, str(error))
                continue
            if on is None:
                continue
            try:
                with self.db.transaction() as session:
                    plan = lifecycle.plan_advance(session, person.id, on, today=today)
            except ValidationError as error:
                self.asker.error(self.tab, _("{name} cannot move on yet:\n{problems}").format(
                    name=person.name, problems=_problems_text(error)))
                if any(p.field == step.field for p in error.problems):
                    continue  # the date itself is wrong: let it be corrected
                return
            except (ConflictError, NotFoundError) as error:
                self.asker.error(self.tab, error.message)
                return
            break
        if plan.new_warnings:
            listed = "\n".join(f"· {w.message}" for w in plan.new_warnings)
            if not self.asker.confirm(self.tab, _(
                    "Moving {name} on breaks these rules of the procedure:\n{rules}\nMove on anyway?").format(
                    name=person.name, rules=listed), action=_("Move on")):
                return
        try:
            with self.db.transaction() as session:
                lifecycle.advance(session, person.id, on, today=today)
        except ValidationError as error:
            self.asker.error(self.tab, _("{name} cannot move on yet:\n{problems}").format(
                name=person.name, problems=_problems_text(error)))
            return
        except (ConflictError, NotFoundError) as error:  # changed meanwhile
            self.asker.error(self.tab, error.message)
            return
        self.tab._saved(person.id)

    def change_status(self) -> None:
        from djdesk.ui.members.status_dialog import (
            StatusDialog,  # loaded when first needed
        )

        person = self.tab.selected()
        if person is not None:
            self.tab._open(StatusDialog(self.db, self.asker, person, self.tab))

    def undo_change(self) -> None:
        person = self.tab.selected()
        if person is None:
            return
        with self.db.transaction() as session:
            events = lifecycle.list_events(session, person.id)
        if not events:
            if person.left_on is not None:  # left before changes were recorded as events
                self._reinstate(person)
            else:
                self.asker.info(self.tab, _("{name} has no recorded change to undo.").format(name=person.name))
            return
        last = events[-1]
        question = _("Undo the last change of {name} ({change})? Their record returns to what it was "
                     "before it; the audit trail keeps both.").format(name=person.name, change=last.describe())
        if not self.asker.confirm(self.tab, question, action=_("Undo the change")):
            return
        try:
            with self.db.transaction() as session:
                lifecycle.undo_last_change(session, person.id)
        except (ConflictError, NotFoundError) as error:
            self.asker.error(self.tab, error.message)
            return
        self.tab._saved(person.id)

    def _reinstate(self, person: members.MemberRow) -> None:
        if not self.asker.confirm(self.tab, _("Record {name} as being at the school again?").format(
                name=person.name), action=_("Undo leaving")):
            return
        with self.db.transaction() as session:
            members.reinstate(session, person.id)
        self.tab._saved(person.id)
