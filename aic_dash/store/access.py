"""Who may open the shared dashboard, and with which role: the `app_user` table.

A role is one of ROLES: `lecteur` (aggregates and laureate summaries, no personal data), `gestionnaire`
(everything: imports, follow-up edits, reports, personal data), `admin` (also the roles), `jure` (a
juror: only « Mes évaluations », the dossiers assigned to them; see store.evaluations). E-mails are
stored lower-case. Every change leaves one audit row, in the same transaction as the change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import (
    Connection,
    Engine,
    delete,
    func,
    insert,
    select,
    text,
    update,
)

from aic_dash import labels as L
from aic_dash.codes import ADMIN, ROLES
from aic_dash.errors import AicError
from aic_dash.store import audit
from aic_dash.store.db import has_schema, upgrade
from aic_dash.store.schema import app_user

# Audit action codes (labels.AUDIT_ACTIONS gives their French wording).
ROLE_SET = "role_attribue"
ROLE_REMOVED = "role_retire"
# Who granted a role read from the AIC_DASH_ADMINS variable (see `bootstrap_role`).
BOOTSTRAP = "AIC_DASH_ADMINS"
ADMINS_ENV = "AIC_DASH_ADMINS"
TIMEZONE = "Europe/Paris"
# PostgreSQL advisory-lock key of role changes ("AICUSERS" in ASCII): the last-admin check stays true.
USERS_LOCK_KEY = 0x4149435553455253
COLUMNS = ["email", "role", "added_at", "acted_by"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_email(email: object) -> str:
    """The e-mail as stored: stripped, lower-case; AicError when it is not an e-mail address."""
    text = str(email or "").strip().lower()
    if not _EMAIL.match(text) or len(text) > 320:
        raise AicError(L.STORE_ACCESS["bad_email"].format(email=str(email or "").strip()))
    return text


def check_role(role: object) -> str:
    """The role code, or AicError naming the roles that exist."""
    text = str(role or "").strip().lower()
    if text not in ROLES:
        raise AicError(L.STORE_ACCESS["unknown_role"].format(role=role, roles=", ".join(ROLES)))
    return text


def admins_from_env(value: str | None) -> frozenset[str]:
    """The e-mails of AIC_DASH_ADMINS (comma- or space-separated), lower-case; malformed ones ignored."""
    found = set()
    for part in re.split(r"[,;\s]+", value or ""):
        try:
            found.add(normalize_email(part))
        except AicError:
            continue
    return frozenset(found)


def get_role(engine: Engine, email: str) -> str | None:
    """The role of this e-mail, or None when it has no access (creates the schema on a new database)."""
    upgrade(engine)
    with engine.connect() as conn:
        return conn.scalar(select(app_user.c.role).where(app_user.c.email == str(email).strip().lower()))


def _no_database(engine: Engine) -> bool:
    """True when there is no database yet (looking must not create an SQLite file, nor a schema)."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        if not Path(url.database).exists():
            return True
    return not has_schema(engine)


def list_users(engine: Engine) -> pd.DataFrame:
    """Every user with access, by e-mail: email, role, added_at (aware, Europe/Paris), acted_by (who gave
    the role)."""
    if _no_database(engine):
        return pd.DataFrame(columns=COLUMNS)
    upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(select(app_user).order_by(app_user.c.email)).all()
    frame = pd.DataFrame(rows, columns=COLUMNS)
    added = pd.to_datetime(frame["added_at"]).dt.tz_localize("UTC").dt.tz_convert(TIMEZONE)
    return frame.assign(added_at=added)


def _lock(conn: Connection) -> None:
    # SQLite needs nothing: its transactions begin IMMEDIATE (aic_dash.store.db), which queues writers.
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": USERS_LOCK_KEY})


def _admins(conn: Connection) -> int:
    return int(conn.scalar(select(func.count()).select_from(app_user).where(app_user.c.role == ADMIN)))


def _last_admin(email: str) -> AicError:
    return AicError(L.STORE_ACCESS["last_admin"].format(email=email))


def set_role(engine: Engine, email: str, role: str, by: str) -> str | None:
    """Give `email` the role `role` (added or changed); returns the previous role (None if new).

    Refuses to demote the last admin. One transaction with its audit row.
    """
    email, role = normalize_email(email), check_role(role)
    upgrade(engine)
    with engine.begin() as conn:
        _lock(conn)
        previous = conn.scalar(select(app_user.c.role).where(app_user.c.email == email))
        if previous == role:
            return previous
        if previous == ADMIN and _admins(conn) <= 1:
            raise _last_admin(email)
        now = datetime.now(UTC).replace(tzinfo=None)
        if previous is None:
            conn.execute(insert(app_user).values(email=email, role=role, added_at=now, acted_by=by[:200]))
        else:
            conn.execute(update(app_user).where(app_user.c.email == email).values(role=role))
        audit.record(conn, by, ROLE_SET, f"utilisateur:{email}", {"role": role, "previous": previous})
    return previous


def remove_user(engine: Engine, email: str, by: str) -> bool:
    """Take away every access of `email`; False when it had none. Refuses to remove the last admin."""
    email = normalize_email(email)
    if _no_database(engine):
        return False
    upgrade(engine)
    with engine.begin() as conn:
        _lock(conn)
        previous = conn.scalar(select(app_user.c.role).where(app_user.c.email == email))
        if previous is None:
            return False
        if previous == ADMIN and _admins(conn) <= 1:
            raise _last_admin(email)
        conn.execute(delete(app_user).where(app_user.c.email == email))
        audit.record(conn, by, ROLE_REMOVED, f"utilisateur:{email}", {"previous": previous})
    return True


def bootstrap_role(engine: Engine, email: str, admins: Iterable[str]) -> str | None:
    """The role of a signed-in e-mail; on its first login, an e-mail of `admins` becomes admin.

    `admins` comes from AIC_DASH_ADMINS, so that a fresh deployment can be administered. An e-mail
    that already has a row keeps it (an admin who demoted it is not overruled at the next login).
    """
    role = get_role(engine, email)
    if role is None and str(email).strip().lower() in set(admins):
        try:
            set_role(engine, email, ADMIN, BOOTSTRAP)
        except AicError:
            return None
        # Two first logins at once: the other one may have written the row first.
        role = get_role(engine, email)
    return role
