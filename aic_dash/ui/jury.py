"""The Jury page's pieces, and the criterion views the Cohortes and Lauréats pages can show.

Scores are read once per data version (a jury import is an import: it changes the version) and filtered
in memory by the dossiers in view, like the dossiers themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from aic_dash import labels as L
from aic_dash.analytics import scores as A
from aic_dash.charts import jury as jury_charts
from aic_dash.config import Settings
from aic_dash.format import fr_number
from aic_dash.ui import components as ui
from aic_dash.ui import data, tables, views

MODE_KEY = "jury_mode"
COHORT_KEY = "jury_cohort"
DOSSIER_KEY = "jury_dossier"
# The view in the URL: ?notes=normalisees&cohorte=2023.2023-2.DINUM (season.round.track).
MODE_PARAM, COHORT_PARAM = "notes", "cohorte"
MODE_PARAMS = {"raw": "brutes", "normalised": "normalisees"}
AGREEMENT_THRESHOLD = 0.67  # Krippendorff's own threshold for tentative conclusions


def scores(version: int | None, dossiers: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The jury scores of `dossiers` (see `store.jury.load_scores`), from the frame every session shares."""
    del settings  # the shared frame is read with the app's settings
    frame = data.jury_scores(version, data.jury_stamp())
    return frame[frame["dossier"].isin(dossiers["number"].astype("int64"))]


def criteria(settings: Settings) -> list[int]:
    return [c.number for c in settings.programme.criteria]


def scale(settings: Settings) -> tuple[float, float]:
    return (settings.scoring.min, settings.scoring.max)


def _write_param(name: str, value: str | None) -> None:
    """Mirror a view choice in the URL, so that a shared link opens the same view."""
    params = st.query_params
    if value is None:
        if name in params:
            del params[name]
    elif params.get(name) != value:
        params[name] = value


def mode_toggle() -> bool:
    """Raw or normalised scores; True for normalised. Seeded from `?notes=normalisees`."""
    modes = list(MODE_PARAMS)
    asked = st.query_params.get(MODE_PARAM)
    index = next((i for i, m in enumerate(modes) if MODE_PARAMS[m] == asked), 0)
    choice = st.radio(
        L.JURY["mode"],
        modes,
        index=index,
        format_func=lambda m: L.JURY["mode_raw"] if m == "raw" else L.JURY["mode_normalised"],
        horizontal=True,
        help=L.JURY["mode_help"],
        key=MODE_KEY,
    )
    _write_param(MODE_PARAM, MODE_PARAMS[choice] if choice != "raw" else None)
    return choice == "normalised"


def cohort_name(settings: Settings, season: object, round_: object, track: object) -> str:
    rounds = {r.id: r.label for r in settings.rounds}
    return f"{rounds.get(round_, round_ or L.NO_ROUND)} · {ui.track_name(settings, track)}"


def cohort_picker(ranking: pd.DataFrame, settings: Settings) -> tuple:
    """Choose one season/round/track of the ranking (default: the latest round, first track)."""
    order = {r.id: i for i, r in enumerate(settings.rounds)}
    track_order = {t.id: i for i, t in enumerate(settings.tracks)}
    keys = ranking[A.COHORT].drop_duplicates()
    options = sorted(
        (tuple(k) for k in keys.itertuples(index=False)),
        key=lambda k: (order.get(k[1], len(order)), track_order.get(k[2], len(track_order))),
    )
    latest = options[-1][1]
    default = next(i for i, k in enumerate(options) if k[1] == latest)
    asked = st.query_params.get(COHORT_PARAM)
    default = next((i for i, k in enumerate(options) if cohort_token(k) == asked), default)
    if st.session_state.get(COHORT_KEY) not in options:
        st.session_state.pop(COHORT_KEY, None)
    chosen = st.selectbox(
        L.JURY["cohort"],
        options,
        index=default,
        format_func=lambda k: cohort_name(settings, *k),
        key=COHORT_KEY,
    )
    _write_param(COHORT_PARAM, cohort_token(chosen))
    return chosen


