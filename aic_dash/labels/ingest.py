"""Reading files and the démarches-simplifiées API (aic_dash.ingest): what a file was read as, every
refusal of a bad file (it names the row and the column, and says what to do), and the warnings.

One dict per ingest module; templates are filled with `str.format` where the message is made. The column
names of the platform's exports, and the header variants the readers accept, are data and stay in ingest.
"""

from __future__ import annotations

# A name quoted in a message (a column, a sheet, a value), as every refusal quotes it.
INGEST_QUOTED = "« {name} »"

# aic_dash.ingest.readers: the file's format, encoding and separator, and why a file cannot be read.
INGEST_READERS = {
    "utf16": (
        "le fichier est encodé en UTF-16 (« Texte Unicode » d'Excel), que le tableau de bord ne lit pas. "
        "Dans le tableur, enregistrez-le en « CSV UTF-8 », ou téléchargez de nouveau l'export."
    ),
    "pdf": "c'est un document PDF, pas un export. Téléchargez l'export en CSV, XLSX ou ODS.",
    "image": "c'est une image, pas un export. Téléchargez l'export en CSV, XLSX ou ODS.",
    "gzip": (
        "c'est une archive compressée (gzip, .gz). Décompressez-la et déposez le fichier qu'elle contient."
    ),
    "too_big": (
        "le fichier pèse {size} Mo, au-delà de la limite de {limit} Mo. "
        "Filtrez l'export sur démarches-simplifiées ou découpez-le."
    ),
    # What the import history says the file was read as (`RawTable.describe`).
    "separators": {",": "virgule", ";": "point-virgule", "\t": "tabulation"},
    "described_csv": "CSV, {encoding}, séparateur {separator}",
    "described_sheet": "{format}, feuille « {sheet} »",
    "utf8_bom": "UTF-8 avec BOM",
    "empty": "le fichier est vide. Téléchargez à nouveau l'export depuis démarches-simplifiées.",
    "xls": (
        "c'est un classeur Excel 97-2003 (.xls), format que le tableau de bord ne lit pas. "
        "Ouvrez-le et enregistrez-le au format .xlsx, ou téléchargez l'export en XLSX ou CSV."
    ),
    "html": (
        "c'est une page web (HTML), pas un export : souvent la page de connexion enregistrée à la place "
        "du fichier. Reconnectez-vous à démarches-simplifiées et téléchargez de nouveau l'export."
    ),
    "binary": (
        "ce n'est ni un fichier texte (CSV) ni un classeur XLSX ou ODS lisible. "
        "Téléchargez l'export au format CSV, XLSX ou ODS."
    ),
    "archive_too_big": (
        "le classeur se décompresse en {size} Mo, au-delà de la limite "
        "de {limit} Mo ; il n'a pas été ouvert. "
        "Exportez au format CSV, ou vérifiez l'origine du fichier."
    ),
    "damaged_archive": (
        "le classeur est incomplet ou abîmé (archive illisible), sans doute un téléchargement "
        "interrompu. Téléchargez de nouveau l'export."
    ),
    "zip_not_workbook": (
        "c'est une archive ZIP mais ni un classeur XLSX ni un ODS. Déposez l'export lui-même."
    ),
    "undecodable": (
        "un caractère illisible (octet 0x{byte:02X}) {reason}. "
        "Enregistrez le fichier en « CSV UTF-8 » ou téléchargez de nouveau l'export."
    ),
    # The {reason} of "undecodable".
    "not_utf8_as_marked": "n'est pas valide en UTF-8, l'encodage annoncé par le fichier",
    "not_utf8_as_the_rest": (
        "n'est pas valide en UTF-8, l'encodage du reste du fichier : il a sans doute été abîmé"
    ),
    "neither_encoding": "n'est valide ni en UTF-8 ni en Windows-1252",
    "empty_header_line": "la première ligne, qui doit porter les en-têtes de colonnes, est vide.",
    "ragged": (
        "une ligne n'a pas le même nombre de colonnes que l'en-tête. "
        "Vérifiez le séparateur et les guillemets, ou téléchargez de nouveau l'export."
    ),
    "header_not_on_first_line": (
        "la ligne 1 n'a qu'une colonne alors que la ligne {row} en a {cells} : les "
        "en-têtes de colonnes doivent être sur la ligne 1. Supprimez les lignes de titre "
        "au-dessus des en-têtes, ou téléchargez de nouveau l'export."
    ),
    "row_width": (
        "cette ligne du fichier a {cells} colonnes alors que l'en-tête en a {width}. "
        "Vérifiez le séparateur et les guillemets (un retour à la ligne dans une cellule doit "
        "être entre guillemets), ou téléchargez de nouveau l'export."
    ),
    "open_quote": (
        "un guillemet ouvert dans cette ligne n'est jamais refermé. Corrigez la cellule ou "
        "téléchargez de nouveau l'export."
    ),
    "too_many_rows": (
        "le fichier compte {rows} lignes, au-delà de la limite de {limit}. "
        "Supprimez les lignes vides en fin de feuille, ou filtrez l'export (par exemple par année)."
    ),
    "cell_too_long": (
        "une cellule contient {length} caractères, au-delà de la limite de "
        "{limit} par cellule : ce n'est pas une réponse au formulaire. "
        "Vérifiez cette cellule ou téléchargez de nouveau l'export."
    ),
    "nul_byte": (
        "le fichier contient un caractère binaire (octet 0x00) : il est abîmé ou ce n'est pas un CSV. "
        "Téléchargez de nouveau l'export au format CSV, XLSX ou ODS."
    ),
    "no_sheet": "le classeur ne contient aucune feuille. Téléchargez de nouveau l'export.",
    "unreadable_workbook": (
        "le classeur est abîmé ou incomplet et n'a pas pu être lu. Téléchargez de nouveau l'export."
    ),
    "empty_sheet": (
        "la feuille « {sheet} » est vide : ni en-têtes ni dossiers. Téléchargez de nouveau l'export."
    ),
}

