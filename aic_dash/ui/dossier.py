"""The Dossiers page's table and a dossier's detail. Applicant text is always shown as plain text."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit.dataframe_util import convert_pandas_df_to_arrow_table

from aic_dash import labels as L
from aic_dash.analytics.dossier_detail import PLATFORM_SECTION, group_fields
from aic_dash.config import Settings
from aic_dash.format import COLUMN_DATE_FORMAT, COLUMN_DATETIME_FORMAT
from aic_dash.programme.form import PROJECT_LABEL
from aic_dash.ui import components as ui
from aic_dash.ui import data, privacy, tables

TABLE_KEY = "dossiers_table"
PARAM = "dossier"  # ?dossier=9000680 opens that dossier
SELECTED_IN = "_dossier_selected_in"  # key of the table where the open dossier was ticked
HIDDEN = "•••••• (" + L.MESSAGES["personal_hidden"].lower() + ")"
TABLE_COLUMNS = ["number", "project", "track", "stage", "state", "org_type", "deposited_at", "processed_at"]


def export_frame(found: pd.DataFrame) -> pd.DataFrame:
    """The listed dossiers for a download, codes and snake_case columns (no personal data)."""
    return found[
        ["number", "season", "round", "track", "stage", "state", "project", "org_type", "deposited_at",
         "instructed_at", "processed_at"]
    ].rename(columns={"number": "dossier"})  # fmt: skip


class TableRows(NamedTuple):
    """The table's rows in French words, its widget key (one per list of dossiers), and the same rows
    as the Arrow table `st.dataframe` sends (converted once when shared: 100 000 rows take 0.2 s)."""

    shown: pd.DataFrame
    key: str
    arrow: pa.Table


def table_rows(found: pd.DataFrame, settings: Settings) -> TableRows:
    """See `TableRows`."""
    names = {t.id: ui.track_name(settings, t.id) for t in settings.tracks}
    shown = found.assign(
        track=found["track"].map(names).fillna(L.NO_TRACK),
        stage=found["stage"].map(L.STAGES),
        state=found["state"].map(L.STATES),
        org_type=found["org_type"].map(L.ORG_TYPES),
    )[TABLE_COLUMNS].reset_index(drop=True)
    # A selection is a row position: a new list (search, filters) gets a new key, so it starts afresh.
    key = (
        f"{TABLE_KEY}-{int(pd.util.hash_pandas_object(shown['number'], index=False).sum()) & 0xFFFFFFFF:08x}"
    )
    return TableRows(shown, key, convert_pandas_df_to_arrow_table(shown))


def dossier_table(found: pd.DataFrame, settings: Settings, rows: TableRows | None = None) -> int | None:
    """Show the dossiers; return the number of the selected one (or of ?dossier= in the URL).

    `rows` is `table_rows(found, settings)` when the caller already has it (shared between sessions)."""
    shown, key, arrow = rows if rows is not None else table_rows(found, settings)
    asked = st.query_params.get(PARAM, "")
    position = shown.index[shown["number"] == int(asked)] if asked.isdigit() else []
    event = tables.table(
        arrow,  # the same bytes Streamlit would make from `shown`, without converting it again
        column_config={
            "number": st.column_config.NumberColumn(L.COLUMNS["number"], format="%d", pinned=True),
            "project": st.column_config.TextColumn(L.COLUMNS["project"], width="medium"),
            "track": L.COLUMNS["track"],
            "stage": L.COLUMNS["stage"],
            "state": L.COLUMNS["state"],
            # Wide enough for « Association et administration », the longest type.
            "org_type": st.column_config.TextColumn(L.COLUMNS["org_type"], width=230),
            "deposited_at": st.column_config.DatetimeColumn(
                L.COLUMNS["deposited_at"], format=COLUMN_DATE_FORMAT
            ),
            "processed_at": st.column_config.DatetimeColumn(
                L.COLUMNS["processed_at"], format=COLUMN_DATE_FORMAT
            ),
        },
        height=380,
        on_select="rerun",
        selection_mode="single-row",
        selection_default={"selection": {"rows": [int(position[0])]}} if len(position) else None,
        key=key,
        lazy=False,  # row selection needs the whole table in the browser (lazy tables cannot select)
    )
    rows = event.selection.rows if event is not None else []
    if rows and rows[0] < len(shown):
        number = int(shown["number"].iloc[rows[0]])
        st.query_params[PARAM] = str(number)
        st.session_state[SELECTED_IN] = key
        return number
    if st.session_state.get(SELECTED_IN) == key:  # the manager unticked the row: close the dossier
        del st.session_state[SELECTED_IN]
        if PARAM in st.query_params:
            del st.query_params[PARAM]
        return None
    return int(asked) if asked.isdigit() else None


def _history(version: int | None, number: int) -> None:
    history = data.dossier_history(version, number)
    if history.empty:
        st.info(L.MESSAGES["no_history"])
        return
    tables.table(
        history.assign(
            change=history["change"].map(L.CHANGES),
            previous_stage=history["previous_stage"].map(L.STAGES),
            stage=history["stage"].map(L.STAGES),
        ),
        column_config={
            "started_at": st.column_config.DatetimeColumn(
                L.TEXTS["imported_at"], format=COLUMN_DATETIME_FORMAT
            ),
            "file_name": L.COLUMNS["file_name"],
            "source": L.COLUMNS["source"],
            "change": L.COLUMNS["change"],
            "previous_stage": L.COLUMNS["previous_stage"],
            "stage": L.COLUMNS["stage"],
        },
    )


def dossier_detail(version: int | None, number: int, settings: Settings) -> None:
    """Every field of one dossier grouped as in the form, personal data masked unless asked, and the
    imports that created or changed it."""
    fields = data.dossier_fields(version, number)
    st.divider()
    if not fields:
        st.warning(L.MESSAGES["dossier_missing"].format(number=number))
        return
    st.subheader(L.TEXTS["dossier_title"].format(number=number))
    privacy.dossier_notice(number)  # deleted on démarches-simplifiées, or personal data erased
    project = next((value for label, value in fields if label == PROJECT_LABEL), "")
    if project:
        st.text(project)
    show_personal = st.checkbox(
        L.TEXTS["show_personal"],
        key="show_personal",
        help=L.TEXTS["show_personal_help"],
    )
    form_tab, history_tab = st.tabs([L.TEXTS["form_tab"], L.TEXTS["history_tab"]])
    with form_tab:
        for title, section in group_fields(fields):
            with st.expander(title, expanded=title != PLATFORM_SECTION):
                for field in section:
                    label, value = st.columns([2, 3], gap="medium")
                    label.caption(ui.md_escape(field.label))
                    if field.personal and not show_personal:
                        value.text(HIDDEN)
                    else:
                        value.text(field.value if field.value.strip() else "–")
    with history_tab:
        _history(version, number)
