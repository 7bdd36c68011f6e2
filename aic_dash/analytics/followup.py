"""Laureate follow-up: milestone lateness, roadmap progress, support periods, renewals, laureates at risk
and cohort progress. Pure pandas; every function takes `today` so that results are reproducible.

Frames are those of `aic_dash.store.followup.FollowupData`: dates as naive datetime64 days,
`updated_at` as aware Europe/Paris datetimes.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

SUPPORT_MONTHS = 12
RENEWAL_WINDOW_DAYS = 60  # renewals to decide within this many days
STALE_DAYS = 60  # no update for longer than this: at risk
LATE_LIMIT = 1  # more late milestones than this: at risk
REACHED = "atteint"
DROPPED = "abandonne"
LATE = "en_retard"
TIMEZONE = "Europe/Paris"

PORTFOLIO_COLUMNS = [
    "laureate_id",
    "season",
    "round",
    "track",
    "laureate",
    "organisation",
    "town",
    "dossier",
    "support_start",
    "support_end",
    "renewal",
    "status",
    "in_support",
    "months_elapsed",
    "milestones_total",
    "milestones_reached",
    "milestones_late",
    "progress",
    "last_update",
    "renewal_due",
    "late_risk",
    "stale_risk",
    "at_risk",
]


def _day(today: date) -> pd.Timestamp:
    return pd.Timestamp(today).normalize()


def late_milestones(milestones: pd.DataFrame, today: date) -> pd.Series:
    """True for each milestone that is late on `today`.

    Late: marked `en_retard`, or past its due date (due before `today`) and not reached, whatever its
    stored status. An abandoned milestone has left the roadmap: never late.
    """
    due = pd.to_datetime(milestones["due_date"])
    status = milestones["status"]
    overdue = (due < _day(today)) & ~status.isin([REACHED, DROPPED])
    return (overdue | (status == LATE)) & (status != DROPPED)


def milestone_status(milestones: pd.DataFrame, today: date) -> pd.Series:
    """The status a manager should read on `today`: the stored one, or `en_retard` when late."""
    return milestones["status"].where(~late_milestones(milestones, today), LATE)


def roadmap_progress(milestones: pd.DataFrame, today: date) -> pd.DataFrame:
    """Per laureate_id: milestones_total (abandoned ones left out), milestones_reached,
    milestones_late, progress (reached ÷ total; NaN without milestone) and last_update (latest edit)."""
    live = milestones[milestones["status"] != DROPPED]
    frame = pd.DataFrame(
        {
            "laureate_id": live["laureate_id"],
            "reached": live["status"] == REACHED,
            "late": late_milestones(live, today),
        }
    )
    counts = frame.groupby("laureate_id").agg(
        milestones_total=("reached", "size"),
        milestones_reached=("reached", "sum"),
        milestones_late=("late", "sum"),
    )
    counts = counts.astype("int64").assign(
        progress=lambda c: c["milestones_reached"] / c["milestones_total"].where(c["milestones_total"] > 0)
    )
    last = milestones.groupby("laureate_id")["updated_at"].max().rename("last_update")
    return counts.join(last, how="outer").rename_axis("laureate_id")


def months_elapsed(start: date, today: date) -> int:
    """Whole months of support completed on `today`, from 0 (first month) to 12."""
    if today < start:
        return 0
    months = (today.year - start.year) * 12 + today.month - start.month - (today.day < start.day)
    return max(0, min(months, SUPPORT_MONTHS))


def current_periods(periods: pd.DataFrame, today: date) -> pd.DataFrame:
    """Per laureate_id, the support period that matters on `today`.

    That is the latest period started by `today` (else the first one, not started yet). Columns:
    support_start, support_end (exclusive), renewal (0 for the first 12 months), status, in_support,
    months_elapsed, has_next (a later period is already recorded). An ended period read as
    `diagnostic` or `accompagnement` is `termine`; one followed by a recorded renewal is `renouvele`.
    """
    columns = [
        "support_start",
        "support_end",
        "renewal",
        "status",
        "in_support",
        "months_elapsed",
        "has_next",
    ]
    if periods.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="laureate_id"))
    day = _day(today)
    ordered = periods.sort_values(["laureate_id", "renewal"])
    started = ordered[pd.to_datetime(ordered["start_date"]) <= day]
    chosen = pd.concat([started.groupby("laureate_id").tail(1), ordered.groupby("laureate_id").head(1)])
    chosen = chosen.drop_duplicates("laureate_id", keep="first").set_index("laureate_id")
    last_renewal = ordered.groupby("laureate_id")["renewal"].max()
    has_next = chosen["renewal"] < last_renewal.reindex(chosen.index)
    start = pd.to_datetime(chosen["start_date"])
    end = pd.to_datetime(chosen["end_date"])
    ended = end <= day
    status = chosen["status"].where(
        ~(ended & chosen["status"].isin(["diagnostic", "accompagnement"])), "termine"
    )
    status = status.where(~(ended & has_next), "renouvele")
    in_support = (start <= day) & ~ended & (status != "termine")
    elapsed = [months_elapsed(s.date(), min(today, e.date())) for s, e in zip(start, end)]
    return pd.DataFrame(
        {
            "support_start": start,
            "support_end": end,
            "renewal": chosen["renewal"].astype("int64"),
            "status": status,
            "in_support": in_support,
            "months_elapsed": pd.Series(elapsed, index=chosen.index, dtype="int64"),
            "has_next": has_next,
        }
    ).rename_axis("laureate_id")


def _last_updates(
    milestones: pd.DataFrame, measurements: pd.DataFrame, indicators: pd.DataFrame
) -> pd.Series:
    """Latest edit per laureate_id (milestones and indicator measurements), as a naive Paris day."""
    parts = [milestones[["laureate_id", "updated_at"]]]
    if len(measurements) and len(indicators):
        owners = indicators.set_index("id")["laureate_id"]
        parts.append(
            pd.DataFrame(
                {
                    "laureate_id": measurements["indicator_id"].map(owners),
                    "updated_at": measurements["updated_at"],
                }
            )
        )
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.Series(dtype="datetime64[us]", name="last_update")
    updates = pd.concat(parts, ignore_index=True).dropna()
    moments = pd.to_datetime(updates["updated_at"], utc=True).dt.tz_convert(TIMEZONE)
    days = moments.dt.tz_localize(None).dt.normalize().astype("datetime64[us]")
    return days.groupby(updates["laureate_id"].astype("int64")).max().rename("last_update")


def portfolio(
    laureates: pd.DataFrame,
    periods: pd.DataFrame,
    milestones: pd.DataFrame,
    today: date,
    measurements: pd.DataFrame | None = None,
    indicators: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per laureate on `today` (columns PORTFOLIO_COLUMNS), ordered by season, track, name.

    renewal_due: in support, the period ends within RENEWAL_WINDOW_DAYS and no renewal is recorded.
    at_risk (only while in support): more than LATE_LIMIT late milestones (late_risk), or no update of
    milestones or measurements for more than STALE_DAYS — counted from the support start when there
    was never any (stale_risk).
    """
    if laureates.empty:
        return pd.DataFrame(columns=PORTFOLIO_COLUMNS)
    day = _day(today)
    ids = laureates["id"].astype("int64")
    current = current_periods(periods, today).reindex(ids)
    progress = roadmap_progress(milestones, today).reindex(ids)
    empty = pd.DataFrame(columns=["id", "laureate_id", "indicator_id", "updated_at"])
    updates = _last_updates(
        milestones,
        measurements if measurements is not None else empty,
        indicators if indicators is not None else empty,
    ).reindex(ids)
    in_support = current["in_support"].fillna(False).astype("bool")
    late = progress["milestones_late"].fillna(0).astype("int64")
    reference = updates.fillna(current["support_start"])
    stale = in_support & ((day - reference) > pd.Timedelta(days=STALE_DAYS))
    late_risk = in_support & (late > LATE_LIMIT)
    renewal_due = (
        in_support
        & ~current["has_next"].fillna(False).astype("bool")
        & ((current["support_end"] - day) <= pd.Timedelta(days=RENEWAL_WINDOW_DAYS))
    )
    frame = pd.DataFrame(
        {
            "laureate_id": ids.to_numpy(),
            "season": laureates["season"].to_numpy(),
            "round": laureates["round"].to_numpy(),
            "track": laureates["track"].to_numpy(),
            "laureate": laureates["name"].to_numpy(),
            "organisation": laureates["organisation"].to_numpy(),
            "town": laureates["town"].to_numpy(),
            "dossier": laureates["dossier_number"].astype("Int64").to_numpy(),
            "support_start": current["support_start"].to_numpy(),
            "support_end": current["support_end"].to_numpy(),
            "renewal": current["renewal"].astype("Int64").to_numpy(),
            "status": current["status"].to_numpy(),
            "in_support": in_support.to_numpy(),
            "months_elapsed": current["months_elapsed"].astype("Int64").to_numpy(),
            "milestones_total": progress["milestones_total"].fillna(0).astype("int64").to_numpy(),
            "milestones_reached": progress["milestones_reached"].fillna(0).astype("int64").to_numpy(),
            "milestones_late": late.to_numpy(),
            "progress": progress["progress"].astype("float64").to_numpy(),
            "last_update": updates.to_numpy(),
            "renewal_due": renewal_due.to_numpy(),
            "late_risk": late_risk.to_numpy(),
            "stale_risk": stale.to_numpy(),
            "at_risk": (late_risk | stale).to_numpy(),
        }
    )
    return frame.sort_values(["season", "track", "laureate"], na_position="last").reset_index(drop=True)


