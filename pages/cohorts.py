"""Cohortes: seasons and rounds side by side per track — who applies, how they heard, what they declare."""

import streamlit as st

from aic_dash import charts, form
from aic_dash import labels as L
from aic_dash.analytics import cohorts
from aic_dash.ui import components as ui
from aic_dash.ui import data, jury
from aic_dash.ui.downloads import download_buttons
from aic_dash.ui.page import open_view

view = open_view(L.PAGE_TITLES["cohorts"], L.TEXTS["cohorts_caption"])
settings, frame = view.settings, view.dossiers
tracks = ui.tracks_in_view(settings, view.filters)
in_view = set(frame["round"].dropna())
cohort_labels = {r.id: r.label for r in settings.rounds if r.id in in_view}
answers = data.answers(view.version)

summary = cohorts.cohort_summary(frame, answers)
st.subheader(L.TEXTS["summary"])
shown = summary.assign(
    round=summary["round"].map(cohort_labels),
    track=summary["track"].map(lambda t: ui.track_name(settings, t)),
).rename(columns={**L.COLUMNS, **L.KPIS})
st.dataframe(
    ui.french_table(shown, percent=(L.COLUMNS["eligibility_rate"], L.COLUMNS["shortlist_rate"])),
    hide_index=True,
    width="stretch",
    key="cohort_table",
)
download_buttons(summary, "cohortes", view.filters, key="cohorts")

ui.chart(charts.org_mix_figure(cohorts.org_mix(frame), tracks, cohort_labels), key="org_mix")
ui.chart(charts.rates_figure(summary, tracks, cohort_labels), key="rates")
heard = cohorts.heard_of_call(frame, answers["heard"])
ui.chart(charts.heard_figure(heard, tracks, cohort_labels, form.HEARD_CHOICES), key="heard")

left, right = st.columns(2)
with left:
    budgets = cohorts.box_stats(cohorts.declared_values(frame, answers, "budget"))
    ui.chart(
        charts.declared_figure(
            budgets, tracks, cohort_labels, L.CHARTS["budget"], L.CHARTS["budget_y"], True
        ),
        key="budget",
    )
    st.caption(L.TEXTS["budget_note"])
with right:
    people = cohorts.box_stats(cohorts.declared_values(frame, answers, "contributors"))
    ui.chart(
        charts.declared_figure(
            people, tracks, cohort_labels, L.CHARTS["contributors"], L.CHARTS["contributors_y"]
        ),
        key="contributors",
    )
    st.caption(L.TEXTS["contributors_note"])

jury.criterion_views(view)
