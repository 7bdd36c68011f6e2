"""`python -m aic_dash report booklet|opendata|opendata-laureates --season S -o FILE`: publications.

`cli.report.cmd_report` hands these names over to `cmd_publish`; they share the report's options but are
public by construction: one whole season, no personal data, and a file written only when complete.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aic_dash.errors import AicError
from aic_dash.publish import BOOKLET, OPENDATA, OPENDATA_LAUREATES, PUBLICATIONS, SUFFIXES, build_publication

__all__ = ["PUBLICATIONS", "add_publish_options", "cmd_publish"]
EXAMPLES = {
    BOOKLET: "report booklet --season 2023 -o livret-2023.pdf",
    OPENDATA: "report opendata --season 2022 -o subventions-2022.csv",
    OPENDATA_LAUREATES: "report opendata-laureates --season 2022 -o laureats-2022.csv",
}


def add_publish_options(p: argparse.ArgumentParser) -> None:
    """The options only the publications have (on the `report` parser)."""
    p.add_argument(
        "--with-jury-scores",
        action="store_true",
        help="booklet : inclure les notes du jury (moyennes de chaque lauréat seulement)",
    )


def _check(args: argparse.Namespace) -> None:
    name = args.name
    if not args.season:
        raise AicError(f"Précisez la saison, par exemple : {EXAMPLES[name]}")
    for option, value in (("--round", args.round), ("--track", args.track)):
        if value:
            raise AicError(
                f"« {name} » publie toute une saison : retirez {option} (exemple : {EXAMPLES[name]})."
            )
    if getattr(args, "with_personal_data", False):
        raise AicError(f"« {name} » est une publication : elle ne contient jamais de données personnelles.")
    if getattr(args, "format", None):
        raise AicError(
            f"« {name} » s'écrit toujours en {SUFFIXES[name].lstrip('.').upper()} : retirez --format."
        )
    if getattr(args, "with_jury_scores", False) and name != BOOKLET:
        raise AicError("--with-jury-scores ne concerne que le livret (« booklet »).")
    if args.output and Path(args.output).suffix.lower() != SUFFIXES[name]:
        raise AicError(
            f"« {args.output} » : « {name} » s'écrit dans un fichier {SUFFIXES[name]} "
            f"(exemple : {EXAMPLES[name]})."
        )
    if name == BOOKLET and not args.output and sys.stdout.isatty():
        raise AicError(f"Un PDF ne s'affiche pas dans le terminal : ajoutez -o, par exemple {EXAMPLES[name]}")


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
        print(f"{done} dans {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
