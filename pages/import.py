"""Import: drop this week's exports; each file is imported once, then the pages show the new data."""

import streamlit as st

from aic_dash import labels as L
from aic_dash.ingest.readers import MAX_FILE_MB
from aic_dash.ui import data
from aic_dash.ui.imports import french_uploader, history_table, import_new_files, show_result
from aic_dash.ui.page import require_app
from aic_dash.ui.sync import sync_panel

require_app()
st.title(L.PAGE_TITLES["import"])
st.markdown(L.MESSAGES["import_help"])
TYPES = ["csv", "xlsx", "ods", "tsv"]
french_uploader(MAX_FILE_MB, TYPES)
files = st.file_uploader(
    L.TEXTS["uploader"],
    type=TYPES,
    accept_multiple_files=True,
    key="import_files",
    help=L.TEXTS["uploader_help"],
)
if files:
    results = import_new_files(files, data.settings())
    for upload in files:
        show_result(results[upload.file_id])
    if any(results[upload.file_id].ok for upload in files):
        st.caption(L.MESSAGES["import_done"])

sync_panel(data.import_engine(), data.settings())

st.subheader(L.TEXTS["history"])
history_table()
