"""Pipeline: where every application in view stands, per track, and what the last import changed."""

import pandas as pd
import streamlit as st

from aic_dash import charts
from aic_dash import labels as L
from aic_dash.analytics import kpis, pipeline, timing
from aic_dash.format import fr_datetime
from aic_dash.ui import components as ui
from aic_dash.ui import data
from aic_dash.ui.downloads import download_buttons
from aic_dash.ui.page import open_view

view = open_view(L.PAGE_TITLES["pipeline"])
settings, frame, tracks = view.settings, view.dossiers, ui.tracks_in_view(view.settings, view.filters)
track_ids = [t.id for t in tracks]

latest = data.last_import(view.version)
created = frame["first_import_id"] == latest.import_id
levels = kpis.funnel_level(frame)
current, changes = kpis.kpis_with_changes(frame, created, latest.moved, latest.earlier, levels)
ui.kpi_tiles(current, changes)
if changes is not None:
    st.caption(
        L.MESSAGES["kpi_changes"].format(
            file=ui.md_escape(latest.file_name), at=fr_datetime(latest.started_at)
        )
    )

left, right = st.columns([3, 2])
with left:
    ui.chart(charts.funnel_figure(kpis.funnel_by_track(frame, track_ids, levels), tracks), key="funnel")
with right:
    st.markdown(f"**{L.TEXTS['stage_table']}**")
    ui.stage_table(pipeline.stage_track_table(frame, track_ids), tracks)
    download_buttons(lambda: pipeline.stage_counts(frame), "pipeline", view.filters, key="pipeline")

curve = timing.cumulative_submissions(frame, track_ids)
ui.chart(charts.cumulative_figure(curve, tracks, ui.deadlines(settings, view.filters)), key="cumulative")

left, right = st.columns(2)
with left:
    times = timing.decision_times(frame, track_ids)
    ui.chart(charts.decision_time_figure(times, tracks), key="decision_time")
    if times["decided"].iloc[-1] == 0:
        st.caption(L.MESSAGES["no_decision"])
with right:
    seasons = [view.filters.season] if view.filters.season else sorted(frame["season"].dropna().unique())
    capacity = pipeline.capacity_use(frame, seasons, track_ids, settings.capacity_for)
    labels = {s.id: s.label for s in settings.seasons}
    ui.chart(charts.capacity_figure(capacity, tracks, labels), key="capacity")
    if capacity["capacity"].isna().all():
        st.caption(L.MESSAGES["no_capacity"])

st.subheader(L.TEXTS["waiting"])
waiting = pipeline.longest_waiting(frame, pd.Timestamp.now(tz=settings.timezone))
if waiting.empty:
    ui.empty_state(L.MESSAGES["no_waiting"])
else:
    ui.waiting_table(waiting, settings)
