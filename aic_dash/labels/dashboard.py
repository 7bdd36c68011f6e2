"""The dashboard pages (Pipeline, Cohortes, Dossiers, Lauréats, Import): titles, tiles, charts, messages."""

from __future__ import annotations

from aic_dash.labels import common

APP_TITLE = "Tableau de bord AIC"
PAGE_TITLES = {
    "pipeline": "Pipeline",
    "cohorts": "Cohortes",
    "dossiers": "Dossiers",
    "laureates": "Lauréats",
    "import": "Import",
}
FILTER_LABELS = {name: common.COLUMNS[name] for name in ("season", "round", "track")}
ALL_SEASONS = "Toutes les saisons"
ALL_ROUNDS = "Toutes les sélections"
ALL_TRACKS = "Tous les volets"
NO_TRACK = "Sans volet"
NO_ROUND = "Hors sélection"
TOTAL = "Total"

KPIS = {
    "applications": "Candidatures",
    "reviewed": "Instruites",
    "eligible": "Éligibles",
    "shortlisted": "Liste restreinte",
    "laureates": "Lauréats",
    "selection_rate": "Taux de sélection",
}
KPI_HELP = {
    "applications": "Dossiers déposés sur démarches-simplifiées (les brouillons ne sont jamais exportés).",
    "reviewed": "Dossiers passés en instruction, décidés, ou annotés par l'équipe.",
    "eligible": "Dossiers annotés « Éligible : Oui », plus ceux retenus en liste restreinte ou lauréats.",
    "shortlisted": "Dossiers retenus en liste restreinte pour le jury, lauréats compris.",
    "laureates": "Dossiers acceptés sur démarches-simplifiées.",
    "selection_rate": "Lauréats ÷ éligibles.",
}
FUNNEL_STEPS = {
    "applications": "Candidatures",
    "reviewed": "Instruites",
    "eligible": "Éligibles",
    "shortlisted": "Liste restreinte",
    "laureates": "Lauréats",
}
ORG_TYPES_CHART = {**common.ORG_TYPES, "inconnu": "Non renseigné"}
CHARTS = {
    "funnel": "Entonnoir par volet",
    "cumulative": "Candidatures déposées au fil du temps",
    "cumulative_y": "Candidatures déposées (cumul)",
    "deadline": "Clôture",
    "decision_time": "Délai de décision (du dépôt à la décision)",
    "decision_days": "Jours",
    "median": "Médiane",
    "p90": "90 % décidés avant",
    "capacity": "Lauréats et plafond par volet",
    "capacity_x": "Lauréats",
    "cap": "Plafond",
    "org_mix": "Qui candidate",
    "org_mix_y": "Part des candidatures",
    "heard": "Comment les candidats ont connu l'appel",
    "heard_x": "Part des candidats qui ont répondu",
    "org_mix_x": "Sélection",
    "budget": "Budget global déclaré (2022)",
    "budget_y": "€ (échelle log.)",
    "contributors": "Contributeurs et contributrices déclarés",
    "contributors_y": "Personnes (échelle log.)",
    "rates": "Taux d'éligibilité et de liste restreinte",
    "eligibility_rate": "Éligibles ÷ instruites",
    "shortlist_rate": "Liste restreinte ÷ éligibles",
    "applications": "Candidatures",
    "season": "Saison",
}
COLUMNS = {
    "waiting_days": "Attente (jours)",
    "decided": "Dossiers décidés",
    "median_days": "Médiane (jours)",
    "p90_days": "90ᵉ centile (jours)",
    "reviewed": "Instruites",
    "eligibility_rate": "Taux d'éligibilité",
    "shortlist_rate": "Taux de liste restreinte",
    "median_budget": "Budget médian déclaré",
    "median_contributors": "Contributeurs (médiane)",
    "started_at": "Début",
    "finished_at": "Fin",
    "file_name": "Fichier",
    "source": "Source",
    "kind": "Type",
    "detected": "Format détecté",
    "rows": "Lignes lues",
    "created": "Créés",
    "updated": "Mis à jour",
    "unchanged": "Inchangés",
    "outside_rounds": "Hors sélection",
    "message": "Message",
    "laureates": "Lauréats",
    "capacity": "Plafond",
}

