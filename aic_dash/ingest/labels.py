"""Column labels of démarches-simplifiées exports, matched after normalisation."""

from __future__ import annotations

from aic_dash.text import normalize_label  # noqa: F401 (kept importable from here: the labels' matching)


def column_letter(index: int) -> str:
    """0-based column index -> spreadsheet letter (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# Canonical field -> accepted labels (current name first, then older names).
ID = "ID"
STATE = "État du dossier"
DEPOSITED = "Déposé le"
INSTRUCTED = "Passé en instruction le"
PROCESSED = "Traité le"
UPDATED = "Dernière mise à jour le"
FILE_UPDATED = "Dernière mise à jour du dossier le"
ARCHIVED = "À archiver"
GROUP = "Groupe instructeur"
PROJECT = "Nom du projet"
ORG = "Votre organisation est-elle une association ou une administration ?"
TRACK = "Votre projet"

ALIASES: dict[str, tuple[str, ...]] = {
    ID: ("ID", "Dossier ID", "Numéro"),
    STATE: ("État du dossier", "Etat du dossier", "État"),
    ARCHIVED: ("À archiver", "Archivé"),
}
REQUIRED = (ID, STATE, DEPOSITED)
DATE_FIELDS = (DEPOSITED, INSTRUCTED, PROCESSED, UPDATED, FILE_UPDATED)

STATES = {
    "en construction": "en_construction",
    "en instruction": "en_instruction",
    "accepte": "accepte",
    "refuse": "refuse",
    "classe sans suite": "sans_suite",
    "sans suite": "sans_suite",
}
# The API and some scripts give the codes themselves.
STATES.update({code: code for code in set(STATES.values())})
STATES["sans_suite"] = "sans_suite"

YES = {"oui", "true", "on", "1", "yes", "vrai"}
NO = {"non", "false", "off", "0", "no", "faux"}