def renewals_due(portfolio_frame: pd.DataFrame) -> pd.DataFrame:
    """Laureates whose renewal is to be decided within RENEWAL_WINDOW_DAYS, soonest first."""
    return portfolio_frame[portfolio_frame["renewal_due"]].sort_values("support_end").reset_index(drop=True)


def at_risk(portfolio_frame: pd.DataFrame) -> pd.DataFrame:
    """Laureates in support with more than one late milestone or no update for STALE_DAYS days."""
    risky = portfolio_frame[portfolio_frame["at_risk"]]
    # Most late milestones first, then the longest silence (never updated comes first).
    ordered = risky.sort_values(
        ["milestones_late", "last_update"], ascending=[False, True], na_position="first"
    )
    return ordered.reset_index(drop=True)


def late_list(milestones: pd.DataFrame, portfolio_frame: pd.DataFrame, today: date) -> pd.DataFrame:
    """The late milestones of laureates in support, oldest due date first, with the laureate's name,
    season and track and `days_late` (days past the due date; 0 when marked late before it)."""
    running = portfolio_frame.loc[
        portfolio_frame["in_support"], ["laureate_id", "laureate", "season", "track"]
    ]
    late = milestones[late_milestones(milestones, today)].merge(running, on="laureate_id")
    days = (_day(today) - pd.to_datetime(late["due_date"])).dt.days.clip(lower=0)
    return late.assign(days_late=days.astype("int64")).sort_values("due_date").reset_index(drop=True)


