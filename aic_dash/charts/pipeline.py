"""Plotly figures of the dashboard, in the French State's chart palette (DSFR). No Streamlit here.

Each track keeps one colour in every chart (`track_colours`); other categories take the remaining
categorical colours, and ordered series (cohorts) the sequential scale. Numbers use French separators.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go

from aic_dash import labels as L
from aic_dash.charts.style import (
    CAP,
    GRID,
    MENTION,
    ORG_TYPE_COLOURS,
    TrackStyle,
    axes,
    day_texts,
    figure,
    log_ticks,
    on_panel,
    panels,
    sequential_colours,
    track_rows,
    wrap_label,
)
from aic_dash.format import fr_date, fr_days, fr_int, fr_percent


def funnel_figure(funnel: pd.DataFrame, tracks: Sequence[TrackStyle]) -> go.Figure:
    """One funnel per track side by side (from `kpis.funnel_by_track`), steps top to bottom."""
    data = []
    for panel, (style, mine) in enumerate(track_rows(funnel, tracks), start=1):
        mine = mine.sort_values("step_rank")
        values = mine["applications"].tolist()
        first = values[0] if values else 0
        data.append(
            {
                "type": "funnel",
                "name": style.name,
                "y": [L.FUNNEL_STEPS[s] for s in mine["step"]],
                "x": values,
                "text": [f"{fr_int(v)} ({fr_percent(v / first)})" if first else fr_int(v) for v in values],
                "textinfo": "text",
                # A zero-width step has no inside: its « 0 » goes outside, never hidden.
                "textposition": ["auto" if v else "outside" for v in values],
                "marker": {"color": style.colour},
                "connector": {"fillcolor": GRID, "line": {"width": 0}},
                "hovertemplate": "%{y} : %{x:,d}<extra>" + style.name + "</extra>",
                **on_panel(panel),
            }
        )
    layout = panels([s.name for s in tracks], gap=0.04)
    layout["showlegend"] = False
    return figure(data, layout, L.CHARTS["funnel"], height=360, top=70)


@dataclass(frozen=True)
class Deadline:
    label: str
    closes: datetime


def cumulative_figure(
    curve: pd.DataFrame, tracks: Sequence[TrackStyle], deadlines: Sequence[Deadline]
) -> go.Figure:
    """Cumulative deposits per track (from `timing.cumulative_submissions`), deadlines as dashed lines."""
    data = [
        {
            "type": "scatter",
            "name": style.name,
            "x": day_texts(mine["day"]),
            "y": mine["applications"].tolist(),
            "mode": "lines",
            "line": {"color": style.colour, "width": 2.5, "shape": "hv"},
            "hovertemplate": "%{x|%d/%m/%Y} : %{y:,d} candidatures<extra>" + style.name + "</extra>",
        }
        for style, mine in track_rows(curve, tracks)
    ]
    shapes, notes = [], []
    for deadline in deadlines:
        moment = pd.Timestamp(deadline.closes).tz_localize(None).strftime("%Y-%m-%d %H:%M")
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": moment,
                "x1": moment,
                "y0": 0,
                "y1": 1,
                "line": {"color": MENTION, "width": 1, "dash": "dash"},
            }
        )
        notes.append(
            {
                "x": moment,
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "text": f"{L.CHARTS['deadline']} {deadline.label} ({fr_date(deadline.closes)})",
                "showarrow": False,
                "xanchor": "right",
                "yanchor": "top",
                "textangle": -90,
                "bgcolor": "rgba(255, 255, 255, 0.85)",
                "font": {"size": 11, "color": MENTION},
            }
        )
    layout = {
        "showlegend": True,
        "shapes": shapes,
        "annotations": notes,
        "xaxis": {"type": "date", "tickformat": "%d/%m/%Y", "hoverformat": "%d/%m/%Y"},
        "yaxis": {"title": {"text": L.CHARTS["cumulative_y"]}, "tickformat": ",d", "rangemode": "tozero"},
    }
    return figure(data, layout, L.CHARTS["cumulative"], height=380)


def decision_time_figure(times: pd.DataFrame, tracks: Sequence[TrackStyle]) -> go.Figure:
    """Median and 90th percentile days per track (from `timing.decision_times`)."""
    categories = [L.CHARTS["median"], L.CHARTS["p90"]]
    data = []
    for style, row in track_rows(times, tracks):
        values = [float(row["median_days"].iloc[0]), float(row["p90_days"].iloc[0])] if len(row) else []
        data.append(
            {
                "type": "bar",
                "name": style.name,
                "x": categories,
                "y": [None if pd.isna(v) else v for v in values],
                "text": [fr_days(v) for v in values],
                "textposition": "outside",
                "marker": {"color": style.colour},
                "hovertemplate": "%{x} : %{y:,.0f} jours<extra>" + style.name + "</extra>",
            }
        )
    layout = {
        "barmode": "group",
        "yaxis": {"title": {"text": L.CHARTS["decision_days"]}, "rangemode": "tozero"},
    }
    return figure(data, layout, L.CHARTS["decision_time"], height=340)


def capacity_figure(
    capacity: pd.DataFrame, tracks: Sequence[TrackStyle], season_labels: dict[str, str]
) -> go.Figure:
    """Laureates per (season, track) as bars, the cap as a red mark (from `pipeline.capacity_use`)."""
    names = {s.id: s.name for s in tracks}
    frame = capacity.assign(
        row=[
            f"{names.get(t, t)} — {season_labels.get(str(z), z)}"
            for t, z in zip(capacity["track"], capacity["season"])
        ]
    )
    data = [
        {
            "type": "bar",
            "name": style.name,
            "y": mine["row"].tolist(),
            "x": mine["laureates"].tolist(),
            "orientation": "h",
            "marker": {"color": style.colour},
            "text": [
                f"{fr_int(n)} / {fr_int(c)}" if pd.notna(c) else fr_int(n)
                for n, c in zip(mine["laureates"], mine["capacity"])
            ],
            "textposition": "outside",
            "hovertemplate": "%{y} : %{x:,d} lauréat(s)<extra></extra>",
        }
        for style, mine in track_rows(frame, tracks)
    ]
    capped = frame[frame["capacity"].notna()]
    data.append(
        {
            "type": "scatter",
            "name": L.CHARTS["cap"],
            "y": capped["row"].tolist(),
            "x": capped["capacity"].astype("float64").tolist(),
            "mode": "markers",
            "marker": {"symbol": "line-ns", "size": 28, "line": {"color": CAP, "width": 3}, "color": CAP},
            "hovertemplate": "%{y} : plafond de %{x:,d}<extra></extra>",
        }
    )
    layout = {
        "xaxis": {"title": {"text": L.CHARTS["capacity_x"]}, "rangemode": "tozero", "dtick": 1},
        "yaxis": {"autorange": "reversed"},
    }
    return figure(data, layout, L.CHARTS["capacity"], height=140 + 48 * max(1, len(frame)))


# --- Cohorts ------------------------------------------------------------------------------------


def _wrapped(cohort_labels: dict[str, str]) -> dict[str, str]:
    """Cohort labels on two lines (`wrap_label`), so that cohort axes need no slant."""
    return {k: wrap_label(v) for k, v in cohort_labels.items()}


def org_mix_figure(
    mix: pd.DataFrame, tracks: Sequence[TrackStyle], cohort_labels: dict[str, str]
) -> go.Figure:
    """Share of associations / administrations / both per cohort, one panel per track."""
    cohort_labels = _wrapped(cohort_labels)
    cohorts = list(cohort_labels)
    data = []
    for panel, style in enumerate(tracks, start=1):
        mine = mix[mix["track"] == style.id]
        for org_type, colour in ORG_TYPE_COLOURS.items():
            rows = mine[mine["org_type"] == org_type].set_index("round").reindex(cohorts)
            if rows["applications"].isna().all() and org_type == "inconnu":
                continue
            data.append(
                {
                    "type": "bar",
                    "name": L.ORG_TYPES_CHART[org_type],
                    "legendgroup": org_type,
                    "showlegend": panel == 1,
                    "x": [cohort_labels[c] for c in cohorts],
                    "y": (rows["share"].fillna(0) * 100).tolist(),
                    "customdata": rows["applications"].fillna(0).astype("int64").tolist(),
                    "marker": {"color": colour},
                    "hovertemplate": "%{x} : %{y:.0f} % (%{customdata:,d})<extra>"
                    + L.ORG_TYPES_CHART[org_type]
                    + "</extra>",
                    **on_panel(panel),
                }
            )
    layout = panels([s.name for s in tracks])
    layout["barmode"] = "stack"
    axes(layout, "xaxis", tickangle=0)
    axes(layout, "yaxis", ticksuffix="\u00a0%", range=[0, 100])
    layout["yaxis"]["title"] = {"text": L.CHARTS["org_mix_y"]}
    axes(layout, "xaxis", title={"text": L.CHARTS["org_mix_x"]})
    return figure(data, layout, L.CHARTS["org_mix"], height=420, top=100)


def heard_figure(
    heard: pd.DataFrame, tracks: Sequence[TrackStyle], cohort_labels: dict[str, str], channels: Sequence[str]
) -> go.Figure:
    """Share of applicants citing each channel, cohorts as shades, one panel per track."""
    cohorts = list(cohort_labels)
    shades = sequential_colours(len(cohorts))
    known = list(channels) + sorted(set(heard["channel"]) - set(channels)) if len(heard) else list(channels)
    data = []
    for panel, style in enumerate(tracks, start=1):
        mine = heard[heard["track"] == style.id]
        for cohort, shade in zip(cohorts, shades):
            rows = mine[mine["round"] == cohort].set_index("channel").reindex(known)
            data.append(
                {
                    "type": "bar",
                    "name": cohort_labels[cohort],
                    "legendgroup": cohort,
                    "showlegend": panel == 1,
                    "y": known,
                    "x": (rows["share"].fillna(0) * 100).tolist(),
                    "orientation": "h",
                    "marker": {"color": shade},
                    "hovertemplate": "%{y} : %{x:.0f} %<extra>" + cohort_labels[cohort] + "</extra>",
                    **on_panel(panel),
                }
            )
    layout = panels([s.name for s in tracks])
    layout["barmode"] = "group"
    axes(layout, "xaxis", ticksuffix="\u00a0%", rangemode="tozero")
    axes(layout, "yaxis", autorange="reversed")
    axes(layout, "xaxis", title={"text": L.CHARTS["heard_x"]})
    # The channels name themselves; a y title would sit over their long labels.
    return figure(data, layout, L.CHARTS["heard"], height=220 + 44 * len(known), top=100)


def declared_figure(
    stats: pd.DataFrame,
    tracks: Sequence[TrackStyle],
    cohort_labels: dict[str, str],
    title: str,
    y_title: str,
    euros: bool = False,
) -> go.Figure:
    """Distribution of a declared value per cohort, one box per track, log scale.

    `stats` comes from `cohorts.box_stats` (quartiles and whiskers): the figure stays small whatever
    the number of dossiers.
    """
    cohort_labels = _wrapped(cohort_labels)
    suffix = "\u00a0€" if euros else ""
    shown = stats[stats["round"].isin(list(cohort_labels))]
    data = [
        {
            "type": "box",
            "name": style.name,
            "x": mine["round"].map(cohort_labels).tolist(),
            "q1": mine["q1"].tolist(),
            "median": mine["median"].tolist(),
            "q3": mine["q3"].tolist(),
            "lowerfence": mine["lower"].tolist(),
            "upperfence": mine["upper"].tolist(),
            "marker": {"color": style.colour},
            "line": {"color": style.colour},
            "boxpoints": False,
            "hoverinfo": "x+y",
        }
        for style, mine in track_rows(shown, tracks)
    ]
    span = pd.concat([stats["lower"], stats["upper"]]) if len(stats) else pd.Series(dtype="float64")
    span = span[span > 0]
    # Plotly does not widen a log axis to precomputed whiskers: set the range from them.
    y_range = [math.log10(span.min() / 1.5), math.log10(span.max() * 1.5)] if len(span) else None
    layout = {
        "boxmode": "group",
        "xaxis": {"categoryorder": "array", "categoryarray": list(cohort_labels.values()), "tickangle": 0},
        "yaxis": {
            "type": "log",
            "title": {"text": y_title},
            "tickvals": log_ticks(span),
            "range": y_range,
            "tickformat": ",.0f",
            "ticksuffix": suffix,
        },
    }
    return figure(data, layout, title, height=360)


def rates_figure(
    summary: pd.DataFrame, tracks: Sequence[TrackStyle], cohort_labels: dict[str, str]
) -> go.Figure:
    """Eligibility and shortlist rates per cohort (from `cohorts.cohort_summary`), bars per track."""
    cohort_labels = _wrapped(cohort_labels)
    cohorts = list(cohort_labels)
    data = []
    for panel, column in enumerate(("eligibility_rate", "shortlist_rate"), start=1):
        for style in tracks:
            rows = summary[summary["track"] == style.id].set_index("round").reindex(cohorts)
            shares = pd.to_numeric(rows[column], errors="coerce") * 100
            data.append(
                {
                    "type": "bar",
                    "name": style.name,
                    "legendgroup": style.id,
                    "showlegend": panel == 1,
                    "x": [cohort_labels[c] for c in cohorts],
                    "y": [None if pd.isna(v) else v for v in shares],
                    "text": [fr_percent(v / 100) if pd.notna(v) else "" for v in shares],
                    "textposition": "outside",
                    "marker": {"color": style.colour},
                    "hovertemplate": "%{x} : %{y:.0f} %<extra>" + style.name + "</extra>",
                    **on_panel(panel),
                }
            )
    layout = panels([L.CHARTS["eligibility_rate"], L.CHARTS["shortlist_rate"]], gap=0.06)
    layout["barmode"] = "group"
    axes(layout, "xaxis", tickangle=0)
    axes(layout, "yaxis", ticksuffix="\u00a0%", range=[0, 110])
    return figure(data, layout, L.CHARTS["rates"], height=400, top=100)
