"""What the dossier pages compute, once per database, data version and filters, shared by every session.

Twenty managers opening the Pipeline on the same season should cost close to one: the figures, tables and
KPI values a page shows depend only on the data version and the shared filters, so they are computed by
the first session asking (Streamlit's cache_resource: the others wait for that key, then reuse it) and
the pages only draw them. What depends on the clock (days waited) or on the session (widgets) is
computed at each run from small frames. Figures are shared objects: pages pass them to `st.plotly_chart`,
which only reads them; nothing here may be changed in place.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from pandas.io.formats.style import Styler

from aic_dash.analytics import cohorts, kpis, pipeline, timing
from aic_dash.analytics import scores as jury_scores
from aic_dash.analytics.dossiers import search_dossiers
from aic_dash.analytics.kpis import Kpis
from aic_dash.charts import jury as jury_charts
from aic_dash.charts import pipeline as charts
from aic_dash.format import fr_int
from aic_dash.reports.jury import ranking_frame
from aic_dash.store.queries import Filters
from aic_dash.ui import components as ui
from aic_dash.ui import data, dossier

# Views of this many filter choices (and data versions) stay in memory at most, per page; a view
# holds figures and small tables (tens of kB), the frames themselves are shared with `data`.
MAX_VIEWS = 16
MAX_LISTS = 6

# Streamlit runs a full garbage collection after every script run (runner.postScriptGC). By the time a
# page imports this module, the process holds what it keeps until it ends (pandas, plotly, SQLAlchemy…):
# walking those objects at every run took 0.1 s of the 0.15 s a warm Pipeline run cost the server,
# holding the interpreter lock every session needs. Freezing them once leaves each collection with what the
# runs create (measured on 100 000 dossiers: 0.14 s of server CPU a run before, 0.05 s after).
gc.freeze()


def _key(version: int | None, filters: Filters) -> tuple:
    """The cache key of a view: database, settings file, data version, filters."""
    return (
        data.url(),
        os.environ.get("AIC_DASH_SETTINGS", ""),
        version,
        filters.season or "",
        filters.round or "",
        filters.track or "",
    )


def _filters(season: str, round_: str, track: str) -> Filters:
    return Filters(season or None, round_ or None, track or None)


def key(version: int | None, filters: Filters) -> tuple:
    """A view's cache key (`_key`), for the shared views other UI modules make."""
    return _key(version, filters)


def filters_of(view_key: tuple) -> Filters:
    """The filters of a cache key from `key`."""
    return _filters(*view_key[3:6])


# --- Pipeline ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PipelineView:
    """Everything the Pipeline page shows for one data version and filter choice."""

    current: Kpis
    changes: dict[str, float | None] | None
    file_name: str
    started_at: pd.Timestamp | None
    funnel: go.Figure
    stage_table: pd.DataFrame
    stage_rows: pd.DataFrame  # stage_table in French words, as shown
    stage_display: Styler  # stage_rows with French numbers (`ui.share_styler`)
    stage_counts: pd.DataFrame  # the download
    cumulative: go.Figure
    decision_time: go.Figure
    no_decision: bool
    capacity: go.Figure
    no_capacity: bool
    waiting: pd.DataFrame  # the undecided dossiers deposited first; their days are counted at each run
    waiting_rows: pd.DataFrame  # the same in French words, as shown, without waiting_days


