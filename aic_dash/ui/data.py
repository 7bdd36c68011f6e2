"""The app's reads: settings, engine and cached frames, keyed by a data version.

The version is the id of the latest successful import, read from the database at every run (one small
query): an import from the app, the CLI or a colleague's session changes it, so every cached frame is
reloaded at once. `clear()` after an import in the app also drops the caches explicitly.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from aic_dash import labels as L
from aic_dash.analytics.cohorts import parse_amount, parse_count
from aic_dash.analytics.laureates import ORGANISATION_FIELDS, TOWN_ANNOTATION
from aic_dash.analytics.pipeline import apply_filters
from aic_dash.config import Settings, database_url, demo_database_url, load_settings
from aic_dash.errors import AicError
from aic_dash.ingest.labels import normalize_label
from aic_dash.programme import form
from aic_dash.store import evaluations, origin, queries
from aic_dash.store.db import get_engine, has_schema, safe_url
from aic_dash.store.jury import load_scores
from aic_dash.store.queries import Filters


@st.cache_resource(show_spinner=False)
def _settings(path: str | None) -> Settings:
    return load_settings(path)


def settings() -> Settings:
    """The dashboard settings (AIC_DASH_SETTINGS, else data/settings.yaml); raises ConfigError."""
    return _settings(os.environ.get("AIC_DASH_SETTINGS"))


def url() -> str:
    """The database the app shows: AIC_DASH_DATABASE_URL; else the manager's own data/aic.sqlite once
    it holds an import; else the demo's data/demo.sqlite when `make run` built it (see `showing_demo`)."""
    if os.environ.get("AIC_DASH_DATABASE_URL"):
        return database_url()
    own, demo = database_url(), demo_database_url()
    if _sqlite_file_missing(demo) or _holds_imports(own):
        return own
    return demo


def _holds_imports(address: str) -> bool:
    if _sqlite_file_missing(address):
        return False
    try:
        return queries.data_version(get_engine(address)) is not None  # raises before any schema
    except (SQLAlchemyError, AicError):
        return False


def engine():
    return get_engine(url())


def import_engine():
    """Where the manager's files go: their own database, never the demo the app may be showing
    (the first import there makes the app show it from the next run on)."""
    return get_engine(database_url())


@st.cache_data(show_spinner=False, max_entries=8)
def _holds_demo(address: str, version: int | None) -> bool:
    del version  # the cache key: a new import may change the answer
    try:
        return origin.holds_demo(get_engine(address))
    except (SQLAlchemyError, AicError):
        return False


def showing_demo() -> bool:
    """True when the database in view holds the demo's fictitious dossiers."""
    address = url()
    if _sqlite_file_missing(address):
        return False
    return _holds_demo(address, status().version)


@dataclass(frozen=True)
class Status:
    """Where the database stands: "ok", "empty" (nothing imported yet) or "error" (with a message)."""

    state: str
    version: int | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.state == "ok"


def _sqlite_file_missing(address: str) -> bool:
    # Do not create an empty SQLite file just by looking: `make run` fills the demo only when it is absent.
    try:
        parsed = make_url(address)
    except ArgumentError:
        return False
    database = parsed.database or ""
    return (
        parsed.get_backend_name() == "sqlite"
        and database not in ("", ":memory:")
        and not (Path(database).exists())
    )


def status() -> Status:
    """Where the database stands; never raises. Read once per run inside `one_status_per_run` (app.py),
    else at every call."""
    held = _RUN_STATUS.get()
    return held if held is not None else _read_status()


# The status of the run in progress (`one_status_per_run`): every part of a page sees the same data
# version, and the banner, the filters and the page do not each ask the database again.
_RUN_STATUS: ContextVar[Status | None] = ContextVar("aic_dash_run_status", default=None)


@contextlib.contextmanager
def one_status_per_run() -> Iterator[None]:
    """Within this block `status()` reads the database once and answers the same until `clear()`."""
    token = _RUN_STATUS.set(_read_status())
    try:
        yield
    finally:
        _RUN_STATUS.reset(token)


def _read_status() -> Status:
    address = url()
    if _sqlite_file_missing(address):
        return Status("empty")
    try:
        eng = engine()
        try:
            version = queries.data_version(eng)  # one query: the common case
        except SQLAlchemyError:
            # No schema yet, or no server: ask the server first (has_schema reads an unreachable
            # server as "no schema"), then the schema.
            with eng.connect():
                pass
            if not has_schema(eng):
                return Status("empty")
            version = queries.last_import_id(eng)
    except (SQLAlchemyError, AicError) as exc:
        return Status("error", message=safe_url(address) + f" — {type(exc).__name__}")
    _retire_older(address, version)
    return Status("ok" if version is not None else "empty", version)


