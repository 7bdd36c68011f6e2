"""Jurors scoring in the app: « Mes évaluations », assignments, audit actions."""

from __future__ import annotations

PAGE_TITLES = {"evaluations": "Mes évaluations"}
AUDIT_ACTIONS = {
    "jury_affectation": "Dossiers attribués à un juré",
    "jury_desaffectation": "Dossiers retirés à un juré",
    "jury_declaration": "Déclaration de conflit d'intérêts",
    "jury_note": "Note de jury modifiée",
    "jury_soumission": "Évaluation soumise",
    "jury_reouverture": "Évaluation rouverte",
    "jury_cloture": "Évaluation de la sélection clôturée",
    "jury_reouverture_selection": "Évaluation de la sélection rouverte",
}
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
