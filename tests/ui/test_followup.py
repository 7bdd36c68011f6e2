"""The « Suivi des lauréats » page in Streamlit's AppTest, on a demo database (export + follow-up seed)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from aic_dash import labels as L
from aic_dash.analytics import followup as A
from aic_dash.config import load_settings
from aic_dash.demo.dossiers import build_demo_export
from aic_dash.demo.followup import seed_followup
from aic_dash.store.db import get_engine
from aic_dash.store.followup import load_followup
from aic_dash.store.imports import import_export
from aic_dash.ui import followup as fu
from tests.conftest import ROOT

PAGE = str(ROOT / "pages" / "followup.py")
DAY = date(2024, 5, 15)  # four 2023 laureates in support, two renewals due


@pytest.fixture(scope="session")
def followup_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("followup") / "demo.sqlite"
    engine = get_engine(f"sqlite:///{path}")
    settings = load_settings()
    assert import_export(engine, settings, build_demo_export(), "demo-export-aic.csv").ok
    seed_followup(engine, settings, today=date(2024, 10, 15))
    engine.dispose()
    return path


@pytest.fixture
def demo_url(followup_db, tmp_path, monkeypatch) -> str:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(followup_db, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("AIC_DASH_DATABASE_URL", url)
    return url


def open_page(day: date | None = DAY, **state) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    if day is not None:
        at.date_input(key="followup_day").set_value(day).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def table(at: AppTest, columns: list[str]):
    """The first table (st.dataframe or st.data_editor) with exactly these columns."""
    found = [df.value for df in at.dataframe if list(df.value.columns) == list(columns)]
    assert found, [list(df.value.columns) for df in at.dataframe]
    return found[0]


def figure_titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def laureate_ids(url: str) -> dict[str, int]:
    laureates = load_followup(get_engine(url)).laureates
    return dict(zip(laureates["name"], laureates["id"].astype(int)))


def test_portfolio_on_a_day_of_the_2023_support(demo_url):
    at = open_page()
    assert [t.value for t in at.title] == ["Suivi des lauréats"]
    tiles = metrics(at)
    assert tiles["Lauréats"] == "13"
    assert tiles["En accompagnement"] == "4"
    assert tiles["Renouvellements dans les 60 jours"] == "2"
    assert tiles["Jalons en retard"] == "4"
    assert tiles["À surveiller"] == "2"
    assert L.FOLLOWUP_CHARTS["timeline"] in figure_titles(at)
    # The laureate tab opens on a laureate at risk.
    assert "Open Food Facts" in [s.value for s in at.subheader]

    assert set(table(at, fu.RENEWAL_COLUMNS)["laureate"]) == {"Open Food Facts", "PrimTux"}
    late = table(at, fu.LATE_COLUMNS)
    assert sorted(late["laureate"]) == ["Open Food Facts", "Open Food Facts", "PrimTux", "Pyronear"]
    risks = table(at, fu.RISK_COLUMNS).set_index("laureate")
    assert risks.loc["Open Food Facts", "reason"] == "2 jalons en retard"
    assert risks.loc["Pyronear", "reason"] == "aucune mise à jour depuis le 01/01/2024"
    folio = table(at, fu.PORTFOLIO_COLUMNS).set_index("laureate")
    # Ten months completed since 01/07/2023: the eleventh month of twelve, as on the Lauréats card.
    assert folio.loc["Open Food Facts", "support_month"] == 11
    assert folio.loc["Infoclimat", "support_status"] == "Terminé"


def test_when_no_support_runs_today_the_page_says_so_and_offers_the_last_day(demo_url):
    at = open_page(day=date(2026, 11, 29))
    notice = [i.value for i in at.info if "Aucun accompagnement en cours au 29/11/2026" in i.value]
    assert notice and "01/11/2024" in notice[0]
    assert metrics(at)["En accompagnement"] == "0"
    at.button(key="followup_go_back").click().run()
    assert at.date_input(key="followup_day").value == date(2024, 10, 31)
    assert metrics(at)["En accompagnement"] == "2"  # uMap and Pyronear, whose support ends on 1 November


def test_laureate_detail_shows_roadmap_indicator_and_funding(demo_url):
    ids = laureate_ids(demo_url)
    at = open_page(followup_laureate=ids["uMap"])
    assert "uMap" in [s.value for s in at.subheader]
    roadmap = table(at, fu.MILESTONE_COLUMNS)
    assert len(roadmap) == 3 and roadmap["milestone_status"].eq("atteint").all()
    assert "Cartes publiées par des administrations" in figure_titles(at)
    # On 15/05/2024 the third milestone (due and reached on 01/10/2024) is not reached yet.
    tiles = metrics(at)
    assert tiles["Jalons atteints"] == "2 / 3" and tiles["En retard"] == "0"
    at.date_input(key="followup_day").set_value(date(2024, 10, 15)).run()
    tiles = metrics(at)
    assert tiles["Jalons atteints"] == "3 / 3" and tiles["Avancement"] == "100\u00a0%"

    at.selectbox(key="followup_laureate").set_value(ids["Infoclimat"]).run()
    assert metrics(at)["Financements accordés"] == "80\u00a0000\u00a0€"
    assert any("Thèmes : Environnement, Éducation, Numérique" in c.value for c in at.caption)


def test_saving_an_unchanged_roadmap_says_there_is_nothing_to_save(demo_url):
    ids = laureate_ids(demo_url)
    at = open_page(followup_laureate=ids["Pyronear"])
    save = next(b for b in at.button if b.label == "Enregistrer la feuille de route")
    save.click().run()
    assert not at.exception
    assert L.FOLLOWUP_MESSAGES["nothing_changed"] in [i.value for i in at.info]


def test_cohort_progress_and_templates(demo_url):
    at = open_page()
    cohorts = table(at, [L.COLUMNS[c] for c in A.COHORT_COLUMNS])
    assert len(cohorts) == 3  # 2022 DINUM, 2022 DITP, 2023 DINUM
    titles = figure_titles(at)
    assert L.FOLLOWUP_CHARTS["cohort"] in titles and L.FOLLOWUP_CHARTS["progress"] in titles
    names = {b.proto.label for b in at.get("download_button")}
    assert {"Excel (.xlsx)", "CSV pour Excel"} <= names


def test_filters_without_laureates_show_the_empty_state(demo_url):
    at = open_page(day=None, filter_season="2023", filter_track="DITP")
    assert L.FOLLOWUP_MESSAGES["no_laureate"] in [i.value for i in at.info]
    assert not at.metric
