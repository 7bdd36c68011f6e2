"""The store's own words: its refusals, the results and progress of imports and syncs, the purge's report.

One dict per store module (STORE_BACKUP for store/backup.py…); the follow-up store has its own,
`FOLLOWUP_STORE` in labels/followup.py. Templates are filled with `str.format` where they are used.
"""

from __future__ import annotations

STORE_BACKUP = {
    "is_folder": "« {path} » est un dossier : donnez le nom du fichier de sauvegarde à écrire.",
    "no_folder": "Le dossier « {folder} » n'existe pas : créez-le ou choisissez un autre chemin.",
    "no_database": "Pas de base à sauvegarder : « {source} » n'existe pas.",
    "same_file": "La sauvegarde ne peut pas remplacer la base elle-même : choisissez un autre fichier.",
    "unsupported": "Sauvegarde impossible : base « {backend} » non prise en charge.",
    "inconsistent": "La copie de « {source} » est incohérente ({check}) : rien n'a été remplacé.",
    "copy_failed": "Sauvegarde de « {source} » impossible : {reason}. Vérifiez le chemin et les droits.",
    "write_failed": "Impossible d'écrire « {path} » ({reason}). Vérifiez le dossier et les droits.",
    "no_pg_dump": (
        "Sauvegarde PostgreSQL impossible : le programme pg_dump n'est pas installé sur cette machine. "
        "Installez le client PostgreSQL (Debian : apt-get install postgresql-client) ou lancez la "
        "commande sur le serveur de la base."
    ),
    "pg_dump_not_run": "pg_dump n'a pas pu s'exécuter ({reason}).",
    "unknown_error": "erreur inconnue",
    "pg_dump_refused": (
        "Sauvegarde de {url} refusée par pg_dump : {reason}. Vérifiez l'adresse, le mot de "
        "passe (~/.pgpass ou PGPASSWORD) et que la version de pg_dump n'est pas plus ancienne que le "
        "serveur."
    ),
    "daily_sqlite_only": (
        "Les copies quotidiennes ne concernent que la base SQLite embarquée ; pour PostgreSQL, "
        "planifiez « python -m aic_dash backup FICHIER.dump » (docs/deploiement.md)."
    ),
}
STORE_DB = {
    "made_meanwhile": (
        "La base {path} a été créée par l'application pendant cet import : rien n'y avait été écrit, "
        "l'import est relancé dans cette base."
    ),
    "unreadable_url": "(adresse de base de données illisible)",
    "bad_url": (
        "Adresse de base de données illisible. Exemple : sqlite:///data/aic.sqlite ou "
        "postgresql+psycopg://utilisateur@hote:5432/base."
    ),
    "busy": (
        "La base de données est occupée par un autre import depuis plus de {seconds} "
        "secondes ; rien n'a été modifié. Réessayez dans quelques minutes."
    ),
    "unreachable": (
        "Base de données injoignable ({url}) : {reason}. "
        "Vérifiez l'adresse (--db ou AIC_DASH_DATABASE_URL) et que le serveur est démarré."
    ),
    "unknown_error": "erreur inconnue",
}
STORE_IMPORT_RUNS = {
    "busy": (
        "{what} : la base est occupée par un autre import depuis plus de {seconds} "
        "secondes ; rien n'a été modifié. Réessayez dans quelques minutes."
    ),
    "storage_failed": (
        "{what} : l'enregistrement en base a échoué ({error}) ; rien n'a été modifié. "
        "Réessayez ; si l'erreur revient, signalez-la avec ce message."
    ),
    "summary": (
        "{file_name} : {rows} dossier(s) lu(s) ({detected}) — "
        "{created} créé(s), {updated} mis à jour, {unchanged} inchangé(s)"
    ),
    "ignored": "{count} ignoré(s) : plus ancien(s) que la base",
    # What a refusal of one file is about (the `what` of "busy" and "storage_failed").
    "file": "Fichier « {name} »",
}
STORE_ACCESS = {
    "bad_email": "« {email} » n'est pas une adresse e-mail (exemple : prenom.nom@numerique.gouv.fr).",
    "unknown_role": "Rôle « {role} » inconnu. Rôles possibles : {roles}.",
    "last_admin": (
        "« {email} » est le dernier administrateur : donnez d'abord le rôle admin à quelqu'un d'autre, "
        "sinon plus personne ne pourra gérer les accès."
    ),
}
STORE_ORIGIN = {
    "demo_refusal": (
        "Fichier « {file_name} » : la base {url} contient les données de démonstration (fictives) ; "
        "vos dossiers s'y mêleraient à des dossiers inventés. Rien n'a été importé. Importez vos fichiers "
        "dans votre propre base : sans --db ni AIC_DASH_DATABASE_URL, c'est data/aic.sqlite, que le "
        "tableau de bord ouvre dès qu'elle contient un import."
    ),
}
# The open-data fields of a laureate, as the subject of a sentence (« Le SIRET a été modifié… »).
STORE_PUBLICATION_FIELDS = {
    "siret": "Le SIRET",
    "rna": "Le numéro RNA",
    "organisation": "La structure porteuse",
}
STORE_PUBLICATION = {
    "unreadable": "{what} « {value} » illisible : attendu {example}. Rien n'a été enregistré.",
    "siret": "SIRET",
    "siret_example": "14 chiffres, par exemple 123 456 789 00012",
    "rna": "Numéro RNA",
    "rna_example": "W suivi de 9 chiffres, par exemple W123456789",
    "no_laureate": "Ce lauréat n'existe plus. Rechargez la page.",
    "convention_date": "La date de convention de la tranche {tranche}",
    "conflict": (
        "{what} a été modifié entre-temps par quelqu'un d'autre. Rien n'a été enregistré : rechargez "
        "la page pour voir la version à jour, puis refaites vos modifications."
    ),
}
# What a manager calls each filter of the command line: an unknown value, the values that exist, and none.
STORE_FILTER_WORDS = {
    "season": {"unknown": "Saison « {value} » inconnue", "existing": "Saisons", "none": "aucune"},
    "round": {"unknown": "Sélection « {value} » inconnue", "existing": "Sélections", "none": "aucune"},
    "track": {"unknown": "Volet « {value} » inconnu", "existing": "Volets", "none": "aucun"},
}
STORE_QUERIES = {
    "unknown_filter": "{unknown} (ni dans les réglages ni dans la base). {existing} : {values}.",
    "round_of_other_season": (
        "La sélection « {round} » appartient à la saison {round_season}, "
        "pas à {season} : changez --season ou --round."
    ),
}
# The steps an import or a sync reports to its progress bar (progress.IMPORT_STEPS gives their shares).
STORE_PROGRESS = {
    "reading": "lecture",
    "checking": "vérification",
    "writing": "écriture",
    "connecting": "connexion",
    "downloading": "téléchargement — page {pages}, {count} dossier(s)",
}
STORE_IMPORTS = {
    "same_file": "fichier identique à l'import n° {number} (mêmes réglages) : rien à changer",
    "is_folder": "« {path} » est un dossier, pas un fichier : indiquez le fichier d'export à importer.",
    "not_found": "Fichier « {path} » introuvable. Vérifiez le chemin (et l'extension du fichier).",
    "unreadable": "Fichier « {path} » : impossible de le lire ({reason}). Vérifiez le chemin et les droits.",
}
STORE_JURY = {
    "summary": (
        "{file_name} : grille de jury, {rows} notation(s) de {jurors} juré·e(s) "
        "lue(s) ({detected}) — {created} nouvelle(s), {updated} remplacée(s), "
        "{unchanged} inchangée(s)"
    ),
    "no_dossier": (
        "la base ne contient encore aucun dossier. Importez d'abord l'export des dossiers de "
        "démarches-simplifiées, puis la grille de jury."
    ),
    "not_shortlisted": "{count} dossier(s) noté(s) hors liste restreinte.",
}
STORE_SYNC = {
    # How a sync shows a moment (strftime), Europe/Paris time.
    "date_format": "%d/%m/%Y à %H:%M",
    "scope_full": "synchronisation complète",
    "scope_since": "dossiers modifiés depuis le {when}",
    "summary": (
        "Démarche n° {demarche} ({scope}) : {pages} page(s), {rows} dossier(s) reçu(s) — "
        "{created} créé(s), {updated} mis à jour, {unchanged} inchangé(s)"
    ),
    "summary_deleted": ", {count} supprimé(s) sur la plateforme",
    # Its decimal point becomes a comma where it is used.
    "summary_duration": " ; {seconds:.1f} s",
    "run_name": "API démarche {demarche}",
    "where_demarche": "Démarche n° {demarche}",
    "where_dossier": "dossier n° {number}",
    "where_field": "champ « {field} »",
    "located": "{where} : {detail}",
    # The parser's advice on an export, and what it becomes for a sync.
    "export_again": "exportez de nouveau",
    "sync_again": "synchronisez de nouveau",
    "sync": "Synchronisation de la démarche n° {demarche}",
    "failed": "Synchronisation de la démarche n° {demarche} : {reason}",
    "detected_full": "complète",
    "detected_since": "depuis le {when}",
    "detected": "API GraphQL, {pages} page(s), {requests} requête(s), {scope}",
    "deleted": (
        "{count} dossier(s) supprimé(s) sur démarches-simplifiées depuis la dernière "
        "synchronisation (n° {numbers}) : "
        "ils restent comptés, marqués « supprimé sur démarches-simplifiées », et leurs données "
        "personnelles sont effacées."
    ),
    # Its first decimal point becomes a comma where it is used.
    "duration": "Durée : {seconds:.1f} s.",
}
STORE_RETENTION = {
    "already_erased": (
        "{count} dossier(s) dont les données personnelles ont déjà été effacées (durée de "
        "conservation dépassée ou suppression sur démarches-simplifiées) : importé(s) sans elles."
    ),
    "past_cutoff": (
        "{count} dossier(s) décidé(s) (sinon déposé(s)) avant le {cutoff:%d/%m/%Y}, date de la "
        "dernière purge : importé(s) sans leurs données personnelles."
    ),
    "head": (
        "Dossiers décidés (sinon déposés) avant le {cutoff:%d/%m/%Y} — durée de conservation {months} mois"
    ),
    "nothing": "{head} : aucune donnée personnelle à effacer.",
    "list": "{head} :",
    "season": "  saison {season} : {count} dossier(s)",
    "total": "  total : {total} dossier(s), le plus ancien du {oldest:%d/%m/%Y}",
    "laureates_kept": (
        "{count} lauréat(s) gardé(s) jusqu'à {months} mois après la fin de leur dernier accompagnement."
    ),
    "dry_run": "Simulation (--dry-run) : rien n'a été effacé.",
    "erased": (
        "Données personnelles (e-mails, noms, téléphones) effacées de {count} dossier(s) ; "
        "les chiffres et les étapes restent. Purge inscrite au journal d'audit."
    ),
    # The purge's audit target is `conservation:` and this.
    "audit_months": "{months} mois",
    "bad_months": "Durée de conservation « {months} » : un nombre entier de mois, de 1 à {max}.",
    "wal_kept": (
        "Attention : le tableau de bord lit la base en ce moment ; une copie des valeurs effacées peut "
        "rester dans le fichier -wal jusqu'à sa prochaine remise à zéro. Relancez « purge » une fois "
        "le tableau de bord fermé (il n'effacera rien de plus et videra ce fichier)."
    ),
}
STORE_EVALUATIONS = {
    "bad_score": (
        "Note « {text} » refusée : une note est un nombre entre {min:g} et {max:g}, par pas de {step:g}."
    ),
    "round_closed": (
        "L'évaluation de la sélection « {round} » est clôturée : les notes ne peuvent plus être "
        "modifiées. Si une correction est nécessaire, demandez à l'équipe AIC de rouvrir l'évaluation."
    ),
    "not_assigned": (
        "Le dossier n° {dossier} ne vous est pas attribué : vous ne pouvez ni l'ouvrir ni le noter. "
        "Choisissez un dossier de la liste « Mes évaluations »."
    ),
    "stale_submitted": "il a été soumis entre-temps (peut-être dans un autre onglet)",
    "stale_changed": "il a été modifié entre-temps : rouvert par l'équipe AIC, ou noté dans un autre onglet",
    "stale_deleted": "son évaluation a été supprimée entre-temps",
    "stale": (
        "Dossier n° {dossier} : {why}. Votre dernière modification n'a pas été enregistrée ; "
        "la page affiche maintenant l'état enregistré, vérifiez-le puis recommencez."
    ),
    "unknown_dossier": "Dossier n° {dossier} inconnu : importez d'abord l'export qui le contient.",
    # A missing round or track of a dossier.
    "none": "–",
    "other_round": (
        "Le dossier n° {dossier} est de la sélection « {round} », volet « {track} », pas de "
        "« {wanted_round} »{wanted_track} : retirez-le de la liste."
    ),
    "other_round_track": " / « {track} »",
    "removed": "{juror} : {count} dossier(s) retiré(s)",
    "already": ", {count} l'étai(en)t déjà",
    "assigned": "{juror} : {count} dossier(s) attribué(s){already}",
    "no_shortlist": (
        "Aucun dossier en liste restreinte dans la sélection « {round} »"
        "{track} : vérifiez la sélection et le volet, "
        "ou donnez les numéros avec --dossiers."
    ),
    "no_shortlist_track": ", volet « {track} »",
    "conflicted": (
        "{juror} a déclaré un conflit d'intérêts sur le(s) dossier(s) n° "
        "{dossiers} : on ne peut pas le lui attribuer. Retirez-le(s) de "
        "la liste (--dossiers) ou attribuez-le(s) à un autre juré."
    ),
    "already_submitted": (
        "{juror} a déjà soumis ses notes du (des) dossier(s) n° {dossiers} : "
        "rouvrez d'abord l'évaluation (jury reopen) si elle doit être retirée."
    ),
    "no_reason": "Précisez la raison du conflit d'intérêts (par exemple : « j'ai conseillé ce projet »).",
    "declared": (
        "Dossier n° {dossier} : votre déclaration est déjà enregistrée (peut-être dans un autre "
        "onglet). La page affiche maintenant l'état enregistré."
    ),
    "declared_same_instant": (
        "Dossier n° {dossier} : votre déclaration est déjà enregistrée (autre onglet). "
        "La page affiche maintenant l'état enregistré."
    ),
    "unknown_criterion": "Critère n° {criterion} inconnu : les critères du programme sont {known}.",
    "missing_scores": "Dossier n° {dossier} : notez d'abord le(s) critère(s) {criteria}, puis soumettez.",
    "already_closed": "L'évaluation de la sélection « {round} » est déjà clôturée.",
    # The keys of a score change in the audit journal's detail (« avant » → « après »).
    "audit_before": "avant",
    "audit_after": "après",
    "audit_comment": "commentaire",
}
# The columns of the grid `export_grid` writes, which the jury-grid import reads back.
STORE_EVALUATIONS_GRID = {
    "dossier": "Dossier",
    "project": "Projet",
    "track": "Volet",
    "juror": "Juré·e",
    "criterion": "Critère {number}",
    "conflict": "Conflit d'intérêts",
    "comment": "Commentaire",
    # A criterion's comment, after the general one in the « Commentaire » cell.
    "criterion_comment": "C{criterion} : {text}",
}
