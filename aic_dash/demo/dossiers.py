"""A synthetic démarches-simplifiées export of the AIC form, for the demo database.

The 13 public laureates appear under their real names with their town; every other dossier, every
person, e-mail address, phone number and website is made up (`.example` domains, phone numbers from
the ranges ARCEP reserves for fiction). Pure: no file or database I/O.
"""

from __future__ import annotations

import csv
import io
import random
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from typing import TypeVar
from zoneinfo import ZoneInfo

from aic_dash.errors import AicError
from aic_dash.programme.form import (
    ECONOMIC_ACTIVITY_NO,
    ECONOMIC_ACTIVITY_YES,
    FIXED_COLUMNS,
    FORM_LABELS,
    HEARD_CHOICES,
    MULTIPLE_CHOICE_SEPARATOR,
    ORG_ADMINISTRATION,
    ORG_ASSOCIATION,
    TRACK_DIGITAL_COMMON,
    TRACK_OTHER_COMMON,
)
from aic_dash.programme.laureates import PUBLIC_LAUREATES

PARIS = ZoneInfo("Europe/Paris")
T = TypeVar("T")

ELIGIBLE_LABEL = "Éligible"
SHORTLIST_LABEL = "Liste restreinte"
TOWN_LABEL = "Commune"
ANNOTATION_LABELS = (ELIGIBLE_LABEL, SHORTLIST_LABEL, TOWN_LABEL)
HEADER: tuple[str, ...] = FIXED_COLUMNS + FORM_LABELS + ANNOTATION_LABELS


_TRACK_ANSWER = {"DINUM": TRACK_DIGITAL_COMMON, "DITP": TRACK_OTHER_COMMON}
# 75 % associations, 15 % administrations, 10 % partnerships of both.
_ORG_ANSWERS = (
    (ORG_ASSOCIATION,) * 15
    + (ORG_ADMINISTRATION,) * 3
    + (f"{ORG_ASSOCIATION}{MULTIPLE_CHOICE_SEPARATOR}{ORG_ADMINISTRATION}",) * 2
)


@dataclass(frozen=True)
class _Round:
    id: str
    opens: datetime
    closes: datetime
    default_count: int
    shortlist_rate: float  # share of processed dossiers put on the shortlist
    pending_rate: float  # share of the round's last dossiers still being instructed
    laureate_day: date
    shortlist_days: tuple[date, date]
    refused_days: tuple[date, date]
    ineligible_days: tuple[date, date]
    withdrawn_days: tuple[date, date]
    archived_days: tuple[date, date] | None


_ROUNDS = (
    _Round(
        "2022",
        datetime(2021, 12, 17, 0, 0, tzinfo=PARIS),
        datetime(2022, 1, 26, 23, 59, tzinfo=PARIS),
        187,
        0.10,
        0.0,
        date(2022, 3, 14),
        (date(2022, 3, 14), date(2022, 3, 18)),
        (date(2022, 3, 14), date(2022, 3, 31)),
        (date(2022, 2, 7), date(2022, 3, 4)),
        (date(2022, 2, 1), date(2022, 3, 31)),
        (date(2022, 12, 1), date(2022, 12, 16)),
    ),
    _Round(
        "2023-1",
        datetime(2023, 1, 2, 0, 0, tzinfo=PARIS),
        datetime(2023, 5, 2, 11, 59, tzinfo=PARIS),
        70,
        0.20,
        0.0,
        date(2023, 6, 12),
        (date(2023, 6, 12), date(2023, 6, 16)),
        (date(2023, 5, 22), date(2023, 6, 30)),
        (date(2023, 5, 15), date(2023, 6, 2)),
        (date(2023, 5, 10), date(2023, 6, 30)),
        None,
    ),
    _Round(
        "2023-2",
        datetime(2023, 5, 2, 12, 1, tzinfo=PARIS),
        datetime(2023, 9, 8, 11, 59, tzinfo=PARIS),
        60,
        0.27,
        0.25,
        date(2023, 10, 16),
        (date(2023, 10, 16), date(2023, 10, 20)),
        (date(2023, 10, 2), date(2023, 10, 31)),
        (date(2023, 9, 25), date(2023, 10, 13)),
        (date(2023, 9, 18), date(2023, 10, 31)),
        None,
    ),
)

# Outcome of a dossier in the demo; drives its state, dates and annotations.
_LAUREATE, _SHORTLISTED, _REFUSED, _INELIGIBLE, _WITHDRAWN, _DRAFTING, _INSTRUCTING = range(7)

