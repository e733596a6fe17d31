"""`djdesk print-roster` and `djdesk print minutes|signin|yearbook`: printed documents as PDFs,
with a warning for every character the font cannot print."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from djdesk.domain.errors import UserError
from djdesk.domain.meetings import CALENDAR_KINDS, MeetingKind
from djdesk.i18n import _
from djdesk.services import branches
from djdesk.workspace import open_workspace

if TYPE_CHECKING:
    from djdesk.reports.pages import PdfResult


def _branch_id(session: Session, name: str | None) -> int | None:
    if not name:
        return None
    known = {b.name: b.id for b in branches.list_branches(session)}
    if name not in known:
        raise UserError(_("There is no party branch “{name}”; there are {names}.").format(
            name=name, names="、".join(known) or _("none")))
    return known[name]


def _kinds(names: list[str] | None) -> tuple[MeetingKind, ...] | None:
    if not names:
        return None
    kinds = []
    for name in names:
        kind = MeetingKind.from_label(name)
        if kind is None or kind is MeetingKind.TALK:
            raise UserError(_("There is no meeting kind “{name}”; there are {names}.").format(
                name=name, names="、".join(k.label for k in CALENDAR_KINDS)))
        kinds.append(kind)
    return tuple(kinds)


def _warn(missing: dict[str, list[str]]) -> None:
    for char, texts in missing.items():
        print(_("Warning: the font cannot print “{char}” (U+{code:04X}), in: {texts}").format(
            char=char, code=ord(char), texts="、".join(t[:40] for t in texts)), file=sys.stderr)


def _write(out: Path, write: Callable[[], PdfResult]) -> PdfResult:
    try:
        result = write()
    except OSError as error:  # a read-only folder, the file open in a PDF viewer (Windows)
        raise UserError(_("The file {path} could not be written: {error}").format(
            path=out, error=error.strerror or error)) from error
    _warn(result.missing)
    return result


def print_roster(directory: Path, args: argparse.Namespace) -> int:
    from djdesk.reports.roster import write_roster_pdf  # reportlab: loaded only here
    from djdesk.services.roster_print import roster_document

    out = Path(args.out)
    workspace = open_workspace(directory, demo=args.demo, writing=False)
    try:
        with workspace.database.transaction() as session:
            document = roster_document(session, today=workspace.database.clock.today(),
                                       branch_id=_branch_id(session, args.branch), include_left=args.include_left)
    finally:
        workspace.close()
    result = _write(out, lambda: write_roster_pdf(document, out))
    print(_("Wrote the roster of {count} members to {path} ({pages} pages).").format(
        count=len(document.lines), path=out, pages=result.pages))
    return 0


def print_record(directory: Path, args: argparse.Namespace) -> int:
    """A meeting's minutes or sign-in sheet, or the year's book. Printing from the command
    line does not mark the minutes printed: it makes a file, and nobody saw it printed."""
    from djdesk.services import minutes

    out = Path(args.out)
    workspace = open_workspace(directory, demo=args.demo, writing=False)
    try:
        with workspace.database.transaction() as session:
            if args.document in ("minutes", "signin") and not minutes.exists(session, args.meeting):
                raise UserError(_("There is no meeting number {id}; `djdesk meetings --year YEAR` lists "
                                  "them.").format(id=args.meeting))
            if args.document == "minutes":
                document: object = minutes.minutes_document(session, args.meeting)
            elif args.document == "signin":
                document = minutes.signin_document(session, args.meeting)
            else:
                document = minutes.yearbook_document(
                    session, year=args.year, today=workspace.database.clock.today(),
                    branch_id=_branch_id(session, args.branch), kinds=_kinds(args.kind))
    finally:
        workspace.close()
    if isinstance(document, minutes.MinutesDocument):
        from djdesk.reports.minutes import write_minutes_pdf

        result = _write(out, lambda: write_minutes_pdf(document, out))
        print(_("Wrote the minutes of “{topic}” ({time}) to {path} ({pages} pages).").format(
            topic=document.topic, time=document.time, path=out, pages=result.pages))
    elif isinstance(document, minutes.SigninDocument):
        from djdesk.reports.signin import write_signin_pdf

        result = _write(out, lambda: write_signin_pdf(document, out))
        print(_("Wrote the sign-in sheet of {count} people for “{topic}” to {path} ({pages} pages).").format(
            count=len(document.lines), topic=document.topic, path=out, pages=result.pages))
    else:
        assert isinstance(document, minutes.YearbookDocument)
        if not document.meetings:
            raise UserError(_("No meeting of {year} has been recorded as held: there is nothing to put in the "
                              "book.").format(year=args.year))
        from djdesk.reports.yearbook import write_yearbook_pdf

        result = _write(out, lambda: write_yearbook_pdf(document, out))
        print(_("Wrote the book of minutes of {count} meetings to {path} ({pages} pages).").format(
            count=len(document.meetings), path=out, pages=result.pages))
    return 0


def list_meetings(directory: Path, args: argparse.Namespace) -> int:
    """One line a meeting: its number (for `print`), date, kind, branch, topic, minutes state."""
    from djdesk.domain.minutes import MinutesState
    from djdesk.services import minutes

    workspace = open_workspace(directory, demo=args.demo, writing=False)
    try:
        with workspace.database.transaction() as session:
            rows = minutes.list_rows(session, year=args.year, branch_id=_branch_id(session, args.branch))
    finally:
        workspace.close()
    for row in rows:
        state = row.state.label
        if row.state in (MinutesState.PRINTED, MinutesState.CHANGED) and row.printed_on is not None:
            state = f"{state} {row.printed_on:%Y-%m-%d}"
        print(f"{row.id:>6}  {row.starts_at:%Y-%m-%d %H:%M}  {row.kind.label}  {row.branch}  {row.title}  [{state}]")
    print(_("{count} meetings (cancelled ones not listed).").format(count=len(rows)))
    return 0
