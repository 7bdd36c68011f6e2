"""Jury reports for `reports.registry.REPORTS`: criterion cohorts and the ranking (conflicts excluded)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from sqlalchemy import Engine

from aic_dash.analytics import scores as A
from aic_dash.config import Settings, load_settings
from aic_dash.store.jury import load_scores
from aic_dash.store.queries import Filters, load_dossiers

CRITERIA_COLUMNS = ["season", "round", "track", "criterion", "n_scores", "mean", "median", "std"]
RANKING_COLUMNS = [
    "season",
    "round",
    "track",
    "rank",
    "dossier",
    "project",
    "weighted_score",
    "n_jurors",
    "stage",
]


def ranking_frame(
    scores: pd.DataFrame,
    dossiers: pd.DataFrame,
    all_dossiers: pd.DataFrame,
    settings: Settings,
    normalised: bool = False,
) -> pd.DataFrame:
    """The ranking with every column the Jury page needs (see `scores.dossier_summary`, `rank_dossiers`).

    `dossiers` is the view (filters applied); `all_dossiers` every dossier (earlier rounds' laureates
    take places). With `normalised`, criterion means use the per-juror normalised scores.
    """
    criteria = [c.number for c in settings.programme.criteria]
    scale = (settings.scoring.min, settings.scoring.max)
    if normalised:
        scores = (
            A.normalise_scores(scores, dossiers).drop(columns="score").rename(columns={"normalised": "score"})
        )
    summary = A.dossier_summary(scores, dossiers, settings.scoring.weights, criteria, scale)
    places = A.round_places(all_dossiers, settings.capacity, [(r.season, r.id) for r in settings.rounds])
    return A.rank_dossiers(summary, places)


def criteria_report(engine: Engine, filters: Filters) -> pd.DataFrame:
    """season, round, track, criterion (its number), n_scores, mean, median, std."""
    settings = load_settings()
    cohorts = A.criterion_cohorts(load_scores(engine, settings, filters), load_dossiers(engine, filters))
    return cohorts.reindex(columns=CRITERIA_COLUMNS)


def ranking_report(engine: Engine, filters: Filters) -> pd.DataFrame:
    """season, round, track, rank, dossier, project, weighted_score, n_jurors, stage."""
    settings = load_settings()
    scores = load_scores(engine, settings, filters)
    ranking = ranking_frame(scores, load_dossiers(engine, filters), load_dossiers(engine), settings)
    out = ranking.reindex(columns=RANKING_COLUMNS)
    return out.astype({"dossier": "int64", "n_jurors": "int64"}) if len(out) else out


REPORTS: dict[str, Callable[[Engine, Filters], pd.DataFrame]] = {
    "criteria": criteria_report,
    "ranking": ranking_report,
}
