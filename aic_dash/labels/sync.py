"""Live sync from the démarches-simplifiées API."""

from __future__ import annotations

SYNC = {
    "title": "Synchroniser depuis démarches-simplifiées",
    "help": (
        "Récupère les dossiers de la démarche directement par l'API de démarches-simplifiées, sans "
        "export à télécharger : seulement ceux modifiés depuis la dernière synchronisation."
    ),
    "demarche": "Numéro de la démarche",
    "demarche_help": "Le numéro figure dans l'adresse de la démarche sur démarches-simplifiées.",
    "full": "Tout récupérer (ignorer la dernière synchronisation)",
    "button": "Synchroniser",
    "running": "Synchronisation de la démarche n° {demarche}…",
    "last": (
        "Dernière synchronisation réussie le {when} ; la prochaine demandera les dossiers modifiés "
        "depuis le {since}."
    ),
    "never": "Démarche jamais synchronisée : la première synchronisation récupère tous ses dossiers.",
    "no_token": (
        "Aucun jeton d'API : ajoutez `AIC_DASH_DS_TOKEN` aux secrets de l'application "
        "(`.streamlit/secrets.toml`) ou à l'environnement du serveur. Le jeton se crée sur "
        "démarches-simplifiées, « Mon profil » > « Jetons d'API »."
    ),
    "endpoint": "API interrogée : {endpoint}",
}
