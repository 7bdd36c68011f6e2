"""Where applications stand: pure pandas over the dossier frame of the store."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import pandas as pd

from aic_dash.labels import STAGE_ORDER

GROUP_KEYS = ["season", "round", "track"]
# Stages where no decision has been taken yet.
OPEN_STAGES = ("depose", "en_instruction", "liste_restreinte")


class FilterLike(Protocol):
    season: str | None
    round: str | None
    track: str | None


def stage_counts(dossiers: pd.DataFrame) -> pd.DataFrame:
    """One row per (season, round, track, stage) present: columns GROUP_KEYS + stage, applications."""
    keys = GROUP_KEYS + ["stage"]
    if dossiers.empty:
        return pd.DataFrame({k: pd.Series(dtype="str") for k in keys}).assign(
            applications=pd.Series(dtype="int64")
        )
    ranks = {stage: rank for rank, stage in enumerate(STAGE_ORDER)}  # a lookup, not a call per dossier
    counts = (
        dossiers[keys]
        .assign(stage_rank=dossiers["stage"].map(ranks))
        .groupby(keys + ["stage_rank"], dropna=False)
        .size()
        .rename("applications")
        .reset_index()
        .sort_values(GROUP_KEYS + ["stage_rank"], na_position="last")
        .drop(columns="stage_rank")
        .reset_index(drop=True)
    )
    return counts


def apply_filters(dossiers: pd.DataFrame, filters: FilterLike) -> pd.DataFrame:
    """The rows matching the shared filters (None = all), like `Filters.apply` does in SQL."""
    mask = pd.Series(True, index=dossiers.index)
    for name in ("season", "round", "track"):
        value = getattr(filters, name)
        if value:
            mask &= dossiers[name].eq(value).fillna(False).astype(bool)
    return dossiers[mask]


def stage_track_table(dossiers: pd.DataFrame, tracks: Iterable[str]) -> pd.DataFrame:
    """Applications per stage (rows, pipeline order) and track (columns), with totals.

    The index holds the stage codes plus "total"; columns are the track ids, "sans_volet" when some
    dossiers have no recognised track, and "total". Counts are int64.
    """
    tracks = list(tracks)
    frame = dossiers.assign(track=dossiers["track"].astype("object").fillna("sans_volet"))
    columns = tracks + (["sans_volet"] if (frame["track"] == "sans_volet").any() else [])
    table = (
        frame.groupby(["stage", "track"]).size().unstack("track", fill_value=0)
        if len(frame)
        else pd.DataFrame()
    )
    table = table.reindex(index=list(STAGE_ORDER), columns=columns, fill_value=0).fillna(0).astype("int64")
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum(axis=0)
    table.index.name = "stage"
    table.columns.name = None
    return table


def capacity_use(
    dossiers: pd.DataFrame, seasons: Iterable[str], tracks: Iterable[str], capacity
) -> pd.DataFrame:
    """Laureates against the cap per (season, track).

    `capacity(season, track)` gives the cap or None. Returns season, track, laureates, capacity
    (nullable Int64), share (laureates / capacity, NaN without a cap); one row per asked pair.
    """
    laureates = (
        dossiers[dossiers["stage"] == "laureat"].groupby(["season", "track"]).size().to_dict()
        if len(dossiers)
        else {}
    )
    rows = []
    for season in seasons:
        for track in tracks:
            cap = capacity(season, track)
            n = int(laureates.get((season, track), 0))
            rows.append((season, track, n, cap, n / cap if cap else float("nan")))
    frame = pd.DataFrame(rows, columns=["season", "track", "laureates", "capacity", "share"])
    return frame.astype({"laureates": "int64", "capacity": "Int64", "share": "float64"})


def waiting_days(deposited_at: pd.Series, now: pd.Timestamp) -> pd.Series:
    """Days from each deposit to `now` (fractional, float64)."""
    return ((now - deposited_at).dt.total_seconds() / 86400).astype("float64")


def longest_waiting(dossiers: pd.DataFrame, now: pd.Timestamp, limit: int = 10) -> pd.DataFrame:
    """Undecided dossiers (OPEN_STAGES), oldest deposit first, with `waiting_days` since deposit."""
    open_ = dossiers[dossiers["stage"].isin(OPEN_STAGES)]
    return (
        open_.assign(waiting_days=waiting_days(open_["deposited_at"], now))
        .sort_values(["deposited_at", "number"])
        .head(limit)
        .reset_index(drop=True)
    )
