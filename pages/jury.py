"""Jury: the ranking of each selection with its cut-off, raw or normalised, and how the jurors scored."""

import streamlit as st

from aic_dash import labels as L
from aic_dash.reports.jury import RANKING_COLUMNS
from aic_dash.ui import components as ui
from aic_dash.ui import jury, jury_assign, views
from aic_dash.ui.downloads import download_buttons
from aic_dash.ui.page import open_view

view = open_view(L.PAGE_TITLES["jury"], L.JURY["caption"], allow_empty=True)
settings = view.settings
jury_assign.manager_panel(settings, view.version)  # the version the page read
scores = views.scores_in_view(view.version, view.filters)
if scores.valid.empty:
    ui.empty_state(L.JURY["no_scores"], icon=":material/gavel:")
    st.stop()

normalised = jury.mode_toggle()
shared = views.jury_view(view.version, view.filters, normalised)
ranking, stats = shared.ranking, shared.stats

st.subheader(L.JURY["ranking"])
season, round_, track = jury.cohort_picker(ranking, settings)
chosen = jury.cohort_view(view.version, view.filters, normalised, (season, round_, track))  # shared
cohort = chosen.cohort
ui.chart(chosen.figure, key="jury_ranking")
st.caption(L.JURY["no_cutoff"] if chosen.no_cutoff else L.JURY["cutoff_help"])
if chosen.tied:
    st.warning(
        L.JURY["tie"].format(projects=", ".join(ui.md_escape(p) for p in chosen.tied)),
        icon=":material/balance:",
    )
jury.show_ranking_table(chosen.table, settings, normalised)
download_buttons(ranking.reindex(columns=RANKING_COLUMNS), "ranking", view.filters, key="jury_ranking")
jury.flags(ranking, stats, settings)

st.subheader(L.JURY["dossier"])
jury.dossier_breakdown(scores.scores, cohort, settings, (season, round_, track))

st.subheader(L.JURY["jurors"])
jury.juror_table(stats, settings)
ui.chart(shared.severity, key="jury_severity")

st.subheader(L.JURY["agreement"], help=L.JURY["agreement_help"])
jury.agreement_table(shared.agreement, settings)