# aic_dash.ingest.dossiers: an export of dossiers that cannot be imported, and what an import left aside.
INGEST_DOSSIERS = {
    "unlabelled_column": (
        "cette colonne n'a pas de titre en ligne 1 mais contient des valeurs "
        "(la première en ligne {row}). Donnez-lui un titre ou supprimez-la, puis "
        "déposez de nouveau le fichier."
    ),
    "yes_no": (
        "valeur « {value} » inattendue : cette annotation attend Oui, Non ou rien. "
        "Corrigez-la dans démarches-simplifiées puis exportez de nouveau."
    ),
    "header_below": (
        "les en-têtes de colonnes sont sur la ligne {row} alors qu'ils doivent être sur la "
        "ligne 1. Supprimez les lignes au-dessus (titre, lignes vides), enregistrez, puis déposez "
        "de nouveau le fichier."
    ),
    # Added to the first columns found ({found} of "missing_columns") when the workbook has no such sheet.
    "no_dossiers_sheet": " ; aucune feuille « Dossiers », feuilles présentes : {sheets}",
    "missing_columns": (
        "colonne(s) obligatoire(s) absente(s) : {names}. Ce fichier ne ressemble pas à un export "
        "des dossiers de démarches-simplifiées (premières colonnes : {found}). Déposez l'export "
        "« Dossiers », ou ajoutez l'en-tête personnalisé dans « column_mapping » des réglages."
    ),
    "no_dossier": (
        "le fichier a des en-têtes mais aucun dossier. Vérifiez les filtres de l'export "
        "sur démarches-simplifiées (les brouillons ne sont jamais exportés)."
    ),
    "bad_number": (
        "le numéro de dossier « {value} » n'est pas un nombre entier. "
        "Vérifiez que la colonne n'a pas été modifiée dans le tableur."
    ),
    "bad_state": (
        "état « {value} » inconnu. États attendus : En construction, "
        "En instruction, Accepté, Refusé, Classé sans suite."
    ),
    "bad_date": (
        "date « {value} » illisible. Formats attendus : 2023-04-28 11:52:07 +0200 ou 28/04/2023 11:52."
    ),
    "no_deposit": (
        "la date de dépôt est vide ; chaque dossier exporté a une date de dépôt. "
        "Vérifiez que la colonne n'a pas été effacée dans le tableur."
    ),
    "conflicting_duplicate": (
        "le dossier n° {number} apparaît plusieurs fois avec des contenus différents "
        "(lignes {rows}). Supprimez la ligne en trop ou exportez de nouveau."
    ),
    # Warnings: the import goes on.
    "outside_rounds": (
        "{count} dossier(s) déposé(s) hors de toute sélection des réglages : "
        "saison et sélection laissées vides."
    ),
    "unknown_track": "{count} dossier(s) sans volet reconnu (champ « Votre projet »).",
}

