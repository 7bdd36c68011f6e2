"""Lauréats: one card per laureate of the season — where their 12 months of support stand on a chosen day."""

import streamlit as st

from aic_dash import labels as L
from aic_dash.analytics.laureates import laureate_cards, laureate_season
from aic_dash.ui import components as ui
from aic_dash.ui import data, day
from aic_dash.ui import followup as fu
from aic_dash.ui import laureates as cards_ui
from aic_dash.ui.page import open_view
from aic_dash.ui.publish import season_publications

view = open_view(L.PAGE_TITLES["laureates"], allow_empty=True)
followup = fu.load(view.filters, view.version)
season = laureate_season(followup.laureates, view.filters.season)
if season is None:
    ui.empty_state(L.MESSAGES["no_laureate_any"])
    st.stop()
if not view.filters.season:
    st.caption(L.MESSAGES["laureate_season_default"].format(season=season))

today = day.day_picker("laureates_day", L.TEXTS["day"])
answers = data.answers(view.version)
cards = laureate_cards(
    view.dossiers,
    season,
    today,
    answers["town"],
    answers["organisation"],
    data.published_laureates(),
    laureates=followup.laureates,
    periods=followup.periods,
)
if cards.empty:
    cards_ui.no_laureate(followup.laureates, season, today)
    st.stop()

cards_ui.heading(cards, season, today)
cards_ui.cards_grid(view, cards)
season_publications(season, today)