_FIRST_ID = 9_000_000
_LAST_ID = 9_999_999

# --- Text pools -------------------------------------------------------------------------------

_TOWNS = (
    "Lille", "Amiens", "Rouen", "Caen", "Rennes", "Brest", "Nantes", "Angers", "Tours", "Orléans",
    "Bourges", "Dijon", "Besançon", "Strasbourg", "Metz", "Nancy", "Reims", "Troyes", "Limoges",
    "Poitiers", "Niort", "Bordeaux", "Pau", "Bayonne", "Toulouse", "Albi", "Montpellier", "Nîmes",
    "Perpignan", "Marseille", "Toulon", "Nice", "Avignon", "Valence", "Grenoble", "Chambéry",
    "Annecy", "Lyon", "Villeurbanne", "Clermont-Ferrand", "Saint-Étienne", "Roubaix", "Dunkerque",
    "Calais", "Quimper", "Lorient", "Vannes", "Laval", "Cholet", "Saumur", "Blois", "Chartres",
    "Évry-Courcouronnes", "Montreuil", "Saint-Denis", "Nanterre", "Créteil", "Bobigny",
    "Aubervilliers", "Vitry-sur-Seine", "Cergy", "Colmar", "Mulhouse", "Belfort", "Épinal",
    "Auxerre", "Nevers", "Mâcon", "Vichy", "Rodez", "Cahors", "Tarbes", "Ajaccio", "Bastia",
    "Cayenne", "Fort-de-France", "Pointe-à-Pitre", "Mamoudzou", "Figeac", "Millau", "Guéret",
    "Tulle", "Privas", "Die",
)  # fmt: skip

_PROJECT_TEMPLATES = (
    "Jardins partagés de", "Cartographie ouverte de", "Répar'café de", "Recyclerie solidaire de",
    "Atelier vélo participatif de", "Tiers-lieu numérique de", "Épicerie solidaire de",
    "Fablab citoyen de", "Bibliothèque d'objets de", "Maison des communs de", "Ressourcerie de",
    "Réseau d'entraide de", "Cantine solidaire de", "Données ouvertes de", "Sciences participatives à",
    "Compost collectif de", "Médiation numérique de", "Atlas de la biodiversité de", "Accorderie de",
    "Vélo-école de", "Wiki du patrimoine de", "Serre partagée de", "Carte des fontaines de",
    "Observatoire citoyen de l'air à", "Conseil des jeunes de", "Archives ouvertes de",
    "Guide de l'accessibilité à", "Ludothèque solidaire de", "Covoiturage solidaire de",
    "Français pour tous à", "Mémoire des quartiers de", "Radio associative de",
)  # fmt: skip

_BRAND_HEADS = (
    "Agora", "Tandem", "Passerelle", "Boussole", "Kiosque", "Ruche", "Fabrique", "Canopée",
    "Lanterne", "Sémaphore",
)  # fmt: skip
_BRAND_TAILS = (
    " des savoirs", " des communs", " des quartiers", " du partage", " des données", " de l'eau",
    " des possibles", " en commun",
)  # fmt: skip

_GOALS = (
    "rendre accessibles à tous les données publiques locales",
    "réduire le gaspillage en réparant plutôt qu'en jetant",
    "cartographier les lieux accessibles aux personnes en situation de handicap",
    "documenter la biodiversité des parcs et des friches",
    "accompagner les personnes éloignées du numérique dans leurs démarches",
    "mutualiser outils et savoir-faire entre voisins",
    "mesurer la qualité de l'air avec des capteurs citoyens",
    "ouvrir les ressources pédagogiques produites par les enseignants",
    "faciliter l'accès aux droits des familles",
    "partager terres, semences et savoirs entre jardiniers",
)
_OPENERS = (
    "Notre association réunit des habitants de {town} autour d'un objectif simple : {goal}.",
    "Le projet est né à {town}, d'un constat partagé par plusieurs associations : il faut {goal}.",
    "{project} est une initiative citoyenne portée par des bénévoles, à {town} et alentour.",
    "Depuis trois ans, nous développons à {town} un outil libre pour {goal}.",
    "Porté par la ville de {town} et des associations du territoire, le projet vise à {goal}.",
    "\"{project}\", c'est d'abord une communauté : des habitants qui veulent {goal}.",
)
_MIDDLES = (
    "Nous proposons des ateliers ouverts chaque semaine, une plateforme en ligne et un annuaire "
    "des ressources.",
    "Les données sont publiées sous licence ouverte (ODbL) et réutilisées par la collectivité, "
    "des écoles et d'autres associations.",
    "Tout le code est libre, documenté, et déjà repris par deux autres territoires.",
    'Les participants parlent d\'un "vrai lieu de rencontre", où chacun apporte ses compétences.',
    "Nous avons accueilli plus de {people} personnes l'an dernier, dont beaucoup de jeunes et de retraités.",
    "Le projet repose sur une charte de contribution, une gouvernance partagée et des règles "
    "simples, écrites ensemble.",
    "Nos outils sont conçus avec les usagers :\n- tests en conditions réelles ;\n- retours "
    "recueillis en continu ;\n- améliorations publiées chaque mois.",
)
_CLOSERS = (
    "Nous souhaitons aujourd'hui changer d'échelle et travailler avec les administrations concernées.",
    "L'AIC nous aiderait à pérenniser notre modèle économique et à recruter une première personne salariée.",
    "Prochaine étape : essaimer dans d'autres villes, grâce au « kit de déploiement » que nous finalisons.",
    "Objectifs pour l'année : consolider l'équipe, mesurer notre impact, nouer des partenariats durables.",
    "Nous voulons faire reconnaître cette ressource comme un commun, entretenu par sa communauté.",
)
_SEPARATORS = (" ", " ", " ", "\n", "\n\n")

