"""Dossiers: a searchable table; a selected dossier opens with every field, grouped as in the form."""

import streamlit as st

from aic_dash import labels as L
from aic_dash.format import fr_int
from aic_dash.ui import components as ui
from aic_dash.ui import dossier as detail
from aic_dash.ui import views
from aic_dash.ui.downloads import download_buttons
from aic_dash.ui.page import open_view

view = open_view(L.PAGE_TITLES["dossiers"], L.TEXTS["dossiers_caption"])
settings = view.settings

query = st.text_input(
    L.TEXTS["search"], key="dossier_search", placeholder=L.TEXTS["search_placeholder"], width=420
)
chosen = st.pills(
    L.COLUMNS["stage"],
    list(L.STAGES),
    format_func=L.STAGES.get,
    selection_mode="multi",
    key="dossier_stages",
    wrap=True,
)
listed = views.search(view.version, view.filters, query, chosen)  # once per search, shared
found = listed.found
st.caption(L.TEXTS["dossier_count"].format(count=fr_int(len(found))))
if found.empty:
    # The search text is shown as typed: never read as Markdown (bold, links, images) or HTML.
    st.info(
        L.MESSAGES["no_search_hit"].format(query=ui.md_escape(query))
        if query.strip()
        else L.MESSAGES["no_dossier"].format(filters=L.TEXTS["chosen_stages"]),
        icon=":material/search_off:",
    )
    download_buttons(listed.export, "applications", view.filters, key="dossiers")
    st.stop()
number = detail.dossier_table(found, settings, listed.rows)
download_buttons(listed.export, "applications", view.filters, key="dossiers")

if number is None:
    st.info(L.MESSAGES["dossier_pick"], icon=":material/touch_app:")
else:
    detail.dossier_detail(view.version, number, settings)
