"""Real-browser tests: the `e2e` marker (the `shots` folder is in tests/conftest.py)."""

from __future__ import annotations


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "e2e: runs the app with `streamlit run` and drives Chromium")
