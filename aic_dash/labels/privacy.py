"""Personal data: the retention purge, dossiers deleted on démarches-simplifiées."""

from __future__ import annotations

AUDIT_ACTIONS = {
    "purge_donnees_personnelles": "Purge des données personnelles (durée de conservation)",
    "effacement_supprimes_ds": (
        "Données personnelles effacées (dossiers supprimés sur démarches-simplifiées)"
    ),
}
PRIVACY = {
    "heading": "Données personnelles",
    "retention": (
        "Durée de conservation : **{months} mois**, fixée dans les réglages. La purge efface "
        "les e-mails, noms et téléphones des dossiers décidés (sinon déposés) depuis plus longtemps ; ceux "
        "des lauréats, {months} mois après la fin de leur dernier accompagnement. Les chiffres, les étapes "
        "et les dates restent : les rapports sans données personnelles ne changent pas."
    ),
    "nothing": "Aucune donnée personnelle à effacer : tous les dossiers sont dans la durée de conservation.",
    "preview": (
        "La purge effacerait les données personnelles de **{total} dossier(s)** décidés (sinon déposés) "
        "avant le {cutoff}, le plus ancien du {oldest} :"
    ),
    "season_row": "- saison {season} : {count} dossier(s)",
    "laureates_kept": (
        "{count} lauréat(s) gardé(s) jusqu'à {months} mois après la fin de leur accompagnement."
    ),
    "confirm": (
        "J'ai compris : ces données seront effacées définitivement (faites d'abord une sauvegarde : "
        "python -m aic_dash backup FICHIER)."
    ),
    "button": "Effacer les données personnelles",
    "deleted_on_ds": (
        "Supprimé sur démarches-simplifiées : ce dossier reste compté avec sa dernière étape, ses données "
        "personnelles ont été effacées."
    ),
    "erased": "Données personnelles effacées le {day} : durée de conservation dépassée.",
}
