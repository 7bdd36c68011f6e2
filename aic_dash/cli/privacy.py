"""`python -m aic_dash backup PATH | --daily` and `python -m aic_dash purge --older-than MONTHS`.

The command-line side of aic_dash.store.backup (consistent copies, the daily copies of `make run`) and
aic_dash.store.retention (erasing the personal data of old dossiers).
"""

from __future__ import annotations

import argparse

from aic_dash import labels as L
from aic_dash.cli.common import add_database_options
from aic_dash.config import database_url
from aic_dash.errors import AicError


def add_backup_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `backup` subcommand to the CLI's subparsers."""
    words = L.CLI_BACKUP
    p = sub.add_parser("backup", help=words["help"], description=words["description"])
    p.add_argument("path", nargs="?", metavar=L.CLI_METAVARS["file"], help=words["path"])
    p.add_argument("--daily", action="store_true", help=words["daily"])
    p.add_argument("--keep", type=int, default=None, metavar=L.CLI_METAVARS["count"], help=words["keep"])
    add_database_options(p)
    return p


def _size(size_bytes: int) -> str:
    return L.CLI_BACKUP["size"].format(megabytes=size_bytes / 1_000_000).replace(".", ",")


def cmd_backup(args: argparse.Namespace) -> int:
    """Write one copy (or the daily one); 0 when done, 2 with the French message otherwise."""
    from aic_dash.store.backup import DAILY_KEEP, backup, daily_backup
    from aic_dash.store.db import get_engine

    engine = get_engine(database_url(args.db))
    if args.daily:
        if args.path:
            raise AicError(L.CLI_BACKUP["daily_with_path"])
        keep = DAILY_KEEP if args.keep is None else args.keep
        if keep < 1:
            raise AicError(L.CLI_BACKUP["keep_at_least_one"])
        taken, removed = daily_backup(engine, keep)
        if taken is not None:
            print(L.CLI_BACKUP["daily_taken"].format(path=taken.path, size=_size(taken.size_bytes)))
        for old in removed:
            print(L.CLI_BACKUP["old_removed"].format(name=old.name, keep=keep))
        return 0
    if not args.path:
        raise AicError(L.CLI_BACKUP["path_missing"])
    done = backup(engine, args.path)
    restore = (
        L.CLI_BACKUP["restore_pg"].format(path=done.path)
        if done.method == "pg_dump"
        else L.CLI_BACKUP["restore_sqlite"].format(path=done.path.resolve())
    )
    size = _size(done.size_bytes)
    print(L.CLI_BACKUP["written"].format(path=done.path, size=size, method=done.method, restore=restore))
    return 0


def add_purge_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `purge` subcommand to the CLI's subparsers."""
    words = L.CLI_PURGE
    p = sub.add_parser("purge", help=words["help"], description=words["description"])
    p.add_argument("--older-than", type=int, metavar=L.CLI_METAVARS["months"], help=words["older_than"])
    p.add_argument("--dry-run", action="store_true", help=words["dry_run"])
    p.add_argument("--user", help=L.CLI_OPTIONS["user_audit"])
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
