"""The settings file (data/settings.yaml) as typed models: one line per setting, unknown keys refused.

`SettingsFile` validates the file's shape; `french_error` turns pydantic's first error into the sentence a
manager reads, naming the file and the key. What spans several keys is checked by aic_dash.config.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from aic_dash import labels as L


class _Node(BaseModel):
    # An unknown key is an error (a typo would otherwise be ignored silently); `id: 2022` is the text "2022".
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


class _RoundNode(_Node):
    id: str
    label: str | None = None
    opens: datetime
    closes: datetime


class _SeasonNode(_Node):
    id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    label: str | None = None
    rounds: Annotated[list[_RoundNode], Field(min_length=1)]


class _TrackNode(_Node):
    id: str
    label: str | None = None
    short_label: str | None = None
    project_answers: list[str] = []
    instructor_groups: list[str] = []


class _ScoringNode(_Node):
    min: float = 0.0
    max: float = 5.0
    step: float = 0.5
    weights: dict[int, float] = {}


class _AnnotationsNode(_Node):
    eligible: str = L.ANNOTATION_DEFAULTS["eligible"]
    shortlist: str = L.ANNOTATION_DEFAULTS["shortlist"]


class _GrantingBodyNode(_Node):
    name: str | None = None
    siret: str | None = None


class SettingsFile(_Node):
    """data/settings.yaml as written: one line per setting (what each gives: `labels.SETTINGS_KEYS`)."""

    programme_page: str
    timezone: str
    seasons: Annotated[list[_SeasonNode], Field(min_length=1)]
    tracks: Annotated[list[_TrackNode], Field(min_length=1)]
    scoring: _ScoringNode = _ScoringNode()
    annotations: _AnnotationsNode = _AnnotationsNode()
    capacity: dict[str, dict[str, int]] = {}
    column_mapping: dict[str, str] = {}
    ds_endpoint: str | None = None
    granting_bodies: dict[str, _GrantingBodyNode | None] = {}
    retention_months: Annotated[int, Field(strict=True, ge=1, le=1200)] = 24


def _where(loc: tuple) -> str:
    """('seasons', 1, 'rounds', 0, 'closes') -> 'seasons[1].rounds[0].closes'."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or L.SETTINGS_ROOT


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys the model accepts at `loc` (the parent of an unknown key)."""
    node: object = model
    for part in loc:
        if isinstance(node, type) and issubclass(node, BaseModel):
            node = node.model_fields[part].annotation
        else:  # a list's index or a dict's key: the type of its items
            node = (getattr(node, "__args__", None) or (None,))[-1]
        while getattr(node, "__args__", None) and getattr(node, "__origin__", None) not in (list, dict):
            node = next((a for a in node.__args__ if a is not type(None)), None)  # X | None -> X
    return sorted(node.model_fields) if isinstance(node, type) and issubclass(node, BaseModel) else []


def french_error(error: dict, path: Path, raw: Any) -> str:
    """One pydantic error as the sentence a manager reads: the file, the key, what is expected."""
    loc, kind = tuple(error["loc"]), error["type"]
    where, errors = _where(loc), L.SETTINGS_ERRORS
    if loc and loc[0] in L.SETTINGS_VALUE_ERRORS and kind not in ("missing", "extra_forbidden"):
        value = raw.get(loc[0]) if isinstance(raw, dict) else None
        return errors["value"].format(path=path, message=L.SETTINGS_VALUE_ERRORS[loc[0]].format(value=value))
    if kind == "missing":
        if len(loc) == 1:
            return errors["missing_key_gives"].format(path=path, key=loc[0], gives=L.SETTINGS_KEYS[loc[0]])
        return errors["missing"].format(path=path, where=where)
    if kind == "extra_forbidden":
        parent = loc[:-1]
        allowed = ", ".join(_allowed_keys(SettingsFile, parent))
        return errors["unknown_key"].format(path=path, key=loc[-1], where=_where(parent), allowed=allowed)
    if kind.startswith("datetime") or kind.startswith("date_"):
        return errors["datetime"].format(path=path, where=where)
    if kind == "too_short" and loc[-1] == "rounds":
        season = raw["seasons"][loc[1]].get("id")
        return errors["season_without_round"].format(path=path, season=season)
    if kind in ("too_short", "string_too_short"):
        return errors["empty"].format(path=path, where=where, expected=L.SETTINGS_EXPECTED[kind])
    expected = L.SETTINGS_EXPECTED.get(kind, L.SETTINGS_EXPECTED_OTHER)
    return errors["expected"].format(path=path, where=where, expected=expected)
