"""What the real-browser tests share: where Chromium is, free loopback ports, processes started and
stopped, and waiting for Streamlit to finish drawing a page (its fixtures are in conftest.py)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from aic_dash import labels as L
from tests.conftest import ROOT

CHROMIUM = os.environ.get("AIC_DASH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # Chromium refuses to run as root otherwise (containers, CI)
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _required() -> bool:
    return bool(os.environ.get("AIC_DASH_REQUIRE_BROWSER") or os.environ.get("CI"))


def _missing_browser() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright pour Python manque (pip install -r requirements-dev.txt)"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium manque ({CHROMIUM}) : apt-get install chromium (jamais « playwright install »)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def open_page(tab, base: str, path: str, title: str, charts: int = 0) -> None:
    """Go to a URL and wait until the script has finished and the charts are drawn."""
    tab.goto(f"{base}/{path}")
    tab.locator("h1", has_text=title).first.wait_for()
    tab.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for()
    settled(tab, charts)
    assert tab.locator("[data-testid=stException]").count() == 0
    time.sleep(0.5)  # let the last paint settle before a screenshot


def settled(tab, charts: int = 0) -> None:
    """Wait until the widgets have replaced their placeholders and the charts are drawn."""
    tab.wait_for_function(
        """n => !document.querySelector('[data-testid=stSkeleton], [data-testid=stSkeletonElement]')
               && document.querySelectorAll('.js-plotly-plot .main-svg').length >= n""",
        arg=charts,
    )


def screenshot(tab, folder: Path, name: str) -> None:
    height = tab.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    tab.set_viewport_size({"width": 1440, "height": max(1000, min(int(height), 8000))})
    settled(tab)  # a taller window shows more widgets, which load in turn
    time.sleep(0.3)
    tab.screenshot(path=str(folder / f"{name}.png"))
    tab.set_viewport_size({"width": 1440, "height": 1000})


def _start(command: list[str], log: Path, env: dict | None = None) -> subprocess.Popen:
    handle = log.open("w")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)


def _wait_for(url: str, process: subprocess.Popen, log: Path, what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{what} n'a pas démarré (journal : {log})")
        time.sleep(0.3)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def idle(tab) -> None:
    """Wait until the script run has finished and no widget placeholder is left."""
    tab.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for()
    tab.wait_for_function(
        "() => !document.querySelector('[data-testid=stSkeleton], [data-testid=stSkeletonElement]')"
    )


def login(tab, base: str, email: str) -> None:
    """From the app's login page, through the provider's form, back to the app."""
    tab.goto(base)
    tab.get_by_role("button", name=L.ACCESS["login_button"]).click()
    tab.locator("input[name=sub]").fill(email)
    tab.get_by_role("button", name="Authorize").click()
    tab.wait_for_url(f"{base}/**")
    tab.locator("h1").first.wait_for()
    idle(tab)


def menu(tab) -> list[str]:
    """The page names of the sidebar menu (each link also holds its icon's name, on a line before)."""
    links = tab.locator("[data-testid=stSidebarNav] a")
    return [text.strip().splitlines()[-1].strip() for text in links.all_inner_texts()]


def main_text(tab) -> str:
    return tab.locator("[data-testid=stMain]").inner_text()
