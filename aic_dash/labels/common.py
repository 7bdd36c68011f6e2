"""Words shared by every page and report: stages, states, organisation types, report columns, « À propos »."""

from __future__ import annotations

STAGES = {
    "depose": "Déposé",
    "en_instruction": "En instruction",
    "non_eligible": "Non éligible",
    "liste_restreinte": "Liste restreinte",
    "laureat": "Lauréat",
    "non_retenu": "Non retenu",
    "sans_suite": "Sans suite",
}
# Order in which the stages read along the pipeline.
STAGE_ORDER = tuple(STAGES)

STATES = {
    "en_construction": "En construction",
    "en_instruction": "En instruction",
    "accepte": "Accepté",
    "refuse": "Refusé",
    "sans_suite": "Classé sans suite",
}

ORG_TYPES = {
    "association": "Association",
    "administration": "Administration",
    "partenariat": "Association et administration",
}

CHANGES = {"cree": "Créé", "modifie": "Modifié"}
OUTCOMES = {"importe": "Importé", "rejete": "Rejeté", "en_cours": "En cours"}

_CODE_COLUMNS = {
    "number": "Dossier",
    "dossier": "Dossier",
    "season": "Saison",
    "round": "Sélection",
    "track": "Volet",
    "stage": "Étape",
    "state": "État",
    "project": "Projet",
    "org_type": "Organisation",
    "group_label": "Groupe instructeur",
    "eligible": "Éligible",
    "shortlisted": "Liste restreinte",
    "deposited_at": "Déposé le",
    "instructed_at": "Passé en instruction le",
    "processed_at": "Traité le",
    "ds_updated_at": "Dernière mise à jour le",
    "applications": "Candidatures",
}

# Reports (aic_dash/reports/): column headers of the personal-data columns, value labels, sheet names.
_REPORT_COLUMNS = {
    "previous_stage": "Étape précédente",
    "change": "Changement",
    "outcome": "Résultat",
    "median": "Médiane",
    "applicant_email": "E-mail du compte déposant",
    "referent1_last_name": "Référent·e 1 – nom",
    "referent1_first_name": "Référent·e 1 – prénom",
    "referent1_email": "Référent·e 1 – e-mail",
    "referent1_phone": "Référent·e 1 – téléphone",
    "referent2_last_name": "Référent·e 2 – nom",
    "referent2_first_name": "Référent·e 2 – prénom",
    "referent2_email": "Référent·e 2 – e-mail",
    "referent2_phone": "Référent·e 2 – téléphone",
}
COLUMNS = {**_CODE_COLUMNS, **_REPORT_COLUMNS}
# Columns whose codes are shown as words in the spreadsheet formats (track codes stay DINUM / DITP).
VALUE_LABELS = {
    "stage": STAGES,
    "previous_stage": STAGES,
    "state": STATES,
    "org_type": ORG_TYPES,
    "change": CHANGES,
    "outcome": OUTCOMES,
}
BOOLEANS = {True: "Oui", False: "Non"}

REPORT_TITLES = {
    "pipeline": "Candidatures par étape",
    "applications": "Candidatures",
}
FORMAT_LABELS = {"csv": "CSV (scripts)", "excel-csv": "CSV pour Excel", "xlsx": "Excel (.xlsx)"}
SEASON_REPORT_TITLE = "Rapport de la saison {season}"

# The « À propos » sheet that opens every workbook.
ABOUT_SHEET = "À propos"
ABOUT_REPORT = "Rapport"
ABOUT_SHEETS = "Feuilles"
ABOUT_FILTERS = "Filtres"
ABOUT_GENERATED_AT = "Généré le"
ABOUT_ROWS = "Lignes"
ABOUT_TIMEZONE = "Dates et heures en heure de Paris."
ABOUT_PERSONAL_DATA = "Données personnelles"
ABOUT_PERSONAL_YES = (
    "Oui : ce fichier contient des noms, e-mails et téléphones. Ne le diffusez pas ; "
    "son export est inscrit au journal d'audit."
)
ABOUT_PERSONAL_NO = "Non"
ABOUT_IMPORTS = "Imports d'où viennent les données"
ABOUT_NO_IMPORT = "Aucun import réussi dans la base."
ABOUT_IMPORT_COLUMNS = ("Fichier", "Importé le", "Source", "Lignes lues", "Créés", "Mis à jour")
FILTER_NAMES = {"season": "saison", "round": "sélection", "track": "volet"}
FILTER_ALL = {"season": "toutes", "round": "toutes", "track": "tous"}

AUDIT_ACTIONS = {"export_donnees_personnelles": "Export avec données personnelles"}
