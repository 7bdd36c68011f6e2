"""Two app servers on one PostgreSQL database, as behind a reverse proxy (docs/deploiement.md): an import
through the command line of one server's machine shows on the other at its next run, with no restart.

Each server caches the dossiers and the pages' figures by data version (aic_dash/ui/data.py, views.py);
the version is read from the database at every run, so a server that did not import sees the change too.
Needs PostgreSQL (AIC_DASH_TEST_PG_URL) and Chromium; skipped without them, except under CI or
AIC_DASH_REQUIRE_PG / AIC_DASH_REQUIRE_BROWSER.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from contextlib import ExitStack

import pytest

from aic_dash.analytics import kpis
from aic_dash.store.db import get_engine
from aic_dash.store.queries import load_dossiers
from tests.conftest import EXPORTS, ROOT
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, _missing_browser, _required

pytestmark = pytest.mark.e2e

LOAD_SESSIONS = ROOT / "bench" / "load_sessions.py"
FINISHED = "[data-testid=stApp][data-test-script-state=notRunning]"


def _load_sessions():
    spec = importlib.util.spec_from_file_location("load_sessions", LOAD_SESSIONS)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def cli_import(url: str, name: str) -> None:
    """`python -m aic_dash import` on the machine of the first server (its database address)."""
    env = {**os.environ, "AIC_DASH_DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "-m", "aic_dash", "import", str(EXPORTS / name)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def tiles(tab) -> dict[str, str]:
    """The Pipeline's KPI tiles, label -> value as shown (`7`, `66,7 %`)."""
    tab.locator(FINISHED).wait_for()
    found = {}
    for tile in tab.locator("[data-testid=stMetric]").all():
        label = tile.locator("[data-testid=stMetricLabel]").inner_text().strip()
        found[label] = tile.locator("[data-testid=stMetricValue]").inner_text().strip()
    return found


def open_pipeline(tab, base: str) -> dict[str, str]:
    tab.goto(f"{base}/")
    tab.locator("h1", has_text="Pipeline").first.wait_for()
    tab.locator("[data-testid=stMetric]").first.wait_for()
    assert tab.locator("[data-testid=stException]").count() == 0
    return tiles(tab)


def expected(url: str) -> dict[str, str]:
    current = kpis.kpis(load_dossiers(get_engine(url)))
    return {"Candidatures": str(current.applications), "Lauréats": str(current.laureates)}


def test_an_import_on_one_server_shows_on_the_other_without_restart(pg_url, tmp_path):
    missing = _missing_browser()
    if missing:
        (pytest.fail if _required() else pytest.skip)(missing)
    from playwright.sync_api import sync_playwright

    load = _load_sessions()
    cli_import(pg_url, "ds_standard.csv")
    before = expected(pg_url)
    with ExitStack() as stack:
        first, _ = stack.enter_context(load.streamlit_server(pg_url, tmp_path / "first.log"))
        second, _ = stack.enter_context(load.streamlit_server(pg_url, tmp_path / "second.log"))
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fr-FR")
        on_first, on_second = context.new_page(), context.new_page()
        for tab in (on_first, on_second):
            tab.set_default_timeout(30_000)

        # Both servers have read the database and cached what the Pipeline shows.
        for tab, base in ((on_first, first), (on_second, second)):
            shown = open_pipeline(tab, base)
            assert {name: shown[name] for name in before} == before

        cli_import(pg_url, "ds_later.csv")  # one more dossier, one more laureate
        after = expected(pg_url)
        assert after != before

        # The second server's open session, at its next run (the menu), counts the new dossier…
        on_second.locator("[data-testid=stSidebarNav] a", has_text="Dossiers").click()
        on_second.locator("h1", has_text="Dossiers").first.wait_for()
        on_second.get_by_text(f"{after['Candidatures']} dossier(s)", exact=True).wait_for()
        # …and both servers' Pipeline shows the new figures, neither restarted.
        for tab, base in ((on_second, second), (on_first, first)):
            shown = open_pipeline(tab, base)
            assert {name: shown[name] for name in after} == after

    errors = [line for log in ("first.log", "second.log") for line in load.server_errors(tmp_path / log)]
    assert errors == []
