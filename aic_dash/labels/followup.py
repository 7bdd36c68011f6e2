"""Laureate follow-up: statuses, strands, the import templates' headers, the Suivi page."""

from __future__ import annotations

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
    "milestone_status": "Statut",
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
# The import templates (aic_dash.reports.templates): the « Aide » sheet says what each column takes.
FOLLOWUP_TEMPLATE = {
    "help_sheet": "Aide",
    "help_headers": ("Colonne", "Contenu attendu"),
    "help": {
        "laureate": "Nom du projet lauréat, tel qu'affiché dans le tableau de bord, ou numéro de dossier.",
        "title": "Intitulé du jalon de la feuille de route.",
        "strand": "Axe d'accompagnement : {strands}.",
        "due_date": "Date d'échéance, par exemple 31/03/2024.",
        "milestone_status": "Facultatif (« À venir » si vide) : {statuses}.",
        "note": "Facultatif : commentaire libre.",
        "indicator": "Nom de l'indicateur d'impact (créé au premier import s'il n'existe pas).",
        "unit": "Facultatif : unité (personnes, écoles, %, …).",
        "initial": "Facultatif : valeur de départ de l'indicateur.",
        "target": "Facultatif : valeur cible de l'indicateur.",
        "measured_on": "Date de la mesure, par exemple 30/06/2024.",
        "value": "Valeur mesurée (nombre).",
        "amount": "Montant accordé, en euros, par exemple 80 000.",
        "granted_on": "Date d'attribution, par exemple 14/04/2022.",
        "tranche": "Numéro de la tranche : 1, 2, …",
    },
    "choices_separator": " ; ",
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
AUDIT_ACTIONS = FOLLOWUP_AUDIT_ACTIONS
# The « Détail » of a follow-up history row: « Note : "ancien" → "nouveau" ».
FOLLOWUP_HISTORY = {
    "fields": {
        "title": "Intitulé",
        "strand": "Axe",
        "due_date": "Échéance",
        "milestone_status": "Statut",
        "status": "Statut",  # audit rows written before migration 0013
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
REPORT_TITLES = {"laureates": "Suivi des lauréats", "progress": "Progression des cohortes"}
PAGE_TITLES = {"followup": REPORT_TITLES["laureates"]}  # the page bears its report's name
COLUMNS = {
    "laureate": "Lauréat",
    "organisation": "Structure porteuse",
    "town": "Commune",
    "support_start": "Début de l'accompagnement",
    "support_end": "Fin de l'accompagnement",
    "renewal": "Renouvellements",
    "support_status": "Statut de l'accompagnement",
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
    "acted_by": "Modifié par",
    "late": "En retard",
    "renewals_due": "Renouvellements dans les 60 jours",
}
VALUE_LABELS = {"support_status": SUPPORT_STATUSES, "strand": STRANDS, "milestone_status": MILESTONE_STATUSES}

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

# What the follow-up store says (aic_dash.store.followup): save summaries, refused edits, import messages.
FOLLOWUP_STORE = {
    "unnamed_laureate": "Dossier n° {number}",
    "changes": "{created} ajout(s), {updated} modification(s), {deleted} suppression(s)",
    "problem": "Ligne {position} du tableau des {what} : {message} Rien n'a été enregistré.",
    "milestones": "jalons",
    "measurements": "mesures",
    "no_title": "l'intitulé du jalon manque.",
    "long_title": "l'intitulé dépasse 500 caractères.",
    "bad_strand": "choisissez un axe dans la liste.",
    "bad_status": "choisissez un statut dans la liste.",
    "no_due_date": "l'échéance manque.",
    "same_title": "même intitulé que la ligne {line} ; changez l'un des deux.",
    "no_measured_on": "la date de la mesure manque.",
    "no_value": "la valeur manque.",
    "same_date": "même date que la ligne {line} ; une mesure par date.",
    "conflict_by": " par « {who} » le {day:%d/%m/%Y}",
    "conflict": (
        "{what} a été modifié entre-temps{by}. Rien n'a été enregistré : rechargez la page pour voir "
        "la version à jour, puis refaites vos modifications."
    ),
    "milestone": "Le jalon « {title} »",
    "measurement": "La mesure du {day:%d/%m/%Y}",
    "no_indicator": "Cet indicateur n'existe plus. Rechargez la page.",
    "rows": "lignes",
    "import_summary": (
        "{file_name} : {rows} ligne(s) de {what} lue(s) ({detected}) — "
        "{created} ajoutée(s), {updated} mise(s) à jour, {unchanged} inchangée(s)"
    ),
    "homonyms": (
        "plusieurs lauréats s'appellent « {text} » (saisons {seasons}). Ajoutez une colonne "
        "« Saison » ou écrivez le numéro de dossier."
    ),
    "in_season": " pour la saison {season}",
    "unknown_laureate": (
        "« {text} » n'est pas un lauréat connu{where}. Écrivez le nom du projet tel qu'il apparaît "
        "dans le tableau de bord, ou son numéro de dossier (lauréats connus : {hint})."
    ),
    "no_known_laureate": "aucun",
    "file": "Fichier « {name} »",
    "too_big": "le fichier pèse {size:,.0f} Mo, au-delà de la limite de {limit} Mo.",
    "unreadable": "Fichier « {path} » : impossible de le lire ({reason}). Vérifiez le chemin.",
}
