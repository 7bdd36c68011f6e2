"""The pieces every page shares (aic_dash/ui/components.py), as a manager sees them: the six tiles with
their changes, French tables, the empty database's link to the Import page, applicant text shown as
typed. Streamlit pieces run in tiny AppTest scripts."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from aic_dash import labels as L
from aic_dash.config import load_settings
from aic_dash.store.queries import Filters
from aic_dash.ui import components as ui
from tests.ui.apptest import open_app

NBSP = "\u00a0"


def run(script, *args) -> AppTest:
    at = AppTest.from_function(script, args=args, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def displayed(element) -> pd.DataFrame:
    """What a st.dataframe shows in its cells (the Styler's display values)."""
    return dataframe_util.convert_arrow_bytes_to_pandas_df(element.proto.arrow_data.styler.display_values)


# --- Tiles ----------------------------------------------------------------------------------------


def _tiles(changes):
    from aic_dash.analytics.kpis import Kpis
    from aic_dash.ui.components import kpi_tiles

    kpi_tiles(Kpis(applications=1234, reviewed=600, eligible=400, shortlisted=50, laureates=20), changes)


def test_six_tiles_in_french_with_the_change_since_the_previous_import():
    at = run(_tiles, {"applications": 12, "reviewed": -3, "laureates": 0, "selection_rate": 0.025})
    tiles = {m.label: (m.value, m.proto.delta) for m in at.metric}
    assert tiles == {
        "Candidatures": (f"1{NBSP}234", "+12"),
        "Instruites": ("600", "-3"),
        "Éligibles": ("400", ""),
        "Liste restreinte": ("50", ""),
        "Lauréats": ("20", "0"),
        "Taux de sélection": (f"5,0{NBSP}%", f"+2,5{NBSP}pts"),
    }
    assert all(m.proto.help for m in at.metric)  # each tile says what it counts


def test_tiles_of_a_first_import_show_no_change():
    at = run(_tiles, None)
    assert [m.proto.delta for m in at.metric] == [""] * 6


# --- Tables ---------------------------------------------------------------------------------------


def _stage_table():
    import pandas as pd

    from aic_dash.charts.style import track_styles
    from aic_dash.ui.components import stage_table

    table = pd.DataFrame(
        {"DINUM": [1200, 3, 1203], "sans_volet": [1, 0, 1], "total": [1201, 3, 1204]},
        index=pd.Index(["depose", "laureat", "total"]),
    )
    stage_table(table, track_styles([("DINUM", "Volet DINUM")]))


def test_the_stage_table_names_stages_and_tracks_in_french_with_french_numbers():
    at = run(_stage_table)
    (table,) = at.dataframe
    assert list(table.value.index) == ["Déposé", "Lauréat", "Total"]
    assert list(table.value.columns) == ["Volet DINUM", "Sans volet", "Total"]
    assert table.value.index.name == "Étape"
    shown = displayed(table)
    assert shown.iloc[0].tolist() == [f"1{NBSP}200", "1", f"1{NBSP}201"]
    assert shown.iloc[2].tolist() == [f"1{NBSP}203", "1", f"1{NBSP}204"]


def _waiting_table():
    import pandas as pd

    from aic_dash.config import load_settings
    from aic_dash.ui.components import waiting_table

    waiting = pd.DataFrame(
        {
            "number": [11000001, 11000002],
            "project": ["Infoclimat", "Sans volet"],
            "track": ["DITP", None],
            "stage": ["en_instruction", "depose"],
            "deposited_at": pd.to_datetime(["2021-01-04 10:00", "2023-02-01 09:30"]).tz_localize(
                "Europe/Paris"
            ),
            "waiting_days": [1161.2, 12.0],
        }
    )
    waiting_table(waiting, load_settings())


def test_the_waiting_table_shows_tracks_and_stages_in_words_and_days_the_french_way():
    at = run(_waiting_table)
    (table,) = at.dataframe
    assert table.value["track"].tolist() == ["Volet DITP", "Sans volet"]
    assert table.value["stage"].tolist() == ["En instruction", "Déposé"]
    assert displayed(table)["waiting_days"].tolist() == [f"1{NBSP}161", "12"]


def test_french_table_formats_numbers_percentages_and_missing_values():
    frame = pd.DataFrame(
        {
            "count": [1234, None],
            "share": [0.4321, None],
            "days": [12.6, 3.0],
            "ok": [True, False],
            "name": ["a", "b"],
        }
    )
    styled = ui.french_table(frame, percent=("share",), days=("days",)).to_html()
    for text in (f"1{NBSP}234", f"43{NBSP}%", "13", "–", "True", "a"):
        assert text in styled, text
    assert "0.4321" not in styled and "1234" not in styled


def _shown_table(styled) -> None:
    import streamlit as st

    st.dataframe(styled, key="t")


def test_a_shared_table_shows_the_same_french_cells_at_every_run_and_lays_them_out_once(monkeypatch):
    """`share_styler`: what st.dataframe shows is what an ordinary Styler shows; the layout is made once,
    however many sessions draw it."""
    from pandas.io.formats.style import Styler
    from streamlit.elements.lib import pandas_styler_utils as styler_utils

    frame = pd.DataFrame({"count": [1234, None, 7], "name": ["a", "b", "c"]})
    calls, texts = [], []
    layout, text = Styler._translate, styler_utils._use_display_values

    def counted(self, *args, **kwargs):
        calls.append(1)
        return layout(self, *args, **kwargs)

    def counted_text(*args, **kwargs):
        texts.append(1)
        return text(*args, **kwargs)

    monkeypatch.setattr(Styler, "_translate", counted)
    monkeypatch.setattr(styler_utils, "_use_display_values", counted_text)
    plain = displayed(run(_shown_table, ui.french_table(frame)).dataframe[0])
    plain_again = displayed(run(_shown_table, ui.french_table(frame)).dataframe[0])
    assert len(texts) == 2  # an ordinary Styler: its text made at every run
    calls.clear(), texts.clear()
    shared = ui.french_table(frame, shared=True)
    first = displayed(run(_shown_table, shared).dataframe[0])
    second = displayed(run(_shown_table, shared).dataframe[0])
    pd.testing.assert_frame_equal(first, plain)
    pd.testing.assert_frame_equal(second, plain)
    pd.testing.assert_frame_equal(plain_again, plain)
    assert first["count"].tolist() == [f"1{NBSP}234", "–", "7"]
    assert len(calls) == 1
    assert len(texts) == 1


# --- Empty states, charts, links ------------------------------------------------------------------


def test_an_empty_database_says_what_to_do_and_links_to_the_import_page(empty_url):
    at = open_app()  # the Pipeline page of the real app, before any import
    assert at.info[0].value == L.MESSAGES["no_database"]
    assert at.info[0].value.startswith("Aucune donnée pour l'instant. Importez un export des dossiers")
    (link,) = [e for e in at.main.get("page_link")]
    assert link.proto.label == "Aller à la page Import"
    assert link.proto.page.endswith("import")


def _chart():
    import plotly.graph_objects as go

    from aic_dash.ui.components import chart

    chart(go.Figure(go.Bar(x=["a"], y=[1]), layout={"title": {"text": "Titre"}}), key="mon_graphique")


def _shown_figure(figure) -> None:
    from aic_dash.ui.components import chart

    chart(figure, key="f")


def _two_trace_figure():
    import plotly.graph_objects as go

    return go.Figure(
        [go.Bar(x=["DINUM", "DITP"], y=[3, 4], name="a"), go.Scatter(x=[1, 2], y=[0.5, 1.5], name="b")],
        layout={"title": {"text": "Titre"}, "barmode": "stack"},
    )


def test_a_shared_figure_writes_the_same_json_and_makes_its_plain_form_once():
    """`share_figure`: what st.plotly_chart sends is what the figure itself gives; its plain form is
    made once (handed out the same at every run) and the figure is the one given, not a copy."""
    plain = json.loads(run(_shown_figure, _two_trace_figure()).get("plotly_chart")[0].proto.spec)
    figure = _two_trace_figure()
    shared = ui.share_figure(figure)
    assert shared is figure
    assert shared.to_dict() is shared.to_dict()
    for _ in range(2):
        assert json.loads(run(_shown_figure, shared).get("plotly_chart")[0].proto.spec) == plain


def test_charts_have_no_plotly_logo_nor_lasso_and_keep_their_own_colours():
    at = run(_chart)
    (element,) = at.get("plotly_chart")
    config = json.loads(element.proto.config)
    assert config["displaylogo"] is False
    assert set(config["modeBarButtonsToRemove"]) == {"lasso2d", "select2d"}
    assert element.proto.theme == ""  # theme=None: the DSFR colours of the figure, not Streamlit's


# --- Plain helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "**gras** _x_",
        "[lien](http://a.example)",
        "<b>html</b>",
        "# titre",
        ":material/home: $x^2$",
        "1. liste",
    ],
)
def test_applicant_text_is_shown_as_typed(typed):
    def _shown(text):
        import streamlit as st

        from aic_dash.ui.components import md_escape

        st.markdown(md_escape(text))

    at = run(_shown, typed)
    escaped = at.markdown[0].value
    assert escaped != typed and escaped.replace("\\", "") == typed