# The newest data version this process has seen, per database.
_NEWEST: dict[str, int] = {}
_NEWEST_LOCK = threading.Lock()


def _retire_older(address: str, version: int | None) -> None:
    """The first run to see a newer data version lets the caches of the older ones go at once.

    Every cache is keyed on the version, so nothing stale is ever shown; but the older version's frames
    and views would stay until pushed out, and right after an import two versions of every dossier were
    alive together (the server's memory peak of bench/load_sessions.py). Runs still drawing the older
    version keep what they hold until they end."""
    if version is None:
        return
    with _NEWEST_LOCK:
        seen = _NEWEST.get(address)
        if seen is not None and version <= seen:
            return
        _NEWEST[address] = version
    if seen is not None:
        clear()


COLUMNS = (*queries.DOSSIER_LIST_COLUMNS, "first_import_id")


# One frame shared by every session (cache_resource), not a private copy per session and run
# (cache_data): a page's download buttons keep its frame alive as long as Streamlit keeps the session,
# two minutes after the tab closes, so copies piled up under load (bench/load_sessions.py).
@st.cache_resource(show_spinner=L.TEXTS["loading_dossiers"], max_entries=2)
def _all_dossiers(address: str, version: int | None) -> pd.DataFrame:
    engine = get_engine(address)
    frame = None
    with _READ_LOCK:
        held = _READ.get(address)
    if held is not None and version is not None and held[0] < version:
        frame = queries.refresh_dossiers(engine, held[2], held[0], held[1], COLUMNS)
    if frame is None:
        frame = queries.load_dossiers(engine, columns=COLUMNS)
    if version is not None:
        mark = queries.import_mark(engine, version)
        with _READ_LOCK:
            if address not in _READ or _READ[address][0] <= version:
                _READ[address] = (version, mark, frame)
    return frame


# The newest frame read per database, with its data version and `queries.import_mark`: the next version
# reads only the dossiers its imports created or changed (`queries.refresh_dossiers`). It is the frame
# the cache holds, not a copy.
_READ: dict[str, tuple[int, tuple | None, pd.DataFrame]] = {}
_READ_LOCK = threading.Lock()


def all_dossiers(version: int | None) -> pd.DataFrame:
    """Every dossier: the columns of `queries.DOSSIER_LIST_COLUMNS` and first_import_id.

    A shallow copy of the shared frame: with copy-on-write, what a page changes stays in its copy."""
    return _all_dossiers(url(), version).copy(deep=False)


# Shared too: twenty managers on the same season filter 100 000 rows once, not twenty times (the
# first session computes a key, the others wait for it). Eight filter choices at most stay in memory.
@st.cache_resource(show_spinner=False, max_entries=8)
def _filtered(address: str, version: int | None, season: str, round_: str, track: str) -> pd.DataFrame:
    frame = _all_dossiers(address, version)
    filters = Filters(season or None, round_ or None, track or None)
    return frame if filters == Filters() else apply_filters(frame, filters)


def shared_dossiers(version: int | None, filters: Filters) -> pd.DataFrame:
    """The dossiers matching the shared filters, as the frame every session shares: never change it
    in place (`dossiers()` gives a copy a page may change)."""
    return _filtered(url(), version, filters.season or "", filters.round or "", filters.track or "")


def dossiers(version: int | None, filters: Filters) -> pd.DataFrame:
    """The dossiers matching the shared filters; filtering in memory keeps a filter change fast."""
    return shared_dossiers(version, filters).copy(deep=False)


@st.cache_data(show_spinner=False, max_entries=2)
def _last_import(address: str, version: int | None) -> LastImport:
    if version is None:
        return LastImport(pd.DataFrame(columns=["number", "change", "previous_stage", "stage"]), False)
    eng = get_engine(address)
    history = queries.import_history(eng)
    # Jury grids and follow-up files are imports too, but only dossier imports change the pipeline.
    stored = history[(history["outcome"] == "importe") & (history["kind"] == "dossiers")]
    if stored.empty:
        return LastImport(pd.DataFrame(columns=["number", "change", "previous_stage", "stage"]), False)
    latest_id = int(stored["id"].max())
    earlier = bool((stored["id"] < latest_id).any())
    latest = stored[stored["id"] == latest_id]
    return LastImport(
        queries.import_changes(eng, latest_id, change="modifie"),
        earlier,
        str(latest["file_name"].iloc[0]) if len(latest) else "",
        latest["started_at"].iloc[0] if len(latest) else None,
        latest_id,
    )


@dataclass(frozen=True)
class LastImport:
    """The latest successful import: the dossiers it modified (number, change, previous_stage, stage;
    the ones it created have first_import_id == its id), whether an import succeeded before it, and
    its id, file and start time."""

    moved: pd.DataFrame
    earlier: bool
    file_name: str = ""
    started_at: pd.Timestamp | None = None
    import_id: int | None = None