def cohort_token(cohort: tuple) -> str:
    """(season, round, track) -> `2023.2023-2.DINUM`, its form in the URL and in widget keys."""
    return ".".join("" if v is None or pd.isna(v) else str(v) for v in cohort)


def dossier_key(cohort: tuple) -> str:
    """The « Dossier » selector's key: one per cohort, so that it never keeps another cohort's dossier."""
    return f"{DOSSIER_KEY}-{cohort_token(cohort)}"


def _decimals(frame: pd.DataFrame, columns: list[str], decimals: int = 2, ints: tuple[str, ...] = ()):
    """French numbers: `columns` with `decimals` decimals, `ints` as integers (`1 192`)."""
    formats = {c: (lambda v, d=decimals: fr_number(v, d)) for c in columns}
    return frame.style.format({**formats, **{c: fr_number for c in ints}}, na_rep="–")


def ranking_rows(cohort: pd.DataFrame, settings: Settings):
    """The cohort's ranking as the table shows it: stages in words, the flags, French numbers (a Styler)."""
    means = [A.criterion_column(n) for n in criteria(settings)]
    shown = cohort.assign(
        stage=cohort["stage"].map(L.STAGES),
        flags=[
            " ".join(
                mark
                for mark, on in (
                    ("⚠ désaccord", disagree),
                    (f"conflit ×{conflicts}" if conflicts else "", conflicts),
                    ("ex æquo à la limite", tie),
                )
                if on
            )
            for disagree, conflicts, tie in zip(
                cohort["disagreement"], cohort["conflicts"], cohort["tie_at_cutoff"]
            )
        ],
    )[["rank", "project", "dossier", "stage", "weighted_score", "n_jurors", "spread", "flags", *means]]
    return _decimals(shown, ["weighted_score", "spread", *means])


def show_ranking_table(rows, settings: Settings, normalised: bool = False) -> None:
    """The table of `ranking_rows` (or its shared copy), with French column names."""
    numbers = criteria(settings)
    means = [A.criterion_column(n) for n in numbers]
    tables.table(
        rows,
        column_config={
            "rank": st.column_config.NumberColumn(L.COLUMNS["rank"], format="%d", pinned=True),
            "project": st.column_config.TextColumn(L.COLUMNS["project"], width=280),  # whole names
            "dossier": st.column_config.NumberColumn(L.COLUMNS["dossier"], format="%d"),
            "stage": L.COLUMNS["stage"],
            "weighted_score": L.JURY["normalised_score"] if normalised else L.COLUMNS["weighted_score"],
            "n_jurors": st.column_config.NumberColumn(L.COLUMNS["n_jurors"], format="%d"),
            "spread": L.COLUMNS["spread"],
            "flags": st.column_config.TextColumn("Alertes", width="medium"),
            **{m: f"C{n}" for m, n in zip(means, numbers)},
        },
        key="jury_ranking_table",
    )


def ranking_table(cohort: pd.DataFrame, settings: Settings, normalised: bool = False) -> None:
    """The cohort's ranking with its flags and the criterion means (normalised ones when asked)."""
    show_ranking_table(ranking_rows(cohort, settings), settings, normalised)


@dataclass(frozen=True)
class CohortView:
    """One cohort of the Jury page's ranking: its rows, chart, table and ties (made once, shared)."""

    cohort: pd.DataFrame  # the ranking's rows of this season, round and track
    figure: go.Figure
    table: object  # a shared Styler (`ui.share_styler`) of `ranking_rows`
    tied: list[str]  # the projects tied at the cut-off
    no_cutoff: bool


@st.cache_resource(show_spinner=False, max_entries=views.MAX_VIEWS)
def _cohort_view(key: tuple, stamp: tuple, normalised: bool, token: str, _cohort: tuple) -> CohortView:
    del token  # the key of `_cohort`, which holds no hashable form of a missing round
    version, filters = key[2], views.filters_of(key)
    settings = data.settings()
    ranking = views.jury_view(version, filters, normalised, stamp).ranking
    season, round_, track = _cohort
    cohort = ranking[
        (ranking["season"] == season) & (ranking["round"] == round_) & (ranking["track"] == track)
    ]
    return CohortView(
        cohort=cohort,
        figure=ui.share_figure(jury_charts.ranking_figure(cohort, ui.tracks(settings), normalised)),
        table=ui.share_styler(ranking_rows(cohort, settings)),
        tied=cohort.loc[cohort["tie_at_cutoff"], "project"].tolist(),
        no_cutoff=bool(cohort["capacity"].isna().all()),
    )


