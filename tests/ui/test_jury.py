"""The Jury page in Streamlit's AppTest, on the demo database with the demo jury grid."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from aic_dash import labels as L
from aic_dash.config import load_settings
from aic_dash.demo.dossiers import build_demo_export
from aic_dash.demo.jury import CONFLICTED_JUROR, LAZY_JUROR, build_demo_grid
from aic_dash.store.db import get_engine
from aic_dash.store.imports import import_export
from aic_dash.store.jury import import_jury_grid
from tests.conftest import ROOT

PAGE = str(ROOT / "pages" / "jury.py")


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory) -> tuple[Path, Path]:
    """Two SQLite files: the demo export alone, and the demo export with the demo jury grid."""
    folder = tmp_path_factory.mktemp("jury-demo")
    without, with_grid = folder / "demo.sqlite", folder / "demo-jury.sqlite"
    settings = load_settings()
    engine = get_engine(f"sqlite:///{without}")
    assert import_export(engine, settings, build_demo_export(), "demo-export-aic.csv").ok
    engine.dispose()
    shutil.copy(without, with_grid)
    engine = get_engine(f"sqlite:///{with_grid}")
    result = import_jury_grid(engine, settings, build_demo_grid(engine), "demo-grille-jury.csv")
    assert result.ok, result.error
    engine.dispose()
    return without, with_grid


def use(path: Path, tmp_path: Path, monkeypatch) -> None:
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    monkeypatch.setenv("AIC_DASH_DATABASE_URL", f"sqlite:///{copy}")


def open_page(state: dict | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def ranking_table(at: AppTest) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if "weighted_score" in df.value.columns)


def dossier_picker(at: AppTest):
    """The « Dossier » selector (one per cohort: its key names the cohort)."""
    return next(s for s in at.selectbox if (s.key or "").startswith("jury_dossier"))


def figure_titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


@pytest.fixture
def with_grid(demo_files, tmp_path, monkeypatch):
    use(demo_files[1], tmp_path, monkeypatch)


def test_without_scores_the_page_says_how_to_import_a_grid(demo_files, tmp_path, monkeypatch):
    use(demo_files[0], tmp_path, monkeypatch)
    at = open_page()
    assert [i.value for i in at.info] == [L.JURY["no_scores"]]
    assert "Aucune note de jury" in at.info[0].value
    assert "« Dossier »" in at.info[0].value and "python -m aic_dash import" in at.info[0].value
    assert not at.dataframe


def test_the_ranking_opens_on_the_latest_round_with_its_cut_off(with_grid):
    at = open_page()
    cohort = at.selectbox(key="jury_cohort")
    assert cohort.value == ("2023", "2023-2", "DINUM")
    ranking = ranking_table(at)
    assert ranking["rank"].tolist() == sorted(ranking["rank"].tolist())
    assert ranking["rank"].iloc[0] == 1
    # 5 DINUM places in 2023 minus the 2 laureates of the first round: 3 places left.
    chart = next(
        c
        for c in at.get("plotly_chart")
        if "Classement" in json.loads(c.proto.spec)["layout"]["title"]["text"]
    )
    spec = json.loads(chart.proto.spec)
    assert any("Places : 3" in a["text"] for a in spec["layout"]["annotations"])
    assert L.JURY["cutoff_help"] in [c.value for c in at.caption]


def test_flags_name_the_lazy_juror_the_conflict_and_the_disagreement(with_grid):
    at = open_page()
    warnings = " ".join(w.value for w in at.warning)
    assert LAZY_JUROR in warnings
    assert "1 dossier(s) où deux juré·es sont à 2,5 points" in warnings
    assert "1 conflit(s) d'intérêts déclaré(s)" in " ".join(i.value for i in at.info)


def test_the_normalised_view_changes_the_scores_not_the_dossiers(with_grid):
    at = open_page()
    raw = ranking_table(at).set_index("dossier")["weighted_score"]
    at.radio(key="jury_mode").set_value("normalised").run()
    assert not at.exception
    normalised = ranking_table(at).set_index("dossier")["weighted_score"]
    assert set(raw.index) == set(normalised.index)
    assert not raw.sort_index().equals(normalised.sort_index())


def test_a_track_without_capacity_has_no_cut_off(with_grid):
    at = open_page()
    at.selectbox(key="jury_cohort").set_value(("2023", "2023-1", "DITP")).run()
    assert L.JURY["no_cutoff"] in [c.value for c in at.caption]


def test_the_sidebar_filters_narrow_the_cohorts(with_grid):
    at = open_page({"filter_track": "DITP", "filter_season": "2022"})
    assert at.selectbox(key="jury_cohort").options == ["Sélection 2022 · Volet DITP"]


def test_a_dossier_is_shown_juror_by_juror_with_the_conflict(with_grid):
    at = open_page()
    at.selectbox(key="jury_cohort").set_value(("2023", "2023-1", "DITP")).run()
    picker = dossier_picker(at)
    # Find the dossier where a juror declared a conflict: its row says the scores do not count.
    for option in picker.options:
        picker.set_value(int(option.rsplit("n° ", 1)[1].rstrip(")"))).run()
        breakdown = next(df.value for df in at.dataframe if "counted" in df.value.columns)
        if (breakdown["counted"] == L.JURY["counted_no"]).any():
            row = breakdown.set_index("juror").loc[CONFLICTED_JUROR]
            assert row["comment"].startswith("Conflit d'intérêts")
            break
        picker = dossier_picker(at)
    else:
        pytest.fail("no dossier with a conflict of interest in the DITP 2023-1 ranking")


def test_jurors_completion_severity_and_agreement_are_shown(with_grid):
    at = open_page()
    jurors = next(df.value for df in at.dataframe if "completion" in df.value.columns)
    assert jurors["completion"].between(0, 1).all()
    assert (jurors["completion"] < 1).any()  # one demo juror has not scored one dossier yet
    # A static table (its reading in words wraps): French headers.
    agreement = next(t.value for t in at.table if L.COLUMNS["alpha"] in t.value.columns)
    assert agreement[L.COLUMNS["criterion"]].iloc[-1] == L.JURY["all_criteria"]
    assert agreement[L.COLUMNS["alpha"]].between(-1, 1).all()
    assert "Sévérité des juré·es (écart à la moyenne du panel)" in figure_titles(at)


def _cohort_views_script():
    from aic_dash.ui.jury import criterion_views
    from aic_dash.ui.page import open_view

    criterion_views(open_view("Cohortes"))


def _laureate_scores_script():
    import streamlit as st

    from aic_dash.ui import data
    from aic_dash.ui.jury import laureate_scores
    from aic_dash.ui.page import open_view

    view = open_view("Lauréats")
    laureates = data.all_dossiers(view.version).query("stage == 'laureat'")
    first = laureates.sort_values("number").iloc[0]
    st.caption(f"dossier {first['number']}")
    laureate_scores(view, int(first["number"]), first["track"])


def test_the_cohort_views_draw_the_criterion_charts(with_grid):
    at = AppTest.from_function(_cohort_views_script, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    titles = figure_titles(at)
    for title in (L.JURY["box"], L.JURY["radar"], L.JURY["heatmap"], L.JURY["seasons"]):
        assert title in titles
    assert any(t.startswith(L.JURY["profile"]) for t in titles)
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    heatmap = next(f for f in specs if f["layout"]["title"]["text"] == L.JURY["heatmap"])
    assert heatmap["data"][0]["x"] == ["Volet DINUM", "Volet DITP"]
    assert len(heatmap["data"][0]["y"]) == 5


def test_the_cohort_views_say_when_there_is_no_score(demo_files, tmp_path, monkeypatch):
    use(demo_files[0], tmp_path, monkeypatch)
    at = AppTest.from_function(_cohort_views_script, default_timeout=60).run()
    assert [i.value for i in at.info] == [L.JURY["no_scores"]]


def test_a_laureate_card_can_show_its_scores_against_its_cohort(with_grid):
    at = AppTest.from_function(_laureate_scores_script, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["title"]["text"] == L.JURY["laureate_chart"]
    assert [t["name"] for t in spec["data"]] == [L.JURY["laureate"], L.JURY["cohort_mean"]]
