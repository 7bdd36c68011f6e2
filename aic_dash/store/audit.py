"""The audit trail: who did what, when (exports with personal data, edits, role changes), and who acts
(`current_user`: what every `acted_by` column records)."""

from __future__ import annotations

import getpass
import json
from collections.abc import Mapping
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select

from aic_dash.store import schema as S
from aic_dash.store.db import result_frame

TIMEZONE = "Europe/Paris"
UNKNOWN_USER = "inconnu"
LOCAL_USER = "local"  # the app without a login (local single-user mode)


def current_user(given: str | None = None, *, signed_in: Mapping | None = None) -> str:
    """Who acts, as `acted_by` and the audit journal record it; the one place that decides it.

    In the app, `signed_in` is Streamlit's `st.user`: the signed-in e-mail, lower-case as stored in
    `app_user` (else the name the provider gives), and « local » without a login. In the command line,
    `given` is the `--user` option: that name, else the operating-system user name (« inconnu » when the
    system has none). A store function called without a user falls back the same way.
    """
    if signed_in is not None:
        if signed_in.get("is_logged_in"):
            email = str(signed_in.get("email") or "").strip().lower()
            return email or str(signed_in.get("name") or LOCAL_USER)
        return LOCAL_USER
    if given:
        return given
    try:
        return getpass.getuser() or UNKNOWN_USER
    except (OSError, KeyError):  # no login name and no passwd entry (some containers)
        return UNKNOWN_USER


def record(
    conn_or_engine: Connection | Engine,
    user: str | None,
    action: str,
    target: str | None = None,
    detail: Mapping | str | None = None,
) -> int:
    """Append one audit row and return its id.

    `action` is a code (labels.AUDIT_ACTIONS gives its French wording); `detail` a mapping, stored as
    JSON, or a text. On a Connection the row joins the caller's transaction; on an Engine it is
    committed at once.
    """
    if isinstance(detail, Mapping):
        detail = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
    values = {
        "at": datetime.now(UTC).replace(tzinfo=None),  # naive UTC, like every date-time in the store
        "acted_by": current_user(user)[:200],
        "action": action,
        "target": target,
        "detail": detail,
    }
    stmt = insert(S.audit).values(values)
    if isinstance(conn_or_engine, Engine):
        with conn_or_engine.begin() as conn:
            return int(conn.execute(stmt).inserted_primary_key[0])
    return int(conn_or_engine.execute(stmt).inserted_primary_key[0])


def audit_log(engine: Engine, action: str | None = None, limit: int = 500) -> pd.DataFrame:
    """Audit rows, newest first: id, at (aware Europe/Paris), acted_by, action, target, detail."""
    columns = [c.name for c in S.audit.columns]
    stmt = select(S.audit).order_by(S.audit.c.id.desc()).limit(limit)
    if action:
        stmt = stmt.where(S.audit.c.action == action)
    with engine.connect() as conn:
        frame = result_frame(conn.execute(stmt), columns)
    at = pd.to_datetime(frame["at"]).dt.tz_localize("UTC").dt.tz_convert(TIMEZONE)
    return frame.assign(at=at)
