"""Edits from the app: a roadmap (`save_milestones`) or an indicator's measurements (`save_measurements`)
saved in one transaction, one audit row per change, a change made meanwhile by someone else refused."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import Engine, Table, delete, insert, select, update

from aic_dash import labels as L
from aic_dash.errors import AicError
from aic_dash.ingest.labels import normalize_label
from aic_dash.store.followup.common import _log, _now, _paris_date, _user
from aic_dash.store.schema import indicator, indicator_measurement, milestone

# --- Edits from the app -------------------------------------------------------------------------------


@dataclass
class Changes:
    """What one save did."""

    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def any(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def summary(self) -> str:
        return L.FOLLOWUP_STORE["changes"].format(
            created=self.created, updated=self.updated, deleted=self.deleted
        )


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _as_date(value: object) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def _as_text(value: object) -> str | None:
    return None if _blank(value) else " ".join(str(value).split())


def _as_note(value: object) -> str | None:
    return None if _blank(value) else str(value).strip()


def _as_float(value: object) -> float | None:
    if _blank(value):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _as_id(value: object) -> int | None:
    return None if _blank(value) else int(value)


Fields = dict[str, Callable[[object], object]]
_MILESTONE_FIELDS: Fields = {
    "title": _as_text,
    "strand": _as_text,
    "due_date": _as_date,
    "milestone_status": _as_text,
    "note": _as_note,
}
_MEASUREMENT_FIELDS: Fields = {"measured_on": _as_date, "value": _as_float}


def _records(frame: pd.DataFrame, fields: Fields) -> list[dict]:
    """Editor rows -> clean dicts (with `id`, None for a new row); rows left entirely blank are dropped."""
    out = []
    for position, row in enumerate(frame.to_dict("records"), start=1):
        record = {name: clean(row.get(name)) for name, clean in fields.items()}
        record["id"] = _as_id(row.get("id"))
        record["position"] = position
        if record["id"] is None and all(record[name] is None for name in fields):
            continue
        out.append(record)
    return out


def _problem(what: str, position: int, message: str) -> AicError:
    return AicError(
        L.FOLLOWUP_STORE["problem"].format(position=position, what=L.FOLLOWUP_STORE[what], message=message)
    )


def _check_milestones(records: list[dict]) -> None:
    seen: dict[str, int] = {}
    for r in records:
        at = r["position"]
        if not r["title"]:
            raise _problem("milestones", at, L.FOLLOWUP_STORE["no_title"])
        if len(r["title"]) > 500:
            raise _problem("milestones", at, L.FOLLOWUP_STORE["long_title"])
        if r["strand"] not in L.STRANDS:
            raise _problem("milestones", at, L.FOLLOWUP_STORE["bad_strand"])
        if r["milestone_status"] not in L.MILESTONE_STATUSES:
            raise _problem("milestones", at, L.FOLLOWUP_STORE["bad_status"])
        if r["due_date"] is None:
            raise _problem("milestones", at, L.FOLLOWUP_STORE["no_due_date"])
        key = normalize_label(r["title"])
        if key in seen:
            raise _problem("milestones", at, L.FOLLOWUP_STORE["same_title"].format(line=seen[key]))
        seen[key] = at


def _check_measurements(records: list[dict]) -> None:
    seen: dict[date, int] = {}
    for r in records:
        at = r["position"]
        if r["measured_on"] is None:
            raise _problem("measurements", at, L.FOLLOWUP_STORE["no_measured_on"])
        if r["value"] is None:
            raise _problem("measurements", at, L.FOLLOWUP_STORE["no_value"])
        if r["measured_on"] in seen:
            raise _problem(
                "measurements", at, L.FOLLOWUP_STORE["same_date"].format(line=seen[r["measured_on"]])
            )
        seen[r["measured_on"]] = at


def _conflict(what: str, stored=None) -> AicError:
    who = ""
    if stored is not None:
        who = L.FOLLOWUP_STORE["conflict_by"].format(who=stored.acted_by, day=_paris_date(stored.updated_at))
    return AicError(L.FOLLOWUP_STORE["conflict"].format(what=what, by=who))


@dataclass
class _Edit:
    """How to save one editable table: its rows' table, owner column, fields, audit actions, wording."""

    table: Table
    owner: str
    fields: Fields
    actions: tuple[str, str, str]  # created, updated, deleted
    describe: Callable[[dict], str]  # a row -> « Le jalon « … » » for conflict messages
    label: Callable[[dict], dict]  # a row -> what the audit row says about it


