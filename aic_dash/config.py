"""Programme page + dashboard settings -> validated, typed objects.

The programme page (YAML front matter of the programme's "candidats" page) holds the criteria, values,
eligibility text, steps, call status and application link. The settings file refers to it and adds seasons,
rounds, tracks, the scoring scale, annotation labels, capacity and the custom-template column mapping.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from aic_dash.errors import ConfigError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_SETTINGS = DATA_DIR / "settings.yaml"
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'aic.sqlite'}"
# The demo's own file: fictitious dossiers never share a database with a manager's imports.
DEFAULT_DEMO_DATABASE_URL = f"sqlite:///{DATA_DIR / 'demo.sqlite'}"


@dataclass(frozen=True)
class Criterion:
    number: int
    name: str
    description: str


@dataclass(frozen=True)
class Programme:
    criteria: tuple[Criterion, ...]
    values: tuple[str, ...]
    eligibility: str
    steps: str
    call_open: bool
    call_title: str
    apply_url: str
    source: Path


@dataclass(frozen=True)
class Round:
    id: str
    label: str
    season: str
    opens: datetime
    closes: datetime

    def holds(self, moment: datetime) -> bool:
        return self.opens <= moment <= self.closes


@dataclass(frozen=True)
class Season:
    id: str
    label: str
    rounds: tuple[Round, ...]


@dataclass(frozen=True)
class Track:
    id: str
    label: str
    short_label: str
    project_answers: tuple[str, ...]
    instructor_groups: tuple[str, ...]


@dataclass(frozen=True)
class Scoring:
    min: float = 0.0
    max: float = 5.0
    step: float = 0.5
    weights: dict[int, float] = field(default_factory=dict)

    def weight(self, criterion: int) -> float:
        return self.weights.get(criterion, 1.0)


@dataclass(frozen=True)
class Annotations:
    eligible: str = "Éligible"
    shortlist: str = "Liste restreinte"


@dataclass(frozen=True)
class GrantingBody:
    """Who grants the subsidies of a track, for the open data (SCDL Subventions); checked when used."""

    name: str | None
    siret: str | None


@dataclass(frozen=True)
class Settings:
    programme: Programme
    timezone: ZoneInfo
    seasons: tuple[Season, ...]
    tracks: tuple[Track, ...]
    scoring: Scoring
    annotations: Annotations
    capacity: dict[str, dict[str, int]]
    column_mapping: dict[str, str]
    source: Path
    ds_endpoint: str | None = None
    granting_bodies: dict[str, GrantingBody] = field(default_factory=dict)
    retention_months: int = 24  # personal data of a decided dossier is erased after this (purge)

    @property
    def rounds(self) -> tuple[Round, ...]:
        return tuple(r for s in self.seasons for r in s.rounds)

    def track(self, track_id: str) -> Track:
        return next(t for t in self.tracks if t.id == track_id)

    def season(self, season_id: str) -> Season:
        return next(s for s in self.seasons if s.id == season_id)

    def capacity_for(self, season_id: str, track_id: str) -> int | None:
        return self.capacity.get(season_id, {}).get(track_id)


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, except that an impossible date (2023-13-45) stays text: the setting that
    holds it is then refused with its key named, instead of a bare ValueError."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _read_yaml(path: Path, text: str | None = None) -> Any:
    try:
        if text is None:
            text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"Fichier de configuration introuvable : « {path} ».") from None
    except UnicodeDecodeError:
        raise ConfigError(f"« {path} » n'est pas un texte UTF-8 : enregistrez-le en UTF-8.") from None
    try:
        return yaml.load(text, Loader=_Loader)  # a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (ligne {mark.line + 1})" if mark else ""
        raise ConfigError(
            f"« {path} »{where} n'est pas un YAML valide : vérifiez l'indentation et les guillemets."
        ) from None


def _front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8") if path.exists() else None
    if text is None:
        raise ConfigError(f"Page du programme introuvable : « {path} ».")
    parts = text.split("\n---", 1)
    if not text.startswith("---") or len(parts) < 2:
        raise ConfigError(f"« {path} » doit commencer par un en-tête YAML entre deux lignes « --- ».")
    data = _read_yaml(path, parts[0][3:])
    if not isinstance(data, dict):
        raise ConfigError(f"L'en-tête YAML de « {path} » doit être un dictionnaire de clés.")
    return data


def _get(data: dict[str, Any], dotted: str, path: Path, expected: type | tuple[type, ...]) -> Any:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            raise ConfigError(f"« {path} » : la clé « {dotted} » manque.")
        node = node[part]
    if not isinstance(node, expected):
        names = {str: "un texte", list: "une liste", dict: "un dictionnaire", bool: "oui/non"}
        want = names.get(expected, "une valeur") if isinstance(expected, type) else "une valeur"
        raise ConfigError(f"« {path} » : la clé « {dotted} » doit être {want}.")
    return node


def load_programme(path: Path) -> Programme:
    """Parse the programme page's front matter into a :class:`Programme`."""
    data = _front_matter(path)
    criteria = []
    for i, item in enumerate(_get(data, "criteria.list", path, list), start=1):
        if not isinstance(item, dict) or "name" not in item:
            raise ConfigError(f"« {path} » : le critère n° {i} de « criteria.list » n'a pas de « name ».")
        try:
            number = int(str(item.get("num", i)).strip())
        except ValueError:
            raise ConfigError(
                f"« {path} » : « criteria.list[{i}].num » doit être un nombre entier."
            ) from None
        criteria.append(
            Criterion(number, " ".join(str(item["name"]).split()), str(item.get("desc", "")).strip())
        )
    if len({c.number for c in criteria}) != len(criteria):
        raise ConfigError(f"« {path} » : deux critères portent le même numéro dans « criteria.list ».")
    questions = data.get("head", {}).get("questions", []) or []
    values = tuple(str(q.get("question", "")).strip() for q in questions if isinstance(q, dict))
    wait = data.get("wait", {}) or {}
    return Programme(
        criteria=tuple(criteria),
        values=values,
        eligibility=str(_get(data, "profiles.desc", path, str)).strip(),
        steps=str(_get(data, "how.desc", path, str)).strip(),
        call_open=bool(data.get("open", False)),
        call_title=str(wait.get("title", "")).strip(),
        apply_url=str(_get(data, "head.apply.url", path, str)).strip(),
        source=path,
    )


