"""What a season's publications say: its laureates, their support and funding, and its figures.

Everything is read through the store and the follow-up analytics (`load_followup`, `portfolio`), so
the booklet and the open data show the same support periods as the « Suivi des lauréats » page. Only
public facts are gathered here: no referent name, e-mail or phone number ever enters these frames.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Engine

from aic_dash.analytics.followup import portfolio
from aic_dash.analytics.kpis import FUNNEL_STEPS, funnel_by_track, funnel_level
from aic_dash.analytics.laureates import ORGANISATION_FIELDS, TOWN_ANNOTATION
from aic_dash.config import Settings
from aic_dash.errors import AicError
from aic_dash.programme import form
from aic_dash.programme.laureates import THEME_LABELS
from aic_dash.store.followup import FollowupData, load_followup
from aic_dash.store.queries import Filters, load_dossiers, load_field_values

# Export fields that carry the organisation's identifiers (procedures filed with a SIRET, or annotations).
SIRET_FIELDS = ("Établissement SIRET", "Entreprise SIRET", "SIRET", "SIRET de l’association")
RNA_FIELDS = ("Association RNA", "RNA", "Numéro RNA")
SIRET_PATTERN = re.compile(r"^\d{14}$")
RNA_PATTERN = re.compile(r"^W\d{9}$")
# The application's own words about the project, first answer given wins.
DESCRIPTION_FIELDS = (form.DESCRIPTION_LABEL, form.PROBLEM_LABEL)
REACHED = "atteint"
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE_PATTERN = re.compile(r"(?<!\d)(\+33\s?|0)[1-9]([\s.-]?\d{2}){4}(?!\d)")

LAUREATE_COLUMNS = [
    "laureate_id",
    "dossier",
    "season",
    "round",
    "track",
    "project",
    "organisation",
    "town",
    "themes",
    "description",
    "support_start",
    "support_end",
    "renewal",
    "milestones_reached",
    "siret",
    "rna",
]


@dataclass(frozen=True)
class SeasonPublication:
    """One season, ready to publish.

    laureates: LAUREATE_COLUMNS, one row per laureate ordered by track then project; `themes` and
    `milestones_reached` are lists of French words; support dates are Timestamps (end exclusive).
    figures: per track and round (plus a total row per track and one for the season): applications,
    eligible, shortlisted, laureates. funnel: `funnel_by_track` of the season's dossiers.
    funding: the funding records of the season's laureates with their laureate row's columns.
    """

    season: str
    label: str
    today: date
    laureates: pd.DataFrame
    figures: pd.DataFrame
    funnel: pd.DataFrame
    funding: pd.DataFrame
    followup: FollowupData


def _clean(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = " ".join(str(value).split())
    return text or None


def _identifier(value: object, pattern: re.Pattern) -> str | None:
    """A SIRET or RNA as written by a person (spaces, dots) -> its canonical form when valid."""
    text = _clean(value)
    if text is None:
        return None
    compact = re.sub(r"[\s.\-]", "", text).upper()
    return compact if pattern.match(compact) else None


def _first(frame: pd.DataFrame, labels: tuple[str, ...], clean=_clean) -> pd.Series:
    """Per dossier, the first usable answer among `labels`."""
    values = frame[list(labels)].map(clean)
    return values.bfill(axis=1).iloc[:, 0] if len(values.columns) else pd.Series(None, index=frame.index)


def season_figures(dossiers: pd.DataFrame) -> pd.DataFrame:
    """Per track and round: applications, eligible, shortlisted, laureates; then one row per track
    (round None) and one for the season (track and round None). Counts follow the funnel's levels."""
    steps = ["applications", "eligible", "shortlisted", "laureates"]
    levels = funnel_level(dossiers) if len(dossiers) else pd.Series(dtype="int64")
    frame = dossiers.assign(level=levels)
    rows = []

    def counts(part: pd.DataFrame) -> list[int]:
        return [int((part["level"] >= FUNNEL_STEPS.index(step)).sum()) for step in steps]

    for (track, round_), part in frame.groupby(["track", "round"], dropna=False, sort=True):
        rows.append((_clean(track), _clean(round_), *counts(part)))
    for track, part in frame.groupby("track", dropna=False, sort=True):
        rows.append((_clean(track), None, *counts(part)))
    rows.append((None, None, *counts(frame)))
    return pd.DataFrame(rows, columns=["track", "round", *steps])


