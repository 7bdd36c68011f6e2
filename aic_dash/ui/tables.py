"""The read-only tables of the pages, in one style: no index, the page's width, « – » in an empty cell
(never Streamlit's « None »)."""

from __future__ import annotations

import pandas as pd
import streamlit as st


def table(frame: pd.DataFrame, column_config: dict, key: str | None = None, **options):
    """`st.dataframe` in the house style; `options` are its other settings (height, on_select, …).
    Returns what st.dataframe returns (the selection, for a selectable table)."""
    return st.dataframe(
        frame,
        column_config=column_config,
        hide_index=True,
        width="stretch",
        placeholder="–",
        key=key,
        **options,
    )