def cohort_view(version: int | None, filters, normalised: bool, cohort: tuple) -> CohortView:
    """The chosen cohort's rows, ranking chart and table (computed once per data version, jury stamp,
    filters, mode and cohort; shared by every session: never change them)."""
    return _cohort_view(
        views.key(version, filters), data.jury_stamp(), normalised, cohort_token(cohort), cohort
    )


def flags(ranking: pd.DataFrame, stats: pd.DataFrame, settings: Settings) -> None:
    """Disagreements, conflicts of interest and jurors who gave everyone the same score."""
    width = settings.scoring.max - settings.scoring.min
    disagreements = int(ranking["disagreement"].sum())
    if disagreements:
        gap = fr_number(A.DISAGREEMENT_SHARE * width, 1)
        st.warning(L.JURY["disagreement"].format(count=disagreements, gap=gap), icon=":material/forum:")
    conflicts = int(ranking["conflicts"].sum())
    if conflicts:
        st.info(L.JURY["conflicts"].format(count=conflicts), icon=":material/do_not_disturb_on:")
    same = sorted(set(stats.loc[stats["same_score"], "juror"]))
    if same:
        st.warning(L.JURY["same_score"].format(jurors=", ".join(same)), icon=":material/equal:")


def juror_table(stats: pd.DataFrame, settings: Settings) -> None:
    shown = stats.assign(
        cohort=[cohort_name(settings, s, r, t) for s, r, t in zip(*(stats[c] for c in A.COHORT))]
    )[["juror", "cohort", "dossiers", "conflicts", "scored", "to_score", "completion", "mean", "severity"]]
    tables.table(
        _decimals(shown, ["mean", "severity"]),
        column_config={
            "juror": st.column_config.TextColumn(L.COLUMNS["juror"], pinned=True),
            "cohort": L.JURY["cohort"],
            "dossiers": st.column_config.NumberColumn(L.COLUMNS["dossiers"], format="%d"),
            "conflicts": st.column_config.NumberColumn(L.COLUMNS["conflicts"], format="%d"),
            "scored": st.column_config.NumberColumn(L.COLUMNS["scored"], format="%d"),
            "to_score": st.column_config.NumberColumn(L.COLUMNS["to_score"], format="%d"),
            "completion": st.column_config.ProgressColumn(
                L.COLUMNS["completion"], format="percent", min_value=0.0, max_value=1.0
            ),
            "mean": L.COLUMNS["mean"],
            "severity": st.column_config.TextColumn(
                L.COLUMNS["severity"], help="Moyenne du juré ou de la jurée moins celle du panel."
            ),
        },
        key="jury_jurors_table",
    )


def agreement_reading(alpha: float, criterion: object) -> str:
    """What an alpha means, in words a non-statistician reads."""
    if pd.isna(alpha):
        return L.JURY["agreement_unknown"]
    if alpha < AGREEMENT_THRESHOLD:
        return L.JURY["agreement_low" if pd.notna(criterion) else "agreement_low_all"]
    return L.JURY["agreement_ok"]


def agreement_table(frame: pd.DataFrame, settings: Settings) -> None:
    """Krippendorff's alpha per criterion, each with its reading in words beside it."""
    names = jury_charts.criterion_labels(settings.programme.criteria, length=200)
    shown = frame.assign(
        criterion=[
            names.get(int(c), str(c)) if pd.notna(c) else L.JURY["all_criteria"] for c in frame["criterion"]
        ],
        reading=[agreement_reading(a, c) for a, c in zip(frame["alpha"], frame["criterion"])],
    )[["criterion", "alpha", "reading", "units", "n_scores"]]
    low = int((frame["criterion"].notna() & (frame["alpha"] < AGREEMENT_THRESHOLD)).sum())
    if low:
        st.warning(
            L.JURY["agreement_low_count"].format(count=low, threshold=fr_number(AGREEMENT_THRESHOLD, 2)),
            icon=":material/forum:",
        )
    # A static table: the reading wraps beside its figure instead of being cut by a grid column.
    headers = {
        "criterion": L.COLUMNS["criterion"],
        "alpha": L.COLUMNS["alpha"],
        "reading": L.JURY["agreement_reading"],
        "units": L.COLUMNS["units"],
        "n_scores": L.COLUMNS["n_scores"],
    }
    named = shown.rename(columns=headers)
    st.table(
        _decimals(named, [headers["alpha"]], ints=(headers["units"], headers["n_scores"])).hide(axis="index")
    )