MESSAGES = {
    "demo_banner": (
        "**Données de démonstration** : ces candidatures, notes et lauréats sont fictifs "
        "(base data/demo.sqlite). Dès votre premier import (page **Import**, ou "
        "`python -m aic_dash import` de votre export), le tableau de bord affiche vos données, "
        "dans une base à part : rien de la démonstration ne s'y mêle."
    ),
    "demo_sidebar": "Démonstration : données fictives",
    "no_database": (
        "Aucune donnée pour l'instant. Importez un export des dossiers de démarches-simplifiées sur la "
        "page **Import**, ou remplissez une base de démonstration avec `python -m aic_dash demo`."
    ),
    "database_error": (
        "La base de données ne répond pas ({url}). Vérifiez la variable AIC_DASH_DATABASE_URL et que "
        "le serveur est démarré, puis rechargez la page."
    ),
    "settings_error": "Les réglages du tableau de bord sont invalides : {error}",
    "no_dossier": (
        "Aucun dossier ne correspond aux filtres ({filters}). Élargissez les filtres dans la barre latérale."
    ),
    "no_chart_data": "Pas encore de donnée pour ce graphique avec ces filtres.",
    "kpi_changes": "Variations depuis l'import précédent, apportées par le dernier import : {file} ({at}).",
    "no_decision": "Aucun dossier décidé avec ces filtres : pas encore de délai de décision.",
    "no_waiting": "Aucun dossier en attente de décision avec ces filtres.",
    "no_capacity": (
        "Aucun plafond n'est réglé pour ces volets : fixez le plafond de la saison (réglages) "
        "pour chaque volet."
    ),
    "no_jury": (
        "Aucune note de jury importée : importez une grille de jury (une ligne par dossier et par "
        "juré·e, une note par critère) pour comparer ici les critères d'une sélection à l'autre."
    ),
    "no_laureate": "Aucun lauréat pour la saison {season} avec ces filtres.",
    "no_laureate_any": "Aucun lauréat dans la base pour l'instant.",
    "laureate_season_default": "Saison {season}, la plus récente avec des lauréats : choisissez une "
    "saison dans la barre latérale pour en voir une autre.",
    "personal_hidden": "Données personnelles masquées",
    "no_history": "Aucun import n'a encore été fait.",
    "dossier_pick": "Sélectionnez une ligne du tableau pour ouvrir le dossier.",
    "dossier_missing": "Le dossier n° {number} n'est pas dans la base.",
    "import_help": (
        "Déposez un ou plusieurs exports « Dossiers » de démarches-simplifiées (CSV, XLSX, ODS ou TSV), "
        "tels que téléchargés ou ré-enregistrés par Excel. Un dossier déjà connu est mis à jour ; un "
        "fichier refusé ne modifie rien."
    ),
    "import_done": "Import terminé : les pages affichent déjà les nouvelles données.",
    "no_search_hit": "Aucun dossier ne correspond à la recherche « {query} ».",
}


# Headings, widget labels and short sentences of the dashboard pages.
TEXTS = {
    "track_name": "Volet {short}",
    "stage_table": "Étapes par volet",
    "waiting": "Dossiers qui attendent une décision depuis le plus longtemps",
    "cohorts_caption": "Chaque sélection est une cohorte ; les volets sont côte à côte.",
    "summary": "En bref",
    "budget_note": (
        "Budgets lus dans le texte libre (« 45 000 € », « environ 120k€ ») ; les budgets nuls sont omis."
    ),
    "contributors_note": (
        "Nombres lus dans le texte libre (« 12 », « une dizaine », « 3 bénévoles et 1 salariée »)."
    ),
    "jury": "Notes du jury par critère",
    "criterion": "Critère {number} : {name}",
    "dossiers_caption": "Sélectionnez une ligne pour ouvrir le dossier.",
    "search": "Rechercher",
    "search_placeholder": "Numéro ou nom du projet",
    "uploader_help": (
        "Cliquez sur « Choisir des fichiers », ou glissez les fichiers dans le cadre : "
        "200 Mo au plus par fichier, au format CSV, XLSX, ODS ou TSV."
    ),
    "dossier_count": "{count} dossier(s)",
    "chosen_stages": "étapes choisies",
    "dossier_title": "Dossier n° {number}",
    "show_personal": "Afficher les données personnelles (noms, e-mails, téléphones)",
    "show_personal_help": (
        "Masquées par défaut : ne les affichez que si vous en avez besoin pour instruire le dossier."
    ),
    "form_tab": "Formulaire",
    "history_tab": "Historique des imports",
    "imported_at": "Importé le",
    "day": "À la date du",
    "laureates_heading": "Saison {season} : {count} lauréat(s), {running} en accompagnement au {day}",
    "support_note": (
        "L'accompagnement dure {months} mois, renouvelable. Ses dates sont celles des périodes "
        "enregistrées dans le suivi des lauréats ; à défaut, il part de la décision (« Traité le »)."
    ),
    "no_laureate_on": (
        "Aucun lauréat de la saison {season} n'était encore sélectionné au {day} : choisissez une date "
        "postérieure à la décision."
    ),
    "no_organisation": "Organisation non renseignée",
    "no_town": "Commune non renseignée",
    "no_start": "Date de décision manquante dans l'export.",
    "support_month": "Mois {month} / {months}",
    "support_dates": "Début : {start} · Fin : {end}",
    "support_dossier": " · Dossier n° {number}",
    "support_renewal": " (renouvellement n° {renewal})",
    "support_upcoming": "{status} : début le {start}",
    "renewal_due": "Fin le {end} : renouvellement à décider",
    "uploader": "Exports démarches-simplifiées",
    "import_running": "Import en cours…",
    "history": "Historique des imports",
    "go_import": "Aller à la page Import",
    "download_help": "Télécharger ce tableau",
    "loading_dossiers": "Chargement des dossiers…",
    "loading_answers": "Lecture des réponses au formulaire…",
    "loading_scores": "Lecture des notes du jury…",
    "no_filter": "aucun filtre",
}
