"""« Mes évaluations »: a juror's assigned dossiers and the scoring form of the one opened.

The juror is the signed-in e-mail. A dossier opens from the list or by its URL (?dossier=N); one not
assigned to the juror is refused, whatever the URL. The form saves a draft on every change through
`store.evaluations.save_draft`, with the version it read: if the dossier was reopened, closed or changed
in another tab meanwhile, the save is refused, the message says so and the form shows the stored state.
No personal data is shown: the dossier's form answers minus the fields that identify a person.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from aic_dash import labels as L
from aic_dash.analytics.dossier_detail import OTHER_SECTION, PLATFORM_SECTION, group_fields
from aic_dash.config import Settings
from aic_dash.errors import AicError
from aic_dash.store import evaluations as E
from aic_dash.store.queries import TIMEZONE
from aic_dash.ui import components as ui
from aic_dash.ui import data, tables

PARAM = "dossier"  # ?dossier=9284911 opens that dossier, if it is the juror's
PICK_KEY = "evaluation_pick"
MESSAGE_KEY = "_evaluation_message"
# Sections of the form a juror reads: the project, its means and organisation, its impact. The
# referents' sections are people; the platform's columns and private annotations are the AIC's.
LEFT_OUT = {PLATFORM_SECTION, OTHER_SECTION, "Référent·e 1", "Référent·e 2", "Communication"}


def _key(number: int, name: str) -> str:
    return f"ev_{number}_{name}"


def scale_values(settings: Settings) -> list[float]:
    """Every score the settings' scale allows, low to high: the only values the form offers."""
    s = settings.scoring
    count = round((s.max - s.min) / s.step)
    return [round(s.min + i * s.step, 6) for i in range(count + 1)]


def my_dossiers(juror: str) -> pd.DataFrame:
    return E.assignments(data.engine(), juror)


def dossier_columns(project_width: str) -> dict:
    """Column settings of a jury table's dossier number, project name (`project_width` wide) and track."""
    return {
        "dossier": st.column_config.NumberColumn(L.JURY_ASSIGN_COLUMNS["dossier"], format="%d"),
        "project": st.column_config.TextColumn(L.JURY_ASSIGN_COLUMNS["project"], width=project_width),
        "track": L.JURY_ASSIGN_COLUMNS["track"],
    }


def dossier_list(mine: pd.DataFrame, settings: Settings) -> None:
    """The juror's dossiers with their progress."""
    done = int(mine["progress"].isin([E.DONE, E.CONFLICT]).sum())
    st.caption(L.EVALUATIONS["count"].format(done=done, total=len(mine)))
    shown = mine.assign(
        track=[ui.track_name(settings, t) for t in mine["track"]],
        progress=mine["progress"].map(L.EVALUATION_PROGRESS),
        due_on=pd.to_datetime(mine["due_on"]),
    )[["dossier", "project", "track", "progress", "due_on"]]
    tables.table(
        shown,
        column_config={
            **dossier_columns("large"),
            "progress": L.JURY_ASSIGN_COLUMNS["progress"],
            "due_on": st.column_config.DateColumn(L.EVALUATIONS["due"], format="DD/MM/YYYY"),
        },
        key="evaluations_list",
    )


def _sync_param() -> None:
    chosen = st.session_state.get(PICK_KEY)
    if chosen is None:
        st.query_params.pop(PARAM, None)
    else:
        st.query_params[PARAM] = str(chosen)


def pick(mine: pd.DataFrame) -> int | None:
    """The dossier to open: the URL's if it is the juror's (refused otherwise), else the one chosen."""
    numbers = [int(n) for n in mine["dossier"]]
    names = dict(zip(numbers, mine["project"]))
    asked = st.query_params.get(PARAM, "")
    refused = None
    if asked:
        if asked.isdigit() and int(asked) in numbers:
            st.session_state[PICK_KEY] = int(asked)
        else:
            refused = E.NotAssigned(
                f"Le dossier n° {asked} ne vous est pas attribué : vous ne pouvez pas l'ouvrir. "
                "Choisissez un dossier de votre liste."
            )
            st.session_state.pop(PICK_KEY, None)
    number = st.selectbox(
        L.EVALUATIONS["pick"],
        numbers,
        index=None,
        format_func=lambda n: f"{names.get(n) or ''} (n° {n})",
        placeholder=L.EVALUATIONS["pick_placeholder"],
        key=PICK_KEY,
        on_change=_sync_param,
    )
    if refused is not None:
        st.error(str(refused), icon=":material/block:")
        return None
    return number


