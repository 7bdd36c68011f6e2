"""The dashboard's pages in Streamlit's AppTest, on the demo database, on an empty one, after an upload."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from aic_dash import labels as L
from aic_dash.analytics.laureates import support_month
from aic_dash.config import load_settings
from aic_dash.format import fr_int
from aic_dash.reports import formats as report_formats
from aic_dash.store.db import get_engine
from aic_dash.store.followup import load_followup
from aic_dash.store.imports import import_export
from aic_dash.store.queries import Filters, load_dossiers
from aic_dash.ui import data as data_module
from tests.conftest import EXPORTS
from tests.ui.apptest import (
    APP,
    count,
    deltas,
    dossiers_table,
    figure,
    figures,
    metrics,
    open_app,
    plain,
    select_row,
    table,
    trace_names,
)

PAGES = [
    "pages/pipeline.py",
    "pages/cohorts.py",
    "pages/dossiers.py",
    "pages/laureates.py",
    "pages/import.py",
]
# Pages of the jury and follow-up features, tested in their own files; here they only must open.
FEATURE_PAGES = ["pages/jury.py", "pages/followup.py"]


# --- Pipeline ----------------------------------------------------------------------------------


def test_pipeline_is_the_default_page_with_tiles_table_and_four_charts(demo_url, demo):
    at = open_app()
    assert [t.value for t in at.main.title] == ["Pipeline"]
    tiles = metrics(at)
    assert list(tiles) == list(L.KPIS.values())
    assert tiles["Candidatures"] == count(demo)
    assert tiles["Lauréats"] == "13"  # the public laureates
    assert tiles["Taux de sélection"].endswith("\u00a0%")
    # A single import: nothing to compare with yet.
    assert all(not d for d in deltas(at).values())

    titles = [f["layout"]["title"]["text"] for f in figures(at)]
    assert titles == [L.CHARTS[k] for k in ("funnel", "cumulative", "decision_time", "capacity")]
    assert trace_names(figure(at, L.CHARTS["funnel"])) == ["Volet DINUM", "Volet DITP"]
    cumulative = figure(at, L.CHARTS["cumulative"])
    assert trace_names(cumulative) == ["Volet DINUM", "Volet DITP"]
    assert len(cumulative["layout"]["shapes"]) == 3  # one dashed line per round deadline
    assert trace_names(figure(at, L.CHARTS["decision_time"])) == ["Volet DINUM", "Volet DITP"]
    assert trace_names(figure(at, L.CHARTS["capacity"])) == ["Volet DINUM", "Volet DITP", L.CHARTS["cap"]]
    # One download button per format the reports module writes, beside the stage table.
    assert [b.label for b in at.download_button] == [
        L.FORMAT_LABELS.get(f, f.upper()) for f in report_formats.FORMATS
    ]

    stage_table = table(at, "Volet DITP")
    assert stage_table.loc["Total", "Total"] == len(demo)
    assert stage_table.loc["Lauréat", "Volet DINUM"] == int(
        ((demo.stage == "laureat") & (demo.track == "DINUM")).sum()
    )
    assert len(table(at, "waiting_days")) == 10


def track_colours(figs: list[dict]) -> dict[str, set[str]]:
    """Colour(s) each track trace is drawn with, over several figures."""
    colours: dict[str, set[str]] = {}
    for fig in figs:
        for trace in fig["data"]:
            if not trace.get("name", "").startswith("Volet"):
                continue
            line, marker = trace.get("line") or {}, trace.get("marker") or {}
            style = line if trace.get("type", "").startswith("scatter") else marker
            colours.setdefault(trace["name"], set()).add(style.get("color") or line.get("color"))
    return colours


def test_each_track_keeps_its_colour_in_every_chart(demo_url):
    at = open_app()
    expected = {"Volet DINUM": {"#5C68E5"}, "Volet DITP": {"#31A7AE"}}
    assert track_colours(figures(at)) == expected
    at.switch_page("pages/cohorts.py").run()
    assert track_colours(figures(at)) == expected
    # Filtered on one track, that track keeps its colour.
    at.selectbox(key="filter_track").set_value("DITP").run()
    assert track_colours(figures(at)) == {"Volet DITP": {"#31A7AE"}}


def test_track_filter_changes_counts_charts_and_url(demo_url, demo):
    at = open_app()
    at.selectbox(key="filter_track").set_value("DINUM").run()
    assert not at.exception
    assert metrics(at)["Candidatures"] == count(demo, track="DINUM")
    assert trace_names(figure(at, L.CHARTS["funnel"])) == ["Volet DINUM"]
    assert at.query_params == {"volet": "DINUM"}

    at.selectbox(key="filter_season").set_value("2023").run()
    assert metrics(at)["Candidatures"] == count(demo, track="DINUM", season="2023")
    assert at.query_params == {"volet": "DINUM", "saison": "2023"}
    assert len(figure(at, L.CHARTS["cumulative"])["layout"]["shapes"]) == 2  # the two 2023 deadlines
    # Rounds offered are those of the chosen season.
    assert at.selectbox(key="filter_round").options == ["Toutes les sélections", *(
        "Première sélection 2023", "Seconde sélection 2023")]  # fmt: skip


def test_a_shared_link_opens_the_same_view(demo_url, demo):
    at = open_app(query={"saison": "2023", "selection": "2023-2", "volet": "DITP"})
    assert at.selectbox(key="filter_season").value == "2023"
    assert at.selectbox(key="filter_round").value == "2023-2"
    assert at.selectbox(key="filter_track").value == "DITP"
    assert metrics(at)["Candidatures"] == count(demo, season="2023", round="2023-2", track="DITP")


def test_unknown_values_in_the_link_are_ignored(demo_url, demo):
    at = open_app(query={"saison": "1999", "volet": "<script>"})
    assert at.selectbox(key="filter_season").value == ""
    assert metrics(at)["Candidatures"] == count(demo)
    assert "saison" not in at.query_params


def test_upload_on_import_page_changes_pipeline_counts_and_tiles_show_the_change(own_url, demo):
    at = open_app("pages/import.py")
    data = (EXPORTS / "ds_standard.csv").read_bytes()
    at.file_uploader(key="import_files").set_value(("ds_standard.csv", data, "text/csv")).run()
    assert not at.exception
    assert any("6 créé(s)" in plain(s.value) for s in at.success), [s.value for s in at.success]
    history = table(at, "file_name")
    # The database held one import (the export); the upload is the newest.
    assert len(history) == 2 and history["file_name"].iloc[0] == "ds_standard.csv"
    # A rerun (any widget) must not import the file again.
    at.run()
    assert len(table(at, "file_name")) == 2

    at.switch_page("pages/pipeline.py").run()
    assert metrics(at)["Candidatures"] == fr_int(len(demo) + 6)
    assert deltas(at)["Candidatures"] == "+6"
    assert deltas(at)["Lauréats"] == "+1"


def test_a_run_reads_the_data_version_once_and_the_next_run_sees_an_import_from_the_cli(
    own_url, demo, monkeypatch
):
    """app.py reads the data version once per run (`data.one_status_per_run`): banner, filters and page
    see the same one, and the next run asks again, so an import made meanwhile shows at once."""
    from aic_dash.store import queries

    asked, real = [], queries.data_version

    def counted(engine):
        asked.append(1)
        return real(engine)

    refreshed, refresh = [], queries.refresh_dossiers

    def spied(*args):
        refreshed.append(frame := refresh(*args))
        return frame

    monkeypatch.setattr(queries, "data_version", counted)
    monkeypatch.setattr(queries, "refresh_dossiers", spied)
    at = open_app()
    assert len(asked) == 1
    assert metrics(at)["Candidatures"] == fr_int(len(demo))
    data = (EXPORTS / "ds_standard.csv").read_bytes()
    assert import_export(get_engine(own_url), load_settings(), data, "ds_standard.csv").ok
    at.run()
    assert not at.exception
    assert len(asked) == 2
    assert metrics(at)["Candidatures"] == fr_int(len(demo) + 6)
    # Only the six new dossiers were read (`queries.refresh_dossiers`), and the frame is the full read.
    assert len(refreshed) == 1 and refreshed[0] is not None
    full = load_dossiers(get_engine(own_url), columns=data_module.COLUMNS)
    pd.testing.assert_frame_equal(refreshed[0], full)


def test_rejected_upload_shows_the_french_error_and_changes_nothing(own_url, demo):
    at = open_app("pages/import.py")
    at.file_uploader(key="import_files").set_value(("notes.csv", b"a,b\n1,2\n", "text/csv")).run()
    assert not at.exception
    assert at.error and "notes.csv" in plain(at.error[0].value) and "colonne" in at.error[0].value
    at.switch_page("pages/pipeline.py").run()
    assert metrics(at)["Candidatures"] == count(demo)


def test_several_files_at_once(own_url):
    at = open_app("pages/import.py")
    files = [
        (name, (EXPORTS / name).read_bytes(), "text/csv") for name in ("ds_standard.csv", "ds_later.csv")
    ]
    at.file_uploader(key="import_files").set_value(files).run()
    assert len(at.success) == 2
    assert len(table(at, "file_name")) == 3  # the database's import, then the two files


# --- Cohorts -----------------------------------------------------------------------------------


def test_cohorts_put_rounds_side_by_side_per_track(demo_url):
    at = open_app("pages/cohorts.py")
    titles = [f["layout"]["title"]["text"] for f in figures(at)]
    applicants = [L.CHARTS[k] for k in ("org_mix", "rates", "heard", "budget", "contributors")]
    assert titles[:5] == applicants
    assert len(titles) > 5  # then the jury's criterion views, the demo having scores
    org_mix = figure(at, L.CHARTS["org_mix"])
    assert {t["name"] for t in org_mix["data"]} == {
        "Association",
        "Administration",
        "Association et administration",
    }
    assert list(org_mix["data"][0]["x"]) == [
        "Sélection<br>2022",
        "Première sélection<br>2023",
        "Seconde sélection<br>2023",
    ]
    heard = figure(at, L.CHARTS["heard"])
    assert {t["name"] for t in heard["data"]} == {
        "Sélection 2022",
        "Première sélection 2023",
        "Seconde sélection 2023",
    }
    assert "Par LinkedIn" in heard["data"][0]["y"]  # multiple answers split on ", "
    assert trace_names(figure(at, L.CHARTS["budget"])) == ["Volet DINUM", "Volet DITP"]
    summary = table(at, "Taux d'éligibilité")
    assert len(summary) == 6
    # The demo has jury scores: the criterion views replace the « no score yet » state.
    assert not any(L.MESSAGES["no_jury"][:40] in i.value for i in at.info)


def test_cohorts_follow_the_filters(demo_url):
    at = open_app("pages/cohorts.py", query={"saison": "2023", "volet": "DITP"})
    assert len(table(at, "Taux d'éligibilité")) == 2
    assert trace_names(figure(at, L.CHARTS["budget"])) == ["Volet DITP"]


# --- Dossiers ----------------------------------------------------------------------------------


def _import_fixture(url: str) -> None:
    engine = get_engine(url)
    result = import_export(
        engine, load_settings(), (EXPORTS / "ds_standard.csv").read_bytes(), "ds_standard.csv"
    )
    assert result.ok, result.error


def test_dossiers_search_select_and_detail_as_plain_text(demo_url, demo):
    _import_fixture(demo_url)
    at = open_app("pages/dossiers.py")
    assert len(dossiers_table(at).value) == len(demo) + 6
    at.text_input(key="dossier_search").set_value("bibliotheque numerique").run()
    table = dossiers_table(at).value
    assert table["number"].tolist() == [11000005]

    select_row(at, 0)
    assert at.query_params["dossier"] == "11000005"
    texts = [t.value for t in at.text]
    description = next(t for t in texts if "<script>" in t)
    assert "<img src=x onerror=alert(1)>" in description
    # Applicant text never reaches Markdown or HTML unescaped.
    assert not any("<script" in m.value for m in at.markdown)
    # The only HTML is the app's own stylesheet (Streamlit's English words in French).
    assert all(h.proto.body.startswith("<style>") for h in at.get("html"))
    sections = [e.label for e in at.expander]
    assert sections[:3] == ["Dossier sur démarches-simplifiées", "Le projet", "Budget et financements"]
    assert "Annotations privées et autres champs" in sections


def test_unticking_the_row_closes_the_dossier_and_a_new_search_starts_a_new_selection(demo_url):
    _import_fixture(demo_url)
    at = open_app("pages/dossiers.py")
    at.text_input(key="dossier_search").set_value("pâquerettes").run()
    first_key = dossiers_table(at).key
    select_row(at, 0)
    assert at.query_params["dossier"] == "11000002"
    assert any(h.value == "Dossier n° 11000002" for h in at.subheader)
    select_row(at, None)
    assert "dossier" not in at.query_params
    assert not any(h.value.startswith("Dossier n°") for h in at.subheader)
    at.text_input(key="dossier_search").set_value("bibliotheque").run()
    assert dossiers_table(at).key != first_key


def test_personal_data_hidden_until_asked(demo_url):
    _import_fixture(demo_url)
    at = open_app("pages/dossiers.py", query={"dossier": "11000005"})
    texts = [t.value for t in at.text]
    assert not any("leguevel" in t.lower() for t in texts)
    assert not any("01 99 00 55 07" in t for t in texts)
    at.checkbox(key="show_personal").check().run()
    texts = [t.value for t in at.text]
    assert "helene.leguevel@bibliotheque.example" in texts
    assert "01 99 00 55 07" in texts


def test_dossier_history_lists_its_imports(demo_url):
    _import_fixture(demo_url)
    engine = get_engine(demo_url)
    import_export(engine, load_settings(), (EXPORTS / "ds_later.csv").read_bytes(), "ds_later.csv")
    at = open_app("pages/dossiers.py", query={"dossier": "11000002"})
    history = [df.value for df in at.dataframe if "file_name" in df.value.columns]
    assert history and history[0]["file_name"].tolist()[-1] == "ds_standard.csv"


def test_stage_pills_filter_the_table(demo_url):
    at = open_app("pages/dossiers.py")
    at.pills(key="dossier_stages").set_value(["laureat"]).run()
    assert len(dossiers_table(at).value) == 13


# --- Laureates ---------------------------------------------------------------------------------


def test_laureate_cards_of_the_latest_season_by_default(demo_url):
    at = open_app("pages/laureates.py")
    progress = [p.proto.text for p in at.get("progress")]
    assert len(progress) == 4  # the four 2023 DINUM laureates
    markdown = " ".join(m.value for m in at.markdown)
    for name in ("Open Food Facts", "PrimTux", "uMap", "Pyronear"):
        assert name in markdown
    assert "Cambrai" in markdown  # town from the « Commune » annotation


def test_laureate_support_month_counts_from_the_recorded_support_period(demo_url, demo):
    laureates = demo[(demo.stage == "laureat") & (demo.season == "2023")]
    first = laureates["processed_at"].min().date()
    day = first + timedelta(days=40)  # a month and ten days after the first decision
    at = open_app("pages/laureates.py", query={"saison": "2023"})
    at.date_input(key="laureates_day").set_value(day).run()
    progress = [p.proto.text for p in at.get("progress")]
    # Only the laureates decided by then, counted from their recorded period (01/07/2023), not from
    # the decision (12/06/2023).
    selected = laureates[laureates["processed_at"].dt.date <= day]
    assert 0 < len(selected) < len(laureates)
    periods = load_followup(get_engine(demo_url), Filters(season="2023")).periods
    start = periods["start_date"].min().date()
    assert start > first
    assert sorted(progress) == sorted(f"Mois {support_month(start, day)} / 12" for _ in range(len(selected)))
    captions = " ".join(c.value for c in at.caption)
    assert f"Début : {start:%d/%m/%Y} · Fin : {start.replace(year=start.year + 1):%d/%m/%Y}" in captions
    assert f"{first:%d/%m/%Y}" not in captions


def test_laureates_of_2022(demo_url):
    at = open_app("pages/laureates.py", query={"saison": "2022"})
    assert len(at.get("progress")) == 9


# --- Empty states ------------------------------------------------------------------------------


@pytest.mark.parametrize("page", FEATURE_PAGES)
def test_feature_pages_open_through_the_app_on_the_demo(demo_url, page):
    at = open_app(page)
    assert not at.exception
    assert at.get("plotly_chart"), "the demo has jury scores and follow-up data to chart"


@pytest.mark.parametrize("page", PAGES + FEATURE_PAGES)
def test_every_page_on_an_empty_database_says_what_to_do(empty_url, page):
    at = open_app(page)
    assert not at.get("plotly_chart")
    if page == "pages/import.py":
        assert at.file_uploader(key="import_files")
        assert any(L.MESSAGES["no_history"] in i.value for i in at.info)
    else:
        assert any("Importez un export" in i.value for i in at.info), [i.value for i in at.info]
    assert not Path(empty_url.removeprefix("sqlite:///")).exists()  # looking creates no file


@pytest.mark.parametrize("page", PAGES[:4])
def test_every_page_says_when_the_filters_match_nothing(tmp_path, monkeypatch, page):
    url = f"sqlite:///{tmp_path / 'only-2023.sqlite'}"
    monkeypatch.setenv("AIC_DASH_DATABASE_URL", url)
    _import_fixture(url)  # 2023 dossiers only
    at = open_app(page, query={"saison": "2022"})
    infos = " ".join(i.value for i in at.info)
    assert "Aucun dossier ne correspond aux filtres" in infos or "Aucun lauréat" in infos
    assert not at.get("plotly_chart")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_the_demo_runs_without_exception(demo_url, page):
    at = open_app(page)
    assert at.title and at.title[0].value == L.PAGE_TITLES[Path(page).stem]
    assert not at.error


def test_first_upload_on_a_fresh_machine_fills_the_pipeline(empty_url):
    at = open_app("pages/import.py")
    data = (EXPORTS / "ds_standard.csv").read_bytes()
    at.file_uploader(key="import_files").set_value(("ds_standard.csv", data, "text/csv")).run()
    assert at.success and not at.exception
    at.switch_page("pages/pipeline.py").run()
    assert metrics(at)["Candidatures"] == "6"
    assert all(not d for d in deltas(at).values())  # nothing to compare with yet


def test_invalid_settings_are_a_french_message(empty_url, tmp_path, monkeypatch):
    bad = tmp_path / "settings.yaml"
    bad.write_text("seasons: [", encoding="utf-8")
    monkeypatch.setenv("AIC_DASH_SETTINGS", str(bad))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.error and "réglages" in at.error[0].value and "YAML" in at.error[0].value


def test_unreachable_database_is_a_french_message(monkeypatch):
    monkeypatch.setenv("AIC_DASH_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none")
    at = open_app()
    assert at.error and "ne répond pas" in at.error[0].value
