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
    roles = ", ".join(f"{role} ({L.ROLE_HELP[role]})" for role in ROLES)
    p = sub.add_parser(
        "users",
        help="gérer les accès au tableau de bord partagé (lister, donner un rôle, retirer)",
        description=f"Rôles : {roles}. Chaque changement est inscrit au journal d'audit.",
    )
    actions = p.add_subparsers(dest="users_action", required=True, metavar="ACTION")

    def common(q: argparse.ArgumentParser) -> None:
        q.add_argument("--db", help="adresse de la base (défaut : AIC_DASH_DATABASE_URL, sinon SQLite)")

    def author(q: argparse.ArgumentParser) -> None:
        q.add_argument("--user", help="votre nom pour le journal d'audit (défaut : l'utilisateur du système)")

    q = actions.add_parser("list", help="les adresses qui ont accès, avec leur rôle")
    common(q)
    q = actions.add_parser("set", help="donner un rôle à une adresse e-mail (ou le changer)")
    q.add_argument("email", metavar="EMAIL")
    q.add_argument("role", metavar="ROLE", help=", ".join(ROLES))
    common(q)
    author(q)
    q = actions.add_parser("remove", help="retirer l'accès d'une adresse e-mail")
    q.add_argument("email", metavar="EMAIL")
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
            print(
                "Personne n'a encore accès. Donnez un rôle : python -m aic_dash users set EMAIL admin",
                file=sys.stderr,
            )
            return 0
        width = max(len("e-mail"), users["email"].str.len().max())
        print(f"{'e-mail':<{width}}  {'rôle':<12}  {'depuis le':<16}  ajouté par")
        for row in users.itertuples(index=False):
            print(f"{row.email:<{width}}  {row.role:<12}  {row.added_at:%d/%m/%Y %H:%M}  {row.acted_by}")
        return 0
    by = current_user(args.user)
    if args.users_action == "set":
        role = access.check_role(args.role)
        previous = access.set_role(engine, args.email, role, by)
        email = access.normalize_email(args.email)
        if previous == role:
            print(f"{email} avait déjà le rôle {role} : rien n'a changé.")
        elif previous is None:
            print(f"{email} : accès ouvert avec le rôle {role} (inscrit au journal d'audit).")
        else:
            print(f"{email} : rôle {previous} remplacé par {role} (inscrit au journal d'audit).")
        return 0
    if not access.remove_user(engine, args.email, by):
        raise AicError(
            f"« {args.email.strip()} » n'a pas accès au tableau de bord : rien à retirer. "
            "Voyez qui a accès avec : python -m aic_dash users list"
        )
    print(f"{access.normalize_email(args.email)} : accès retiré (inscrit au journal d'audit).")
    return 0
