"""The command line: `python -m aic_dash import|demo|report …` (same code paths as the app)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aic_dash.config import database_url, load_settings
from aic_dash.errors import AicError
from aic_dash.store.db import get_engine, upgrade
from aic_dash.store.imports import ImportResult, import_export, import_path
from aic_dash.store.queries import Filters


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m aic_dash",
        description="Tableau de bord de l'Accélérateur d'initiatives citoyennes (AIC).",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", help="adresse de la base (défaut : AIC_DASH_DATABASE_URL, sinon SQLite)")
        p.add_argument("--config", help="fichier de réglages (défaut : data/settings.yaml)")

    p = sub.add_parser("import", help="importer des exports démarches-simplifiées (CSV, XLSX, ODS)")
    p.add_argument("files", nargs="+", metavar="FICHIER")
    common(p)

    p = sub.add_parser("demo", help="remplir la base avec des candidatures fictives réalistes")
    p.add_argument("--applications", type=int, default=None, help="nombre de candidatures")
    p.add_argument("--seed", type=int, default=2023)
    common(p)

    from aic_dash.reports import FORMATS, REPORTS

    p = sub.add_parser("report", help="écrire un rapport")
    p.add_argument("name", choices=sorted(REPORTS))
    p.add_argument("--season")
    p.add_argument("--round")
    p.add_argument("--track")
    p.add_argument("--format", default="csv", choices=FORMATS)
    p.add_argument("-o", "--output", help="fichier de sortie (défaut : sortie standard)")
    common(p)
    return parser


class _Bar:
    """A one-line progress indicator on stderr, only when stderr is a terminal."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.live = sys.stderr.isatty()

    def __call__(self, step: str, fraction: float) -> None:
        if self.live:
            filled = int(fraction * 20)
            sys.stderr.write(f"\r{self.name} : {step:<13} [{'#' * filled}{'.' * (20 - filled)}]")
            sys.stderr.flush()

    def done(self) -> None:
        if self.live:
            sys.stderr.write("\r\033[K")


def _print_result(result: ImportResult) -> None:
    if result.ok:
        print(result.summary())
    else:
        print(result.error, file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    settings = load_settings(args.config)
    engine = get_engine(database_url(args.db))
    failed = False
    for path in args.files:
        bar = _Bar(Path(path).name)
        result = import_path(engine, settings, path, progress=bar)
        bar.done()
        _print_result(result)
        failed |= not result.ok
    return 2 if failed else 0


def cmd_demo(args: argparse.Namespace) -> int:
    from aic_dash.demo import build_demo_export

    settings = load_settings(args.config)
    engine = get_engine(database_url(args.db))
    data = build_demo_export(args.applications, args.seed)
    result = import_export(engine, settings, data, "demo-export-aic.csv")
    _print_result(result)
    return 0 if result.ok else 2


def cmd_report(args: argparse.Namespace) -> int:
    from aic_dash.reports import build_report, render

    engine = get_engine(database_url(args.db))
    upgrade(engine)
    frame = build_report(args.name, engine, Filters(args.season, args.round, args.track))
    data = render(frame, args.format)
    if args.output:
        Path(args.output).write_bytes(data)
        print(f"{len(frame)} ligne(s) écrite(s) dans {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands = {"import": cmd_import, "demo": cmd_demo, "report": cmd_report}
    try:
        return commands[args.command](args)
    except AicError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrompu : la base est restée dans l'état d'avant le fichier en cours.", file=sys.stderr)
        return 130
