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
from aic_dash.format import PLOTLY_SEPARATORS, fr_date, fr_days, fr_int, fr_percent

# DSFR Chart palettes (FACTS §4).
CATEGORICAL = ("#5C68E5", "#82B5F2", "#29598F", "#31A7AE", "#81EEF5", "#B478F1", "#CFB1F5", "#CECECE")
SEQUENTIAL = ("#DBDAFF", "#00005F")
NEUTRAL = "#B1B1B1"
TEXT = "#161616"
MENTION = "#666666"
GRID = "#E5E5E5"
BORDER = "#CECECE"
CAP = "#CE0500"  # DSFR error red: the cap is a limit
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'

# Tracks take these colours in settings order; the other categories use what is left.
_TRACK_PALETTE = ("#5C68E5", "#31A7AE", "#B478F1", "#29598F")
_OTHER_PALETTE = ("#29598F", "#B478F1", "#CFB1F5", "#82B5F2", "#81EEF5", "#CECECE")
ORG_TYPE_COLOURS = {
    "association": "#29598F",
    "administration": "#B478F1",
    "partenariat": "#81EEF5",
    "inconnu": "#CECECE",
}


@dataclass(frozen=True)
class TrackStyle:
    """How a track reads in charts: its id, legend name and colour."""

    id: str
    name: str
    colour: str


def track_styles(tracks: Sequence[tuple[str, str]]) -> list[TrackStyle]:
    """(id, name) of the configured tracks, in settings order -> their fixed colours."""
    return [
        TrackStyle(track_id, name, _TRACK_PALETTE[i % len(_TRACK_PALETTE)])
        for i, (track_id, name) in enumerate(tracks)
    ]


def track_colours(tracks: Sequence[tuple[str, str]]) -> dict[str, str]:
    return {style.id: style.colour for style in track_styles(tracks)}


def sequential_colours(n: int) -> list[str]:
    """n colours along the DSFR sequential scale, light to dark (skipping the palest end)."""
    start = tuple(int(SEQUENTIAL[0][i : i + 2], 16) for i in (1, 3, 5))
    end = tuple(int(SEQUENTIAL[1][i : i + 2], 16) for i in (1, 3, 5))
    out = []
    for k in range(n):
        t = 0.35 + 0.65 * (k / (n - 1) if n > 1 else 1.0)
        rgb = [round(a + (b - a) * t) for a, b in zip(start, end)]
        out.append("#" + "".join(f"{c:02X}" for c in rgb))
    return out


# separatethousands: plotly leaves 4-digit numbers unseparated otherwise (« 1192 », not « 1 192 »).
AXIS_STYLE = {
    "gridcolor": GRID,
    "linecolor": BORDER,
    "zerolinecolor": BORDER,
    "automargin": True,
    "separatethousands": True,
}


def _house_layout(title: str, height: int, top: int) -> dict:
    """Title then legend above the plot, French separators, DSFR greys, system font."""
    return {
        "title": {
            "text": title,
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1 - 8 / height,
            "yanchor": "top",
            "font": {"size": 16, "color": TEXT},
        },
        "font": {"family": FONT, "color": TEXT, "size": 13},
        "separators": PLOTLY_SEPARATORS,
        "paper_bgcolor": "#FFFFFF",
        "plot_bgcolor": "#FFFFFF",
        "colorway": list(CATEGORICAL),
        "height": height,
        "margin": {"l": 10, "r": 10, "t": top, "b": 10},
        "legend": {
            "orientation": "h",
            "yref": "container",
            "y": 1 - 36 / height,
            "yanchor": "top",
            "x": 0,
            "title": {"text": ""},
        },
        "hoverlabel": {"font": {"family": FONT}},
    }


def _style(fig: go.Figure, title: str, height: int = 360, top: int = 80) -> go.Figure:
    """Apply the house style to a figure built with graph objects.

    `top` is the room above the plot area (title, legend, subplot titles), in pixels.
    """
    fig.update_layout(_house_layout(title, height, top))
    fig.update_xaxes(AXIS_STYLE)
    fig.update_yaxes(AXIS_STYLE)
    return fig


