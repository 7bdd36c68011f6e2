"""The Import page's "Synchroniser" panel: fetch a démarche's dossiers from the API, show what happened."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st
from sqlalchemy import Engine

from aic_dash import labels as L
from aic_dash.config import Settings
from aic_dash.errors import AicError
from aic_dash.ingest.ds_access import endpoint_for
from aic_dash.ingest.ds_api import TOKEN_ENV
from aic_dash.store.sync import SyncResult, last_sync, sync_demarche
from aic_dash.ui.components import md_escape

RESULT_KEY = "sync_result"


def _token() -> str:
    """The app's secrets first (`AIC_DASH_DS_TOKEN`), then the server's environment; never shown."""
    try:
        secret = st.secrets.get(TOKEN_ENV)
    except Exception:  # no secrets file: Streamlit raises rather than returning nothing
        secret = None
    return str(secret or os.environ.get(TOKEN_ENV, "")).strip()


def _state(engine: Engine, demarche: int | None = None) -> dict | None:
    """The last sync (of a démarche), without creating an SQLite file just by looking."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        if not Path(url.database).exists():
            return None
    return last_sync(engine, demarche)


def _paris(moment) -> str:
    return moment.tz_localize("UTC").tz_convert("Europe/Paris").strftime("%d/%m/%Y à %H:%M")


def sync_panel(engine: Engine, settings: Settings) -> SyncResult | None:
    """Démarche number, "Synchroniser" button, last sync status and the result of the latest run."""
    import pandas as pd

    st.subheader(L.SYNC["title"])
    st.caption(L.SYNC["help"])
    token = _token()
    endpoint = endpoint_for(None, settings)
    try:
        latest = _state(engine)
    except AicError as exc:
        st.error(md_escape(str(exc)), icon=":material/error:")
        return None
    default = int(latest["demarche"]) if latest else None
    demarche = st.number_input(
        L.SYNC["demarche"],
        min_value=1,
        step=1,
        value=default,
        format="%d",
        help=L.SYNC["demarche_help"],
        key="sync_demarche",
    )
    full = st.checkbox(L.SYNC["full"], key="sync_full")
    state = _state(engine, int(demarche)) if demarche else None
    if state:
        when, since = pd.Timestamp(state["synced_at"]), pd.Timestamp(state["updated_since"])
        st.caption(md_escape(L.SYNC["last"].format(when=_paris(when), since=_paris(since))))
    elif demarche:
        st.caption(L.SYNC["never"])
    st.caption(md_escape(L.SYNC["endpoint"].format(endpoint=endpoint)))
    if not token:
        st.warning(L.SYNC["no_token"], icon=":material/key_off:")
    clicked = st.button(
        L.SYNC["button"],
        type="primary",
        disabled=not token or not demarche,
        icon=":material/sync:",
        key="sync_button",
    )
    if clicked:
        bar = st.progress(0.0, text=L.SYNC["running"].format(demarche=int(demarche)))

        def report(step: str, fraction: float) -> None:
            bar.progress(max(0.0, min(1.0, fraction)), text=md_escape(f"{step}…"))

        result = sync_demarche(
            engine, settings, int(demarche), endpoint, token, full=full, progress=report, user=None
        )
        bar.empty()
        st.session_state[RESULT_KEY] = result
        if result.ok:
            from aic_dash.ui import data

            data.clear()
        st.rerun()  # the status above, the import history and the pages show the new data
    result = st.session_state.get(RESULT_KEY)
    if result is not None:
        if result.ok:
            st.success(md_escape(result.summary()), icon=":material/check_circle:")
        else:
            st.error(md_escape(result.error), icon=":material/error:")
    return result
