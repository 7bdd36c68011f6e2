"""Pipeline: where every application in view stands, per track, and what the last import changed."""

import pandas as pd
import streamlit as st

from aic_dash import labels as L
from aic_dash.format import fr_datetime
from aic_dash.ui import components as ui
from aic_dash.ui import views
from aic_dash.ui.downloads import download_buttons
from aic_dash.ui.page import open_view

view = open_view(L.PAGE_TITLES["pipeline"])
settings, tracks = view.settings, ui.tracks_in_view(view.settings, view.filters)
shown = views.pipeline_view(view.version, view.filters)  # computed once, shared by every session

ui.kpi_tiles(shown.current, shown.changes)
if shown.changes is not None:
    st.caption(
        L.MESSAGES["kpi_changes"].format(file=ui.md_escape(shown.file_name), at=fr_datetime(shown.started_at))
    )

left, right = st.columns([3, 2])
with left:
    ui.chart(shown.funnel, key="funnel")
with right:
    st.markdown(f"**{L.TEXTS['stage_table']}**")
    ui.show_stage_table(shown.stage_display)
    download_buttons(shown.stage_counts, "pipeline", view.filters, key="pipeline")

ui.chart(shown.cumulative, key="cumulative")

left, right = st.columns(2)
with left:
    ui.chart(shown.decision_time, key="decision_time")
    if shown.no_decision:
        st.caption(L.MESSAGES["no_decision"])
with right:
    ui.chart(shown.capacity, key="capacity")
    if shown.no_capacity:
        st.caption(L.MESSAGES["no_capacity"])

st.subheader(L.TEXTS["waiting"])
if shown.waiting.empty:
    ui.empty_state(L.MESSAGES["no_waiting"])
else:  # shared, made again only when the days shown change
    ui.show_waiting_table(
        views.waiting_table(view.version, view.filters, pd.Timestamp.now(tz=settings.timezone))
    )
