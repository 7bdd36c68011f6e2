"""The Jury page's panel for jurors who score in the app: assign and unassign dossiers, progress per juror
and per dossier (who is late), reopen a submitted evaluation, close the round, export the app's grid.

The same functions as `python -m aic_dash jury …` (aic_dash.store.evaluations), audited under the
signed-in manager's e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd
import streamlit as st

from aic_dash import labels as L
from aic_dash.config import Settings
from aic_dash.errors import AicError
from aic_dash.store import access
from aic_dash.store import evaluations as E
from aic_dash.store.queries import TIMEZONE, Filters
from aic_dash.ui import components as ui
from aic_dash.ui import data, views
from aic_dash.ui.evaluations import dossier_columns
from aic_dash.ui.page import current_user

KEY = "jury_assign"
RESULT_KEY = "_jury_assign_result"


def _key(name: str) -> str:
    return f"{KEY}_{name}"


def _count_columns() -> dict:
    return {
        c: st.column_config.NumberColumn(L.JURY_ASSIGN_COLUMNS[c], format="%d")
        for c in ("assigned", "scored", "submitted", "conflicts", "late")
    }


def _done(message: str, ok: bool = True) -> None:
    st.session_state[RESULT_KEY] = (ok, message)


def _act(action, *args) -> None:
    try:
        _done(action(*args))
    except AicError as exc:
        _done(str(exc), ok=False)


def _assign(engine, round_id: str, track: str, names: dict) -> None:
    state = st.session_state
    chosen = state.get(_key("dossiers")) or None

    def run() -> str:
        result = E.assign(engine, round_id, track, state.get(_key("juror")) or "", chosen, current_user(),
                          due_on=state.get(_key("due")))  # fmt: skip
        text = result.summary() + "."
        if access.get_role(engine, result.juror) != "jure":
            text += " " + L.JURY_ASSIGN["no_role"].format(email=result.juror)
        return text

    _act(run)


def _unassign(engine, round_id: str, track: str) -> None:
    state = st.session_state
    chosen = state.get(_key("dossiers")) or None
    _act(
        lambda: (
            E.unassign(
                engine, round_id, track, state.get(_key("juror")) or "", chosen, current_user()
            ).summary()
            + "."
        )
    )


def _reopen(engine) -> None:
    picked = st.session_state.get(_key("reopen"))
    if not picked:
        return
    juror, dossier = picked
    _act(
        lambda: (
            E.reopen(engine, juror, [dossier], current_user())
            and L.JURY_ASSIGN["reopen_done"].format(juror=juror, dossier=dossier)
        )
    )


def _close(engine, round_id: str) -> None:
    _act(lambda: L.JURY_ASSIGN["closed_done"].format(count=E.close_round(engine, round_id, current_user())))


def _reopen_round(engine, round_id: str) -> None:
    _act(lambda: E.reopen_round(engine, round_id, current_user()) and L.JURY_ASSIGN["reopen_round_done"])


def _pickers(settings: Settings) -> tuple[str, str]:
    rounds = [r.id for r in settings.rounds]
    labels = {r.id: r.label for r in settings.rounds}
    left, right = st.columns(2)
    round_id = left.selectbox(
        L.JURY_ASSIGN["round"], rounds, index=len(rounds) - 1, format_func=labels.get, key=_key("round")
    )
    track = right.selectbox(
        L.JURY_ASSIGN["track"],
        [t.id for t in settings.tracks],
        format_func=lambda t: ui.track_name(settings, t),
        key=_key("track"),
    )
    return round_id, track


@dataclass(frozen=True)
class PanelView:
    """What the panel reads for one round and track (made once per data version, jury stamp and day:
    shared by every session, never changed)."""

    closed: datetime | None  # when the round was closed (naive UTC), None while open
    numbers: list[int]  # the round's dossiers before the jury (`E.before_jury`)
    names: dict[int, str]  # their project names
    jurors: list[str]  # `E.juror_emails`
    assignments: pd.DataFrame  # `E.assignments` of the round and track
    per_juror: pd.DataFrame
    per_dossier: pd.DataFrame  # as shown: tracks in words


@st.cache_resource(show_spinner=False, max_entries=16)
def _panel(view_key: tuple, stamp: tuple, round_id: str, track: str, today: date) -> PanelView:
    del stamp  # part of the key; `view_key` is the database, settings file and data version (`views.key`)
    version = view_key[2]
    engine, settings = data.engine(), data.settings()
    numbers = E.before_jury(engine, round_id, track)
    info = data.all_dossiers(version)
    wanted = info[info["number"].astype("int64").isin(numbers)]
    frame = E.assignments(engine, filters=Filters(round=round_id, track=track))
    per_juror, per_dossier = E.progress(frame, today) if len(frame) else (frame, frame)
    if len(frame):
        per_dossier = per_dossier.assign(
            track=[ui.track_name(settings, t) for t in per_dossier["track"]]
        ).drop(columns=["round", "late"])
    return PanelView(
        closed=E.closed_rounds(engine).get(round_id),
        numbers=numbers,
        names=dict(zip(wanted["number"].astype(int), wanted["project"])),
        jurors=E.juror_emails(engine),
        assignments=frame,
        per_juror=per_juror,
        per_dossier=per_dossier,
    )


def panel_view(version: int | None, round_id: str, track: str) -> PanelView:
    """The panel's reads for `round_id` and `track` at data version `version` (see `PanelView`)."""
    view_key = views.key(version, Filters())
    return _panel(view_key, data.jury_stamp(), round_id, track, datetime.now(UTC).date())