def _figure(data: list[dict], layout: dict, title: str, height: int = 360, top: int = 80) -> go.Figure:
    """A figure from plain trace and layout dicts, in the house style.

    Built in one go: plotly validates the whole figure once, several times faster than adding traces
    and updating the layout step by step (it matters on every filter change).
    """
    merged = _house_layout(title, height, top)
    for key, value in layout.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    for key in [k for k in merged if k.startswith(("xaxis", "yaxis"))] or []:
        merged[key] = {**AXIS_STYLE, **merged[key]}
    for key in ("xaxis", "yaxis"):
        merged.setdefault(key, dict(AXIS_STYLE))
    return go.Figure(data=data, layout=merged)


def _panels(titles: Sequence[str], gap: float = 0.08, share_y: bool = True) -> dict:
    """Layout of side-by-side panels (x, x2… over y, y2…), titled like make_subplots would."""
    n = max(1, len(titles))
    width = (1 - gap * (n - 1)) / n
    layout: dict = {"annotations": []}
    for i in range(n):
        suffix = "" if i == 0 else str(i + 1)
        start = i * (width + gap)
        layout[f"xaxis{suffix}"] = {"domain": [start, start + width], "anchor": f"y{suffix}"}
        layout[f"yaxis{suffix}"] = {"anchor": f"x{suffix}"}
        if i and share_y:
            layout[f"yaxis{suffix}"].update({"matches": "y", "showticklabels": False})
        if i < len(titles):
            layout["annotations"].append(
                {
                    "text": titles[i],
                    "x": start + width / 2,
                    "xref": "paper",
                    "y": 1,
                    "yref": "paper",
                    "yanchor": "bottom",
                    "xanchor": "center",
                    "showarrow": False,
                    "font": {"size": 14, "color": TEXT},
                }
            )
    return layout


def _axes(layout: dict, prefix: str, **style) -> None:
    """Set the same properties on every x (prefix "xaxis") or y ("yaxis") axis of a layout."""
    keys = [k for k in layout if k.startswith(prefix)] or [prefix]
    for key in keys:
        layout[key] = {**layout.get(key, {}), **style}


def _on(panel: int) -> dict:
    """Trace keys that put a trace on panel `panel` (1-based) of `_panels`."""
    return {} if panel == 1 else {"xaxis": f"x{panel}", "yaxis": f"y{panel}"}