def _export_answers(engine: Engine, numbers: list[int]) -> pd.DataFrame:
    """Per dossier number: description, organisation, town, siret, rna (from the export)."""
    fields = load_field_values(
        engine,
        (*DESCRIPTION_FIELDS, *SIRET_FIELDS, *RNA_FIELDS),
        (TOWN_ANNOTATION, *ORGANISATION_FIELDS),
    )
    fields = fields[fields.index.isin(numbers)]
    description = fields[list(DESCRIPTION_FIELDS)].map(lambda v: str(v).strip() if _clean(v) else None)
    return pd.DataFrame(
        {
            "description": description.bfill(axis=1).iloc[:, 0],
            "organisation": _first(fields, ORGANISATION_FIELDS),
            "town": fields[TOWN_ANNOTATION].map(_clean),
            "siret": _first(fields, SIRET_FIELDS, lambda v: _identifier(v, SIRET_PATTERN)),
            "rna": _first(fields, RNA_FIELDS, lambda v: _identifier(v, RNA_PATTERN)),
        },
        index=fields.index,
    )


def redact_contacts(text: str | None) -> str | None:
    """Applicant text with any e-mail address or phone number replaced: the publications are public."""
    if text is None:
        return None
    text = EMAIL_PATTERN.sub("[adresse retirée]", text)
    return PHONE_PATTERN.sub("[numéro retiré]", text)


def _themes(codes: object) -> list[str]:
    return [THEME_LABELS.get(t, t) for t in (_clean(codes) or "").split(",") if t]


def load_season(engine: Engine, settings: Settings, season: str, today: date) -> SeasonPublication:
    """The season's laureates, figures and funding as the booklet and the open data publish them."""
    known = {s.id: s for s in settings.seasons}
    if season not in known:
        raise AicError(
            f"Saison « {season} » inconnue de « {settings.source} ». Saisons réglées : {', '.join(known)}."
        )
    followup = load_followup(engine, Filters(season=season))
    dossiers = load_dossiers(engine, Filters(season=season))
    folio = portfolio(
        followup.laureates,
        followup.periods,
        followup.milestones,
        today,
        followup.measurements,
        followup.indicators,
    )
    people = followup.laureates.set_index("id")
    numbers = [int(n) for n in people["dossier_number"].dropna()]
    answers = _export_answers(engine, numbers) if numbers else pd.DataFrame()
    reached = followup.milestones[followup.milestones["milestone_status"] == REACHED]
    titles = reached.groupby("laureate_id")["title"].agg(list) if len(reached) else pd.Series(dtype=object)

    rows = []
    for row in folio.itertuples(index=False):
        mine = people.loc[row.laureate_id]
        number = None if pd.isna(mine["dossier_number"]) else int(mine["dossier_number"])
        exported = answers.loc[number] if number is not None and number in answers.index else None

        def pick(stored: object, key: str, exported=exported) -> str | None:
            # The follow-up's own value first (the manager's), else what the export says.
            value = _clean(stored)
            if value is None and exported is not None:
                value = _clean(exported[key])
            return value

        siret = exported["siret"] if exported is not None else None
        rna = exported["rna"] if exported is not None else None
        rows.append(
            {
                "laureate_id": int(row.laureate_id),
                "dossier": number,
                "season": row.season,
                "round": _clean(row.round),
                "track": _clean(row.track),
                "project": _clean(row.laureate),
                "organisation": pick(mine["organisation"], "organisation"),
                "town": pick(mine["town"], "town"),
                "themes": _themes(mine["themes"]),
                "description": redact_contacts(exported["description"]) if exported is not None else None,
                "support_start": row.support_start,
                "support_end": row.support_end,
                "renewal": row.renewal,
                "milestones_reached": list(titles.get(row.laureate_id, [])),
                "siret": _clean(siret) or _identifier(mine.get("siret"), SIRET_PATTERN),
                "rna": _clean(rna) or _identifier(mine.get("rna"), RNA_PATTERN),
            }
        )
    laureates = pd.DataFrame(rows, columns=LAUREATE_COLUMNS)
    if len(laureates):
        order = {t.id: i for i, t in enumerate(settings.tracks)}
        laureates = (
            laureates.assign(
                _t=laureates["track"].map(order).fillna(len(order)),
                _p=laureates["project"].fillna("").str.lower(),
            )
            .sort_values(["_t", "_p"])
            .drop(columns=["_t", "_p"])
            .reset_index(drop=True)
        )
    funding = followup.funding.merge(
        laureates.drop(columns=["description", "milestones_reached", "themes"]), on="laureate_id"
    ).sort_values(["track", "project", "tranche"], na_position="last")
    return SeasonPublication(
        season=season,
        label=known[season].label,
        today=today,
        laureates=laureates,
        figures=season_figures(dossiers),
        funnel=funnel_by_track(dossiers, [t.id for t in settings.tracks]),
        funding=funding.reset_index(drop=True),
        followup=followup,
    )
