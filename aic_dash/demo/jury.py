"""A synthetic jury grid for the demo database: fictitious jurors score the shortlisted dossiers.

Each track has its own panel (DINUM: 4 jurors, DITP: 3), as the two directorates select separately.
Laureates score higher on average; one juror is severe, one lenient; one juror declares a conflict of
interest on one dossier; one juror gives the same score to everything; one row is left blank (a juror
who has not scored yet); one juror is far keener than the others on one dossier (a disagreement).
Every name is made up. Pure apart from reading the dossiers from an engine.
"""

from __future__ import annotations

import csv
import io
import random

import pandas as pd
from sqlalchemy import Engine

# Fictitious jurors per track: (name, severity in points).
PANELS: dict[str, tuple[tuple[str, float], ...]] = {
    "DINUM": (
        ("Camille Laurent", 0.0),
        ("Hugo Marchand", -0.5),
        ("Inès Girard", 0.3),
        ("Paul Lefèvre", 0.0),
    ),
    "DITP": (
        ("Nadia Benali", 0.2),
        ("Thomas Roux", -0.3),
        ("Sophie Garnier", 0.0),
    ),
}
LAZY_JUROR = "Paul Lefèvre"  # gives 3 on every criterion to everyone
LAZY_SCORE = 3.0
CONFLICTED_JUROR = "Thomas Roux"
ABSENT_JUROR = "Inès Girard"  # one dossier not scored yet
DIVIDING_JUROR = "Camille Laurent"  # much keener than the rest of the panel on one dossier
DIVIDING_BOOST = 2.5
CRITERIA = (1, 2, 3, 4, 5)
# Criteria where the demo's projects are stronger or weaker than average.
CRITERION_OFFSETS = {1: 0.3, 2: 0.0, 3: -0.4, 4: 0.4, 5: -0.2}
HEADER = (
    "Dossier",
    "Projet",
    "Volet",
    "Juré·e",
    *(f"Critère {n}" for n in CRITERIA),
    "Conflit d'intérêts",
    "Commentaire",
)
_COMMENTS = (
    "Projet solide, gouvernance à préciser.",
    "Impact réel mais encore local.",
    "Équipe motivée ; modèle économique fragile.",
    "Très bonne articulation avec les administrations.",
    "Ressource d'intérêt commun bien identifiée.",
    "À revoir : le portage repose sur une seule personne.",
)


def _decimal(value: float) -> str:
    """3.5 -> `3,5`; 4.0 -> `4` (as a French spreadsheet shows it)."""
    return f"{value:g}".replace(".", ",")


def _scored_dossiers(engine_or_dossiers: Engine | pd.DataFrame) -> pd.DataFrame:
    if isinstance(engine_or_dossiers, pd.DataFrame):
        dossiers = engine_or_dossiers
    else:
        from aic_dash.store.queries import load_dossiers

        dossiers = load_dossiers(engine_or_dossiers)
    before_jury = dossiers["shortlisted"].eq(True).fillna(False).astype(bool) | (
        dossiers["stage"] == "laureat"
    )
    picked = dossiers[before_jury & dossiers["track"].isin(list(PANELS))]
    return picked.sort_values("number")