def _save(
    engine: Engine,
    edit: _Edit,
    owner_id: int,
    laureate_id: int,
    before: pd.DataFrame,
    after: pd.DataFrame,
    user: str | None,
) -> Changes:
    """Apply the difference between `before` (as shown) and `after` (as edited) in one transaction.

    A field the manager changed that someone else changed meanwhile, or a row deleted that someone
    else changed, is a conflict: nothing is saved. Changes to different fields of a row are merged.
    Each created, changed or deleted row leaves one audit row.
    """
    old = {r["id"]: r for r in _records(before, edit.fields)}
    new = _records(after, edit.fields)
    who, now = _user(user), _now()
    changes = Changes()
    table, owner = edit.table, edit.table.c[edit.owner]
    with engine.begin() as conn:
        current = {int(r.id): r for r in conn.execute(select(table).where(owner == owner_id)).all()}

        def log(action: str, row_id: int, detail: dict) -> None:
            _log(conn, who, action, laureate_id, **{"id": row_id, **detail, "source": "app"})

        def unchanged_since_shown(shown: dict, fields) -> bool:
            stored = current.get(shown["id"])
            return stored is not None and all(edit.fields[f](getattr(stored, f)) == shown[f] for f in fields)

        kept = set()
        for r in new:
            values = {f: r[f] for f in edit.fields}
            if r["id"] is None:
                row_id = conn.execute(
                    insert(table).values({edit.owner: owner_id, **values, "updated_at": now, "acted_by": who})
                ).inserted_primary_key[0]
                log(edit.actions[0], row_id, {**values, **edit.label(values)})
                changes.created += 1
                continue
            kept.add(r["id"])
            shown = old.get(r["id"])
            if shown is None:
                raise _conflict(edit.describe(r))
            diff = {f: [shown[f], values[f]] for f in edit.fields if shown[f] != values[f]}
            if not diff:
                continue
            if not unchanged_since_shown(shown, diff):
                raise _conflict(edit.describe(shown), current.get(r["id"]))
            conn.execute(
                update(table)
                .where(table.c.id == r["id"])
                .values({**{f: values[f] for f in diff}, "updated_at": now, "acted_by": who})
            )
            log(edit.actions[1], r["id"], {**edit.label(values), "changes": diff})
            changes.updated += 1
        for row_id, shown in old.items():
            if row_id in kept or row_id not in current:
                continue  # kept, or already deleted by someone else
            if not unchanged_since_shown(shown, edit.fields):
                raise _conflict(edit.describe(shown), current[row_id])
            conn.execute(delete(table).where(table.c.id == row_id))
            values = {f: shown[f] for f in edit.fields}
            log(edit.actions[2], row_id, {**values, **edit.label(values)})
            changes.deleted += 1
    return changes


_MILESTONE_EDIT = _Edit(
    milestone,
    "laureate_id",
    _MILESTONE_FIELDS,
    ("jalon_cree", "jalon_modifie", "jalon_supprime"),
    lambda r: L.FOLLOWUP_STORE["milestone"].format(title=r["title"]),
    lambda r: {"title": r["title"]},
)


def save_milestones(
    engine: Engine, laureate_id: int, before: pd.DataFrame, after: pd.DataFrame, user: str | None
) -> Changes:
    """Save a roadmap as edited in the app, in one transaction, with one audit row per change.

    `before` is the table as it was shown (columns id, title, strand, due_date, milestone_status, note),
    `after` as the manager left it (new rows without id, deleted rows absent). A field changed meanwhile by
    someone else is a conflict: nothing is saved. Raises AicError with a French message.
    """
    _check_milestones(_records(after, _MILESTONE_FIELDS))
    return _save(engine, _MILESTONE_EDIT, laureate_id, laureate_id, before, after, user)


def save_measurements(
    engine: Engine, indicator_id: int, before: pd.DataFrame, after: pd.DataFrame, user: str | None
) -> Changes:
    """Save an indicator's measurements as edited in the app (columns id, measured_on, value).

    Same rules as `save_milestones`: one transaction, one audit row per change, conflicts refused.
    """
    _check_measurements(_records(after, _MEASUREMENT_FIELDS))
    with engine.connect() as conn:
        owner = conn.execute(
            select(indicator.c.laureate_id, indicator.c.name).where(indicator.c.id == indicator_id)
        ).first()
    if owner is None:
        raise AicError(L.FOLLOWUP_STORE["no_indicator"])
    edit = _Edit(
        indicator_measurement,
        "indicator_id",
        _MEASUREMENT_FIELDS,
        ("mesure_creee", "mesure_modifiee", "mesure_supprimee"),
        lambda r: L.FOLLOWUP_STORE["measurement"].format(day=r["measured_on"]),
        lambda r: {"indicator": owner.name},
    )
    return _save(engine, edit, indicator_id, int(owner.laureate_id), before, after, user)
