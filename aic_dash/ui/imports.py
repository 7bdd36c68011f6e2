"""The Import page's pieces: import dropped files once each, show what happened, list past imports."""

from __future__ import annotations

import streamlit as st

from aic_dash import labels as L
from aic_dash.config import Settings
from aic_dash.format import COLUMN_DATETIME_FORMAT
from aic_dash.progress import overall
from aic_dash.store.dispatch import import_bytes
from aic_dash.store.import_runs import ImportResult
from aic_dash.ui import data, tables
from aic_dash.ui.components import french_ints, md_escape
from aic_dash.ui.page import current_user

RESULTS_KEY = "import_results"
# Where each step of one file's import sits between 0 and 1.
HISTORY_COLUMNS = [
    "started_at", "file_name", "outcome", "detected", "rows", "created", "updated", "unchanged", "message",
]  # fmt: skip


def import_new_files(files: list, settings: Settings) -> dict[str, ImportResult]:
    """Import the files not imported yet in this session (a rerun must not import them again).

    Returns the results of every file imported in the session, by upload id.
    """
    results: dict[str, ImportResult] = st.session_state.setdefault(RESULTS_KEY, {})
    new = [f for f in files if f.file_id not in results]
    if not new:
        return results
    bar = st.progress(0.0, text=L.TEXTS["import_running"])
    for i, upload in enumerate(new):

        def report(step: str, fraction: float, i: int = i, name: str = upload.name) -> None:
            done = (i + overall(step, fraction)) / len(new)
            bar.progress(min(1.0, done), text=f"{md_escape(name)} : {step}…")

        results[upload.file_id] = import_bytes(
            data.import_engine(),
            settings,
            upload.getvalue(),
            upload.name,
            user=current_user(),
            progress=report,
        )
    bar.empty()
    data.clear()
    return results


def show_result(result: ImportResult) -> None:
    """The summary (created / updated / unchanged, what was detected) or the French error."""
    if result.ok:
        st.success(md_escape(result.summary()), icon=":material/check_circle:")
    else:
        st.error(md_escape(result.error), icon=":material/error:")


def french_uploader(max_mb: int, types: list[str]) -> None:
    """Put French words over the uploader's own English (« Upload », « 200MB per file »), which
    Streamlit 1.67 does not let an app translate: a stylesheet that only swaps the visible text."""
    limit = f"{max_mb} Mo au plus par fichier • {', '.join(t.upper() for t in types)}"
    zone, notes = "[data-testid=stFileUploaderDropzone]", "[data-testid=stFileUploaderDropzoneInstructions]"
    st.html(
        "<style>"
        f"{notes} span{{font-size:0}}"
        f"{notes} span::after{{content:'{limit}';font-size:.875rem}}"
        f"{zone} button *:not([data-testid=stIconMaterial]){{font-size:0!important}}"
        f"{zone} button::after{{content:'Choisir des fichiers';font-size:.875rem}}"
        "</style>"
    )


def history_table() -> None:
    history = data.import_history()
    if history.empty:
        st.info(L.MESSAGES["no_history"])
        return
    shown = history.reindex(columns=HISTORY_COLUMNS).assign(outcome=history["outcome"].map(L.OUTCOMES))
    counts = ("rows", "created", "updated", "unchanged")
    tables.table(
        french_ints(shown, [c for c in counts if c in shown.columns]),  # « 1 192 », not « 1192 »
        column_config={
            "started_at": st.column_config.DatetimeColumn(
                L.TEXTS["imported_at"], format=COLUMN_DATETIME_FORMAT
            ),
            "file_name": st.column_config.TextColumn(L.COLUMNS["file_name"], width="medium"),
            "outcome": L.COLUMNS["outcome"],
            "detected": L.COLUMNS["detected"],
            **{c: st.column_config.NumberColumn(L.COLUMNS[c]) for c in counts},
            "message": st.column_config.TextColumn(L.COLUMNS["message"], width="large"),
        },
        key="import_history",
    )
