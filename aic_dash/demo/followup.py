"""The follow-up of the public laureates (FACTS §1), for the demo database and as a starting point.

Season, organisation, town, themes, seed grant and phase 2 come from the programme's public record; the
outcomes laureates reported after six months of support are entered as reached milestones, in our own
words. Support periods are plausible dates (the 2022 support started on 14 April 2022; 2023 May
laureates from 1 July, September laureates from 1 November). The 2023 roadmaps, the impact indicators
and their measurements are made up for the demo and say so in their note.

`seed_followup` inserts what is missing and never overwrites a manager's edit: running it twice is
harmless. Laureates match the dossiers of the demo export (or of a real export) by season and project name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import pandas as pd
from sqlalchemy import Connection, Engine, select, update

from aic_dash.config import Settings
from aic_dash.programme.laureates import PUBLIC_LAUREATES, PublicLaureate
from aic_dash.store import followup as F
from aic_dash.store import schema as S
from aic_dash.store.db import upgrade
from aic_dash.store.imports import sync_calendar

SEED_USER = "reprise du registre public"
DEMO_USER = "démonstration"
DEMO_NOTE = "Jalon fictif (démonstration)."
SEED_GRANT_EUROS = 80_000
PARIS = "Europe/Paris"

SUPPORT_STARTS = {"2022": date(2022, 4, 14), "2023-1": date(2023, 7, 1), "2023-2": date(2023, 11, 1)}


@dataclass(frozen=True)
class Outcome:
    """A reported outcome, written as a roadmap milestone reached after six months."""

    strand: str
    title: str


# What the 2022 laureates reported after six months of support, rewritten as milestones.
REPORTED_OUTCOMES: dict[str, tuple[Outcome, ...]] = {
    "Infoclimat": (
        Outcome("partnerships", "Lien de travail noué avec l'administration chargée des données ouvertes"),
        Outcome("expertise", "Nouvelles séries de données mises à disposition en accès libre"),
        Outcome("consolidate", "Gouvernance de l'association renforcée après vingt ans de bénévolat"),
        Outcome("expertise", "Infrastructure technique sécurisée"),
        Outcome("consolidate", "Premier poste salarié créé"),
    ),
    "Ma Dada": (
        Outcome(
            "partnerships", "Interlocuteurs identifiés dans les administrations chargées du droit d'accès"
        ),
        Outcome("consolidate", "Conformité juridique de la plateforme passée en revue"),
    ),
    "Open Data University": (
        Outcome("expertise", "Jeux de données choisis pour les premiers défis étudiants"),
        Outcome("partnerships", "Démarche reconnue par le ministère de l'Enseignement supérieur"),
        Outcome("expertise", "Programme étendu à de nouvelles universités"),
    ),
    "Vikidia": (
        Outcome("expertise", "Tutoriels publiés à l'intention des enseignants"),
        Outcome("consolidate", "Premier recrutement pour structurer l'association"),
    ),
    "Permis de construire": (
        Outcome(
            "partnerships", "Groupe de travail interministériel réuni (justice, emploi, santé, logement)"
        ),
        Outcome("expertise", "Parcours des personnes accompagnées repensé"),
        Outcome("expertise", "Démarche reproduite sur de nouveaux territoires"),
    ),
    "Service national universel augmenté": (
        Outcome("partnerships", "Neuf expérimentations menées dans le parcours du SNU en Île-de-France"),
    ),
    "Sport inclusif": (
        Outcome("partnerships", "Réseau interministériel constitué (sports, cohésion sociale)"),
        Outcome("expertise", "Parcours des familles repensé"),
    ),
}

# Administrations the public record names beside a laureate.
PARTNERS: dict[str, tuple[str, ...]] = {
    "Open Data University": ("Ministère de l'Enseignement supérieur",),
    "Permis de construire": (
        "Ministère de la Justice",
        "Ministère chargé de l'emploi",
        "Ministère chargé de la santé",
        "Ministère chargé du logement",
    ),
    "Sport inclusif": ("Ministère des Sports", "Direction générale de la cohésion sociale"),
}


@dataclass(frozen=True)
class DemoMilestone:
    strand: str
    title: str
    months: int  # due this many months after the support start
    status: str


# Every roadmap opens with the diagnostic shared with the programme, reached in the first month.
_DIAGNOSTIC = DemoMilestone("consolidate", "Diagnostic partagé et feuille de route validés", 1, "atteint")

# Made-up 2023 roadmaps: reached, running, late (past due, not reached) and abandoned milestones.
DEMO_ROADMAPS: dict[str, tuple[DemoMilestone, ...]] = {
    "Open Food Facts": (
        _DIAGNOSTIC,
        DemoMilestone(
            "partnerships", "Convention d'échange de données avec une agence sanitaire", 5, "en_cours"
        ),
        DemoMilestone("consolidate", "Modèle de financement pluriannuel présenté au comité", 8, "a_venir"),
        DemoMilestone("expertise", "Parcours de contribution sur mobile repensé", 10, "atteint"),
    ),
    "PrimTux": (
        _DIAGNOSTIC,
        DemoMilestone("partnerships", "Déploiement pilote dans les écoles d'une académie", 6, "atteint"),
        DemoMilestone("expertise", "Guide d'installation pour les enseignants", 9, "en_cours"),
    ),
    "uMap": (
        _DIAGNOSTIC,
        DemoMilestone("partnerships", "Offre d'hébergement mutualisée pour les collectivités", 6, "atteint"),
        DemoMilestone("consolidate", "Mesure d'impact : cartes publiées par l'État", 11, "atteint"),
    ),
    "Pyronear": (
        _DIAGNOSTIC,
        DemoMilestone(
            "partnerships", "Expérimentation avec un service d'incendie et de secours", 4, "en_retard"
        ),
        DemoMilestone("consolidate", "Statuts et gouvernance de l'association consolidés", 7, "en_cours"),
        DemoMilestone("expertise", "Recrutement d'une personne responsable produit", 9, "abandonne"),
    ),
}


@dataclass(frozen=True)
class DemoIndicator:
    name: str
    unit: str
    initial: float
    target: float
    measurements: tuple[tuple[int, float], ...]  # (months after the support start, value)


DEMO_INDICATORS: dict[str, DemoIndicator] = {
    "PrimTux": DemoIndicator(
        "Écoles équipées", "écoles", 120, 300, ((3, 150), (6, 190), (9, 236), (12, 271))
    ),
    "uMap": DemoIndicator(
        "Cartes publiées par des administrations", "cartes", 400, 1000, ((3, 470), (6, 590), (9, 720))
    ),
}
DEMO_INDICATOR_NOTE = "Valeurs fictives (démonstration)."


def _months(start: date, months: int) -> date:
    return (pd.Timestamp(start) + pd.DateOffset(months=months)).date()


def _stamp(day: date, today: date) -> datetime:
    """Noon in Paris on `day` (never after `today`), as the naive UTC the store keeps."""
    day = min(day, today)
    moment = pd.Timestamp(datetime.combine(day, time(12)), tz=PARIS)
    return moment.tz_convert(UTC).tz_localize(None).to_pydatetime()


def _set_first_period(conn: Connection, laureate_id: int, start: date, status: str) -> None:
    """The public record fixes the first period: insert it, or correct a period the sync created
    from the decision date."""
    if F.add_period(conn, laureate_id, 0, start, status):
        return
    conn.execute(
        update(S.support_period)
        .where(
            S.support_period.c.laureate_id == laureate_id,
            S.support_period.c.renewal == 0,
            S.support_period.c.start_date != start,
        )
        .values(start_date=start, end_date=F.support_end(start), support_status=status)
    )


def _seed_laureate(conn: Connection, lau: PublicLaureate, today: date) -> int:
    laureate_id = F.add_laureate(
        conn,
        name=lau.name,
        season=lau.season,
        round=lau.round,
        track=lau.track,
        organisation=lau.organisation,
        town=lau.town,
        themes=lau.themes,
        seed_grant=lau.seed_grant,
        phase2=lau.phase2,
        source="public",
    )
    # A laureate first created from its dossier gets the public record's details where it has none.
    row = conn.execute(select(S.laureate).where(S.laureate.c.id == laureate_id)).one()
    public = {
        "organisation": lau.organisation,
        "town": lau.town,
        "themes": ",".join(lau.themes) or None,
        "seed_grant": lau.seed_grant,
        "phase2": lau.phase2,
    }
    missing = {k: v for k, v in public.items() if getattr(row, k) is None and v is not None}
    if missing:
        conn.execute(update(S.laureate).where(S.laureate.c.id == laureate_id).values(missing))

    start = SUPPORT_STARTS[lau.round]
    # Stored as running: the views read a period past its end as ended (`termine`) on any chosen date.
    _set_first_period(conn, laureate_id, start, "accompagnement")
    if lau.seed_grant:
        F.add_funding(conn, laureate_id, 1, SEED_GRANT_EUROS, start, "Subvention d'amorçage")
    for name in PARTNERS.get(lau.name, ()):
        F.add_partner(conn, laureate_id, name)

    six_months = _months(start, 6)
    for outcome in REPORTED_OUTCOMES.get(lau.name, ()):
        F.add_milestone(
            conn, laureate_id, outcome.title, outcome.strand, six_months, "atteint",
            "Résultat rapporté par le lauréat après six mois d'accompagnement.",
            _stamp(six_months, today), SEED_USER,
        )  # fmt: skip
    for item in DEMO_ROADMAPS.get(lau.name, ()):
        due = _months(start, item.months)
        # A reached milestone was last touched on its due date; the others early in the support.
        touched = due if item.status == "atteint" else _months(start, 2)
        F.add_milestone(
            conn, laureate_id, item.title, item.strand, due, item.status, DEMO_NOTE, _stamp(touched, today),
            DEMO_USER,
        )  # fmt: skip
    demo = DEMO_INDICATORS.get(lau.name)
    if demo is not None:
        indicator_id = F.add_indicator(
            conn, laureate_id, demo.name, demo.unit, demo.initial, demo.target, DEMO_INDICATOR_NOTE
        )
        for months, value in demo.measurements:
            day = _months(start, months)
            F.add_measurement(conn, indicator_id, day, value, _stamp(day, today), DEMO_USER)
    return laureate_id


def seed_followup(engine: Engine, settings: Settings, today: date | None = None) -> int:
    """Enter the public laureates' follow-up (and the demo roadmaps) where missing; link them to their
    dossiers; give every other dossier at the `laureat` stage its laureate. Returns the number of
    laureates in the database.

    `today` (default: today in Paris) caps the seeded update times (nothing is dated in the future).
    """
    today = today or pd.Timestamp.now(tz=PARIS).date()
    upgrade(engine)
    with engine.begin() as conn:
        sync_calendar(conn, settings)
        for lau in PUBLIC_LAUREATES:
            _seed_laureate(conn, lau, today)
        F.sync_laureates(conn)
        return len(conn.execute(select(S.laureate.c.id)).all())