def build_demo_grid(engine_or_dossiers: Engine | pd.DataFrame, seed: int = 2023) -> bytes:
    """CSV bytes (UTF-8, comma, decimal commas) of a jury grid over the shortlisted and laureate dossiers.

    `engine_or_dossiers` is the demo database, or its dossier list (`queries.load_dossiers`). The same
    dossiers and seed give the same bytes.
    """
    rng = random.Random(seed)
    dossiers = _scored_dossiers(engine_or_dossiers)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    by_track = {track: group for track, group in dossiers.groupby("track", sort=True)}
    conflicted = absent = dividing = None
    if "DITP" in by_track and len(by_track["DITP"]):
        conflicted = int(rng.choice(by_track["DITP"]["number"].tolist()))
    if "DINUM" in by_track and len(by_track["DINUM"]):
        candidates = by_track["DINUM"][by_track["DINUM"]["stage"] != "laureat"]["number"].tolist()
        absent = int(rng.choice(candidates)) if candidates else None
        others = [n for n in candidates if n != absent]
        dividing = int(rng.choice(others)) if others else None
    for track, group in by_track.items():
        for row in group.itertuples(index=False):
            laureate = row.stage == "laureat"
            quality = rng.gauss(4.0 if laureate else 2.6, 0.35 if laureate else 0.45)
            for juror, severity in PANELS[track]:
                cells: list[str] = [""] * len(CRITERIA)
                conflict, comment = "Non", ""
                if juror == CONFLICTED_JUROR and row.number == conflicted:
                    conflict, comment = "Oui", "Conflit d'intérêts : a conseillé le projet l'an dernier."
                elif juror == ABSENT_JUROR and row.number == absent:
                    comment = "Pas encore noté."
                else:
                    for i, criterion in enumerate(CRITERIA):
                        if juror == LAZY_JUROR:
                            value = LAZY_SCORE
                        else:
                            raw = quality + CRITERION_OFFSETS[criterion] + severity + rng.gauss(0, 0.35)
                            if juror == DIVIDING_JUROR and row.number == dividing:
                                raw += DIVIDING_BOOST
                            value = min(5.0, max(0.0, round(raw * 2) / 2))
                        cells[i] = _decimal(value)
                    if rng.random() < 0.25:
                        comment = rng.choice(_COMMENTS)
                writer.writerow([row.number, row.project or "", track, juror, *cells, conflict, comment])
    return buffer.getvalue().encode("utf-8")


# --- Jurors scoring in the app (store.evaluations) -------------------------------------------------

# Fictitious jurors who score in the app, on the latest round: (e-mail, track, what they have done).
APP_JURORS = (
    ("margaux.petit@jury.example.org", "DINUM", "all"),  # every dossier submitted
    ("yanis.haddad@jury.example.org", "DINUM", "mixed"),  # one submitted, one draft, one conflict, to do
    ("lucie.bernard@jury.example.org", "DITP", "half"),  # half submitted, one draft
)
APP_ASSIGNER = "demo"


def seed_evaluations(engine: Engine, settings, seed: int = 2023) -> int:
    """Assign the APP_JURORS (role `jure`) to the latest round's shortlisted dossiers of their track, with
    submitted, draft and conflicted evaluations; returns how many evaluations it wrote."""
    from datetime import timedelta

    from aic_dash.store import access
    from aic_dash.store import evaluations as E

    rng = random.Random(seed)
    rounds = [r for r in settings.rounds if any(E.before_jury(engine, r.id, t) for _, t, _ in APP_JURORS)]
    if not rounds:
        return 0
    latest = rounds[-1]
    due = (latest.closes + timedelta(days=45)).date()
    criteria = [c.number for c in settings.programme.criteria]
    values = [settings.scoring.min + i * settings.scoring.step for i in range(3, 10)]
    written = 0
    for email, track, plan in APP_JURORS:
        numbers = E.before_jury(engine, latest.id, track)
        if not numbers:
            continue
        access.set_role(engine, email, "jure", APP_ASSIGNER)
        E.assign(engine, latest.id, track, email, None, APP_ASSIGNER, due_on=due)
        for i, number in enumerate(numbers):
            if plan == "mixed" and i == 2:
                E.declare(engine, email, number, True, "A accompagné la structure en 2022.")
                written += 1
                continue
            todo = {"all": False, "mixed": i > 2, "half": i > len(numbers) // 2}[plan]
            if todo:
                continue
            version = E.declare(engine, email, number, False)
            draft = (plan == "mixed" and i == 1) or (plan == "half" and i == len(numbers) // 2)
            scores = {c: min(settings.scoring.max, rng.choice(values)) for c in criteria}
            if draft:
                scores = {c: v for c, v in scores.items() if c <= 3}
            version = E.save_draft(
                engine, settings, email, number, version, scores, comment=rng.choice(_COMMENTS)
            )
            if not draft:
                E.submit(engine, settings, email, number, version)
            written += 1
    return written