@st.cache_resource(show_spinner=False, max_entries=MAX_VIEWS)
def _pipeline(
    address: str, settings_path: str, version: int | None, season: str, round_: str, track: str
) -> PipelineView:
    del address, settings_path  # part of the key; data.* read the same database and settings
    settings, filters = data.settings(), _filters(season, round_, track)
    frame = data.shared_dossiers(version, filters)
    tracks = ui.tracks_in_view(settings, filters)
    track_ids = [t.id for t in tracks]

    latest = data.last_import(version)
    created = frame["first_import_id"] == latest.import_id
    levels = kpis.funnel_level(frame)
    current, changes = kpis.kpis_with_changes(frame, created, latest.moved, latest.earlier, levels)

    times = timing.decision_times(frame, track_ids)
    seasons = [filters.season] if filters.season else sorted(frame["season"].dropna().unique())
    capacity = pipeline.capacity_use(frame, seasons, track_ids, settings.capacity_for)
    season_labels = {s.id: s.label for s in settings.seasons}
    curve = timing.cumulative_submissions(frame, track_ids)
    stage_table = pipeline.stage_track_table(frame, track_ids)
    # Which dossiers wait longest does not depend on the clock: only their days waited do.
    waiting = pipeline.longest_waiting(frame, pd.Timestamp.now(tz=settings.timezone))
    stage_rows = ui.stage_table_rows(stage_table, tracks)
    return PipelineView(
        current=current,
        changes=changes,
        file_name=latest.file_name,
        started_at=latest.started_at,
        funnel=ui.share_figure(charts.funnel_figure(kpis.funnel_by_track(frame, track_ids, levels), tracks)),
        stage_table=stage_table,
        stage_rows=stage_rows,
        stage_display=ui.french_table(stage_rows, shared=True),
        stage_counts=pipeline.stage_counts(frame),
        cumulative=ui.share_figure(charts.cumulative_figure(curve, tracks, ui.deadlines(settings, filters))),
        decision_time=ui.share_figure(charts.decision_time_figure(times, tracks)),
        no_decision=bool(times["decided"].iloc[-1] == 0),
        capacity=ui.share_figure(charts.capacity_figure(capacity, tracks, season_labels)),
        no_capacity=bool(capacity["capacity"].isna().all()),
        waiting=waiting,
        waiting_rows=ui.waiting_rows(waiting, settings),
    )


def pipeline_view(version: int | None, filters: Filters) -> PipelineView:
    """The Pipeline page's figures and tables for `filters` (computed once, shared by every session)."""
    return _pipeline(*_key(version, filters))


@st.cache_resource(show_spinner=False, max_entries=MAX_VIEWS)
def _waiting(view_key: tuple, shown_days: tuple[str, ...], _days: tuple[float, ...]) -> Styler:
    del shown_days  # the key: what the table shows; `_days` (not hashed) are the values behind it
    view = _pipeline(*view_key)
    return ui.french_ints(view.waiting_rows.assign(waiting_days=list(_days)), ["waiting_days"], shared=True)


def waiting_table(version: int | None, filters: Filters, now: pd.Timestamp) -> Styler:
    """The Pipeline's « waiting longest » table at `now`, in French: made once for each set of days
    shown (they change once a day per dossier), shared by every session."""
    days = pipeline.waiting_days(pipeline_view(version, filters).waiting["deposited_at"], now)
    return _waiting(_key(version, filters), tuple(fr_int(d) for d in days), tuple(days.tolist()))


# --- Cohortes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortsView:
    """The Cohortes page's summary table and figures (the jury section reads its own scores)."""

    summary: pd.DataFrame  # codes, for the download
    shown: pd.DataFrame  # French names, for the table
    org_mix: go.Figure
    rates: go.Figure
    heard: go.Figure
    budget: go.Figure
    contributors: go.Figure


@st.cache_resource(show_spinner=False, max_entries=MAX_VIEWS)
def _cohorts(
    address: str, settings_path: str, version: int | None, season: str, round_: str, track: str
) -> CohortsView:
    del address, settings_path
    from aic_dash import labels as L
    from aic_dash.programme import form

    settings, filters = data.settings(), _filters(season, round_, track)
    frame = data.shared_dossiers(version, filters)
    tracks = ui.tracks_in_view(settings, filters)
    in_view = set(frame["round"].dropna())
    cohort_labels = {r.id: r.label for r in settings.rounds if r.id in in_view}
    answers = data.answers(version)

    summary = cohorts.cohort_summary(frame, answers)
    shown = summary.assign(
        round=summary["round"].map(cohort_labels),
        track=summary["track"].map(lambda t: ui.track_name(settings, t)),
    ).rename(columns={**L.COLUMNS, **L.KPIS})
    heard = cohorts.heard_of_call(frame, answers["heard"])
    budgets = cohorts.box_stats(cohorts.declared_values(frame, answers, "budget"))
    people = cohorts.box_stats(cohorts.declared_values(frame, answers, "contributors"))
    return CohortsView(
        summary=summary,
        shown=shown,
        org_mix=charts.org_mix_figure(cohorts.org_mix(frame), tracks, cohort_labels),
        rates=charts.rates_figure(summary, tracks, cohort_labels),
        heard=charts.heard_figure(heard, tracks, cohort_labels, form.HEARD_CHOICES),
        budget=charts.declared_figure(
            budgets, tracks, cohort_labels, L.CHARTS["budget"], L.CHARTS["budget_y"], True
        ),
        contributors=charts.declared_figure(
            people, tracks, cohort_labels, L.CHARTS["contributors"], L.CHARTS["contributors_y"]
        ),
    )


