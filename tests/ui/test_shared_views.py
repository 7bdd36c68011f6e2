"""The jury views every session shares (`aic_dash.ui.views`) follow what jurors submit in the app, at the
next run of a page already open: no import, no restart, no stale ranking or chart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from aic_dash import labels as L
from aic_dash.config import load_settings
from aic_dash.demo.dossiers import build_demo_export
from aic_dash.store import evaluations as E
from aic_dash.store.db import get_engine
from aic_dash.store.imports import import_export
from tests.conftest import ROOT

ROUND, TRACK = "2023-2", "DINUM"
ALICE, BRUNO = "alice.juree@example.org", "bruno.jure@example.org"
MANAGER = "claire@numerique.gouv.fr"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("shared-views") / "demo.sqlite"
    engine = get_engine(f"sqlite:///{path}")
    assert import_export(engine, load_settings(), build_demo_export(200, 2023), "demo.csv").ok
    engine.dispose()
    return path


@pytest.fixture
def engine(demo_file, tmp_path, monkeypatch):
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("AIC_DASH_DATABASE_URL", url)
    engine = get_engine(url)
    yield engine
    engine.dispose()


def submit(engine, juror: str, dossier: int, value: float) -> None:
    settings = load_settings()
    version = E.declare(engine, juror, dossier, conflict=False)
    version = E.save_draft(
        engine, settings, juror, dossier, version, {c.number: value for c in settings.programme.criteria}
    )
    E.submit(engine, settings, juror, dossier, version)


def page(name: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def ranking(at: AppTest) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if "weighted_score" in df.value.columns)


def no_score_shown(at: AppTest) -> bool:
    return any(L.JURY["no_scores"] in info.value for info in at.info)


def test_a_submission_in_the_app_shows_in_the_open_jury_page_at_its_next_run(engine):
    dossiers = E.before_jury(engine, ROUND, TRACK)
    assert E.assign(engine, ROUND, TRACK, ALICE, dossiers[:2], MANAGER)
    assert E.assign(engine, ROUND, TRACK, BRUNO, dossiers[:1], MANAGER)
    at = page("jury")
    assert no_score_shown(at)

    submit(engine, ALICE, dossiers[0], 4.0)
    shown = ranking(rerun(at))
    assert not no_score_shown(at)
    assert shown["dossier"].astype(int).tolist() == [dossiers[0]]
    assert shown["weighted_score"].tolist() == [4.0]

    # A second juror's scores change the same dossier's mean, and a new dossier joins the ranking.
    submit(engine, BRUNO, dossiers[0], 2.0)
    submit(engine, ALICE, dossiers[1], 5.0)
    shown = ranking(rerun(at)).set_index("dossier")
    assert shown.loc[dossiers[0], "weighted_score"] == pytest.approx(3.0)
    assert shown.loc[dossiers[1], "weighted_score"] == pytest.approx(5.0)
    assert shown.loc[dossiers[0], "n_jurors"] == 2


def test_a_submission_in_the_app_draws_the_cohort_page_criterion_charts(engine):
    dossiers = E.before_jury(engine, ROUND, TRACK)
    assert E.assign(engine, ROUND, TRACK, ALICE, dossiers[:1], MANAGER)
    at = page("cohorts")
    assert no_score_shown(at)
    charts_before = len(at.get("plotly_chart"))

    submit(engine, ALICE, dossiers[0], 4.0)
    rerun(at)
    assert not no_score_shown(at)
    assert len(at.get("plotly_chart")) > charts_before
