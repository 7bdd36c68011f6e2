"""A laureate's summary card (project, organisation, track, town, support month, renewal)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from aic_dash import labels as L
from aic_dash.analytics.laureates import SUPPORT_MONTHS
from aic_dash.config import Settings
from aic_dash.format import fr_date
from aic_dash.ui.components import md_escape, track_name

_BADGE_COLOURS = ("violet", "green", "blue", "orange")


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def laureate_card(card, settings: Settings) -> None:
    """One bordered card; `card` is a row of `analytics.laureates.laureate_cards`."""
    track_ids = [t.id for t in settings.tracks]
    colour = (
        _BADGE_COLOURS[track_ids.index(card.track) % len(_BADGE_COLOURS)]
        if card.track in track_ids
        else "gray"
    )
    with st.container(border=True):
        st.markdown(f"#### {md_escape(card.project)}")
        organisation = card.organisation if not _missing(card.organisation) else None
        org_type = L.ORG_TYPES.get(card.org_type, "") if not _missing(card.org_type) else ""
        st.caption(md_escape(organisation or org_type or L.TEXTS["no_organisation"]))
        with st.container(horizontal=True, gap="small"):
            st.badge(track_name(settings, card.track), color=colour)
            town = md_escape(card.town) if not _missing(card.town) else L.TEXTS["no_town"]
            st.markdown(f":material/location_on: {town}")
        if _missing(card.start):
            st.caption(L.TEXTS["no_start"])
            return
        month = int(card.support_month)
        st.progress(
            month / SUPPORT_MONTHS, text=L.TEXTS["support_month"].format(month=month, months=SUPPORT_MONTHS)
        )
        st.caption(
            L.TEXTS["support_dates"].format(
                start=fr_date(card.start), renewal=fr_date(card.renewal), number=card.number
            )
        )
        if card.status == "a_renouveler":
            st.warning(L.LAUREATE_STATUS[card.status], icon=":material/event_repeat:")
        else:
            st.caption(L.LAUREATE_STATUS.get(card.status, ""))
