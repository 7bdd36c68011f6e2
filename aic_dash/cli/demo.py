"""`python -m aic_dash demo`: the demo database, in its own file, never mixed with real data."""

from __future__ import annotations

import argparse

from aic_dash import labels as L
from aic_dash.cli.common import print_result
from aic_dash.config import load_settings
from aic_dash.errors import AicError


def add_demo_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The `demo` command's options."""
    p = sub.add_parser("demo", help=L.CLI_DEMO["help"], description=L.CLI_DEMO["description"])
    p.add_argument("--applications", type=int, default=None, help=L.CLI_DEMO["applications"])
    p.add_argument("--seed", type=int, default=2023, help=L.CLI_DEMO["seed"])
    p.add_argument("--db", help=L.CLI_DEMO["db"])
    p.add_argument("--config", help=L.CLI_OPTIONS["config"])
    return p


def cmd_demo(args: argparse.Namespace) -> int:
    """The demo database: applications through the ordinary import path, a jury grid, the follow-up.

    Written into its own database (data/demo.sqlite unless --db), never into one holding real data.
    """
    from aic_dash.config import demo_database_url
    from aic_dash.demo.dossiers import build_demo_export
    from aic_dash.demo.followup import seed_followup
    from aic_dash.demo.jury import build_demo_grid
    from aic_dash.programme.laureates import PUBLIC_LAUREATES
    from aic_dash.progress import TerminalProgress
    from aic_dash.store import origin
    from aic_dash.store.db import get_engine, safe_url, upgrade
    from aic_dash.store.imports import import_export
    from aic_dash.store.jury import import_jury_grid

    if args.applications is not None and args.applications < len(PUBLIC_LAUREATES):
        raise AicError(L.CLI_DEMO["too_few"].format(asked=args.applications, minimum=len(PUBLIC_LAUREATES)))
    settings = load_settings(args.config)
    url = args.db or demo_database_url()
    engine = get_engine(url)
    upgrade(engine)
    if origin.holds_own_data(engine):
        raise AicError(L.CLI_DEMO["own_data"].format(url=safe_url(url)))
    if origin.holds_demo(engine):
        print(L.CLI_DEMO["already"].format(url=safe_url(url)))
        return 0
    data = build_demo_export(args.applications, args.seed)
    bar = TerminalProgress(L.CLI_DEMO["progress"])
    result = import_export(
        engine, settings, data, "demo-export-aic.csv", source=origin.DEMO_SOURCE, progress=bar
    )
    bar.done()
    print_result(result)
    if not result.ok:
        return 2
    grid = import_jury_grid(engine, settings, build_demo_grid(engine, args.seed), "demo-grille-jury.csv")
    print_result(grid)
    if grid.import_id is not None:
        origin.mark_demo(engine, [grid.import_id])
    laureates = seed_followup(engine, settings)
    print(L.CLI_DEMO["followup"].format(count=laureates))
    from aic_dash.demo.jury import seed_evaluations

    print(L.CLI_DEMO["evaluations"].format(count=seed_evaluations(engine, settings, args.seed)))
    print(L.CLI_DEMO["ready"].format(url=safe_url(url)))
    return 0 if grid.ok else 2