# --- The dossier ----------------------------------------------------------------------------------------


def dossier_view(number: int, row: pd.Series, settings: Settings) -> None:
    """What the jury judges: project, track, organisation type, the form's project answers; no person."""
    st.subheader(L.EVALUATIONS["dossier_title"].format(number=number, project=row.get("project") or "–"))
    info = data.all_dossiers(data.status().version)
    found = info[info["number"] == number]
    org = found["org_type"].iloc[0] if len(found) else None
    rounds = {r.id: r.label for r in settings.rounds}
    left, middle, right = st.columns(3)
    left.markdown(f"**{L.EVALUATIONS['track']}** : {ui.track_name(settings, row.get('track'))}")
    middle.markdown(f"**{L.EVALUATIONS['org_type']}** : {L.ORG_TYPES.get(org, '–') if org else '–'}")
    right.markdown(f"**{L.EVALUATIONS['round']}** : {rounds.get(row.get('round'), row.get('round') or '–')}")
    fields = data.dossier_fields(data.status().version, number)
    sections = [(t, [f for f in s if not f.personal]) for t, s in group_fields(fields) if t not in LEFT_OUT]
    for i, (title, section) in enumerate(sections):
        with st.expander(title, expanded=i == 0):
            for field in section:
                label, value = st.columns([2, 3], gap="medium")
                label.caption(ui.md_escape(field.label))
                value.text(field.value if field.value.strip() else "–")


# --- The form -------------------------------------------------------------------------------------------


def _load(ev: E.Evaluation, settings: Settings) -> None:
    """Put the stored evaluation into the form's widgets (first opening, or after a refused save)."""
    number = ev.dossier
    for c in settings.programme.criteria:
        st.session_state[_key(number, f"c{c.number}")] = ev.scores.get(c.number)
        st.session_state[_key(number, f"n{c.number}")] = ev.comments.get(c.number, "")
    st.session_state[_key(number, "comment")] = ev.comment
    st.session_state[_key(number, "version")] = ev.version


def _refused(number: int, exc: AicError) -> None:
    st.session_state[MESSAGE_KEY] = str(exc)
    st.session_state.pop(_key(number, "version"), None)  # the next run reloads the stored state


def _save(juror: str, number: int, settings: Settings) -> None:
    """on_change of every field: the whole form as a draft, with the version it was read at."""
    state = st.session_state
    scores = {c.number: state.get(_key(number, f"c{c.number}")) for c in settings.programme.criteria}
    comments = {c.number: state.get(_key(number, f"n{c.number}")) or "" for c in settings.programme.criteria}
    try:
        version = E.save_draft(
            data.engine(),
            settings,
            juror,
            number,
            int(state.get(_key(number, "version")) or 0),
            scores,
            comments,
            state.get(_key(number, "comment")) or "",
        )
    except AicError as exc:
        _refused(number, exc)
        return
    state[_key(number, "version")] = version
    given = sum(v is not None for v in scores.values())
    state[_key(number, "saved")] = L.EVALUATIONS["saved"].format(count=given, total=len(scores))


def _submit(juror: str, number: int, settings: Settings) -> None:
    try:
        E.submit(
            data.engine(), settings, juror, number, int(st.session_state.get(_key(number, "version")) or 0)
        )
    except AicError as exc:
        _refused(number, exc)
        return
    st.session_state.pop(_key(number, "version"), None)


def _declare(juror: str, number: int) -> None:
    state = st.session_state
    conflict = state.get(_key(number, "declaration")) == "conflict"
    try:
        E.declare(data.engine(), juror, number, conflict, state.get(_key(number, "reason")) or "")
    except AicError as exc:
        _refused(number, exc)
        return
    state.pop(_key(number, "version"), None)


