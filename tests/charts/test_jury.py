"""Jury figures as a manager reads them: each track in its colour, French numbers, the cut-off where the
places end, lenient jurors green and severe red, French titles and axes (aic_dash/charts/jury.py)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from aic_dash import labels as L
from aic_dash.charts import jury as charts
from aic_dash.charts.style import CAP, NEUTRAL, SEQUENTIAL, track_styles
from aic_dash.config import Criterion

TRACKS = track_styles([("DINUM", "Volet DINUM"), ("DITP", "Volet DITP")])
DINUM, DITP = "#5C68E5", "#31A7AE"
CRITERIA = charts.criterion_labels(
    [
        Criterion(1, "La finalité d'intérêt général du projet", ""),
        Criterion(2, "Impact", ""),
    ]
)
SCALE = (0.0, 5.0)


def title(fig) -> str:
    return fig.layout.title.text


def test_criterion_labels_are_numbered_and_long_names_cut_with_an_ellipsis():
    assert CRITERIA == {1: "C1 · La finalité d'intérêt génér…", 2: "C2 · Impact"}
    assert len(CRITERIA[1]) == len("C1 · ") + 28


def test_boxes_one_per_track_in_its_colour_with_only_its_scores():
    scores = pd.DataFrame(
        {"track": ["DINUM", "DINUM", "DITP", "DITP", "DITP"], "criterion": [1, 2, 1, 1, 2],
         "score": [4.0, 3.5, 2.0, 5.0, 1.0]}
    )  # fmt: skip
    fig = charts.criterion_box_figure(scores, TRACKS, CRITERIA)
    assert [(t.name, t.marker.color) for t in fig.data] == [("Volet DINUM", DINUM), ("Volet DITP", DITP)]
    # Each box from its track's scores only: DITP scored criterion 1 with 2 and 5, criterion 2 with 1.
    ditp = fig.data[1]
    assert list(ditp.median) == [3.5, 1.0] and list(ditp.mean) == [3.5, 1.0]
    assert list(ditp.q1) == [2.75, 1.0] and list(ditp.q3) == [4.25, 1.0]
    assert list(ditp.lowerfence) == [2.0, 1.0] and list(ditp.upperfence) == [5.0, 1.0]
    assert list(fig.data[0].median) == [4.0, 3.5]
    assert ditp.y is None  # the scores themselves are not sent to the browser
    # Long criterion names wrap on several lines, never cut further.
    assert "<br>" in fig.data[1].x[0] and fig.data[1].x[0].replace("<br>", " ") == CRITERIA[1]


def test_a_track_without_scores_gets_no_box():
    scores = pd.DataFrame({"track": ["DITP"], "criterion": [1], "score": [3.0]})
    fig = charts.criterion_box_figure(scores, TRACKS, CRITERIA)
    assert [t.name for t in fig.data] == ["Volet DITP"]


def test_radar_closes_each_track_polygon_on_its_first_criterion():
    cohorts = pd.DataFrame(
        {"track": ["DINUM", "DINUM", "DITP", "DITP"], "criterion": [1, 2, 1, 2], "mean": [4.0, 2.5, 3.0, 3.5]}
    )
    fig = charts.track_radar_figure(cohorts, TRACKS, CRITERIA, SCALE)
    assert title(fig) == L.JURY["radar"] == "Moyenne des volets par critère"
    dinum = fig.data[0]
    assert (dinum.name, dinum.line.color) == ("Volet DINUM", DINUM)
    assert list(dinum.r) == [4.0, 2.5, 4.0]
    assert list(dinum.theta) == ["C1", "C2", "C1"]
    assert list(fig.layout.polar.radialaxis.range) == [0.0, 5.0]


def test_heatmap_writes_means_in_french_and_a_dash_where_a_track_has_none():
    cohorts = pd.DataFrame(
        {"track": ["DINUM", "DINUM", "DITP"], "criterion": [1, 2, 1], "mean": [3.25, 4.0, 2.5]}
    )
    fig = charts.criterion_heatmap_figure(cohorts, TRACKS, CRITERIA, SCALE)
    heat = fig.data[0]
    assert list(heat.x) == ["Volet DINUM", "Volet DITP"]
    assert [list(row) for row in heat.text] == [["3,25", "2,50"], ["4,00", "–"]]
    assert (heat.zmin, heat.zmax) == SCALE
    assert [c[1] for c in heat.colorscale] == list(SEQUENTIAL)
    assert heat.colorbar.title.text == "Moyenne"
    assert title(fig) == "Moyenne par critère et par volet"


def test_seasons_pool_rounds_weighted_by_their_number_of_scores():
    cohorts = pd.DataFrame(
        {"season": ["2023", "2023", "2022"], "track": ["DINUM"] * 3, "criterion": [1, 1, 1],
         "n_scores": [3, 1, 2], "mean": [4.0, 2.0, 3.0]}
    )  # fmt: skip
    fig = charts.criterion_seasons_figure(cohorts, TRACKS, CRITERIA, SCALE)
    bars = {t.name: list(t.y) for t in fig.data}
    assert bars == {"Saison 2022": [3.0], "Saison 2023": [pytest.approx(3.5)]}  # (3×4 + 1×2) / 4
    assert fig.layout.annotations[0].text == "Volet DINUM"  # one panel per track that has scores
    assert fig.layout.yaxis.title.text == "Note"


def ranking(capacity: float) -> pd.DataFrame:
    return pd.DataFrame(
        {"rank": [2.0, 1.0, 3.0, float("nan")], "project": ["Beta", "Alpha", "Gamma", "Sans note"],
         "dossier": [12, 11, 13, 14], "weighted_score": [3.5, 4.25, 2.0, float("nan")],
         "track": ["DITP"] * 4, "capacity": [capacity] * 4, "above_cutoff": [True, True, False, False]}
    )  # fmt: skip


def test_ranking_best_on_top_places_in_the_track_colour_the_rest_grey_and_the_cut_off_drawn():
    fig = charts.ranking_figure(ranking(2.0), TRACKS)
    bars = fig.data[0]
    assert list(bars.y) == ["1. Alpha", "2. Beta", "3. Gamma"]  # the unranked dossier is left out
    assert list(bars.text) == ["4,25", "3,50", "2,00"]
    assert list(bars.marker.color) == [DITP, DITP, NEUTRAL]
    (line,) = fig.layout.shapes
    assert (line.y0, line.line.color) == (1.5, CAP)  # between the 2nd and the 3rd
    assert [a.text for a in fig.layout.annotations] == ["Places : 2"]
    assert title(fig) == "Classement : note pondérée"
    assert fig.layout.xaxis.title.text == "Note pondérée"


def test_ranking_without_places_draws_no_cut_off_and_normalised_says_so():
    fig = charts.ranking_figure(ranking(float("nan")), TRACKS, normalised=True)
    assert list(fig.data[0].marker.color) == [DITP] * 3
    assert not fig.layout.shapes and not fig.layout.annotations
    assert title(fig) == "Classement : note normalisée par juré·e"
    assert fig.layout.xaxis.title.text == "Note normalisée par juré·e"


def test_severity_lenient_green_severe_red_with_signed_french_numbers():
    stats = pd.DataFrame({"juror": ["Sévère", "Neutre", "Indulgent"], "severity": [-0.5, 0.1, 0.75]})
    fig = charts.severity_figure(stats)
    bars = fig.data[0]
    assert list(bars.y) == ["Sévère", "Neutre", "Indulgent"]
    assert list(bars.marker.color) == ["#E91719", "#EFB900", "#298641"]
    assert list(bars.text) == ["-0,50", "+0,10", "+0,75"]
    assert title(fig) == "Sévérité des juré·es (écart à la moyenne du panel)"
    assert fig.layout.xaxis.title.text == "Points d'écart"


def test_a_laureate_against_its_cohort_shows_the_range_as_whiskers():
    frame = pd.DataFrame(
        {"criterion": [1, 2], "score": [4.5, 3.0], "cohort_mean": [3.0, 3.5],
         "cohort_min": [1.0, 2.0], "cohort_max": [5.0, 4.0]}
    )  # fmt: skip
    fig = charts.laureate_vs_cohort_figure(frame, CRITERIA, DINUM, SCALE)
    laureate, cohort = fig.data
    assert (laureate.name, laureate.marker.color, list(laureate.y)) == ("Lauréat", DINUM, [4.5, 3.0])
    assert cohort.name == "Moyenne de la cohorte"
    assert list(cohort.error_y.array) == [2.0, 0.5] and list(cohort.error_y.arrayminus) == [2.0, 1.5]
    assert list(laureate.x) == list(CRITERIA.values())
    assert title(fig) == "Notes du lauréat et de sa cohorte"


def test_profile_compares_laureates_in_the_track_colour_with_the_others_in_grey():
    profile = pd.DataFrame(
        {
            "track": ["DINUM"] * 4 + ["DITP"],
            "stage": ["laureat", "laureat", "non_retenu", "laureat", "laureat"],
            "criterion": [1, 1, 1, 2, 1],
            "mean": [4.0, 5.0, 2.0, 3.0, 1.0],
        }
    )
    fig = charts.profile_figure(profile, TRACKS[0], CRITERIA, SCALE)
    laureates, others = fig.data
    assert (laureates.name, laureates.marker.color) == ("Lauréat", DINUM)
    assert (others.name, others.marker.color) == ("Non retenu", NEUTRAL)
    assert list(laureates.y) == [4.5, 3.0]  # seasons pooled; the DITP row is not in the DINUM profile
    assert list(others.y) == [2.0]
    assert title(fig) == "Lauréats et non retenus, critère par critère — Volet DINUM"
    assert not any(math.isnan(v) for v in laureates.y)
