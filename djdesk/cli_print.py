"""`djdesk print-roster`: the printed 党员花名册 as a PDF, with a warning for unprintable characters."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from djdesk.domain.errors import UserError
from djdesk.i18n import _
from djdesk.services import branches
from djdesk.workspace import open_workspace


def print_roster(directory: Path, args: argparse.Namespace) -> int:
    from djdesk.reports.roster import write_roster_pdf  # reportlab: loaded only here
    from djdesk.services.roster_print import roster_document

    out = Path(args.out)
    workspace = open_workspace(directory, demo=args.demo, writing=False)
    try:
        with workspace.database.transaction() as session:
            branch_id = None
            if args.branch:
                known = {b.name: b.id for b in branches.list_branches(session)}
                if args.branch not in known:
                    raise UserError(_("There is no party branch “{name}”; there are {names}.").format(
                        name=args.branch, names="、".join(known) or _("none")))
                branch_id = known[args.branch]
            document = roster_document(session, today=workspace.database.clock.today(), branch_id=branch_id,
                                       include_left=args.include_left)
    finally:
        workspace.close()
    try:
        result = write_roster_pdf(document, out)
    except OSError as error:  # a read-only folder, the file open in a PDF viewer (Windows)
        raise UserError(_("The file {path} could not be written: {error}").format(
            path=out, error=error.strerror or error)) from error
    print(_("Wrote the roster of {count} members to {path} ({pages} pages).").format(
        count=len(document.lines), path=out, pages=result.pages))
    for char, texts in result.missing.items():
        print(_("Warning: the font cannot print “{char}” (U+{code:04X}), in: {texts}").format(
            char=char, code=ord(char), texts="、".join(texts)), file=sys.stderr)
    return 0
