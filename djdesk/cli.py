"""`djdesk` on the command line: starts the window, or runs a subcommand without Qt.

Exit status: 0 success, 1 a user error (bad file, bad data, damaged database),
2 a usage error, 3 an internal error (a bug; details in the log file).
"""

from __future__ import annotations

import argparse
import configparser
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from djdesk import __version__, i18n, logs, paths
from djdesk.domain.errors import UserError
from djdesk.i18n import N_, _

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
ENV_LANG = "DJDESK_LANG"
log = logging.getLogger(__name__)

# argparse's own messages, listed so that they are extracted into our catalogue.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
)


def configured_language(directory: Path) -> str | None:
    """The language chosen in 设置, read from the window's INI file without Qt."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(paths.settings_ini(directory), encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError, OSError):
        return None
    return parser.get("General", "language", fallback=None)


def _directory(data_dir: str | None, demo: bool) -> Path:
    base = paths.data_dir(data_dir)
    return paths.demo_dir(base) if demo else base


def _choose_language(argv: Sequence[str]) -> str:
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--data-dir")
    pre.add_argument("--demo", action="store_true")
    pre.add_argument("--lang")
    known, _rest = pre.parse_known_args(argv)
    return (
        known.lang
        or os.environ.get(ENV_LANG)
        or configured_language(_directory(known.data_dir, known.demo))
        or i18n.DEFAULT_LANGUAGE
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="djdesk",
        description=_("The desktop program of a school's Party office. Without a command it opens the window."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"djdesk {__version__}",
        help=_("show program's version number and exit"),
    )
    parser.add_argument(
        "--data-dir",
        metavar=_("DIR"),
        help=_("the data folder (default: ${env} or the user's data folder)").format(
            env=paths.ENV_DATA_DIR
        ),
    )
    parser.add_argument(
        "--demo", action="store_true", help=_("use the demo school (created on first use)")
    )
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of messages"))
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=_("check this installation on a temporary database and exit (0 when all is well)"),
    )
    commands = parser.add_subparsers(dest="command", title=_("commands"))
    commands.add_parser("info", help=_("show the data folder, database and counts"))
    commands.add_parser("check", help=_("check the database for damage (exit status 1 if damaged)"))
    importing = commands.add_parser(
        "import-roster",
        help=_("import a roster (.xlsx): prints the preview and every problem; writes nothing "
               "and exits 1 if any row has a problem"))
    importing.add_argument("file", metavar=_("FILE.xlsx"))
    importing.add_argument("--sheet", metavar=_("NAME"), help=_("the sheet to read (default: the first)"))
    importing.add_argument("--dry-run", action="store_true", help=_("only show the preview"))
    importing.add_argument("--only-good-rows", action="store_true",
                           help=_("import the rows without problems and leave the others out"))
    exporting = commands.add_parser("export-roster", help=_("export the roster (花名册) to .xlsx"))
    exporting.add_argument("out", metavar=_("OUT.xlsx"))
    exporting.add_argument("--branch", metavar=_("NAME"), help=_("only this party branch"))
    exporting.add_argument("--include-left", action="store_true", help=_("also people who left"))
    printing = commands.add_parser("print-roster", help=_("write the printed roster of party members "
                                                           "(党员花名册) as a PDF"))
    printing.add_argument("out", metavar=_("OUT.pdf"))
    printing.add_argument("--branch", metavar=_("NAME"), help=_("only this party branch"))
    printing.add_argument("--include-left", action="store_true", help=_("also people who left"))
    listing = commands.add_parser("meetings", help=_("list a year's meetings with their numbers and the "
                                                      "state of their minutes"))
    listing.add_argument("--year", type=int, required=True, metavar=_("YEAR"), help=_("the meetings' year (所属年度)"))
    listing.add_argument("--branch", metavar=_("NAME"), help=_("only this party branch"))
    _print_parser(commands)
    from djdesk.cli_backup import add_parsers

    add_parsers(commands)
    return parser


def _print_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`djdesk print minutes|signin|yearbook`: meeting records as PDFs."""
    printing = commands.add_parser("print", help=_("write a meeting's minutes, its sign-in sheet or the "
                                                    "year's book of minutes as a PDF"))
    documents = printing.add_subparsers(dest="document", title=_("documents"), required=True,
                                        metavar="minutes|signin|yearbook")
    for name, text in (("minutes", _("a meeting's minutes (会议记录)")),
                       ("signin", _("a meeting's sign-in sheet (签到表)"))):
        document = documents.add_parser(name, help=text)
        document.add_argument("--meeting", type=int, required=True, metavar=_("ID"),
                              help=_("the meeting's number (listed by `djdesk meetings --year YEAR`)"))
        document.add_argument("--out", required=True, metavar=_("OUT.pdf"))
    book = documents.add_parser("yearbook", help=_("the year's book of minutes (年度会议记录汇编)"))
    book.add_argument("--year", type=int, required=True, metavar=_("YEAR"), help=_("the meetings' year (所属年度)"))
    book.add_argument("--branch", metavar=_("NAME"), help=_("only this party branch"))
    book.add_argument("--kind", action="append", metavar=_("KIND"),
                      help=_("only meetings of this kind (repeatable), e.g. 支部党员大会 or general"))
    book.add_argument("--out", required=True, metavar=_("OUT.pdf"))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.setup(_choose_language(argv))
    # argparse looks its messages up through module-level names at call time.
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]
    args = build_parser().parse_args(argv)
    if args.self_test:
        from djdesk import selftest

        return selftest.run()
    directory = _directory(args.data_dir, args.demo)

    if args.command is None:
        from djdesk import app  # the only path that imports Qt

        return app.run(directory, demo=args.demo)

    command: Callable[[Path, argparse.Namespace], int] = COMMANDS[args.command]
    log_path = logs.log_file(directory)
    try:
        log_path = logs.setup(directory)
        return command(directory, args)
    except UserError as error:
        print(_("djdesk: {message}").format(message=error.message), file=sys.stderr)
        return EXIT_USER_ERROR
    except Exception:
        log.exception("command %s failed", args.command)
        print(
            _("djdesk: internal error; the details are in {path}").format(path=log_path),
            file=sys.stderr,
        )
        return EXIT_BUG


