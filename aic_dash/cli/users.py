"""`python -m aic_dash users list|set|remove`: who may open the shared dashboard, from the command line.

The same functions as the app's Administration page (aic_dash.store.access); every change is written
to the audit trail under --user (default: the operating-system user).
"""

from __future__ import annotations

import argparse
import sys

from aic_dash import labels as L
from aic_dash.codes import ROLES
from aic_dash.config import database_url
from aic_dash.errors import AicError


def add_users_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `users` subcommand to the CLI's subparsers."""
    words, metavars = L.CLI_USERS, L.CLI_METAVARS
    roles = ", ".join(words["role"].format(role=role, help=L.ROLE_HELP[role]) for role in ROLES)
    p = sub.add_parser("users", help=words["help"], description=words["description"].format(roles=roles))
    actions = p.add_subparsers(dest="users_action", required=True, metavar=metavars["action"])

    def common(q: argparse.ArgumentParser) -> None:
        q.add_argument("--db", help=L.CLI_OPTIONS["db"])

    def author(q: argparse.ArgumentParser) -> None:
        q.add_argument("--user", help=L.CLI_OPTIONS["user_audit"])

    q = actions.add_parser("list", help=words["list"])
    common(q)
    q = actions.add_parser("set", help=words["set"])
    q.add_argument("email", metavar=metavars["email"])
    q.add_argument("role", metavar=metavars["role"], help=", ".join(ROLES))
    common(q)
    author(q)
    q = actions.add_parser("remove", help=words["remove"])
    q.add_argument("email", metavar=metavars["email"])
    common(q)
    author(q)
    return p


def cmd_users(args: argparse.Namespace) -> int:
    """Run one `users` action; 0 when done, 2 with the French message on stderr otherwise."""
    from aic_dash.store import access
    from aic_dash.store.audit import current_user
    from aic_dash.store.db import get_engine

    engine = get_engine(database_url(args.db))
    if args.users_action == "list":
        users = access.list_users(engine)
        if users.empty:
            print(L.CLI_USERS["nobody"], file=sys.stderr)
            return 0
        header = L.CLI_USERS["columns"]
        width = max(len(header["email"]), users["email"].str.len().max())
        print(
            f"{header['email']:<{width}}  {header['role']:<12}  {header['since']:<16}  {header['acted_by']}"
        )
        for row in users.itertuples(index=False):
            print(f"{row.email:<{width}}  {row.role:<12}  {row.added_at:%d/%m/%Y %H:%M}  {row.acted_by}")
        return 0
    by = current_user(args.user)
    if args.users_action == "set":
        role = access.check_role(args.role)
        previous = access.set_role(engine, args.email, role, by)
        email = access.normalize_email(args.email)
        if previous == role:
            print(L.CLI_USERS["unchanged"].format(email=email, role=role))
        elif previous is None:
            print(L.CLI_USERS["opened"].format(email=email, role=role))
        else:
            print(L.CLI_USERS["replaced"].format(email=email, previous=previous, role=role))
        return 0
    if not access.remove_user(engine, args.email, by):
        raise AicError(L.CLI_USERS["not_found"].format(email=args.email.strip()))
    print(L.CLI_USERS["removed"].format(email=access.normalize_email(args.email)))
    return 0
