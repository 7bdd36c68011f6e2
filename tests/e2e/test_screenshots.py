"""Every page of the full demo (dossiers, jury grid, follow-up) in Chromium, as a manager reads it: French
numbers, no truncated label, no Streamlit English a manager does not need. A full-page screenshot of each
page goes to the browser test's output folder (printed at the end of the run)."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from aic_dash.store.db import get_engine
from tests.conftest import ROOT
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, _free_port, open_page, screenshot

pytestmark = pytest.mark.e2e

PAGES = {
    "": ("Pipeline", 4),
    "cohorts": ("Cohortes", 5),
    "dossiers": ("Dossiers", 0),
    "jury": ("Jury", 2),
    "laureates": ("Lauréats", 0),
    "followup": ("Suivi des lauréats", 1),
    "import": ("Import", 0),
    "admin": ("Administration", 0),
}


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> str:
    """The full demo (`python -m aic_dash demo`): dossiers, jury scores, follow-up."""
    from aic_dash.cli.main import main

    url = f"sqlite:///{tmp_path_factory.mktemp('e2e-shots') / 'demo.sqlite'}"
    assert main(["demo", "--db", url]) == 0
    get_engine(url).dispose()
    return url


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fr-FR")
        tab = context.new_page()
        tab.set_default_timeout(30_000)
        yield tab
        context.close()
        browser.close()


def _main_text(tab) -> str:
    return tab.locator("[data-testid=stMain]").inner_text()


def test_every_page_screenshot_in_french(server, page, shots):
    for path, (title, charts) in PAGES.items():
        open_page(page, server, path, title, charts)
        screenshot(page, shots, f"page-{path or 'pipeline'}")
        text = _main_text(page)
        # Integers of four digits or more carry a (no-break) space: « 1 192 », never « 1192 ».
        bare = [
            n for n in re.findall(r"(?<![\d,./°n-])\d{4,}(?![\d,./])", text) if not re.fullmatch(r"20\d\d", n)
        ]
        assert not [n for n in bare if len(n) < 7], (path, bare)  # dossier numbers (7-8 digits) are ids
        for english in ("Made with Streamlit", "Record a screencast", "Deploy"):
            assert page.get_by_text(english, exact=True).count() == 0, (path, english)
    # The 2023 DITP funnel shows its zero laureates; the sidebar shows the whole (short) track name.
    open_page(page, server, "?saison=2023&volet=DITP", "Pipeline", 4)
    funnel = page.locator(".js-plotly-plot").first.locator("text").all_text_contents()
    assert "Lauréats" in funnel and any(t.startswith("0 (") for t in funnel), funnel
    assert page.get_by_role("combobox", name="Volet").input_value() == "Volet DITP"
    screenshot(page, shots, "pipeline-2023-DITP")


def test_no_streamlit_menu_and_a_french_uploader(server, page, shots):
    open_page(page, server, "", "Pipeline", 4)
    # toolbarMode "minimal" and no menu item: no app menu (« About », « Made with Streamlit »…).
    assert page.locator("[data-testid=stMainMenu]").count() == 0
    body = page.locator("body").inner_text()
    for english in ("Made with Streamlit", "Record a screencast", "Print", "About"):
        assert english not in body
    # Streamlit's « Stop » (shown while a page computes for more than half a second) reads « Arrêter ».
    open_page(page, server, "cohorts", "Cohortes", 5)
    assert page.evaluate(
        """() => [...document.querySelectorAll('style')].some(s => s.textContent.includes("'Arrêter'"))"""
    )
    open_page(page, server, "import", "Import")
    after = page.evaluate(
        """() => [
            '[data-testid=stFileUploaderDropzone] button',
            '[data-testid=stFileUploaderDropzoneInstructions] span',
        ].map(s => getComputedStyle(document.querySelector(s), '::after').content)"""
    )
    assert after == ['"Choisir des fichiers"', '"200 Mo au plus par fichier • CSV, XLSX, ODS, TSV"']
    screenshot(page, shots, "import-televersement")


def _choose(tab, label: str, option: str) -> None:
    box = tab.get_by_role("combobox", name=label)
    box.click()
    box.fill(option)  # the selectbox filters its options as one types
    tab.get_by_role("option").first.wait_for()
    tab.keyboard.press("Enter")
    deadline = time.monotonic() + 20
    while not box.input_value().startswith(option.split(" (n°")[0]) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)  # the rerun starts
    tab.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for()
    time.sleep(0.5)


def _ranking_projects(tab) -> list[str]:
    ticks = tab.locator(".js-plotly-plot").first.locator(".ytick text").all_text_contents()
    ranked = sorted((int(t.split(". ", 1)[0]), t.split(". ", 1)[1]) for t in ticks)
    return [project for _, project in ranked]  # best first (the DOM lists the axis bottom up)


def test_jury_selector_follows_the_cohort_and_the_link_keeps_the_view(server, page, shots):
    open_page(page, server, "jury?cohorte=2023.2023-1.DITP", "Jury", 2)
    before = _ranking_projects(page)
    _choose(page, "Dossier", f"{before[2]} (n°")
    assert page.get_by_role("combobox", name="Dossier").input_value().startswith(before[2])
    _choose(page, "Cohorte", "Seconde sélection 2023 · Volet DINUM")
    page.wait_for_url("**cohorte=2023.2023-2.DINUM**", timeout=10_000)
    after = _ranking_projects(page)
    shown = page.get_by_role("combobox", name="Dossier").input_value().rsplit(" (n°", 1)[0]
    # The selector shows a dossier of the cohort now ranked, never the previous cohort's.
    assert shown in after and shown == after[0]
    screenshot(page, shots, "jury-apres-changement-de-cohorte")

    open_page(page, server, "jury?notes=normalisees&cohorte=2023.2023-2.DINUM", "Jury", 2)
    text = _main_text(page)
    assert "Classement : note normalisée par juré·e" in text
    assert "Note pondérée" not in text and "note pondérée" not in text
    assert "notes=normalisees" in page.url and "cohorte=2023.2023-2.DINUM" in page.url
    assert "s'accordent peu sur ce critère" in text
    screenshot(page, shots, "jury-normalisees")


def test_followup_tabs_screenshots(server, page, shots):
    open_page(page, server, "followup", "Suivi des lauréats", 1)
    for tab_name, shot in (("Lauréat", "suivi-laureat"), ("Progression des cohortes", "suivi-cohortes")):
        page.get_by_role("tab", name=tab_name, exact=True).click()
        page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for()
        time.sleep(1.5)
        screenshot(page, shots, shot)
    # The support timeline has its axis titles.
    page.get_by_role("tab", name="Portefeuille", exact=True).click()
    time.sleep(1)
    timeline = page.locator(".js-plotly-plot").first.locator(".g-xtitle, .g-ytitle").all_text_contents()
    assert "Lauréat" in " ".join(timeline) and "Mois" in " ".join(timeline), timeline


SLOW_PAGE = """
import time
import streamlit as st
from aic_dash.ui.components import streamlit_words_in_french
streamlit_words_in_french()
st.title("Calcul")
time.sleep(6)
"""


@contextlib.contextmanager
def _tiny_app(page, folder: Path, source: str):
    """`streamlit run` of a one-file app (the project on PYTHONPATH); yields a tab of the module's browser
    (one Playwright per process) opened on it."""
    script = folder / "petite_app.py"
    script.write_text(source, encoding="utf-8")
    port = _free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("streamlit n'a pas démarré")
                time.sleep(0.3)
        tab = page.context.browser.new_page(viewport={"width": 1200, "height": 500})
        try:
            tab.goto(f"http://127.0.0.1:{port}/")
            yield tab
        finally:
            tab.close()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_streamlit_stop_button_reads_arreter(page, tmp_path, shots):
    """A page computing for seconds shows Streamlit's status button: it reads « Arrêter »."""
    with _tiny_app(page, tmp_path, SLOW_PAGE) as tab:
        button = "[data-testid=stStatusWidget] button"
        tab.locator(button).wait_for(timeout=15_000)
        # The stylesheet arrives with the page's first element (after the imports of the first run).
        after = tab.wait_for_function(
            f"""() => {{
                const b = document.querySelector('{button}');
                const c = b && getComputedStyle(b, '::after').content;
                return c && c !== 'none' ? c : null;
            }}""",
            timeout=10_000,
        ).json_value()
        tab.screenshot(path=str(shots / "statut-arreter.png"))
    assert after == '"Arrêter"'


HOSTILE_NAME = "<b>Gras</b> <a href='http://a.example'>lien</a> & <i>x</i>"
CHART_PAGE = f"""
import pandas as pd
import streamlit as st
from aic_dash.charts.style import track_styles
from aic_dash.charts.jury import ranking_figure
ranking = pd.DataFrame({{"rank": [1.0], "project": [{HOSTILE_NAME!r}], "dossier": [1],
                        "weighted_score": [3.2], "track": ["DINUM"], "capacity": [float("nan")],
                        "above_cutoff": [True]}})
st.plotly_chart(ranking_figure(ranking, track_styles([("DINUM", "Volet DINUM")])))
"""


def test_a_project_name_in_a_chart_is_shown_as_typed(page, tmp_path, shots):
    with _tiny_app(page, tmp_path, CHART_PAGE) as tab:
        tab.locator(".js-plotly-plot .ytick text").first.wait_for(timeout=30_000)
        label = tab.locator(".js-plotly-plot .ytick text").first.text_content()
        links = tab.locator(".js-plotly-plot a").count()
        tab.screenshot(path=str(shots / "graphique-nom-litteral.png"))
    assert label == f"1. {HOSTILE_NAME}"  # every character, none read as markup
    assert links == 0
