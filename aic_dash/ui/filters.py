"""The shared filters (season, round, track) in the sidebar, mirrored in the URL query string.

A link such as `/dossiers?saison=2023&volet=DINUM` opens the same view: the query string seeds the
widgets once per session, then every run writes the widgets' values back to it (Streamlit clears the
query string when the page changes, so it is rewritten on every page).
"""

from __future__ import annotations

import streamlit as st

from aic_dash import labels as L
from aic_dash.config import Settings
from aic_dash.store.queries import Filters

# Filter -> (session-state key of its widget, query-string parameter).
PARAMS = {
    "season": ("filter_season", "saison"),
    "round": ("filter_round", "selection"),
    "track": ("filter_track", "volet"),
}
_SEEDED = "_filters_seeded"
ALL = ""  # the "all" option (a selectbox needs a real value for it)


def _seed_from_url(settings: Settings) -> None:
    state = st.session_state
    if state.get(_SEEDED):
        return
    state[_SEEDED] = True
    params = st.query_params
    season = params.get(PARAMS["season"][1], ALL)
    if season in {s.id for s in settings.seasons}:
        state[PARAMS["season"][0]] = season
    round_ = params.get(PARAMS["round"][1], ALL)
    rounds = {r.id: r.season for r in settings.rounds}
    if round_ in rounds and season in (ALL, rounds[round_]):
        state[PARAMS["round"][0]] = round_
    track = params.get(PARAMS["track"][1], ALL)
    if track in {t.id for t in settings.tracks}:
        state[PARAMS["track"][0]] = track


def _write_url(filters: Filters) -> None:
    params = st.query_params
    for name, (_, param) in PARAMS.items():
        value = getattr(filters, name)
        if value:
            if params.get(param) != value:
                params[param] = value
        elif param in params:
            del params[param]


def sidebar_filters(settings: Settings) -> Filters:
    """Draw the three filters in the sidebar and return their values (None = all)."""
    _seed_from_url(settings)
    seasons = {s.id: s.label for s in settings.seasons}
    tracks = {t.id: t.label for t in settings.tracks}
    state = st.session_state
    with st.sidebar:
        season = st.selectbox(
            L.FILTER_LABELS["season"],
            [ALL, *seasons],
            format_func=lambda s: seasons.get(s, L.ALL_SEASONS),
            key=PARAMS["season"][0],
        )
        rounds = {r.id: r.label for r in settings.rounds if not season or r.season == season}
        if state.get(PARAMS["round"][0], ALL) not in (ALL, *rounds):
            state[PARAMS["round"][0]] = ALL  # the round of another season: back to all
        round_ = st.selectbox(
            L.FILTER_LABELS["round"],
            [ALL, *rounds],
            format_func=lambda r: rounds.get(r, L.ALL_ROUNDS),
            key=PARAMS["round"][0],
        )
        # The sidebar is too narrow for « Volet DITP (autres communs) »: short names, full ones in help.
        shorts = {t.id: L.TEXTS["track_name"].format(short=t.short_label) for t in settings.tracks}
        track = st.selectbox(
            L.FILTER_LABELS["track"],
            [ALL, *tracks],
            format_func=lambda t: shorts.get(t, L.ALL_TRACKS),
            key=PARAMS["track"][0],
            help=" ; ".join(tracks.values()),
        )
    filters = Filters(season or None, round_ or None, track or None)
    _write_url(filters)
    return filters


def current_filters() -> Filters:
    """The filters chosen in the sidebar this run (app.py draws them before the page runs)."""
    state = st.session_state
    values = [state.get(key, ALL) or None for key, _ in PARAMS.values()]
    return Filters(*values)


def describe(filters: Filters, settings: Settings) -> str:
    """`Saison 2023, Volet DINUM (communs numériques)` or `aucun filtre`."""
    parts = []
    if filters.season:
        parts.append(settings.season(filters.season).label)
    if filters.round:
        parts.append(next(r.label for r in settings.rounds if r.id == filters.round))
    if filters.track:
        parts.append(settings.track(filters.track).label)
    return ", ".join(parts) if parts else L.TEXTS["no_filter"]
