"""Reports of the laureate follow-up, for `reports.registry.REPORTS` (app and `python -m aic_dash report`).

`laureates`: one row per laureate selected by the day; `progress`: one row per season and track. Both
read the support model (`analytics.support`) on the day they are made (Paris time); the `*_on`
functions take the day explicitly, and the `*_frame` ones work on data already loaded (the page's
download buttons).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine

from aic_dash.analytics import followup as A
from aic_dash.store.followup import FollowupData, load_followup
from aic_dash.store.queries import TIMEZONE, Filters

LAUREATE_COLUMNS = [
    *A.IDENTITY_COLUMNS,
    *A.PERIOD_COLUMNS,
    "selected_on",
    "months_elapsed",
    "support_month",
    *A.ROADMAP_COLUMNS,
    "renewal_due",
    "at_risk",
    "funding_total",
]


def _today() -> date:
    return pd.Timestamp.now(tz=TIMEZONE).date()


def _dates(series: pd.Series) -> pd.Series:
    """Days as Python dates (the spreadsheet writers format them as dd/mm/yyyy, CSV as ISO)."""
    return pd.to_datetime(series).map(lambda t: t.date(), na_action="ignore").astype("object")


def portfolio_of(data: FollowupData, today: date) -> pd.DataFrame:
    """`analytics.followup.portfolio` of loaded follow-up data on `today`."""
    return A.portfolio(
        data.laureates, data.periods, data.milestones, today, data.measurements, data.indicators
    )


def laureates_frame(data: FollowupData, portfolio: pd.DataFrame, today: date | None = None) -> pd.DataFrame:
    """The `laureates` report from loaded data and its portfolio: LAUREATE_COLUMNS (codes, days).

    With `today` (the portfolio's day), funding_total counts the grants made by then."""
    funds = data.funding
    if today is not None:
        funds = funds[pd.to_datetime(funds["granted_on"]) <= pd.Timestamp(today)]
    totals = funds.groupby("laureate_id")["amount"].sum()
    frame = portfolio.assign(
        support_start=_dates(portfolio["support_start"]),
        support_end=_dates(portfolio["support_end"]),
        selected_on=_dates(portfolio["selected_on"]),
        last_update=_dates(portfolio["last_update"]),
        funding_total=portfolio["laureate_id"].map(totals).fillna(0.0).astype("float64"),
        progress=portfolio["progress"].astype("float64").round(3),
    )
    return frame.reindex(columns=LAUREATE_COLUMNS).reset_index(drop=True)


def progress_frame(portfolio: pd.DataFrame) -> pd.DataFrame:
    """The `progress` report from a portfolio: analytics.followup.COHORT_COLUMNS."""
    cohort = A.cohort_progress(portfolio)
    return cohort.assign(progress=cohort["progress"].astype("float64").round(3))


def laureates_report_on(engine: Engine, filters: Filters, today: date) -> pd.DataFrame:
    """One row per laureate in view on `today`: LAUREATE_COLUMNS."""
    data = load_followup(engine, filters)
    return laureates_frame(data, portfolio_of(data, today), today)


def progress_report_on(engine: Engine, filters: Filters, today: date) -> pd.DataFrame:
    """One row per season and track on `today`: analytics.followup.COHORT_COLUMNS."""
    return progress_frame(portfolio_of(load_followup(engine, filters), today))


def laureates_report(engine: Engine, filters: Filters) -> pd.DataFrame:
    """`report laureates`: one row per laureate, on today's date."""
    return laureates_report_on(engine, filters, _today())


def progress_report(engine: Engine, filters: Filters) -> pd.DataFrame:
    """`report progress`: milestones reached and late, laureates at risk, renewals, per season and track."""
    return progress_report_on(engine, filters, _today())


REPORTS = {"laureates": laureates_report, "progress": progress_report}