# aic_dash.ingest.jury: a jury grid that cannot be imported, and what an import left aside.
INGEST_JURY = {
    "unlabelled_column": (
        "cette colonne a des valeurs mais pas d'en-tête. Donnez-lui un titre (un critère, "
        "« Commentaire »…) ou supprimez-la."
    ),
    "same_role": "deux colonnes jouent le même rôle (« {first} » et « {second} »). Gardez-en une seule.",
    "criterion_twice": (
        "le critère {number} a deux colonnes (« {first} » et « {second} »). Gardez-en une seule."
    ),
    "unknown_criterion": (
        "le programme n'a pas de critère {number}. Ses critères : {names}. "
        "Renommez la colonne ou supprimez-la."
    ),
    "not_a_criterion": (
        "cette colonne de notes ne correspond à aucun critère du programme. Nommez-la par le "
        "numéro ou le nom d'un critère ({names}), ou supprimez-la."
    ),
    # The columns every grid has, as "missing_columns" names them.
    "dossier_column": "Dossier",
    "juror_column": "Juré",
    "missing_columns": (
        "colonne(s) {missing} absente(s). Une grille de jury a une "
        "colonne « Dossier » (numéro démarches-simplifiées), une colonne « Juré » et une colonne par "
        "critère (premières colonnes trouvées : {shown})."
    ),
    "no_criterion": (
        "aucune colonne de critère. Ajoutez une colonne par critère, titrée par son numéro "
        "(« Critère 1 », « C1 », « 1 ») ou son nom ({names})."
    ),
    # The {scale} of "bad_score".
    "scale": "entre {min} et {max}, par pas de {step}",
    "bad_score": (
        "note « {value} » invalide : une note est un nombre {scale} "
        "(virgule ou point décimal). Corrigez la cellule ou videz-la si la note manque."
    ),
    "bad_conflict": "valeur « {value} » inattendue : « Conflit d'intérêts » attend Oui, Non ou rien.",
    "bad_dossier": (
        "numéro de dossier « {value} » illisible : la colonne « Dossier » attend le numéro "
        "du dossier sur démarches-simplifiées (par exemple 11000001)."
    ),
    "no_rows": (
        "la grille a des en-têtes mais aucune ligne de notes. Ajoutez une ligne par dossier et par juré."
    ),
    "no_juror": "le nom du juré ou de la jurée manque. Chaque ligne porte le nom de qui a noté.",
    "scored_twice": (
        "le dossier n° {number} est noté deux fois par « {juror} » (lignes "
        "{first} et {second}). Supprimez la ligne en trop."
    ),
    "unknown_dossier": (
        "le dossier n° {number} n'est pas dans la base. Vérifiez le numéro, ou importez "
        "d'abord l'export des dossiers de démarches-simplifiées qui le contient."
    ),
    # Warnings: the import goes on.
    "absent_criteria": "critère(s) absent(s) de la grille : {numbers}.",
    "unknown_columns": "colonne(s) inconnue(s), non lue(s) : {names}.",
    "empty_rows": "{count} ligne(s) sans aucune note (comptées comme à noter).",
}

# aic_dash.ingest.followup: a laureates' follow-up file that cannot be imported. The parsers' reasons
# ("bad_date" … "long_text") are the {reason} of "unreadable_cell".
INGEST_FOLLOWUP = {
    "bad_date": "une date comme 31/03/2024 (ou 2024-03-31) est attendue",
    "bad_number": "un nombre est attendu, par exemple 1 250 ou 12,5",
    "bad_strand": "un axe parmi {choices} est attendu",
    "bad_status": "un statut parmi {choices} est attendu",
    "bad_tranche": "un numéro de tranche entier (1, 2, …) est attendu",
    "bad_amount": "un montant positif en euros est attendu",
    "long_text": "un texte de {max} caractères au plus est attendu",
    "missing_columns": (
        "il manque la ou les colonnes {names} d'un fichier de "
        "{kind}. Repartez du modèle proposé dans l'application."
    ),
    "empty_cell": (
        "la cellule est vide alors que cette colonne est obligatoire. Remplissez-la ou supprimez la ligne."
    ),
    "unreadable_cell": (
        "« {text} » n'est pas lisible : {reason}. Corrigez la cellule puis réimportez le fichier."
    ),
    "no_rows": "le fichier n'a aucune ligne de {kind} sous l'en-tête. Remplissez le modèle.",
    # What two rows of one file describe twice ({what} of "duplicate"), by kind of file.
    "duplicate_what": {
        "milestones": "le même jalon",
        "measurements": "la même mesure (indicateur et date)",
        "funding": "la même tranche",
    },
    "rows_and": " et ",
    "duplicate": "les lignes {rows} décrivent {what} pour le même lauréat. Gardez-en une seule.",
    "not_followup": (
        "ce fichier n'est ni un export de démarches-simplifiées ni un fichier de suivi des lauréats "
        "reconnu (pour des {kind}, les colonnes {expected} sont attendues). "
        "Repartez du modèle proposé dans l'application."
    ),
}

# aic_dash.ingest.ds_access: what is wrong with the API token.
INGEST_DS_ACCESS = {
    "no_token": (
        "Aucun jeton d'API : placez le jeton de démarches-simplifiées dans la variable "
        "d'environnement {env} (ou dans les secrets de l'application), jamais sur la "
        "ligne de commande. Il se crée dans « Mon profil » > « Jetons d'API »."
    ),
    "bad_token": "Le jeton d'API contient des espaces ou des caractères invisibles : copiez-le de nouveau.",
}