_RESOURCES = (
    "Les données collectées sont ouvertes et réutilisables par tous.",
    "Nous mettons en commun des outils, des locaux et des savoir-faire.",
    "Les parcelles et les semences sont gérées collectivement par les membres.",
    "Nos contenus pédagogiques sont sous licence Creative Commons BY-SA.",
    "La ressource, une base de connaissances, est entretenue par une communauté de contributeurs.",
    "",
)
_DIGITAL_ANSWERS = (
    "Le logiciel est publié sous licence libre (AGPL) et développé de façon ouverte.",
    "La base de données est sous licence ODbL et ouverte aux contributions.",
    "Nos cartes reposent sur OpenStreetMap et enrichissent ce commun.",
    "Code source, données et documentation sont publics ; la feuille de route est discutée "
    "avec la communauté.",
)
_NON_DIGITAL_ANSWERS = (
    "Le numérique n'est qu'un outil pour nous : un site et un tableur partagés.",
    "Non applicable : notre action se déroule surtout sur le terrain.",
    "Nous utilisons des outils libres pour nous organiser, sans en produire.",
    "",
)
_FUNDERS = (
    "Commune", "Département", "Région", "Fonds européens (FSE)", "Fondations privées",
    "Dons de particuliers", "Cotisations des membres", "Agence nationale de la cohésion des territoires",
    "Caisse d'allocations familiales", "Mécénat d'entreprises locales",
)  # fmt: skip
_CUSTOMERS = (
    "Des collectivités locales, pour des formations.",
    "Quelques prestations pour des entreprises du territoire, moins de 10 % du budget.",
    "Des établissements scolaires de la région.",
    "Clientèle locale : adhérents et particuliers.",
)
_RELATED = (
    "Une SCIC créée en 2021 pour porter l'activité économique.",
    "La fédération nationale à laquelle nous adhérons.",
    "Un fonds de dotation créé par l'association.",
)
_CONTRIBUTORS = (
    "12", "5", "8", "25", "40", "150", "environ 40", "une dizaine", "3 bénévoles et 1 salariée",
    "environ 200 contributeurs en ligne", "30 bénévoles", "",
)  # fmt: skip
_FIRST_ATTACHMENTS = (
    "statuts.pdf", "Statuts_association.pdf", "statuts-2021.pdf", "rapport_activite_2022.pdf",
    "budget-previsionnel.xlsx", "",
)  # fmt: skip
_SECOND_ATTACHMENTS = ("photo_referents.jpg", "biographies.pdf", "equipe.png", "")
_ROLES = (
    "Présidente de l'association", "Président de l'association", "Coordinatrice du projet",
    "Chargé de mission", "Trésorier", "Développeuse bénévole", "Directeur", "Cheffe de projet",
    "Chargée de partenariats", "Responsable technique",
)  # fmt: skip
_PROBLEMS = (
    "Les habitants ne savent pas où trouver les services de proximité.",
    "Les données publiques locales existent mais sont dispersées et difficiles à réutiliser.",
    "Beaucoup de personnes renoncent à leurs droits faute d'accompagnement.",
    "Des objets du quotidien sont jetés alors qu'ils pourraient être réparés.",
    "Les enseignants manquent de ressources libres et adaptées.",
    "La biodiversité urbaine est mal connue, donc mal protégée.",
    "Les jeunes participent peu à la vie démocratique locale.",
)
_IMPACTS = (
    "Personnes accompagnées par an : 300 aujourd'hui, 1 000 visées dans deux ans.",
    "Jeux de données ouverts : de 12 à 50, mesuré chaque trimestre.",
    "Déchets évités : de 4 à 10 tonnes par an, pesés à chaque atelier.",
    "Contributeurs actifs par mois : de 40 à 150.",
    "Taux de non-recours aux droits sur le quartier, mesuré chaque année avec le CCAS.",
)
_STRATEGIES = (
    "Recruter une coordinatrice, signer deux conventions avec des collectivités, lancer la "
    "version 2 de l'outil.",
    "Former 20 bénévoles relais et ouvrir deux nouveaux lieux.",
    "Documenter le projet pour le rendre réplicable, puis l'essaimer dans trois villes.",
    "Consolider notre modèle économique et suivre un indicateur d'impact partagé.",
)
_STATE_GOALS = (
    "Être reconnus comme partenaire par les services déconcentrés.",
    "Accéder à des données publiques aujourd'hui non publiées.",
    "Intégrer notre outil aux démarches en ligne de l'administration.",
    "Construire un financement pluriannuel avec les ministères concernés.",
)
_OTHER_ACTORS = (
    "Des associations locales de même objet, avec lesquelles nous échangeons.",
    "Une start-up qui propose un service payant comparable.",
    "Le réseau national des ressourceries.",
    "Les services de la mairie, qui mènent des actions voisines.",
)
_AIC_GOALS = (
    "1. Consolider notre modèle économique\n2. Nouer des partenariats avec l'État\n3. Mesurer notre impact",
    "Structurer l'équipe, trouver des financements, changer d'échelle.",
    "1) Gouvernance 2) Communication 3) Partenariats avec les administrations",
    "Recruter, améliorer l'outil (UX), convaincre les collectivités de l'adopter.",
)
_MOTIVATIONS = {
    _LAUREATE: ("Projet retenu par le jury de l'AIC.", ""),
    _SHORTLISTED: ("Projet examiné par le jury, non retenu pour cette sélection.", ""),
    _REFUSED: (
        "Projet non retenu pour la liste restreinte.",
        "Le projet ne répond pas suffisamment aux critères de sélection.",
        "",
    ),
    _INELIGIBLE: (
        "Le projet ne répond pas aux critères d'éligibilité de l'appel.",
        "Le projet ne relève pas d'un commun au sens de l'appel.",
        "Dossier incomplet à la date de clôture.",
        "",
    ),
    _WITHDRAWN: ("Candidature retirée à la demande du porteur.", "Doublon d'un autre dossier.", ""),
}

