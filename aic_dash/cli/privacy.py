"""`python -m aic_dash backup PATH | --daily` and `python -m aic_dash purge --older-than MONTHS`.

The command-line side of aic_dash.store.backup (consistent copies, the daily copies of `make run`) and
aic_dash.store.retention (erasing the personal data of old dossiers).
"""

from __future__ import annotations

import argparse

from aic_dash.cli.common import add_database_options
from aic_dash.config import database_url
from aic_dash.errors import AicError


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
    add_database_options(p)
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


def add_purge_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `purge` subcommand to the CLI's subparsers."""
    p = sub.add_parser(
        "purge",
        help="effacer les données personnelles des dossiers plus anciens que la durée de conservation",
        description=(
            "Efface les e-mails, noms et téléphones des dossiers décidés (sinon déposés) il y a plus de "
            "MOIS mois — les lauréats, MOIS mois après la fin de leur dernier accompagnement. Les "
            "chiffres, étapes et dates restent. La purge est inscrite au journal d'audit."
        ),
    )
    p.add_argument(
        "--older-than",
        type=int,
        metavar="MOIS",
        help="durée de conservation en mois (défaut : retention_months des réglages, 24)",
    )
    p.add_argument("--dry-run", action="store_true", help="dire ce qui serait effacé, sans rien effacer")
    p.add_argument("--user", help="votre nom pour le journal d'audit (défaut : l'utilisateur du système)")
    add_database_options(p)
    return p


def cmd_purge(args: argparse.Namespace) -> int:
    """Run the purge (or its dry run) and print what it erased, per season."""
    from aic_dash.config import load_settings
    from aic_dash.store.audit import current_user
    from aic_dash.store.db import get_engine
    from aic_dash.store.retention import purge

    months = args.older_than
    if months is None:
        months = load_settings(args.config).retention_months
    engine = get_engine(database_url(args.db))
    result = purge(engine, months, current_user(args.user), dry_run=args.dry_run)
    print(result.summary())
    return 0
