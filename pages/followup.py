"""Suivi des lauréats: where each laureate's 12 months of support stand, its roadmap and impact indicator,
and the cohorts' progress."""

import streamlit as st

from aic_dash import labels as L
from aic_dash.format import fr_date
from aic_dash.reports.followup import portfolio_of
from aic_dash.ui import components as ui
from aic_dash.ui import followup as fu
from aic_dash.ui.page import open_view

view = open_view(L.PAGE_TITLES["followup"], L.FOLLOWUP_UI["caption"], allow_empty=True)
today = fu.day_picker()
followup = fu.load(view.filters, view.version)
if followup.laureates.empty:
    ui.empty_state(L.FOLLOWUP_MESSAGES["no_laureate"], icon=":material/workspace_premium:")
    with st.expander(L.FOLLOWUP_UI["templates"]):
        fu.templates()
    st.stop()

folio = portfolio_of(followup, today)
if folio.empty:  # the laureates in view were all selected after the chosen day
    ui.empty_state(L.FOLLOWUP_MESSAGES["none_selected"].format(day=fr_date(today)), icon=":material/history:")
    st.stop()
fu.nothing_running(followup, folio, today)
tabs = st.tabs(list(L.FOLLOWUP_UI["tabs"]))
with tabs[0]:
    fu.portfolio_section(view.settings, followup, folio, today, view.filters)
with tabs[1]:
    fu.laureate_section(view, followup, folio, today)
with tabs[2]:
    fu.cohort_section(view.settings, followup, folio, today, view.filters)
with tabs[3]:
    fu.templates()