_FEMALE = (
    "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Julie", "Nadia", "Claire", "Sophie",
    "Émilie", "Aïcha", "Hélène", "Margaux", "Lucie", "Fatou", "Agathe", "Zoé",
)  # fmt: skip
_MALE = (
    "Lucas", "Hugo", "Thomas", "Nicolas", "Karim", "Julien", "Mathieu", "Antoine", "Yanis",
    "Pierre", "Olivier", "Mehdi", "Théo", "Bastien", "Rémi", "Louis", "Samir", "Gaël",
)  # fmt: skip
_LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
    "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller",
    "Henry", "Roussel", "Nicolas", "Perrin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez",
    "Fontaine", "Chevalier", "Robin", "Benali", "Nguyen", "Diallo", "Traoré", "Haddad", "Le Gall",
)  # fmt: skip
_ASSOCIATION_DOMAINS = (
    "asso-exemple.example", "collectif-exemple.example", "reseau-exemple.example",
    "tiers-lieu-exemple.example", "fablab-exemple.example", "messagerie.example",
)  # fmt: skip
_ADMINISTRATION_DOMAINS = (
    "mairie-exemple.example", "departement-exemple.example", "region-exemple.example",
    "ministere-exemple.example",
)  # fmt: skip
_INSTRUCTORS = {
    "DINUM": (
        "alex.lefevre@numerique.example",
        "sarah.benali@numerique.example",
        "hugo.moreau@numerique.example",
    ),
    "DITP": (
        "nadia.roux@modernisation.example",
        "julien.faure@modernisation.example",
        "ines.perrin@modernisation.example",
    ),
}


