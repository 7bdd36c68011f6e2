"""Importing jury grids into the store (SQLite and PostgreSQL): one transaction, replacement, history,
DS annotations, the demo grid and the `criteria` / `ranking` reports."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from aic_dash.analytics import scores as A
from aic_dash.demo.dossiers import build_demo_export
from aic_dash.demo.jury import LAZY_JUROR, build_demo_grid
from aic_dash.reports.formats import render
from aic_dash.reports.jury import CRITERIA_COLUMNS, RANKING_COLUMNS, REPORTS
from aic_dash.store import schema as S
from aic_dash.store.imports import import_export
from aic_dash.store.jury import import_jury_grid, load_scores
from aic_dash.store.queries import Filters, import_history, load_dossiers
from aic_dash.store.schema import jury_review, jury_score
from tests.conftest import EXPORTS, FIXTURES

JURY = FIXTURES / "jury"


def load_export(engine, settings, path: Path = EXPORTS / "ds_standard.csv") -> None:
    result = import_export(engine, settings, path.read_bytes(), path.name)
    assert result.ok, result.error


def grid(engine, settings, name: str, folder: Path = JURY):
    return import_jury_grid(engine, settings, (folder / name).read_bytes(), name, user="claire")


def counts(engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (
            conn.scalar(select(func.count()).select_from(jury_review)),
            conn.scalar(select(func.count()).select_from(jury_score)),
        )


def test_a_grid_is_stored_with_its_conflict_and_comments(engine, settings):
    load_export(engine, settings)
    result = grid(engine, settings, "grille_excel_fr.csv")
    assert result.ok, result.error
    assert (result.rows, result.created, result.updated, result.unchanged) == (6, 6, 0, 0)
    assert "grille de jury, 6 notation(s) de 3 juré·e(s)" in result.summary()
    assert "Windows-1252" in result.summary()
    # 5 reviews × 5 criteria; the conflicted review keeps no score.
    assert counts(engine) == (6, 25)
    scores = load_scores(engine, settings).set_index(["dossier", "juror", "criterion"])
    assert len(scores) == 30  # every review × every criterion of the programme
    assert scores.loc[(11000002, "Chloé Moreau", 1), "conflict"]
    assert pd.isna(scores.loc[(11000002, "Chloé Moreau", 1), "score"])
    assert scores.loc[(11000002, "Alice Martin", 2), "score"] == 3.5
    assert scores.loc[(11000003, "Chloé Moreau", 5), "comment"] == 'Très bonne équipe, "gouvernance" ouverte.'


def test_importing_again_replaces_only_that_jurors_scores_for_those_dossiers(engine, settings):
    load_export(engine, settings)
    assert grid(engine, settings, "grille_standard.csv").ok
    again = grid(engine, settings, "grille.xlsx")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    revised = grid(engine, settings, "grille_alice_revue.csv")
    assert revised.ok, revised.error
    assert (revised.rows, revised.created, revised.updated, revised.unchanged) == (1, 0, 1, 0)
    assert counts(engine) == (6, 25)
    scores = load_scores(engine, settings).set_index(["dossier", "juror", "criterion"])
    # Written `alice  MARTIN` in the new grid: the same juror, shown as first imported.
    assert scores.loc[(11000002, "Alice Martin", 1), "score"] == 4.5
    assert scores.loc[(11000002, "Alice Martin", 1), "comment"] == "Revu après l’audition."
    assert scores.loc[(11000003, "Alice Martin", 1), "score"] == 5.0  # not in the new grid: kept
    assert scores.loc[(11000002, "Bruno Petit", 1), "score"] == 3.0  # another juror: kept


@pytest.mark.parametrize(
    "name", ["hors_bareme.csv", "dossier_inconnu.csv", "colonne_inconnue.csv", "doublon.csv"]
)
def test_a_bad_grid_changes_nothing_and_is_listed_as_rejected(engine, settings, name):
    load_export(engine, settings)
    assert grid(engine, settings, "grille_standard.csv").ok
    before = load_scores(engine, settings)
    result = grid(engine, settings, name, JURY / "bad")
    assert not result.ok
    assert result.error.startswith(f"Fichier « {name} », ligne ")
    pd.testing.assert_frame_equal(load_scores(engine, settings), before)
    runs = import_history(engine)
    assert runs.iloc[0][["kind", "outcome", "file_name", "acted_by"]].tolist() == [
        "jury",
        "rejete",
        name,
        "claire",
    ]
    assert runs.iloc[1][["kind", "outcome"]].tolist() == ["jury", "importe"]


def test_a_grid_before_any_export_says_to_import_the_dossiers_first(engine, settings):
    result = grid(engine, settings, "grille_standard.csv")
    assert not result.ok
    assert "Importez d'abord l'export des dossiers" in result.error
    assert counts(engine) == (0, 0)


def test_scores_typed_as_ds_annotations_are_read_as_the_instructing_team(engine, settings):
    load_export(engine, settings, JURY / "ds_annotations.csv")
    scores = load_scores(engine, settings)
    team = scores[scores["juror"] == "Équipe d'instruction (DINUM)"]
    assert set(team["dossier"]) == {11000003, 11000005}
    by = team.set_index(["dossier", "criterion"])["score"]
    assert by[(11000003, 2)] == 4.5
    assert pd.isna(by[(11000005, 3)])  # left empty in DS
    assert set(team["source"]) == {"annotations"}
    # A grid adds its jurors beside the team.
    assert grid(engine, settings, "grille_standard.csv").ok
    assert load_scores(engine, settings)["juror"].nunique() == 4


def test_filters_apply_to_scores(engine, settings):
    load_export(engine, settings)
    assert grid(engine, settings, "grille_standard.csv").ok
    assert set(load_scores(engine, settings, Filters(track="DINUM"))["dossier"]) == {11000003}
    assert load_scores(engine, settings, Filters(season="2022")).empty


def test_reports_have_the_documented_columns(engine, settings):
    load_export(engine, settings)
    assert grid(engine, settings, "grille_standard.csv").ok
    criteria = REPORTS["criteria"](engine, Filters())
    assert list(criteria.columns) == CRITERIA_COLUMNS
    row = criteria.set_index(["track", "criterion"]).loc[("DITP", 1)]
    # 11000002 criterion 1: Alice 4, Bruno 3; Chloé's conflict leaves no score.
    assert (row["n_scores"], row["mean"], row["median"]) == (2, 3.5, 3.5)
    ranking = REPORTS["ranking"](engine, Filters())
    assert list(ranking.columns) == RANKING_COLUMNS
    assert ranking[["dossier", "rank", "n_jurors", "stage"]].values.tolist() == [
        [11000003, 1, 3, "laureat"],
        [11000002, 1, 2, "liste_restreinte"],
    ]
    text = render(ranking, "csv").decode()
    assert text.splitlines()[0] == ",".join(RANKING_COLUMNS)
    assert "Open Food Facts" in text


def test_reports_are_empty_but_shaped_before_any_grid(engine, settings):
    load_export(engine, settings)
    assert list(REPORTS["criteria"](engine, Filters()).columns) == CRITERIA_COLUMNS
    assert list(REPORTS["ranking"](engine, Filters()).columns) == RANKING_COLUMNS


def test_the_demo_grid_imports_and_tells_its_story(engine, settings):
    result = import_export(engine, settings, build_demo_export(), "demo-export-aic.csv")
    assert result.ok, result.error
    data = build_demo_grid(engine, seed=7)
    assert data == build_demo_grid(load_dossiers(engine), seed=7)  # same bytes from the frame
    imported = import_jury_grid(engine, settings, data, "demo-grille-jury.csv")
    assert imported.ok, imported.error
    grid_frame = pd.read_csv(io.BytesIO(data), dtype=str)
    assert 3 <= grid_frame.groupby("Volet")["Juré·e"].nunique().min()
    assert grid_frame.groupby("Volet")["Juré·e"].nunique().max() <= 5
    scores, dossiers = load_scores(engine, settings), load_dossiers(engine)
    assert scores["conflict"].groupby(scores["dossier"]).any().sum() == 1
    stats = A.juror_stats(scores, dossiers, [1, 2, 3, 4, 5])
    assert set(stats.loc[stats["same_score"], "juror"]) == {LAZY_JUROR}
    summary = A.dossier_summary(scores, dossiers, {}, [1, 2, 3, 4, 5])
    by_stage = summary.groupby("stage")["weighted_score"].mean()
    assert by_stage["laureat"] > by_stage["non_retenu"] + 0.5
    with engine.connect() as conn:
        shortlisted = conn.scalar(
            select(func.count()).select_from(S.dossier).where(S.dossier.c.shortlisted.is_(True))
        )
    assert summary["dossier"].nunique() == shortlisted
