"""Tiny hand-written dossier frames, shared by the analytics and the chart tests."""

from __future__ import annotations

import pandas as pd

PARIS = "Europe/Paris"


def dossiers(rows: list[tuple]) -> pd.DataFrame:
    """(number, state, stage, track, season, round, eligible, shortlisted, deposited, processed)."""
    frame = pd.DataFrame(
        rows,
        columns=[
            "number", "state", "stage", "track", "season", "round", "eligible", "shortlisted",
            "deposited_at", "processed_at",
        ],
    )  # fmt: skip
    for column in ("deposited_at", "processed_at"):
        frame[column] = pd.to_datetime(frame[column]).dt.tz_localize(PARIS)
    return frame.assign(project=[f"Projet {n}" for n in frame["number"]], org_type="association")


D = "2023-03-01 10:00"
SAMPLE = dossiers(
    [
        (1, "en_construction", "depose", "DINUM", "2023", "2023-1", None, None, D, None),
        (2, "en_instruction", "en_instruction", "DINUM", "2023", "2023-1", True, None, D, None),
        (3, "en_instruction", "liste_restreinte", "DITP", "2023", "2023-1", True, True, D, None),
        (4, "accepte", "laureat", "DINUM", "2023", "2023-1", True, True, D, "2023-06-12 10:00"),
        (5, "refuse", "non_eligible", "DITP", "2023", "2023-1", False, None, D, "2023-05-01 10:00"),
        (
            6,
            "refuse",
            "non_retenu",
            "DINUM",
            "2022",
            "2022",
            True,
            False,
            "2022-01-10 10:00",
            "2022-03-01 10:00",
        ),
        (7, "accepte", "laureat", None, "2022", "2022", None, None, "2022-01-10 10:00", "2022-03-14 10:00"),
    ]
)
