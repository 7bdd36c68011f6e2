"""What the follow-up modules share: the support length, the import kind, the clock, the audit target and
the one audit row per change."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import Connection

from aic_dash.store import audit
from aic_dash.store.queries import TIMEZONE

SUPPORT_MONTHS = 12
IMPORT_KIND = "suivi"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _paris_date(moment: datetime | None) -> date | None:
    """A naive-UTC datetime of the store -> its day in Paris."""
    if moment is None:
        return None
    return pd.Timestamp(moment).tz_localize("UTC").tz_convert(TIMEZONE).date()


def support_end(start: date) -> date:
    """Start + 12 months (28 February for a start on 29 February); exclusive."""
    return (pd.Timestamp(start) + pd.DateOffset(months=SUPPORT_MONTHS)).date()


def audit_target(laureate_id: int) -> str:
    """The audit `target` of every follow-up change of one laureate."""
    return f"laureat:{laureate_id}"


def _log(conn: Connection, who: str, action: str, laureate_id: int, **detail: object) -> None:
    """One audit row for one change of a laureate's follow-up."""
    audit.record(conn, who, action, audit_target(laureate_id), detail)


def _user(user: str | None) -> str:
    return audit.current_user(user)[:200]
