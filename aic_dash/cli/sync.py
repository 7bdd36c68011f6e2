"""`python -m aic_dash sync --demarche NUMBER`: the command-line side of the live API sync.

The token comes from the environment (AIC_DASH_DS_TOKEN), never from the command line, so that it stays
out of shell histories and process lists.
"""

from __future__ import annotations

import argparse
import os
import sys

from aic_dash import labels as L
from aic_dash.cli.common import add_database_options
from aic_dash.config import database_url, load_settings
from aic_dash.errors import AicError
from aic_dash.ingest.ds_access import DEFAULT_ENDPOINT, ENDPOINT_ENV, TOKEN_ENV, endpoint_for, token_problem


def add_sync_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `sync` subcommand to the CLI's subparsers."""
    words = L.CLI_SYNC
    p = sub.add_parser(
        "sync", help=words["help"], description=words["description"].format(token_env=TOKEN_ENV)
    )
    p.add_argument(
        "--demarche", type=int, required=True, metavar=L.CLI_METAVARS["number"], help=words["demarche"]
    )
    p.add_argument(
        "--endpoint", help=words["endpoint"].format(endpoint_env=ENDPOINT_ENV, default=DEFAULT_ENDPOINT)
    )
    p.add_argument("--full", action="store_true", help=words["full"])
    p.add_argument("--user", help=L.CLI_OPTIONS["user_imports"])
    add_database_options(p)
    return p


def cmd_sync(args: argparse.Namespace) -> int:
    """Run one sync; 0 when it succeeded, 2 with the French message on stderr otherwise."""
    from aic_dash.progress import TerminalProgress
    from aic_dash.store.audit import current_user
    from aic_dash.store.db import get_engine
    from aic_dash.store.sync import run_name, sync_demarche

    token = os.environ.get(TOKEN_ENV, "")
    problem = token_problem(token)
    if problem:
        raise AicError(problem)
    if args.demarche <= 0:
        raise AicError(L.CLI_SYNC["bad_number"])
    settings = load_settings(args.config)
    engine = get_engine(database_url(args.db))
    from aic_dash.store import origin
    from aic_dash.store.db import safe_url

    if origin.holds_demo(engine):
        raise AicError(
            origin.demo_refusal(
                L.CLI_SYNC["demo_refused"].format(demarche=args.demarche), safe_url(str(engine.url))
            )
        )
    bar = TerminalProgress(run_name(args.demarche), steps=None)
    result = sync_demarche(
        engine,
        settings,
        args.demarche,
        endpoint_for(args.endpoint, settings),
        token,
        full=args.full,
        progress=bar,
        user=current_user(args.user),
    )
    bar.done()
    if result.ok:
        print(result.summary())
        return 0
    print(result.error, file=sys.stderr)
    return 2
