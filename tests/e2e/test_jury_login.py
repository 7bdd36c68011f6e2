"""A jury in the app, for real: jurors sign in through the OpenID Connect provider on loopback (the same as
tests/e2e/test_login.py), one declares no conflict, scores a dossier and submits it in Chromium; a manager
then finds it in the Jury page's ranking; another juror opening that dossier's URL is refused."""

from __future__ import annotations

import os
import secrets
import sys

import pytest

from aic_dash import labels as L
from aic_dash.config import load_settings
from aic_dash.demo.dossiers import build_demo_export
from aic_dash.store import access
from aic_dash.store import evaluations as E
from aic_dash.store.db import get_engine
from aic_dash.store.imports import import_export
from tests.e2e.browser import _free_port, _start, _stop, _wait_for, idle, login, main_text

pytestmark = pytest.mark.e2e

MANAGER = "gaspard.gestion@numerique.gouv.fr"
JUROR = "juliette.jure@jury.example.org"
OTHER = "omar.jure@jury.example.org"
ROUND, TRACK = "2023-2", "DINUM"
SCORES = ("4", "3,5", "5", "4", "2,5")


@pytest.fixture(scope="module")
def jury(tmp_path_factory) -> dict:
    """The demo dossiers; JUROR assigned to one dossier, OTHER to another one of the same round."""
    folder = tmp_path_factory.mktemp("jury-login")
    url = f"sqlite:///{folder / 'demo.sqlite'}"
    engine = get_engine(url)
    assert import_export(engine, load_settings(), build_demo_export(), "demo-export-aic.csv").ok
    access.set_role(engine, MANAGER, "gestionnaire", "tests")
    for email in (JUROR, OTHER):
        access.set_role(engine, email, "jure", "tests")
    first, second, *_ = E.before_jury(engine, ROUND, TRACK)
    E.assign(engine, ROUND, TRACK, JUROR, [first], MANAGER)
    E.assign(engine, ROUND, TRACK, OTHER, [second], MANAGER)
    project = E.assignments(engine, JUROR)["project"].iloc[0]
    engine.dispose()
    return {"url": url, "folder": folder, "dossier": first, "project": project}


@pytest.fixture(scope="module")
def shared_app(provider, jury):
    folder = jury["folder"]
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
    env = {**os.environ, "AIC_DASH_DATABASE_URL": jury["url"]}
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


def new_tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(45_000)
    return context, page


def test_a_juror_scores_and_submits_the_manager_ranks_another_juror_is_refused(
    shared_app, browser, jury, shots
):
    dossier = jury["dossier"]
    engine = get_engine(jury["url"])

    context, juror = new_tab(browser)
    login(juror, shared_app, JUROR)
    juror.locator("h1", has_text="Mes évaluations").wait_for()
    nav = juror.locator("[data-testid=stSidebarNav] a")
    assert [t.strip().splitlines()[-1] for t in nav.all_inner_texts()] in ([], ["Mes évaluations"])
    juror.goto(f"{shared_app}/evaluations?dossier={dossier}")
    juror.get_by_role("button", name=L.EVALUATIONS["declare"]).wait_for()
    idle(juror)
    assert "@" not in main_text(juror).replace(JUROR, "")  # no applicant's e-mail on the juror's screen
    juror.get_by_text(L.EVALUATIONS["no_conflict"], exact=True).click()
    juror.get_by_role("button", name=L.EVALUATIONS["declare"]).click()
    groups = juror.locator("[data-testid=stButtonGroup]")
    groups.nth(4).wait_for()
    idle(juror)
    for i, value in enumerate(SCORES):
        groups.nth(i).get_by_role("radio", name=value, exact=True).click()
        # Each choice is saved as a draft before the next one is made: on a loaded machine a click
        # made while the previous run is still drawing must not be what the test measures.
        juror.get_by_text(L.EVALUATIONS["saved"].format(count=i + 1, total=5)).wait_for()
        idle(juror)
    juror.screenshot(path=str(shots / "jure-notation.png"), full_page=True)
    assert E.open_evaluation(engine, JUROR, dossier).scores == {1: 4.0, 2: 3.5, 3: 5.0, 4: 4.0, 5: 2.5}
    juror.get_by_role("button", name=L.EVALUATIONS["submit"]).click()
    juror.get_by_text("Notes soumises le").wait_for()
    idle(juror)
    assert E.open_evaluation(engine, JUROR, dossier).evaluation_status == E.SUBMITTED
    assert juror.locator("[data-testid=stException]").count() == 0
    context.close()

    context, manager = new_tab(browser)
    login(manager, shared_app, MANAGER)
    manager.goto(f"{shared_app}/jury")
    manager.locator("h1", has_text="Jury").wait_for()
    manager.get_by_text(L.JURY["ranking"], exact=True).wait_for()
    idle(manager)
    # The ranking chart: the juror's dossier first, at the mean of the scores typed in the browser.
    shown = main_text(manager)
    assert f"1. {jury['project']}" in shown
    assert "3,80" in shown  # (4 + 3,5 + 5 + 4 + 2,5) / 5, no weights in the settings
    assert JUROR in shown  # the severity chart names the juror
    manager.screenshot(path=str(shots / "jury-classement-application.png"), full_page=True)
    assert manager.locator("[data-testid=stException]").count() == 0
    context.close()

    context, other = new_tab(browser)
    login(other, shared_app, OTHER)
    other.goto(f"{shared_app}/evaluations?dossier={dossier}")
    other.get_by_text(f"Le dossier n° {dossier} ne vous est pas attribué").wait_for()
    idle(other)
    assert other.locator("[data-testid=stButtonGroup], [data-testid=stExpander]").count() == 0
    assert f"Dossier n° {dossier}" not in main_text(other)
    other.screenshot(path=str(shots / "jure-refuse.png"))
    context.close()
