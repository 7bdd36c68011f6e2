"""The settings file (data/settings.yaml) and the programme page: what each key gives, and every refusal.

Each refusal names the file (`{path}`) and the key, and says what is expected; filled with `str.format`.
"""

from __future__ import annotations

# The labels of the private annotations when the settings give none.
ANNOTATION_DEFAULTS = {"eligible": "Éligible", "shortlist": "Liste restreinte"}

SETTINGS_ERRORS = {
    "file_not_found": "Fichier de configuration introuvable : « {path} ».",
    "not_utf8": "« {path} » n'est pas un texte UTF-8 : enregistrez-le en UTF-8.",
    "yaml_line": " (ligne {line})",
    "not_yaml": "« {path} »{where} n'est pas un YAML valide : vérifiez l'indentation et les guillemets.",
    "programme_not_found": "Page du programme introuvable : « {path} ».",
    "no_front_matter": "« {path} » doit commencer par un en-tête YAML entre deux lignes « --- ».",
    "front_matter_not_dict": "L'en-tête YAML de « {path} » doit être un dictionnaire de clés.",
    "root_not_dict": "« {path} » : « racine » doit être un dictionnaire de clés.",
    "missing_key": "« {path} » : la clé « {key} » manque.",
    "missing_key_gives": "« {path} » : la clé « {key} » manque ; elle donne {gives}.",
    "missing": "« {path} » : « {where} » manque.",
    "key_type": "« {path} » : la clé « {key} » doit être {expected}.",
    "unknown_key": "« {path} » : clé inconnue « {key} » dans « {where} » ; clés attendues : {allowed}.",
    "criterion_without_name": "« {path} » : le critère n° {number} de « criteria.list » n'a pas de « name ».",
    "criterion_number": "« {path} » : « criteria.list[{number}].num » doit être un nombre entier.",
    "criteria_same_number": "« {path} » : deux critères portent le même numéro dans « criteria.list ».",
    "timezone": "« {path} » : « timezone » doit être un fuseau comme Europe/Paris.",
    "round_closes_before_opening": (
        "« {path} » : « seasons[{season}].rounds[{round}] » se clôt avant de s'ouvrir."
    ),
    "ids_not_unique": "« {path} » : chaque saison et chaque sélection doit avoir un « id » unique.",
    "weight_of_unknown_criterion": (
        "« {path} » : « scoring.weights » cite le critère {number}, absent de la page du programme."
    ),
    "scoring_range": "« {path} » : « scoring » doit avoir min < max et step > 0.",
    "capacity_unknown_season": (
        "« {path} » : « capacity » cite la saison « {season} », absente de « seasons »."
    ),
    "value": "« {path} » : {message}",
    "datetime": "« {path} » : « {where} » doit être une date et heure comme 2023-05-02 12:00:00.",
    "season_without_round": "« {path} » : la saison « {season} » n'a aucune sélection (« rounds »).",
    "empty": "« {path} » : « {where} » doit être {expected} non vide.",
    "expected": "« {path} » : « {where} » doit être {expected}.",
}
# Where a problem sits when it is the file itself.
SETTINGS_ROOT = "racine"
# What a key of the programme page must be, by Python type name (« la clé … doit être … »).
PROGRAMME_TYPES = {"str": "un texte", "list": "une liste", "dict": "un dictionnaire", "bool": "oui/non"}
PROGRAMME_TYPE_OTHER = "une valeur"

# What each top-level key gives, for the message naming a missing one.
SETTINGS_KEYS = {
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
# The sentence for a wrong value of these keys, whatever was found wrong (`{value}`: the value read).
SETTINGS_VALUE_ERRORS = {
    "retention_months": (
        "« retention_months » vaut « {value} » ; attendu un nombre entier de mois entre 1 et 1200, "
        "par exemple 24."
    ),
    "scoring": "« scoring » attend des nombres (min, max, step, weights: {{1: 1.0}}).",
    "column_mapping": "« column_mapping » doit associer un en-tête à un libellé.",
}
# What a value must be, by the kind of error the settings model found (pydantic's error types).
SETTINGS_EXPECTED = {
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
    "too_short": "une liste",  # « … doit être une liste non vide »
    "string_too_short": "un texte",
}
SETTINGS_EXPECTED_OTHER = "une valeur valide"
