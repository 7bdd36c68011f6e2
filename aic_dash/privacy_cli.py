"""`python -m aic_dash backup PATH | --daily` and `python -m aic_dash purge --older-than MONTHS`.

The command-line side of aic_dash.store.backup (consistent copies, the daily copies of `make run`) and
aic_dash.store.retention (erasing the personal data of old dossiers).
"""

from __future__ import annotations

import argparse

from aic_dash.config import database_url
from aic_dash.errors import AicError


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="adresse de la base (défaut : AIC_DASH_DATABASE_URL, sinon SQLite)")
    p.add_argument("--config", help="fichier de réglages (défaut : data/settings.yaml)")


def add_backup_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `backup` subcommand to the CLI's subparsers."""
    p = sub.add_parser(
        "backup",
        help="copier la base dans un fichier, même pendant un import (restauration : docs/deploiement.md)",
        description=(
            "Écrit une copie cohérente de la base : SQLite par sa sauvegarde à chaud, PostgreSQL par "
            "pg_dump (format personnalisé, à restaurer avec pg_restore). Avec --daily : la copie du jour "
            "à côté de la base SQLite, si la dernière a plus d'un jour, et seulement les N dernières."
        ),
    )
    p.add_argument("path", nargs="?", metavar="FICHIER", help="fichier de sauvegarde à écrire")
    p.add_argument(
        "--daily",
        action="store_true",
        help="copie quotidienne à côté de la base SQLite (aic-sauvegarde-AAAA-MM-JJ.sqlite)",
    )
    p.add_argument("--keep", type=int, default=None, metavar="N", help="copies quotidiennes gardées (7)")
    _common(p)
    return p


def _size(size_bytes: int) -> str:
    return f"{size_bytes / 1_000_000:.1f} Mo".replace(".", ",")


def cmd_backup(args: argparse.Namespace) -> int:
    """Write one copy (or the daily one); 0 when done, 2 with the French message otherwise."""
    from aic_dash.store.backup import DAILY_KEEP, backup, daily_backup
    from aic_dash.store.db import get_engine

    engine = get_engine(database_url(args.db))
    if args.daily:
        if args.path:
            raise AicError("Avec --daily, pas de FICHIER : la copie va à côté de la base SQLite.")
        keep = DAILY_KEEP if args.keep is None else args.keep
        if keep < 1:
            raise AicError("--keep : au moins 1 copie.")
        taken, removed = daily_backup(engine, keep)
        if taken is not None:
            print(f"Copie quotidienne de la base : {taken.path} ({_size(taken.size_bytes)}).")
        for old in removed:
            print(f"Ancienne copie supprimée : {old.name} (seules les {keep} dernières sont gardées).")
        return 0
    if not args.path:
        raise AicError("Donnez le fichier à écrire, par exemple : backup sauvegarde-aic.sqlite")
    done = backup(engine, args.path)
    restore = (
        f"pour la restaurer : pg_restore --no-owner -d NOUVELLE_BASE {done.path}"
        if done.method == "pg_dump"
        else f"pour l'ouvrir : --db sqlite:///{done.path.resolve()}"
    )
    print(f"Sauvegarde écrite : {done.path} ({_size(done.size_bytes)}, {done.method}) ; {restore}.")
    return 0
