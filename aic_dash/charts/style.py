"""The house style of every chart: the DSFR palette, one colour per track, French separators, the layout
of titles, legends, axes and panels. Figures of each feature are built on it (pipeline, jury, followup).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from aic_dash.format import PLOTLY_SEPARATORS

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


def track_rows(
    frame: pd.DataFrame, tracks: Sequence[TrackStyle]
) -> Iterator[tuple[TrackStyle, pd.DataFrame]]:
    """Each track's style with the rows of `frame` (column `track`) of that track, in `tracks` order."""
    for style in tracks:
        yield style, frame[frame["track"] == style.id]


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


def house_layout(title: str, height: int, top: int) -> dict:
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


def house_style(fig: go.Figure, title: str, height: int = 360, top: int = 80) -> go.Figure:
    """Apply the house style to a figure built with graph objects.

    `top` is the room above the plot area (title, legend, subplot titles), in pixels.
    """
    fig.update_layout(house_layout(title, height, top))
    fig.update_xaxes(AXIS_STYLE)
    fig.update_yaxes(AXIS_STYLE)
    return fig


def figure(data: list[dict], layout: dict, title: str, height: int = 360, top: int = 80) -> go.Figure:
    """A figure from plain trace and layout dicts, in the house style.

    Built in one go: plotly validates the whole figure once, several times faster than adding traces
    and updating the layout step by step (it matters on every filter change).
    """
    merged = house_layout(title, height, top)
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


def panels(titles: Sequence[str], gap: float = 0.08, share_y: bool = True) -> dict:
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


def axes(layout: dict, prefix: str, **style) -> None:
    """Set the same properties on every x (prefix "xaxis") or y ("yaxis") axis of a layout."""
    keys = [k for k in layout if k.startswith(prefix)] or [prefix]
    for key in keys:
        layout[key] = {**layout.get(key, {}), **style}


def on_panel(panel: int) -> dict:
    """Trace keys that put a trace on panel `panel` (1-based) of `panels`."""
    return {} if panel == 1 else {"xaxis": f"x{panel}", "yaxis": f"y{panel}"}


def plain_label(text: object) -> str:
    """Text from a file (a project, a juror, a laureate) shown literally in a plotly label: plotly
    reads <b>, <i>, <a href=…> as markup, so < > & become entities, which it shows as typed."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrap_label(label: str) -> str:
    """`Première sélection 2023` -> two lines (plotly's <br>), so that cohort axes need no slant."""
    head, _, tail = str(label).rpartition(" ")
    return f"{head}<br>{tail}" if head else str(label)


def log_ticks(values: pd.Series) -> list[float]:
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


def naive(series: pd.Series) -> pd.Series:
    """Aware datetimes -> Paris wall-clock without zone (plotly.js ignores offsets)."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_localize(None)
    return series


def day_texts(series: pd.Series) -> list[str]:
    """Days as `2023-04-28` (Paris), the form plotly reads as dates whatever the zone."""
    if series.empty:
        return []
    return naive(pd.to_datetime(series)).dt.strftime("%Y-%m-%d").tolist()


# --- Pipeline -----------------------------------------------------------------------------------
