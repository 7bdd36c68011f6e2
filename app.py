"""Entry point of the AIC dashboard: page config, login and roles, navigation, shared filters.

Run with `streamlit run app.py` (or `make run`). The database comes from AIC_DASH_DATABASE_URL, else the
embedded SQLite file data/aic.sqlite, as for the command line. With an `[auth]` section in
`.streamlit/secrets.toml`, nobody sees a page before logging in and each role sees its own pages
(docs/deploiement.md); without it, the app runs in local single-user mode.
"""

import streamlit as st
from PIL import Image

from aic_dash import labels as L
from aic_dash.errors import AicError
from aic_dash.ui import access, data
from aic_dash.ui.components import streamlit_words_in_french
from aic_dash.ui.demo import demo_banner
from aic_dash.ui.filters import sidebar_filters

# A bleu France square as the tab icon, drawn here: the app makes no request outside its server.
# No menu item at all: with client.toolbarMode "minimal" the app menu (Streamlit's English « About »,
# « Made with Streamlit », « Print », « Record a screencast ») is then not shown.
st.set_page_config(
    page_title=L.APP_TITLE,
    page_icon=Image.new("RGB", (32, 32), "#000091"),
    layout="wide",
    menu_items={"Get help": None, "Report a bug": None, "About": None},
)
streamlit_words_in_french()  # « Arrêter », not « Stop », while a page computes

# Not signed in, no role, or no database: the login, « no access » or error page, and nothing else.
viewer = access.gate()
page = st.navigation(access.navigation(viewer))

try:
    settings = data.settings()
except AicError as error:
    st.error(L.MESSAGES["settings_error"].format(error=error), icon=":material/error:")
    st.stop()

st.sidebar.title(L.APP_TITLE)
if viewer.role != "jure":  # a juror's one page lists their own dossiers: no filter applies
    sidebar_filters(settings)
access.sidebar_identity(viewer)
with data.one_status_per_run():  # the banner and the page see one data version, read once
    demo_banner()
    page.run()
