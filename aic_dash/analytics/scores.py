"""Jury scores: fair means, ranking, juror severity and normalisation, agreement, cohorts. Pure pandas.

`scores` is long, one row per review (a dossier scored by a juror) and criterion: dossier, juror,
criterion, score (NaN when not given), conflict (bool). `dossiers` is the store's dossier list (number,
season, round, track, stage, project). A score counts only when given by a juror without a conflict of
interest on that dossier (`valid_scores`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

COHORT = ["season", "round", "track"]
DOSSIER_INFO = ["season", "round", "track", "stage", "project"]
# A dossier is flagged when two jurors' scores on one criterion differ by this share of the scale or more.
DISAGREEMENT_SHARE = 0.5
# A juror who scored at least this many dossiers identically on every criterion is flagged.
SAME_SCORE_MIN_DOSSIERS = 3
OUTCOMES = ("laureat", "non_retenu")


def criterion_column(number: int) -> str:
    """`criterion_3`: the wide column of a criterion's mean."""
    return f"criterion_{number}"


def valid_scores(scores: pd.DataFrame) -> pd.DataFrame:
    """The scores that count: given, by a juror without a conflict of interest on that dossier."""
    return scores[scores["score"].notna() & ~scores["conflict"].astype(bool)]


def _with_dossiers(scores: pd.DataFrame, dossiers: pd.DataFrame) -> pd.DataFrame:
    """Scores of the dossiers in `dossiers` (inner join), with their season, round, track, stage, project."""
    info = dossiers[["number", *DOSSIER_INFO]].rename(columns={"number": "dossier"})
    info = info.astype({"dossier": "int64"})
    return scores.astype({"dossier": "int64"}).merge(info, on="dossier", how="inner")


def _weighted(frame: pd.DataFrame, value: str, weights: Mapping[int, float], by: list[str]) -> pd.Series:
    """Σ w·value / Σ w over the criteria present in each group (missing criteria do not count as 0)."""
    w = frame["criterion"].map(lambda c: weights.get(int(c), 1.0)).astype("float64")
    parts = frame[by].assign(_wv=frame[value] * w, _w=w.where(frame[value].notna(), 0.0))
    sums = parts.groupby(by, dropna=False)[["_wv", "_w"]].sum()
    return (sums["_wv"] / sums["_w"].where(sums["_w"] > 0)).rename(value)


def dossier_summary(
    scores: pd.DataFrame,
    dossiers: pd.DataFrame,
    weights: Mapping[int, float],
    criteria: Sequence[int],
    scale: tuple[float, float] = (0.0, 5.0),
    value: str = "score",
) -> pd.DataFrame:
    """One row per scored dossier: the criterion means across jurors and the weighted score.

    Conflicted scores are left out. `value` is `score` (raw) or `normalised` (see `normalise_scores`).
    Returns season, round, track, dossier, project, stage, n_jurors (jurors with a valid score),
    weighted_score (weighted mean of the criterion means, on the scoring scale), spread (highest minus
    lowest juror's own weighted score), max_gap (widest range on one criterion), disagreement (max_gap
    ≥ DISAGREEMENT_SHARE of the scale), conflicts (jurors who declared one), and criterion_<n> means.
    """
    means_columns = [criterion_column(c) for c in criteria]
    columns = [
        *COHORT, "dossier", "project", "stage", "n_jurors", "weighted_score", "spread", "max_gap",
        "disagreement", "conflicts", *means_columns,
    ]  # fmt: skip
    joined = _with_dossiers(scores, dossiers)
    valid = valid_scores(joined)
    valid = valid[valid["criterion"].isin(list(criteria))]
    if valid.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    per_criterion = valid.groupby(["dossier", "criterion"])[value].agg(["mean", "min", "max"])
    means = per_criterion["mean"].unstack("criterion").reindex(columns=list(criteria))
    means.columns = means_columns
    gap = (per_criterion["max"] - per_criterion["min"]).groupby(level="dossier").max().rename("max_gap")
    long_means = per_criterion["mean"].rename(value).reset_index()
    weighted = _weighted(long_means, value, weights, ["dossier"]).rename("weighted_score")
    per_juror = _weighted(valid, value, weights, ["dossier", "juror"])
    bounds = per_juror.groupby(level="dossier").agg(["max", "min"])
    spread = (bounds["max"] - bounds["min"]).rename("spread")
    n_jurors = valid.groupby("dossier")["juror"].nunique().rename("n_jurors")
    conflicts = (
        joined[joined["conflict"].astype(bool)].groupby("dossier")["juror"].nunique().rename("conflicts")
    )
    info = joined.drop_duplicates("dossier").set_index("dossier")[DOSSIER_INFO]
    out = (
        pd.concat([n_jurors, weighted, spread, gap, means], axis=1)
        .join(info, how="left")
        .join(conflicts, how="left")
    )
    width = scale[1] - scale[0]
    out = out.assign(
        conflicts=out["conflicts"].fillna(0).astype("int64"),
        n_jurors=out["n_jurors"].astype("int64"),
        disagreement=out["max_gap"] >= DISAGREEMENT_SHARE * width - 1e-9,
    )
    return out.rename_axis("dossier").reset_index()[columns]


