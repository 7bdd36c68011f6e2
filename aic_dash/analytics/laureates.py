"""Laureates of a season and where their 12 months of support stand. Pure pandas."""

from __future__ import annotations

from datetime import date

import pandas as pd

from aic_dash.ingest.labels import normalize_label

SUPPORT_MONTHS = 12
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


def laureate_season(dossiers: pd.DataFrame, selected: str | None) -> str | None:
    """The season asked for, else the latest season that has laureates, else None."""
    if selected:
        return selected
    seasons = dossiers.loc[dossiers["stage"] == "laureat", "season"].dropna()
    return str(max(seasons)) if len(seasons) else None


def support_month(start: date, today: date) -> int:
    """Month of support (1 to 12) on `today` for a support starting on `start`; 0 before it starts.

    Stays at 12 once the twelve months are over (the renewal is then due).
    """
    if today < start:
        return 0
    months = (today.year - start.year) * 12 + today.month - start.month - (today.day < start.day)
    return min(months + 1, SUPPORT_MONTHS)


def renewal_date(start: date) -> date:
    """Start + 12 months (28 February when the start is 29 February)."""
    return (pd.Timestamp(start) + pd.DateOffset(months=SUPPORT_MONTHS)).date()


def laureate_cards(
    dossiers: pd.DataFrame,
    season: str,
    today: date,
    towns: pd.Series | None = None,
    organisations: pd.Series | None = None,
    known: dict[str, tuple[str | None, str | None]] | None = None,
) -> pd.DataFrame:
    """One row per laureate of `season`: what its summary card shows.

    `towns` and `organisations` are indexed by dossier number (from the export); `known` maps a
    normalised project name to (organisation, town) published by the programme, used where the
    export says nothing. The support starts on the decision date (`processed_at`). Returns number,
    project, organisation, org_type, track, town, start, support_month, renewal, status
    ("a_venir" | "en_cours" | "a_renouveler"), ordered by track then project.
    """
    columns = [
        "number",
        "project",
        "organisation",
        "org_type",
        "track",
        "town",
        "start",
        "support_month",
        "renewal",
        "status",
    ]
    frame = dossiers[(dossiers["stage"] == "laureat") & (dossiers["season"] == season)]
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    known = known or {}
    rows = []
    for row in frame.itertuples(index=False):
        published = known.get(normalize_label(row.project or ""), (None, None))
        town = _text(towns, row.number) or published[1]
        organisation = _text(organisations, row.number) or published[0]
        moment = row.processed_at if pd.notna(row.processed_at) else row.ds_updated_at
        start = moment.date() if pd.notna(moment) else None
        month = support_month(start, today) if start else None
        renewal = renewal_date(start) if start else None
        if start is None:
            status = None
        elif today < start:
            status = "a_venir"
        elif today < renewal:
            status = "en_cours"
        else:
            status = "a_renouveler"
        rows.append(
            (
                row.number,
                row.project,
                organisation,
                row.org_type,
                row.track,
                town,
                start,
                month,
                renewal,
                status,
            )
        )
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["track", "project"], na_position="last").reset_index(drop=True)


def _text(values: pd.Series | None, number: int) -> str | None:
    if values is None or number not in values.index:
        return None
    value = values.loc[number]
    if isinstance(value, pd.Series):
        value = value.iloc[0]
    if value is None or pd.isna(value):
        return None
    text = str(value).strip()
    return text or None
