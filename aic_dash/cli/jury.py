"""`python -m aic_dash jury assign|unassign|status|close|reopen|export-grid`: jurors who score in the app.

The same functions as the Jury page's assignment panel (aic_dash.store.evaluations); every change is
written to the audit trail under --user (default: the operating-system user).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

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
            raise AicError(
                f"--dossiers : « {part} » n'est pas un numéro de dossier. "
                "Exemple : --dossiers 9284911,9297044"
            )
        out.append(int(part))
    return out


def _due(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise AicError(f"--due : « {text} » n'est pas une date AAAA-MM-JJ (exemple : 2023-11-30).") from None


def add_jury_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `jury` subcommand to the CLI's subparsers."""
    p = sub.add_parser(
        "jury",
        help="faire noter le jury dans l'application : attribuer, suivre, clôturer, exporter",
        description=(
            "Les jurés (rôle jure) notent dans l'application les dossiers qui leur sont attribués. "
            "Chaque changement est inscrit au journal d'audit."
        ),
    )
    actions = p.add_subparsers(dest="jury_action", required=True, metavar="ACTION")

    def common(q: argparse.ArgumentParser, author: bool = True) -> None:
        add_database_options(q)
        if author:
            q.add_argument(
                "--user", help="votre nom pour le journal d'audit (défaut : l'utilisateur du système)"
            )

    for name, text in (
        ("assign", "attribuer des dossiers d'une sélection à un juré"),
        ("unassign", "retirer des dossiers à un juré (ses brouillons sont supprimés)"),
    ):
        q = actions.add_parser(name, help=text)
        q.add_argument("--round", required=True, help="sélection, par exemple 2023-2")
        q.add_argument("--track", help="volet : DINUM ou DITP")
        q.add_argument("--juror", required=True, metavar="EMAIL", help="adresse e-mail du juré")
        q.add_argument(
            "--dossiers",
            metavar="N,N…",
            help="numéros de dossiers séparés par des virgules (défaut : toute la liste restreinte)",
        )
        if name == "assign":
            q.add_argument("--due", metavar="AAAA-MM-JJ", help="date limite de soumission (facultatif)")
        common(q)
    q = actions.add_parser("status", help="l'avancement par juré et par dossier, et qui est en retard")
    q.add_argument("--round", required=True, help="sélection, par exemple 2023-2")
    q.add_argument("--track", help="volet : DINUM ou DITP")
    common(q, author=False)
    q = actions.add_parser("close", help="clôturer l'évaluation d'une sélection (les notes sont figées)")
    q.add_argument("--round", required=True, help="sélection, par exemple 2023-2")
    common(q)
    q = actions.add_parser(
        "reopen",
        help="rouvrir l'évaluation d'une sélection, ou (avec --juror) les évaluations soumises d'un juré",
    )
    q.add_argument("--round", required=True, help="sélection, par exemple 2023-2")
    q.add_argument("--juror", metavar="EMAIL", help="rouvrir seulement les évaluations de ce juré")
    q.add_argument("--dossiers", metavar="N,N…", help="avec --juror : seulement ces dossiers")
    common(q)
    q = actions.add_parser(
        "export-grid", help="les notes données dans l'application, au format grille de jury"
    )
    q.add_argument("--round", help="sélection, par exemple 2023-2 (défaut : toutes)")
    q.add_argument("--track", help="volet : DINUM ou DITP")
    q.add_argument("-o", "--output", help="fichier de sortie (défaut : sortie standard)")
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
        raise AicError(
            f"Sélection « {args.round} » inconnue. Sélections des réglages : {', '.join(sorted(known))}."
        )
    action = args.jury_action
    by = current_user(getattr(args, "user", None))
    if action in ("assign", "unassign"):
        dossiers = _dossiers(args.dossiers)
        if action == "assign":
            result = E.assign(engine, args.round, args.track, args.juror, dossiers, by, due_on=_due(args.due))
        else:
            result = E.unassign(engine, args.round, args.track, args.juror, dossiers, by)
        print(result.summary() + " (inscrit au journal d'audit).")
        if action == "assign" and access.get_role(engine, result.juror) != "jure":
            print(
                f"Attention : {result.juror} n'a pas le rôle jure. "
                "Donnez-le-lui pour qu'il puisse se connecter : "
                f"python -m aic_dash users set {result.juror} jure",
                file=sys.stderr,
            )
        return 0
    if action == "status":
        frame = E.assignments(engine, filters=Filters(round=args.round, track=args.track))
        if frame.empty:
            print(f"Aucun dossier attribué dans la sélection « {args.round} ».", file=sys.stderr)
            return 0
        per_juror, per_dossier = E.progress(frame)
        counts = {"assigned": "attribués", "scored": "notés", "submitted": "soumis", "conflicts": "conflits"}
        closed = E.closed_rounds(engine).get(args.round)
        print(
            f"Sélection {args.round} : évaluation "
            + (f"clôturée le {closed:%d/%m/%Y}." if closed else "ouverte.")
        )
        print("\nPar juré·e")
        print("\n".join(_table(per_juror, {"juror": "juré·e", **counts, "late": "en retard"})))
        print("\nPar dossier")
        shown = per_dossier.assign(project=per_dossier["project"].fillna("").str.slice(0, 40))
        print(
            "\n".join(_table(shown, {"dossier": "dossier", "project": "projet", "track": "volet", **counts}))
        )
        late = per_juror.loc[per_juror["late"] > 0, "juror"].tolist()
        print("\nEn retard : " + (", ".join(late) if late else "personne."))
        return 0
    if action == "close":
        frozen = E.close_round(engine, args.round, by)
        print(f"Évaluation de la sélection {args.round} clôturée : {frozen} évaluation(s) figée(s).")
        return 0
    if action == "reopen":
        if args.juror:
            dossiers = _dossiers(args.dossiers)
            if dossiers is None:
                mine = E.assignments(engine, args.juror, Filters(round=args.round))
                dossiers = mine["dossier"].tolist()
            done = E.reopen(engine, args.juror, dossiers, by)
            if not done:
                raise AicError(f"{args.juror} n'a aucune évaluation soumise à rouvrir dans « {args.round} ».")
            print(
                f"{len(done)} évaluation(s) rouverte(s) : {', '.join(map(str, done))} "
                "(inscrit au journal d'audit)."
            )
            return 0
        if not E.reopen_round(engine, args.round, by):
            raise AicError(
                f"L'évaluation de la sélection « {args.round} » n'est pas clôturée : rien à rouvrir."
            )
        print(f"Évaluation de la sélection {args.round} rouverte (inscrit au journal d'audit).")
        return 0
    data = E.export_grid(engine, settings, Filters(round=args.round, track=args.track))
    rows = data.count(b"\n") - 1
    if args.output:
        try:
            Path(args.output).write_bytes(data)
        except OSError as exc:
            raise AicError(f"Impossible d'écrire « {args.output} » ({exc.strerror}).") from None
        print(f"{rows} notation(s) écrite(s) dans {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