# aic_dash.ingest.ds_api: why the API could not be read (nothing is changed then), and its retries.
INGEST_DS_API = {
    # The {token_help} of the refusals of the token.
    "token_help": (
        "Vérifiez le jeton placé dans la variable d'environnement AIC_DASH_DS_TOKEN (ou dans les secrets de "
        "l'application) : sur démarches-simplifiées, « Mon profil » > « Jetons d'API »"
    ),
    "bad_endpoint": (
        "Adresse de l'API « {endpoint} » illisible. Exemple : {example} "
        "(option --endpoint, ou la variable AIC_DASH_DS_ENDPOINT)."
    ),
    "not_https": (
        "L'adresse de l'API « {endpoint} » n'est pas en https : le jeton y circulerait en clair. "
        "Utilisez l'adresse en https://."
    ),
    "redirect": (
        "L'API a répondu par une redirection (HTTP {code}) vers « {url} » ; le jeton n'y a pas été "
        "envoyé. Si la plateforme a changé d'adresse, indiquez la nouvelle avec --endpoint "
        "(ou AIC_DASH_DS_ENDPOINT)."
    ),
    # Logged before each wait; {why} is "throttle_reason", `HTTP 503` or a transport reason below.
    "retry": "{why} : nouvelle tentative dans {seconds:.0f} s",
    "throttle_reason": "HTTP 429 (trop de requêtes)",
    # The {asked} of "throttled".
    "throttle_wait": "demande d'attendre {minutes:.0f} min",
    "throttle_refused": "a refusé {count} fois de suite",
    "throttled": (
        "L'API limite le nombre de requêtes (HTTP 429) et {asked} ; rien n'a été "
        "modifié. Relancez la synchronisation plus tard (la limite est d'environ 400 "
        "requêtes par minute et par jeton : un autre script utilise peut-être le même)."
    ),
    "unauthorized": ("Jeton refusé par l'API (HTTP 401) : il est erroné, expiré ou révoqué. {token_help}."),
    "forbidden": (
        "Accès refusé par l'API (HTTP 403) : le jeton est peut-être limité à certaines "
        "adresses IP (réglage du jeton) ou n'a pas accès à cette démarche. "
        "{token_help} ; vérifiez ses adresses IP autorisées et que son compte est "
        "administrateur ou instructeur de la démarche."
    ),
    "unavailable": (
        "L'API ne répond pas correctement (HTTP {status}, {failures} essais) ; rien n'a "
        "été modifié. La plateforme est peut-être en maintenance : relancez la "
        "synchronisation plus tard."
    ),
    "http_status": "L'API a répondu HTTP {status} ; vérifiez l'adresse de l'API (« {endpoint} »).",
    "unreachable": (
        "Impossible de joindre l'API « {endpoint} » ({reason}, {failures} essais) ; "
        "rien n'a été modifié. Vérifiez la connexion et l'adresse, puis relancez la "
        "synchronisation : elle reprendra au début."
    ),
    "not_json": (
        "La réponse de « {endpoint} » n'est pas celle d'une API GraphQL (pas du JSON) : "
        "vérifiez l'adresse de l'API."
    ),
    "unexpected": "Réponse inattendue de « {endpoint} » : vérifiez l'adresse de l'API.",
    "no_demarche": (
        "Démarche n° {number} introuvable, ou le jeton n'y a pas accès. "
        "Vérifiez le numéro (il figure dans l'adresse de la démarche) et que le compte du jeton "
        "en est administrateur ou instructeur."
    ),
    "access_refused": (
        "L'API refuse l'accès à la démarche n° {number} (« {text} ») : le jeton n'y a pas "
        "accès ou a expiré. {token_help} ; son compte doit être administrateur ou instructeur "
        "de la démarche."
    ),
    "not_found": (
        "Démarche n° {number} introuvable (« {text} ») : vérifiez le numéro, qui figure dans "
        "l'adresse de la démarche."
    ),
    "api_error": (
        "L'API a répondu par une erreur (« {text} ») ; rien n'a été modifié. Vérifiez le numéro de "
        "démarche ({number}) et le jeton ; si l'erreur revient, la requête du tableau de bord ne "
        "correspond peut-être plus au schéma de l'API : signalez-la avec ce message."
    ),
    "no_cursor": (
        "L'API annonce une page suivante sans curseur pour l'atteindre ; rien n'a été modifié. "
        "Relancez la synchronisation ; si l'erreur revient, signalez-la."
    ),
    "incomplete_page": "Réponse de l'API incomplète (liste de dossiers absente) ; rien n'a été modifié.",
    # The {reason} of "unreachable" (and the {why} of "retry").
    "timeout": "délai d'attente dépassé",
    "refused": "connexion refusée",
    "dropped": "connexion interrompue",
    "unknown_host": "nom de serveur inconnu",
    "network": "erreur réseau",
}
