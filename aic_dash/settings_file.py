"""The settings file (data/settings.yaml) as typed models: one line per setting, unknown keys refused.

`SettingsFile` validates the file's shape; `french_error` turns pydantic's first error into the sentence a
manager reads, naming the file and the key. What spans several keys is checked by aic_dash.config.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class _Node(BaseModel):
    # An unknown key is an error (a typo would otherwise be ignored silently); `id: 2022` is the text "2022".
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


class _RoundNode(_Node):
    id: str
    label: str | None = None
    opens: datetime
    closes: datetime


class _SeasonNode(_Node):
    id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    label: str | None = None
    rounds: Annotated[list[_RoundNode], Field(min_length=1)]


class _TrackNode(_Node):
    id: str
    label: str | None = None
    short_label: str | None = None
    project_answers: list[str] = []
    instructor_groups: list[str] = []


class _ScoringNode(_Node):
    min: float = 0.0
    max: float = 5.0
    step: float = 0.5
    weights: dict[int, float] = {}


class _AnnotationsNode(_Node):
    eligible: str = "Éligible"
    shortlist: str = "Liste restreinte"


class _GrantingBodyNode(_Node):
    name: str | None = None
    siret: str | None = None


class SettingsFile(_Node):
    """data/settings.yaml as written: one line per setting (what each gives: `_SETTINGS_KEYS`)."""

    programme_page: str
    timezone: str
    seasons: Annotated[list[_SeasonNode], Field(min_length=1)]
    tracks: Annotated[list[_TrackNode], Field(min_length=1)]
    scoring: _ScoringNode = _ScoringNode()
    annotations: _AnnotationsNode = _AnnotationsNode()
    capacity: dict[str, dict[str, int]] = {}
    column_mapping: dict[str, str] = {}
    ds_endpoint: str | None = None
    granting_bodies: dict[str, _GrantingBodyNode | None] = {}
    retention_months: Annotated[int, Field(strict=True, ge=1, le=1200)] = 24


# What each top-level key gives, for the message naming a missing one.
_SETTINGS_KEYS = {
    "programme_page": "le chemin de la page du programme",
    "timezone": "un fuseau horaire (Europe/Paris)",
    "seasons": "la liste des saisons et de leurs sélections",
    "tracks": "la liste des volets",
    "scoring": "le barème (min, max, step, weights)",
    "annotations": "les libellés des annotations privées (eligible, shortlist)",
    "capacity": "la capacité par saison et par volet",
    "column_mapping": "la correspondance des en-têtes d'exports personnalisés",
    "ds_endpoint": "l'adresse de l'API GraphQL de démarches-simplifiées",
    "granting_bodies": "l'attribuant des subventions par volet (name, siret), pour les données ouvertes",
    "retention_months": "la durée de conservation des données personnelles, en mois (24)",
}
# The sentence for a wrong value of these keys, whatever pydantic found wrong.
_VALUE_MESSAGES = {
    "retention_months": (
        "« retention_months » vaut « {value} » ; attendu un nombre entier de mois entre 1 et 1200, "
        "par exemple 24."
    ),
    "scoring": "« scoring » attend des nombres (min, max, step, weights: {{1: 1.0}}).",
    "column_mapping": "« column_mapping » doit associer un en-tête à un libellé.",
}
_EXPECTED = {
    "string_type": "un texte",
    "list_type": "une liste",
    "dict_type": "un dictionnaire de clés",
    "model_type": "un dictionnaire de clés",
    "model_attributes_type": "un dictionnaire de clés",
    "int_type": "un nombre entier",
    "int_parsing": "un nombre entier",
    "int_from_float": "un nombre entier",
    "float_type": "un nombre",
    "float_parsing": "un nombre",
    "bool_type": "oui ou non",
}


def _where(loc: tuple) -> str:
    """('seasons', 1, 'rounds', 0, 'closes') -> 'seasons[1].rounds[0].closes'."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "racine"


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys the model accepts at `loc` (the parent of an unknown key)."""
    node: object = model
    for part in loc:
        if isinstance(node, type) and issubclass(node, BaseModel):
            node = node.model_fields[part].annotation
        else:  # a list's index or a dict's key: the type of its items
            node = (getattr(node, "__args__", None) or (None,))[-1]
        while getattr(node, "__args__", None) and getattr(node, "__origin__", None) not in (list, dict):
            node = next((a for a in node.__args__ if a is not type(None)), None)  # X | None -> X
    return sorted(node.model_fields) if isinstance(node, type) and issubclass(node, BaseModel) else []


def french_error(error: dict, path: Path, raw: Any) -> str:
    """One pydantic error as the sentence a manager reads: the file, the key, what is expected."""
    loc, kind = tuple(error["loc"]), error["type"]
    where = _where(loc)
    if loc and loc[0] in _VALUE_MESSAGES and kind not in ("missing", "extra_forbidden"):
        value = raw.get(loc[0]) if isinstance(raw, dict) else None
        return f"« {path} » : " + _VALUE_MESSAGES[loc[0]].format(value=value)
    if kind == "missing":
        if len(loc) == 1:
            return f"« {path} » : la clé « {loc[0]} » manque ; elle donne {_SETTINGS_KEYS[loc[0]]}."
        return f"« {path} » : « {where} » manque."
    if kind == "extra_forbidden":
        parent = loc[:-1]
        return (
            f"« {path} » : clé inconnue « {loc[-1]} » dans « {_where(parent)} » ; "
            f"clés attendues : {', '.join(_allowed_keys(SettingsFile, parent))}."
        )
    if kind.startswith("datetime") or kind.startswith("date_"):
        return f"« {path} » : « {where} » doit être une date et heure comme 2023-05-02 12:00:00."
    if kind == "too_short" and loc[-1] == "rounds":
        season = raw["seasons"][loc[1]].get("id")
        return f"« {path} » : la saison « {season} » n'a aucune sélection (« rounds »)."
    if kind in ("too_short", "string_too_short"):
        what = "une liste" if kind == "too_short" else "un texte"
        return f"« {path} » : « {where} » doit être {what} non vide."
    return f"« {path} » : « {where} » doit être {_EXPECTED.get(kind, 'une valeur valide')}."