def cohorts_view(version: int | None, filters: Filters) -> CohortsView:
    """The Cohortes page's table and figures for `filters` (computed once, shared by every session)."""
    return _cohorts(*_key(version, filters))


# --- Dossiers ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DossierList:
    """The Dossiers page's list for one search: the dossiers, the table's rows in French words and
    its widget key (`dossier.table_rows`), and the download (codes)."""

    found: pd.DataFrame
    rows: dossier.TableRows
    export: pd.DataFrame


# Fewer lists than views: a list may hold every dossier in view, in French words.
@st.cache_resource(show_spinner=False, max_entries=MAX_LISTS)
def _search(
    address: str,
    settings_path: str,
    version: int | None,
    season: str,
    round_: str,
    track: str,
    query: str,
    stages: tuple[str, ...],
) -> DossierList:
    del address, settings_path
    frame = data.shared_dossiers(version, _filters(season, round_, track))
    found = search_dossiers(frame, query, list(stages))
    return DossierList(found, dossier.table_rows(found, data.settings()), dossier.export_frame(found))


def search(version: int | None, filters: Filters, query: str, stages: list[str] | None) -> DossierList:
    """The Dossiers page's list: the dossiers in view matching the search text and the chosen stages
    (see `analytics.dossiers.search_dossiers`), computed once per search and shared."""
    return _search(*_key(version, filters), query or "", tuple(stages or ()))


# --- Jury (the Jury page, the Cohortes page's jury section, the laureates' scores) -----------------------
# Keyed on the jury stamp too: jurors submitting in the app change the scores without an import.


@dataclass(frozen=True)
class ScoresInView:
    """The jury scores of the dossiers in view (`store.jury.load_scores`' columns) and the valid ones."""

    scores: pd.DataFrame
    valid: pd.DataFrame


@st.cache_resource(show_spinner=False, max_entries=MAX_VIEWS)
def _scores(
    address: str, settings_path: str, version: int | None, season: str, round_: str, track: str, stamp: tuple
) -> ScoresInView:
    del address, settings_path
    frame = data.jury_scores(version, stamp)
    dossiers = data.shared_dossiers(version, _filters(season, round_, track))
    mine = frame[frame["dossier"].isin(dossiers["number"].astype("int64"))]
    return ScoresInView(mine, jury_scores.valid_scores(mine))


def scores_in_view(version: int | None, filters: Filters) -> ScoresInView:
    """The jury scores of the dossiers matching the filters (computed once, shared: never change them)."""
    return _scores(*_key(version, filters), data.jury_stamp())


@dataclass(frozen=True)
class JuryView:
    """What the Jury page shows beside the chosen cohort: ranking, jurors, agreement."""

    ranking: pd.DataFrame  # every column of reports.jury.ranking_frame
    stats: pd.DataFrame  # analytics.scores.juror_stats
    agreement: pd.DataFrame  # analytics.scores.agreement
    severity: go.Figure


@st.cache_resource(show_spinner=False, max_entries=MAX_VIEWS)
def _jury(
    address: str,
    settings_path: str,
    version: int | None,
    season: str,
    round_: str,
    track: str,
    stamp: tuple,
    normalised: bool,
) -> JuryView:
    settings, filters = data.settings(), _filters(season, round_, track)
    in_view = _scores(address, settings_path, version, season, round_, track, stamp).scores
    dossiers = data.shared_dossiers(version, filters)
    criteria = [c.number for c in settings.programme.criteria]
    ranking = ranking_frame(in_view, dossiers, data.all_dossiers(version), settings, normalised=normalised)
    stats = jury_scores.juror_stats(in_view, dossiers, criteria)
    pooled = stats.groupby("juror", as_index=False)["severity"].mean()
    return JuryView(
        ranking=ranking,
        stats=stats,
        agreement=jury_scores.agreement(in_view, criteria),
        severity=ui.share_figure(jury_charts.severity_figure(pooled)),
    )