def dossier_breakdown(
    scores_in_view: pd.DataFrame, cohort: pd.DataFrame, settings: Settings, chosen: tuple = ()
) -> None:
    """Pick a dossier of the cohort `chosen` (season, round, track); show its scores juror by juror."""
    choices = cohort.sort_values(["rank", "dossier"])
    names = dict(zip(choices["dossier"], choices["project"]))
    options = choices["dossier"].astype(int).tolist()
    # One widget per cohort: a selector keyed on the page alone kept showing the previous cohort's
    # project while the table beneath showed another's.
    number = st.selectbox(
        L.JURY["dossier_pick"],
        options,
        format_func=lambda n: f"{names.get(n) or ''} (n° {n})",
        key=dossier_key(chosen),
    )
    if number not in options:
        number = options[0] if options else None
    if number is None:
        return
    numbers = criteria(settings)
    table = A.juror_breakdown(scores_in_view, number, numbers)
    means = [A.criterion_column(n) for n in numbers]
    shown = table.assign(
        counted=table["counted"].map({True: L.JURY["counted_yes"], False: L.JURY["counted_no"]})
    )
    tables.table(
        _decimals(shown.drop(columns="conflict"), means, 1),
        column_config={
            "juror": st.column_config.TextColumn(L.COLUMNS["juror"], pinned=True),
            **{m: f"C{n}" for m, n in zip(means, numbers)},
            "comment": st.column_config.TextColumn(L.COLUMNS["comment"], width="large"),
            "counted": L.COLUMNS["counted"],
        },
        key="jury_dossier_table",
    )


# --- Views for other pages ---------------------------------------------------------------------


def criterion_views(view) -> None:
    """The Cohortes page's jury section: box plots, radar, heat map, seasons compared, profile.

    `view` is `ui.page.open_view(...)`'s result. Shows the « no jury score » state when there is none.
    """
    if views.scores_in_view(view.version, view.filters).valid.empty:
        ui.empty_state(L.JURY["no_scores"], icon=":material/gavel:")
        return
    shown = views.criteria_view(view.version, view.filters)
    ui.chart(shown.box, key="jury_box")
    left, right = st.columns(2)
    with left:
        ui.chart(shown.radar, key="jury_radar")
        st.caption(" ; ".join(ui.md_escape(name) for name in shown.names.values()))
    with right:
        ui.chart(shown.heatmap, key="jury_heatmap")
    ui.chart(shown.seasons, key="jury_seasons")
    if shown.profiles:
        profiles = dict(shown.profiles)
        columns = st.columns(max(len(ui.tracks_in_view(view.settings, view.filters)), 1))
        for column, style in zip(columns, ui.tracks_in_view(view.settings, view.filters)):
            if style.id in profiles:
                with column:
                    ui.chart(profiles[style.id], key=f"jury_profile_{style.id}")


def laureate_scores(view, number: int, track: object) -> None:
    """A laureate card's criterion scores against its cohort (nothing when it was not scored)."""
    figure = views.laureate_scores_figure(view.version, number, track)
    if figure is None:
        return
    ui.chart(figure, key=f"laureate_scores_{number}")
    st.caption(L.JURY["laureate_chart_note"])


def ranking_for(view, normalised: bool) -> pd.DataFrame:
    """The ranking of the dossiers in view (every column of `jury_reports.ranking_frame`); shared."""
    return views.jury_view(view.version, view.filters, normalised).ranking


data.built_on_reads(_cohort_view)
