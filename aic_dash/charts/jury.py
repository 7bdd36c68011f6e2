"""Plotly figures of jury scores, in the DSFR palette; each track keeps its colour. No Streamlit here.

Inputs are the frames of `aic_dash.analytics.scores`; `tracks` are the chart styles of the configured
tracks (`charts.track_styles`: DINUM #5C68E5, DITP #31A7AE); `criteria` maps a criterion number to its
short label (`criterion_labels`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from aic_dash import labels as L
from aic_dash.charts.style import (
    CAP,
    GRID,
    MENTION,
    NEUTRAL,
    SEQUENTIAL,
    TrackStyle,
    house_style,
    plain_label,
    sequential_colours,
)
from aic_dash.config import Criterion
from aic_dash.format import fr_number

DIVERGENT = ("#298641", "#EFB900", "#E91719")  # DSFR divergent scale: lenient, neutral, severe
_NAME_LENGTH = 28


def criterion_labels(criteria: Sequence[Criterion], length: int = _NAME_LENGTH) -> dict[int, str]:
    """Number -> `C1 · La finalité d’intérêt…` (names cut to `length` characters)."""
    out = {}
    for c in criteria:
        name = c.name if len(c.name) <= length else c.name[: length - 1].rstrip() + "…"
        out[c.number] = f"C{c.number} · {name}"
    return out


def _wrapped(label: str, width: int = 24) -> str:
    """A long criterion name on several lines (plotly's <br>), never cut."""
    return "<br>".join(textwrap.wrap(str(label), width)) or str(label)


def _short(criteria: Mapping[int, str]) -> dict[int, str]:
    """Number -> `C1`, for axes too narrow for the names (the full name goes in the hover)."""
    return {n: f"C{n}" for n in criteria}


def _style_of(tracks: Sequence[TrackStyle], track_id: object) -> TrackStyle | None:
    return next((t for t in tracks if t.id == track_id), None)


def _fr(value: float, decimals: int = 2) -> str:
    return fr_number(value, decimals)


def criterion_box_figure(
    scores: pd.DataFrame, tracks: Sequence[TrackStyle], criteria: Mapping[int, str]
) -> go.Figure:
    """Distribution of the valid scores per criterion, one box per track side by side.

    `scores` has track, criterion, score (conflicted and missing scores already left out). The boxes are
    drawn from their quartiles, computed here (a season's tens of thousands of scores are not sent to
    every browser at every run): median, first and third quartiles, mean, and whiskers from the lowest to
    the highest score, so that no score lies outside what is drawn.
    """
    fig = go.Figure()
    # One wrapped name per criterion, not one per score.
    wrapped = {n: _wrapped(criteria.get(n, n), 30) for n in scores["criterion"].unique()}
    for style in tracks:
        mine = scores[scores["track"] == style.id]
        if mine.empty:
            continue
        by = mine.groupby("criterion")["score"]
        stats = pd.DataFrame(
            {
                "q1": by.quantile(0.25),
                "median": by.median(),
                "q3": by.quantile(0.75),
                "mean": by.mean(),
                "low": by.min(),
                "high": by.max(),
            }
        )
        fig.add_trace(
            go.Box(
                name=style.name,
                x=[wrapped[n] for n in stats.index],
                q1=stats["q1"].tolist(),
                median=stats["median"].tolist(),
                q3=stats["q3"].tolist(),
                mean=stats["mean"].tolist(),
                lowerfence=stats["low"].tolist(),
                upperfence=stats["high"].tolist(),
                marker={"color": style.colour},
                line={"color": style.colour},
                boxmean=True,
                hovertemplate="%{x} : %{y}<extra>" + style.name + "</extra>",
            )
        )
    fig.update_layout(boxmode="group")
    fig.update_xaxes(
        categoryorder="array", categoryarray=[_wrapped(v, 30) for v in criteria.values()], tickangle=0
    )
    fig.update_yaxes(title={"text": L.JURY["score_axis"]})
    return house_style(fig, L.JURY["box"], height=400)


def track_radar_figure(
    cohorts: pd.DataFrame,
    tracks: Sequence[TrackStyle],
    criteria: Mapping[int, str],
    scale: tuple[float, float],
) -> go.Figure:
    """One polygon per track: its mean score on each criterion. `cohorts` has track, criterion, mean."""
    fig = go.Figure()
    theta = list(_short(criteria).values())
    full = list(criteria.values())
    for style in tracks:
        mine = cohorts[cohorts["track"] == style.id].set_index("criterion")["mean"]
        if mine.dropna().empty:
            continue
        values = [mine.get(n) for n in criteria]
        fig.add_trace(
            go.Scatterpolar(
                name=style.name,
                r=[*values, values[0]],
                theta=[*theta, theta[0]],
                customdata=[*full, full[0]],
                line={"color": style.colour, "width": 2.5},
                fill="toself",
                opacity=0.75,
                hovertemplate="%{customdata} : %{r:.2f}<extra>" + style.name + "</extra>",
            )
        )
    fig.update_layout(
        polar={
            "radialaxis": {"range": list(scale), "gridcolor": GRID, "tickfont": {"color": MENTION}},
            "angularaxis": {"gridcolor": GRID},
            "bgcolor": "#FFFFFF",
        }
    )
    fig = house_style(fig, L.JURY["radar"], height=460, top=90)
    return fig.update_layout(margin={"b": 40})  # room for the bottom axis label (« C5 »)


def criterion_heatmap_figure(
    cohorts: pd.DataFrame,
    tracks: Sequence[TrackStyle],
    criteria: Mapping[int, str],
    scale: tuple[float, float],
) -> go.Figure:
    """Criterion × track grid of mean scores (DSFR sequential scale). `cohorts`: track, criterion, mean."""
    shown = [t for t in tracks if t.id in set(cohorts["track"])]
    table = cohorts.pivot_table(index="criterion", columns="track", values="mean", aggfunc="mean")
    table = table.reindex(index=list(criteria), columns=[t.id for t in shown])
    text = [[_fr(v) if pd.notna(v) else "–" for v in row] for row in table.to_numpy()]
    fig = go.Figure(
        go.Heatmap(
            z=table.to_numpy(),
            x=[t.name for t in shown],
            y=[_wrapped(v, 30) for v in criteria.values()],
            text=text,
            texttemplate="%{text}",
            colorscale=[[0, SEQUENTIAL[0]], [1, SEQUENTIAL[1]]],
            zmin=scale[0],
            zmax=scale[1],
            colorbar={"title": {"text": L.JURY_COLUMNS["mean"]}},
            hovertemplate="%{y} · %{x} : %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    return house_style(fig, L.JURY["heatmap"], height=120 + 64 * len(criteria))


def criterion_seasons_figure(
    cohorts: pd.DataFrame,
    tracks: Sequence[TrackStyle],
    criteria: Mapping[int, str],
    scale: tuple[float, float],
) -> go.Figure:
    """Mean per criterion, one bar per season, one panel per track. `cohorts`: season, track, criterion,
    n_scores, mean (rounds of a season pooled, weighted by their number of scores)."""
    pooled = (
        cohorts.assign(total=cohorts["mean"] * cohorts["n_scores"])
        .groupby(["season", "track", "criterion"], dropna=True)[["total", "n_scores"]]
        .sum()
        .reset_index()
    )
    pooled = pooled.assign(mean=pooled["total"] / pooled["n_scores"])
    shown = [t for t in tracks if t.id in set(pooled["track"])] or list(tracks)
    seasons = sorted(pooled["season"].dropna().unique())
    colours = dict(zip(seasons, sequential_colours(len(seasons))))
    fig = make_subplots(
        rows=1, cols=max(len(shown), 1), subplot_titles=[t.name for t in shown], shared_yaxes=True
    )
    for col, style in enumerate(shown, start=1):
        for season in seasons:
            mine = pooled[(pooled["track"] == style.id) & (pooled["season"] == season)]
            fig.add_trace(
                go.Bar(
                    name=f"{L.CHARTS['season']} {season}",
                    x=mine["criterion"].map(lambda n: f"C{n}"),
                    y=mine["mean"],
                    marker={"color": colours[season]},
                    legendgroup=str(season),
                    showlegend=col == 1,
                    hovertemplate="%{x} : %{y:.2f}<extra>" + f"{season} · {style.name}" + "</extra>",
                ),
                row=1,
                col=col,
            )
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=list(scale))
    fig.update_yaxes(title={"text": L.JURY["score_axis"]}, row=1, col=1)
    return house_style(fig, L.JURY["seasons"], height=380, top=100)


def ranking_figure(
    ranking: pd.DataFrame, tracks: Sequence[TrackStyle], normalised: bool = False
) -> go.Figure:
    """Horizontal bars of one cohort's ranking, best at the top, with the cut-off after the last place.

    With `normalised`, the scores are the per-juror normalised ones, and the titles say so.

    `ranking` is one season/round/track of `scores.rank_dossiers` (rank, project, dossier,
    weighted_score, track, capacity, above_cutoff). Dossiers past the cut-off are grey.
    """
    ranked = ranking[ranking["rank"].notna()].sort_values(["rank", "dossier"])
    style = _style_of(tracks, ranked["track"].iloc[0]) if len(ranked) else None
    colour = style.colour if style else NEUTRAL
    labels = [
        f"{int(r)}. {plain_label(p) if isinstance(p, str) and p else d}"
        for r, p, d in zip(ranked["rank"], ranked["project"], ranked["dossier"])
    ]
    has_cut = len(ranked) and pd.notna(ranked["capacity"].iloc[0])
    colours = [colour if (above or not has_cut) else NEUTRAL for above in ranked["above_cutoff"]]
    fig = go.Figure(
        go.Bar(
            x=ranked["weighted_score"],
            y=labels,
            orientation="h",
            marker={"color": colours},
            text=[_fr(v) for v in ranked["weighted_score"]],
            textposition="outside",
            customdata=ranked["dossier"],
            hovertemplate="%{y} (n° %{customdata}) : %{x:.2f}<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels)
    fig.update_xaxes(title={"text": L.JURY["normalised_axis" if normalised else "weighted_axis"]})
    if has_cut:
        places = int(ranked["capacity"].iloc[0])
        inside = int(ranked["above_cutoff"].sum())
        if 0 < inside < len(ranked) or places == 0:
            fig.add_shape(
                type="line",
                xref="paper",
                yref="y",
                x0=0,
                x1=1,
                y0=inside - 0.5,
                y1=inside - 0.5,
                line={"color": CAP, "width": 2, "dash": "dash"},
            )
            fig.add_annotation(
                xref="paper",
                yref="y",
                x=1,
                y=inside - 0.5,
                text=L.JURY["cutoff"].format(places=places),
                showarrow=False,
                xanchor="right",
                yanchor="bottom",
                font={"color": CAP},
            )
    title = L.JURY["ranking_chart_normalised" if normalised else "ranking_chart"]
    return house_style(fig, title, height=max(260, 110 + 28 * len(ranked)), top=50)


def severity_figure(stats: pd.DataFrame) -> go.Figure:
    """Each juror's severity (their mean minus the panel's), lenient jurors green, severe red.

    `stats` has juror and severity (one row per juror; pool cohorts before calling).
    """
    ordered = stats.sort_values("severity")
    colours = [
        DIVERGENT[2] if v < -0.25 else DIVERGENT[0] if v > 0.25 else DIVERGENT[1] for v in ordered["severity"]
    ]
    fig = go.Figure(
        go.Bar(
            x=ordered["severity"],
            y=ordered["juror"].map(plain_label),
            orientation="h",
            marker={"color": colours},
            text=[("+" if v > 0 else "") + _fr(v) for v in ordered["severity"]],
            textposition="outside",
            hovertemplate="%{y} : %{x:+.2f}<extra></extra>",
        )
    )
    fig.update_xaxes(title={"text": L.JURY["severity_axis"]}, zeroline=True, zerolinecolor=MENTION)
    return house_style(fig, L.JURY["severity_chart"], height=max(240, 100 + 30 * len(ordered)), top=50)


def laureate_vs_cohort_figure(
    frame: pd.DataFrame, criteria: Mapping[int, str], colour: str, scale: tuple[float, float]
) -> go.Figure:
    """A laureate's criterion means (bars) against its cohort's mean (dots) and range (whiskers).

    `frame` is `scores.laureate_scores_vs_cohort`.
    """
    x = frame["criterion"].map(criteria)
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            name=L.JURY["laureate"],
            x=x,
            y=frame["score"],
            marker={"color": colour},
            hovertemplate="%{x} : %{y:.2f}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            name=L.JURY["cohort_mean"],
            x=x,
            y=frame["cohort_mean"],
            mode="markers",
            marker={"color": MENTION, "size": 10, "symbol": "diamond"},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": frame["cohort_max"] - frame["cohort_mean"],
                "arrayminus": frame["cohort_mean"] - frame["cohort_min"],
                "color": NEUTRAL,
            },
            hovertemplate="%{x} : %{y:.2f}<extra>" + L.JURY["cohort_mean"] + "</extra>",
        )
    )
    fig.update_yaxes(range=list(scale), title={"text": L.JURY["score_axis"]})
    return house_style(fig, L.JURY["laureate_chart"], height=320)


def profile_figure(
    profile: pd.DataFrame, style: TrackStyle, criteria: Mapping[int, str], scale: tuple[float, float]
) -> go.Figure:
    """Laureates against the projects not retained, per criterion, for one track.

    `profile` is `scores.criterion_profile` (seasons pooled by the caller or one season).
    """
    mine = profile[profile["track"] == style.id]
    mine = mine.groupby(["stage", "criterion"])["mean"].mean().reset_index()
    fig = go.Figure()
    for stage, colour in (("laureat", style.colour), ("non_retenu", NEUTRAL)):
        part = mine[mine["stage"] == stage]
        fig.add_trace(
            go.Bar(
                name=L.STAGES[stage],
                x=part["criterion"].map(_short(criteria)),
                y=part["mean"],
                customdata=part["criterion"].map(criteria),
                marker={"color": colour},
                hovertemplate="%{customdata} : %{y:.2f}<extra>" + L.STAGES[stage] + "</extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=list(scale), title={"text": L.JURY["score_axis"]})
    return house_style(fig, f"{L.JURY['profile']} — {style.name}", height=360)
