"""Figures: DSFR palette, one colour per track everywhere, French separators, expected traces."""

from __future__ import annotations

import pandas as pd
import pytest

from aic_dash import labels as L
from aic_dash.analytics import cohorts, kpis, pipeline, timing
from aic_dash.charts import pipeline as charts
from aic_dash.charts import style
from tests.samples import SAMPLE

TRACKS = style.track_styles([("DINUM", "Volet DINUM"), ("DITP", "Volet DITP")])
IDS = [t.id for t in TRACKS]
COHORTS = {"2022": "Sélection 2022", "2023-1": "Première sélection 2023"}


def _figures():
    values = pd.DataFrame({"budget": [1000.0, 5000.0], "contributors": [3.0, 12.0]}, index=[2, 3])
    summary = cohorts.cohort_summary(SAMPLE, values)
    deadlines = [
        charts.Deadline("Première sélection 2023", pd.Timestamp("2023-05-02 12:00", tz="Europe/Paris"))
    ]
    return {
        "funnel": charts.funnel_figure(kpis.funnel_by_track(SAMPLE, IDS), TRACKS),
        "cumulative": charts.cumulative_figure(timing.cumulative_submissions(SAMPLE, IDS), TRACKS, deadlines),
        "decision": charts.decision_time_figure(timing.decision_times(SAMPLE, IDS), TRACKS),
        "capacity": charts.capacity_figure(
            pipeline.capacity_use(SAMPLE, ["2023"], IDS, lambda s, t: 5 if t == "DINUM" else None),
            TRACKS,
            {"2023": "Saison 2023"},
        ),
        "org_mix": charts.org_mix_figure(cohorts.org_mix(SAMPLE), TRACKS, COHORTS),
        "rates": charts.rates_figure(summary, TRACKS, COHORTS),
        "budget": charts.declared_figure(
            cohorts.box_stats(cohorts.declared_values(SAMPLE, values, "budget")),
            TRACKS,
            COHORTS,
            "Budget",
            "€",
            euros=True,
        ),
        "heard": charts.heard_figure(
            cohorts.heard_of_call(SAMPLE, pd.Series({2: "Par un mail"})), TRACKS, COHORTS, ["Par un mail"]
        ),
    }


def test_tracks_take_the_dsfr_palette_in_settings_order():
    assert [t.colour for t in TRACKS] == ["#5C68E5", "#31A7AE"]
    assert {t.colour for t in TRACKS} <= set(style.CATEGORICAL)


def test_every_track_trace_has_its_track_colour_in_every_figure():
    colours = {t.name: t.colour for t in TRACKS}
    compared = set()
    for name, fig in _figures().items():
        for trace in fig.data:
            if trace.name in colours:
                colour = trace.line.color if trace.type == "scatter" else trace.marker.color
                assert colour == colours[trace.name], (name, trace.name)
                compared.add((name, trace.name))
    # Every figure drawn per track was compared, for both tracks (the loop cannot pass empty).
    per_track = {name for name, _ in compared}
    assert {"funnel", "capacity"} <= per_track
    assert all({(name, t.name) for t in TRACKS} <= compared for name in per_track)


def test_figures_use_french_separators_font_and_a_title():
    for fig in _figures().values():
        assert fig.layout.separators == ",\u00a0"
        assert "sans-serif" in fig.layout.font.family
        assert fig.layout.title.text


def test_expected_traces():
    figures = _figures()
    assert [t.name for t in figures["funnel"].data] == ["Volet DINUM", "Volet DITP"]
    assert [t.type for t in figures["funnel"].data] == ["funnel", "funnel"]
    assert [t.name for t in figures["capacity"].data] == ["Volet DINUM", "Volet DITP", L.CHARTS["cap"]]
    assert list(figures["capacity"].data[-1].x) == [5.0]  # only the capped track has a cap mark
    cumulative = figures["cumulative"]
    assert len(cumulative.layout.shapes) == 1 and "02/05/2023" in cumulative.layout.annotations[0].text
    assert [t.name for t in figures["heard"].data] == ["Sélection 2022", "Première sélection 2023"] * 2


def test_cohort_axes_break_long_round_names_instead_of_slanting():
    org_mix = _figures()["org_mix"]
    assert list(org_mix.data[0].x) == ["Sélection<br>2022", "Première sélection<br>2023"]


def test_sequential_colours_run_light_to_dark():
    shades = style.sequential_colours(3)
    assert len(shades) == 3 and shades[-1] == "#00005F"
    assert sum(int(shades[0][i : i + 2], 16) for i in (1, 3, 5)) > sum(
        int(shades[1][i : i + 2], 16) for i in (1, 3, 5)
    )


@pytest.mark.parametrize("values", [pd.Series([0.0]), pd.Series([3.0, 12.0, 250.0])])
def test_log_ticks_cover_the_values(values):
    ticks = style.log_ticks(values)
    assert ticks == sorted(ticks) and len(ticks) >= 2
    positive = values[values > 0]
    if positive.empty:
        assert ticks == [1, 10, 100]
    else:  # the axis shows a tick at or below the smallest value and at or above the largest
        assert ticks[0] <= positive.min() and ticks[-1] >= positive.max()
        assert all(str(t).rstrip("0").rstrip(".")[0] in "125" for t in ticks)
