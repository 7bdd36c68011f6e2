"""Real-browser tests: the `e2e` marker, and where the screenshots went (printed after the run)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

SCREENSHOTS: list[str] = []


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "e2e: runs the app with `streamlit run` and drives Chromium")


def pytest_terminal_summary(terminalreporter) -> None:
    for folder in dict.fromkeys(SCREENSHOTS):
        terminalreporter.write_line(f"Captures d'écran du test navigateur : {folder}")


@pytest.fixture(scope="session")
def shots() -> Path:
    """A temporary folder for the screenshots; its path is printed at the end of the run."""
    folder = tempfile.mkdtemp(prefix="aic-e2e-captures-")
    SCREENSHOTS.append(folder)
    return Path(folder)
