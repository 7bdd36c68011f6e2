"""Shared fixtures: the settings, and a fresh database on SQLite and on a real PostgreSQL server.

PostgreSQL comes from AIC_DASH_TEST_PG_URL (scripts/test.sh starts a throwaway server on loopback).
Where it is missing the PostgreSQL variants are skipped, except under CI or AIC_DASH_REQUIRE_PG, where
they fail: CI must run them.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from aic_dash.config import Settings, load_settings
from aic_dash.store.db import get_engine

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXPORTS = FIXTURES / "exports"
BAD = FIXTURES / "bad"
# A shared deployment as Streamlit reads it; the provider is never called in AppTest.
AUTH = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "cookie-secret-for-tests",
        "client_id": "aic-dash",
        "client_secret": "client-secret-for-tests",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    }
}


SCREENSHOTS: list[str] = []


def pytest_terminal_summary(terminalreporter) -> None:
    for folder in dict.fromkeys(SCREENSHOTS):
        terminalreporter.write_line(f"Captures d'écran des tests : {folder}")


@pytest.fixture(scope="session")
def shots() -> Path:
    """A temporary folder for the screenshots (browser tests, booklet pages); its path is printed at the end
    of the run."""
    folder = tempfile.mkdtemp(prefix="aic-captures-")
    SCREENSHOTS.append(folder)
    return Path(folder)


def _pg_required() -> bool:
    return bool(os.environ.get("AIC_DASH_REQUIRE_PG") or os.environ.get("CI"))


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'aic.sqlite'}"


@pytest.fixture
def pg_url():
    admin = os.environ.get("AIC_DASH_TEST_PG_URL")
    if not admin:
        if _pg_required():
            pytest.fail("AIC_DASH_TEST_PG_URL manque : lancez les tests par « make test ».")
        pytest.skip("pas de serveur PostgreSQL (lancez « make test » pour l'avoir)")
    name = f"aic_{uuid.uuid4().hex[:12]}"
    admin_engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    yield url
    get_engine(url).dispose()
    get_engine.cache_clear()
    with admin_engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin_engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request):
    """A fresh, empty database URL: each test using it runs on SQLite and on PostgreSQL."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
def engine(db_url):
    return get_engine(db_url)
