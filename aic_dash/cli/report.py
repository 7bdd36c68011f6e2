"""`python -m aic_dash report NAME`: one report (csv, excel-csv, xlsx), the season workbook, or a publication.

The report names are kept here as plain constants: the registry imports pandas, which `--help` must not
wait for.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aic_dash.cli.common import add_database_options
from aic_dash.cli.publish import PUBLICATIONS, add_publish_options, cmd_publish
from aic_dash.config import database_url, load_settings
from aic_dash.errors import AicError

SEASON_REPORT = "season"
# The registry (aic_dash.reports.registry.REPORTS) imports pandas, which `--help` must not wait for; a test
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

    from aic_dash.reports import formats as report_formats
    from aic_dash.reports import registry as reports
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
    user = current_user(args.user)
    if args.name == SEASON_REPORT:
        from aic_dash.progress import TerminalProgress

        bar = TerminalProgress(report_formats.season_title(filters.season), steps=None)
        frames = reports.build_season_report(
            engine,
            filters.season,
            filters,
            with_personal_data=args.with_personal_data,
            user=user,
            progress=bar,
        )
        bar.done()
        data = report_formats.render_workbook(frames, report_formats.season_title(filters.season))
        rows = sum(len(f) for f in frames)
        done = (
            f"{report_formats.season_title(filters.season)} ({len(frames)} rapport(s), {rows} ligne(s)) écrit"
        )
    else:
        frame = reports.build_report(
            args.name, engine, filters, with_personal_data=args.with_personal_data, user=user
        )
        data = report_formats.render(frame, fmt)
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


def add_report_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The `report` command's options."""
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
    add_database_options(p)
    return p
