"""Reading the app in AppTest as a manager reads it: pages opened, tables, tiles, Plotly figures."""

from __future__ import annotations

import json
import re

import pandas as pd
from streamlit.testing.v1 import AppTest

from aic_dash.format import fr_int
from tests.conftest import ROOT

APP = str(ROOT / "app.py")


def count(frame: pd.DataFrame, **equal) -> str:
    """How a tile shows the number of rows matching column=value pairs."""
    mask = pd.Series(True, index=frame.index)
    for column, value in equal.items():
        mask &= frame[column] == value
    return fr_int(int(mask.sum()))


def open_app(page: str | None = None, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query or {})
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(text: str) -> str:
    """Markdown shown by the app (applicant text escaped) -> the text a manager reads."""
    return re.sub(r"\\(.)", r"\1", text)


def table(at: AppTest, column: str) -> pd.DataFrame:
    """The first st.dataframe that has `column` (tables without selection carry no key in AppTest)."""
    found = [df.value for df in at.dataframe if column in df.value.columns]
    assert found, [list(df.value.columns) for df in at.dataframe]
    return found[0]


def dossiers_table(at: AppTest):
    """The Dossiers page's selectable table (its key changes with the list it shows)."""
    return next(d for d in at.dataframe if (d.key or "").startswith("dossiers_table"))


def select_row(at: AppTest, row: int | None) -> None:
    state = {"selection": {"rows": [] if row is None else [row], "columns": [], "cells": []}}
    at.session_state[dossiers_table(at).key] = state
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def deltas(at: AppTest) -> dict[str, str]:
    return {m.label: m.proto.delta for m in at.metric}


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def figure(at: AppTest, title: str) -> dict:
    found = [f for f in figures(at) if f["layout"]["title"]["text"] == title]
    assert found, [f["layout"]["title"]["text"] for f in figures(at)]
    return found[0]


def trace_names(fig: dict) -> list[str]:
    return [trace.get("name") for trace in fig["data"]]
