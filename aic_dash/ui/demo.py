"""The banner of every page while the app shows the demo's fictitious dossiers."""

from __future__ import annotations

import streamlit as st

from aic_dash import labels as L
from aic_dash.ui import data


def demo_banner() -> None:
    """Say plainly, on every page and in the sidebar, that the data in view is the demo's."""
    if not data.showing_demo():
        return
    st.sidebar.warning(L.MESSAGES["demo_sidebar"], icon=":material/science:")
    st.warning(L.MESSAGES["demo_banner"], icon=":material/science:")
