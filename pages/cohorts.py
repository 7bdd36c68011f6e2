"""Cohortes: seasons and rounds side by side per track — who applies, how they heard, what they declare."""

import streamlit as st

from aic_dash import labels as L
from aic_dash.ui import components as ui
from aic_dash.ui import jury, views
from aic_dash.ui.downloads import download_buttons
from aic_dash.ui.page import open_view

view = open_view(L.PAGE_TITLES["cohorts"], L.TEXTS["cohorts_caption"])
shown = views.cohorts_view(view.version, view.filters)  # computed once, shared by every session

st.subheader(L.TEXTS["summary"])
st.dataframe(
    ui.french_table(shown.shown, percent=(L.COLUMNS["eligibility_rate"], L.COLUMNS["shortlist_rate"])),
    hide_index=True,
    width="stretch",
    key="cohort_table",
)
download_buttons(shown.summary, "cohortes", view.filters, key="cohorts")

ui.chart(shown.org_mix, key="org_mix")
ui.chart(shown.rates, key="rates")
ui.chart(shown.heard, key="heard")

left, right = st.columns(2)
with left:
    ui.chart(shown.budget, key="budget")
    st.caption(L.TEXTS["budget_note"])
with right:
    ui.chart(shown.contributors, key="contributors")
    st.caption(L.TEXTS["contributors_note"])

jury.criterion_views(view)
