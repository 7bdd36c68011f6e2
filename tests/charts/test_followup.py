"""Follow-up figures as a manager reads them: support periods coloured by track with today marked, an
indicator against its target, milestones by status in the DSFR status colours, the share reached per
season (aic_dash/charts/followup.py)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from aic_dash.charts import followup as charts
from aic_dash.charts.style import NEUTRAL, track_styles

TRACKS = track_styles([("DINUM", "Volet DINUM"), ("DITP", "Volet DITP")])
DINUM, DITP = "#5C68E5", "#31A7AE"
TODAY = date(2024, 3, 5)


def title(fig) -> str:
    return fig.layout.title.text


def laureates() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [1, 2, 3],
            "name": ["Infoclimat", "OpenFisca", "Sans volet"],
            "season": ["2023", "2023", "2023"],
            "track": ["DINUM", "DITP", None],
        }
    )


def periods() -> pd.DataFrame:
    return pd.DataFrame(
        {"laureate_id": [1, 1, 2, 3], "renewal": [0, 1, 0, 0],
         "start_date": pd.to_datetime(["2023-06-01", "2024-06-01", "2023-07-01", "2023-09-01"]),
         "end_date": pd.to_datetime(["2024-05-31", "2025-05-31", "2024-06-30", "2024-08-31"]),
         "support_status": ["accompagnement", "a_venir", "accompagnement", "diagnostic"]}
    )  # fmt: skip


def test_timeline_colours_each_track_and_greys_a_laureate_without_one():
    fig = charts.timeline_figure(periods(), laureates(), TRACKS, TODAY, {"2023": "Saison 2023"})
    colours = {t.name: t.marker.color for t in fig.data}
    assert colours == {"Volet DINUM": DINUM, "Volet DITP": DITP, "Sans volet": NEUTRAL}
    dinum = next(t for t in fig.data if t.name == "Volet DINUM")
    assert list(dinum.y) == ["Infoclimat", "Infoclimat"]
    # French hover: the period, its dates as dd/mm/yyyy, the status in words.
    assert [list(c) for c in dinum.customdata] == [
        ["12 premiers mois", "01/06/2023", "31/05/2024", "Accompagnement"],
        ["Renouvellement 1", "01/06/2024", "31/05/2025", "À venir"],
    ]
    assert title(fig) == "Périodes d'accompagnement"
    assert fig.layout.xaxis.title.text == "Mois de l'accompagnement (mois/année)"


def test_timeline_marks_today_with_a_dashed_line_and_its_french_date():
    fig = charts.timeline_figure(periods(), laureates(), TRACKS, TODAY)
    (line,) = fig.layout.shapes
    assert line.line.dash == "dash"
    assert pd.Timestamp(line.x0) == pd.Timestamp(TODAY)
    assert [a.text for a in fig.layout.annotations] == ["Le 05/03/2024"]


def test_timeline_shows_a_laureate_name_as_typed_not_as_markup():
    people = laureates().assign(name=["<b>Gras</b>", "OpenFisca", "Sans volet"])
    fig = charts.timeline_figure(periods(), people, TRACKS, TODAY)
    names = {y for t in fig.data for y in t.y}
    assert "&lt;b&gt;Gras&lt;/b&gt;" in names and "<b>Gras</b>" not in names


def test_indicator_line_initial_value_and_dashed_red_target_in_french():
    indicator = pd.Series(
        {"id": 3, "name": "Stations reliées", "unit": "stations", "initial": 800.0, "target": 1500.0}
    )
    points = pd.DataFrame(
        {"measured_on": pd.to_datetime(["2023-06-01", "2023-12-01", "2024-03-01"]),
         "value": [800.0, 1100.0, 1250.5], "kind": ["initial", "mesure", "mesure"]}
    )  # fmt: skip
    fig = charts.indicator_figure(indicator, points, DITP)
    measures, initial = fig.data
    assert (measures.name, measures.line.color) == ("Mesures", DITP)
    assert list(measures.text) == ["800 stations", "1\u00a0100 stations", "1\u00a0250,5 stations"]
    assert (initial.name, list(initial.y)) == ("Valeur initiale", [800.0])
    (target,) = fig.layout.shapes
    assert (target.y0, target.line.color, target.line.dash) == (1500.0, "#ce0500", "dash")
    assert [a.text for a in fig.layout.annotations] == ["Cible : 1\u00a0500 stations"]
    assert title(fig) == "Stations reliées"
    assert fig.layout.yaxis.title.text == "stations"


def test_indicator_without_target_draws_no_target_line():
    # Built as the page builds it: one row of the indicators table, whose id keeps the dtype `object`.
    indicator = pd.Series({"id": 7, "name": "Contributeurs", "unit": None, "initial": None, "target": None})
    points = pd.DataFrame(
        {"measured_on": pd.to_datetime(["2024-01-01"]), "value": [12.0], "kind": ["mesure"]}
    )
    fig = charts.indicator_figure(indicator, points)
    assert len(fig.data) == 1 and not fig.layout.shapes
    assert list(fig.data[0].text) == ["12"]  # no unit: nothing after the number
    assert fig.layout.yaxis.title.text == ""


def test_progress_stacks_milestones_by_status_in_dsfr_colours_with_the_share_reached():
    index = pd.Index([1, 2], name="laureate_id")
    counts = pd.DataFrame(
        {"atteint": [2, 0], "en_cours": [1, 0], "a_venir": [0, 0], "en_retard": [0, 1]}, index=index
    )
    fig = charts.progress_figure(counts, pd.Series({1: "Infoclimat", 2: "OpenFisca"}))
    *bars, shares = fig.data
    assert [(b.name, b.marker.color) for b in bars] == [
        ("Atteint", "#18753c"),
        ("En cours", "#0063cb"),
        ("À venir", "#CECECE"),
        ("En retard", "#ce0500"),
    ]
    assert list(bars[0].y) == ["OpenFisca", "Infoclimat"]
    assert list(bars[0].x) == [0, 2]
    assert list(shares.text) == ["  0\u00a0% atteints", "  67\u00a0% atteints"]
    assert title(fig) == "Avancement des feuilles de route"


def test_cohort_bars_per_track_in_percent_with_reached_total_and_late():
    cohort = pd.DataFrame(
        {
            "season": ["2022", "2023", "2023"],
            "track": ["DINUM", "DINUM", "DITP"],
            "progress": [1.0, 0.5, 0.25],
            "milestones_reached": [4, 1500, 1],
            "milestones_total": [4, 3000, 4],
            "milestones_late": [0, 2, 1],
        }
    )
    fig = charts.cohort_figure(cohort, TRACKS, {"2022": "Saison 2022", "2023": "Saison 2023"})
    dinum, ditp = fig.data
    assert (dinum.name, dinum.marker.color, ditp.marker.color) == ("Volet DINUM", DINUM, DITP)
    assert list(dinum.x) == ["Saison 2022", "Saison 2023"] and list(dinum.y) == [100.0, 50.0]
    assert list(dinum.text) == ["4 / 4 · 0 en retard", "1\u00a0500 / 3\u00a0000 · 2 en retard"]
    assert fig.layout.yaxis.ticksuffix == "\u00a0%"
    assert title(fig) == "Jalons atteints par saison et par volet"


def test_indicator_without_unit_read_from_a_table_shows_no_nan():
    # A row of the indicators frame as the page reads it: a missing text is NaN there, not None.
    frame = pd.DataFrame({"id": [7], "name": ["Contributeurs"], "unit": pd.Series([None], dtype="str"),
                          "initial": [None], "target": [None]})  # fmt: skip
    points = pd.DataFrame(
        {"measured_on": pd.to_datetime(["2024-01-01"]), "value": [12.0], "kind": ["mesure"]}
    )
    fig = charts.indicator_figure(frame.iloc[0], points)
    assert list(fig.data[0].text) == ["12"]
    assert fig.layout.yaxis.title.text == ""