def round_places(
    dossiers: pd.DataFrame,
    capacity: Mapping[str, Mapping[str, int]],
    rounds: Sequence[tuple[str, str]],
) -> dict[tuple[str, str, str], int]:
    """Places open at each round: the season's capacity per track minus the laureates of earlier rounds.

    `capacity` is {season: {track: places}} (settings.capacity); `rounds` the (season, round) pairs in
    calendar order (settings.rounds). `dossiers` should be every dossier, not a filtered view, so that
    earlier rounds count. Returns {(season, round, track): places}, only where a capacity is set.
    """
    laureates = dossiers[dossiers["stage"] == "laureat"].groupby(["round", "track"]).size()
    places: dict[tuple[str, str, str], int] = {}
    for season, per_track in capacity.items():
        season_rounds = [r for s, r in rounds if s == season]
        for track, cap in per_track.items():
            taken = 0
            for round_id in season_rounds:
                places[(season, round_id, track)] = max(0, int(cap) - taken)
                taken += int(laureates.get((round_id, track), 0))
    return places


def rank_dossiers(summary: pd.DataFrame, places: Mapping[tuple[str, str, str], int]) -> pd.DataFrame:
    """Rank within season, round and track by weighted score, ties sharing the best rank (1, 2, 2, 4).

    `places` is {(season, round, track): places open} (see `round_places`). Adds rank (Int64; NA when
    no score), capacity (Int64; NA when none set), above_cutoff (rank ≤ capacity) and tie_at_cutoff
    (dossiers tied on a rank inside the cut-off whose tie reaches past it). Sorted by cohort then rank.
    """
    if summary.empty:
        return summary.assign(
            rank=pd.Series(dtype="Int64"),
            capacity=pd.Series(dtype="Int64"),
            above_cutoff=pd.Series(dtype=bool),
            tie_at_cutoff=pd.Series(dtype=bool),
        )
    rank = summary.groupby(COHORT, dropna=False)["weighted_score"].rank(method="min", ascending=False)
    cut = [places.get((str(s), str(r), str(t))) for s, r, t in zip(*(summary[c] for c in COHORT))]
    out = summary.assign(rank=rank.round().astype("Int64"), capacity=pd.array(cut, dtype="Int64"))
    above = (out["rank"] <= out["capacity"]).fillna(False).astype(bool)
    # The last rank a tie group occupies (rank 4 shared by 3 dossiers occupies 4 to 6).
    last = out["rank"] + out.groupby([*COHORT, "rank"], dropna=False)["dossier"].transform("size") - 1
    tie = (above & (last > out["capacity"])).fillna(False).astype(bool)
    out = out.assign(above_cutoff=above, tie_at_cutoff=tie)
    return out.sort_values([*COHORT, "rank", "dossier"], na_position="last", ignore_index=True)


def normalise_scores(scores: pd.DataFrame, dossiers: pd.DataFrame) -> pd.DataFrame:
    """Add `normalised`: each juror's scores as z-scores, rescaled to the panel's mean and spread.

    Within each season, round and track: z = (score − juror's mean) / juror's standard deviation, then
    panel mean + z × panel standard deviation (population deviations, over all criteria). A juror who
    gives one score to everything carries no ranking information: their scores become the panel mean.
    Conflicted or missing scores stay NaN. Only the dossiers in `dossiers` are kept; the columns of
    `scores` come back as they were.
    """
    joined = _with_dossiers(scores, dossiers)
    valid = valid_scores(joined)
    keys = [*COHORT, "juror"]
    juror_mean = valid.groupby(keys, dropna=False)["score"].transform("mean")
    juror_std = valid.groupby(keys, dropna=False)["score"].transform("std", ddof=0)
    panel_mean = valid.groupby(COHORT, dropna=False)["score"].transform("mean")
    panel_std = valid.groupby(COHORT, dropna=False)["score"].transform("std", ddof=0)
    z = (valid["score"] - juror_mean) / juror_std.where(juror_std > 0)
    normalised = (panel_mean + z.fillna(0.0) * panel_std).rename("normalised")
    return joined[list(scores.columns)].join(normalised)


