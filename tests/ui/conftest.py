"""The AppTest page tests' databases: the full demo built once (`python -m aic_dash demo`), a manager's own
database, an empty one; each test gets a copy, named by AIC_DASH_DATABASE_URL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from aic_dash.store.db import get_engine
from aic_dash.store.queries import load_dossiers


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A SQLite file built by `python -m aic_dash demo` (dossiers, jury grid, follow-up), once."""
    from aic_dash.cli.main import main

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    assert main(["demo", "--db", f"sqlite:///{path}"]) == 0
    get_engine(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture(scope="session")
def demo(demo_db) -> pd.DataFrame:
    """The demo's dossiers, to compute what the pages must show (the demo data may evolve)."""
    return load_dossiers(get_engine(f"sqlite:///{demo_db}"))


@pytest.fixture
def demo_url(demo_db, tmp_path, monkeypatch) -> str:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_db, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("AIC_DASH_DATABASE_URL", url)
    return url


@pytest.fixture(scope="session")
def own_db(tmp_path_factory) -> Path:
    """A manager's own database holding the demo's export imported as an ordinary file (uploads into
    the demo database itself are refused: see tests/test_everyday.py)."""
    from aic_dash.config import load_settings
    from aic_dash.demo.dossiers import build_demo_export
    from aic_dash.store.imports import import_export

    path = tmp_path_factory.mktemp("own") / "aic.sqlite"
    engine = get_engine(f"sqlite:///{path}")
    assert import_export(engine, load_settings(), build_demo_export(), "dossiers.csv").ok
    engine.dispose()
    return path


@pytest.fixture
def own_url(own_db, tmp_path, monkeypatch) -> str:
    copy = tmp_path / "aic.sqlite"
    shutil.copy(own_db, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("AIC_DASH_DATABASE_URL", url)
    return url


@pytest.fixture
def empty_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'not-yet.sqlite'}"
    monkeypatch.setenv("AIC_DASH_DATABASE_URL", url)
    return url
