"""Reports: frames built from the store, written as CSV (and later spreadsheet formats).

One code path for the app's download buttons and the command line: `build_report` gives the frame,
`render` turns it into bytes in the asked format.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd
from sqlalchemy import Engine

from aic_dash.analytics.pipeline import stage_counts
from aic_dash.errors import AicError
from aic_dash.store.queries import Filters, load_dossiers


def pipeline_report(engine: Engine, filters: Filters) -> pd.DataFrame:
    """season, round, track, stage, applications."""
    return stage_counts(load_dossiers(engine, filters))


def applications_report(engine: Engine, filters: Filters) -> pd.DataFrame:
    """One row per dossier; no personal data."""
    d = load_dossiers(engine, filters)
    return pd.DataFrame(
        {
            "dossier": d["number"].astype("int64"),
            "season": d["season"],
            "round": d["round"],
            "track": d["track"],
            "stage": d["stage"],
            "state": d["state"],
            "project": d["project"],
            "org_type": d["org_type"],
            "deposited_at": d["deposited_at"],
            "instructed_at": d["instructed_at"],
            "processed_at": d["processed_at"],
        }
    )


REPORTS: dict[str, Callable[[Engine, Filters], pd.DataFrame]] = {
    "pipeline": pipeline_report,
    "applications": applications_report,
}
FORMATS = ("csv",)


def build_report(name: str, engine: Engine, filters: Filters = Filters()) -> pd.DataFrame:
    if name not in REPORTS:
        raise AicError(f"Rapport « {name} » inconnu. Rapports disponibles : {', '.join(REPORTS)}.")
    return REPORTS[name](engine, filters)


def _iso(series: pd.Series) -> pd.Series:
    text = series.dt.strftime("%Y-%m-%dT%H:%M:%S%z")
    # ISO 8601 extended offset: +0200 -> +02:00
    return text.str.replace(r"([+-]\d{2})(\d{2})$", r"\1:\2", regex=True).fillna("")


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8, comma, snake_case headers, codes as they are, ISO 8601 dates with offset."""
    out = frame.assign(
        **{c: _iso(frame[c]) for c in frame.columns if isinstance(frame[c].dtype, pd.DatetimeTZDtype)}
    )
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def render(frame: pd.DataFrame, fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv(frame)
    raise AicError(f"Format « {fmt} » inconnu. Formats disponibles : {', '.join(FORMATS)}.")
