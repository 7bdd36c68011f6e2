"""The AIC application form on démarches-simplifiées (2023 revision), as data.

Labels are written byte for byte as the platform exports them, typographic (’) and plain (')
apostrophes included; match them with `aic_dash.ingest.labels.normalize_label`, never by exact bytes.
"""

from __future__ import annotations

PROJECT_LABEL = "Nom du projet"
ORG_LABEL = "Votre organisation est-elle une association ou une administration ?"
TRACK_LABEL = "Votre projet"
DESCRIPTION_LABEL = "Décrivez votre projet en quelques lignes"
RESOURCE_LABEL = (
    "En quoi votre initiative permet-elle ou favorise-t-elle la mise en commun d'une ressource "
    "d'intérêt collectif (ressources naturelles, science ouverte, etc.) ?"
)
DIGITAL_COMMON_LABEL = "En quoi votre initiative relève-t-elle d’un commun numérique ?"
WEBSITE_LABEL = "Lien vers votre site internet"
BUDGET_2021_LABEL = "Montant approximatif de votre budget global en 2021."
BUDGET_2022_LABEL = "Montant approximatif de votre budget global en 2022."
FUNDERS_LABEL = "Vos principaux financeurs sur les années fiscales 2020-2023"
ECONOMIC_ACTIVITY_LABEL = "Votre organisme exerce-t-il une activité économique contre rémunération ?"
CUSTOMERS_LABEL = "Quelle est l’étendue de sa clientèle et quel(s) marchés occupe-t-elle ?"
RELATED_LABEL = (
    "Précisez s’il existe des structures proches de vous et/ou rattachées avec des liens juridiques "
    "ou capitalistiques"
)
RELATED_DETAIL_LABEL = "Si oui, précisez lesquelles"
CONTRIBUTORS_LABEL = (
    "Nombre de contributeurs et contributrices mobilisé.e.s dans le cadre du projet (approximativement)"
)
ATTACHMENTS_LABEL = "Annexes"
LAST_NAME_LABEL = "Nom"
FIRST_NAME_LABEL = "Prénom"
PHONE_LABEL = "Numéro de téléphone"
EMAIL_LABEL = "Adresse électronique"
ROLE_LABEL = "Rôle et responsabilités dans le projet"
SECOND_REFERENT_LABEL = "Souhaitez-vous ajouter un.e 2ème référent.e ?"
PROBLEM_LABEL = "Quel est le problème que vous avez identifié et auquel votre initiative cherche à répondre"
IMPACT_LABEL = "Quel est l'impact principal recherché et quelle est la mesure associée ?"
STRATEGY_LABEL = "Quelle est votre stratégie pour avoir de l'impact en 6 mois ?"
STATE_GOALS_LABEL = "Quels sont les objectifs d'une collaboration renforcée avec l'Etat ?"
OTHER_ACTORS_LABEL = (
    "Avez-vous identifié d’autres acteurs apportant des solutions au même problème que vous "
    "ou concourant à la résolution de votre problème ?"
)
OTHER_ACTORS_DETAIL_LABEL = "Précisez qui sont ces acteurs"
AIC_GOALS_LABEL = "Quels sont les 3 principaux objectifs que l’AIC peut vous aider à atteindre ?"
HEARD_LABEL = "Comment avez-vous appris l’existence de notre appel à candidatures ?"
NEWSLETTER_LABEL = "Souhaitez-vous recevoir des informations de l’AIC ?"

# Answers offered by the choice fields, as exported.
ORG_ASSOCIATION = "Une association"
ORG_ADMINISTRATION = "Une Administration"
ORG_CHOICES = (ORG_ASSOCIATION, ORG_ADMINISTRATION)
TRACK_DIGITAL_COMMON = "Est un commun numérique"
TRACK_OTHER_COMMON = "Est un commun dont la dimension numérique n’est pas au cœur de votre action."
TRACK_CHOICES = (TRACK_DIGITAL_COMMON, TRACK_OTHER_COMMON)
ECONOMIC_ACTIVITY_YES = "Oui il exerce une activité économique contre rémunération"
ECONOMIC_ACTIVITY_NO = "Non il n'exerce pas d'activité économique contre rémunération"
RELATED_CHOICES = ("oui", "non")
YES_NO = ("Oui", "Non")
HEARD_CHOICES = (
    "En tombant sur le site de l'AIC",
    "En tombant sur un autre site qui parlait d’AIC",
    "Par un mail",
    "Par LinkedIn",
    "Par votre réseau professionnel",
)
# Separator DS puts between the answers of a multiple-choice field.
MULTIPLE_CHOICE_SEPARATOR = ", "

FORM_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Le projet",
        (
            PROJECT_LABEL,
            ORG_LABEL,
            TRACK_LABEL,
            DESCRIPTION_LABEL,
            RESOURCE_LABEL,
            DIGITAL_COMMON_LABEL,
            WEBSITE_LABEL,
        ),
    ),
    (
        "Budget et financements",
        (BUDGET_2021_LABEL, BUDGET_2022_LABEL, FUNDERS_LABEL),
    ),
    (
        "L'organisation",
        (
            ECONOMIC_ACTIVITY_LABEL,
            CUSTOMERS_LABEL,
            RELATED_LABEL,
            RELATED_DETAIL_LABEL,
            CONTRIBUTORS_LABEL,
            ATTACHMENTS_LABEL,
        ),
    ),
    (
        "Référent·e 1",
        (LAST_NAME_LABEL, FIRST_NAME_LABEL, PHONE_LABEL, EMAIL_LABEL, ROLE_LABEL),
    ),
    (
        "Référent·e 2",
        (
            SECOND_REFERENT_LABEL,
            LAST_NAME_LABEL,
            FIRST_NAME_LABEL,
            EMAIL_LABEL,
            PHONE_LABEL,
            ROLE_LABEL,
            ATTACHMENTS_LABEL,
        ),
    ),
    (
        "Impact et stratégie",
        (
            PROBLEM_LABEL,
            IMPACT_LABEL,
            STRATEGY_LABEL,
            STATE_GOALS_LABEL,
            OTHER_ACTORS_LABEL,
            OTHER_ACTORS_DETAIL_LABEL,
            AIC_GOALS_LABEL,
        ),
    ),
    (
        "Communication",
        (HEARD_LABEL, NEWSLETTER_LABEL),
    ),
)

# Every field in form order; `Nom`, `Prénom`, `Annexes`… appear as often as the form asks them.
FORM_LABELS: tuple[str, ...] = tuple(label for _, labels in FORM_SECTIONS for label in labels)

# Fixed columns of a CSV export of a procedure filed by individuals (no SIRET), current order.
FIXED_COLUMNS: tuple[str, ...] = (
    "ID",
    "Email",
    "FranceConnect ?",
    "Civilité",
    "Nom",
    "Prénom",
    "Dépôt pour un tiers",
    "Nom du mandataire",
    "Prénom du mandataire",
    "À archiver",
    "État du dossier",
    "Dernière mise à jour le",
    "Dernière mise à jour du dossier le",
    "Déposé le",
    "Passé en instruction le",
    "Traité le",
    "Motivation de la décision",
    "Instructeurs",
    "Groupe instructeur",
)

# Columns that identify a person: left out of shared reports and masked on screen.
PERSONAL_LABELS: frozenset[str] = frozenset(
    {
        "Email",
        "Civilité",
        LAST_NAME_LABEL,
        FIRST_NAME_LABEL,
        "Nom du mandataire",
        "Prénom du mandataire",
        PHONE_LABEL,
        EMAIL_LABEL,
        "Instructeurs",
    }
)
