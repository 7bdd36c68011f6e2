"""Mes évaluations: a juror's assigned dossiers, and the scoring form of the one opened."""

import streamlit as st

from aic_dash import labels as L
from aic_dash.ui import data
from aic_dash.ui import evaluations as ev
from aic_dash.ui.page import current_user, require_app

require_app()
st.title(L.PAGE_TITLES["evaluations"])
st.caption(L.EVALUATIONS["caption"])
status = data.status()
if status.state == "error":
    st.error(L.MESSAGES["database_error"].format(url=status.message), icon=":material/error:")
    st.stop()
settings = data.settings()
juror = current_user()
mine = ev.my_dossiers(juror)
if mine.empty:
    st.info(L.EVALUATIONS["none"], icon=":material/inbox:")
    st.stop()

ev.dossier_list(mine, settings)
number = ev.pick(mine)
if number is None:
    st.info(L.EVALUATIONS["pick_help"], icon=":material/touch_app:")
else:
    ev.evaluation(juror, number, mine.set_index("dossier").loc[number], settings)
