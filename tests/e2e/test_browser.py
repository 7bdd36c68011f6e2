"""The dashboard in a real browser: `streamlit run app.py` on a free loopback port, driven by Debian's
Chromium through Playwright for Python (never `playwright install`).

Without Chromium or Playwright the module is skipped, except when AIC_DASH_REQUIRE_BROWSER or CI is set,
where it fails: CI must run it. A screenshot of each page is saved to a temporary folder, printed at the
end of the run.
"""

from __future__ import annotations

import re

import pytest

from aic_dash.config import load_settings
from aic_dash.store.db import get_engine
from aic_dash.store.imports import import_export
from aic_dash.store.queries import load_dossiers
from tests.conftest import EXPORTS
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, open_page, screenshot

pytestmark = pytest.mark.e2e

FIXTURE = EXPORTS / "ds_standard.csv"
PAGES = {
    "": "Pipeline",
    "cohorts": "Cohortes",
    "dossiers": "Dossiers",
    "laureates": "Lauréats",
    "import": "Import",
}
SCRIPT_DESCRIPTION = "<script>alert(1)</script>"
IMG_DESCRIPTION = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fr-FR")
        tab = context.new_page()
        tab.set_default_timeout(30_000)
        tab.dialogs = []  # any alert() would mean applicant text ran as code
        tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
        yield tab
        context.close()
        browser.close()


def tile(tab, label: str) -> str:
    metric = tab.locator("[data-testid=stMetric]", has_text=label).first
    return metric.locator("[data-testid=stMetricValue]").inner_text().strip()


def as_int(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def test_every_page_opens_without_error(server, page, shots):
    charts = {"": 4, "cohorts": 5}
    for path, title in PAGES.items():
        open_page(page, server, path, title, charts.get(path, 0))
        sidebar = page.locator("[data-testid=stSidebarNav]").inner_text()
        assert all(name in sidebar for name in PAGES.values())
        screenshot(page, shots, path or "pipeline")


def test_upload_on_import_page_changes_pipeline_counts(server, page, shots):
    open_page(page, server, "", "Pipeline", 4)
    before = as_int(tile(page, "Candidatures"))
    open_page(page, server, "import", "Import")
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(FIXTURE))
    page.get_by_text("6 créé(s)").wait_for(timeout=60_000)
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for()
    screenshot(page, shots, "import-apres-depot")
    # Through the navigation menu, as a manager would.
    page.locator("[data-testid=stSidebarNav] a", has_text="Pipeline").click()
    page.locator("[data-testid=stMetric]", has_text="Candidatures").first.wait_for()
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for()
    assert as_int(tile(page, "Candidatures")) == before + 6
    assert "+6" in page.locator("[data-testid=stMetric]", has_text="Candidatures").first.inner_text()


def test_a_shared_url_applies_its_filters(server, database, page, shots):
    dossiers = load_dossiers(get_engine(database))
    expected = int(((dossiers.season == "2023") & (dossiers.track == "DITP")).sum())
    open_page(page, server, "?saison=2023&volet=DITP", "Pipeline", 4)
    assert page.get_by_role("combobox", name="Saison").input_value() == "Saison 2023"
    assert page.get_by_role("combobox", name="Volet").input_value().startswith("Volet DITP")
    assert as_int(tile(page, "Candidatures")) == expected
    screenshot(page, shots, "pipeline-filtre-2023-DITP")
    # The filters follow the manager to another page, and stay in its URL.
    page.locator("[data-testid=stSidebarNav] a", has_text="Dossiers").click()
    page.get_by_text(f"{expected} dossier(s)").wait_for()
    assert "saison=2023" in page.url and "volet=DITP" in page.url


def test_applicant_html_shows_as_text(server, database, page, shots):
    if not (load_dossiers(get_engine(database)).number == 11000005).any():
        import_export(get_engine(database), load_settings(), FIXTURE.read_bytes(), FIXTURE.name)
    open_page(page, server, "dossiers?dossier=11000005", "Dossiers")
    page.get_by_text("Dossier n° 11000005").wait_for()
    description = page.get_by_text(SCRIPT_DESCRIPTION, exact=False).first
    description.wait_for()
    assert IMG_DESCRIPTION in description.inner_text()
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert not page.dialogs
    # Personal data stays hidden until asked for.
    assert page.get_by_text("helene.leguevel@bibliotheque.example").count() == 0
    screenshot(page, shots, "dossier-11000005")


def test_a_shared_link_opens_laureates_and_followup_at_its_date(server, page, shots):
    open_page(page, server, "laureates?saison=2023&date=2023-11-15", "Lauréats")
    heading = page.locator("h3", has_text="au 15/11/2023").first.inner_text()
    count, running = (int(n) for n in re.findall(r"(\d+) (?:lauréat|en accompagnement)", heading))
    assert count == page.get_by_text("Début : ").count() > 0
    assert running == count  # on 15/11/2023 every 2023 support runs (decisions of June and October)
    shown = [
        page.get_by_role("spinbutton", name=f"{part}, À la date du").inner_text()
        for part in ("day", "month", "year")
    ]
    assert shown == ["15", "11", "2023"]
    screenshot(page, shots, "laureats-au-15-11-2023")
    # The day follows the manager to the follow-up page, in its URL too.
    page.locator("[data-testid=stSidebarNav] a", has_text="Suivi des lauréats").click()
    page.locator("[data-testid=stMetric]", has_text="En accompagnement").first.wait_for()
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for()
    assert "date=2023-11-15" in page.url
    assert as_int(tile(page, "En accompagnement")) == running
    screenshot(page, shots, "suivi-au-15-11-2023")