def assignment_form(engine, panel: PanelView, round_id: str, track: str) -> None:
    names = panel.names
    with st.form(_key("form"), border=True):
        st.text_input(
            L.JURY_ASSIGN["juror"],
            placeholder=L.JURY_ASSIGN["juror_placeholder"],
            key=_key("juror"),
            help=", ".join(panel.jurors) or None,
        )
        st.multiselect(
            L.JURY_ASSIGN["dossiers"],
            panel.numbers,
            format_func=lambda n: f"{names.get(n) or ''} (n° {n})",
            key=_key("dossiers"),
        )
        st.date_input(L.JURY_ASSIGN["due"], value=None, format="DD/MM/YYYY", key=_key("due"))
        left, right = st.columns(2)
        with left:
            st.form_submit_button(
                L.JURY_ASSIGN["assign"],
                type="primary",
                on_click=_assign,
                args=(engine, round_id, track, names),
            )
        with right:
            st.form_submit_button(
                L.JURY_ASSIGN["unassign"], on_click=_unassign, args=(engine, round_id, track)
            )


def progress_tables(panel: PanelView) -> None:
    """Per juror and per dossier: assigned / scored / submitted / conflicts, and late."""
    st.markdown(f"**{L.JURY_ASSIGN['per_juror']}**")
    st.dataframe(
        panel.per_juror,
        column_config={
            "juror": st.column_config.TextColumn(L.JURY_ASSIGN_COLUMNS["juror"]),
            **_count_columns(),
        },
        hide_index=True,
        width="stretch",
        key=_key("per_juror"),
    )
    st.markdown(f"**{L.JURY_ASSIGN['per_dossier']}**")
    st.dataframe(
        panel.per_dossier,
        column_config={
            **dossier_columns("medium"),
            **_count_columns(),
        },
        hide_index=True,
        width="stretch",
        key=_key("per_dossier"),
    )


def manager_panel(settings: Settings, version: int | None) -> None:
    """The whole panel, in an expander at the top of the Jury page."""
    engine = data.engine()
    with st.expander(L.JURY_ASSIGN["heading"], icon=":material/how_to_reg:"):
        st.caption(L.JURY_ASSIGN["caption"])
        round_id, track = _pickers(settings)
        result = st.session_state.pop(RESULT_KEY, None)
        if result is not None:
            ok, message = result
            (st.success if ok else st.error)(message, icon=":material/check:" if ok else ":material/error:")
        panel = panel_view(version, round_id, track)
        closed = panel.closed
        if closed is None:
            assignment_form(engine, panel, round_id, track)
        else:
            at = pd.Timestamp(closed).tz_localize("UTC").tz_convert(TIMEZONE)
            st.info(L.JURY_ASSIGN["closed"].format(at=at.strftime("%d/%m/%Y %H:%M")), icon=":material/lock:")
        frame = panel.assignments
        if frame.empty:
            st.caption(L.JURY_ASSIGN["no_assignment"])
            return
        progress_tables(panel)
        finished = frame[frame["progress"].isin([E.DONE, E.CONFLICT])]
        if closed is None and len(finished):
            options = list(zip(finished["juror"], finished["dossier"].astype(int)))
            names = dict(zip(finished["dossier"].astype(int), finished["project"]))
            left, right = st.columns([3, 1], vertical_alignment="bottom")
            left.selectbox(
                L.JURY_ASSIGN["reopen"],
                options,
                index=None,
                format_func=lambda o: f"{o[0]} — {names.get(o[1]) or ''} (n° {o[1]})",
                key=_key("reopen"),
            )
            right.button(
                L.JURY_ASSIGN["reopen_button"], on_click=_reopen, args=(engine,), key=_key("reopen_go")
            )
        left, right = st.columns(2)
        if closed is None:
            left.button(
                L.JURY_ASSIGN["close"],
                type="primary",
                icon=":material/lock:",
                help=L.JURY_ASSIGN["close_help"],
                on_click=_close,
                args=(engine, round_id),
                key=_key("close"),
            )
        else:
            left.button(
                L.JURY_ASSIGN["reopen_round"],
                on_click=_reopen_round,
                args=(engine, round_id),
                key=_key("reopen_round"),
            )
        right.download_button(
            L.JURY_ASSIGN["export"],
            data=lambda: E.export_grid(engine, settings, Filters(round=round_id, track=track)),
            file_name=f"grille-jury-application-{round_id}-{track}.csv",
            mime="text/csv",
            icon=":material/download:",
            key=_key("export"),
            on_click="ignore",
        )


data.built_on_reads(_panel)