def juror_stats(scores: pd.DataFrame, dossiers: pd.DataFrame, criteria: Sequence[int]) -> pd.DataFrame:
    """Per season, round, track and juror: completion, severity and the same-score flag.

    The panel of a cohort is every juror with a review in it; each should score every dossier the panel
    reviewed, on every criterion, except the dossiers where they declared a conflict of interest.
    Returns season, round, track, juror, dossiers, conflicts, to_score, scored, completion, mean,
    severity (juror's mean − panel's mean) and same_score (every criterion scored identically for
    every dossier, over at least SAME_SCORE_MIN_DOSSIERS dossiers).
    """
    columns = [
        *COHORT, "juror", "dossiers", "conflicts", "to_score", "scored", "completion", "mean", "severity",
        "same_score",
    ]  # fmt: skip
    joined = _with_dossiers(scores, dossiers)
    joined = joined[joined["criterion"].isin(list(criteria))]
    if joined.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    keys = [*COHORT, "juror"]
    panel_dossiers = joined.groupby(COHORT, dropna=False)["dossier"].nunique().rename("panel_dossiers")
    reviews = joined.drop_duplicates(["dossier", "juror"])
    per_juror = reviews.groupby(keys, dropna=False).agg(
        dossiers=("dossier", "nunique"), conflicts=("conflict", "sum")
    )
    valid = valid_scores(joined)
    scored = valid.groupby(keys, dropna=False)["score"].agg(["size", "mean"])
    distinct = valid.groupby([*keys, "criterion"], dropna=False)["score"].nunique()
    constant = distinct.groupby(keys, dropna=False).max() == 1
    scored_dossiers = valid.groupby(keys, dropna=False)["dossier"].nunique()
    panel_mean = valid.groupby(COHORT, dropna=False)["score"].mean().rename("panel_mean")
    out = per_juror.join(scored, how="left").reset_index()
    out = out.merge(panel_dossiers.reset_index(), on=COHORT, how="left")
    out = out.merge(panel_mean.reset_index(), on=COHORT, how="left")
    index = pd.MultiIndex.from_frame(out[keys])
    flag = constant.reindex(index).fillna(False).to_numpy(dtype=bool) & (
        scored_dossiers.reindex(index).fillna(0).to_numpy() >= SAME_SCORE_MIN_DOSSIERS
    )
    to_score = (out["panel_dossiers"] - out["conflicts"]) * len(criteria)
    n_scored = out["size"].fillna(0).astype("int64")
    out = out.assign(
        conflicts=out["conflicts"].astype("int64"),
        to_score=to_score.astype("int64"),
        scored=n_scored,
        completion=n_scored / to_score.where(to_score > 0),
        severity=out["mean"] - out["panel_mean"],
        same_score=flag,
    )
    return out.sort_values(keys, ignore_index=True)[columns]


def _alpha(matrix: pd.DataFrame) -> float:
    """Krippendorff's alpha (interval) of a coders × units matrix; NaN when it is undefined."""
    import krippendorff

    data = matrix.to_numpy(dtype="float64")
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    if data.shape[0] < 2 or pairable.sum() < 2:
        return float("nan")
    try:
        return float(krippendorff.alpha(reliability_data=data, level_of_measurement="interval"))
    except (ValueError, ZeroDivisionError):  # one value only: agreement is undefined
        return float("nan")


def krippendorff_alpha(reliability: pd.DataFrame) -> float:
    """Interval alpha of a coders (rows) × units (columns) frame of numbers, NaN for missing."""
    return _alpha(reliability)


def agreement(scores: pd.DataFrame, criteria: Sequence[int]) -> pd.DataFrame:
    """Krippendorff's alpha (interval data) per criterion and over all criteria.

    Units are dossiers (per criterion) or dossier × criterion pairs (overall); coders are jurors;
    conflicted and missing scores are missing values. Returns criterion (Int64; NA for the overall
    row), alpha, units (units scored by at least two jurors) and n_scores.
    """
    valid = valid_scores(scores)
    rows = []
    for number in criteria:
        mine = valid[valid["criterion"] == number]
        matrix = mine.pivot_table(index="juror", columns="dossier", values="score", aggfunc="mean")
        units = int((matrix.notna().sum(axis=0) >= 2).sum()) if len(matrix) else 0
        rows.append((number, _alpha(matrix) if len(matrix) else float("nan"), units, len(mine)))
    mine = valid[valid["criterion"].isin(list(criteria))]
    matrix = mine.pivot_table(index="juror", columns=["dossier", "criterion"], values="score", aggfunc="mean")
    units = int((matrix.notna().sum(axis=0) >= 2).sum()) if len(matrix) else 0
    rows.append((pd.NA, _alpha(matrix) if len(matrix) else float("nan"), units, len(mine)))
    out = pd.DataFrame(rows, columns=["criterion", "alpha", "units", "n_scores"])
    return out.astype({"criterion": "Int64", "alpha": "float64", "units": "int64", "n_scores": "int64"})


