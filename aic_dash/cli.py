"""The command line: `python -m aic_dash import|demo|report …` (same code paths as the app)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aic_dash.argparse_fr import ArgumentParser
from aic_dash.config import database_url, load_settings
from aic_dash.errors import AicError
from aic_dash.jury_cli import add_jury_parser, cmd_jury
from aic_dash.privacy_cli import add_backup_parser, add_purge_parser, cmd_backup, cmd_purge
from aic_dash.publish_cli import PUBLICATIONS, add_publish_options, cmd_publish
from aic_dash.sync_cli import add_sync_parser, cmd_sync
from aic_dash.users_cli import add_users_parser, cmd_users


def _parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="python -m aic_dash",
        description="Tableau de bord de l'Accélérateur d'initiatives citoyennes (AIC).",
    )
    sub = parser.add_subparsers(dest="command", required=True, title="commandes", metavar="COMMANDE")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", help="adresse de la base (défaut : AIC_DASH_DATABASE_URL, sinon SQLite)")
        p.add_argument("--config", help="fichier de réglages (défaut : data/settings.yaml)")

    p = sub.add_parser(
        "import",
        help="importer des exports démarches-simplifiées, des grilles de jury ou des fichiers de suivi",
    )
    p.add_argument("files", nargs="+", metavar="FICHIER")
    p.add_argument(
        "--kind",
        choices=("dossiers", "jury", "suivi"),
        help="nature des fichiers (défaut : reconnue d'après leurs colonnes)",
    )
    p.add_argument(
        "--user", help="votre nom pour l'historique des imports (défaut : l'utilisateur du système)"
    )
    common(p)

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

    p = sub.add_parser(
        "report",
        help="écrire un rapport, ou « season » : le classeur XLSX de tous les rapports d'une saison",
    )
    p.add_argument(
        "name",
        choices=[*REPORT_NAMES, SEASON_REPORT, *PUBLICATIONS],
        metavar="RAPPORT",
        help=f"{', '.join(REPORT_NAMES)} ou {SEASON_REPORT} ; publications : {', '.join(PUBLICATIONS)}",
    )
    p.add_argument("--season", help="saison, par exemple 2023 (obligatoire pour « season »)")
    p.add_argument("--round", help="sélection, par exemple 2023-1")
    p.add_argument("--track", help="volet : DINUM ou DITP")
    p.add_argument(
        "--format",
        choices=FORMATS,
        help="csv, excel-csv ou xlsx (défaut : d'après l'extension de -o, sinon csv ; xlsx pour « season »)",
    )
    p.add_argument(
        "--with-personal-data",
        action="store_true",
        help="ajouter e-mails, noms et téléphones (l'export est inscrit au journal d'audit)",
    )
    p.add_argument("--user", help="votre nom pour le journal d'audit (défaut : l'utilisateur du système)")
    p.add_argument("-o", "--output", help="fichier de sortie (défaut : sortie standard)")
    p.add_argument("--force", action="store_true", help="remplacer le fichier de sortie s'il existe")
    add_publish_options(p)
    common(p)

    add_sync_parser(sub)
    add_users_parser(sub)
    add_jury_parser(sub)
    add_backup_parser(sub)
    add_purge_parser(sub)
    return parser


def _print_result(result) -> None:
    if result.ok:
        print(result.summary())
    else:
        print(result.error, file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    settings = load_settings(args.config)
    from aic_dash.progress import TerminalProgress
    from aic_dash.store.audit import current_user
    from aic_dash.store.db import get_engine
    from aic_dash.store.dispatch import import_file

    engine = get_engine(database_url(args.db))
    failed = False
    for path in args.files:
        bar = TerminalProgress(Path(path).name)
        result = import_file(
            engine, settings, path, kind=args.kind, user=args.user or current_user(), progress=bar
        )
        bar.done()
        _print_result(result)
        failed |= not result.ok
    return 2 if failed else 0


def cmd_demo(args: argparse.Namespace) -> int:
    """The demo database: applications through the ordinary import path, a jury grid, the follow-up.

    Written into its own database (data/demo.sqlite unless --db), never into one holding real data.
    """
    from aic_dash.config import demo_database_url
    from aic_dash.demo import PUBLIC_LAUREATES, build_demo_export
    from aic_dash.followup_seed import seed_followup
    from aic_dash.jury_demo import build_demo_grid
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
    _print_result(result)
    if not result.ok:
        return 2
    grid = import_jury_grid(engine, settings, build_demo_grid(engine, args.seed), "demo-grille-jury.csv")
    _print_result(grid)
    if grid.import_id is not None:
        origin.mark_demo(engine, [grid.import_id])
    laureates = seed_followup(engine, settings)
    print(f"Suivi : {laureates} lauréat(s) avec leur accompagnement et leur feuille de route.")
    from aic_dash.jury_demo import seed_evaluations

    print(f"Jury dans l'application : {seed_evaluations(engine, settings, args.seed)} évaluation(s) de démo.")
    print(f"Démonstration prête dans {safe_url(url)} : ces données sont fictives.")
    return 0 if grid.ok else 2


SEASON_REPORT = "season"
# The registry (aic_dash.reports.REPORTS) imports pandas, which `--help` must not wait for; a test
# keeps these names equal to the registry's.
REPORT_NAMES = ("pipeline", "applications", "criteria", "ranking", "laureates", "progress")
FORMATS = ("csv", "excel-csv", "xlsx")
# What an output file's extension says about its format; None: no report is written in that format.
EXTENSION_FORMATS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xls": None, ".ods": None, ".xlsm": None}


def report_format(name: str, fmt: str | None, output: str | None) -> str:
    """The format of a report: --format, else the extension of -o, else csv (xlsx for « season »).

    A contradiction between the two, or an extension no report is written in, is an AicError.
    """
    default = "xlsx" if name == SEASON_REPORT else "csv"
    suffix = Path(output).suffix.lower() if output else ""
    implied = EXTENSION_FORMATS.get(suffix, "") if suffix else ""
    if implied is None:
        raise AicError(
            f"« {output} » : les rapports s'écrivent en .xlsx ou en .csv, pas en {suffix}. "
            "Changez l'extension du fichier de sortie."
        )
    if fmt and implied and (fmt == "xlsx") != (implied == "xlsx"):
        raise AicError(
            f"--format {fmt} et « {output} » se contredisent : un fichier {suffix} "
            f"{'est un classeur (--format xlsx)' if implied == 'xlsx' else 'est un texte CSV'}. "
            "Changez l'un ou l'autre."
        )
    chosen = fmt or implied or default
    if name == SEASON_REPORT and chosen != "xlsx":
        raise AicError(
            "Le rapport de saison est un classeur : --format xlsx (ou rien), "
            "dans un fichier .xlsx (-o saison.xlsx)."
        )
    return chosen


def cmd_report(args: argparse.Namespace) -> int:
    if args.name in PUBLICATIONS:
        return cmd_publish(args)
    fmt = report_format(args.name, args.format, args.output)
    if args.name == SEASON_REPORT and not args.season:
        raise AicError("Précisez la saison, par exemple : report season --season 2023 -o saison-2023.xlsx")
    if fmt == "xlsx" and not args.output and sys.stdout.isatty():
        raise AicError("Un classeur XLSX ne s'affiche pas dans le terminal : ajoutez -o FICHIER.xlsx.")
    settings = load_settings(args.config)

    from aic_dash import reports
    from aic_dash.store.audit import current_user
    from aic_dash.store.db import get_engine, upgrade
    from aic_dash.store.queries import check_filters

    if args.with_personal_data and args.name not in (SEASON_REPORT, *reports.PERSONAL_DATA):
        raise AicError(
            f"Le rapport « {args.name} » ne contient pas de données personnelles : retirez "
            f"--with-personal-data (rapports qui en ont : {', '.join(reports.PERSONAL_DATA)})."
        )
    engine = get_engine(database_url(args.db))
    upgrade(engine)
    filters = check_filters(engine, settings, args.season, args.round, args.track)
    user = args.user or current_user()
    if args.name == SEASON_REPORT:
        from aic_dash.progress import TerminalProgress

        bar = TerminalProgress(reports.season_title(filters.season), steps=None)
        frames = reports.build_season_report(
            engine,
            filters.season,
            filters,
            with_personal_data=args.with_personal_data,
            user=user,
            progress=bar,
        )
        bar.done()
        data = reports.render_workbook(frames, reports.season_title(filters.season))
        rows = sum(len(f) for f in frames)
        done = f"{reports.season_title(filters.season)} ({len(frames)} rapport(s), {rows} ligne(s)) écrit"
    else:
        frame = reports.build_report(
            args.name, engine, filters, with_personal_data=args.with_personal_data, user=user
        )
        data = reports.render(frame, fmt)
        rows = len(frame)
        done = f"{rows} ligne(s) écrite(s)"
    if args.output:
        from aic_dash.output import write_output

        write_output(args.output, data, args.force)
        print(f"{done} dans {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    if not rows:
        print("Attention : aucune ligne pour ces filtres (le fichier n'a que ses en-têtes).", file=sys.stderr)
    if args.with_personal_data:
        print(
            f"Données personnelles incluses : export inscrit au journal d'audit au nom de « {user} ». "
            "Ne diffusez pas ce fichier.",
            file=sys.stderr,
        )
    return 0


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
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrompu : la base est restée dans l'état d'avant le fichier en cours.", file=sys.stderr)
        return 130