COHORT_COLUMNS = [
    "season",
    "track",
    "laureates",
    "in_support",
    "milestones_total",
    "milestones_reached",
    "milestones_late",
    "progress",
    "at_risk",
    "renewals_due",
]


def cohort_progress(portfolio_frame: pd.DataFrame) -> pd.DataFrame:
    """Per season and track: laureates, in_support, milestones (total, reached, late), progress
    (reached ÷ total), laureates at_risk and renewals_due."""
    if portfolio_frame.empty:
        return pd.DataFrame(columns=COHORT_COLUMNS)
    grouped = portfolio_frame.assign(
        season=portfolio_frame["season"].fillna(""), track=portfolio_frame["track"].fillna("")
    ).groupby(["season", "track"], sort=True)
    out = grouped.agg(
        laureates=("laureate_id", "size"),
        in_support=("in_support", "sum"),
        milestones_total=("milestones_total", "sum"),
        milestones_reached=("milestones_reached", "sum"),
        milestones_late=("milestones_late", "sum"),
        at_risk=("at_risk", "sum"),
        renewals_due=("renewal_due", "sum"),
    ).astype("int64")
    out = out.assign(
        progress=out["milestones_reached"] / out["milestones_total"].where(out["milestones_total"] > 0)
    )
    out = out.reset_index()
    out = out.assign(season=out["season"].replace("", None), track=out["track"].replace("", None))
    return out[COHORT_COLUMNS]


def indicator_series(indicator: pd.Series, measurements: pd.DataFrame, start: date | None) -> pd.DataFrame:
    """The points of one indicator's chart: the initial value at the support start (when both are
    known), then each measurement; columns measured_on, value, kind (`initial` | `measure`)."""
    points = measurements.loc[measurements["indicator_id"] == indicator["id"], ["measured_on", "value"]]
    points = points.assign(kind="measure")
    initial = indicator.get("initial")
    if start is not None and initial is not None and not pd.isna(initial):
        first = pd.DataFrame(
            {"measured_on": [pd.Timestamp(start)], "value": [float(initial)], "kind": ["initial"]}
        )
        points = pd.concat([first, points], ignore_index=True) if len(points) else first
    return points.sort_values("measured_on", kind="stable").reset_index(drop=True)


STATUS_ORDER = ("atteint", "en_cours", "a_venir", "en_retard")


def status_counts(milestones: pd.DataFrame, today: date) -> pd.DataFrame:
    """Per laureate_id, the number of milestones in each status read on `today` (late ones as
    `en_retard`, abandoned ones left out): one column per STATUS_ORDER entry."""
    live = milestones[milestones["status"] != DROPPED]
    status = milestone_status(live, today)
    counts = pd.crosstab(live["laureate_id"], status) if len(live) else pd.DataFrame()
    return counts.reindex(columns=list(STATUS_ORDER), fill_value=0).astype("int64").rename_axis("laureate_id")
