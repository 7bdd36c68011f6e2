"""The season's open data: its grants in the national SCDL Subventions format, and its laureates.

`subsidies_csv` writes one row per funding record of the season's laureates, exactly as the Table
Schema `../shared/opendata/scdl-subventions.schema.json` describes it (fields in that order, UTF-8,
comma, dot decimals, ISO dates, `oui`/`non`), and `laureates_csv` the laureates with the schema
`laureates.schema.json` beside this module. Both files are validated with frictionless before they are
returned: a file that would not validate is refused with a French message naming each laureate, the
missing or wrong value and where to fill it in.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from aic_dash.config import DATA_DIR, Settings
from aic_dash.errors import AicError
from aic_dash.publish.season import SIRET_PATTERN, SeasonPublication

HERE = Path(__file__).resolve().parent
LAUREATES_SCHEMA = HERE / "laureates.schema.json"
# The national schema as shared beside the project (../shared), else the copy beside this module.
SUBSIDIES_SCHEMA_CANDIDATES = (
    DATA_DIR.parent.parent / "shared" / "opendata" / "scdl-subventions.schema.json",
    HERE / "scdl-subventions.schema.json",
)
PROGRAMME = "Accélérateur d'initiatives citoyennes"
NATURE = "aide en numéraire"
OBJECT_MAX = 256
FOLLOWUP_PAGE = "« Suivi des lauréats »"
WHERE_IDS = (
    f"sur la page {FOLLOWUP_PAGE}, rubrique « Données ouvertes » du lauréat (ou dans l'export "
    "démarches-simplifiées, champs « Établissement SIRET » / « Association RNA »)"
)
WHERE_CONVENTION = f"sur la page {FOLLOWUP_PAGE}, rubrique « Données ouvertes » du lauréat"
WHERE_FUNDING = f"dans un fichier de suivi des financements importé sur la page {FOLLOWUP_PAGE}"


def subsidies_schema_path() -> Path:
    for path in SUBSIDIES_SCHEMA_CANDIDATES:
        if path.is_file():
            return path
    raise AicError(
        "Schéma des données ouvertes introuvable : placez « scdl-subventions.schema.json » dans "
        f"« {SUBSIDIES_SCHEMA_CANDIDATES[-1].parent} »."
    )


def field_names(schema_path: Path) -> list[str]:
    return [f["name"] for f in json.loads(schema_path.read_text(encoding="utf-8"))["fields"]]


# --- Writing and validating ---------------------------------------------------------------------------


def _cell(value: object) -> str:
    """One CSV cell: ISO dates, dot decimals without useless zeros, oui/non, empty for missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def to_csv(rows: Iterable[dict], names: list[str]) -> bytes:
    """UTF-8 without BOM, comma, `"` quoting when needed, LF line ends; columns in `names` order."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row.get(n)) for n in names])
    return out.getvalue().encode("utf-8")


def validation_errors(data: bytes, schema_path: Path) -> list[tuple[int | None, str | None, str]]:
    """frictionless' findings on a CSV file against a Table Schema: (row number, field, note)."""
    from frictionless import Resource, Schema, system

    with tempfile.TemporaryDirectory(prefix="aic-opendata-") as folder:
        path = Path(folder) / "data.csv"
        path.write_bytes(data)
        with system.use_context(trusted=True):
            schema = Schema.from_descriptor(str(schema_path))
            resource = Resource(path=str(path), schema=schema, format="csv", encoding="utf-8")
            report = resource.validate()
    if report.valid:
        return []
    return [
        (row, field, f"{kind} : {note}")
        for row, field, kind, note in report.flatten(["rowNumber", "fieldName", "type", "note"])
    ]


def _refuse(title: str, problems: list[str]) -> AicError:
    lines = "\n".join(f"- {p}" for p in problems)
    return AicError(f"{title}\n{lines}")


# --- SCDL Subventions ---------------------------------------------------------------------------------


def granting_body(settings: Settings, track: str | None) -> tuple[str, str]:
    """(name, SIRET) of who grants a track's subsidies, from `granting_bodies` in the settings."""
    key = f"granting_bodies.{track or '?'}"
    body = settings.granting_bodies.get(track or "")
    if body is None:
        raise AicError(
            f"« {settings.source} » : la clé « {key} » manque ; elle donne le nom (name) et le SIRET "
            "(siret) de l'attribuant des subventions de ce volet. Ajoutez-la avant de publier."
        )
    if not body.name:
        raise AicError(
            f"« {settings.source} » : la clé « {key}.name » manque ; écrivez le nom de l'attribuant."
        )
    if not body.siret:
        raise AicError(
            f"« {settings.source} » : la clé « {key}.siret » manque ; écrivez le SIRET de l'attribuant "
            '(14 chiffres, entre guillemets : siret: "13000000000000").'
        )
    siret = re.sub(r"\s", "", body.siret)
    if not SIRET_PATTERN.match(siret):
        raise AicError(
            f"« {settings.source} » : « {key}.siret » vaut « {body.siret} » ; un SIRET a 14 chiffres."
        )
    return body.name, siret


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value).strip()


def _object(row) -> str:
    text = (
        f"Accompagnement du projet « {row.project} » "
        f"({'porteur non renseigné' if _blank(row.organisation) else row.organisation}) par "
        f"l'{PROGRAMME}, saison {row.season}"
    )
    note = row.note if isinstance(row.note, str) and row.note.strip() else None
    text = f"{text} : {note.strip()}" if note else text
    return text if len(text) <= OBJECT_MAX else text[: OBJECT_MAX - 1] + "…"


