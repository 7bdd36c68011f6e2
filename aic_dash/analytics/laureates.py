"""Laureates of a season and where their 12 months of support stand (the « Lauréats » cards). Pure pandas."""

from __future__ import annotations

from datetime import date

import pandas as pd

from aic_dash.analytics import support
from aic_dash.text import normalize_label

SUPPORT_MONTHS = support.SUPPORT_MONTHS
# Private annotation where the instructing team writes the laureate's town.
TOWN_ANNOTATION = "Commune"
# Fields that name the organisation in exports of procedures filed with a SIRET, or an annotation.
ORGANISATION_FIELDS = (
    "Organisation",
    "Structure porteuse",
    "Association titre",
    "Entreprise raison sociale",
    "Établissement raison sociale",
)


def laureate_season(laureates: pd.DataFrame, selected: str | None) -> str | None:
    """The season asked for, else the latest season that has laureates, else None.

    `laureates` is the dossiers (laureates: the `laureat` stage) or the follow-up's laureates.
    """
    if selected:
        return selected
    rows = laureates[laureates["stage"] == "laureat"] if "stage" in laureates.columns else laureates
    seasons = rows["season"].dropna()
    return str(max(seasons)) if len(seasons) else None


# One rule for the month of support and the end of a period: aic_dash.analytics.support.
support_month = support.support_month
renewal_date = support.period_end


def dossier_laureates(dossiers: pd.DataFrame) -> pd.DataFrame:
    """The dossiers at the `laureat` stage as follow-up laureates (id = dossier number), selected on their
    decision day (`processed_at`, else `ds_updated_at`, in Paris), for a database without follow-up."""
    frame = dossiers[dossiers["stage"] == "laureat"]
    moment = frame["processed_at"]
    if "ds_updated_at" in frame.columns:
        moment = moment.where(moment.notna(), frame["ds_updated_at"])
    return pd.DataFrame(
        {
            "id": frame["number"].astype("int64"),
            "name": frame["project"],
            "season": frame["season"],
            "track": frame["track"],
            "organisation": None,
            "town": None,
            "dossier_number": frame["number"].astype("int64"),
            "selected_on": support.paris_days(moment),
        }
    ).reset_index(drop=True)


CARD_COLUMNS = [
    "laureate_id",
    "number",
    "project",
    "organisation",
    "org_type",
    "track",
    "town",
    "selected_on",
    "start",
    "end",
    "renewal",
    "support_month",
    "support_status",
    "in_support",
    "renewal_due",
]


def laureate_cards(
    dossiers: pd.DataFrame,
    season: str,
    today: date,
    towns: pd.Series | None = None,
    organisations: pd.Series | None = None,
    known: dict[str, tuple[str | None, str | None]] | None = None,
    laureates: pd.DataFrame | None = None,
    periods: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per laureate of `season` selected by `today`: what its summary card shows.

    `laureates` and `periods` are the follow-up's (aic_dash.store.followup); without them the laureates
    are the dossiers at the `laureat` stage, without recorded periods. Support dates, month and status
    come from `support.support_on` (recorded periods first, the decision day otherwise). `towns` and
    `organisations` are indexed by dossier number (from the export); then the follow-up's values; `known`
    maps a normalised project name to (organisation, town) published by the programme, used where
    neither says anything. Returns CARD_COLUMNS (start and end as dates, end exclusive; status a code
    of labels.SUPPORT_STATUSES), ordered by track then project.
    """
    if laureates is None:
        laureates, periods = dossier_laureates(dossiers), None
    if periods is None:
        periods = pd.DataFrame(columns=["laureate_id", "renewal", "start_date", "end_date", "support_status"])
    mine = laureates[laureates["season"] == season]
    state = support.support_on(mine, periods, today)
    mine = mine[mine["id"].astype("int64").isin(state.index)]
    if mine.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in CARD_COLUMNS})
    org_types = dossiers.set_index("number")["org_type"] if len(dossiers) else pd.Series(dtype="object")
    known = known or {}
    rows = []
    for row in mine.itertuples(index=False):
        number = int(row.dossier_number) if pd.notna(row.dossier_number) else None
        published = known.get(normalize_label(row.name or ""), (None, None))
        at = state.loc[int(row.id)]
        rows.append(
            (
                int(row.id),
                number,
                row.name,
                _text(organisations, number) or _clean(row.organisation) or published[0],
                _text(org_types, number),
                row.track,
                _text(towns, number) or _clean(row.town) or published[1],
                _date(at["selected_on"]),
                _date(at["support_start"]),
                _date(at["support_end"]),
                at["renewal"],
                at["support_month"],
                at["support_status"],
                bool(at["in_support"]),
                bool(at["renewal_due"]),
            )
        )
    out = pd.DataFrame(rows, columns=CARD_COLUMNS)
    return out.sort_values(["track", "project"], na_position="last").reset_index(drop=True)


def _date(value: object) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _clean(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value).strip() or None


def _text(values: pd.Series | None, number: int | None) -> str | None:
    if values is None or number is None or number not in values.index:
        return None
    value = values.loc[number]
    if isinstance(value, pd.Series):
        value = value.iloc[0]
    if value is None or pd.isna(value):
        return None
    text = str(value).strip()
    return text or None