def test_md_escape_flattens_line_breaks_and_keeps_empty_values_empty():
    assert ui.md_escape("deux\nlignes\t ici") == "deux lignes ici"
    assert ui.md_escape(None) == ""


def test_tracks_have_french_names_and_fixed_colours_whatever_the_filter():
    settings = load_settings()
    assert [(t.id, t.name, t.colour) for t in ui.tracks(settings)] == [
        ("DINUM", "Volet DINUM", "#5C68E5"),
        ("DITP", "Volet DITP", "#31A7AE"),
    ]
    kept = ui.tracks_in_view(settings, Filters(track="DITP"))
    assert [(t.name, t.colour) for t in kept] == [("Volet DITP", "#31A7AE")]
    assert ui.track_name(settings, None) == "Sans volet"
    assert ui.track_name(settings, float("nan")) == "Sans volet"
    assert ui.track_name(settings, "AUTRE") == "AUTRE"


def test_deadlines_follow_the_season_and_round_filters():
    settings = load_settings()
    assert [d.label for d in ui.deadlines(settings, Filters())] == [
        "Sélection 2022",
        "Première sélection 2023",
        "Seconde sélection 2023",
    ]
    assert [d.label for d in ui.deadlines(settings, Filters(season="2023"))] == [
        "Première sélection 2023",
        "Seconde sélection 2023",
    ]
    (only,) = ui.deadlines(settings, Filters(round="2023-1"))
    assert (
        only.label == "Première sélection 2023"
        and only.closes.strftime("%d/%m/%Y %H:%M") == "02/05/2023 12:00"
    )
