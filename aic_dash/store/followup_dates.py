"""When things happened in the follow-up, for views as of a past day: the day each laureate was selected
and the day each milestone was reached.

The store keeps no column for either. The selection day is the decision date (« Traité le », else the
last update on démarches-simplifiées) of the laureate's dossier, in Paris. The day a milestone was reached
is the day of the latest audit row that set its status to `atteint` (created as reached, or changed to
it, from the app or an import); a milestone with no such row (the demo seed writes no audit) falls back
to its last update (`updated_at`), the best date recorded.
"""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import Connection, select

from aic_dash.store import schema as S

TIMEZONE = "Europe/Paris"
REACHED = "atteint"
_TARGET = "laureat:"


def _paris_days(moments: pd.Series) -> pd.Series:
    """Naive-UTC datetimes of the store -> naive Paris days (datetime64)."""
    stamps = pd.to_datetime(moments).astype("datetime64[us]")
    return stamps.dt.tz_localize("UTC").dt.tz_convert(TIMEZONE).dt.tz_localize(None).dt.normalize()


def selection_days(conn: Connection, dossier_numbers: pd.Series) -> pd.Series:
    """Aligned on `dossier_numbers`: the Paris day of each dossier's decision (processed_at, else
    ds_updated_at); NaT without a dossier or a date."""
    numbers = [int(n) for n in dossier_numbers.dropna()]
    if not numbers:
        return pd.Series(pd.NaT, index=dossier_numbers.index, dtype="datetime64[us]")
    d = S.dossier.c
    rows = conn.execute(select(d.number, d.processed_at, d.ds_updated_at).where(d.number.in_(numbers))).all()
    frame = pd.DataFrame(rows, columns=["number", "processed_at", "ds_updated_at"])
    moment = frame["processed_at"].where(frame["processed_at"].notna(), frame["ds_updated_at"])
    days = dict(zip(frame["number"].astype("int64"), _paris_days(moment)))
    aligned = [days.get(int(n)) if pd.notna(n) else None for n in dossier_numbers]
    return pd.Series(aligned, index=dossier_numbers.index, dtype="datetime64[us]")


# The audit detail's key for the milestone status; rows written before migration 0013 say "status".
_STATUS_KEYS = ("milestone_status", "status")


def _status_of(values: dict):
    return next((values[k] for k in _STATUS_KEYS if k in values), None)


def _sets_reached(action: str, detail: dict) -> bool:
    if action == "jalon_cree":
        return _status_of(detail) == REACHED
    change = _status_of(detail.get("changes") or {})
    return isinstance(change, list) and len(change) == 2 and change[1] == REACHED


def reached_days(conn: Connection, milestones: pd.DataFrame) -> pd.Series:
    """Per milestone (aligned on `milestones`): the Paris day it was reached, NaT when not `atteint`."""
    if milestones.empty:
        return pd.Series(dtype="datetime64[us]", index=milestones.index)
    targets = [f"{_TARGET}{int(i)}" for i in milestones["laureate_id"].unique()]
    a = S.audit.c
    rows = conn.execute(
        select(a.at, a.action, a.detail)
        .where(a.target.in_(targets), a.action.in_(["jalon_cree", "jalon_modifie"]))
        .order_by(a.id)
    ).all()
    audited: dict[int, object] = {}
    for at, action, detail in rows:
        try:
            values = json.loads(detail or "{}")
        except ValueError:
            continue
        if isinstance(values, dict) and values.get("id") is not None and _sets_reached(action, values):
            audited[int(values["id"])] = at  # the latest wins (rows in id order)
    moments = milestones["id"].map(lambda i: audited.get(int(i))).astype("object")
    audited_days = _paris_days(pd.Series(list(moments), index=milestones.index, dtype="datetime64[us]"))
    updated = pd.to_datetime(milestones["updated_at"])
    if updated.dt.tz is not None:
        updated = updated.dt.tz_convert(TIMEZONE).dt.tz_localize(None)
    fallback = updated.dt.normalize().astype("datetime64[us]")
    days = audited_days.astype("datetime64[us]").fillna(fallback)
    return days.where(milestones["milestone_status"] == REACHED).astype("datetime64[us]")
