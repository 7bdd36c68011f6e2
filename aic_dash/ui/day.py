"""« À la date du »: the day the Lauréats and Suivi des lauréats pages are read on, mirrored in the URL.

A link such as `/followup?date=2023-11-15` opens the page as it stood that day; without `date` the page
reads today. The chosen day is kept for the session, so both pages show the same day when a manager
goes from one to the other.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from aic_dash import labels as L

PARAM = "date"
SHARED_KEY = "_day_chosen"  # the day last chosen on either page (widget keys do not outlive their page)
TIMEZONE = "Europe/Paris"


def today() -> date:
    return pd.Timestamp.now(tz=TIMEZONE).date()


def _from_url() -> date | None:
    value = st.query_params.get(PARAM)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None  # a mistyped link opens on today rather than failing


def day_picker(key: str, label: str | None = None) -> date:
    """Draw the date input under `key` and return the chosen day (default: the URL's, else today)."""
    state = st.session_state
    seeded = f"_{key}_seeded"
    if key not in state:
        start = None if state.get(seeded) else _from_url()
        state[key] = start or state.get(SHARED_KEY) or today()
    state[seeded] = True
    day = st.date_input(label or L.FOLLOWUP_UI["day"], format="DD/MM/YYYY", key=key, width=220)
    state[SHARED_KEY] = day
    if day == today():
        if PARAM in st.query_params:
            del st.query_params[PARAM]
    elif st.query_params.get(PARAM) != day.isoformat():
        st.query_params[PARAM] = day.isoformat()
    return day
