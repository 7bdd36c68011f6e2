"""Jury scores: columns of the grids and reports, the Jury page."""

from __future__ import annotations

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
REPORT_TITLES = {"criteria": "Notes du jury par critère", "ranking": "Classement du jury"}
PAGE_TITLES = {"jury": "Jury"}
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
