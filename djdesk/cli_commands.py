"""The bodies of the subcommands; printed text goes through the translations."""

from __future__ import annotations

from pathlib import Path

from djdesk import paths
from djdesk.i18n import _
from djdesk.services import overview as overview_service
from djdesk.services import settings as settings_service
from djdesk.store import integrity
from djdesk.store.opening import read_state
from djdesk.workspace import open_workspace


def info(directory: Path, *, demo: bool) -> int:
    workspace = open_workspace(directory, demo=demo, writing=False)
    try:
        with workspace.database.transaction() as session:
            counts = overview_service.overview(session)
            school = settings_service.load(session).school_name
        revision = read_state(workspace.database_path).revision
    finally:
        workspace.close()
    lines = [
        (_("Data folder"), str(directory)),
        (_("Database"), str(workspace.database_path)),
        (_("Schema revision"), revision or ""),
        (_("School"), school or _("(not set)")),
        (_("People at the school"), str(counts.people)),
        (_("People who left"), str(counts.people_left)),
        (_("Party members"), str(counts.party_members)),
        (_("Branches"), str(counts.branches)),
        (_("Meetings"), str(counts.meetings)),
    ]
    for label, value in lines:
        print(_("{label}: {value}").format(label=label, value=value))
    return 0


def check(directory: Path, *, demo: bool) -> int:
    """Integrity of the file as it is: a damaged file is never migrated or changed here."""
    path = paths.database_path(directory)
    if not path.exists() or path.stat().st_size == 0:
        open_workspace(directory, demo=demo, writing=False).close()  # creates it
    found = integrity.problems(path)
    if not found:
        print(_("The database {path} is in good order.").format(path=path))
        return 0
    print(_("The database {path} is damaged:").format(path=path))
    for line in found[:20]:
        print("  " + line)
    if len(found) > 20:
        print("  " + _("… and {count} more").format(count=len(found) - 20))
    return 1
