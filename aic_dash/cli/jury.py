"""`python -m aic_dash jury assign|unassign|status|close|reopen|export-grid`: jurors who score in the app.

The same functions as the Jury page's assignment panel (aic_dash.store.evaluations); every change is
written to the audit trail under --user (default: the operating-system user).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from aic_dash import labels as L
from aic_dash.cli.common import add_database_options
from aic_dash.config import database_url, load_settings
from aic_dash.errors import AicError


def _dossiers(text: str | None) -> list[int] | None:
    if not text:
        return None
    out = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise AicError(L.CLI_JURY["bad_dossier"].format(part=part))
        out.append(int(part))
    return out


def _due(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise AicError(L.CLI_JURY["bad_due"].format(text=text)) from None


def add_jury_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `jury` subcommand to the CLI's subparsers."""
    p = sub.add_parser("jury", help=L.CLI_JURY["help"], description=L.CLI_JURY["description"])
    actions = p.add_subparsers(dest="jury_action", required=True, metavar=L.CLI_METAVARS["action"])

    def common(q: argparse.ArgumentParser, author: bool = True) -> None:
        add_database_options(q)
        if author:
            q.add_argument("--user", help=L.CLI_OPTIONS["user_audit"])

    words, metavars = L.CLI_JURY, L.CLI_METAVARS
    for name in ("assign", "unassign"):
        q = actions.add_parser(name, help=words[name])
        q.add_argument("--round", required=True, help=words["round"])
        q.add_argument("--track", help=L.CLI_OPTIONS["track"])
        q.add_argument("--juror", required=True, metavar=metavars["email"], help=words["juror"])
        q.add_argument("--dossiers", metavar=metavars["dossiers"], help=words["dossiers"])
        if name == "assign":
            q.add_argument("--due", metavar=metavars["date"], help=words["due"])
        common(q)
    q = actions.add_parser("status", help=words["status"])
    q.add_argument("--round", required=True, help=words["round"])
    q.add_argument("--track", help=L.CLI_OPTIONS["track"])
    common(q, author=False)
    q = actions.add_parser("close", help=words["close"])
    q.add_argument("--round", required=True, help=words["round"])
    common(q)
    q = actions.add_parser("reopen", help=words["reopen"])
    q.add_argument("--round", required=True, help=words["round"])
    q.add_argument("--juror", metavar=metavars["email"], help=words["reopen_juror"])
    q.add_argument("--dossiers", metavar=metavars["dossiers"], help=words["reopen_dossiers"])
    common(q)
    q = actions.add_parser("export-grid", help=words["export_grid"])
    q.add_argument("--round", help=words["round_or_all"])
    q.add_argument("--track", help=L.CLI_OPTIONS["track"])
    q.add_argument("-o", "--output", help=L.CLI_OPTIONS["output"])
    common(q, author=False)
    return p


def _table(frame, columns: dict[str, str]) -> list[str]:
    widths = {
        c: max(len(h), *(len(str(v)) for v in frame[c])) if len(frame) else len(h) for c, h in columns.items()
    }
    lines = ["  ".join(f"{h:<{widths[c]}}" for c, h in columns.items()).rstrip()]
    for row in frame.itertuples(index=False):
        lines.append("  ".join(f"{getattr(row, c)!s:<{widths[c]}}" for c in columns).rstrip())
    return lines


def cmd_jury(args: argparse.Namespace) -> int:
    """Run one `jury` action; 0 when done, 2 with the French message on stderr otherwise."""
    from aic_dash.store import access
    from aic_dash.store import evaluations as E
    from aic_dash.store.audit import current_user
    from aic_dash.store.db import get_engine, upgrade
    from aic_dash.store.queries import Filters

    engine = get_engine(database_url(args.db))
    upgrade(engine)
    settings = load_settings(args.config)
    known = {r.id for r in settings.rounds}
    if args.round and args.round not in known:
        raise AicError(L.CLI_JURY["unknown_round"].format(round=args.round, known=", ".join(sorted(known))))
    action = args.jury_action
    by = current_user(getattr(args, "user", None))
    if action in ("assign", "unassign"):
        dossiers = _dossiers(args.dossiers)
        if action == "assign":
            result = E.assign(engine, args.round, args.track, args.juror, dossiers, by, due_on=_due(args.due))
        else:
            result = E.unassign(engine, args.round, args.track, args.juror, dossiers, by)
        print(L.CLI_JURY["audited"].format(summary=result.summary()))
        if action == "assign" and access.get_role(engine, result.juror) != "jure":
            print(L.CLI_JURY["not_a_juror"].format(juror=result.juror), file=sys.stderr)
        return 0
    if action == "status":
        frame = E.assignments(engine, filters=Filters(round=args.round, track=args.track))
        if frame.empty:
            print(L.CLI_JURY["none_assigned"].format(round=args.round), file=sys.stderr)
            return 0
        per_juror, per_dossier = E.progress(frame)
        words = L.CLI_JURY
        counts, juror_columns = words["counts"], words["juror_columns"]
        closed = E.closed_rounds(engine).get(args.round)
        if closed:
            print(words["status_closed"].format(round=args.round, closed=closed))
        else:
            print(words["status_open"].format(round=args.round))
        print(words["per_juror"])
        juror_headers = {"juror": juror_columns["juror"], **counts, "late": juror_columns["late"]}
        print("\n".join(_table(per_juror, juror_headers)))
        print(words["per_dossier"])
        shown = per_dossier.assign(project=per_dossier["project"].fillna("").str.slice(0, 40))
        print("\n".join(_table(shown, {**words["dossier_columns"], **counts})))
        late = per_juror.loc[per_juror["late"] > 0, "juror"].tolist()
        print(words["late"].format(names=", ".join(late) if late else words["nobody_late"]))
        return 0
    if action == "close":
        frozen = E.close_round(engine, args.round, by)
        print(L.CLI_JURY["closed"].format(round=args.round, frozen=frozen))
        return 0
    if action == "reopen":
        if args.juror:
            dossiers = _dossiers(args.dossiers)
            if dossiers is None:
                mine = E.assignments(engine, args.juror, Filters(round=args.round))
                dossiers = mine["dossier"].tolist()
            done = E.reopen(engine, args.juror, dossiers, by)
            if not done:
                raise AicError(L.CLI_JURY["nothing_to_reopen"].format(juror=args.juror, round=args.round))
            print(L.CLI_JURY["reopened"].format(count=len(done), dossiers=", ".join(map(str, done))))
            return 0
        if not E.reopen_round(engine, args.round, by):
            raise AicError(L.CLI_JURY["round_not_closed"].format(round=args.round))
        print(L.CLI_JURY["round_reopened"].format(round=args.round))
        return 0
    data = E.export_grid(engine, settings, Filters(round=args.round, track=args.track))
    rows = data.count(b"\n") - 1
    if args.output:
        try:
            Path(args.output).write_bytes(data)
        except OSError as exc:
            raise AicError(
                L.CLI_JURY["cannot_write"].format(output=args.output, reason=exc.strerror)
            ) from None
        print(L.CLI_JURY["written"].format(rows=rows, output=args.output), file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
