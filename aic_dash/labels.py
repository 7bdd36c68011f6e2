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

# Reports (aic_dash/reports/): column headers of the personal-data columns, value labels, sheet names.
COLUMNS.update(
    {
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
)
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

# --- Dashboard (app.py, pages/, aic_dash/ui/, aic_dash/charts/pipeline.py) ---------------------------------
APP_TITLE = "Tableau de bord AIC"
PAGE_TITLES = {
    "pipeline": "Pipeline",
    "cohorts": "Cohortes",
    "dossiers": "Dossiers",
    "laureates": "Lauréats",
    "import": "Import",
}
FILTER_LABELS = {"season": "Saison", "round": "Sélection", "track": "Volet"}
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
ORG_TYPES_CHART = {**ORG_TYPES, "inconnu": "Non renseigné"}
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
COLUMNS.update(
    {
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
        "user_name": "Par",
        "laureates": "Lauréats",
        "capacity": "Plafond",
    }
)

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

# --- Laureate follow-up (issue 5: store/followup.py, ingest/followup.py, pages/followup.py) ----------
SUPPORT_STATUSES = {
    "a_venir": "À venir",  # selected, support not started yet (read on a day, never stored)
    "diagnostic": "Diagnostic",
    "accompagnement": "Accompagnement",
    "renouvele": "Renouvelé",
    "termine": "Terminé",
}
MILESTONE_STATUSES = {
    "a_venir": "À venir",
    "en_cours": "En cours",
    "atteint": "Atteint",
    "en_retard": "En retard",
    "abandonne": "Abandonné",
}
STRANDS = {
    "consolidate": "Consolider le projet",
    "partnerships": "Partenariats avec les administrations",
    "expertise": "Nouvelles expertises",
}
FOLLOWUP_KINDS = {
    "milestones": "jalons",
    "measurements": "mesures d'indicateur",
    "funding": "financements",
}
# Column headers of the import templates (the importer also accepts a few variants).
FOLLOWUP_HEADERS = {
    "laureate": "Lauréat",
    "season": "Saison",
    "title": "Jalon",
    "strand": "Axe",
    "due_date": "Échéance",
    "status": "Statut",
    "note": "Note",
    "indicator": "Indicateur",
    "unit": "Unité",
    "initial": "Valeur initiale",
    "target": "Cible",
    "measured_on": "Date",
    "value": "Valeur",
    "amount": "Montant",
    "granted_on": "Date",
    "tranche": "Tranche",
}
FOLLOWUP_AUDIT_ACTIONS = {
    "jalon_cree": "Jalon ajouté",
    "jalon_modifie": "Jalon modifié",
    "jalon_supprime": "Jalon supprimé",
    "mesure_creee": "Mesure d'indicateur ajoutée",
    "mesure_modifiee": "Mesure d'indicateur modifiée",
    "mesure_supprimee": "Mesure d'indicateur supprimée",
    "indicateur_cree": "Indicateur ajouté",
    "indicateur_modifie": "Indicateur modifié",
    "financement_cree": "Financement ajouté",
    "financement_modifie": "Financement modifié",
}
AUDIT_ACTIONS.update(FOLLOWUP_AUDIT_ACTIONS)
# The « Détail » of a follow-up history row: « Note : "ancien" → "nouveau" ».
FOLLOWUP_HISTORY = {
    "fields": {
        "title": "Intitulé",
        "strand": "Axe",
        "due_date": "Échéance",
        "status": "Statut",
        "note": "Note",
        "measured_on": "Date",
        "value": "Valeur",
        "unit": "Unité",
        "initial": "Valeur initiale",
        "target": "Cible",
        "description": "Description",
        "tranche": "Tranche",
        "amount": "Montant",
        "granted_on": "Accordé le",
    },
    "change": '{field} : "{old}" → "{new}"',
    "value": '{field} : "{value}"',
    "empty": "vide",
    "milestone": "Jalon « {title} »",
    "indicator": "Indicateur « {name} »",
    "measure": "Mesure du {day}",
    "tranche": "Tranche {tranche}",
    "import": "import n° {id}",
}
REPORT_TITLES.update({"laureates": "Suivi des lauréats", "progress": "Progression des cohortes"})
PAGE_TITLES.update({"followup": "Suivi des lauréats"})
COLUMNS.update(
    {
        "laureate": "Lauréat",
        "organisation": "Structure porteuse",
        "town": "Commune",
        "support_start": "Début de l'accompagnement",
        "support_end": "Fin de l'accompagnement",
        "renewal": "Renouvellements",
        "status": "Statut de l'accompagnement",
        "months_elapsed": "Mois écoulés",
        "support_month": "Mois d'accompagnement",
        "selected_on": "Sélectionné le",
        "milestones_total": "Jalons",
        "milestones_reached": "Jalons atteints",
        "milestones_late": "Jalons en retard",
        "progress": "Avancement de la feuille de route",
        "last_update": "Dernière mise à jour",
        "at_risk": "À surveiller",
        "renewal_due": "Renouvellement dans les 60 jours",
        "in_support": "En accompagnement",
        "funding_total": "Financements accordés (€)",
        "seed_grant": "Subvention d'amorçage",
        "phase2": "Phase 2",
        "title": "Jalon",
        "strand": "Axe",
        "due_date": "Échéance",
        "milestone_status": "Statut du jalon",
        "note": "Note",
        "updated_at": "Modifié le",
        "updated_by": "Modifié par",
        "late": "En retard",
        "renewals_due": "Renouvellements dans les 60 jours",
    }
)
VALUE_LABELS.update({"status": SUPPORT_STATUSES, "strand": STRANDS, "milestone_status": MILESTONE_STATUSES})

FOLLOWUP_MESSAGES = {
    "no_laureate": (
        "Aucun lauréat à suivre avec ces filtres. Les dossiers passés à l'étape « Lauréat » apparaissent "
        "ici d'eux-mêmes ; `python -m aic_dash demo` ajoute les lauréats publics des saisons 2022 et 2023."
    ),
    "nothing_running": (
        "Aucun accompagnement en cours au {day} : le plus récent s'est terminé le {last}. "
        "Choisissez une date antérieure pour revoir le suivi tel qu'il était."
    ),
    "none_selected": (
        "Aucun lauréat de ces filtres n'était encore sélectionné au {day} : choisissez une date postérieure "
        "à la décision."
    ),
    "no_renewal": "Aucun renouvellement à décider dans les 60 prochains jours.",
    "no_late": "Aucun jalon en retard pour les lauréats en accompagnement.",
    "no_risk": "Aucun lauréat à surveiller : pas plus d'un jalon en retard, mises à jour récentes.",
    "no_milestone": "Aucun jalon dans la feuille de route : ajoutez-en une ligne dans le tableau ci-dessous.",
    "no_indicator": "Aucun indicateur d'impact pour ce lauréat : importez des mesures (modèle ci-dessous).",
    "no_funding": "Aucun financement enregistré.",
    "no_period": "Aucune période d'accompagnement enregistrée pour ce lauréat.",
    "saved": "Modifications enregistrées ({summary}) au nom de « {user} ».",
    "nothing_changed": "Aucune modification à enregistrer.",
    "templates_help": (
        "Remplissez un modèle (une ligne par jalon, par mesure ou par financement) puis déposez-le sur la "
        "page Import ou avec `python -m aic_dash import FICHIER`. Le type de fichier est reconnu à ses "
        "colonnes. La colonne « Lauréat » prend le nom du projet ou le numéro de dossier ; un fichier "
        "refusé ne modifie rien."
    ),
    "late_rule": (
        "Un jalon dont l'échéance est passée et qui n'est pas atteint compte comme en retard, quel que "
        "soit son statut enregistré ; avant son échéance, il n'est jamais en retard. À une date passée, "
        "seuls comptent comme atteints les jalons atteints à cette date. Un jalon abandonné sort de la "
        "feuille de route."
    ),
    "risk_rule": "À surveiller : plus d'un jalon en retard, ou aucune mise à jour depuis 60 jours.",
}
FOLLOWUP_UI = {
    "day": "À la date du",
    "go_back": "Voir le suivi au {day}",
    "tile_laureates": "Lauréats",
    "tile_in_support": "En accompagnement",
    "tile_renewals": "Renouvellements dans les 60 jours",
    "tile_late": "Jalons en retard",
    "tile_risk": "À surveiller",
    "help_renewals": (
        "Accompagnements qui atteignent 12 mois dans les 60 jours, sans renouvellement enregistré."
    ),
    "reason_late": "{n} jalons en retard",
    "reason_never": "aucune mise à jour depuis le début de l'accompagnement",
    "reason_stale": "aucune mise à jour depuis le {day}",
    "days_left": "Jours restants",
    "days_late": "Jours de retard",
    "stored_status": "Statut enregistré",
    "reason": "Pourquoi",
    "renewals": "Renouvellements à décider dans les 60 jours",
    "late": "Jalons en retard",
    "risks": "Lauréats à surveiller",
    "laureate": "Lauréat",
    "dossier": "Dossier n° {number}",
    "themes": "Thèmes : {themes}",
    "seed_grant": "Subvention d'amorçage : {answer}",
    "phase2": "Phase 2 : {answer}",
    "support": "{status} — mois {month} / 12 (du {start} au {end})",
    "save_roadmap": "Enregistrer la feuille de route",
    "measurements": "Mesures de « {name} »",
    "value": "Valeur",
    "value_unit": "Valeur ({unit})",
    "save_measurements": "Enregistrer les mesures",
    "funding_total": "**Total accordé : {total}**",
    "granted_on": "Accordé le",
    "partners": "**Administrations partenaires** : {names}",
    "history": "Historique des modifications",
    "no_history": "Aucune modification enregistrée depuis l'application ou par import.",
    "jury": "#### Notes du jury face à la cohorte",
    "reached": "Jalons atteints",
    "progress": "Avancement",
    "late_short": "En retard",
    "funding": "Financements accordés",
    "roadmap": "#### Feuille de route",
    "roadmap_help": (
        "Modifiez les cellules, ajoutez une ligne en bas du tableau ou supprimez-en une, puis enregistrez. "
    ),
    "indicator": "#### Indicateur d'impact",
    "funding_partners": "#### Financements et partenaires",
    "caption": "Accompagnement de 12 mois, renouvelable.",
    "tabs": ("Portefeuille", "Lauréat", "Progression des cohortes", "Modèles d'import"),
    "templates": "Modèles d'import",
    "template": "**Modèle de {kind}**",
    "yes": "oui",
    "no": "non",
}
FOLLOWUP_CHARTS = {
    "timeline": "Périodes d'accompagnement",
    "timeline_x": "Mois de l'accompagnement (mois/année)",
    "timeline_y": "Lauréat",
    "renewal": "Renouvellement {n}",
    "first_period": "12 premiers mois",
    "today": "Le {day}",
    "indicator": "{name}",
    "initial": "Valeur initiale",
    "measure": "Mesures",
    "target": "Cible : {value}",
    "progress": "Avancement des feuilles de route",
    "progress_x": "Jalons",
    "cohort": "Jalons atteints par saison et par volet",
    "cohort_y": "Part des jalons atteints",
}

# --- Live sync from the démarches-simplifiées API (aic_dash/ui/sync.py) ---------------------------
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

# --- Jury scores (aic_dash/reports/jury.py, aic_dash/charts/jury.py, pages/jury.py) --------------
JURY_COLUMNS = {
    "criterion": "Critère",
    "juror": "Juré·e",
    "score": "Note",
    "n_scores": "Notes",
    "mean": "Moyenne",
    "std": "Écart-type",
    "rank": "Rang",
    "weighted_score": "Note pondérée",
    "n_jurors": "Juré·es",
    "spread": "Écart entre juré·es",
    "max_gap": "Plus grand écart sur un critère",
    "disagreement": "Désaccord",
    "conflicts": "Conflits d'intérêts",
    "dossiers": "Dossiers",
    "to_score": "Notes attendues",
    "scored": "Notes données",
    "completion": "Avancement",
    "severity": "Sévérité",
    "same_score": "Même note pour tous",
    "alpha": "Alpha de Krippendorff",
    "units": "Dossiers comparables",
    "above_cutoff": "Dans les places",
    "tie_at_cutoff": "Ex æquo à la limite",
    "cohort_mean": "Moyenne de la cohorte",
    "cohort_median": "Médiane de la cohorte",
    "cohort_min": "Minimum de la cohorte",
    "cohort_max": "Maximum de la cohorte",
    "n_dossiers": "Dossiers notés",
    "conflict": "Conflit d'intérêts",
    "comment": "Commentaire",
    "counted": "Notes retenues",
}
COLUMNS.update({k: v for k, v in JURY_COLUMNS.items() if k not in COLUMNS})
REPORT_TITLES.update({"criteria": "Notes du jury par critère", "ranking": "Classement du jury"})
PAGE_TITLES.setdefault("jury", "Jury")
JURY = {
    "caption": (
        "Les notes des juré·es sur les cinq critères du programme ; une note donnée malgré un conflit "
        "d'intérêts déclaré ne compte pas."
    ),
    "no_scores": (
        "Aucune note de jury pour ces filtres. Importez une grille de jury (CSV, CSV Excel ou XLSX) sur "
        "la page **Import**, ou par `python -m aic_dash import grille.csv` : une ligne par dossier et "
        "par juré·e, avec les colonnes « Dossier » (numéro démarches-simplifiées), « Juré » et une "
        "colonne par critère (« Critère 1 » … « Critère 5 »), plus « Conflit d'intérêts » et "
        "« Commentaire » si besoin."
    ),
    "mode": "Notes",
    "mode_raw": "Brutes",
    "mode_normalised": "Normalisées par juré·e",
    "mode_help": (
        "Normalisées : chaque note est ramenée à l'échelle du panel (moyenne et dispersion), pour qu'un·e "
        "juré·e sévère ou généreux·se ne pèse pas plus qu'un·e autre. Une note normalisée peut sortir "
        "légèrement du barème."
    ),
    "ranking": "Classement",
    "cohort": "Cohorte",
    "cutoff": "Places : {places}",
    "cutoff_help": (
        "Places ouvertes dans la sélection : le plafond de la saison (réglages) pour le volet, moins "
        "les lauréats des sélections précédentes de la saison."
    ),
    "no_cutoff": "Aucun plafond réglé pour ce volet : pas de ligne de coupure.",
    "tie": "Ex æquo à la limite des places : {projects}.",
    "disagreement": (
        "{count} dossier(s) où deux juré·es sont à {gap} points ou plus d'écart sur un même critère : "
        "à discuter en délibération."
    ),
    "conflicts": "{count} conflit(s) d'intérêts déclaré(s) : ces notes ne comptent pas.",
    "jurors": "Juré·es",
    "same_score": (
        "{jurors} : même note à tous les dossiers sur chaque critère ; leurs notes ne départagent personne."
    ),
    "agreement": "Accord entre juré·es",
    "agreement_help": (
        "Alpha de Krippendorff (données d'intervalle) : 1 = accord parfait, 0 = pas plus d'accord que le "
        "hasard ; en dessous de 0,67, les notes sont à interpréter avec prudence."
    ),
    "all_criteria": "Tous critères",
    "dossier": "Notes d'un dossier, juré·e par juré·e",
    "dossier_pick": "Dossier",
    "criteria_view": "Notes par critère et par volet",
    "box": "Répartition des notes par critère",
    "radar": "Moyenne des volets par critère",
    "heatmap": "Moyenne par critère et par volet",
    "seasons": "Moyenne par critère, saison par saison",
    "ranking_chart": "Classement : note pondérée",
    "severity_chart": "Sévérité des juré·es (écart à la moyenne du panel)",
    "laureate_chart": "Notes du lauréat et de sa cohorte",
    "profile": "Lauréats et non retenus, critère par critère",
    "score_axis": "Note",
    "weighted_axis": "Note pondérée",
    "severity_axis": "Points d'écart",
    "cohort_mean": "Moyenne de la cohorte",
    "cohort_range": "Étendue de la cohorte",
    "laureate": "Lauréat",
    "counted_yes": "Oui",
    "counted_no": "Non (conflit d'intérêts)",
    # Normalised mode: what the chart and the column show (not the raw weighted score).
    "ranking_chart_normalised": "Classement : note normalisée par juré·e",
    "normalised_axis": "Note normalisée par juré·e",
    "normalised_score": "Note normalisée",
    "agreement_reading": "Lecture",
    "laureate_chart_note": (
        "Barres : le lauréat. Losanges : moyenne de sa cohorte ; trait vertical : de la plus basse à la "
        "plus haute moyenne des dossiers de la cohorte."
    ),
    "agreement_low": "Les juré·es s'accordent peu sur ce critère : comparez leurs notes avant de trancher.",
    "agreement_low_all": (
        "Les juré·es s'accordent peu sur l'ensemble des critères : comparez leurs notes avant de trancher."
    ),
    "agreement_ok": "Accord suffisant entre juré·es.",
    "agreement_unknown": "Pas assez de dossiers notés par deux juré·es pour le dire.",
    "agreement_low_count": (
        "Sur {count} critère(s), l'accord entre juré·es est sous {threshold} : les juré·es s'accordent "
        "peu sur ces critères ; comparez leurs notes avant de trancher."
    ),
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
    "no_filter": "aucun filtre",
}

# --- Access: login, roles, administration (aic_dash/ui/access.py, pages/admin.py, users_cli.py) ---------
ROLE_NAMES = {"lecteur": "Lecteur", "gestionnaire": "Gestionnaire", "admin": "Administrateur"}
ROLE_HELP = {
    "lecteur": "chiffres agrégés et fiches des lauréats, sans données personnelles",
    "gestionnaire": "tout : dossiers et données personnelles, jury, suivi, imports, rapports",
    "admin": "comme gestionnaire, et gère les accès",
}
ACCESS_AUDIT_ACTIONS = {
    "role_attribue": "Rôle attribué",
    "role_retire": "Accès retiré",
    "import_fichier": "Import de fichier",
}
AUDIT_ACTIONS.update(ACCESS_AUDIT_ACTIONS)
PAGE_TITLES.setdefault("admin", "Administration")
ACCESS = {
    "login_title": "Connexion",
    "login_intro": (
        "Ce tableau de bord contient les candidatures à l'Accélérateur d'initiatives citoyennes et des "
        "données personnelles : connectez-vous avec votre compte professionnel pour l'ouvrir."
    ),
    "login_button": "Se connecter",
    "login_broken": (
        "La connexion est mal configurée sur ce serveur ([auth] de .streamlit/secrets.toml). "
        "Prévenez l'administrateur du tableau de bord (voir docs/deploiement.md)."
    ),
    "no_access_title": "Pas d'accès",
    "no_access": (
        "Vous êtes connecté·e en tant que **{email}**, mais cette adresse n'a pas accès au tableau de "
        "bord. Demandez à un administrateur de l'équipe AIC de vous donner un rôle, puis reconnectez-vous."
    ),
    "no_email": (
        "Votre compte ne transmet pas d'adresse e-mail vérifiée : le tableau de bord ne peut pas savoir "
        "qui vous êtes. Prévenez l'administrateur du tableau de bord."
    ),
    "logout": "Se déconnecter",
    "denied_title": "Accès refusé",
    "denied": (
        "Votre rôle (« {role} ») ne donne pas accès à la page « {page} ». Demandez à un administrateur "
        "si vous en avez besoin."
    ),
    "local_mode": (
        "Mode local, sans connexion : quiconque ouvre cette adresse a tous les droits. Pour un serveur "
        "partagé, configurez la connexion (docs/deploiement.md)."
    ),
    "local_exposed_title": "Mode local : cet ordinateur seulement",
    "local_exposed_address": (
        "Sans connexion configurée (section [auth] de .streamlit/secrets.toml), le tableau de bord ne "
        "s'ouvre que sur l'ordinateur qui le fait tourner. Il a été lancé pour l'adresse réseau "
        "« {address} », joignable depuis d'autres machines : il n'affiche donc rien. Relancez-le avec "
        "« make run » ou « streamlit run app.py » sans --server.address (ou avec --server.address "
        "127.0.0.1), puis ouvrez http://localhost:8501 ; pour un serveur partagé, configurez d'abord la "
        "connexion (docs/deploiement.md)."
    ),
    "local_exposed_client": (
        "Ce tableau de bord tourne en mode local, sans connexion : il ne s'ouvre que sur l'ordinateur qui "
        "le fait tourner (http://localhost:8501), pas depuis une autre machine ({ip}). Pour le partager, "
        "son administrateur doit configurer la connexion (docs/deploiement.md)."
    ),
    "signed_in": "Connecté·e : {email}  \nRôle : {role}",
    "admin_caption": (
        "Qui peut ouvrir le tableau de bord partagé, et avec quel rôle. Chaque changement est inscrit "
        "au journal d'audit."
    ),
    "users": "Accès",
    "no_users": "Personne n'a encore de rôle. Ajoutez une adresse ci-dessous.",
    "local_admin_note": (
        "Mode local : ces rôles ne s'appliquent qu'une fois la connexion configurée sur le serveur "
        "partagé (docs/deploiement.md)."
    ),
    "set_heading": "Donner ou changer un rôle",
    "email": "Adresse e-mail",
    "email_placeholder": "prenom.nom@numerique.gouv.fr",
    "role": "Rôle",
    "set_button": "Enregistrer",
    "set_done": "« {email} » a maintenant le rôle « {role} ».",
    "set_same": "« {email} » avait déjà le rôle « {role} ».",
    "remove_heading": "Retirer un accès",
    "remove_pick": "Adresse",
    "remove_placeholder": "Choisissez une adresse",
    "remove_button": "Retirer l'accès",
    "remove_done": "« {email} » n'a plus accès au tableau de bord.",
    "journal": "Journal d'audit",
    "journal_caption": (
        "Les {count} dernières actions : imports, modifications, rôles, exports avec données personnelles."
    ),
    "no_journal": "Aucune action inscrite au journal pour l'instant.",
}
ACCESS_COLUMNS = {
    "email": "Adresse e-mail",
    "role": "Rôle",
    "added_at": "Depuis le",
    "added_by": "Ajouté par",
    "at": "Le",
    "user_name": "Par",
    "action": "Action",
    "target": "Objet",
    "detail": "Détail",
}

# --- Jurors scoring in the app (store/evaluations.py, ui/evaluations.py, ui/jury_assign.py) ---------
ROLE_NAMES["jure"] = "Juré·e"
ROLE_HELP["jure"] = "voit seulement « Mes évaluations » : les dossiers qui lui sont attribués, à noter"
PAGE_TITLES.setdefault("evaluations", "Mes évaluations")
AUDIT_ACTIONS.update(
    {
        "jury_affectation": "Dossiers attribués à un juré",
        "jury_desaffectation": "Dossiers retirés à un juré",
        "jury_declaration": "Déclaration de conflit d'intérêts",
        "jury_note": "Note de jury modifiée",
        "jury_soumission": "Évaluation soumise",
        "jury_reouverture": "Évaluation rouverte",
        "jury_cloture": "Évaluation de la sélection clôturée",
        "jury_reouverture_selection": "Évaluation de la sélection rouverte",
    }
)
EVALUATION_PROGRESS = {
    "a_faire": "À faire",
    "brouillon": "Brouillon",
    "soumis": "Soumis",
    "conflit": "Conflit d'intérêts",
}
EVALUATIONS = {
    "caption": (
        "Les dossiers que l'équipe AIC vous a attribués. Déclarez d'abord un éventuel conflit d'intérêts, "
        "puis notez chaque critère : vos notes sont enregistrées en brouillon à chaque modification, "
        "jusqu'à ce que vous les soumettiez."
    ),
    "none": (
        "Aucun dossier ne vous est attribué pour l'instant. L'équipe AIC vous préviendra quand les "
        "dossiers à évaluer seront prêts."
    ),
    "pick": "Dossier à évaluer",
    "pick_placeholder": "Choisissez un dossier",
    "pick_help": "Choisissez un dossier dans la liste pour l'ouvrir.",
    "count": "{done} dossier(s) soumis ou en conflit sur {total}.",
    "due": "À rendre avant le",
    "dossier_title": "Dossier n° {number} — {project}",
    "track": "Volet",
    "org_type": "Type d'organisation",
    "round": "Sélection",
    "answers": "Le dossier",
    "declaration": "Conflit d'intérêts",
    "declaration_help": (
        "Avant de noter, déclarez si vous avez un lien avec ce projet ou la structure qui le porte "
        "(conseil, emploi, bénévolat, famille, financement…)."
    ),
    "no_conflict": "Aucun conflit d'intérêts",
    "conflict": "Conflit d'intérêts",
    "reason": "Raison du conflit d'intérêts",
    "reason_placeholder": "Par exemple : j'ai conseillé ce projet l'an dernier.",
    "declare": "Enregistrer ma déclaration",
    "conflicted": (
        "Vous avez déclaré un conflit d'intérêts sur ce dossier (« {reason} ») : il ne peut pas être "
        "noté par vous. Si c'est une erreur, demandez à l'équipe AIC de rouvrir l'évaluation."
    ),
    "criteria": "Notation",
    "scale": "Notez chaque critère de {min} à {max} (par pas de {step}).",
    "criterion_comment": "Commentaire sur ce critère (facultatif)",
    "comment": "Commentaire général (facultatif)",
    "saved": "Brouillon enregistré ({count} critère(s) noté(s) sur {total}).",
    "submit": "Soumettre mes notes",
    "submit_help": "Une fois soumises, vos notes ne sont plus modifiables (l'équipe AIC peut les rouvrir).",
    "submit_missing": "Notez les {count} critère(s) restant(s) pour pouvoir soumettre.",
    "submitted": "Notes soumises le {at} : elles sont verrouillées. Merci !",
    "closed": ("L'évaluation de cette sélection est clôturée : les notes ne peuvent plus être modifiées."),
    "reloaded": (
        "Ce dossier a changé depuis que vous l'avez ouvert (rouvert ou clôturé par l'équipe AIC, ou noté "
        "dans un autre onglet) : la page affiche l'état enregistré."
    ),
    "your_score": "Votre note",
}
JURY_ASSIGN = {
    "heading": "Jurés : attribution et avancement",
    "caption": (
        "Attribuez des dossiers aux jurés qui notent dans l'application (rôle « Juré·e », page "
        "Administration), suivez leur avancement et clôturez l'évaluation d'une sélection."
    ),
    "round": "Sélection",
    "track": "Volet",
    "juror": "Juré·e (adresse e-mail)",
    "juror_placeholder": "prenom.nom@exemple.fr",
    "dossiers": "Dossiers (vide : toute la liste restreinte)",
    "due": "À rendre avant le (facultatif)",
    "assign": "Attribuer",
    "unassign": "Retirer",
    "assigned": "{summary}",
    "no_role": (
        "Attention : {email} n'a pas encore accès au tableau de bord. Donnez-lui le rôle « Juré·e » sur la "
        "page Administration (ou `python -m aic_dash users set {email} jure`)."
    ),
    "per_juror": "Avancement par juré·e",
    "per_dossier": "Avancement par dossier",
    "no_assignment": "Aucun dossier attribué dans cette sélection pour l'instant.",
    "close": "Clôturer l'évaluation",
    "close_help": "Fige les notes de la sélection : plus aucun juré ne peut les modifier.",
    "closed": "Évaluation de la sélection clôturée le {at}.",
    "closed_done": "Évaluation clôturée : {count} évaluation(s) figée(s).",
    "reopen_round": "Rouvrir l'évaluation de la sélection",
    "reopen_round_done": "Évaluation de la sélection rouverte.",
    "reopen": "Rouvrir une évaluation soumise",
    "reopen_pick": "Évaluation",
    "reopen_button": "Rouvrir",
    "reopen_done": (
        "Évaluation rouverte : {juror} peut de nouveau modifier ses notes du dossier n° {dossier}."
    ),
    "export": "Télécharger la grille des notes de l'application (CSV)",
}
JURY_ASSIGN_COLUMNS = {
    "juror": "Juré·e",
    "dossier": "Dossier",
    "project": "Projet",
    "track": "Volet",
    "round": "Sélection",
    "assigned": "Attribués",
    "scored": "Notés",
    "submitted": "Soumis",
    "conflicts": "Conflits",
    "late": "En retard",
    "progress": "Avancement",
    "due_on": "À rendre avant le",
}

# --- Personal data: retention purge, dossiers deleted on DS (store/retention.py, ui/privacy.py) ---------
AUDIT_ACTIONS.update(
    {
        "purge_donnees_personnelles": "Purge des données personnelles (durée de conservation)",
        "effacement_supprimes_ds": (
            "Données personnelles effacées (dossiers supprimés sur démarches-simplifiées)"
        ),
    }
)
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
