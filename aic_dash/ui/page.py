"""What every data page does first: settings, filters, the dossiers in view, or an empty state."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from aic_dash import labels as L
from aic_dash.config import Settings
from aic_dash.store import audit
from aic_dash.store.queries import Filters
from aic_dash.ui import access, data
from aic_dash.ui import components as ui
from aic_dash.ui.filters import current_filters, describe


def require_app() -> None:
    """Make sure the page runs inside app.py (navigation, page config, filters), never on its own, and
    that the viewer's role allows it (« Accès refusé » otherwise; see `aic_dash.ui.access`).

    Streamlit treats a `pages/` folder beside the entry point as an old-style multipage app until
    `st.navigation` has run once in the process: a shared link opened first after a restart (and every
    AppTest rerun) would run the page file alone. The flag below is how Streamlit tells the two modes
    apart; clearing it and rerunning sends this very URL through app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
    access.check_page(_running_page())


def _running_page() -> str | None:
    """The key of the page file being run (its stem: "dossiers"…), found up the call stack."""
    frame = sys._getframe(1)
    while frame is not None:
        file = frame.f_globals.get("__file__")
        if frame.f_globals.get("__name__") == "__main__" and file and Path(file).parent.name == "pages":
            return Path(file).stem
        frame = frame.f_back
    return None


@dataclass(frozen=True)
class View:
    """The data a page shows: settings, filters, data version and the filtered dossiers."""

    settings: Settings
    filters: Filters
    version: int | None
    dossiers: pd.DataFrame


def open_view(title: str, caption: str | None = None, allow_empty: bool = False) -> View:
    """Title the page and load its dossiers; stop the page with an empty state when there is nothing.

    With `allow_empty`, a filter matching no dossier still returns (the page explains it itself).
    """
    require_app()
    st.title(title)
    if caption:
        st.caption(caption)
    settings = data.settings()
    filters = current_filters()
    status = data.status()
    if status.state == "error":
        st.error(L.MESSAGES["database_error"].format(url=status.message), icon=":material/error:")
        st.stop()
    if not status.ok:
        ui.no_database()
        st.stop()
    frame = data.dossiers(status.version, filters)
    if frame.empty and not allow_empty:
        ui.empty_state(L.MESSAGES["no_dossier"].format(filters=describe(filters, settings)))
        st.stop()
    return View(settings, filters, status.version, frame)


def current_user() -> str:
    """Who acts in this run (imports, edits, exports): `store.audit.current_user` of `st.user` — the
    signed-in e-mail with a login, else « local »."""
    return audit.current_user(signed_in=st.user)
