"""`python -m aic_dash report booklet|opendata|opendata-laureates --season S -o FILE`: publications.

`cli.report.cmd_report` hands these names over to `cmd_publish`; they share the report's options but are
public by construction: one whole season, no personal data, and a file written only when complete.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aic_dash import labels as L
from aic_dash.errors import AicError
from aic_dash.publish import BOOKLET, OPENDATA, OPENDATA_LAUREATES, PUBLICATIONS, SUFFIXES, build_publication

__all__ = ["PUBLICATIONS", "add_publish_options", "cmd_publish"]
EXAMPLES = {name: L.CLI_PUBLISH_EXAMPLES[name] for name in (BOOKLET, OPENDATA, OPENDATA_LAUREATES)}


def add_publish_options(p: argparse.ArgumentParser) -> None:
    """The options only the publications have (on the `report` parser)."""
    p.add_argument(
        "--with-jury-scores",
        action="store_true",
        help=L.CLI_PUBLISH["with_jury_scores"],
    )


def _check(args: argparse.Namespace) -> None:
    name, words = args.name, L.CLI_PUBLISH
    example = EXAMPLES[name]
    if not args.season:
        raise AicError(words["season_missing"].format(example=example))
    for option, value in (("--round", args.round), ("--track", args.track)):
        if value:
            raise AicError(words["whole_season"].format(name=name, option=option, example=example))
    if getattr(args, "with_personal_data", False):
        raise AicError(words["no_personal_data"].format(name=name))
    if getattr(args, "format", None):
        raise AicError(words["fixed_format"].format(name=name, format=SUFFIXES[name].lstrip(".").upper()))
    if getattr(args, "with_jury_scores", False) and name != BOOKLET:
        raise AicError(words["jury_scores_booklet_only"])
    if args.output and Path(args.output).suffix.lower() != SUFFIXES[name]:
        raise AicError(
            words["wrong_suffix"].format(
                output=args.output, name=name, suffix=SUFFIXES[name], example=example
            )
        )
    if name == BOOKLET and not args.output and sys.stdout.isatty():
        raise AicError(words["pdf_on_terminal"].format(example=example))


def cmd_publish(args: argparse.Namespace) -> int:
    _check(args)
    from datetime import date

    from aic_dash.config import database_url, load_settings
    from aic_dash.store.db import get_engine, upgrade

    settings = load_settings(args.config)
    engine = get_engine(database_url(args.db))
    upgrade(engine)
    data, done = build_publication(
        args.name, engine, settings, args.season, date.today(), getattr(args, "with_jury_scores", False)
    )
    if args.output:
        from aic_dash.output import write_output

        write_output(args.output, data, getattr(args, "force", False))
        print(L.CLI_REPORT["written_to"].format(done=done, output=args.output), file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
