"""Streamlit pieces shared by the pages: tiles, charts, tables, empty states, safe text."""

from __future__ import annotations

import re
import threading

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from pandas.io.formats.style import Styler

from aic_dash import labels as L
from aic_dash.analytics.kpis import FUNNEL_STEPS, Kpis
from aic_dash.charts.pipeline import Deadline
from aic_dash.charts.style import TrackStyle, track_styles
from aic_dash.config import Settings
from aic_dash.format import COLUMN_DATE_FORMAT, fr_int, fr_percent, fr_points, fr_signed

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&=\"'^%])")
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def md_escape(text: object) -> str:
    """Applicant text -> Markdown that displays it literally (no HTML, link, emphasis, icon or LaTeX)."""
    flat = " ".join(str(text if text is not None else "").split())
    return _MARKDOWN_SPECIALS.sub(r"\\\1", flat)


def streamlit_words_in_french() -> None:
    """French over the English of Streamlit's own status widget (« Stop » while a page computes),
    which Streamlit 1.67 does not let an app translate: a stylesheet that only swaps the visible text."""
    widget = "[data-testid=stStatusWidget] button"
    st.html(
        "<style>"
        f"{widget}, {widget} *{{font-size:0!important}}"
        f"{widget}::after{{content:'Arrêter';font-size:.875rem}}"
        "</style>"
    )


def tracks(settings: Settings) -> list[TrackStyle]:
    """Chart styles of the configured tracks (name `Volet DINUM`, fixed colour)."""
    return track_styles([(t.id, L.TEXTS["track_name"].format(short=t.short_label)) for t in settings.tracks])


def tracks_in_view(settings: Settings, filters) -> list[TrackStyle]:
    """The tracks the filters keep, with their fixed colours (a filtered track keeps its colour)."""
    return [t for t in tracks(settings) if not filters.track or t.id == filters.track]


def track_name(settings: Settings, track_id: object) -> str:
    if track_id is None or pd.isna(track_id):
        return L.NO_TRACK
    known = {t.id: L.TEXTS["track_name"].format(short=t.short_label) for t in settings.tracks}
    return known.get(str(track_id), str(track_id))


def kpi_tiles(current: Kpis, changes: dict[str, float | None] | None) -> None:
    """Six tiles: the funnel counts and the selection rate, with the change since the previous import."""
    row = st.container(horizontal=True, gap="small", key="kpi_tiles")
    for name in [*FUNNEL_STEPS, "selection_rate"]:
        if name == "selection_rate":
            value = fr_percent(current.selection_rate, 1)
            delta = changes.get(name) if changes else None
            delta_text = fr_points(delta, 1) if delta is not None else None
        else:
            value = fr_int(getattr(current, name))
            delta = changes.get(name) if changes else None
            delta_text = fr_signed(delta) if delta is not None else None
        with row:
            st.metric(
                L.KPIS[name],
                value,
                delta=delta_text,
                delta_color="normal" if delta else "off",
                delta_arrow="auto" if delta else "off",
                help=L.KPI_HELP[name],
                border=True,
                width="stretch",
            )


def share_figure(figure: go.Figure) -> go.Figure:
    """The same figure, made to be shown by every session (`aic_dash.ui.views`), its plain form ready.

    At every run, st.plotly_chart (Streamlit 1.67) turns a Figure into its plain form with `to_dict()`, a
    deep copy of every trace and Plotly's base64 encoding of its arrays, before writing the JSON; a plain
    dict passed instead would be validated again (`Figure(**spec)`), which costs more. Here that form is
    made once and the figure's `to_dict` hands the same one out: 4 ms of the 40 a warm Pipeline run cost
    the server (100 000 dossiers). The JSON written from it is the same, character for character. The
    figure stays the one given (no validated copy: that was half of what making a shared figure cost).

    Never change it after (`to_dict()` would not follow), nor the dict it hands out: it is shared, read
    by every session's plotly_chart at once."""
    spec = figure.to_dict()
    for trace in spec.get("data", []):
        trace.pop("uid", None)  # what plotly.io.to_json removes at each run, removed once here
    figure.__dict__["to_dict"] = lambda: spec  # on this instance only; Plotly's own attribute checks bypassed
    return figure


def share_styler(styler: Styler) -> Styler:
    """The same Styler, made to be shown by every session (`aic_dash.ui.views`): never change it after.

    At every run st.dataframe (Streamlit 1.67) asks a Styler to compute its formats (`_compute`) and to
    lay them out (`_translate`, one dict per cell) before reading each cell's display text: for the Jury
    ranking that was a fifth of a warm run. Here both are done once and the same layout is handed out
    afterwards; the cells' values and their French text are those of the Styler given. It stays a plain
    `Styler` (Streamlit recognises a Styler by its exact class), its two methods replaced on the instance.
    The cells' text Streamlit sends is made once as well (`_share_display_text`).
    """
    lock, layouts = threading.Lock(), {}
    translate = styler._translate
    styler._compute()

    def computed():
        return styler

    def laid_out(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items(), key=lambda kv: kv[0])))
        with lock:
            if key not in layouts:
                layouts[key] = {**translate(*args, **kwargs), _SHARED_TEXT: None}
            return layouts[key]

    styler._compute, styler._translate = computed, laid_out
    _share_display_text()
    return styler


# Then, at every run, Streamlit turns the cells' text into an Arrow table of its own
# (`_marshall_display_values`: the frame cast to text, each cell set, then serialised), a sixth of a warm
# Pipeline run for its two small tables. A shared layout is marked with this key; the bytes made for it
# the first time are kept there, beside the frame they were made from, and handed out afterwards.
_SHARED_TEXT = "aic_dash_display_values"


