"""A laureate's summary card (project, organisation, track, town, support month, status, renewal)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from aic_dash import labels as L
from aic_dash.analytics.support import SUPPORT_MONTHS, UPCOMING
from aic_dash.config import Settings
from aic_dash.format import fr_date
from aic_dash.ui import components as ui
from aic_dash.ui import jury
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
    with st.container(border=True, key=f"laureate_card_{card.laureate_id}"):
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
        dates = L.TEXTS["support_dates"].format(start=fr_date(card.start), end=fr_date(card.end))
        if not _missing(card.number):
            dates += L.TEXTS["support_dossier"].format(number=card.number)
        st.caption(dates)
        status = L.SUPPORT_STATUSES.get(card.support_status, "")
        if card.support_status == UPCOMING:
            status = L.TEXTS["support_upcoming"].format(status=status, start=fr_date(card.start))
        elif int(card.renewal or 0) > 0:
            status += L.TEXTS["support_renewal"].format(renewal=int(card.renewal))
        st.caption(status)
        if card.renewal_due:
            st.warning(L.TEXTS["renewal_due"].format(end=fr_date(card.end)), icon=":material/event_repeat:")


def heading(cards: pd.DataFrame, season: str, day) -> None:
    """« Saison 2023 : 4 lauréat(s), 2 en accompagnement au 15/11/2023 » and the support rule."""
    running = int(cards["in_support"].sum())
    st.subheader(
        L.TEXTS["laureates_heading"].format(
            season=season, count=len(cards), running=running, day=fr_date(day)
        )
    )
    st.caption(L.TEXTS["support_note"].format(months=SUPPORT_MONTHS))


def cards_grid(view, cards: pd.DataFrame) -> None:
    """Three cards a row, each with its jury scores against its cohort when it was scored."""
    for start in range(0, len(cards), 3):
        columns = st.columns(3)
        for column, card in zip(columns, cards.iloc[start : start + 3].itertuples(index=False)):
            with column:
                laureate_card(card, view.settings)
                if not _missing(card.number):
                    jury.laureate_scores(view, int(card.number), card.track)


def no_laureate(laureates: pd.DataFrame, season: str, day) -> None:
    """No card: the season has no laureate at all, or none selected yet on `day`."""
    if (laureates["season"] == season).any():
        ui.empty_state(L.TEXTS["no_laureate_on"].format(season=season, day=fr_date(day)))
    else:
        ui.empty_state(L.MESSAGES["no_laureate"].format(season=season))
