"""The programme's published laureates and the themes the programme page tags them with.

These are public facts (the programme page lists them under their real names, with their town); the demo,
the booklet and the open-data files all read them from here. Pure data, standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass

THEME_LABELS = {
    "environment": "Environnement",
    "education": "Éducation",
    "digital": "Numérique",
    "citizenship": "Citoyenneté",
    "social": "Social",
    "disability": "Handicap",
    "health": "Santé",
}


@dataclass(frozen=True)
class PublicLaureate:
    """A laureate the programme has published; `track` is the demo's assumption for 2022."""

    name: str
    organisation: str | None
    town: str | None
    season: str
    round: str
    track: str
    site_tag: str
    seed_grant: bool | None
    phase2: bool | None
    themes: tuple[str, ...]
    description: str


_DIGITAL = "Transformation numérique"
_PUBLIC = "Transformation publique"
# 2022's DINUM/DITP split is not published: the demo takes the site tag as the track.
_TRACK_OF_2022_TAG = {_DIGITAL: "DINUM", _PUBLIC: "DITP"}


def _of_2022(
    name: str,
    organisation: str | None,
    town: str | None,
    site_tag: str,
    seed_grant: bool | None,
    phase2: bool | None,
    themes: tuple[str, ...],
    description: str,
) -> PublicLaureate:
    """A 2022 laureate: the season's one round, the track its site tag's (see _TRACK_OF_2022_TAG)."""
    track = _TRACK_OF_2022_TAG[site_tag]
    return PublicLaureate(
        name, organisation, town, "2022", "2022", track, site_tag, seed_grant, phase2, themes, description
    )


def _of_2023(
    name: str,
    organisation: str | None,
    town: str | None,
    round: str,
    site_tag: str,
    themes: tuple[str, ...],
    description: str,
) -> PublicLaureate:
    """A 2023 laureate: track DINUM, seed grant and phase 2 not known."""
    return PublicLaureate(
        name, organisation, town, "2023", round, "DINUM", site_tag, None, None, themes, description
    )


PUBLIC_LAUREATES: tuple[PublicLaureate, ...] = (
    _of_2022(
        "Infoclimat",
        "Association Infoclimat",
        "Aurillac",
        _DIGITAL,
        True,
        True,
        ("environment", "education", "digital"),
        "Des passionnés de météo partagent depuis une vingtaine d'années les relevés de leurs stations "
        "et des données climatologiques en accès libre, pour mieux comprendre le climat local.",
    ),
    _of_2022(
        "Ma Dada",
        "Open Knowledge Foundation France",
        "Paris",
        _DIGITAL,
        True,
        True,
        ("digital", "citizenship"),
        "Une plateforme qui aide chacun à demander des documents administratifs et rend publiques "
        "les demandes comme les réponses, pour faire vivre le droit d'accès.",
    ),
    _of_2022(
        "Open Data University",
        "Association Latitudes",
        "Paris",
        _DIGITAL,
        True,
        False,
        ("education", "digital"),
        "Des défis proposés aux étudiantes et étudiants à partir de données publiques ouvertes, "
        "en lien avec les établissements d'enseignement supérieur.",
    ),
    _of_2022(
        "Vikidia",
        "Association Vikidia",
        "Corenc",
        _DIGITAL,
        True,
        True,
        ("digital", "education"),
        "Une encyclopédie collaborative, libre et gratuite, écrite pour les enfants et les jeunes "
        "adolescents, utilisée en classe comme à la maison.",
    ),
    _of_2022(
        "Parlons Démocratie",
        None,
        None,
        _PUBLIC,
        True,
        False,
        ("citizenship", "education"),
        "Des ressources et des ateliers pour débattre de démocratie et de citoyenneté, "
        "en particulier avec les jeunes.",
    ),
    _of_2022(
        "Permis de construire",
        "Association Permis de Construire France",
        "Nantes, Saint-Nazaire",
        _PUBLIC,
        True,
        True,
        ("social", "citizenship"),
        "Un accompagnement des personnes sortant de détention pour reconstruire leur parcours "
        "(logement, emploi, santé), en coordonnant acteurs publics et associatifs.",
    ),
    _of_2022(
        "Service national universel augmenté",
        "Association makesense",
        "Paris",
        _PUBLIC,
        True,
        False,
        ("citizenship", "education"),
        "Des expériences d'engagement citoyen ajoutées au parcours du service national universel, "
        "proposées aux jeunes volontaires.",
    ),
    _of_2022(
        "Sport inclusif",
        "Association Les enfants de la balle",
        "Paris",
        _PUBLIC,
        False,
        True,
        ("social", "disability"),
        "Faciliter la pratique sportive des enfants en situation de handicap en accompagnant "
        "les familles et les clubs près de chez elles.",
    ),
    _of_2022(
        "Vivons en Forme",
        "Fédérons les villes pour la santé",
        None,
        _PUBLIC,
        False,
        False,
        ("health",),
        "Un programme de prévention mené avec les villes pour encourager l'activité physique "
        "et une alimentation équilibrée chez les enfants et leurs familles.",
    ),
    _of_2023(
        "Open Food Facts",
        "Open Food Facts",
        "Saint-Maur-des-Fossés",
        "2023-1",
        _DIGITAL,
        ("health", "digital"),
        "Une base de données libre et collaborative sur les produits alimentaires : composition, "
        "étiquettes et scores nutritionnels, complétés par des contributeurs du monde entier.",
    ),
    _of_2023(
        "PrimTux",
        "PrimTux",
        "Cambrai",
        "2023-1",
        _DIGITAL,
        ("education",),
        "Un système libre pensé pour l'école primaire, livré avec des logiciels éducatifs "
        "prêts à l'emploi, même sur des ordinateurs anciens.",
    ),
    _of_2023(
        "uMap",
        "uMap (OpenStreetMap France)",
        "Paris",
        "2023-2",
        _DIGITAL,
        ("digital",),
        "Un outil libre pour créer en quelques minutes des cartes personnalisées sur un fond "
        "OpenStreetMap et les publier sur un site.",
    ),
    _of_2023(
        "Pyronear",
        "Pyronear",
        "Ardèche",
        "2023-2",
        _PUBLIC,
        ("environment",),
        "Repérer au plus tôt les départs de feux de forêt grâce à des caméras et à des modèles "
        "d'analyse d'images libres, au service des pompiers.",
    ),
)
