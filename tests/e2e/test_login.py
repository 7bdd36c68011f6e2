"""Logging in for real: an OpenID Connect provider on loopback (`oidc-provider-mock`), `streamlit run app.py`
with an `[auth]` section pointing at it, and Chromium logging in as each role.

The provider's authorization form lets the test choose who signs in (the subject; its `email` claim is
the same text). Each role gets a fresh browser context, so no login cookie leaks from one to the next.
"""

from __future__ import annotations

import os
import secrets
import sys

import pytest

from aic_dash import labels as L
from aic_dash.config import load_settings
from aic_dash.demo.dossiers import build_demo_export
from aic_dash.store import access
from aic_dash.store.db import get_engine
from aic_dash.store.imports import import_export
from tests.e2e.browser import _free_port, _start, _stop, _wait_for, idle, login, main_text, menu

pytestmark = pytest.mark.e2e

PEOPLE = {
    "lecteur": "lea.lecteur@numerique.gouv.fr",
    "gestionnaire": "gaspard.gestion@numerique.gouv.fr",
    "admin": "ada.admin@numerique.gouv.fr",
}
UNKNOWN = "inconnu@exemple.fr"
MENU = {
    "lecteur": ["Pipeline", "Cohortes", "Lauréats"],
    "gestionnaire": ["Pipeline", "Cohortes", "Dossiers", "Jury", "Lauréats", "Suivi des lauréats", "Import"],
}
MENU["admin"] = [*MENU["gestionnaire"], "Administration"]
DENIED_URL = {"lecteur": "dossiers", "gestionnaire": "admin"}


@pytest.fixture(scope="module")
def shared_app(provider, tmp_path_factory):
    """The app as on a shared server: demo data, one person per role, `[auth]` pointing at the provider."""
    folder = tmp_path_factory.mktemp("login")
    url = f"sqlite:///{folder / 'demo.sqlite'}"
    engine = get_engine(url)
    assert import_export(engine, load_settings(), build_demo_export(), "demo-export-aic.csv").ok
    for role, email in PEOPLE.items():
        access.set_role(engine, email, role, "tests")
    engine.dispose()

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "{base}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "aic-dash-e2e"\n'
        f'client_secret = "{secrets.token_hex(16)}"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "AIC_DASH_DATABASE_URL": url}
    env.pop(access.ADMINS_ENV, None)
    log = folder / "streamlit.log"
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--secrets.files", str(secrets_file),
    ]  # fmt: skip
    process = _start(command, log, env)
    try:
        _wait_for(f"{base}/_stcore/health", process, log, "streamlit")
        yield base
    finally:
        _stop(process)


def test_nothing_shows_before_login(shared_app, tab, shots):
    for path in ("", "dossiers", "import", "admin"):
        tab.goto(f"{shared_app}/{path}")
        tab.get_by_role("button", name=L.ACCESS["login_button"]).wait_for()
        idle(tab)
        assert tab.locator("[data-testid=stSidebarNav]").count() == 0
        assert tab.locator("[data-testid=stMetric], [data-testid=stDataFrame], .js-plotly-plot").count() == 0
        assert tab.locator("[data-testid=stException]").count() == 0
    tab.screenshot(path=str(shots / "connexion.png"))


@pytest.mark.parametrize("role", ["lecteur", "gestionnaire", "admin"])
def test_each_role_logs_in_and_sees_exactly_its_pages(shared_app, tab, role, shots):
    login(tab, shared_app, PEOPLE[role])
    tab.locator("h1", has_text="Pipeline").wait_for()
    tab.locator("[data-testid=stMetric]").first.wait_for()
    assert menu(tab) == MENU[role]
    sidebar = tab.locator("[data-testid=stSidebar]").inner_text()
    assert PEOPLE[role] in sidebar and L.ROLE_NAMES[role] in sidebar
    assert "Mode local" not in sidebar
    tab.screenshot(path=str(shots / f"connecte-{role}.png"))
    if role in DENIED_URL:
        # A shared link to a page the role does not allow.
        tab.goto(f"{shared_app}/{DENIED_URL[role]}")
        tab.locator("h1", has_text=L.ACCESS["denied_title"]).wait_for()
        idle(tab)
        assert tab.locator("[data-testid=stDataFrame], [data-testid=stFileUploader]").count() == 0
        assert menu(tab) == MENU[role]
        tab.screenshot(path=str(shots / f"acces-refuse-{role}.png"))
    else:
        tab.locator("[data-testid=stSidebarNav] a", has_text="Administration").click()
        tab.locator("h1", has_text="Administration").wait_for()
        idle(tab)
        # The admin opens the dashboard to a colleague, from the app.
        tab.get_by_label(L.ACCESS["email"]).fill("Nouvelle.Collegue@numerique.gouv.fr")
        tab.get_by_role("button", name=L.ACCESS["set_button"]).click()
        tab.get_by_text("« nouvelle.collegue@numerique.gouv.fr » a maintenant le rôle « Lecteur »").wait_for()
        tab.screenshot(path=str(shots / "administration.png"))
    assert tab.locator("[data-testid=stException]").count() == 0


def test_an_unknown_email_gets_no_access_then_logs_out(shared_app, tab, shots):
    login(tab, shared_app, UNKNOWN)
    tab.locator("h1", has_text=L.ACCESS["no_access_title"]).wait_for()
    assert UNKNOWN in main_text(tab)
    assert tab.locator("[data-testid=stSidebarNav]").count() == 0
    tab.goto(f"{shared_app}/dossiers")
    tab.locator("h1", has_text=L.ACCESS["no_access_title"]).wait_for()
    idle(tab)
    assert tab.locator("[data-testid=stDataFrame]").count() == 0
    tab.screenshot(path=str(shots / "pas-d-acces.png"))
    tab.get_by_role("button", name=L.ACCESS["logout"]).click()
    # The provider may ask to confirm the end of its own session first.
    login_button = tab.get_by_role("button", name=L.ACCESS["login_button"])
    end_session = tab.get_by_role("button", name="End session")
    login_button.or_(end_session).first.wait_for()
    if end_session.count():
        end_session.click()
    login_button.wait_for()