def _share_display_text() -> None:
    from streamlit.elements.lib import pandas_styler_utils as styler_utils

    made = styler_utils._marshall_display_values
    if getattr(made, "shares_text", False):
        return

    def display_values(proto, frame, styles) -> None:
        held = styles.get(_SHARED_TEXT) if isinstance(styles, dict) else None
        if held is not None and held[0] is frame:
            proto.styler.display_values = held[1]
            return
        made(proto, frame, styles)
        if isinstance(styles, dict) and _SHARED_TEXT in styles:
            styles[_SHARED_TEXT] = (frame, proto.styler.display_values)

    display_values.shares_text = True
    styler_utils._marshall_display_values = display_values


def chart(figure: go.Figure, key: str) -> None:
    st.plotly_chart(figure, theme=None, config=PLOTLY_CONFIG, key=key, width="stretch")


def french_table(
    frame: pd.DataFrame, percent: tuple[str, ...] = (), days: tuple[str, ...] = (), shared: bool = False
):
    """A Styler showing numbers the French way (`1 234`, `43 %`), for st.dataframe / st.table; with
    `shared`, made once and read by every session (`share_styler`)."""
    formats = {}
    for column in frame.columns:
        if column in percent:
            formats[column] = fr_percent
        elif column in days:
            formats[column] = lambda v: fr_int(v)
        elif pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column]):
            formats[column] = fr_int
    styled = frame.style.format(formats, na_rep="–")
    return share_styler(styled) if shared else styled


def french_ints(frame: pd.DataFrame, columns: list[str], shared: bool = False):
    """A Styler showing `columns` as French integers (`1 192`): st.column_config's printf formats only
    know the English comma, and « localized » follows the browser's language. With `shared`, made once
    and read by every session (`share_styler`)."""
    styled = frame.style.format({c: fr_int for c in columns}, na_rep="–")
    return share_styler(styled) if shared else styled


def empty_state(message: str, icon: str = ":material/info:") -> None:
    st.info(message, icon=icon)


def no_database(message: str = L.MESSAGES["no_database"]) -> None:
    """What a page shows before the first import: what to do, and a link to the Import page."""
    st.info(message, icon=":material/database:")
    st.page_link("pages/import.py", label=L.TEXTS["go_import"], icon=":material/upload_file:")


def deadlines(settings: Settings, filters) -> list[Deadline]:
    """Closing dates of the rounds in view (the filtered round, the season's rounds, or all)."""
    rounds = [
        r
        for r in settings.rounds
        if (not filters.round or r.id == filters.round) and (not filters.season or r.season == filters.season)
    ]
    return [Deadline(r.label, r.closes) for r in rounds]


def stage_table_rows(table: pd.DataFrame, tracks: list[TrackStyle]) -> pd.DataFrame:
    """The stage × track counts (from `pipeline.stage_track_table`) with French row and column names."""
    return table.rename(
        index={**L.STAGES, "total": L.TOTAL},
        columns={**{t.id: t.name for t in tracks}, "sans_volet": L.NO_TRACK, "total": L.TOTAL},
    ).rename_axis(L.COLUMNS["stage"])


def show_stage_table(rows: pd.DataFrame | Styler) -> None:
    """The stage × track table from `stage_table_rows` (or its shared `french_table`), numbers the
    French way."""
    st.dataframe(rows if isinstance(rows, Styler) else french_table(rows), width="stretch", key="stage_table")


def stage_table(table: pd.DataFrame, tracks: list[TrackStyle]) -> None:
    """The stage × track counts (from `pipeline.stage_track_table`) with French row and column names."""
    show_stage_table(stage_table_rows(table, tracks))


WAITING_COLUMNS = ["number", "project", "track", "stage", "deposited_at"]


def waiting_rows(waiting: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The waiting table's rows (from `pipeline.longest_waiting`), tracks and stages in words, without the
    days waited: those follow the clock (`pipeline.waiting_days`), the rest only the data."""
    names = {t.id: track_name(settings, t.id) for t in settings.tracks}
    return waiting.assign(
        stage=waiting["stage"].map(L.STAGES), track=waiting["track"].map(names).fillna(L.NO_TRACK)
    )[WAITING_COLUMNS]


def show_waiting_table(rows: pd.DataFrame | Styler) -> None:
    """The undecided dossiers waiting longest: `waiting_rows` with their `waiting_days` (or their
    shared `french_ints`)."""
    st.dataframe(
        rows if isinstance(rows, Styler) else french_ints(rows, ["waiting_days"]),
        column_config={
            "number": st.column_config.NumberColumn(L.COLUMNS["number"], format="%d"),
            "project": st.column_config.TextColumn(L.COLUMNS["project"], width="large"),
            "track": L.COLUMNS["track"],
            "stage": L.COLUMNS["stage"],
            "deposited_at": st.column_config.DatetimeColumn(
                L.COLUMNS["deposited_at"], format=COLUMN_DATE_FORMAT
            ),
            "waiting_days": st.column_config.NumberColumn(L.COLUMNS["waiting_days"]),
        },
        hide_index=True,
        width="stretch",
        key="waiting_table",
    )


def waiting_table(waiting: pd.DataFrame, settings: Settings) -> None:
    """The undecided dossiers waiting longest (from `pipeline.longest_waiting`)."""
    show_waiting_table(waiting_rows(waiting, settings).assign(waiting_days=waiting["waiting_days"]))
