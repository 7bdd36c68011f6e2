"""Lauréats: one card per laureate of the season — where their 12 months of support stand."""

import streamlit as st

from aic_dash import labels as L
from aic_dash.analytics.laureates import SUPPORT_MONTHS, laureate_cards, laureate_season
from aic_dash.format import fr_date
from aic_dash.ui import components as ui
from aic_dash.ui import data, jury
from aic_dash.ui.laureates import laureate_card
from aic_dash.ui.page import open_view

view = open_view(L.PAGE_TITLES["laureates"], allow_empty=True)
settings = view.settings
season = laureate_season(view.dossiers, view.filters.season)
if season is None:
    ui.empty_state(L.MESSAGES["no_laureate_any"])
    st.stop()
if not view.filters.season:
    st.caption(L.MESSAGES["laureate_season_default"].format(season=season))

today = st.date_input(L.TEXTS["day"], value="today", format="DD/MM/YYYY", key="laureates_day", width=220)
answers = data.answers(view.version)
cards = laureate_cards(
    view.dossiers, season, today, answers["town"], answers["organisation"], data.published_laureates()
)
if cards.empty:
    ui.empty_state(L.MESSAGES["no_laureate"].format(season=season))
    st.stop()

running = int((cards["status"] == "en_cours").sum())
st.subheader(
    L.TEXTS["laureates_heading"].format(season=season, count=len(cards), running=running, day=fr_date(today))
)
st.caption(L.TEXTS["support_note"].format(months=SUPPORT_MONTHS))
for start in range(0, len(cards), 3):
    columns = st.columns(3)
    for column, card in zip(columns, cards.iloc[start : start + 3].itertuples(index=False)):
        with column:
            laureate_card(card, settings)
            jury.laureate_scores(view, int(card.number), card.track)