def _ascii(text: str) -> str:
    """`Répar'café de Nîmes` -> `repar-cafe-de-nimes`, for fictitious e-mail addresses and websites."""
    folded = unicodedata.normalize("NFKD", text.replace("'", " "))
    kept = "".join(c for c in folded if c.isalnum() or c in " -")
    return "-".join(kept.lower().split())


def _town_name(template: str, town: str) -> str:
    if template.endswith(" de") and town[0] in "AEIOUYÉÈÊÎÔ":
        return f"{template[:-2]}d'{town}"
    return f"{template} {town}"


# --- Dates ------------------------------------------------------------------------------------
# Epoch seconds throughout; a `bytes` value in a row is a finished CSV cell (digits and signs only).


@cache
def _hour_text(hour_index: int) -> tuple[bytes, bytes, int]:
    """UTC hour since the epoch -> (local b"YYYY-MM-DD HH:", b"+0100" or b"+0200", local day ordinal)."""
    local = datetime.fromtimestamp(hour_index * 3600, PARIS)
    return local.strftime("%Y-%m-%d %H:").encode(), local.strftime("%z").encode(), local.toordinal()


def _ds_datetime(ts: int) -> bytes:
    """Epoch seconds -> `2023-04-28 11:52:07 +0200`, as DS writes datetimes in CSV (Paris time)."""
    prefix, offset, _ = _hour_text(ts // 3600)
    rest = ts % 3600
    return b"%s%02d:%02d %s" % (prefix, rest // 60, rest % 60, offset)


def _local_ordinal(ts: int) -> int:
    # Paris offsets are whole hours, so the local day does not change within a UTC hour.
    return _hour_text(ts // 3600)[2]


@cache
def _local_noon(ordinal: int) -> int:
    return int(datetime.combine(date.fromordinal(ordinal), time(12), PARIS).timestamp())


def _working_time(rand: Callable[[], float], first: int, last: int) -> int:
    """A weekday between two day ordinals (inclusive), office hours in Paris -> epoch seconds."""
    day = first + int(rand() * (last - first + 1))
    weekday = (day - 1) % 7  # ordinal 1 is a Monday
    if weekday >= 5:
        day = day - (weekday - 4) if day - (weekday - 4) >= first else day + (7 - weekday)
    # Clocks change at night: between 9:00 and 19:00 the offset is the one at noon.
    return _local_noon(day) - 3 * 3600 + int(rand() * 10 * 3600)


# --- Pools ------------------------------------------------------------------------------------
# Rows draw from pools built once per export: fast for 100 000 dossiers, varied enough for a demo.


def _pick(rand: Callable[[], float]) -> Callable[[Sequence[T]], T]:
    """A faster `random.choice` for the inner loop, drawing from the same generator."""
    return lambda options: options[int(rand() * len(options))]


def _budget_pool(rng: random.Random) -> list[tuple[str, str]]:
    """(2021 budget, 2022 budget) as applicants type them."""

    def text(amount: int) -> str:
        style = rng.random()
        if amount == 0:
            return rng.choice(("0", "0 €", "Aucun budget (bénévolat)"))
        if style < 0.45:
            return f"{amount:,} €".replace(",", " ")
        if style < 0.6:
            return f"{amount}€"
        if style < 0.75:
            return f"environ {round(amount / 1000)}k€"
        if style < 0.85 and amount >= 1_000_000:
            return f"{amount / 1_000_000:.1f} M€".replace(".", ",")
        if style < 0.92:
            return f"{amount:,} euros".replace(",", "\u00a0")
        return ""

    pool = []
    for _ in range(400):
        scale = rng.choice((0, 5_000, 20_000, 50_000, 120_000, 400_000, 1_500_000))
        first = int(scale * rng.uniform(0.5, 1.5)) // 500 * 500
        second = int(first * rng.uniform(0.8, 1.6)) // 500 * 500
        pool.append((text(first), text(second)))
    return pool


def _person_pool(rng: random.Random) -> list[tuple[str, str, str, str, str]]:
    """(civilité, last name, first name, e-mail local part, phone) of fictitious people."""
    pool = []
    for _ in range(600):
        female = rng.random() < 0.55
        first = rng.choice(_FEMALE if female else _MALE)
        last = rng.choice(_LAST_NAMES)
        # 01 99 00 xx xx and 06 39 98 xx xx are reserved by ARCEP for fiction.
        block = rng.choice(("01 99 00", "06 39 98"))
        phone = f"{block} {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"
        local = f"{_ascii(first)}.{_ascii(last)}"
        pool.append(("Mme" if female else "M.", last, first, local, phone))
    return pool


def _description(rng: random.Random, project: str, town: str) -> str:
    """A description of a fictitious project (under 800 characters, with commas, quotes, line breaks)."""
    parts = [rng.choice(_OPENERS), rng.choice(_MIDDLES)]
    if rng.random() < 0.7:
        parts.append(rng.choice(_CLOSERS))
    text = parts[0]
    for part in parts[1:]:
        text += rng.choice(_SEPARATORS) + part
    return text.format(goal=rng.choice(_GOALS), town=town, project=project, people=rng.randint(2, 40) * 50)


def _project_pool(rng: random.Random) -> list[tuple[str, str, str, str]]:
    """(name, town, website slug, description) of fictitious projects, shuffled."""
    pool = [(_town_name(t, town), town) for t in _PROJECT_TEMPLATES for town in _TOWNS]
    pool += [(h + t, rng.choice(_TOWNS)) for h in _BRAND_HEADS for t in _BRAND_TAILS]
    rng.shuffle(pool)
    return [(name, town, _ascii(name), _description(rng, name, town)) for name, town in pool]


def _choices_pool(rng: random.Random, options: tuple[str, ...], most: int) -> list[str]:
    """Multiple-choice answers joined as DS exports them, in the form's option order."""
    pool = []
    for _ in range(200):
        picked = sorted(rng.sample(range(len(options)), rng.randint(1, most)))
        pool.append(MULTIPLE_CHOICE_SEPARATOR.join(options[i] for i in picked))
    return pool


def _organisation_pool(rng: random.Random) -> list[tuple[str, ...]]:
    """Answers from the 2021 budget to the first attachment, one tuple per fictitious organisation."""
    budgets = _budget_pool(rng)
    funders = _choices_pool(rng, _FUNDERS, 3)
    pool = []
    for _ in range(500):
        economic = rng.random() < 0.25
        related = rng.random() < 0.15
        pool.append(
            (
                *rng.choice(budgets),
                rng.choice(funders),
                ECONOMIC_ACTIVITY_YES if economic else ECONOMIC_ACTIVITY_NO,
                rng.choice(_CUSTOMERS) if economic else "",
                "oui" if related else "non",
                rng.choice(_RELATED) if related else "",
                rng.choice(_CONTRIBUTORS),
                rng.choice(_FIRST_ATTACHMENTS),
            )
        )
    return pool


def _strategy_pool(rng: random.Random) -> list[tuple[str, ...]]:
    """Answers from the problem to the newsletter question, one tuple per fictitious applicant."""
    heard = _choices_pool(rng, HEARD_CHOICES, 2)
    pool = []
    for _ in range(500):
        others_known = rng.random() < 0.6
        pool.append(
            (
                rng.choice(_PROBLEMS),
                rng.choice(_IMPACTS),
                rng.choice(_STRATEGIES),
                rng.choice(_STATE_GOALS),
                "Oui" if others_known else "Non",
                rng.choice(_OTHER_ACTORS) if others_known else "",
                rng.choice(_AIC_GOALS),
                rng.choice(heard),
                "Oui" if rng.random() < 0.8 else "Non",
            )
        )
    return pool


def _instructor_pool(track: str) -> list[str]:
    names = _INSTRUCTORS[track]
    return [names[0], names[1], f"{names[0]} {names[2]}", f"{names[1]} {names[2]}", " ".join(names)]


# --- Dossiers ---------------------------------------------------------------------------------


def _round_counts(applications: int | None) -> list[int]:
    laureates = [sum(1 for lau in PUBLIC_LAUREATES if lau.round == r.id) for r in _ROUNDS]
    if applications is None:
        return [r.default_count for r in _ROUNDS]
    if applications < len(PUBLIC_LAUREATES):
        raise AicError(
            f"La démo compte au moins {len(PUBLIC_LAUREATES)} dossiers (les lauréats publics) : "
            f"{applications} demandé(s)."
        )
    # Laureates first, the rest in the default proportions (largest remainder).
    weights = [r.default_count - n for r, n in zip(_ROUNDS, laureates, strict=True)]
    extra = applications - len(PUBLIC_LAUREATES)
    shares = [extra * w / sum(weights) for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])
    for i in by_remainder[: extra - sum(counts)]:
        counts[i] += 1
    return [n + c for n, c in zip(laureates, counts, strict=True)]


def _outcomes(rng: random.Random, rnd: _Round, count: int, laureates: int) -> list[int]:
    """Outcome per dossier of a round, in deposit order; the last ones are still open."""
    pending = min(count - laureates, round(count * rnd.pending_rate))
    processed = count - pending
    shortlisted = min(processed, max(laureates, round(processed * rnd.shortlist_rate)))
    others = processed - shortlisted
    withdrawn = round(others * 0.05)
    refused = shortlisted - laureates + others - withdrawn
    ineligible = min(others - withdrawn, round(refused * 0.35))
    closed = (
        [_LAUREATE] * laureates
        + [_SHORTLISTED] * (shortlisted - laureates)
        + [_WITHDRAWN] * withdrawn
        + [_INELIGIBLE] * ineligible
    )
    closed += [_REFUSED] * (processed - len(closed))
    rng.shuffle(closed)
    drafting = round(pending * 0.4)
    return closed + [_DRAFTING] * drafting + [_INSTRUCTING] * (pending - drafting)


def _deposits(rng: random.Random, rnd: _Round, count: int) -> list[int]:
    start, end = int(rnd.opens.timestamp()), int(rnd.closes.timestamp())
    rush = end - (end - start) * 15 // 100
    rand = rng.random
    # A third of the applicants file in the last days before the deadline.
    return sorted(
        int(rush + rand() * (end - rush)) if rand() < 0.35 else int(start + rand() * (end - start))
        for _ in range(count)
    )


def _rows(rng: random.Random, counts: list[int]) -> Iterator[list[str | bytes]]:
    """One list of values per dossier, in HEADER order and deposit order."""
    rand = rng.random
    pick = _pick(rand)
    people = _person_pool(rng)
    projects = _project_pool(rng)
    organisations = _organisation_pool(rng)
    strategies = _strategy_pool(rng)
    instructors = {track: _instructor_pool(track) for track in _INSTRUCTORS}
    # DS numbers are shared by every procedure on the platform, hence the gaps between dossiers.
    max_gap = max(1, min(2000, (_LAST_ID - _FIRST_ID) // sum(counts)))
    next_id = _FIRST_ID
    project_index = 0

    for rnd, count in zip(_ROUNDS, counts, strict=True):
        laureates = [lau for lau in PUBLIC_LAUREATES if lau.round == rnd.id]
        outcomes = _outcomes(rng, rnd, count, len(laureates))
        deposits = _deposits(rng, rnd, count)
        days = {
            outcome: (span[0].toordinal(), span[1].toordinal())
            for outcome, span in (
                (_LAUREATE, (rnd.laureate_day, rnd.laureate_day)),
                (_SHORTLISTED, rnd.shortlist_days),
                (_REFUSED, rnd.refused_days),
                (_INELIGIBLE, rnd.ineligible_days),
                (_WITHDRAWN, rnd.withdrawn_days),
            )
        }
        archived_days = None
        if rnd.archived_days:
            archived_days = (rnd.archived_days[0].toordinal(), rnd.archived_days[1].toordinal())
        for outcome, deposited in zip(outcomes, deposits, strict=True):
            next_id += 1 + int(rand() * max_gap)

            # --- What the applicant wrote
            if outcome == _LAUREATE:
                laureate = laureates.pop()
                project, town, description = laureate.name, laureate.town or "", laureate.description
                slug = _ascii(project)
                org, track = ORG_ASSOCIATION, laureate.track
            else:
                # Past a few thousand dossiers names repeat, as when a project applies again.
                project, town, slug, description = projects[project_index % len(projects)]
                project_index += 1
                org = pick(_ORG_ANSWERS)
                track = "DINUM" if rand() < 0.55 else "DITP"
            domains = _ADMINISTRATION_DOMAINS if org == ORG_ADMINISTRATION else _ASSOCIATION_DOMAINS
            civility, last, first, local, phone = pick(people)
            email = f"{local}@{pick(domains)}"
            if rand() < 0.6:
                _, last2, first2, local2, phone2 = pick(people)
                email2 = f"{local2}@{pick(domains)}"
                referent2 = ["Oui", last2, first2, email2, phone2, pick(_ROLES), pick(_SECOND_ATTACHMENTS)]
            else:
                referent2 = ["Non", "", "", "", "", "", ""]
            answers = [
                project,
                org,
                _TRACK_ANSWER[track],
                description,
                pick(_RESOURCES),
                pick(_DIGITAL_ANSWERS if track == "DINUM" else _NON_DIGITAL_ANSWERS),
                f"https://www.{slug}.example" if rand() < 0.85 else "",
                *pick(organisations),
                last,
                first,
                phone,
                email,
                pick(_ROLES),
                *referent2,
                *pick(strategies),
            ]

            # --- What the instructing team did
            instructed_at = processed_at = 0
            archived = False
            if outcome == _DRAFTING:
                state, eligible, shortlist = "En construction", "", ""
                town_note = town if rand() < 0.2 else ""
            else:
                day = _local_ordinal(deposited)
                instructed_at = _working_time(rand, day + 1, day + 6)
                town_note = town if rand() < 0.9 or outcome == _LAUREATE else ""
                if outcome == _INSTRUCTING:
                    state = "En instruction"
                    draw = rand()
                    eligible = "Oui" if draw < 0.5 else "Non" if draw < 0.65 else ""
                    shortlist = "Oui" if eligible == "Oui" and rand() < 0.3 else ""
                    town_note = town if rand() < 0.5 else ""
                else:
                    if outcome == _LAUREATE:
                        state, eligible, shortlist = "Accepté", "Oui", "Oui"
                    elif outcome == _SHORTLISTED:
                        state, eligible, shortlist = "Refusé", "Oui", "Oui"
                    elif outcome == _REFUSED:
                        state, eligible, shortlist = "Refusé", "Oui", "Non"
                    elif outcome == _INELIGIBLE:
                        state, eligible, shortlist = "Refusé", "Non", "Non" if rand() < 0.5 else ""
                    else:
                        state, eligible, shortlist = "Classé sans suite", "Non" if rand() < 0.4 else "", ""
                    processed_at = max(_working_time(rand, *days[outcome]), instructed_at + 2 * 3600)
                    archived = archived_days is not None and rand() < 0.6
            if archived and archived_days:
                updated_at = _working_time(rand, *archived_days)
            else:
                updated_at = max(deposited, instructed_at, processed_at) + 60 + int(rand() * 3 * 86400)
            # Applicants sometimes edit their dossier after filing it, until it is instructed.
            file_updated_at = deposited
            if rand() < 0.3:
                file_updated_at += 60 + int(rand() * max(60, (instructed_at or updated_at) - deposited - 60))
            if rand() < 0.05:
                _, proxy_last, proxy_first, proxy_local, _ = pick(people)
                on_behalf, account_email = "true", f"{proxy_local}@{pick(domains)}"
            else:
                on_behalf, account_email, proxy_last, proxy_first = "false", email, "", ""
            fixed = [
                b"%d" % next_id,
                account_email,
                "true" if rand() < 0.08 else "false",
                civility,
                last,
                first,
                on_behalf,
                proxy_last,
                proxy_first,
                "true" if archived else "false",
                state,
                _ds_datetime(updated_at),
                _ds_datetime(min(file_updated_at, updated_at)),
                _ds_datetime(deposited),
                _ds_datetime(instructed_at) if instructed_at else "",
                _ds_datetime(processed_at) if processed_at else "",
                pick(_MOTIVATIONS[outcome]) if processed_at else "",
                pick(instructors[track]) if outcome != _DRAFTING else "",
                track,
            ]
            yield [*fixed, *answers, eligible, shortlist, town_note]


class _Cells(dict[str, bytes]):
    """Text -> its CSV cell in UTF-8, quoted by the csv module once per distinct text.

    csv.writer scans every character of every field; demo rows reuse the same texts, so quoting each
    distinct text once keeps 100 000 dossiers fast and writes the very bytes csv.writer would.
    """

    def __missing__(self, text: str) -> bytes:
        line = io.StringIO()
        # The export's line terminator makes csv quote line breaks; the second, empty field
        # keeps "" empty (a row holding only "" is written `""`).
        csv.writer(line, lineterminator="\n").writerow([text, ""])
        cell = self[text] = line.getvalue()[:-2].encode()
        return cell


def build_demo_export(applications: int | None = None, seed: int = 2023) -> bytes:
    """Synthetic DS CSV export of the AIC form (UTF-8, comma-separated), the same for a given seed.

    `applications` is the total number of dossiers (at least the 13 public laureates), spread over
    the 2022 season and the two 2023 rounds like the default 187 / 70 / 60.
    """
    rng = random.Random(seed)
    cells = _Cells()
    lines = [b",".join([cells[label] for label in HEADER])]
    for row in _rows(rng, _round_counts(applications)):
        lines.append(b",".join([value if value.__class__ is bytes else cells[value] for value in row]))
    lines.append(b"")
    return b"\n".join(lines)
