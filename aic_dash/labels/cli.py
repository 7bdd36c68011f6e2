"""The command line (`python -m aic_dash`): each command's help, its results and its refusals.

Templates are filled with `str.format`; argparse's own words are translated by `aic_dash.argparse_fr`.
"""

from __future__ import annotations

# What every command shares: the program's description, the options several commands take, the placeholders
# of the help (metavar), the last words on an error or an interruption.
CLI = {
    "description": "Tableau de bord de l'Accélérateur d'initiatives citoyennes (AIC).",
    "commands": "commandes",
    "error": "Erreur : {message}",
    "interrupted": "Interrompu : la base est restée dans l'état d'avant le fichier en cours.",
}
CLI_OPTIONS = {
    "db": "adresse de la base (défaut : AIC_DASH_DATABASE_URL, sinon SQLite)",
    "config": "fichier de réglages (défaut : data/settings.yaml)",
    "user_imports": "votre nom pour l'historique des imports (défaut : l'utilisateur du système)",
    "user_audit": "votre nom pour le journal d'audit (défaut : l'utilisateur du système)",
    "track": "volet : DINUM ou DITP",
    "output": "fichier de sortie (défaut : sortie standard)",
}
CLI_METAVARS = {
    "command": "COMMANDE",
    "action": "ACTION",
    "file": "FICHIER",
    "report": "RAPPORT",
    "email": "EMAIL",
    "role": "ROLE",
    "date": "AAAA-MM-JJ",
    "dossiers": "N,N…",
    "months": "MOIS",
    "number": "NUMÉRO",
    "count": "N",
}

CLI_IMPORT = {
    "help": "importer des exports démarches-simplifiées, des grilles de jury ou des fichiers de suivi",
    "kind": "nature des fichiers (défaut : reconnue d'après leurs colonnes)",
}

CLI_DEMO = {
    "help": "créer la base de démonstration (candidatures fictives), à part de vos données",
    "description": (
        "Crée la base de démonstration, par défaut data/demo.sqlite, jamais mêlée à vos données : "
        "une base qui contient vos propres imports est refusée."
    ),
    "applications": "nombre de candidatures (au moins 13)",
    "seed": "graine du tirage (même graine, même démo)",
    "db": "adresse de la base de démonstration (défaut : data/demo.sqlite)",
    "too_few": (
        "--applications {asked} : la démo compte au moins {minimum} candidatures (les lauréats publics). "
        "Donnez un nombre plus grand, ou rien (317)."
    ),
    "own_data": (
        "La base {url} contient vos propres imports : la démo n'y est pas écrite, pour ne pas mêler des "
        "dossiers fictifs aux vôtres. Lancez la démo sans --db (data/demo.sqlite) ou sur une base vide."
    ),
    "already": "La base {url} contient déjà la démonstration : rien à faire.",
    "progress": "démonstration",
    "followup": "Suivi : {count} lauréat(s) avec leur accompagnement et leur feuille de route.",
    "evaluations": "Jury dans l'application : {count} évaluation(s) de démo.",
    "ready": "Démonstration prête dans {url} : ces données sont fictives.",
}

CLI_REPORT = {
    "help": "écrire un rapport, ou « season » : le classeur XLSX de tous les rapports d'une saison",
    "name": "{reports} ou {season} ; publications : {publications}",
    "season": "saison, par exemple 2023 (obligatoire pour « season »)",
    "round": "sélection, par exemple 2023-1",
    "format": "csv, excel-csv ou xlsx (défaut : d'après l'extension de -o, sinon csv ; xlsx pour « season »)",
    "with_personal_data": "ajouter e-mails, noms et téléphones (l'export est inscrit au journal d'audit)",
    "force": "remplacer le fichier de sortie s'il existe",
    "bad_extension": (
        "« {output} » : les rapports s'écrivent en .xlsx ou en .csv, pas en {suffix}. "
        "Changez l'extension du fichier de sortie."
    ),
    "format_contradiction": (
        "--format {fmt} et « {output} » se contredisent : un fichier {suffix} {what}. "
        "Changez l'un ou l'autre."
    ),
    "is_workbook": "est un classeur (--format xlsx)",
    "is_csv": "est un texte CSV",
    "season_is_workbook": (
        "Le rapport de saison est un classeur : --format xlsx (ou rien), "
        "dans un fichier .xlsx (-o saison.xlsx)."
    ),
    "season_missing": "Précisez la saison, par exemple : report season --season 2023 -o saison-2023.xlsx",
    "xlsx_on_terminal": "Un classeur XLSX ne s'affiche pas dans le terminal : ajoutez -o FICHIER.xlsx.",
    "no_personal_data": (
        "Le rapport « {name} » ne contient pas de données personnelles : retirez --with-personal-data "
        "(rapports qui en ont : {reports})."
    ),
    "season_written": "{title} ({reports} rapport(s), {rows} ligne(s)) écrit",
    "rows_written": "{rows} ligne(s) écrite(s)",
    "written_to": "{done} dans {output}",
    "no_rows": "Attention : aucune ligne pour ces filtres (le fichier n'a que ses en-têtes).",
    "personal_data": (
        "Données personnelles incluses : export inscrit au journal d'audit au nom de « {user} ». "
        "Ne diffusez pas ce fichier."
    ),
}

