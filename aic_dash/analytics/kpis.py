"""Headline figures of the pipeline and how the last import moved them: pure pandas.

Every dossier reaches one step of the funnel, each step containing the next:
applications ⊃ reviewed ⊃ eligible ⊃ shortlisted ⊃ laureates. A laureate was shortlisted, a shortlisted
dossier is eligible, and a dossier the team annotated or moved past "En construction" is reviewed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

FUNNEL_STEPS = ("applications", "reviewed", "eligible", "shortlisted", "laureates")

# The lowest and highest funnel level (index in FUNNEL_STEPS) a dossier in a stage can have.
_LEVEL_BOUNDS = {
    "depose": (0, 2),
    "en_instruction": (1, 2),
    "non_eligible": (1, 1),
    "liste_restreinte": (3, 3),
    "laureat": (4, 4),
    "non_retenu": (1, 3),
    "sans_suite": (0, 3),
}


def _flag(series: pd.Series) -> pd.Series:
    return series.eq(True).fillna(False).astype(bool)


def funnel_level(dossiers: pd.DataFrame) -> pd.Series:
    """Index in FUNNEL_STEPS of the furthest step each dossier reached (int64)."""
    laureate = dossiers["stage"].eq("laureat").fillna(False).astype(bool)
    shortlisted = laureate | _flag(dossiers["shortlisted"])
    eligible = shortlisted | _flag(dossiers["eligible"])
    reviewed = (
        eligible
        | dossiers["state"].ne("en_construction").fillna(False).astype(bool)
        | dossiers["eligible"].notna()
        | dossiers["shortlisted"].notna()
    )
    return (
        reviewed.astype("int64")
        + eligible.astype("int64")
        + shortlisted.astype("int64")
        + laureate.astype("int64")
    )


@dataclass(frozen=True)
class Kpis:
    applications: int
    reviewed: int
    eligible: int
    shortlisted: int
    laureates: int

    @property
    def selection_rate(self) -> float | None:
        """Laureates / eligible; None when nobody is eligible yet."""
        return self.laureates / self.eligible if self.eligible else None


def kpis_from_levels(levels: pd.Series) -> Kpis:
    counts = [int((levels >= i).sum()) for i in range(len(FUNNEL_STEPS))]
    return Kpis(*counts)


def kpis(dossiers: pd.DataFrame) -> Kpis:
    """The five counts of the funnel (selection rate derived)."""
    return kpis_from_levels(funnel_level(dossiers))


def previous_levels(
    dossiers: pd.DataFrame, created: pd.Series, moved: pd.DataFrame, levels: pd.Series | None = None
) -> pd.Series:
    """Funnel levels as they were before the latest import.

    `created` flags (aligned with `dossiers`) the dossiers that import created: they did not exist.
    `moved` (number, previous_stage) lists the dossiers it modified: each keeps the level of its
    current flags within what its previous stage allows. An annotation changed without a change of
    stage leaves no trace in the change log, so it counts as already there. `levels` are the current
    levels when already computed.
    """
    levels = funnel_level(dossiers) if levels is None else levels
    if dossiers.empty:
        return levels
    moved = moved[moved["previous_stage"].notna()] if len(moved) else moved
    if len(moved):
        previous_stage = dossiers["number"].map(dict(zip(moved["number"], moved["previous_stage"])))
        low = previous_stage.map(lambda s: _LEVEL_BOUNDS.get(s, (0, 4))[0]).fillna(0).astype("int64")
        high = previous_stage.map(lambda s: _LEVEL_BOUNDS.get(s, (0, 4))[1]).fillna(4).astype("int64")
        levels = levels.clip(lower=low, upper=high)
    return levels[~created.fillna(False).astype(bool)].astype("int64")


def kpi_changes(current: Kpis, previous: Kpis) -> dict[str, float | None]:
    """Change of each count, and of the selection rate (None when one side has no rate)."""
    out: dict[str, float | None] = {
        name: getattr(current, name) - getattr(previous, name) for name in FUNNEL_STEPS
    }
    if current.selection_rate is None or previous.selection_rate is None:
        out["selection_rate"] = None
    else:
        out["selection_rate"] = current.selection_rate - previous.selection_rate
    return out


def funnel_by_track(
    dossiers: pd.DataFrame, tracks: list[str], levels: pd.Series | None = None
) -> pd.DataFrame:
    """Count of dossiers reaching each funnel step, per track.

    Long frame: track, step (FUNNEL_STEPS order), step_rank, applications; every track of `tracks`
    present even when empty, so charts keep their colours and legend. `levels`: see `funnel_level`.
    """
    if levels is None:
        levels = funnel_level(dossiers) if len(dossiers) else pd.Series(dtype="int64")
    rows = []
    for track in tracks:
        mine = levels[dossiers["track"].eq(track).fillna(False).astype(bool)] if len(dossiers) else levels
        for rank, step in enumerate(FUNNEL_STEPS):
            rows.append((track, step, rank, int((mine >= rank).sum())))
    return pd.DataFrame(rows, columns=["track", "step", "step_rank", "applications"])


def kpis_with_changes(
    dossiers: pd.DataFrame,
    created: pd.Series,
    moved: pd.DataFrame,
    earlier_import: bool,
    levels: pd.Series | None = None,
) -> tuple[Kpis, dict[str, float | None] | None]:
    """The tiles' figures and their change since the import before the latest one.

    `earlier_import` says whether there was an import before the latest one; without one there is
    nothing to compare with, and the changes are None. See `previous_levels` for the other arguments.
    """
    levels = funnel_level(dossiers) if levels is None else levels
    current = kpis_from_levels(levels)
    if not earlier_import:
        return current, None
    previous = kpis_from_levels(previous_levels(dossiers, created, moved, levels))
    return current, kpi_changes(current, previous)
