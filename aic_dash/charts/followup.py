"""Plotly figures of the laureate follow-up, in the house style of `aic_dash.charts` (DSFR palette, each
track in its fixed colour: DINUM #5C68E5, DITP #31A7AE). No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from aic_dash import labels as L
from aic_dash.analytics.followup import STATUS_ORDER
from aic_dash.charts.style import MENTION, NEUTRAL, TrackStyle, house_style, plain_label, track_rows
from aic_dash.format import fr_date, fr_int, fr_number, fr_percent, plain_text

# DSFR status colours (FACTS §4) for milestone statuses; « à venir » in the neutral grey.
STATUS_COLOURS = {"atteint": "#18753c", "en_cours": "#0063cb", "a_venir": "#CECECE", "en_retard": "#ce0500"}


def _today_line(fig: go.Figure, today: date, label: str) -> None:
    moment = pd.Timestamp(today)
    fig.add_vline(x=moment, line={"color": MENTION, "width": 1, "dash": "dash"})
    fig.add_annotation(
        x=moment,
        y=1,
        xref="x",
        yref="paper",
        text=label,
        showarrow=False,
        xanchor="left",
        yanchor="bottom",
        font={"size": 11, "color": MENTION},
    )


def timeline_figure(
    periods: pd.DataFrame,
    laureates: pd.DataFrame,
    tracks: Sequence[TrackStyle],
    today: date,
    season_labels: dict[str, str] | None = None,
) -> go.Figure:
    """One bar per support period (12 months, then each renewal), one line per laureate, grouped by
    season (a panel each) and coloured by track; a dashed line marks `today`."""
    season_labels = season_labels or {}
    names = {style.id: style.name for style in tracks}
    colours = {style.name: style.colour for style in tracks}
    info = laureates.set_index("id")[["name", "season", "track"]]
    frame = periods.join(info, on="laureate_id")
    frame = frame.assign(
        track_name=frame["track"].map(lambda t: names.get(t, L.NO_TRACK)),
        season_label=frame["season"].map(lambda s: season_labels.get(s, f"Saison {s}")),
        period=frame["renewal"].map(
            lambda n: (
                L.FOLLOWUP_CHARTS["first_period"] if n == 0 else L.FOLLOWUP_CHARTS["renewal"].format(n=n)
            )
        ),
        start_text=frame["start_date"].map(fr_date),
        end_text=frame["end_date"].map(fr_date),
        status_text=frame["support_status"].map(L.SUPPORT_STATUSES),
        name=frame["name"].map(plain_label, na_action="ignore"),  # text, never plotly markup
    ).sort_values(["season", "track", "name", "renewal"], ascending=[False, True, True, True])
    seasons = list(dict.fromkeys(frame["season_label"]))
    fig = px.timeline(
        frame,
        x_start="start_date",
        x_end="end_date",
        y="name",
        color="track_name",
        color_discrete_map={**colours, L.NO_TRACK: NEUTRAL},
        facet_row="season_label" if len(seasons) > 1 else None,
        category_orders={"season_label": seasons, "track_name": [s.name for s in tracks]},
        custom_data=["period", "start_text", "end_text", "status_text"],
    )
    fig.update_traces(
        hovertemplate="<b>%{y}</b><br>%{customdata[0]} : du %{customdata[1]} au %{customdata[2]}"
        "<br>%{customdata[3]}<extra></extra>",
        marker={"line": {"color": "#FFFFFF", "width": 1}},
    )
    fig.update_yaxes(matches=None, autorange="reversed", title={"text": L.FOLLOWUP_CHARTS["timeline_y"]})
    fig.update_xaxes(tickformat="%m/%Y", hoverformat="%d/%m/%Y", title={"text": ""})
    fig.update_layout(xaxis_title_text=L.FOLLOWUP_CHARTS["timeline_x"])  # px: `xaxis` is the bottom one
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=", 1)[-1]))
    _today_line(fig, today, L.FOLLOWUP_CHARTS["today"].format(day=fr_date(today)))
    height = 140 + 28 * max(1, frame["laureate_id"].nunique()) + 40 * len(seasons)
    return house_style(fig, L.FOLLOWUP_CHARTS["timeline"], height=height, top=90)


def _value_text(value: float, suffix: str) -> str:
    """An indicator value in French, with one decimal unless whole, then its unit."""
    return fr_number(value, 0 if float(value).is_integer() else 1) + suffix


def _points_trace(name: str, points: pd.DataFrame, **style) -> go.Scatter:
    """Indicator points (measured_on, value) as one trace, `name` in the legend."""
    return go.Scatter(name=name, x=points["measured_on"], y=points["value"], **style)


def indicator_figure(indicator: pd.Series, points: pd.DataFrame, colour: str = "#5C68E5") -> go.Figure:
    """Initial value -> measurements as a line, the target as a dashed red line (from
    `analytics.followup.indicator_series`)."""
    unit = plain_text(indicator.get("unit"))
    suffix = f" {unit}" if unit else ""
    fig = go.Figure()
    initial = points[points["kind"] == "initial"]
    fig.add_trace(
        _points_trace(
            L.FOLLOWUP_CHARTS["measure"],
            points,
            mode="lines+markers",
            line={"color": colour, "width": 2.5},
            marker={"size": 8, "color": colour},
            text=[_value_text(v, suffix) for v in points["value"]],
            hovertemplate="%{x|%d/%m/%Y} : %{text}<extra></extra>",
        )
    )
    if len(initial):
        fig.add_trace(
            _points_trace(
                L.FOLLOWUP_CHARTS["initial"],
                initial,
                mode="markers",
                marker={"size": 11, "color": "#FFFFFF", "line": {"color": colour, "width": 2}},
                hovertemplate="Valeur initiale : %{y:,.0f}" + suffix + "<extra></extra>",
            )
        )
    target = indicator.get("target")
    if target is not None and not pd.isna(target):
        label = L.FOLLOWUP_CHARTS["target"].format(value=_value_text(target, suffix))
        fig.add_hline(
            y=float(target),
            line={"color": "#ce0500", "width": 1.5, "dash": "dash"},
            annotation={"text": label, "font": {"size": 11, "color": "#ce0500"}},
            annotation_position="top left",
        )
    fig.update_xaxes(tickformat="%m/%Y", hoverformat="%d/%m/%Y")
    fig.update_yaxes(title={"text": unit}, rangemode="tozero", tickformat=",")
    title = L.FOLLOWUP_CHARTS["indicator"].format(name=plain_label(indicator["name"]))
    return house_style(fig, title, height=340)


def progress_figure(counts: pd.DataFrame, names: pd.Series) -> go.Figure:
    """Milestones per laureate, stacked by the status read today (from `analytics.followup.status_counts`);
    `names` maps laureate_id to the laureate's name."""
    frame = counts.join(names.map(plain_label, na_action="ignore").rename("name"), how="left")
    frame = frame.assign(total=frame[list(STATUS_ORDER)].sum(axis=1)).sort_values("name", ascending=False)
    fig = go.Figure()
    for status in STATUS_ORDER:
        fig.add_trace(
            go.Bar(
                name=L.MILESTONE_STATUSES[status],
                y=frame["name"],
                x=frame[status],
                orientation="h",
                marker={"color": STATUS_COLOURS[status]},
                hovertemplate="%{y} : %{x} jalon(s) "
                + L.MILESTONE_STATUSES[status].lower()
                + "<extra></extra>",
            )
        )
    shares = [
        fr_percent(r / t) if t else "–" for r, t in zip(frame["atteint"].tolist(), frame["total"].tolist())
    ]
    fig.add_trace(
        go.Scatter(
            y=frame["name"],
            x=frame["total"],
            mode="text",
            text=[f"  {s} atteints" for s in shares],
            textposition="middle right",
            showlegend=False,
            hoverinfo="skip",
        )
    )
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_xaxes(title={"text": L.FOLLOWUP_CHARTS["progress_x"]}, dtick=1, rangemode="tozero")
    fig.update_xaxes(range=[0, max(1, int(frame["total"].max() if len(frame) else 1)) * 1.35])
    return house_style(fig, L.FOLLOWUP_CHARTS["progress"], height=140 + 34 * max(1, len(frame)))


def cohort_figure(
    cohort: pd.DataFrame, tracks: Sequence[TrackStyle], season_labels: dict[str, str]
) -> go.Figure:
    """Share of milestones reached per season, one bar per track (from `analytics.followup.cohort_progress`),
    labelled `reached / total` and the number of late milestones."""
    fig = go.Figure()
    for style, mine in track_rows(cohort, tracks):
        fig.add_trace(
            go.Bar(
                name=style.name,
                x=[season_labels.get(s, s) for s in mine["season"]],
                y=mine["progress"].astype("float64") * 100,  # percent, for a French « 100 % » axis
                marker={"color": style.colour},
                text=[
                    f"{fr_int(r)} / {fr_int(t)} · {fr_int(late)} en retard"
                    for r, t, late in zip(
                        mine["milestones_reached"], mine["milestones_total"], mine["milestones_late"]
                    )
                ],
                textposition="outside",
                hovertemplate="%{x} : %{y:.0f}\u00a0% des jalons atteints<extra>" + style.name + "</extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title={"text": L.FOLLOWUP_CHARTS["cohort_y"]}, ticksuffix="\u00a0%", range=[0, 115])
    return house_style(fig, L.FOLLOWUP_CHARTS["cohort"], height=360)
