"""Five sessions at once in the real browser, against the small demo database on SQLite: five tabs open
the Pipeline page with different filters (shared links), then Dossiers through the menu, at the same time.

The tabs are driven by bench/load_sessions.py (the load test of issue 7: twenty sessions against 100 000
dossiers on PostgreSQL), so that both check the same things: no exception or error box, no JavaScript
error, no lost connection; and here also that every session shows its own filter's counts.
"""

from __future__ import annotations

import asyncio
import importlib.util
import sys

import pytest

from aic_dash.store.db import get_engine
from aic_dash.store.queries import load_dossiers
from tests.conftest import ROOT

pytestmark = pytest.mark.e2e

STEP_TIMEOUT_S = 50
# The first Pipeline link of each of the five sessions (see URL_STEPS in bench/load_sessions.py).
LINKS = ("saison", "volet", "pipeline", "saison", "volet")
LOAD_SESSIONS = ROOT / "bench" / "load_sessions.py"


def _load_sessions():
    spec = importlib.util.spec_from_file_location("load_sessions", LOAD_SESSIONS)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_five_sessions_at_once_each_see_their_own_filter_without_error(server, database):
    from playwright.async_api import async_playwright

    load = _load_sessions()
    dossiers = load_dossiers(get_engine(database))
    expected = {
        "pipeline": len(dossiers),
        "saison": int((dossiers.season == "2023").sum()),
        "volet": int((dossiers.track == "DINUM").sum()),
    }

    async def sessions_at_once():
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=load.CHROMIUM, args=load.CHROMIUM_ARGS)
            try:
                # Tabs of one profile, each its own Streamlit session: they share the app's scripts in
                # the browser cache, which keeps the test's CPU on the server side.
                context = await load.new_context(browser)
                return await asyncio.gather(
                    *(
                        load.browser_session(context, server, i, STEP_TIMEOUT_S, url_steps=(link,))
                        for i, link in enumerate(LINKS)
                    )
                )
            finally:
                await browser.close()

    sessions = asyncio.run(sessions_at_once())

    assert [error for session in sessions for error in session.errors] == []
    assert [session.counts for session in sessions] == [
        {link: expected[link], "dossiers": expected[link]} for link in LINKS
    ]