# The publications of `report` (booklet, opendata, opendata-laureates): an example of each, and the refusals.
CLI_PUBLISH_EXAMPLES = {
    "booklet": "report booklet --season 2023 -o livret-2023.pdf",
    "opendata": "report opendata --season 2022 -o subventions-2022.csv",
    "opendata-laureates": "report opendata-laureates --season 2022 -o laureats-2022.csv",
}
CLI_PUBLISH = {
    "with_jury_scores": "booklet : inclure les notes du jury (moyennes de chaque lauréat seulement)",
    "season_missing": "Précisez la saison, par exemple : {example}",
    "whole_season": "« {name} » publie toute une saison : retirez {option} (exemple : {example}).",
    "no_personal_data": "« {name} » est une publication : elle ne contient jamais de données personnelles.",
    "fixed_format": "« {name} » s'écrit toujours en {format} : retirez --format.",
    "jury_scores_booklet_only": "--with-jury-scores ne concerne que le livret (« booklet »).",
    "wrong_suffix": "« {output} » : « {name} » s'écrit dans un fichier {suffix} (exemple : {example}).",
    "pdf_on_terminal": "Un PDF ne s'affiche pas dans le terminal : ajoutez -o, par exemple {example}",
}

CLI_SYNC = {
    "help": "synchroniser les dossiers d'une démarche depuis l'API démarches-simplifiées",
    "description": (
        "Récupère les dossiers d'une démarche par l'API de démarches-simplifiées (seulement ceux "
        "modifiés depuis la dernière synchronisation, sauf --full). Le jeton se lit dans la "
        "variable d'environnement {token_env}."
    ),
    "demarche": "numéro de la démarche",
    "endpoint": "adresse de l'API GraphQL (défaut : {endpoint_env}, sinon les réglages, sinon {default})",
    "full": "tout récupérer, sans tenir compte de la dernière synchronisation",
    "bad_number": "Le numéro de démarche est un entier positif (il figure dans l'adresse de la démarche).",
    "demo_refused": "démarche n° {demarche}",
}

CLI_USERS = {
    "help": "gérer les accès au tableau de bord partagé (lister, donner un rôle, retirer)",
    "description": "Rôles : {roles}. Chaque changement est inscrit au journal d'audit.",
    "role": "{role} ({help})",
    "list": "les adresses qui ont accès, avec leur rôle",
    "set": "donner un rôle à une adresse e-mail (ou le changer)",
    "remove": "retirer l'accès d'une adresse e-mail",
    "nobody": "Personne n'a encore accès. Donnez un rôle : python -m aic_dash users set EMAIL admin",
    # The headers of `users list`.
    "columns": {"email": "e-mail", "role": "rôle", "since": "depuis le", "acted_by": "ajouté par"},
    "unchanged": "{email} avait déjà le rôle {role} : rien n'a changé.",
    "opened": "{email} : accès ouvert avec le rôle {role} (inscrit au journal d'audit).",
    "replaced": "{email} : rôle {previous} remplacé par {role} (inscrit au journal d'audit).",
    "not_found": (
        "« {email} » n'a pas accès au tableau de bord : rien à retirer. "
        "Voyez qui a accès avec : python -m aic_dash users list"
    ),
    "removed": "{email} : accès retiré (inscrit au journal d'audit).",
}