_SETTINGS_KEYS = {
    "programme_page": "le chemin de la page du programme",
    "timezone": "un fuseau horaire (Europe/Paris)",
    "seasons": "la liste des saisons et de leurs sélections",
    "tracks": "la liste des volets",
    "scoring": "le barème (min, max, step, weights)",
    "annotations": "les libellés des annotations privées (eligible, shortlist)",
    "capacity": "la capacité par saison et par volet",
    "column_mapping": "la correspondance des en-têtes d'exports personnalisés",
    "ds_endpoint": "l'adresse de l'API GraphQL de démarches-simplifiées",
    "granting_bodies": "l'attribuant des subventions par volet (name, siret), pour les données ouvertes",
    "retention_months": "la durée de conservation des données personnelles, en mois (24)",
}
_OPTIONAL_KEYS = {"column_mapping", "capacity", "scoring", "annotations", "ds_endpoint", "granting_bodies"}
_OPTIONAL_KEYS.add("retention_months")


def _check_keys(node: Any, allowed: set[str], where: str, path: Path) -> dict[str, Any]:
    if not isinstance(node, dict):
        raise ConfigError(f"« {path} » : « {where} » doit être un dictionnaire de clés.")
    unknown = sorted(set(node) - allowed)
    if unknown:
        raise ConfigError(
            f"« {path} » : clé inconnue « {unknown[0]} » dans « {where} » ; "
            f"clés attendues : {', '.join(sorted(allowed))}."
        )
    return node