def subsidy_rows(publication: SeasonPublication, settings: Settings) -> tuple[list[dict], list[str]]:
    """The SCDL rows of the season's funding records, and what is missing, laureate by laureate."""
    funding = publication.funding
    tranches = funding.groupby("laureate_id")["tranche"].transform("size") if len(funding) else None
    rows, problems = [], []
    for i, row in enumerate(funding.itertuples(index=False)):
        name, siret = granting_body(settings, row.track)
        who = f"« {row.project} » (saison {row.season}, tranche {row.tranche})"
        if pd.isna(row.convention_date):
            problems.append(
                f"{who} : date de la convention de subvention manquante (dateConvention) — "
                f"renseignez-la {WHERE_CONVENTION}."
            )
        if _blank(row.siret) and _blank(row.rna):
            problems.append(
                f"{who} : ni SIRET ni numéro RNA du bénéficiaire (idBeneficiaire / rnaBeneficiaire), et "
                f"l'export n'en contient pas — renseignez l'un des deux {WHERE_IDS}."
            )
        if _blank(row.organisation):
            problems.append(
                f"{who} : nom du bénéficiaire manquant (nomBeneficiaire) — renseignez la structure "
                f"porteuse {WHERE_CONVENTION}."
            )
        if pd.isna(row.amount) or float(row.amount) <= 0:
            problems.append(
                f"{who} : montant manquant ou nul (montant) — corrigez la tranche {WHERE_FUNDING}."
            )
        granted = row.granted_on
        rows.append(
            {
                "nomAttribuant": name,
                "idAttribuant": siret,
                "dateConvention": row.convention_date,
                "referenceDecision": None,
                "nomBeneficiaire": None if _blank(row.organisation) else row.organisation,
                "idBeneficiaire": None if _blank(row.siret) else row.siret,
                "rnaBeneficiaire": None if _blank(row.rna) else row.rna,
                "objet": _object(row),
                "montant": None if pd.isna(row.amount) else float(row.amount),
                "nature": NATURE,
                "conditionsVersement": "unique" if int(tranches.iloc[i]) == 1 else "échelonné",
                "datesPeriodeVersement": None if pd.isna(granted) else granted,
                "idRAE": None,
                "notificationUE": False,  # de minimis aid: not notified to the European Commission
                "pourcentageSubvention": 1,
                "dispositifAide": PROGRAMME,
            }
        )
    return rows, problems


def _described(errors, rows: list[dict], publication: SeasonPublication, names: list[str]) -> list[str]:
    """frictionless findings as French lines naming the laureate of each row."""
    out = []
    projects = list(publication.funding["project"]) if len(publication.funding) else []
    for row_number, field, note in errors:
        who = "l'en-tête du fichier"
        if row_number is not None and 2 <= row_number < len(projects) + 2:
            who = f"« {projects[row_number - 2]} » (ligne {row_number})"
        what = f"colonne « {field} »" if field else "fichier"
        out.append(f"{who}, {what} : valeur refusée par le schéma ({note}).")
    return out


def subsidies_csv(publication: SeasonPublication, settings: Settings) -> bytes:
    """The season's grants as SCDL Subventions CSV, validated; AicError (French) when incomplete."""
    schema = subsidies_schema_path()
    names = field_names(schema)
    rows, problems = subsidy_rows(publication, settings)
    title = (
        f"Données ouvertes des subventions de la saison {publication.season} non écrites : "
        "complétez d'abord ces valeurs obligatoires."
    )
    if problems:
        raise _refuse(title, problems)
    if not rows:
        raise AicError(
            f"Aucun financement enregistré pour les lauréats de la saison {publication.season} : rien à "
            f"publier. Importez les financements {WHERE_FUNDING}."
        )
    data = to_csv(rows, names)
    errors = validation_errors(data, schema)
    if errors:
        raise _refuse(title, _described(errors, rows, publication, names))
    return data


# --- Laureates ----------------------------------------------------------------------------------------


def laureate_rows(publication: SeasonPublication, settings: Settings) -> list[dict]:
    tracks = {t.id: t.label for t in settings.tracks}
    rounds = {r.id: r.label for r in settings.rounds}
    out = []
    for row in publication.laureates.itertuples(index=False):
        out.append(
            {
                "saison": row.season,
                "selection": rounds.get(row.round, row.round),
                "volet": tracks.get(row.track, row.track),
                "projet": row.project,
                "organisation": row.organisation,
                "commune": row.town,
                "thematiques": ";".join(row.themes),
                "debut_accompagnement": None if pd.isna(row.support_start) else row.support_start,
                "fin_accompagnement": None
                if pd.isna(row.support_end)
                else row.support_end - pd.Timedelta(days=1),
            }
        )
    return out


def laureates_csv(publication: SeasonPublication, settings: Settings) -> bytes:
    """The season's laureates as open data (schema `laureates.schema.json`), validated."""
    names = field_names(LAUREATES_SCHEMA)
    rows = laureate_rows(publication, settings)
    if not rows:
        raise AicError(f"Aucun lauréat pour la saison {publication.season} : rien à publier.")
    data = to_csv(rows, names)
    errors = validation_errors(data, LAUREATES_SCHEMA)
    if errors:
        projects = [r["projet"] for r in rows]
        lines = []
        for row_number, field, note in errors:
            who = (
                f"« {projects[row_number - 2]} »"
                if row_number and 2 <= row_number < len(rows) + 2
                else "l'en-tête"
            )
            lines.append(
                f"{who}, colonne « {field} » : {note} — complétez le lauréat sur la page {FOLLOWUP_PAGE}."
            )
        raise _refuse(f"Liste ouverte des lauréats de la saison {publication.season} non écrite :", lines)
    return data
