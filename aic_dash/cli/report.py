"""`python -m aic_dash report NAME`: one report (csv, excel-csv, xlsx), the season workbook, or a publication.

The report names are kept here as plain constants: the registry imports pandas, which `--help` must not
wait for.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aic_dash import labels as L
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
        raise AicError(L.CLI_REPORT["bad_extension"].format(output=output, suffix=suffix))
    if fmt and implied and (fmt == "xlsx") != (implied == "xlsx"):
        what = L.CLI_REPORT["is_workbook" if implied == "xlsx" else "is_csv"]
        raise AicError(
            L.CLI_REPORT["format_contradiction"].format(fmt=fmt, output=output, suffix=suffix, what=what)
        )
    chosen = fmt or implied or default
    if name == SEASON_REPORT and chosen != "xlsx":
        raise AicError(L.CLI_REPORT["season_is_workbook"])
    return chosen


def cmd_report(args: argparse.Namespace) -> int:
    if args.name in PUBLICATIONS:
        return cmd_publish(args)
    fmt = report_format(args.name, args.format, args.output)
    if args.name == SEASON_REPORT and not args.season:
        raise AicError(L.CLI_REPORT["season_missing"])
    if fmt == "xlsx" and not args.output and sys.stdout.isatty():
        raise AicError(L.CLI_REPORT["xlsx_on_terminal"])
    settings = load_settings(args.config)

    from aic_dash.reports import formats as report_formats
    from aic_dash.reports import registry as reports
    from aic_dash.store.audit import current_user
    from aic_dash.store.db import get_engine, upgrade
    from aic_dash.store.queries import check_filters

    if args.with_personal_data and args.name not in (SEASON_REPORT, *reports.PERSONAL_DATA):
        raise AicError(
            L.CLI_REPORT["no_personal_data"].format(name=args.name, reports=", ".join(reports.PERSONAL_DATA))
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
        done = L.CLI_REPORT["season_written"].format(
            title=report_formats.season_title(filters.season), reports=len(frames), rows=rows
        )
    else:
        frame = reports.build_report(
            args.name, engine, filters, with_personal_data=args.with_personal_data, user=user
        )
        data = report_formats.render(frame, fmt)
        rows = len(frame)
        done = L.CLI_REPORT["rows_written"].format(rows=rows)
    if args.output:
        from aic_dash.output import write_output

        write_output(args.output, data, args.force)
        print(L.CLI_REPORT["written_to"].format(done=done, output=args.output), file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    if not rows:
        print(L.CLI_REPORT["no_rows"], file=sys.stderr)
    if args.with_personal_data:
        print(L.CLI_REPORT["personal_data"].format(user=user), file=sys.stderr)
    return 0


def add_report_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The `report` command's options."""
    words = L.CLI_REPORT
    p = sub.add_parser("report", help=words["help"])
    p.add_argument(
        "name",
        choices=[*REPORT_NAMES, SEASON_REPORT, *PUBLICATIONS],
        metavar=L.CLI_METAVARS["report"],
        help=words["name"].format(
            reports=", ".join(REPORT_NAMES), season=SEASON_REPORT, publications=", ".join(PUBLICATIONS)
        ),
    )
    p.add_argument("--season", help=words["season"])
    p.add_argument("--round", help=words["round"])
    p.add_argument("--track", help=L.CLI_OPTIONS["track"])
    p.add_argument("--format", choices=FORMATS, help=words["format"])
    p.add_argument("--with-personal-data", action="store_true", help=words["with_personal_data"])
    p.add_argument("--user", help=L.CLI_OPTIONS["user_audit"])
    p.add_argument("-o", "--output", help=L.CLI_OPTIONS["output"])
    p.add_argument("--force", action="store_true", help=words["force"])
    add_publish_options(p)
    add_database_options(p)
    return p