def _cmd_info(directory: Path, args: argparse.Namespace) -> int:
    from djdesk.cli_commands import info

    return info(directory, demo=args.demo)


def _cmd_check(directory: Path, args: argparse.Namespace) -> int:
    from djdesk.cli_commands import check

    return check(directory, demo=args.demo)


def _cmd_import(directory: Path, args: argparse.Namespace) -> int:
    from djdesk.cli_roster import import_roster

    return import_roster(directory, args)


def _cmd_export(directory: Path, args: argparse.Namespace) -> int:
    from djdesk.cli_roster import export_roster

    return export_roster(directory, args)


def _cmd_print_roster(directory: Path, args: argparse.Namespace) -> int:
    from djdesk.cli_print import print_roster

    return print_roster(directory, args)


def _cmd_meetings(directory: Path, args: argparse.Namespace) -> int:
    from djdesk.cli_print import list_meetings

    return list_meetings(directory, args)


def _cmd_print(directory: Path, args: argparse.Namespace) -> int:
    from djdesk.cli_print import print_record

    return print_record(directory, args)


def _backup_command(name: str) -> Callable[[Path, argparse.Namespace], int]:
    def run(directory: Path, args: argparse.Namespace) -> int:
        from djdesk import cli_backup

        return getattr(cli_backup, name)(directory, args)

    return run


COMMANDS: dict[str, Callable[[Path, argparse.Namespace], int]] = {
    "info": _cmd_info,
    "check": _cmd_check,
    "import-roster": _cmd_import,
    "export-roster": _cmd_export,
    "print-roster": _cmd_print_roster,
    "print": _cmd_print,
    "meetings": _cmd_meetings,
    "backup": _backup_command("backup"),
    "verify": _backup_command("verify"),
    "restore": _backup_command("restore"),
    "snapshots": _backup_command("snapshots"),
}