def jury_view(
    version: int | None, filters: Filters, normalised: bool, stamp: tuple | None = None
) -> JuryView:
    """The Jury page's ranking (raw or normalised), juror statistics and agreement (computed once, shared);
    `stamp` is `data.jury_stamp()`, read again when not given."""
    return _jury(*_key(version, filters), data.jury_stamp() if stamp is None else stamp, normalised)


@dataclass(frozen=True)
class CriteriaView:
    """The Cohortes page's jury section: figures per criterion, and the criteria's whole names."""

    names: dict[int, str]
    box: go.Figure
    radar: go.Figure
    heatmap: go.Figure
    seasons: go.Figure
    profiles: tuple[tuple[str, go.Figure], ...]  # (track id, figure), for the tracks that have a profile


@st.cache_resource(show_spinner=False, max_entries=MAX_VIEWS)
def _criteria(
    address: str, settings_path: str, version: int | None, season: str, round_: str, track: str, stamp: tuple
) -> CriteriaView:
    settings, filters = data.settings(), _filters(season, round_, track)
    shared = _scores(address, settings_path, version, season, round_, track, stamp)
    in_view, valid = shared.scores, shared.valid
    dossiers = data.shared_dossiers(version, filters)
    tracks = ui.tracks_in_view(settings, filters)
    # Whole names: the charts wrap them or show `C1` with the name in the hover, never a cut name.
    names = jury_charts.criterion_labels(settings.programme.criteria, length=200)
    bounds = (settings.scoring.min, settings.scoring.max)
    with_track = valid.merge(
        dossiers[["number", "track"]].rename(columns={"number": "dossier"}), on="dossier", how="inner"
    )
    per_track = with_track.groupby(["track", "criterion"])["score"].mean().rename("mean").reset_index()
    cohorts_ = jury_scores.criterion_cohorts(in_view, dossiers)
    profile = jury_scores.criterion_profile(in_view, dossiers)
    profiles = tuple(
        (style.id, ui.share_figure(jury_charts.profile_figure(profile, style, names, bounds)))
        for style in tracks
        if len(profile) and (profile["track"] == style.id).any()
    )
    return CriteriaView(
        names=names,
        box=ui.share_figure(jury_charts.criterion_box_figure(with_track, tracks, names)),
        radar=ui.share_figure(jury_charts.track_radar_figure(per_track, tracks, names, bounds)),
        heatmap=ui.share_figure(jury_charts.criterion_heatmap_figure(per_track, tracks, names, bounds)),
        seasons=ui.share_figure(jury_charts.criterion_seasons_figure(cohorts_, tracks, names, bounds)),
        profiles=profiles,
    )


def criteria_view(version: int | None, filters: Filters) -> CriteriaView:
    """The Cohortes page's jury figures for `filters` (computed once, shared by every session)."""
    return _criteria(*_key(version, filters), data.jury_stamp())


@st.cache_resource(show_spinner=False, max_entries=64)
def _laureate_scores(
    address: str, settings_path: str, version: int | None, stamp: tuple, number: int, track: str
) -> go.Figure | None:
    del address, settings_path
    settings, dossiers = data.settings(), data.all_dossiers(version)
    everyone = data.jury_scores(version, stamp)
    frame = jury_scores.laureate_scores_vs_cohort(
        everyone[everyone["dossier"].isin(dossiers["number"].astype("int64"))], dossiers, number
    )
    if frame.empty:
        return None
    colours = {t.id: t.colour for t in ui.tracks(settings)}
    names = {c.number: f"C{c.number}" for c in settings.programme.criteria}
    bounds = (settings.scoring.min, settings.scoring.max)
    return ui.share_figure(
        jury_charts.laureate_vs_cohort_figure(frame, names, colours.get(track, "#5C68E5"), bounds)
    )


def laureate_scores_figure(version: int | None, number: int, track: object) -> go.Figure | None:
    """A laureate's criterion scores against its cohort's (None when it was not scored); shared."""
    no_filter = _key(version, Filters())[:3]
    return _laureate_scores(*no_filter, data.jury_stamp(), int(number), "" if track is None else str(track))


data.built_on_reads(_pipeline, _waiting, _cohorts, _search, _scores, _jury, _criteria, _laureate_scores)
