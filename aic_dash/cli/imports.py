"""`python -m aic_dash import FICHIER…`: dossier exports, jury grids and follow-up files, kind by columns."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aic_dash import labels as L
from aic_dash.cli.common import add_database_options, print_result
from aic_dash.config import database_url, load_settings


def add_import_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The `import` command's options."""
    p = sub.add_parser("import", help=L.CLI_IMPORT["help"])
    p.add_argument("files", nargs="+", metavar=L.CLI_METAVARS["file"])
    p.add_argument(
        "--kind",
        choices=("dossiers", "jury", "suivi"),
        help=L.CLI_IMPORT["kind"],
    )
    p.add_argument("--user", help=L.CLI_OPTIONS["user_imports"])
    add_database_options(p)
    return p


def cmd_import(args: argparse.Namespace) -> int:
    settings = load_settings(args.config)
    from aic_dash.progress import TerminalProgress
    from aic_dash.store.audit import current_user
    from aic_dash.store.db import BuiltMeanwhile, get_engine, new_database
    from aic_dash.store.dispatch import import_file

    def import_all(engine) -> bool:
        failed = False
        for path in args.files:
            bar = TerminalProgress(Path(path).name)
            result = import_file(
                engine, settings, path, kind=args.kind, user=current_user(args.user), progress=bar
            )
            bar.done()
            print_result(result)
            failed |= not result.ok
        return failed

    url = database_url(args.db)
    try:
        with new_database(url) as engine:  # a new SQLite file appears whole, at the end
            failed = import_all(engine)
    except BuiltMeanwhile as exc:
        print(exc, file=sys.stderr)
        failed = import_all(get_engine(url))
    return 2 if failed else 0
