"""Laureate follow-up: milestone lateness, roadmap progress, support periods, renewals, laureates at risk
and cohort progress. Pure pandas; every function takes `today` so that results are reproducible.

Frames are those of `aic_dash.store.followup.FollowupData`: dates as naive datetime64 days,
`updated_at` as aware Europe/Paris datetimes.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from aic_dash.analytics import support as S
from aic_dash.analytics.support import RENEWAL_WINDOW_DAYS, SUPPORT_MONTHS  # noqa: F401 (public names)

STALE_DAYS = 60  # no update for longer than this: at risk
LATE_LIMIT = 1  # more late milestones than this: at risk
REACHED = "atteint"
DROPPED = "abandonne"
LATE = "en_retard"
TIMEZONE = "Europe/Paris"

# Groups of PORTFOLIO_COLUMNS that the `laureates` report (reports.followup) lists in the same order.
IDENTITY_COLUMNS = ("season", "round", "track", "laureate", "organisation", "town", "dossier")
PERIOD_COLUMNS = ("support_start", "support_end", "renewal", "support_status")
ROADMAP_COLUMNS = ("milestones_total", "milestones_reached", "milestones_late", "progress", "last_update")
PORTFOLIO_COLUMNS = [
    "laureate_id",
    *IDENTITY_COLUMNS,
    *PERIOD_COLUMNS,
    "in_support",
    "months_elapsed",
    "support_month",
    "selected_on",
    *ROADMAP_COLUMNS,
    "renewal_due",
    "late_risk",
    "stale_risk",
    "at_risk",
]


def late_milestones(milestones: pd.DataFrame, today: date) -> pd.Series:
    """True for each milestone whose stored status says late on `today`: marked `en_retard`, or past
    its due date (due before `today`) and not reached. An abandoned milestone is never late.

    This reads the stored statuses as they are now; the pages, reports and counts read `milestones_on`
    (late only once due, reached only from the day it was reached), which is what a past day needs.
    """
    due = pd.to_datetime(milestones["due_date"])
    status = milestones["milestone_status"]
    overdue = (due < S.as_day(today)) & ~status.isin([REACHED, DROPPED])
    return (overdue | (status == LATE)) & (status != DROPPED)


def milestone_status(milestones: pd.DataFrame, today: date) -> pd.Series:
    """The stored status, or `en_retard` when `late_milestones` says so (the stored statuses of today)."""
    return milestones["milestone_status"].where(~late_milestones(milestones, today), LATE)


def reached_on(milestones: pd.DataFrame) -> pd.Series:
    """The day each milestone was reached (NaT when not `atteint`): the store's `reached_on` when loaded
    (see aic_dash.store.followup_dates), else the day of its last update."""
    if "reached_on" in milestones.columns:
        return pd.to_datetime(milestones["reached_on"]).astype("datetime64[us]")
    return S.paris_days(milestones["updated_at"]).where(milestones["milestone_status"] == REACHED)


def milestones_on(milestones: pd.DataFrame, day: date) -> pd.DataFrame:
    """The milestones as they stood on `day`: adds status_on, reached, late and days_late.

    Reached: `atteint` and reached by `day`. Late: due before `day`, not reached by then, not abandoned
    (days_late > 0). Otherwise the stored status, read `en_cours` when it says `atteint` (reached
    later) or `en_retard` (not due yet on `day`). Abandoned milestones stay `abandonne`.
    """
    today = S.as_day(day)
    due = pd.to_datetime(milestones["due_date"])
    stored = milestones["milestone_status"]
    dropped = stored == DROPPED
    reached = (stored == REACHED) & (reached_on(milestones) <= today).fillna(False).astype("bool")
    late = (due < today) & ~reached & ~dropped
    status = stored.where(~stored.isin([REACHED, LATE]), "en_cours")
    status = status.where(~reached, REACHED).where(~late, LATE)
    days = (today - due).dt.days.where(late, 0)
    return milestones.assign(
        status_on=status.astype("object"),
        reached=reached.astype("bool"),
        late=late.astype("bool"),
        days_late=days.astype("int64"),
    )


def roadmap_progress(milestones: pd.DataFrame, today: date) -> pd.DataFrame:
    """Per laureate_id, on `today` (see `milestones_on`): milestones_total (abandoned ones left out),
    milestones_reached (by `today`), milestones_late, progress (reached ÷ total; NaN without
    milestone) and last_update (latest edit made by `today`)."""
    live = milestones_on(milestones[milestones["milestone_status"] != DROPPED], today)
    frame = live[["laureate_id", "reached", "late"]]
    counts = frame.groupby("laureate_id").agg(
        milestones_total=("reached", "size"),
        milestones_reached=("reached", "sum"),
        milestones_late=("late", "sum"),
    )
    counts = counts.astype("int64").assign(
        progress=lambda c: c["milestones_reached"] / c["milestones_total"].where(c["milestones_total"] > 0)
    )
    edited = milestones[_edited_by(milestones["updated_at"], today)]
    last = edited.groupby("laureate_id")["updated_at"].max().rename("last_update")
    return counts.join(last, how="outer").rename_axis("laureate_id")


def _edited_by(moments: pd.Series, today: date) -> pd.Series:
    """True for the update times that fall on or before `today` (in Paris)."""
    return (S.paris_days(moments) <= S.as_day(today)).fillna(False).astype("bool")


def months_elapsed(start: date, today: date) -> int:
    """Whole months of support completed on `today`, 0 (first month) to 12: `support.months_completed`."""
    return S.months_completed(start, today)


def current_periods(periods: pd.DataFrame, today: date) -> pd.DataFrame:
    """Per laureate_id, the support period that matters on `today` (`support.support_on` on the recorded
    periods alone): support_start, support_end (exclusive), renewal, status, in_support,
    months_elapsed, has_next, and the other columns of `support.SUPPORT_COLUMNS`."""
    if periods.empty:
        return S.support_on(pd.DataFrame(columns=["id", "selected_on"]), periods, today)
    ids = pd.Series(periods["laureate_id"].astype("int64").unique())
    laureates = pd.DataFrame({"id": ids, "selected_on": pd.NaT})
    return S.support_on(laureates, periods, today)


def _last_updates(
    milestones: pd.DataFrame, measurements: pd.DataFrame, indicators: pd.DataFrame, today: date
) -> pd.Series:
    """Latest edit made by `today` per laureate_id (milestones and indicator measurements), as a naive
    Paris day (only the last edit of each row is kept: earlier ones are not known)."""
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
    days = days[days <= S.as_day(today)]
    owners = updates.loc[days.index, "laureate_id"].astype("int64")
    return days.groupby(owners).max().rename("last_update")


def portfolio(
    laureates: pd.DataFrame,
    periods: pd.DataFrame,
    milestones: pd.DataFrame,
    today: date,
    measurements: pd.DataFrame | None = None,
    indicators: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per laureate on `today` (columns PORTFOLIO_COLUMNS), ordered by season, track, name.

    Only laureates selected by `today` are listed; support columns come from `support.support_on`
    (recorded periods first, the decision day otherwise), roadmap ones from `milestones_on`.
    renewal_due: in support, the period ends within RENEWAL_WINDOW_DAYS and no renewal is recorded.
    at_risk (only while in support): more than LATE_LIMIT late milestones (late_risk), or no update of
    milestones or measurements for more than STALE_DAYS — counted from the support start when there
    was never any (stale_risk).
    """
    if laureates.empty:
        return pd.DataFrame(columns=PORTFOLIO_COLUMNS)
    day = S.as_day(today)
    current = S.support_on(laureates, periods, today)
    laureates = laureates[laureates["id"].astype("int64").isin(current.index)]  # selected by `today`
    if laureates.empty:
        return pd.DataFrame(columns=PORTFOLIO_COLUMNS)
    ids = laureates["id"].astype("int64")
    current = current.reindex(ids)
    progress = roadmap_progress(milestones, today).reindex(ids)
    empty = pd.DataFrame(columns=["id", "laureate_id", "indicator_id", "updated_at"])
    updates = _last_updates(
        milestones,
        measurements if measurements is not None else empty,
        indicators if indicators is not None else empty,
        today,
    ).reindex(ids)
    in_support = current["in_support"].fillna(False).astype("bool")
    late = progress["milestones_late"].fillna(0).astype("int64")
    reference = updates.fillna(current["support_start"])
    stale = in_support & ((day - reference) > pd.Timedelta(days=STALE_DAYS))
    late_risk = in_support & (late > LATE_LIMIT)
    renewal_due = current["renewal_due"].fillna(False).astype("bool")
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
            "support_status": current["support_status"].to_numpy(),
            "in_support": in_support.to_numpy(),
            "months_elapsed": current["months_elapsed"].astype("Int64").to_numpy(),
            "support_month": current["support_month"].astype("Int64").to_numpy(),
            "selected_on": current["selected_on"].astype("datetime64[us]").to_numpy(),
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
    """The milestones late on `today` (see `milestones_on`: due before it, not reached by then) of the
    laureates in support, oldest due date first, with the laureate's name, season and track and
    `days_late` (always > 0)."""
    running = portfolio_frame.loc[
        portfolio_frame["in_support"], ["laureate_id", "laureate", "season", "track"]
    ]
    read = milestones_on(milestones, today)
    late = read[read["late"]].merge(running, on="laureate_id")
    return late.sort_values("due_date", kind="stable").reset_index(drop=True)


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
    """Per laureate_id, the number of milestones in each status on `today` (`milestones_on`: reached by
    then, late, abandoned ones left out): one column per STATUS_ORDER entry."""
    live = milestones_on(milestones[milestones["milestone_status"] != DROPPED], today)
    status = live["status_on"]
    counts = pd.crosstab(live["laureate_id"], status) if len(live) else pd.DataFrame()
    return counts.reindex(columns=list(STATUS_ORDER), fill_value=0).astype("int64").rename_axis("laureate_id")
