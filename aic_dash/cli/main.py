"""The command line: `python -m aic_dash COMMAND …`, one module of this package per command.

Every command goes through the same code paths as the app; heavy modules (pandas, SQLAlchemy, plotly) are
imported inside the commands, so that `--help` and a refused option answer at once.
"""

from __future__ import annotations

import argparse
import sys

from aic_dash import labels as L
from aic_dash.argparse_fr import ArgumentParser
from aic_dash.cli.demo import add_demo_parser, cmd_demo
from aic_dash.cli.imports import add_import_parser, cmd_import
from aic_dash.cli.jury import add_jury_parser, cmd_jury
from aic_dash.cli.privacy import add_backup_parser, add_purge_parser, cmd_backup, cmd_purge
from aic_dash.cli.report import add_report_parser, cmd_report
from aic_dash.cli.sync import add_sync_parser, cmd_sync
from aic_dash.cli.users import add_users_parser, cmd_users
from aic_dash.errors import AicError


def _parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="python -m aic_dash",
        description=L.CLI["description"],
    )
    sub = parser.add_subparsers(
        dest="command", required=True, title=L.CLI["commands"], metavar=L.CLI_METAVARS["command"]
    )
    add_import_parser(sub)
    add_demo_parser(sub)
    add_report_parser(sub)
    add_sync_parser(sub)
    add_users_parser(sub)
    add_jury_parser(sub)
    add_backup_parser(sub)
    add_purge_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands = {
        "import": cmd_import,
        "demo": cmd_demo,
        "report": cmd_report,
        "sync": cmd_sync,
        "users": cmd_users,
        "jury": cmd_jury,
        "backup": cmd_backup,
        "purge": cmd_purge,
    }
    try:
        return commands[args.command](args)
    except AicError as exc:
        print(L.CLI["error"].format(message=exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(L.CLI["interrupted"], file=sys.stderr)
        return 130
