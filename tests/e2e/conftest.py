"""Real-browser tests: the `e2e` marker, and the fixtures several modules use: the demo database and
`streamlit run` on it (a module may give its own `database`), the OpenID provider, Chromium and a fresh tab
for the login tests (each module gives its own `shared_app`). The `shots` folder is in tests/conftest.py."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
import urllib.request

import pytest

from aic_dash.config import load_settings
from aic_dash.demo.dossiers import build_demo_export
from aic_dash.store.db import get_engine
from aic_dash.store.imports import import_export
from tests.conftest import ROOT
from tests.e2e.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    _free_port,
    _missing_browser,
    _required,
    _start,
    _stop,
    _wait_for,
)


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "e2e: runs the app with `streamlit run` and drives Chromium")


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> str:
    """A temporary SQLite file holding the demo data."""
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'demo.sqlite'}"
    result = import_export(get_engine(url), load_settings(), build_demo_export(), "demo-export-aic.csv")
    assert result.ok, result.error
    return url


@pytest.fixture(scope="module")
def server(database, tmp_path_factory):
    """`streamlit run app.py` on a free loopback port; yields its base URL once /_stcore/health answers."""
    missing = _missing_browser()
    if missing:
        (pytest.fail if _required() else pytest.skip)(missing)
    port = _free_port()
    log = (tmp_path_factory.mktemp("e2e-server") / "streamlit.log").open("w")
    env = {**os.environ, "AIC_DASH_DATABASE_URL": database}
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit n'a pas démarré (journal : {log.name})")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """`python -m oidc_provider_mock` on a free loopback port; yields its base URL."""
    missing = _missing_browser()
    if missing:
        (pytest.fail if _required() else pytest.skip)(missing)
    if importlib.util.find_spec("oidc_provider_mock") is None:
        message = "oidc-provider-mock manque (pip install -r requirements-dev.txt)"
        (pytest.fail if _required() else pytest.skip)(message)
    port = _free_port()
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    process = _start([sys.executable, "-m", "oidc_provider_mock", "--port", str(port)], log)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/.well-known/openid-configuration", process, log, "le fournisseur OpenID")
        yield base
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def browser(shared_app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser):
    """A fresh browser context (no cookie) and its tab."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(45_000)
    yield page
    context.close()
