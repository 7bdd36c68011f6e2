"""Download buttons beside a table: one per format of `aic_dash.reports.formats` (`FORMATS`).

The bytes are made only when a button is clicked (a callable), through `report_formats.render`, the same code
path as `python -m aic_dash report`; a new format there shows up here without a change.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from aic_dash import labels
from aic_dash.reports import formats as report_formats
from aic_dash.reports.registry import file_name
from aic_dash.store.queries import Filters

_MEDIA_FALLBACK = "application/octet-stream"


def _label(fmt: str) -> str:
    names = getattr(labels, "FORMAT_LABELS", {})
    return names.get(fmt, fmt.upper())


def _file_name(name: str, fmt: str, filters: Filters) -> str:
    return file_name(name, fmt, filters)


def download_buttons(
    frame: pd.DataFrame | Callable[[], pd.DataFrame],
    name: str,
    filters: Filters = Filters(),
    key: str = "",
    empty: bool = False,
) -> None:
    """A row of buttons, one per report format, for `frame` (codes and snake_case columns).

    `frame` may be a function making it, called only when a button is clicked.
    """
    media = report_formats.MEDIA_TYPES
    make = frame if callable(frame) else lambda: frame
    empty = empty or (isinstance(frame, pd.DataFrame) and frame.empty)
    with st.container(horizontal=True, gap="small"):
        for fmt in report_formats.FORMATS:
            st.download_button(
                _label(fmt),
                data=lambda fmt=fmt: report_formats.render(make(), fmt),
                file_name=_file_name(name, fmt, filters),
                mime=media.get(fmt, _MEDIA_FALLBACK),
                key=f"download-{key or name}-{fmt}",
                on_click="ignore",
                icon=":material/download:",
                help=labels.TEXTS["download_help"],
                disabled=empty,
            )
