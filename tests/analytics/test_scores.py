"""Jury analytics on tiny hand-written panels whose results are computed by hand in the comments."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from aic_dash.analytics import scores as A

CRITERIA = [1, 2]
WEIGHTS = {1: 2.0, 2: 1.0}  # criterion 1 counts double


def panel(rows: list[tuple]) -> pd.DataFrame:
    """(dossier, juror, {criterion: score or None}, conflict) -> the long `scores` frame."""
    long = [
        (dossier, juror, criterion, np.nan if value is None else float(value), conflict)
        for dossier, juror, given, conflict in rows
        for criterion, value in given.items()
    ]
    return pd.DataFrame(long, columns=["dossier", "juror", "criterion", "score", "conflict"])


def dossiers(numbers, season="2023", round_="2023-1", track="DINUM", stages=None) -> pd.DataFrame:
    stages = stages or {}
    return pd.DataFrame(
        {
            "number": list(numbers),
            "season": season,
            "round": round_,
            "track": track,
            "stage": [stages.get(n, "liste_restreinte") for n in numbers],
            "project": [f"Projet {n}" for n in numbers],
        }
    )


# Dossier 1: X (4, 2), Y (2, 4), Z declared a conflict but scored (5, 5): Z must not count.
#   means 3 and 3 -> weighted (2·3 + 3) / 3 = 3.0; X's own total 10/3, Y's 8/3 -> spread 2/3.
# Dossier 2: everyone (3, 3) -> 3.0: tied with dossier 1.
# Dossier 3: X (5, 4), Y (4, 4), Z (5, 5) -> means 14/3, 13/3 -> weighted (28/3 + 13/3) / 3 = 41/9.
# Dossier 4: X (1, 0), Y (0, 0), Z (0, 5) -> means 1/3, 5/3 -> weighted 7/9; Z is 5 points off on C2.
PANEL = panel(
    [
        (1, "X", {1: 4, 2: 2}, False),
        (1, "Y", {1: 2, 2: 4}, False),
        (1, "Z", {1: 5, 2: 5}, True),
        (2, "X", {1: 3, 2: 3}, False),
        (2, "Y", {1: 3, 2: 3}, False),
        (2, "Z", {1: 3, 2: 3}, False),
        (3, "X", {1: 5, 2: 4}, False),
        (3, "Y", {1: 4, 2: 4}, False),
        (3, "Z", {1: 5, 2: 5}, False),
        (4, "X", {1: 1, 2: 0}, False),
        (4, "Y", {1: 0, 2: 0}, False),
        (4, "Z", {1: 0, 2: 5}, False),
    ]
)
DOSSIERS = dossiers([1, 2, 3, 4])


def summary() -> pd.DataFrame:
    return A.dossier_summary(PANEL, DOSSIERS, WEIGHTS, CRITERIA, (0.0, 5.0)).set_index("dossier")


def test_conflicted_scores_are_left_out_of_the_means():
    s = summary()
    assert s.loc[1, "criterion_1"] == pytest.approx(3.0)  # not (4 + 2 + 5) / 3
    assert s.loc[1, "criterion_2"] == pytest.approx(3.0)
    assert s.loc[1, "n_jurors"] == 2
    assert s.loc[1, "conflicts"] == 1
    assert s.loc[3, "n_jurors"] == 3


def test_weighted_score_uses_the_settings_weights():
    s = summary()
    assert s.loc[1, "weighted_score"] == pytest.approx(3.0)
    assert s.loc[3, "weighted_score"] == pytest.approx(41 / 9)
    assert s.loc[4, "weighted_score"] == pytest.approx(7 / 9)
    # Without weights both criteria count the same: dossier 3 -> (14/3 + 13/3) / 2 = 4.5.
    flat = A.dossier_summary(PANEL, DOSSIERS, {}, CRITERIA).set_index("dossier")
    assert flat.loc[3, "weighted_score"] == pytest.approx(4.5)


def test_a_missing_criterion_does_not_count_as_zero():
    scores = panel([(1, "X", {1: 4, 2: None}, False), (1, "Y", {1: 2, 2: None}, False)])
    s = A.dossier_summary(scores, dossiers([1]), WEIGHTS, CRITERIA).set_index("dossier")
    assert s.loc[1, "weighted_score"] == pytest.approx(3.0)
    assert math.isnan(s.loc[1, "criterion_2"])


def test_spread_and_disagreement_flag():
    s = summary()
    assert s.loc[1, "spread"] == pytest.approx(10 / 3 - 8 / 3)
    assert s.loc[1, "max_gap"] == pytest.approx(2.0)
    assert not s.loc[1, "disagreement"]  # 2 points < half of the 0–5 scale
    assert s.loc[4, "max_gap"] == pytest.approx(5.0)
    assert s.loc[4, "disagreement"]
    assert s["disagreement"].sum() == 1


def test_ties_share_the_best_rank_and_the_cut_off_sees_them():
    places = {("2023", "2023-1", "DINUM"): 2}
    ranking = A.rank_dossiers(summary().reset_index(), places)
    assert ranking["dossier"].tolist() == [3, 1, 2, 4]
    assert ranking["rank"].tolist() == [1, 2, 2, 4]
    assert ranking["above_cutoff"].tolist() == [True, True, True, False]
    # Two dossiers share the second and last place: the deliberation must break the tie.
    assert ranking["tie_at_cutoff"].tolist() == [False, True, True, False]
    assert ranking["capacity"].tolist() == [2, 2, 2, 2]


def test_no_capacity_means_no_cut_off():
    ranking = A.rank_dossiers(summary().reset_index(), {})
    assert ranking["capacity"].isna().all()
    assert not ranking["above_cutoff"].any()


def test_ranking_is_within_each_round_and_track():
    both = pd.concat([DOSSIERS, dossiers([5], track="DITP")])
    scores = pd.concat([PANEL, panel([(5, "W", {1: 1, 2: 1}, False)])])
    ranking = A.rank_dossiers(A.dossier_summary(scores, both, WEIGHTS, CRITERIA), {})
    assert ranking.set_index("dossier").loc[5, "rank"] == 1


def test_round_places_subtract_the_laureates_of_earlier_rounds():
    every = pd.concat(
        [
            dossiers([1, 2, 3], round_="2023-1", stages={1: "laureat", 2: "laureat"}),
            dossiers([4], round_="2023-2", stages={4: "laureat"}),
        ]
    )
    places = A.round_places(every, {"2023": {"DINUM": 5}}, [("2023", "2023-1"), ("2023", "2023-2")])
    assert places == {("2023", "2023-1", "DINUM"): 5, ("2023", "2023-2", "DINUM"): 3}


# Normalisation: X scores 1 and 3 (mean 2, sd 1), Y scores 3 and 5 (mean 4, sd 1).
# Panel: 1, 3, 3, 5 -> mean 3, population sd √2. Both jurors rank the dossiers the same way, one point
# apart: once normalised they agree, 3 − √2 and 3 + √2.
def test_normalisation_rescales_each_juror_to_the_panel():
    scores = panel(
        [
            (1, "X", {1: 1}, False),
            (2, "X", {1: 3}, False),
            (1, "Y", {1: 3}, False),
            (2, "Y", {1: 5}, False),
            (1, "L", {1: 4}, False),
            (2, "L", {1: 4}, False),
            (2, "C", {1: 0}, True),
        ]
    )
    # The lazy juror L gives 4 to both: panel 1, 3, 3, 5, 4, 4 -> mean 10/3.
    out = A.normalise_scores(scores, dossiers([1, 2])).set_index(["dossier", "juror"])["normalised"]
    mean = 20 / 6
    sd = math.sqrt(sum((v - mean) ** 2 for v in (1, 3, 3, 5, 4, 4)) / 6)
    assert out[(1, "X")] == pytest.approx(mean - sd)
    assert out[(2, "X")] == pytest.approx(mean + sd)
    assert out[(1, "Y")] == pytest.approx(out[(1, "X")])
    assert out[(2, "Y")] == pytest.approx(out[(2, "X")])
    assert out[(1, "L")] == pytest.approx(mean)  # no information: the panel mean
    assert math.isnan(out[(2, "C")])  # conflict: still left out


def test_severity_completion_and_same_score_flag():
    # Cohort of 3 dossiers, 2 criteria. S is severe, G generous, L gives 3 everywhere, P is partial
    # and declared a conflict on dossier 3.
    rows = []
    for n in (1, 2, 3):
        rows += [
            (n, "S", {1: 1, 2: 2}, False),
            (n, "G", {1: 5, 2: 4}, False),
            (n, "L", {1: 3, 2: 3}, False),
        ]
    rows += [
        (1, "P", {1: 3, 2: 3}, False),
        (2, "P", {1: 3, 2: None}, False),
        (3, "P", {1: None, 2: None}, True),
    ]
    stats = A.juror_stats(panel(rows), dossiers([1, 2, 3]), CRITERIA).set_index("juror")
    # Panel mean: S 1.5 ×6, G 4.5 ×6, L 3 ×6, P 3 ×3 -> (9 + 27 + 18 + 9) / 21 = 3.
    assert stats.loc["S", "severity"] == pytest.approx(-1.5)
    assert stats.loc["G", "severity"] == pytest.approx(1.5)
    assert stats.loc["L", "severity"] == pytest.approx(0.0)
    assert stats.loc["S", "completion"] == pytest.approx(1.0)
    # P: 3 dossiers minus 1 conflict = 2 dossiers × 2 criteria = 4 to score, 3 scored.
    assert (stats.loc["P", "to_score"], stats.loc["P", "scored"]) == (4, 3)
    assert stats.loc["P", "completion"] == pytest.approx(0.75)
    assert stats.loc["P", "conflicts"] == 1
    # S and G also repeat their profile for everyone: flagged too; P scored only 2 dossiers.
    assert stats["same_score"].to_dict() == {"G": True, "L": True, "P": False, "S": True}


def test_same_score_needs_several_dossiers_and_is_not_fooled_by_different_profiles():
    rows = [(1, "A", {1: 3, 2: 3}, False), (2, "A", {1: 3, 2: 3}, False)]
    rows += [(1, "B", {1: 3, 2: 3}, False), (2, "B", {1: 4, 2: 3}, False), (3, "B", {1: 3, 2: 3}, False)]
    stats = A.juror_stats(panel(rows), dossiers([1, 2, 3]), CRITERIA).set_index("juror")
    assert not stats.loc["A", "same_score"]  # two dossiers only
    assert not stats.loc["B", "same_score"]


# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", example C: 4 observers, 12 units,
# values 1–5 with missing data. Published: interval alpha = 0.849 (nominal 0.743).
KRIPPENDORFF_2011 = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}


def test_alpha_matches_krippendorffs_published_example():
    matrix = pd.DataFrame(KRIPPENDORFF_2011, dtype="float64").T
    assert round(A.krippendorff_alpha(matrix), 3) == 0.849


def test_agreement_per_criterion_and_overall_on_the_published_example():
    rows = [
        (unit, observer, {1: value}, False)
        for observer, values in KRIPPENDORFF_2011.items()
        for unit, value in enumerate(values, start=1)
    ]
    result = A.agreement(panel(rows), [1])
    assert round(result.loc[0, "alpha"], 3) == 0.849
    assert result.loc[0, "units"] == 11  # unit 12 has one value only: not pairable
    assert pd.isna(result.loc[1, "criterion"])
    assert round(result.loc[1, "alpha"], 3) == 0.849  # one criterion: the same matrix


def test_agreement_leaves_conflicts_out_and_is_nan_when_undefined():
    perfect = panel([(1, "X", {1: 2}, False), (1, "Y", {1: 2}, False), (1, "Z", {1: 0}, True)])
    result = A.agreement(perfect, [1])
    assert result.loc[0, "n_scores"] == 2
    assert math.isnan(result.loc[0, "alpha"])  # one unit, one value: no agreement to measure


def test_criterion_cohorts_count_mean_median_std():
    frame = A.criterion_cohorts(PANEL, DOSSIERS)
    assert list(frame.columns) == [
        "season",
        "round",
        "track",
        "criterion",
        "n_scores",
        "mean",
        "median",
        "std",
    ]
    cohorts = frame.set_index("criterion")
    # Criterion 1 valid scores: 4, 2, 3, 3, 3, 5, 4, 5, 1, 0, 0 (Z's conflicted 5 left out).
    values = pd.Series([4, 2, 3, 3, 3, 5, 4, 5, 1, 0, 0], dtype="float64")
    assert cohorts.loc[1, "n_scores"] == 11
    assert cohorts.loc[1, "mean"] == pytest.approx(values.mean())
    assert cohorts.loc[1, "median"] == pytest.approx(3.0)
    assert cohorts.loc[1, "std"] == pytest.approx(values.std())


def test_criterion_profile_compares_laureates_with_projects_not_retained():
    view = dossiers([1, 2, 3, 4], stages={3: "laureat", 1: "non_retenu", 4: "non_retenu"})
    profile = A.criterion_profile(PANEL, view).set_index(["stage", "criterion"])
    assert profile.loc[("laureat", 1), "mean"] == pytest.approx(14 / 3)
    # Dossiers 1 (3.0) and 4 (1/3) on criterion 1; dossier 2 is still on the shortlist: left out.
    assert profile.loc[("non_retenu", 1), "mean"] == pytest.approx((3 + 1 / 3) / 2)
    assert profile.loc[("non_retenu", 1), "n_dossiers"] == 2


def test_laureate_scores_against_its_cohort():
    frame = A.laureate_scores_vs_cohort(PANEL, DOSSIERS, 3).set_index("criterion")
    # Criterion 1 means: 3, 3, 14/3, 1/3.
    assert frame.loc[1, "score"] == pytest.approx(14 / 3)
    assert frame.loc[1, "cohort_mean"] == pytest.approx((3 + 3 + 14 / 3 + 1 / 3) / 4)
    assert frame.loc[1, "cohort_max"] == pytest.approx(14 / 3)
    assert frame.loc[1, "rank"] == 1
    assert frame.loc[1, "n_dossiers"] == 4
    other_round = pd.concat([DOSSIERS, dossiers([9], round_="2023-2")])
    scores = pd.concat([PANEL, panel([(9, "X", {1: 5, 2: 5}, False)])])
    assert A.laureate_scores_vs_cohort(scores, other_round, 3).loc[0, "n_dossiers"] == 4
    assert A.laureate_scores_vs_cohort(PANEL, DOSSIERS, 77).empty


def test_juror_breakdown_marks_the_conflicted_juror():
    table = A.juror_breakdown(PANEL, 1, CRITERIA).set_index("juror")
    assert table.loc["Z", "criterion_1"] == 5.0  # shown as given
    assert not table.loc["Z", "counted"]
    assert table.loc["X", "counted"]


def test_empty_scores_give_empty_frames():
    empty = panel([])
    assert A.dossier_summary(empty, DOSSIERS, WEIGHTS, CRITERIA).empty
    assert A.rank_dossiers(A.dossier_summary(empty, DOSSIERS, WEIGHTS, CRITERIA), {}).empty
    assert A.juror_stats(empty, DOSSIERS, CRITERIA).empty
    assert A.criterion_cohorts(empty, DOSSIERS).empty
    assert A.criterion_profile(empty, DOSSIERS).empty
    assert A.agreement(empty, CRITERIA)["alpha"].isna().all()
