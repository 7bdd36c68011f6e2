"""Finding dossiers in the list: pure pandas."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from aic_dash.text import normalize_label

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "\u00a0": " "})


def _fold(texts: pd.Series) -> pd.Series:
    """`normalize_label` for a whole column at once (case, accents, apostrophes, spaces)."""
    return (
        texts.fillna("")
        .astype("str")
        .str.translate(_APOSTROPHES)
        .str.normalize("NFKD")
        .str.replace(r"[\u0300-\u036f]", "", regex=True)
        .str.replace(r"\s+", " ", regex=True)
        .str.strip()
        .str.casefold()
    )


def search_dossiers(
    dossiers: pd.DataFrame, query: str | None, stages: Iterable[str] | None = None
) -> pd.DataFrame:
    """Dossiers whose number starts with, or project contains, the query (accents and case folded),
    and whose stage is among `stages` (all when empty)."""
    frame = dossiers
    stages = list(stages or [])
    if stages:
        frame = frame[frame["stage"].isin(stages)]
    words = normalize_label(query or "").split()
    if not words:
        return frame
    projects = _fold(frame["project"])
    numbers = frame["number"].astype("str")
    mask = pd.Series(True, index=frame.index)
    for word in words:
        mask &= projects.str.contains(word, regex=False) | numbers.str.startswith(word)
    return frame[mask]
