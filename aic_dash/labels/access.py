"""Access: login, roles, administration."""

from __future__ import annotations

ROLE_NAMES = {
    "lecteur": "Lecteur",
    "gestionnaire": "Gestionnaire",
    "admin": "Administrateur",
    "jure": "Juré·e",
}
ROLE_HELP = {
    "lecteur": "chiffres agrégés et fiches des lauréats, sans données personnelles",
    "gestionnaire": "tout : dossiers et données personnelles, jury, suivi, imports, rapports",
    "admin": "comme gestionnaire, et gère les accès",
    "jure": "voit seulement « Mes évaluations » : les dossiers qui lui sont attribués, à noter",
}
ACCESS_AUDIT_ACTIONS = {
    "role_attribue": "Rôle attribué",
    "role_retire": "Accès retiré",
    "import_fichier": "Import de fichier",
}
AUDIT_ACTIONS = ACCESS_AUDIT_ACTIONS
PAGE_TITLES = {"admin": "Administration"}
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
# The users table (store.access.list_users) and the audit journal (store.audit.audit_log) of the
# Administration page: both say who acted (`acted_by`), each in its own words.
USER_COLUMNS = {
    "email": "Adresse e-mail",
    "role": "Rôle",
    "added_at": "Depuis le",
    "acted_by": "Ajouté par",
}
JOURNAL_COLUMNS = {
    "at": "Le",
    "acted_by": "Par",
    "action": "Action",
    "target": "Objet",
    "detail": "Détail",
}