def _fr(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def declaration_form(juror: str, number: int) -> None:
    st.subheader(L.EVALUATIONS["declaration"])
    st.caption(L.EVALUATIONS["declaration_help"])
    with st.form(_key(number, "declaration_form"), border=True):
        st.radio(
            L.EVALUATIONS["declaration"],
            ["none", "conflict"],
            format_func=lambda v: L.EVALUATIONS["no_conflict"] if v == "none" else L.EVALUATIONS["conflict"],
            key=_key(number, "declaration"),
            label_visibility="collapsed",
        )
        st.text_input(
            L.EVALUATIONS["reason"],
            placeholder=L.EVALUATIONS["reason_placeholder"],
            key=_key(number, "reason"),
        )
        st.form_submit_button(
            L.EVALUATIONS["declare"], type="primary", on_click=_declare, args=(juror, number)
        )


def scoring_form(juror: str, ev: E.Evaluation, settings: Settings, locked: bool) -> None:
    """The five criteria of the programme page with their descriptions, each on the settings' scale."""
    number = ev.dossier
    s = settings.scoring
    st.subheader(L.EVALUATIONS["criteria"])
    st.caption(L.EVALUATIONS["scale"].format(min=_fr(s.min), max=_fr(s.max), step=_fr(s.step)))
    values = scale_values(settings)
    args = (juror, number, settings)
    for c in settings.programme.criteria:
        with st.container(border=True):
            st.markdown(f"**{c.number}. {ui.md_escape(c.name)}**")
            if c.description:
                st.caption(ui.md_escape(c.description))
            st.segmented_control(
                f"{L.EVALUATIONS['your_score']} — critère {c.number}",
                values,
                format_func=_fr,
                key=_key(number, f"c{c.number}"),
                on_change=_save,
                args=args,
                disabled=locked,
                label_visibility="collapsed",
            )
            st.text_input(
                L.EVALUATIONS["criterion_comment"],
                key=_key(number, f"n{c.number}"),
                on_change=_save,
                args=args,
                disabled=locked,
            )
    st.text_area(
        L.EVALUATIONS["comment"], key=_key(number, "comment"), on_change=_save, args=args, disabled=locked
    )
    if locked:
        return
    saved = st.session_state.pop(_key(number, "saved"), None)
    if saved:
        st.caption(saved)
    missing = sum(
        st.session_state.get(_key(number, f"c{c.number}")) is None for c in settings.programme.criteria
    )
    if missing:
        st.caption(L.EVALUATIONS["submit_missing"].format(count=missing))
    st.button(
        L.EVALUATIONS["submit"],
        type="primary",
        icon=":material/send:",
        disabled=bool(missing),
        help=L.EVALUATIONS["submit_help"],
        key=_key(number, "submit"),
        on_click=_submit,
        args=args,
    )


def evaluation(juror: str, number: int, row: pd.Series, settings: Settings) -> None:
    """The opened dossier: the message of a refused save, the dossier, then the declaration, the form,
    or the locked state."""
    message = st.session_state.pop(MESSAGE_KEY, None)
    try:
        ev = E.open_evaluation(data.engine(), juror, number)
    except E.NotAssigned as exc:
        st.error(str(exc), icon=":material/block:")
        return
    if message:
        st.error(message, icon=":material/sync_problem:")
    known = st.session_state.get(_key(number, "version"))
    if known != ev.version:
        if known is not None and not message:
            st.warning(L.EVALUATIONS["reloaded"], icon=":material/sync:")
        _load(ev, settings)
    dossier_view(number, row, settings)
    st.divider()
    if ev.closed:
        st.warning(L.EVALUATIONS["closed"], icon=":material/lock:")
    if ev.conflict:
        st.info(
            L.EVALUATIONS["conflicted"].format(reason=ev.conflict_reason), icon=":material/do_not_disturb_on:"
        )
        return
    if ev.version == 0:
        if not ev.closed:
            declaration_form(juror, number)
        return
    if ev.evaluation_status == E.SUBMITTED:
        at = pd.Timestamp(ev.submitted_at).tz_localize("UTC").tz_convert(TIMEZONE)
        st.success(
            L.EVALUATIONS["submitted"].format(at=at.strftime("%d/%m/%Y à %H:%M")), icon=":material/task_alt:"
        )
    scoring_form(juror, ev, settings, locked=not ev.editable)