def plain_label(text: object) -> str:
    """Text from a file (a project, a juror, a laureate) shown literally in a plotly label: plotly
    reads <b>, <i>, <a href=…> as markup, so < > & become entities, which it shows as typed."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _wrap(label: str) -> str:
    """`Première sélection 2023` -> two lines (plotly's <br>), so that cohort axes need no slant."""
    head, _, tail = str(label).rpartition(" ")
    return f"{head}<br>{tail}" if head else str(label)


def _log_ticks(values: pd.Series) -> list[float]:
    """1-2-5 ticks covering the positive values, for readable log axes."""
    positive = values[values > 0]
    if positive.empty:
        return [1, 10, 100]
    low, high = float(positive.min()), float(positive.max())
    ticks, decade = [], 1.0
    while decade <= high * 10:
        ticks += [decade * m for m in (1, 2, 5) if low / 2 <= decade * m <= high * 2]
        decade *= 10
    return ticks or [low, high]


def _naive(series: pd.Series) -> pd.Series:
    """Aware datetimes -> Paris wall-clock without zone (plotly.js ignores offsets)."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_localize(None)
    return series


def _day_texts(series: pd.Series) -> list[str]:
    """Days as `2023-04-28` (Paris), the form plotly reads as dates whatever the zone."""
    if series.empty:
        return []
    return _naive(pd.to_datetime(series)).dt.strftime("%Y-%m-%d").tolist()


# --- Pipeline -----------------------------------------------------------------------------------


def funnel_figure(funnel: pd.DataFrame, tracks: Sequence[TrackStyle]) -> go.Figure:
    """One funnel per track side by side (from `kpis.funnel_by_track`), steps top to bottom."""
    data = []
    for panel, style in enumerate(tracks, start=1):
        mine = funnel[funnel["track"] == style.id].sort_values("step_rank")
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
                **_on(panel),
            }
        )
    layout = _panels([s.name for s in tracks], gap=0.04)
    layout["showlegend"] = False
    return _figure(data, layout, L.CHARTS["funnel"], height=360, top=70)


@dataclass(frozen=True)
class Deadline:
    label: str
    closes: datetime


def cumulative_figure(
    curve: pd.DataFrame, tracks: Sequence[TrackStyle], deadlines: Sequence[Deadline]
) -> go.Figure:
    """Cumulative deposits per track (from `timing.cumulative_submissions`), deadlines as dashed lines."""
    data = []
    for style in tracks:
        mine = curve[curve["track"] == style.id]
        data.append(
            {
                "type": "scatter",
                "name": style.name,
                "x": _day_texts(mine["day"]),
                "y": mine["applications"].tolist(),
                "mode": "lines",
                "line": {"color": style.colour, "width": 2.5, "shape": "hv"},
                "hovertemplate": "%{x|%d/%m/%Y} : %{y:,d} candidatures<extra>" + style.name + "</extra>",
            }
        )
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
    return _figure(data, layout, L.CHARTS["cumulative"], height=380)


def decision_time_figure(times: pd.DataFrame, tracks: Sequence[TrackStyle]) -> go.Figure:
    """Median and 90th percentile days per track (from `timing.decision_times`)."""
    categories = [L.CHARTS["median"], L.CHARTS["p90"]]
    data = []
    for style in tracks:
        row = times[times["track"] == style.id]
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
    return _figure(data, layout, L.CHARTS["decision_time"], height=340)


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
    data = []
    for style in tracks:
        mine = frame[frame["track"] == style.id]
        data.append(
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
        )
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
    return _figure(data, layout, L.CHARTS["capacity"], height=140 + 48 * max(1, len(frame)))


# --- Cohorts ------------------------------------------------------------------------------------


def org_mix_figure(
    mix: pd.DataFrame, tracks: Sequence[TrackStyle], cohort_labels: dict[str, str]
) -> go.Figure:
    """Share of associations / administrations / both per cohort, one panel per track."""
    cohort_labels = {k: _wrap(v) for k, v in cohort_labels.items()}
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
                    **_on(panel),
                }
            )
    layout = _panels([s.name for s in tracks])
    layout["barmode"] = "stack"
    _axes(layout, "xaxis", tickangle=0)
    _axes(layout, "yaxis", ticksuffix="\u00a0%", range=[0, 100])
    layout["yaxis"]["title"] = {"text": L.CHARTS["org_mix_y"]}
    _axes(layout, "xaxis", title={"text": L.CHARTS["org_mix_x"]})
    return _figure(data, layout, L.CHARTS["org_mix"], height=420, top=100)


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
                    **_on(panel),
                }
            )
    layout = _panels([s.name for s in tracks])
    layout["barmode"] = "group"
    _axes(layout, "xaxis", ticksuffix="\u00a0%", rangemode="tozero")
    _axes(layout, "yaxis", autorange="reversed")
    _axes(layout, "xaxis", title={"text": L.CHARTS["heard_x"]})
    # The channels name themselves; a y title would sit over their long labels.
    return _figure(data, layout, L.CHARTS["heard"], height=220 + 44 * len(known), top=100)


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
    cohort_labels = {k: _wrap(v) for k, v in cohort_labels.items()}
    suffix = "\u00a0€" if euros else ""
    data = []
    for style in tracks:
        mine = stats[(stats["track"] == style.id) & stats["round"].isin(list(cohort_labels))]
        data.append(
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
        )
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
            "tickvals": _log_ticks(span),
            "range": y_range,
            "tickformat": ",.0f",
            "ticksuffix": suffix,
        },
    }
    return _figure(data, layout, title, height=360)


def rates_figure(
    summary: pd.DataFrame, tracks: Sequence[TrackStyle], cohort_labels: dict[str, str]
) -> go.Figure:
    """Eligibility and shortlist rates per cohort (from `cohorts.cohort_summary`), bars per track."""
    cohort_labels = {k: _wrap(v) for k, v in cohort_labels.items()}
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
                    **_on(panel),
                }
            )
    layout = _panels([L.CHARTS["eligibility_rate"], L.CHARTS["shortlist_rate"]], gap=0.06)
    layout["barmode"] = "group"
    _axes(layout, "xaxis", tickangle=0)
    _axes(layout, "yaxis", ticksuffix="\u00a0%", range=[0, 110])
    return _figure(data, layout, L.CHARTS["rates"], height=400, top=100)