def last_import(version: int | None) -> LastImport:
    return _last_import(url(), version)


# Shared like the dossiers (cache_data unpickled a private copy of 100 000 rows at every call: a third
# of a warm Lauréats run).
@st.cache_resource(show_spinner=L.TEXTS["loading_answers"], max_entries=2)
def _answers(address: str, version: int | None) -> pd.DataFrame:
    fields = queries.load_field_values(
        get_engine(address),
        (form.HEARD_LABEL, form.BUDGET_2022_LABEL, form.CONTRIBUTORS_LABEL),
        (TOWN_ANNOTATION, *ORGANISATION_FIELDS),
    )
    organisation = fields[list(ORGANISATION_FIELDS)].replace("", None).bfill(axis=1).iloc[:, 0]
    return pd.DataFrame(
        {
            "heard": fields[form.HEARD_LABEL],
            "budget": _parse_each(fields[form.BUDGET_2022_LABEL], parse_amount),
            "contributors": _parse_each(fields[form.CONTRIBUTORS_LABEL], parse_count),
            "town": fields[TOWN_ANNOTATION],
            "organisation": organisation,
        },
        index=fields.index,
    )


def _parse_each(texts: pd.Series, parse) -> pd.Series:
    """Parse each distinct text once (answers repeat a lot: "12", "une dizaine"…)."""
    distinct = texts.dropna().unique()
    return texts.map(dict(zip(distinct, map(parse, distinct)))).astype("float64")


def answers(version: int | None) -> pd.DataFrame:
    """Per dossier number: heard (raw answer), budget and contributors (parsed), town, organisation.

    A shallow copy of the shared frame: with copy-on-write, what a page changes stays in its copy."""
    return _answers(url(), version).copy(deep=False)


def published_laureates() -> dict[str, tuple[str | None, str | None]]:
    """Normalised project name -> (organisation, town) of the laureates the programme published."""
    try:
        from aic_dash.programme.laureates import PUBLIC_LAUREATES
    except ImportError:  # the list ships with the demo; without it, cards use the export alone
        return {}
    return {normalize_label(lau.name): (lau.organisation, lau.town) for lau in PUBLIC_LAUREATES}


@st.cache_data(show_spinner=False, max_entries=64)
def _dossier_fields(address: str, version: int | None, number: int) -> list[tuple[str, str]]:
    return queries.dossier_fields(get_engine(address), number)


def dossier_fields(version: int | None, number: int) -> list[tuple[str, str]]:
    return _dossier_fields(url(), version, number)


@st.cache_data(show_spinner=False, max_entries=64)
def _dossier_history(address: str, version: int | None, number: int) -> pd.DataFrame:
    return queries.dossier_history(get_engine(address), number)


def dossier_history(version: int | None, number: int) -> pd.DataFrame:
    return _dossier_history(url(), version, number)


def import_history() -> pd.DataFrame:
    """Import runs, newest first (not cached: rejected imports matter too and the query is small)."""
    if _sqlite_file_missing(url()):
        return pd.DataFrame()
    return queries.import_history(engine())


# Caches built on these reads elsewhere (the pages' shared views, aic_dash.ui.views), dropped with them.
_BUILT_ON_READS: list = []


def jury_stamp() -> tuple:
    """What changes when a juror submits in the app (no import, so no new data version)."""
    return evaluations.stamp(engine())


# Shared like the dossiers (a jury import is an import: a new version; jurors scoring in the app change
# the stamp). Never change it in place.
@st.cache_resource(show_spinner=L.TEXTS["loading_scores"], max_entries=2)
def _jury_scores(address: str, settings_path: str, version: int | None, stamp: tuple) -> pd.DataFrame:
    del address, settings_path, version, stamp  # the key; settings() and engine() read the same
    return load_scores(engine(), settings())


def jury_scores(version: int | None, stamp: tuple) -> pd.DataFrame:
    """Every jury score (`store.jury.load_scores`), shared by every session: never change it in place."""
    return _jury_scores(url(), os.environ.get("AIC_DASH_SETTINGS", ""), version, stamp)


def built_on_reads(*caches) -> None:
    """Register caches computed from these reads, so that `clear` drops them too."""
    _BUILT_ON_READS.extend(caches)


def clear() -> None:
    """Drop every cached read and what was built on them (after an import in this session)."""
    _RUN_STATUS.set(None)  # the rest of this run reads the new version
    for cached in (
        _holds_demo, _all_dossiers, _filtered, _last_import, _answers, _dossier_fields, _dossier_history,
        _jury_scores,
        *_BUILT_ON_READS,
    ):  # fmt: skip
        cached.clear()
