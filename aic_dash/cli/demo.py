"""`python -m aic_dash demo`: the demo database, in its own file, never mixed with real data."""

from __future__ import annotations

import argparse

from aic_dash.cli.common import print_result
from aic_dash.config import load_settings
from aic_dash.errors import AicError


def add_demo_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The `demo` command's options."""
    p = sub.add_parser(
        "demo",
        help="créer la base de démonstration (candidatures fictives), à part de vos données",
        description=(
            "Crée la base de démonstration, par défaut data/demo.sqlite, jamais mêlée à vos données : "
            "une base qui contient vos propres imports est refusée."
        ),
    )
    p.add_argument("--applications", type=int, default=None, help="nombre de candidatures (au moins 13)")
    p.add_argument("--seed", type=int, default=2023, help="graine du tirage (même graine, même démo)")
    p.add_argument("--db", help="adresse de la base de démonstration (défaut : data/demo.sqlite)")
    p.add_argument("--config", help="fichier de réglages (défaut : data/settings.yaml)")
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
        raise AicError(
            f"--applications {args.applications} : la démo compte au moins {len(PUBLIC_LAUREATES)} "
            "candidatures (les lauréats publics). Donnez un nombre plus grand, ou rien (317)."
        )
    settings = load_settings(args.config)
    url = args.db or demo_database_url()
    engine = get_engine(url)
    upgrade(engine)
    if origin.holds_own_data(engine):
        raise AicError(
            f"La base {safe_url(url)} contient vos propres imports : la démo n'y est pas écrite, pour ne "
            "pas mêler des dossiers fictifs aux vôtres. Lancez la démo sans --db (data/demo.sqlite) ou "
            "sur une base vide."
        )
    if origin.holds_demo(engine):
        print(f"La base {safe_url(url)} contient déjà la démonstration : rien à faire.")
        return 0
    data = build_demo_export(args.applications, args.seed)
    bar = TerminalProgress("démonstration")
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
    print(f"Suivi : {laureates} lauréat(s) avec leur accompagnement et leur feuille de route.")
    from aic_dash.demo.jury import seed_evaluations

    print(f"Jury dans l'application : {seed_evaluations(engine, settings, args.seed)} évaluation(s) de démo.")
    print(f"Démonstration prête dans {safe_url(url)} : ces données sont fictives.")
    return 0 if grid.ok else 2
