"""Reading the follow-up: every table of the laureates in view (`load_followup`) and one laureate's audit
history (`laureate_history`)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Engine, Table, select

from aic_dash.store import followup_dates as dates
from aic_dash.store import schema as S
from aic_dash.store.db import result_frame, upgrade
from aic_dash.store.followup.add import _unlinked_dossiers, sync_laureates
from aic_dash.store.followup.common import audit_target
from aic_dash.store.queries import TIMEZONE, Filters

# --- Reading ------------------------------------------------------------------------------------------


@dataclass
class FollowupData:
    """The follow-up of the laureates in view, one frame per table; dates as naive datetime64 days,
    `updated_at` as aware Europe/Paris datetimes."""

    laureates: pd.DataFrame
    periods: pd.DataFrame
    milestones: pd.DataFrame
    indicators: pd.DataFrame
    measurements: pd.DataFrame
    funding: pd.DataFrame
    partners: pd.DataFrame


_DATE_COLUMNS = ("start_date", "end_date", "due_date", "measured_on", "granted_on", "convention_date")


def _frame(conn: Connection, stmt) -> pd.DataFrame:
    frame = result_frame(conn.execute(stmt), [c.name for c in stmt.selected_columns])
    changes = {}
    for name in frame.columns:
        if name in _DATE_COLUMNS:
            changes[name] = pd.to_datetime(frame[name]).astype("datetime64[us]")
        elif name in ("updated_at", "created_at"):
            changes[name] = (
                pd.to_datetime(frame[name])
                .astype("datetime64[us]")
                .dt.tz_localize("UTC")
                .dt.tz_convert(TIMEZONE)
            )
    return frame.assign(**changes)


def _in(column, ids: list[int]):
    return column.in_(ids) if ids else column.in_([-1])


def _owned(conn: Connection, table: Table, owner: str, ids: list[int], *order: str) -> pd.DataFrame:
    """The rows of `table` whose `owner` column is one of `ids`, sorted by the `order` columns."""
    stmt = select(table).where(_in(table.c[owner], ids)).order_by(*(table.c[c] for c in order))
    return _frame(conn, stmt)


def link_laureates(engine: Engine) -> None:
    """Give the dossiers newly at the `laureat` stage their laureate row (see `sync_laureates`)."""
    with engine.connect() as conn:
        pending = bool(_unlinked_dossiers(conn))
    if pending:
        with engine.begin() as conn:
            sync_laureates(conn)


def load_followup(engine: Engine, filters: Filters = Filters(), link: bool = True) -> FollowupData:
    """Every follow-up table for the laureates matching the filters (season, round, track).

    Dossiers newly at the `laureat` stage get their laureate row first (`link_laureates`), unless `link`
    is False: the app does that once per data version, since only an import brings new laureates.
    """
    upgrade(engine)
    if link:
        link_laureates(engine)
    with engine.connect() as conn:
        laureates = _frame(conn, filters.apply(select(S.laureate), S.laureate).order_by(S.laureate.c.id))
        ids = [int(i) for i in laureates["id"]]
        periods = _owned(conn, S.support_period, "laureate_id", ids, "laureate_id", "renewal")
        milestones = _owned(conn, S.milestone, "laureate_id", ids, "laureate_id", "due_date", "id")
        indicators = _owned(conn, S.indicator, "laureate_id", ids, "id")
        indicator_ids = [int(i) for i in indicators["id"]]
        m = S.indicator_measurement
        measurements = _owned(conn, m, "indicator_id", indicator_ids, "indicator_id", "measured_on")
        funds = _owned(conn, S.funding, "laureate_id", ids, "laureate_id", "tranche")
        partners = _owned(conn, S.partner_administration, "laureate_id", ids, "laureate_id", "name")
        # When each laureate was selected and each milestone reached, for views as of a past day.
        laureates = laureates.assign(selected_on=dates.selection_days(conn, laureates["dossier_number"]))
        milestones = milestones.assign(reached_on=dates.reached_days(conn, milestones))
    return FollowupData(laureates, periods, milestones, indicators, measurements, funds, partners)


def laureate_history(engine: Engine, laureate_id: int, limit: int = 200) -> pd.DataFrame:
    """Audit rows of one laureate's follow-up, newest first: at (Paris), acted_by, action, detail."""
    a = S.audit
    stmt = (
        select(a.c.at, a.c.acted_by, a.c.action, a.c.detail)
        .where(a.c.target == audit_target(laureate_id))
        .order_by(a.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        frame = result_frame(conn.execute(stmt), ["at", "acted_by", "action", "detail"])
    at = pd.to_datetime(frame["at"]).astype("datetime64[us]").dt.tz_localize("UTC").dt.tz_convert(TIMEZONE)
    return frame.assign(at=at)
