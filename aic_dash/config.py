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

from aic_dash import labels as L
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
    eligible: str = L.ANNOTATION_DEFAULTS["eligible"]
    shortlist: str = L.ANNOTATION_DEFAULTS["shortlist"]


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
        raise ConfigError(L.SETTINGS_ERRORS["file_not_found"].format(path=path)) from None
    except UnicodeDecodeError:
        raise ConfigError(L.SETTINGS_ERRORS["not_utf8"].format(path=path)) from None
    try:
        return yaml.load(text, Loader=_Loader)  # a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = L.SETTINGS_ERRORS["yaml_line"].format(line=mark.line + 1) if mark else ""
        raise ConfigError(L.SETTINGS_ERRORS["not_yaml"].format(path=path, where=where)) from None


def _front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8") if path.exists() else None
    if text is None:
        raise ConfigError(L.SETTINGS_ERRORS["programme_not_found"].format(path=path))
    parts = text.split("\n---", 1)
    if not text.startswith("---") or len(parts) < 2:
        raise ConfigError(L.SETTINGS_ERRORS["no_front_matter"].format(path=path))
    data = _read_yaml(path, parts[0][3:])
    if not isinstance(data, dict):
        raise ConfigError(L.SETTINGS_ERRORS["front_matter_not_dict"].format(path=path))
    return data


def _get(data: dict[str, Any], dotted: str, path: Path, expected: type | tuple[type, ...]) -> Any:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            raise ConfigError(L.SETTINGS_ERRORS["missing_key"].format(path=path, key=dotted))
        node = node[part]
    if not isinstance(node, expected):
        want = L.PROGRAMME_TYPE_OTHER
        if isinstance(expected, type) and expected in (str, list, dict, bool):
            want = L.PROGRAMME_TYPES[expected.__name__]
        raise ConfigError(L.SETTINGS_ERRORS["key_type"].format(path=path, key=dotted, expected=want))
    return node


def load_programme(path: Path) -> Programme:
    """Parse the programme page's front matter into a :class:`Programme`."""
    data = _front_matter(path)
    criteria = []
    for i, item in enumerate(_get(data, "criteria.list", path, list), start=1):
        if not isinstance(item, dict) or "name" not in item:
            raise ConfigError(L.SETTINGS_ERRORS["criterion_without_name"].format(path=path, number=i))
        try:
            number = int(str(item.get("num", i)).strip())
        except ValueError:
            raise ConfigError(L.SETTINGS_ERRORS["criterion_number"].format(path=path, number=i)) from None
        criteria.append(
            Criterion(number, " ".join(str(item["name"]).split()), str(item.get("desc", "")).strip())
        )
    if len({c.number for c in criteria}) != len(criteria):
        raise ConfigError(L.SETTINGS_ERRORS["criteria_same_number"].format(path=path))
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


def _moment(value: datetime, tz: ZoneInfo) -> datetime:
    return value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)


def _check_keys(node: dict, allowed: set[str], where: str, path: Path) -> dict:
    unknown = sorted(set(node) - allowed)
    if unknown:
        raise ConfigError(
            L.SETTINGS_ERRORS["unknown_key"].format(
                path=path, key=unknown[0], where=where, allowed=", ".join(sorted(allowed))
            )
        )
    return node


def load_settings(path: Path | str | None = None) -> Settings:
    """Read and validate the dashboard settings (default ``data/settings.yaml``) and its programme page.

    The file's shape is `aic_dash.settings_file.SettingsFile`; what spans several keys (round dates,
    unique ids, criteria and seasons cited elsewhere) is checked here. Every problem is a ConfigError
    naming the file and the key.
    """
    path = Path(path or os.environ.get("AIC_DASH_SETTINGS") or DEFAULT_SETTINGS)
    raw = _read_yaml(path)
    if not isinstance(raw, dict):
        raise ConfigError(L.SETTINGS_ERRORS["root_not_dict"].format(path=path))
    from pydantic import ValidationError  # loaded here: the command line's help does not wait for it

    from aic_dash.settings_file import SettingsFile, french_error

    try:
        file = SettingsFile.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(french_error(exc.errors()[0], path, raw)) from None
    try:
        tz = ZoneInfo(file.timezone)
    except Exception:
        raise ConfigError(L.SETTINGS_ERRORS["timezone"].format(path=path)) from None
    programme = load_programme((path.parent / file.programme_page).resolve())

    seasons = []
    for i, s in enumerate(file.seasons):
        rounds = []
        for j, r in enumerate(s.rounds):
            opens, closes = _moment(r.opens, tz), _moment(r.closes, tz)
            if closes <= opens:
                raise ConfigError(
                    L.SETTINGS_ERRORS["round_closes_before_opening"].format(path=path, season=i, round=j)
                )
            rounds.append(Round(r.id, r.label or r.id, s.id, opens, closes))
        seasons.append(Season(s.id, s.label or s.id, tuple(rounds)))
    all_rounds = [r.id for s in seasons for r in s.rounds]
    if len(set(all_rounds)) != len(all_rounds) or len({s.id for s in seasons}) != len(seasons):
        raise ConfigError(L.SETTINGS_ERRORS["ids_not_unique"].format(path=path))
    tracks = tuple(
        Track(
            t.id, t.label or t.id, t.short_label or t.id, tuple(t.project_answers), tuple(t.instructor_groups)
        )
        for t in file.tracks
    )

    sc = file.scoring
    known = {c.number for c in programme.criteria}
    for number in sc.weights:
        if number not in known:
            raise ConfigError(
                L.SETTINGS_ERRORS["weight_of_unknown_criterion"].format(path=path, number=number)
            )
    if sc.max <= sc.min or sc.step <= 0:
        raise ConfigError(L.SETTINGS_ERRORS["scoring_range"].format(path=path))

    season_ids, track_ids = {s.id for s in seasons}, {t.id for t in tracks}
    for sid, per_track in file.capacity.items():
        if sid not in season_ids:
            raise ConfigError(L.SETTINGS_ERRORS["capacity_unknown_season"].format(path=path, season=sid))
        _check_keys(per_track, track_ids, f"capacity.{sid}", path)
    _check_keys(file.granting_bodies, track_ids, "granting_bodies", path)

    def stripped(value: str | None) -> str | None:
        return (value or "").strip() or None

    return Settings(
        programme=programme,
        timezone=tz,
        seasons=tuple(seasons),
        tracks=tracks,
        scoring=Scoring(sc.min, sc.max, sc.step, dict(sc.weights)),
        annotations=Annotations(file.annotations.eligible, file.annotations.shortlist),
        capacity={sid: dict(per_track) for sid, per_track in file.capacity.items()},
        column_mapping=dict(file.column_mapping),
        source=path,
        ds_endpoint=stripped(file.ds_endpoint),
        granting_bodies={
            tid: GrantingBody(stripped(body.name), stripped(body.siret)) if body else GrantingBody(None, None)
            for tid, body in file.granting_bodies.items()
        },
        retention_months=file.retention_months,
    )


def database_url(explicit: str | None = None) -> str:
    """``--db`` first, then ``AIC_DASH_DATABASE_URL``, then the embedded SQLite file."""
    return explicit or os.environ.get("AIC_DASH_DATABASE_URL") or DEFAULT_DATABASE_URL


def demo_database_url() -> str:
    """Where `demo` writes and what the app shows before the first import: data/demo.sqlite."""
    return os.environ.get("AIC_DASH_DEMO_DATABASE_URL") or DEFAULT_DEMO_DATABASE_URL
