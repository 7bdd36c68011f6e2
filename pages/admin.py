"""Administration: who may open the shared dashboard and with which role, and the audit journal."""

import streamlit as st

from aic_dash import labels as L
from aic_dash.store.access import list_users
from aic_dash.ui import access, data, privacy
from aic_dash.ui.page import current_user, require_app

require_app()
st.title(L.PAGE_TITLES["admin"])
st.caption(L.ACCESS["admin_caption"])
status = data.status()
if status.state == "error":
    st.error(L.MESSAGES["database_error"].format(url=status.message), icon=":material/error:")
    st.stop()
if not access.auth_configured():
    st.info(L.ACCESS["local_admin_note"], icon=":material/lock_open:")

engine = data.engine()
st.subheader(L.ACCESS["users"])
table = st.container()  # filled last, so that it shows the change just made below
left, right = st.columns(2)
with left:
    access.role_form(engine, current_user())
with right:
    access.remove_form(engine, list_users(engine), current_user())
with table:
    access.users_table(list_users(engine))
privacy.retention_panel(engine, data.settings(), current_user())
access.journal(engine)