CLI_JURY = {
    "help": "faire noter le jury dans l'application : attribuer, suivre, clôturer, exporter",
    "description": (
        "Les jurés (rôle jure) notent dans l'application les dossiers qui leur sont attribués. "
        "Chaque changement est inscrit au journal d'audit."
    ),
    "assign": "attribuer des dossiers d'une sélection à un juré",
    "unassign": "retirer des dossiers à un juré (ses brouillons sont supprimés)",
    "status": "l'avancement par juré et par dossier, et qui est en retard",
    "close": "clôturer l'évaluation d'une sélection (les notes sont figées)",
    "reopen": "rouvrir l'évaluation d'une sélection, ou (avec --juror) les évaluations soumises d'un juré",
    "export_grid": "les notes données dans l'application, au format grille de jury",
    "round": "sélection, par exemple 2023-2",
    "round_or_all": "sélection, par exemple 2023-2 (défaut : toutes)",
    "juror": "adresse e-mail du juré",
    "dossiers": "numéros de dossiers séparés par des virgules (défaut : toute la liste restreinte)",
    "due": "date limite de soumission (facultatif)",
    "reopen_juror": "rouvrir seulement les évaluations de ce juré",
    "reopen_dossiers": "avec --juror : seulement ces dossiers",
    "bad_dossier": (
        "--dossiers : « {part} » n'est pas un numéro de dossier. Exemple : --dossiers 9284911,9297044"
    ),
    "bad_due": "--due : « {text} » n'est pas une date AAAA-MM-JJ (exemple : 2023-11-30).",
    "unknown_round": "Sélection « {round} » inconnue. Sélections des réglages : {known}.",
    "audited": "{summary} (inscrit au journal d'audit).",
    "not_a_juror": (
        "Attention : {juror} n'a pas le rôle jure. Donnez-le-lui pour qu'il puisse se connecter : "
        "python -m aic_dash users set {juror} jure"
    ),
    "none_assigned": "Aucun dossier attribué dans la sélection « {round} ».",
    # The tables of `jury status`.
    "counts": {"assigned": "attribués", "scored": "notés", "submitted": "soumis", "conflicts": "conflits"},
    "juror_columns": {"juror": "juré·e", "late": "en retard"},
    "dossier_columns": {"dossier": "dossier", "project": "projet", "track": "volet"},
    "status_closed": "Sélection {round} : évaluation clôturée le {closed:%d/%m/%Y}.",
    "status_open": "Sélection {round} : évaluation ouverte.",
    "per_juror": "\nPar juré·e",
    "per_dossier": "\nPar dossier",
    "late": "\nEn retard : {names}",
    "nobody_late": "personne.",
    "closed": "Évaluation de la sélection {round} clôturée : {frozen} évaluation(s) figée(s).",
    "nothing_to_reopen": "{juror} n'a aucune évaluation soumise à rouvrir dans « {round} ».",
    "reopened": "{count} évaluation(s) rouverte(s) : {dossiers} (inscrit au journal d'audit).",
    "round_not_closed": "L'évaluation de la sélection « {round} » n'est pas clôturée : rien à rouvrir.",
    "round_reopened": "Évaluation de la sélection {round} rouverte (inscrit au journal d'audit).",
    "cannot_write": "Impossible d'écrire « {output} » ({reason}).",
    "written": "{rows} notation(s) écrite(s) dans {output}",
}

CLI_BACKUP = {
    "help": "copier la base dans un fichier, même pendant un import (restauration : docs/deploiement.md)",
    "description": (
        "Écrit une copie cohérente de la base : SQLite par sa sauvegarde à chaud, PostgreSQL par "
        "pg_dump (format personnalisé, à restaurer avec pg_restore). Avec --daily : la copie du jour "
        "à côté de la base SQLite, si la dernière a plus d'un jour, et seulement les N dernières."
    ),
    "path": "fichier de sauvegarde à écrire",
    "daily": "copie quotidienne à côté de la base SQLite (aic-sauvegarde-AAAA-MM-JJ.sqlite)",
    "keep": "copies quotidiennes gardées (7)",
    "size": "{megabytes:.1f} Mo",
    "daily_with_path": "Avec --daily, pas de FICHIER : la copie va à côté de la base SQLite.",
    "keep_at_least_one": "--keep : au moins 1 copie.",
    "daily_taken": "Copie quotidienne de la base : {path} ({size}).",
    "old_removed": "Ancienne copie supprimée : {name} (seules les {keep} dernières sont gardées).",
    "path_missing": "Donnez le fichier à écrire, par exemple : backup sauvegarde-aic.sqlite",
    "restore_pg": "pour la restaurer : pg_restore --no-owner -d NOUVELLE_BASE {path}",
    "restore_sqlite": "pour l'ouvrir : --db sqlite:///{path}",
    "written": "Sauvegarde écrite : {path} ({size}, {method}) ; {restore}.",
}

CLI_PURGE = {
    "help": "effacer les données personnelles des dossiers plus anciens que la durée de conservation",
    "description": (
        "Efface les e-mails, noms et téléphones des dossiers décidés (sinon déposés) il y a plus de "
        "MOIS mois — les lauréats, MOIS mois après la fin de leur dernier accompagnement. Les "
        "chiffres, étapes et dates restent. La purge est inscrite au journal d'audit."
    ),
    "older_than": "durée de conservation en mois (défaut : retention_months des réglages, 24)",
    "dry_run": "dire ce qui serait effacé, sans rien effacer",
}
