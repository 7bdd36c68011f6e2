"""Time in the pipeline: submissions over time and time to decision. Pure pandas."""

from __future__ import annotations

import pandas as pd

DECIDED_STATES = ("accepte", "refuse", "sans_suite")


def cumulative_submissions(dossiers: pd.DataFrame, tracks: list[str]) -> pd.DataFrame:
    """Running count of deposits per track, one point per day with a deposit.

    Returns track, day (local midnight, without zone: Paris wall-clock), applications (cumulative,
    int64); tracks in `tracks` order, days ascending.
    """
    columns = ["track", "day", "applications"]
    if dossiers.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns}).astype({"applications": "int64"})
    deposited = dossiers["deposited_at"]
    if isinstance(deposited.dtype, pd.DatetimeTZDtype):
        deposited = deposited.dt.tz_localize(None)  # wall-clock days; flooring aware times is slow
    frame = dossiers[["track"]].assign(day=deposited.dt.floor("D"))
    daily = frame.groupby(["track", "day"]).size().rename("applications").reset_index()
    daily = daily[daily["track"].isin(tracks)]
    daily = daily.assign(
        applications=daily.groupby("track")["applications"].cumsum().astype("int64"),
        order=daily["track"].map({t: i for i, t in enumerate(tracks)}),
    )
    return daily.sort_values(["order", "day"])[columns].reset_index(drop=True)


def decision_days(dossiers: pd.DataFrame) -> pd.Series:
    """Days from deposit to decision of decided dossiers (float), indexed like `dossiers`."""
    decided = dossiers["state"].isin(DECIDED_STATES) & dossiers["processed_at"].notna()
    delay = dossiers.loc[decided, "processed_at"] - dossiers.loc[decided, "deposited_at"]
    return (delay.dt.total_seconds() / 86400).astype("float64")


def decision_times(dossiers: pd.DataFrame, tracks: list[str]) -> pd.DataFrame:
    """Median and 90th percentile of days from deposit to decision, per track and overall.

    Like démarches-simplifiées' processing time: over the dossiers accepted, refused or closed, from
    "Déposé le" to "Traité le". Returns track ("total" last), decided, median_days, p90_days.
    """
    days = decision_days(dossiers) if len(dossiers) else pd.Series(dtype="float64")
    frame = pd.DataFrame({"days": days, "track": dossiers["track"].loc[days.index] if len(days) else []})
    per_track = frame.groupby("track")["days"].agg(["size", "median", lambda d: d.quantile(0.9)])
    per_track.columns = ["decided", "median_days", "p90_days"]
    overall = pd.DataFrame(
        {
            "decided": [len(days)],
            "median_days": [days.median() if len(days) else float("nan")],
            "p90_days": [days.quantile(0.9) if len(days) else float("nan")],
        },
        index=["total"],
    )
    out = pd.concat([per_track.reindex(tracks), overall])
    out = out.assign(decided=out["decided"].fillna(0).astype("int64"))
    return (
        out.rename_axis("track")
        .reset_index()[["track", "decided", "median_days", "p90_days"]]
        .astype({"median_days": "float64", "p90_days": "float64"})
    )
