"""The « Suivi des lauréats » page's pieces: portfolio, one laureate's roadmap (editable), cohort progress,
import templates.

The follow-up tables are small and edited from the app: they are read fresh at every run (no cache), so
a colleague's edit or import shows at once. Edits are saved under the signed-in user's e-mail, else
« local ».
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from aic_dash import labels as L
from aic_dash.analytics import followup as A
from aic_dash.analytics.support import period_statuses
from aic_dash.charts import followup as charts
from aic_dash.errors import AicError
from aic_dash.format import (
    COLUMN_DATE_FORMAT,
    COLUMN_DATETIME_FORMAT,
    fr_date,
    fr_euros,
    fr_int,
    fr_number,
    fr_percent,
    plain_text,
)
from aic_dash.ingest.followup import KINDS
from aic_dash.programme.laureates import THEME_LABELS
from aic_dash.reports.followup import laureates_frame, progress_frame
from aic_dash.reports.templates import template_bytes
from aic_dash.store.followup import (
    FollowupData,
    laureate_history,
    link_laureates,
    load_followup,
    save_measurements,
    save_milestones,
)
from aic_dash.store.queries import Filters
from aic_dash.ui import components as ui
from aic_dash.ui import data, day, tables
from aic_dash.ui.downloads import download_buttons
from aic_dash.ui.page import current_user
from aic_dash.ui.publish import open_data_fields

DAY_KEY = "followup_day"
LAUREATE_KEY = "followup_laureate"
GENERATION_KEY = "followup_generation"
FLASH_KEY = "followup_flash"

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PORTFOLIO_COLUMNS = [
    "laureate",
    "season",
    "track",
    "support_status",
    "support_month",
    "progress",
    "milestones_reached",
    "milestones_total",
    "milestones_late",
    "last_update",
    "renewal_due",
    "at_risk",
]
RENEWAL_COLUMNS = ["laureate", "season", "track", "support_start", "support_end", "days_left"]
LATE_COLUMNS = ["laureate", "title", "strand", "due_date", "days_late", "milestone_status", "acted_by"]
RISK_COLUMNS = ["laureate", "season", "track", "reason", "support_month"]
MILESTONE_COLUMNS = [
    "id",
    "title",
    "strand",
    "due_date",
    "milestone_status",
    "late",
    "note",
    "updated_at",
    "acted_by",
]


# Dossiers reach the `laureat` stage by an import only, which makes a new data version: their laureate
# rows are made once per version (looking for them scanned every dossier at every run: 0.2 s of the
# Lauréats page's 0.37 s of server CPU on 100 000 dossiers).
@st.cache_resource(show_spinner=False, max_entries=4)
def _linked(address: str, version: int | None) -> bool:
    del address, version  # the key; engine() reads the same database
    link_laureates(data.engine())
    return True


data.built_on_reads(_linked)


@st.cache_resource(show_spinner=False, max_entries=32)
def _figure(kind: str, *inputs) -> go.Figure:
    """A follow-up figure made once for the same inputs (Streamlit hashes the small frames by content)
    and shared by every session; the tables it is drawn from are still read fresh at every run."""
    build = {
        "timeline": charts.timeline_figure,
        "cohort": charts.cohort_figure,
        "progress": charts.progress_figure,
    }[kind]
    return ui.share_figure(build(*inputs))


@st.cache_resource(show_spinner=False)
def _template(kind: str, fmt: str) -> bytes:
    return template_bytes(kind, fmt)  # the same empty template for everyone: made once


def load(filters: Filters, version: int | None) -> FollowupData:
    """The follow-up tables of the laureates in view, read fresh (a colleague's edit shows at once)."""
    _linked(data.url(), version)
    return load_followup(data.engine(), filters, link=False)


def day_picker() -> date:
    """The day the portfolio is read on (default: the URL's `date`, else today; see `ui.day`)."""
    return day.day_picker(DAY_KEY, L.FOLLOWUP_UI["day"])


def _go_to(day: date) -> None:
    st.session_state[DAY_KEY] = day


def nothing_running(followup: FollowupData, folio: pd.DataFrame, today: date) -> None:
    """When no support runs on the chosen day but some ended before it: say so, offer the last day."""
    if folio["in_support"].any() or followup.periods.empty:
        return
    last_end = pd.to_datetime(followup.periods["end_date"]).max().date()
    if last_end > today:
        return
    last_day = last_end - timedelta(days=1)
    st.info(
        L.FOLLOWUP_MESSAGES["nothing_running"].format(day=fr_date(today), last=fr_date(last_end)),
        icon=":material/history:",
    )
    st.button(
        L.FOLLOWUP_UI["go_back"].format(day=fr_date(last_day)),
        on_click=_go_to,
        args=(last_day,),
        key="followup_go_back",
        icon=":material/history:",
    )


def _flash() -> None:
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def _generation() -> int:
    return int(st.session_state.get(GENERATION_KEY, 0))


def _saved(changes, user: str, key: str) -> None:
    st.session_state.pop(f"{key}-base", None)
    st.session_state[FLASH_KEY] = L.FOLLOWUP_MESSAGES["saved"].format(summary=changes.summary(), user=user)
    st.session_state[GENERATION_KEY] = _generation() + 1
    st.rerun()


# --- Portfolio ----------------------------------------------------------------------------------------


def kpi_row(folio: pd.DataFrame) -> None:
    U = L.FOLLOWUP_UI
    tiles = {
        U["tile_laureates"]: len(folio),
        U["tile_in_support"]: int(folio["in_support"].sum()),
        U["tile_renewals"]: int(folio["renewal_due"].sum()),
        U["tile_late"]: int(folio.loc[folio["in_support"], "milestones_late"].sum()),
        U["tile_risk"]: int(folio["at_risk"].sum()),
    }
    helps = {
        U["tile_renewals"]: U["help_renewals"],
        U["tile_late"]: L.FOLLOWUP_MESSAGES["late_rule"],
        U["tile_risk"]: L.FOLLOWUP_MESSAGES["risk_rule"],
    }
    row = st.container(horizontal=True, gap="small", key="followup_tiles")
    for label, value in tiles.items():
        with row:
            st.metric(label, fr_int(value), help=helps.get(label), border=True, width="stretch")


def _risk_reason(row) -> str:
    reasons = []
    if row.late_risk:
        reasons.append(L.FOLLOWUP_UI["reason_late"].format(n=row.milestones_late))
    if row.stale_risk:
        if pd.isna(row.last_update):
            reasons.append(L.FOLLOWUP_UI["reason_never"])
        else:
            reasons.append(L.FOLLOWUP_UI["reason_stale"].format(day=fr_date(row.last_update)))
    return " ; ".join(reasons)


def _track_names(settings, tracks: pd.Series) -> pd.Series:
    return tracks.map(lambda t: ui.track_name(settings, t))


def portfolio_table(settings, folio: pd.DataFrame) -> None:
    ordered = _attention_first(folio)
    shown = ordered.assign(
        track=_track_names(settings, ordered["track"]),
        support_status=ordered["support_status"].map(L.SUPPORT_STATUSES),
        support_month=ordered["support_month"].astype("float64"),
    )
    tables.table(
        shown[PORTFOLIO_COLUMNS],
        column_order=PORTFOLIO_COLUMNS,
        column_config={
            "laureate": st.column_config.TextColumn(L.COLUMNS["laureate"], pinned=True),
            "season": L.COLUMNS["season"],
            "track": L.COLUMNS["track"],
            "support_status": L.COLUMNS["support_status"],
            "support_month": st.column_config.ProgressColumn(
                L.COLUMNS["support_month"], min_value=0, max_value=A.SUPPORT_MONTHS, format="%d / 12"
            ),
            "progress": st.column_config.ProgressColumn(
                L.COLUMNS["progress"], min_value=0.0, max_value=1.0, format="percent"
            ),
            "milestones_reached": st.column_config.NumberColumn(L.COLUMNS["milestones_reached"], format="%d"),
            "milestones_total": st.column_config.NumberColumn(L.COLUMNS["milestones_total"], format="%d"),
            "milestones_late": st.column_config.NumberColumn(L.COLUMNS["milestones_late"], format="%d"),
            "last_update": st.column_config.DateColumn(L.COLUMNS["last_update"], format=COLUMN_DATE_FORMAT),
            "renewal_due": st.column_config.CheckboxColumn(L.COLUMNS["renewal_due"]),
            "at_risk": st.column_config.CheckboxColumn(L.COLUMNS["at_risk"]),
        },
        key="followup_portfolio",
    )


def _action_list(
    settings, rows: pd.DataFrame, empty: tuple[str, str], columns: list[str], config: dict, key: str, **values
) -> None:
    """One of the lists that call for action: `empty` (message key, icon) when there are no `rows`, else
    `columns` of the rows read-only, with track names and `values` (pandas `assign`); the laureate,
    season and track columns under their usual headers unless `config` says otherwise."""
    if rows.empty:
        ui.empty_state(L.FOLLOWUP_MESSAGES[empty[0]], icon=empty[1])
        return
    shown = rows.assign(track=_track_names(settings, rows["track"]), **values)
    who = {"laureate": L.COLUMNS["laureate"], "season": L.COLUMNS["season"], "track": L.COLUMNS["track"]}
    st.dataframe(
        shown[columns],
        column_order=columns,
        column_config={**{c: who[c] for c in columns if c in who}, **config},
        hide_index=True,
        width="stretch",
        key=key,
    )


def renewals(settings, folio: pd.DataFrame, today: date) -> None:
    _action_list(
        settings,
        A.renewals_due(folio),
        ("no_renewal", ":material/event_available:"),
        RENEWAL_COLUMNS,
        {
            "support_start": st.column_config.DateColumn(
                L.COLUMNS["support_start"], format=COLUMN_DATE_FORMAT
            ),
            "support_end": st.column_config.DateColumn(L.COLUMNS["support_end"], format=COLUMN_DATE_FORMAT),
            "days_left": st.column_config.NumberColumn(L.FOLLOWUP_UI["days_left"], format="%d"),
        },
        "followup_renewals",
        days_left=lambda d: (d["support_end"] - pd.Timestamp(today)).dt.days.astype("int64"),
    )


def late_milestones(settings, followup: FollowupData, folio: pd.DataFrame, today: date) -> None:
    _action_list(
        settings,
        A.late_list(followup.milestones, folio, today),
        ("no_late", ":material/task_alt:"),
        LATE_COLUMNS,
        {
            "title": st.column_config.TextColumn(L.COLUMNS["title"], width="large"),
            "strand": L.COLUMNS["strand"],
            "due_date": st.column_config.DateColumn(L.COLUMNS["due_date"], format=COLUMN_DATE_FORMAT),
            "days_late": st.column_config.NumberColumn(L.FOLLOWUP_UI["days_late"], format="%d"),
            "milestone_status": st.column_config.TextColumn(L.FOLLOWUP_UI["stored_status"]),
            "acted_by": L.COLUMNS["acted_by"],
        },
        "followup_late",
        strand=lambda m: m["strand"].map(L.STRANDS),
        milestone_status=lambda m: m["milestone_status"].map(L.MILESTONE_STATUSES),
    )


def risks(settings, folio: pd.DataFrame) -> None:
    _action_list(
        settings,
        A.at_risk(folio),
        ("no_risk", ":material/verified:"),
        RISK_COLUMNS,
        {
            "reason": st.column_config.TextColumn(L.FOLLOWUP_UI["reason"], width="large"),
            "support_month": st.column_config.NumberColumn(L.COLUMNS["support_month"], format="%d / 12"),
        },
        "followup_risks",
        reason=lambda r: [_risk_reason(row) for row in r.itertuples()],
    )


def portfolio_section(settings, followup: FollowupData, folio: pd.DataFrame, today: date, filters: Filters):
    """Tiles, the timeline, the laureates' table and the three lists that call for action."""
    kpi_row(folio)
    season_labels = {s.id: s.label for s in settings.seasons}
    selected = followup.laureates["id"].isin(folio["laureate_id"])  # laureates selected by `today`
    shown_periods = followup.periods[followup.periods["laureate_id"].isin(folio["laureate_id"])]
    ui.chart(
        _figure(
            "timeline",
            shown_periods.assign(support_status=period_statuses(shown_periods, today)),
            followup.laureates[selected],
            ui.tracks(settings),
            today,
            season_labels,
        ),
        key="followup_timeline",
    )
    portfolio_table(settings, folio)
    download_buttons(laureates_frame(followup, folio, today), "laureates", filters, key="followup_laureates")
    st.subheader(L.FOLLOWUP_UI["renewals"])
    renewals(settings, folio, today)
    st.subheader(L.FOLLOWUP_UI["late"])
    st.caption(L.FOLLOWUP_MESSAGES["late_rule"])
    late_milestones(settings, followup, folio, today)
    st.subheader(L.FOLLOWUP_UI["risks"])
    st.caption(L.FOLLOWUP_MESSAGES["risk_rule"])
    risks(settings, folio)


# --- One laureate -------------------------------------------------------------------------------------


def _attention_first(folio: pd.DataFrame) -> pd.DataFrame:
    """Laureates at risk, then in support, then the others; most recent season first, then by name."""
    ordered = folio.sort_values("laureate", key=lambda names: names.str.casefold())
    return ordered.sort_values(["at_risk", "in_support", "season"], ascending=False, kind="stable")


def pick_laureate(folio: pd.DataFrame) -> int:
    """The laureate to show (a laureate at risk first, when there is one)."""
    ordered = _attention_first(folio)
    names = dict(
        zip(
            ordered["laureate_id"].astype("int64"),
            ordered["laureate"] + " — " + ordered["season"].fillna("?"),
        )
    )
    options = list(names)
    if st.session_state.get(LAUREATE_KEY) not in options:
        st.session_state.pop(LAUREATE_KEY, None)  # a laureate the filters now hide
    return st.selectbox(L.FOLLOWUP_UI["laureate"], options, format_func=names.get, key=LAUREATE_KEY)


def _yes_no(value: object) -> str:
    return L.FOLLOWUP_UI["yes"] if value else L.FOLLOWUP_UI["no"]


def _identity(settings, laureate: pd.Series) -> None:
    parts = [
        laureate["organisation"],
        laureate["town"],
        ui.track_name(settings, laureate["track"]),
        L.FOLLOWUP_UI["dossier"].format(number=int(laureate["dossier_number"]))
        if pd.notna(laureate["dossier_number"])
        else None,
    ]
    st.caption(" · ".join(ui.md_escape(p) for p in parts if p is not None and not pd.isna(p)))
    themes = [THEME_LABELS.get(t, t) for t in (laureate["themes"] or "").split(",") if t]
    facts = []
    if themes:
        facts.append(L.FOLLOWUP_UI["themes"].format(themes=", ".join(themes)))
    if laureate["seed_grant"] is not None and not pd.isna(laureate["seed_grant"]):
        facts.append(L.FOLLOWUP_UI["seed_grant"].format(answer=_yes_no(laureate["seed_grant"])))
    if laureate["phase2"] is not None and not pd.isna(laureate["phase2"]):
        facts.append(L.FOLLOWUP_UI["phase2"].format(answer=_yes_no(laureate["phase2"])))
    if facts:
        st.caption(" · ".join(facts))


def _support(followup: FollowupData, laureate_id: int, row, today: date) -> None:
    periods = followup.periods[followup.periods["laureate_id"] == laureate_id]
    if periods.empty:
        ui.empty_state(L.FOLLOWUP_MESSAGES["no_period"])
        return
    month = int(row.support_month) if pd.notna(row.support_month) else 0
    st.progress(
        month / A.SUPPORT_MONTHS,
        text=L.FOLLOWUP_UI["support"].format(
            status=L.SUPPORT_STATUSES.get(row.support_status, ""),
            month=month,
            start=fr_date(row.support_start),
            end=fr_date(row.support_end),
        ),
    )
    if len(periods) > 1:
        st.dataframe(
            periods.assign(support_status=period_statuses(periods, today).map(L.SUPPORT_STATUSES)),
            column_order=["renewal", "start_date", "end_date", "support_status"],
            column_config={
                "renewal": st.column_config.NumberColumn("Renouvellement", format="%d"),
                "start_date": st.column_config.DateColumn("Début", format=COLUMN_DATE_FORMAT),
                "end_date": st.column_config.DateColumn("Fin", format=COLUMN_DATE_FORMAT),
                "support_status": "Statut",
            },
            hide_index=True,
            key=f"followup_periods_{laureate_id}",
        )


def _days(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series).map(lambda t: t.date(), na_action="ignore").astype("object")


def _snapshot(key: str, fresh: pd.DataFrame) -> pd.DataFrame:
    """The table an editor starts from: re-read while nothing is being edited, kept while it is, so
    that a colleague's change in between is caught as a conflict when saving."""
    state = st.session_state.get(key) or {}
    editing = any(state.get(k) for k in ("edited_rows", "added_rows", "deleted_rows"))
    base_key = f"{key}-base"
    if not editing or base_key not in st.session_state:
        st.session_state[base_key] = fresh
    return st.session_state[base_key]


def _editor(base: pd.DataFrame, key: str, columns: dict) -> pd.DataFrame:
    """A roadmap or measurements editor: `columns` (name -> config, in order), then who last changed
    each row and when, read-only."""
    config = {
        **columns,
        "updated_at": st.column_config.DatetimeColumn(
            L.COLUMNS["updated_at"], format=COLUMN_DATETIME_FORMAT, disabled=True
        ),
        "acted_by": st.column_config.TextColumn(L.COLUMNS["acted_by"], disabled=True),
    }
    return st.data_editor(
        base,
        column_order=list(config),
        column_config=config,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=key,
    )


def _save(
    label: str, key: str, save: Callable, owner: int, base: pd.DataFrame, edited: pd.DataFrame, **button
) -> bool:
    """The save button of an editor: `save(engine, owner, base, edited, user)` under the signed-in user
    (save_milestones, save_measurements), then a rerun. False when the save failed or changed nothing
    (said on the page), True otherwise."""
    if not st.button(label, key=f"{key}-save", icon=":material/save:", **button):
        return True
    user = current_user()
    try:
        changes = save(data.engine(), owner, base, edited, user)
    except AicError as exc:
        st.error(str(exc), icon=":material/error:")
        return False
    if not changes.any:
        st.info(L.FOLLOWUP_MESSAGES["nothing_changed"])
        return False
    _saved(changes, user, key)
    return True


def milestones_editor(followup: FollowupData, laureate_id: int, today: date) -> None:
    mine = followup.milestones[followup.milestones["laureate_id"] == laureate_id]
    fresh = (
        mine.assign(late=A.milestones_on(mine, today)["late"], due_date=_days(mine["due_date"]))[
            MILESTONE_COLUMNS
        ]
        .astype({"id": "Int64"})
        .reset_index(drop=True)
    )
    if fresh.empty:
        st.caption(L.FOLLOWUP_MESSAGES["no_milestone"])
    key = f"followup_milestones_{laureate_id}_{_generation()}"
    base = _snapshot(key, fresh)
    edited = _editor(
        base,
        key,
        {
            "title": st.column_config.TextColumn(
                L.COLUMNS["title"], required=True, width="large", max_chars=500
            ),
            "strand": st.column_config.SelectboxColumn(
                L.COLUMNS["strand"], options=[*L.STRANDS], format_func=L.STRANDS.get, required=True, width=250
            ),
            "due_date": st.column_config.DateColumn(
                L.COLUMNS["due_date"], format=COLUMN_DATE_FORMAT, required=True
            ),
            "milestone_status": st.column_config.SelectboxColumn(
                L.COLUMNS["milestone_status"],
                options=list(L.MILESTONE_STATUSES),
                format_func=L.MILESTONE_STATUSES.get,
                required=True,
                default="a_venir",
            ),
            "late": st.column_config.CheckboxColumn(
                L.COLUMNS["late"], disabled=True, help=L.FOLLOWUP_MESSAGES["late_rule"]
            ),
            "note": st.column_config.TextColumn(L.COLUMNS["note"], width="medium"),
        },
    )
    _save(
        L.FOLLOWUP_UI["save_roadmap"],
        key,
        save_milestones,
        laureate_id,
        base,
        edited,
        type="primary",
    )


def _by(frame: pd.DataFrame, column: str, today: date) -> pd.DataFrame:
    """The rows dated (`column`) on or before `today`: what was known on the chosen day."""
    return frame[pd.to_datetime(frame[column]) <= pd.Timestamp(today)]


def indicators(settings, followup: FollowupData, laureate_id: int, row, today: date) -> None:
    mine = followup.indicators[followup.indicators["laureate_id"] == laureate_id]
    if mine.empty:
        ui.empty_state(L.FOLLOWUP_MESSAGES["no_indicator"], icon=":material/monitoring:")
        return
    colours = {t.id: t.colour for t in ui.tracks(settings)}
    start = row.support_start.date() if pd.notna(row.support_start) else None
    for indicator in mine.itertuples(index=False):
        series = pd.Series(indicator._asdict())
        points = A.indicator_series(series, _by(followup.measurements, "measured_on", today), start)
        ui.chart(
            charts.indicator_figure(series, points, colours.get(row.track, "#5C68E5")),
            key=f"followup_indicator_{indicator.id}",
        )
        if indicator.description:
            st.caption(ui.md_escape(indicator.description))
        measured = followup.measurements[followup.measurements["indicator_id"] == indicator.id]
        fresh = measured.assign(measured_on=_days(measured["measured_on"]))[
            ["id", "measured_on", "value", "updated_at", "acted_by"]
        ].astype({"id": "Int64"}).reset_index(drop=True)  # fmt: skip
        key = f"followup_measurements_{indicator.id}_{_generation()}"
        base = _snapshot(key, fresh)
        with st.expander(L.FOLLOWUP_UI["measurements"].format(name=indicator.name)):
            edited = _editor(
                base,
                key,
                {
                    "measured_on": st.column_config.DateColumn(
                        "Date", format=COLUMN_DATE_FORMAT, required=True
                    ),
                    "value": st.column_config.NumberColumn(
                        L.FOLLOWUP_UI["value_unit"].format(unit=plain_text(indicator.unit))
                        if plain_text(indicator.unit)
                        else L.FOLLOWUP_UI["value"],
                        required=True,
                    ),
                },
            )
            if not _save(
                L.FOLLOWUP_UI["save_measurements"], key, save_measurements, int(indicator.id), base, edited
            ):
                return  # a failed or empty save: the indicators below it are left out


def funding(followup: FollowupData, laureate_id: int, today: date) -> None:
    granted = _by(followup.funding, "granted_on", today)
    mine = granted[granted["laureate_id"] == laureate_id]
    if mine.empty:
        st.caption(L.FOLLOWUP_MESSAGES["no_funding"])
        return
    st.markdown(L.FOLLOWUP_UI["funding_total"].format(total=fr_euros(mine["amount"].sum())))
    st.dataframe(
        mine.assign(amount=mine["amount"].map(fr_euros)),
        column_order=["tranche", "amount", "granted_on", "note"],
        column_config={
            "tranche": st.column_config.NumberColumn("Tranche", format="%d"),
            "amount": "Montant",
            "granted_on": st.column_config.DateColumn(L.FOLLOWUP_UI["granted_on"], format=COLUMN_DATE_FORMAT),
            "note": L.COLUMNS["note"],
        },
        hide_index=True,
        key=f"followup_funding_{laureate_id}",
    )


def partners(followup: FollowupData, laureate_id: int) -> None:
    names = followup.partners.loc[followup.partners["laureate_id"] == laureate_id, "name"].tolist()
    if names:
        st.markdown(L.FOLLOWUP_UI["partners"].format(names=", ".join(ui.md_escape(n) for n in names)))


_HISTORY_SKIP = {"id", "laureate", "source", "import_id", "changes", "indicator", "title"}


def _history_value(field: str, value: object) -> str:
    """A stored value as a manager reads it: French codes, dd/mm/yyyy dates, « vide »."""
    H = L.FOLLOWUP_HISTORY
    if value is None or value == "":
        return H["empty"]
    if field in ("milestone_status", "status"):  # "status": audit rows written before migration 0013
        return L.MILESTONE_STATUSES.get(value, L.SUPPORT_STATUSES.get(value, str(value)))
    if field == "strand":
        return L.STRANDS.get(value, str(value))
    if field in ("due_date", "measured_on", "granted_on"):
        try:
            return fr_date(date.fromisoformat(str(value)[:10]))
        except ValueError:
            return str(value)
    if field == "amount" and isinstance(value, int | float):
        return fr_euros(value)
    if isinstance(value, float) and not isinstance(value, bool):
        return fr_number(value) if value.is_integer() else fr_number(value, 2).rstrip("0")
    return str(value)


def history_detail(detail: object) -> str:
    """One audit row's detail (JSON written by the store) -> « Jalon « … » — Note : "a" → "b" ; … »."""
    H = L.FOLLOWUP_HISTORY
    try:
        values = json.loads(detail) if isinstance(detail, str) else None
    except ValueError:
        values = None
    if not isinstance(values, dict):
        return "" if detail is None or (not isinstance(detail, str) and pd.isna(detail)) else str(detail)
    subject = []
    if values.get("indicator"):
        subject.append(H["indicator"].format(name=values["indicator"]))
    if values.get("title"):
        subject.append(H["milestone"].format(title=values["title"]))
    if values.get("tranche") is not None and "changes" in values:
        subject.append(H["tranche"].format(tranche=values["tranche"]))
    parts = []
    changes = values.get("changes")
    if isinstance(changes, dict):
        for field, pair in changes.items():
            old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
            parts.append(
                H["change"].format(
                    field=H["fields"].get(field, field),
                    old=_history_value(field, old),
                    new=_history_value(field, new),
                )
            )
    else:
        for field, value in values.items():
            if field in _HISTORY_SKIP or value is None:
                continue
            parts.append(
                H["value"].format(field=H["fields"].get(field, field), value=_history_value(field, value))
            )
    text = " — ".join(p for p in (" · ".join(subject), " ; ".join(parts)) if p)
    if values.get("import_id") is not None:
        text += f" ({H['import'].format(id=values['import_id'])})"
    return text


def history(laureate_id: int) -> None:
    with st.expander(L.FOLLOWUP_UI["history"]):
        log = laureate_history(data.engine(), laureate_id)
        if log.empty:
            st.caption(L.FOLLOWUP_UI["no_history"])
            return
        st.dataframe(
            log.assign(
                action=log["action"].map(lambda a: L.AUDIT_ACTIONS.get(a, a)),
                detail=log["detail"].map(history_detail),
            ),
            column_config={
                "at": st.column_config.DatetimeColumn("Le", format=COLUMN_DATETIME_FORMAT),
                "acted_by": "Par",
                "action": "Action",
                "detail": st.column_config.TextColumn("Détail", width="large"),
            },
            hide_index=True,
            width="stretch",
            key=f"followup_history_{laureate_id}",
        )


def jury_scores(view, laureate: pd.Series) -> None:
    """The laureate's criterion scores against its cohort, when its dossier was scored by the jury."""
    from aic_dash.ui import jury

    if pd.isna(laureate["dossier_number"]):
        return
    number = int(laureate["dossier_number"])
    dossiers = data.all_dossiers(view.version)
    scored = jury.scores(view.version, dossiers[dossiers["number"] == number], view.settings)
    if scored["score"].notna().any():
        st.markdown(L.FOLLOWUP_UI["jury"])
        jury.laureate_scores(view, number, laureate["track"])


def laureate_section(view, followup: FollowupData, folio: pd.DataFrame, today: date) -> None:
    """One laureate: identity, support period, roadmap (editable), indicators, funding, jury scores."""
    settings = view.settings
    laureate_id = pick_laureate(folio)
    row = next(folio[folio["laureate_id"] == laureate_id].itertuples(index=False))
    laureate = followup.laureates[followup.laureates["id"] == laureate_id].iloc[0]
    _flash()
    st.subheader(ui.md_escape(laureate["name"]))
    _identity(settings, laureate)
    _support(followup, laureate_id, row, today)
    reached = f"{fr_int(row.milestones_reached)} / {fr_int(row.milestones_total)}"
    with st.container(horizontal=True, gap="small"):
        st.metric(L.FOLLOWUP_UI["reached"], reached, border=True, width="stretch")
        st.metric(L.FOLLOWUP_UI["progress"], fr_percent(row.progress), border=True, width="stretch")
        st.metric(L.FOLLOWUP_UI["late_short"], fr_int(row.milestones_late), border=True, width="stretch")
        granted = _by(followup.funding, "granted_on", today)
        total = granted.loc[granted["laureate_id"] == laureate_id, "amount"].sum()
        st.metric(L.FOLLOWUP_UI["funding"], fr_euros(total), border=True, width="stretch")
    st.markdown(L.FOLLOWUP_UI["roadmap"])
    st.caption(L.FOLLOWUP_UI["roadmap_help"] + L.FOLLOWUP_MESSAGES["late_rule"])
    milestones_editor(followup, laureate_id, today)
    st.markdown(L.FOLLOWUP_UI["indicator"])
    indicators(settings, followup, laureate_id, row, today)
    st.markdown(L.FOLLOWUP_UI["funding_partners"])
    funding(followup, laureate_id, today)
    partners(followup, laureate_id)
    open_data_fields(laureate_id)
    jury_scores(view, laureate)
    history(laureate_id)


# --- Cohorts and templates ----------------------------------------------------------------------------


def cohort_section(settings, followup: FollowupData, folio: pd.DataFrame, today: date, filters: Filters):
    cohort = progress_frame(folio)
    season_labels = {s.id: s.label for s in settings.seasons}
    shown = cohort.assign(
        season=cohort["season"].map(lambda s: season_labels.get(s, s)),
        track=_track_names(settings, cohort["track"]),
    ).rename(columns=L.COLUMNS)
    st.dataframe(
        ui.french_table(shown, percent=(L.COLUMNS["progress"],)),
        hide_index=True,
        width="stretch",
        key="followup_cohorts",
    )
    download_buttons(cohort, "progress", filters, key="followup_progress")
    ui.chart(
        _figure("cohort", cohort, ui.tracks_in_view(settings, filters), season_labels),
        key="followup_cohort",
    )
    selected = followup.milestones["laureate_id"].isin(folio["laureate_id"])  # selected by `today`
    counts = A.status_counts(followup.milestones[selected], today)
    if len(counts):
        names = followup.laureates.set_index("id")["name"]
        ui.chart(_figure("progress", counts, names), key="followup_progress_bars")


def templates() -> None:
    st.markdown(L.FOLLOWUP_MESSAGES["templates_help"])
    for kind in KINDS:
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            st.markdown(L.FOLLOWUP_UI["template"].format(kind=L.FOLLOWUP_KINDS[kind]))
            for fmt, mime, label in (("xlsx", XLSX, "Excel (.xlsx)"), ("csv", "text/csv", "CSV pour Excel")):
                st.download_button(
                    label,
                    data=_template(kind, fmt),
                    file_name=f"modele-{L.FOLLOWUP_KINDS[kind].split()[0]}.{fmt}",
                    mime=mime,
                    key=f"followup_template_{kind}_{fmt}",
                    on_click="ignore",
                    icon=":material/download:",
                )
