"""Local mode (no [auth]) is served on loopback only: the real server, AppTest, and a real browser.

`streamlit run app.py` as `make run` starts it (no --server.address) must not accept a connection on the
machine's network address; started for every interface anyway, the app refuses to show anything.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from aic_dash import labels as L
from aic_dash.ui.access import local_exposure
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
CHROMIUM = os.environ.get("AIC_DASH_CHROMIUM", "/usr/bin/chromium")


def _network_address() -> str | None:
    """An IPv4 address of this machine other than loopback (None when it has none)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # UDP connect sends nothing: it only picks the route
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _accepts(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def _start(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen, int]:
    """`streamlit run app.py` from the repository (its .streamlit/config.toml applies), until healthy."""
    port = _free_port()
    log = (tmp_path / "streamlit.log").open("w")
    env = {**os.environ, "AIC_DASH_DATABASE_URL": f"sqlite:///{tmp_path / 'aic.sqlite'}"}
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
        "--server.port", str(port), "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", *extra,
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return process, port
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process)
            pytest.fail(f"streamlit n'a pas démarré (journal : {log.name})")
        time.sleep(0.3)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def network_address() -> str:
    address = _network_address()
    if address is None:
        pytest.skip("cette machine n'a pas d'adresse réseau autre que 127.0.0.1")
    return address


def test_started_like_make_run_the_server_answers_on_loopback_only(tmp_path, network_address):
    process, port = _start(tmp_path)
    try:
        assert _accepts("127.0.0.1", port)
        assert not _accepts(network_address, port)
    finally:
        _stop(process)


def test_local_mode_refuses_a_network_address_and_a_browser_of_another_machine():
    assert local_exposure("127.0.0.1", None) is None
    assert local_exposure("localhost", None) is None
    assert local_exposure("::1", None) is None
    assert local_exposure("", None) is None  # every interface, but this browser is on this machine
    refused = local_exposure("0.0.0.0", None)
    assert refused and "« 0.0.0.0 »" in refused and "--server.address 127.0.0.1" in refused
    assert local_exposure("192.0.2.2", None)
    assert "192.0.2.7" in local_exposure("", "192.0.2.7")
    assert local_exposure("127.0.0.1", "127.0.0.1") is None


@pytest.fixture
def every_interface():
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    yield
    config.set_option("server.address", before)


def test_local_mode_on_every_interface_shows_the_refusal_and_no_data(tmp_path, monkeypatch, every_interface):
    monkeypatch.setenv("AIC_DASH_DATABASE_URL", f"sqlite:///{tmp_path / 'aic.sqlite'}")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == [L.ACCESS["local_exposed_title"]]
    assert "« 0.0.0.0 »" in at.error[0].value
    assert not at.sidebar.info  # no filters, no menu, no « Mode local » sidebar


def test_with_auth_configured_a_network_address_is_allowed(tmp_path, monkeypatch, every_interface):
    from tests.conftest import AUTH

    monkeypatch.setenv("AIC_DASH_DATABASE_URL", f"sqlite:///{tmp_path / 'aic.sqlite'}")
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets.update(AUTH)
    at.run()
    assert not at.exception
    assert L.ACCESS["login_title"] in [s.value for s in at.subheader]


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright pour Python manque (pip install -r requirements-dev.txt)"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium manque ({CHROMIUM}) : apt-get install chromium (jamais « playwright install »)"
    return None


def test_forced_onto_every_interface_a_browser_of_the_network_gets_the_refusal(tmp_path, network_address):
    missing = _browser_missing()
    if missing:
        required = os.environ.get("AIC_DASH_REQUIRE_BROWSER") or os.environ.get("CI")
        (pytest.fail if required else pytest.skip)(missing)
    from playwright.sync_api import sync_playwright

    process, port = _start(tmp_path, "--server.address", "0.0.0.0")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            tab = browser.new_page()
            tab.set_default_timeout(30_000)
            tab.goto(f"http://{network_address}:{port}/dossiers")
            tab.get_by_text(L.ACCESS["local_exposed_title"]).wait_for()
            body = tab.inner_text("body")
            browser.close()
        assert "« 0.0.0.0 »" in body
        assert "Mode local, sans connexion" not in body  # no sidebar, no page of data
        assert L.PAGE_TITLES["pipeline"] not in body
    finally:
        _stop(process)
