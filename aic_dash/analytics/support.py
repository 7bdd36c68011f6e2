"""The support model: when a laureate was selected, its support period(s), month x/12, status and renewal,
as of any day. Pure pandas.

The one place these rules live: the « Lauréats » cards, the « Suivi des lauréats » page, the `laureates`
and `progress` reports and the season booklet all read `support_on`. Recorded support periods come first;
the decision date (« Traité le ») stands in for the start only where no period is recorded.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

SUPPORT_MONTHS = 12
RENEWAL_WINDOW_DAYS = 60  # renewals to decide within this many days of the end
RUNNING = ("diagnostic", "accompagnement")  # stored statuses that read `termine` once the period is over
UPCOMING = "a_venir"  # selected, support not started yet
TIMEZONE = "Europe/Paris"
ENDED = "termine"
RENEWED = "renouvele"

SUPPORT_COLUMNS = [
    "selected_on",
    "support_start",
    "support_end",
    "renewal",
    "support_status",
    "in_support",
    "support_month",
    "months_elapsed",
    "has_next",
    "renewal_due",
    "recorded",
]


def as_day(day: date) -> pd.Timestamp:
    """A day as the midnight timestamp that every rule here compares with."""
    return pd.Timestamp(day).normalize()


def paris_days(moments: pd.Series) -> pd.Series:
    """Date-times (aware, or naive days) -> naive Paris days (datetime64), the unit of every rule here."""
    stamps = pd.to_datetime(moments)
    if stamps.dt.tz is not None:
        stamps = stamps.dt.tz_convert(TIMEZONE).dt.tz_localize(None)
    return stamps.dt.normalize().astype("datetime64[us]")


def period_end(start: date) -> date:
    """Start + 12 months, exclusive (28 February for a start on 29 February)."""
    return (pd.Timestamp(start) + pd.DateOffset(months=SUPPORT_MONTHS)).date()


def months_completed(start: date, day: date) -> int:
    """Whole months of support completed on `day`: 0 in the first month (and before the start), 12 at most."""
    if day < start:
        return 0
    months = (day.year - start.year) * 12 + day.month - start.month - (day.day < start.day)
    return max(0, min(months, SUPPORT_MONTHS))


def support_month(start: date, day: date) -> int:
    """The month of support under way on `day`, 1 to 12; 0 before the start; 12 once the months are over."""
    if day < start:
        return 0
    return min(months_completed(start, day) + 1, SUPPORT_MONTHS)


def period_statuses(periods: pd.DataFrame, day: date) -> pd.Series:
    """Each recorded period's status on `day` (aligned on `periods`): `a_venir` before its start; once
    over, `renouvele` when a later period of the laureate is recorded, else `termine`; the stored one
    while it runs."""
    today = as_day(day)
    start, end = pd.to_datetime(periods["start_date"]), pd.to_datetime(periods["end_date"])
    last = periods.groupby("laureate_id")["renewal"].transform("max")
    over = (end <= today) & periods["support_status"].isin(RUNNING)
    status = periods["support_status"].where(~over, ENDED)
    status = status.where(~((end <= today) & (periods["renewal"] < last)), RENEWED)
    return status.where(start <= today, UPCOMING)


def _periods(laureates: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """Recorded periods of these laureates, plus a 12-month period from the selection day for each
    laureate without any (`recorded` False). Columns laureate_id, renewal, start, end, status, recorded."""
    ids = laureates["id"].astype("int64")
    recorded = periods[periods["laureate_id"].astype("int64").isin(ids)] if len(periods) else periods
    frame = pd.DataFrame(
        {
            "laureate_id": recorded["laureate_id"].astype("int64") if len(recorded) else [],
            "renewal": recorded["renewal"].astype("int64") if len(recorded) else [],
            "start": pd.to_datetime(recorded["start_date"]) if len(recorded) else [],
            "end": pd.to_datetime(recorded["end_date"]) if len(recorded) else [],
            "support_status": recorded["support_status"].astype("object") if len(recorded) else [],
        }
    ).assign(recorded=True)
    selected = pd.to_datetime(laureates["selected_on"]).set_axis(ids)
    missing = selected[~selected.index.isin(frame["laureate_id"]) & selected.notna()]
    if len(missing):
        derived = pd.DataFrame(
            {
                "laureate_id": missing.index.to_numpy(),
                "renewal": 0,
                "start": missing.to_numpy(),
                "end": [pd.Timestamp(period_end(s.date())) for s in missing],
                "support_status": "diagnostic",
                "recorded": False,
            }
        )
        frame = pd.concat([frame, derived], ignore_index=True) if len(frame) else derived
    return frame.astype({"start": "datetime64[us]", "end": "datetime64[us]"})


def support_on(laureates: pd.DataFrame, periods: pd.DataFrame, day: date) -> pd.DataFrame:
    """Where each laureate's support stands on `day`, indexed by laureate_id (columns SUPPORT_COLUMNS).

    `laureates` has `id` and `selected_on` (the decision day, NaT when unknown); `periods` is the store's
    support periods (laureate_id, renewal, start_date, end_date exclusive, status). Only laureates
    selected by `day` are returned: selected on the decision day, else (no decision known) on the start
    of their first period; a laureate with neither is listed at every day, without support (NaN).

    The period read is the latest one started by `day`, else the first one. Status: `a_venir` before
    its start; the stored status while it runs; once ended, `renouvele` when a later period is recorded,
    else `termine`. support_month is the month under way (1 to 12; 0 before the start, 12 after the
    end); months_elapsed the whole months completed. renewal_due: in support, ending within
    RENEWAL_WINDOW_DAYS, no later period recorded.
    """
    if "selected_on" not in laureates.columns:
        laureates = laureates.assign(selected_on=pd.NaT)
    today = as_day(day)
    all_periods = _periods(laureates, periods).sort_values(["laureate_id", "renewal"])
    undated = [int(i) for i in laureates["id"] if int(i) not in set(all_periods["laureate_id"])]
    if all_periods.empty:
        return _unknown(undated)
    first_start = all_periods.groupby("laureate_id")["start"].min()
    ids = laureates["id"].astype("int64")
    decided = pd.to_datetime(laureates["selected_on"]).set_axis(ids).astype("datetime64[us]")
    selected_on = decided.fillna(first_start.reindex(ids))
    # A support never starts before its selection: a period recorded earlier moves the selection back.
    selected_on = selected_on.where(~(first_start.reindex(ids) < selected_on), first_start.reindex(ids))
    chosen_ids = selected_on[selected_on <= today].index
    ordered = all_periods[all_periods["laureate_id"].isin(chosen_ids)]
    if ordered.empty:
        return _unknown(undated)
    started = ordered[ordered["start"] <= today]
    chosen = pd.concat([started.groupby("laureate_id").tail(1), ordered.groupby("laureate_id").head(1)])
    chosen = chosen.drop_duplicates("laureate_id", keep="first").set_index("laureate_id")
    last_renewal = ordered.groupby("laureate_id")["renewal"].max()
    has_next = chosen["renewal"] < last_renewal.reindex(chosen.index)
    start, end = chosen["start"], chosen["end"]
    ended = end <= today
    status = chosen["support_status"].where(~(ended & chosen["support_status"].isin(RUNNING)), ENDED)
    status = status.where(~(ended & has_next), RENEWED)
    status = status.where(start <= today, UPCOMING)
    in_support = (start <= today) & ~ended & (status != ENDED)
    day_of = [min(day, e.date() - pd.Timedelta(days=1)) for e in end]
    month = [support_month(s.date(), d) for s, d in zip(start, day_of)]
    elapsed = [months_completed(s.date(), min(day, e.date())) for s, e in zip(start, end)]
    renewal_due = in_support & ~has_next & ((end - today) <= pd.Timedelta(days=RENEWAL_WINDOW_DAYS))
    out = pd.DataFrame(
        {
            "selected_on": selected_on.reindex(chosen.index),
            "support_start": start,
            "support_end": end,
            "renewal": chosen["renewal"].astype("int64"),
            "support_status": status.astype("object"),
            "in_support": in_support.astype("bool"),
            "support_month": pd.Series(month, index=chosen.index, dtype="int64"),
            "months_elapsed": pd.Series(elapsed, index=chosen.index, dtype="int64"),
            "has_next": has_next.astype("bool"),
            "renewal_due": renewal_due.astype("bool"),
            "recorded": chosen["recorded"].astype("bool"),
        }
    )
    keep = set(out.index) | set(undated)
    out = pd.concat([out, _unknown(undated)]) if undated else out
    return out.reindex([i for i in ids if i in keep]).rename_axis("laureate_id")


def _unknown(ids: list[int]) -> pd.DataFrame:
    """Rows for laureates whose selection and support are not known: nothing but in_support False."""
    index = pd.Index(ids, name="laureate_id", dtype="int64")
    frame = pd.DataFrame(index=index, columns=SUPPORT_COLUMNS).astype("object")
    no_day = pd.Series(pd.NaT, index=index, dtype="datetime64[us]")
    return frame.assign(
        in_support=False, has_next=False, renewal_due=False, recorded=False,
        selected_on=no_day, support_start=no_day, support_end=no_day,
    )  # fmt: skip