def criterion_cohorts(scores: pd.DataFrame, dossiers: pd.DataFrame) -> pd.DataFrame:
    """Per season, round, track and criterion: n_scores, mean, median, std (valid scores only)."""
    columns = [*COHORT, "criterion", "n_scores", "mean", "median", "std"]
    valid = valid_scores(_with_dossiers(scores, dossiers))
    if valid.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    out = (
        valid.groupby([*COHORT, "criterion"], dropna=False)["score"]
        .agg(n_scores="size", mean="mean", median="median", std="std")
        .reset_index()
    )
    return out.astype({"criterion": "int64", "n_scores": "int64"})[columns]


def _dossier_means(scores: pd.DataFrame, dossiers: pd.DataFrame) -> pd.DataFrame:
    """dossier, criterion, mean (valid scores), with the dossier's season, round, track, stage."""
    valid = valid_scores(_with_dossiers(scores, dossiers))
    return (
        valid.groupby(["dossier", "criterion", *COHORT, "stage"], dropna=False)["score"]
        .mean()
        .rename("mean")
        .reset_index()
    )


def criterion_profile(scores: pd.DataFrame, dossiers: pd.DataFrame) -> pd.DataFrame:
    """Laureates against the projects not retained, per season, track and criterion.

    A dossier counts by its mean on the criterion. Returns season, track, stage (`laureat` or
    `non_retenu`), criterion, n_dossiers, mean, median.
    """
    columns = ["season", "track", "stage", "criterion", "n_dossiers", "mean", "median"]
    means = _dossier_means(scores, dossiers)
    means = means[means["stage"].isin(OUTCOMES)]
    if means.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    out = (
        means.groupby(["season", "track", "stage", "criterion"], dropna=False)["mean"]
        .agg(n_dossiers="size", mean="mean", median="median")
        .reset_index()
    )
    return out.astype({"criterion": "int64", "n_dossiers": "int64"})[columns]


def laureate_scores_vs_cohort(scores: pd.DataFrame, dossiers: pd.DataFrame, number: int) -> pd.DataFrame:
    """One dossier's criterion means beside those of its cohort (same season, round and track).

    Returns criterion, score (the dossier's mean; NaN if not scored on it), cohort_mean, cohort_median,
    cohort_min, cohort_max, n_dossiers (scored dossiers of the cohort) and rank (1 = best mean of the
    cohort on that criterion, ties sharing a rank). Empty when the dossier has no valid score.
    """
    columns = [
        "criterion", "score", "cohort_mean", "cohort_median", "cohort_min", "cohort_max", "n_dossiers",
        "rank",
    ]  # fmt: skip
    means = _dossier_means(scores, dossiers)
    mine = means[means["dossier"] == int(number)]
    if mine.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    cohort = mine.iloc[0][COHORT]
    same = np.ones(len(means), dtype=bool)
    for key in COHORT:
        value = cohort[key]
        same &= means[key].isna().to_numpy() if pd.isna(value) else (means[key] == value).to_numpy()
    peers = means[same]
    peers = peers.assign(rank=peers.groupby("criterion")["mean"].rank(method="min", ascending=False))
    stats = peers.groupby("criterion")["mean"].agg(
        cohort_mean="mean", cohort_median="median", cohort_min="min", cohort_max="max", n_dossiers="size"
    )
    own = peers[peers["dossier"] == int(number)].set_index("criterion")[["mean", "rank"]]
    out = stats.join(own.rename(columns={"mean": "score"}), how="left").reset_index()
    return out.astype({"criterion": "int64", "n_dossiers": "int64", "rank": "Int64"})[columns]


def juror_breakdown(scores: pd.DataFrame, number: int, criteria: Sequence[int]) -> pd.DataFrame:
    """A dossier's scores juror by juror: juror, criterion_<n> (raw), conflict, comment, counted.

    `counted` is False for a juror whose scores are left out (conflict of interest).
    """
    mine = scores[scores["dossier"] == int(number)]
    if "comment" not in mine:
        mine = mine.assign(comment="")
    columns = ["juror", *(criterion_column(c) for c in criteria), "conflict", "comment", "counted"]
    if mine.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    wide = mine.pivot_table(index="juror", columns="criterion", values="score", aggfunc="mean", dropna=False)
    wide = wide.reindex(columns=list(criteria))
    wide.columns = [criterion_column(c) for c in criteria]
    info = mine.groupby("juror").agg(conflict=("conflict", "max"), comment=("comment", "first"))
    out = wide.join(info, how="outer").reset_index()
    out = out.assign(conflict=out["conflict"].astype(bool), counted=~out["conflict"].astype(bool))
    return out[columns]
