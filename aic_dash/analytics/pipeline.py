"""Where applications stand: pure pandas over the dossier frame of the store."""

from __future__ import annotations

import pandas as pd

from aic_dash.labels import STAGE_ORDER

GROUP_KEYS = ["season", "round", "track"]


def stage_counts(dossiers: pd.DataFrame) -> pd.DataFrame:
    """One row per (season, round, track, stage) present: columns GROUP_KEYS + stage, applications."""
    keys = GROUP_KEYS + ["stage"]
    if dossiers.empty:
        return pd.DataFrame({k: pd.Series(dtype="str") for k in keys}).assign(
            applications=pd.Series(dtype="int64")
        )
    counts = (
        dossiers.assign(stage_rank=dossiers["stage"].map(STAGE_ORDER.index))
        .groupby(keys + ["stage_rank"], dropna=False)
        .size()
        .rename("applications")
        .reset_index()
        .sort_values(GROUP_KEYS + ["stage_rank"], na_position="last")
        .drop(columns="stage_rank")
        .reset_index(drop=True)
    )
    return counts
