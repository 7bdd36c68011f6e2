"""Streamlit's own cost of a Pipeline run: the same elements as app.py + pages/pipeline.py, with nothing
computed and next to nothing in them (`bench/page_cpu.py --floor`).

Nine pages in the menu, the sidebar (title, three filters, two notices), then the Pipeline's title, six
KPI tiles in a row, captions, two column layouts, four small Plotly charts, two small tables (plain
frames, the cheapest table Streamlit draws: the app's are French-formatted Stylers) and three download
buttons whose bytes are made on a click only. The figures and the tables are made once per process, as
the app's shared views are. What this costs per run is what no change to the dashboard's own code can
remove, short of showing fewer elements.
"""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Plancher", layout="wide", menu_items={"Get help": None, "About": None})
st.html("<style>/* the app's French words for Streamlit's own buttons */</style>")


@st.cache_resource
def _shown():
    bars = go.Bar(x=["a", "b", "c"], y=[3, 2, 1])
    figures = [go.Figure(bars, layout={"title": {"text": f"F{i}"}}) for i in range(4)]
    stages = ["Déposé", "Présélectionné", "Lauréat"]
    stage = pd.DataFrame({"DINUM": [120, 30, 6], "DITP": [80, 20, 5]}, index=stages)
    waiting = pd.DataFrame({"number": [1, 2, 3], "project": list("abc"), "waiting_days": [10.0, 9.0, 8.0]})
    return figures, stage, waiting  # plain frames: the cheapest table Streamlit draws


def pipeline() -> None:
    figures, stage, waiting = _shown()
    st.title("Pipeline")
    row = st.container(horizontal=True, gap="small")
    for i in range(6):
        with row:
            st.metric(f"Tuile {i}", "1 234", delta="+6", help="Aide", border=True, width="stretch")
    st.caption("Depuis l'import précédent")
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(figures[0], theme=None, key="f0", width="stretch")
    with right:
        st.markdown("**Étapes**")
        st.dataframe(stage, width="stretch", key="stage")
        with st.container(horizontal=True, gap="small"):
            for fmt in ("csv", "excel-csv", "xlsx"):
                st.download_button(
                    fmt, data=lambda: b"x", file_name=f"p.{fmt}", key=f"d-{fmt}", on_click="ignore"
                )
    st.plotly_chart(figures[1], theme=None, key="f1", width="stretch")
    left, right = st.columns(2)
    with left:
        st.plotly_chart(figures[2], theme=None, key="f2", width="stretch")
    with right:
        st.plotly_chart(figures[3], theme=None, key="f3", width="stretch")
    st.subheader("En attente")
    st.dataframe(
        waiting,
        column_config={"number": st.column_config.NumberColumn("N°", format="%d")},
        hide_index=True,
        width="stretch",
        key="waiting",
    )


def other() -> None:
    st.title("Autre page")


pages = [st.Page(pipeline, title="Pipeline", url_path="pipeline", default=True)]
pages += [st.Page(other, title=f"Page {i}", url_path=f"page{i}") for i in range(8)]
page = st.navigation(pages)
st.sidebar.title("Tableau de bord")
for name in ("Saison", "Sélection", "Volet"):
    st.sidebar.selectbox(name, ["", "a", "b"], key=f"filter-{name}")
st.sidebar.info("Mode local")
st.sidebar.warning("Démo")
st.warning("Démo")
page.run()