def _moment(value: Any, where: str, path: Path, tz: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            raise ConfigError(
                f"« {path} » : « {where} » doit être une date et heure comme 2023-05-02 12:00:00."
            ) from None
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


def load_settings(path: Path | str | None = None) -> Settings:
    """Read and validate the dashboard settings (default ``data/settings.yaml``) and its programme page."""
    path = Path(path or os.environ.get("AIC_DASH_SETTINGS") or DEFAULT_SETTINGS)
    raw = _check_keys(_read_yaml(path), set(_SETTINGS_KEYS), "racine", path)
    for key, what in _SETTINGS_KEYS.items():
        if key not in raw and key not in _OPTIONAL_KEYS:
            raise ConfigError(f"« {path} » : la clé « {key} » manque ; elle donne {what}.")
    try:
        tz = ZoneInfo(str(raw["timezone"]))
    except Exception:
        raise ConfigError(f"« {path} » : « timezone » doit être un fuseau comme Europe/Paris.") from None
    programme = load_programme((path.parent / str(raw["programme_page"])).resolve())

    seasons = []
    if not isinstance(raw["seasons"], list) or not raw["seasons"]:
        raise ConfigError(f"« {path} » : « seasons » doit être une liste non vide.")
    for i, s in enumerate(raw["seasons"]):
        s = _check_keys(s, {"id", "label", "rounds"}, f"seasons[{i}]", path)
        sid = str(s.get("id", "")).strip()
        if not sid:
            raise ConfigError(f"« {path} » : « seasons[{i}].id » manque.")
        rounds = []
        for j, r in enumerate(s.get("rounds") or []):
            where = f"seasons[{i}].rounds[{j}]"
            r = _check_keys(r, {"id", "label", "opens", "closes"}, where, path)
            for key in ("id", "opens", "closes"):
                if key not in r:
                    raise ConfigError(f"« {path} » : « {where}.{key} » manque.")
            opens = _moment(r["opens"], f"{where}.opens", path, tz)
            closes = _moment(r["closes"], f"{where}.closes", path, tz)
            if closes <= opens:
                raise ConfigError(f"« {path} » : « {where} » se clôt avant de s'ouvrir.")
            rid = str(r["id"])
            rounds.append(Round(rid, str(r.get("label", rid)), sid, opens, closes))
        if not rounds:
            raise ConfigError(f"« {path} » : la saison « {sid} » n'a aucune sélection (« rounds »).")
        seasons.append(Season(sid, str(s.get("label", sid)), tuple(rounds)))
    all_rounds = [r.id for s in seasons for r in s.rounds]
    if len(set(all_rounds)) != len(all_rounds) or len({s.id for s in seasons}) != len(seasons):
        raise ConfigError(f"« {path} » : chaque saison et chaque sélection doit avoir un « id » unique.")

    tracks = []
    if not isinstance(raw["tracks"], list) or not raw["tracks"]:
        raise ConfigError(f"« {path} » : « tracks » doit être une liste non vide.")
    for i, t in enumerate(raw["tracks"]):
        keys = {"id", "label", "short_label", "project_answers", "instructor_groups"}
        t = _check_keys(t, keys, f"tracks[{i}]", path)
        if "id" not in t:
            raise ConfigError(f"« {path} » : « tracks[{i}].id » manque.")
        tid = str(t["id"])
        tracks.append(
            Track(
                tid,
                str(t.get("label", tid)),
                str(t.get("short_label", tid)),
                tuple(str(a) for a in t.get("project_answers") or []),
                tuple(str(a) for a in t.get("instructor_groups") or []),
            )
        )

    sc = _check_keys(raw.get("scoring") or {}, {"min", "max", "step", "weights"}, "scoring", path)
    try:
        weights = {int(k): float(v) for k, v in (sc.get("weights") or {}).items()}
        scoring = Scoring(
            float(sc.get("min", 0)), float(sc.get("max", 5)), float(sc.get("step", 0.5)), weights
        )
    except (TypeError, ValueError):
        raise ConfigError(
            f"« {path} » : « scoring » attend des nombres (min, max, step, weights: {{1: 1.0}})."
        ) from None
    known = {c.number for c in programme.criteria}
    for number in weights:
        if number not in known:
            raise ConfigError(
                f"« {path} » : « scoring.weights » cite le critère {number}, absent de la page du programme."
            )
    if scoring.max <= scoring.min or scoring.step <= 0:
        raise ConfigError(f"« {path} » : « scoring » doit avoir min < max et step > 0.")

    ann = _check_keys(raw.get("annotations") or {}, {"eligible", "shortlist"}, "annotations", path)
    annotations = Annotations(**{k: str(v) for k, v in ann.items()})

    capacity: dict[str, dict[str, int]] = {}
    season_ids = {s.id for s in seasons}
    track_ids = {t.id for t in tracks}
    for sid, per_track in (raw.get("capacity") or {}).items():
        if str(sid) not in season_ids:
            raise ConfigError(f"« {path} » : « capacity » cite la saison « {sid} », absente de « seasons ».")
        per_track = _check_keys(per_track, track_ids, f"capacity.{sid}", path)
        capacity[str(sid)] = {str(k): int(v) for k, v in per_track.items()}

    granting_bodies = {}
    bodies = _check_keys(raw.get("granting_bodies") or {}, track_ids, "granting_bodies", path)
    for tid, body in bodies.items():
        body = _check_keys(body or {}, {"name", "siret"}, f"granting_bodies.{tid}", path)
        name, siret = (str(body[k]).strip() if body.get(k) is not None else None for k in ("name", "siret"))
        granting_bodies[str(tid)] = GrantingBody(name or None, siret or None)

    mapping = raw.get("column_mapping") or {}
    if not isinstance(mapping, dict):
        raise ConfigError(f"« {path} » : « column_mapping » doit associer un en-tête à un libellé.")

    return Settings(
        programme=programme,
        timezone=tz,
        seasons=tuple(seasons),
        tracks=tuple(tracks),
        scoring=scoring,
        annotations=annotations,
        capacity=capacity,
        column_mapping={str(k): str(v) for k, v in mapping.items()},
        source=path,
        ds_endpoint=str(raw["ds_endpoint"]).strip() if raw.get("ds_endpoint") else None,
        granting_bodies=granting_bodies,
        retention_months=_retention_months(raw.get("retention_months", 24), path),
    )


def _retention_months(value: Any, path: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1200:
        raise ConfigError(
            f"« {path} » : « retention_months » vaut « {value} » ; attendu un nombre entier de mois "
            "entre 1 et 1200, par exemple 24."
        )
    return value


def database_url(explicit: str | None = None) -> str:
    """``--db`` first, then ``AIC_DASH_DATABASE_URL``, then the embedded SQLite file."""
    return explicit or os.environ.get("AIC_DASH_DATABASE_URL") or DEFAULT_DATABASE_URL


def demo_database_url() -> str:
    """Where `demo` writes and what the app shows before the first import: data/demo.sqlite."""
    return os.environ.get("AIC_DASH_DEMO_DATABASE_URL") or DEFAULT_DEMO_DATABASE_URL
