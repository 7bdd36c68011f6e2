"""Every word a manager reads for a code, in one place (FACTS §5)."""

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

COLUMNS = {
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
