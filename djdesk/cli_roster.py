"""`djdesk import-roster` and `djdesk export-roster`: the preview and problems as text."""

from __future__ import annotations

import argparse
from pathlib import Path

from djdesk.domain.errors import UserError
from djdesk.i18n import _
from djdesk.services import import_runs, members, roster_export, roster_import
from djdesk.services.roster_import import ImportPlan
from djdesk.sheets import roster, workbook
from djdesk.workspace import open_workspace


def describe(plan: ImportPlan, parsed: roster.ParsedRoster) -> list[str]:
    """The preview, as lines: what happens to how many people, what is created, the problems."""
    lines = [_("Sheet “{sheet}”, header in row {row}.").format(sheet=parsed.sheet, row=parsed.header_row)]
    mapped = [f"{h} → {roster.label(k)}" for h, k in zip(parsed.headers, parsed.mapping) if k]
    lines.append(_("Columns: {columns}").format(columns="; ".join(mapped)))
    lines.append(_("New: {new}; updated: {updated}; unchanged: {unchanged}; with problems: {problem}.").format(
        new=plan.count("new"), updated=plan.count("update"), unchanged=plan.count("unchanged"),
        problem=plan.count("problem")))
    for row in plan.rows:
        if row.action == "update":
            lines.append("  " + _("Row {row} {name}: changes {fields}").format(
                row=row.excel_row, name=row.name, fields=roster_import.describe_changes(row.changes)))
    if plan.new_branches:
        lines.append(_("Party branches to create: {names}").format(names="、".join(plan.new_branches)))
    if plan.new_groups:
        lines.append(_("Party groups to create: {names}").format(
            names="、".join(f"{b} {g}" for b, g in plan.new_groups)))
    lines.extend(parsed.notes)
    if plan.problems:
        lines.append(_("Problems:"))
        lines.extend("  " + str(p) for p in plan.problems)
    return lines





def import_roster(directory: Path, args: argparse.Namespace) -> int:
    path = Path(args.file)
    sheet = workbook.read_sheet(path, args.sheet)
    header = roster.find_header(sheet)
    workspace = open_workspace(directory, demo=args.demo, writing=not args.dry_run)
    try:
        today = workspace.database.clock.today()
        parsed = roster.parse(sheet, header, roster.auto_mapping(roster.headers_of(sheet, header)), today)
        with workspace.database.transaction() as session:
            plan = roster_import.plan(session, parsed, today)
        print("\n".join(describe(plan, parsed)))
        if plan.problems and not args.only_good_rows:
            print(_("Nothing was imported: correct the rows above in the sheet and import it again "
                    "(or use --only-good-rows to leave them out)."))
            return 1
        if args.dry_run:
            return 0
        result = import_runs.run_import(workspace.database, directory, parsed, source=path.name,
                                        only_good_rows=args.only_good_rows, previewed=plan)
    finally:
        workspace.close()
    print(_("Imported: {added} added, {updated} updated, {skipped} rows left out.").format(
        added=result.added, updated=result.updated, skipped=result.skipped))
    return 0


def export_roster(directory: Path, args: argparse.Namespace) -> int:
    workspace = open_workspace(directory, demo=args.demo, writing=False)
    try:
        with workspace.database.transaction() as session:
            rows = members.list_rows(session, include_left=args.include_left)
            if args.branch:
                branches = sorted({r.branch for r in rows if r.branch})
                if args.branch not in branches:
                    raise UserError(_("There is no party branch “{name}”; there are {names}.").format(
                        name=args.branch, names="、".join(branches) or _("none")))
                rows = [r for r in rows if r.branch == args.branch]
            count = roster_export.export_roster(session, Path(args.out), today=workspace.database.clock.today(),
                                                ids=[r.id for r in rows])
    finally:
        workspace.close()
    print(_("Exported {count} people to {path}.").format(count=count, path=args.out))
    return 0
