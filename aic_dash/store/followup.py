"""Laureate follow-up in the store: laureates, support periods, roadmap milestones, impact indicators and
their measurements, funding and partner administrations.

Three ways in, each in one transaction: `import_followup` (a filled template), `save_milestones` /
`save_measurements` (edits from the app) and the `add_*` helpers (the demo seed, insert-if-missing).
Every change made by an import or an edit leaves one row in the audit trail (who, when, what).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import (
    Connection,
    Engine,
    Table,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from aic_dash import labels as L
from aic_dash.config import Settings
from aic_dash.errors import AicError, ImportRejected
from aic_dash.ingest.followup import DEFAULT_STATUS, ParsedFollowup, parse_followup
from aic_dash.ingest.labels import normalize_label
from aic_dash.ingest.readers import MAX_FILE_BYTES, read_table
from aic_dash.store import audit
from aic_dash.store import followup_dates as dates
from aic_dash.store import schema as S
from aic_dash.store.db import upgrade
from aic_dash.store.import_runs import ImportResult, record_rejection, run_base, running, storage_failure
from aic_dash.store.queries import TIMEZONE, Filters
from aic_dash.store.schema import (
    funding,
    indicator,
    indicator_measurement,
    laureate,
    milestone,
    partner_administration,
    support_period,
)

SUPPORT_MONTHS = 12
IMPORT_KIND = "suivi"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _paris_date(moment: datetime | None) -> date | None:
    """A naive-UTC datetime of the store -> its day in Paris."""
    if moment is None:
        return None
    return pd.Timestamp(moment).tz_localize("UTC").tz_convert(TIMEZONE).date()


def support_end(start: date) -> date:
    """Start + 12 months (28 February for a start on 29 February); exclusive."""
    return (pd.Timestamp(start) + pd.DateOffset(months=SUPPORT_MONTHS)).date()


def audit_target(laureate_id: int) -> str:
    """The audit `target` of every follow-up change of one laureate."""
    return f"laureat:{laureate_id}"


# --- Reading ------------------------------------------------------------------------------------------


@dataclass
class FollowupData:
    """The follow-up of the laureates in view, one frame per table; dates as naive datetime64 days,
    `updated_at` as aware Europe/Paris datetimes."""

    laureates: pd.DataFrame
    periods: pd.DataFrame
    milestones: pd.DataFrame
    indicators: pd.DataFrame
    measurements: pd.DataFrame
    funding: pd.DataFrame
    partners: pd.DataFrame


_DATE_COLUMNS = ("start_date", "end_date", "due_date", "measured_on", "granted_on", "convention_date")


def _frame(conn: Connection, stmt) -> pd.DataFrame:
    frame = pd.DataFrame(conn.execute(stmt).all(), columns=[c.name for c in stmt.selected_columns])
    changes = {}
    for name in frame.columns:
        if name in _DATE_COLUMNS:
            changes[name] = pd.to_datetime(frame[name]).astype("datetime64[us]")
        elif name in ("updated_at", "created_at"):
            changes[name] = (
                pd.to_datetime(frame[name])
                .astype("datetime64[us]")
                .dt.tz_localize("UTC")
                .dt.tz_convert(TIMEZONE)
            )
    return frame.assign(**changes)


def _in(column, ids: list[int]):
    return column.in_(ids) if ids else column.in_([-1])


def load_followup(engine: Engine, filters: Filters = Filters()) -> FollowupData:
    """Every follow-up table for the laureates matching the filters (season, round, track).

    Dossiers newly at the `laureat` stage get their laureate row first (see `sync_laureates`).
    """
    upgrade(engine)
    with engine.connect() as conn:
        pending = bool(_unlinked_dossiers(conn))
    if pending:
        with engine.begin() as conn:
            sync_laureates(conn)
    with engine.connect() as conn:
        laureates = _frame(conn, filters.apply(select(laureate), laureate).order_by(laureate.c.id))
        ids = [int(i) for i in laureates["id"]]
        periods = _frame(
            conn,
            select(support_period)
            .where(_in(support_period.c.laureate_id, ids))
            .order_by(support_period.c.laureate_id, support_period.c.renewal),
        )
        milestones = _frame(
            conn,
            select(milestone)
            .where(_in(milestone.c.laureate_id, ids))
            .order_by(milestone.c.laureate_id, milestone.c.due_date, milestone.c.id),
        )
        indicators = _frame(
            conn,
            select(indicator).where(_in(indicator.c.laureate_id, ids)).order_by(indicator.c.id),
        )
        indicator_ids = [int(i) for i in indicators["id"]]
        measurements = _frame(
            conn,
            select(indicator_measurement)
            .where(_in(indicator_measurement.c.indicator_id, indicator_ids))
            .order_by(indicator_measurement.c.indicator_id, indicator_measurement.c.measured_on),
        )
        funds = _frame(
            conn,
            select(funding)
            .where(_in(funding.c.laureate_id, ids))
            .order_by(funding.c.laureate_id, funding.c.tranche),
        )
        partners = _frame(
            conn,
            select(partner_administration)
            .where(_in(partner_administration.c.laureate_id, ids))
            .order_by(partner_administration.c.laureate_id, partner_administration.c.name),
        )
        # When each laureate was selected and each milestone reached, for views as of a past day.
        laureates = laureates.assign(selected_on=dates.selection_days(conn, laureates["dossier_number"]))
        milestones = milestones.assign(reached_on=dates.reached_days(conn, milestones))
    return FollowupData(laureates, periods, milestones, indicators, measurements, funds, partners)


def laureate_history(engine: Engine, laureate_id: int, limit: int = 200) -> pd.DataFrame:
    """Audit rows of one laureate's follow-up, newest first: at (Paris), acted_by, action, detail."""
    a = S.audit
    stmt = (
        select(a.c.at, a.c.acted_by, a.c.action, a.c.detail)
        .where(a.c.target == audit_target(laureate_id))
        .order_by(a.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(stmt).all(), columns=["at", "acted_by", "action", "detail"])
    at = pd.to_datetime(frame["at"]).astype("datetime64[us]").dt.tz_localize("UTC").dt.tz_convert(TIMEZONE)
    return frame.assign(at=at)


# --- Laureates from dossiers --------------------------------------------------------------------------


def _unlinked_dossiers(conn: Connection) -> list:
    linked = select(laureate.c.dossier_number).where(laureate.c.dossier_number.is_not(None))
    stmt = (
        select(
            S.dossier.c.number,
            S.dossier.c.project,
            S.dossier.c.season,
            S.dossier.c.round,
            S.dossier.c.track,
            S.dossier.c.processed_at,
            S.dossier.c.ds_updated_at,
        )
        .where(S.dossier.c.stage == "laureat", S.dossier.c.number.not_in(linked))
        .order_by(S.dossier.c.number)
    )
    return conn.execute(stmt).all()


def sync_laureates(conn: Connection) -> int:
    """Give each dossier at the `laureat` stage its laureate; return how many were created.

    A laureate of the public record with the same season and project name (after normalisation) and no
    dossier yet is linked to it; otherwise a laureate is created, with a first support period of 12
    months from the decision date (`Traité le`, in Paris), in `diagnostic`.
    """
    created = 0
    for row in _unlinked_dossiers(conn):
        name = (row.project or "").strip() or f"Dossier n° {row.number}"
        candidates = conn.execute(
            select(laureate.c.id, laureate.c.name, laureate.c.round, laureate.c.track).where(
                laureate.c.dossier_number.is_(None),
                laureate.c.season == row.season if row.season else laureate.c.season.is_(None),
            )
        ).all()
        match = next((c for c in candidates if normalize_label(c.name) == normalize_label(name)), None)
        if match is not None:
            conn.execute(
                update(laureate)
                .where(laureate.c.id == match.id)
                .values(
                    dossier_number=row.number,
                    round=match.round or row.round,
                    track=match.track or row.track,
                )
            )
            continue
        laureate_id = add_laureate(
            conn, name=name, season=row.season, round=row.round, track=row.track, source="dossier",
            dossier_number=row.number,
        )  # fmt: skip
        start = _paris_date(row.processed_at or row.ds_updated_at)
        if start is not None:
            add_period(conn, laureate_id, 0, start, "diagnostic")
        created += 1
    return created


# --- Insert-if-missing helpers (the demo seed; also used by sync) -------------------------------------


def find_laureate(conn: Connection, name: str, season: str | None) -> int | None:
    """Id of the laureate of that season whose name matches after normalisation."""
    stmt = select(laureate.c.id, laureate.c.name)
    stmt = stmt.where(laureate.c.season == season) if season else stmt.where(laureate.c.season.is_(None))
    wanted = normalize_label(name)
    return next((int(r.id) for r in conn.execute(stmt) if normalize_label(r.name) == wanted), None)


def add_laureate(
    conn: Connection,
    *,
    name: str,
    season: str | None,
    round: str | None = None,
    track: str | None = None,
    organisation: str | None = None,
    town: str | None = None,
    themes: Iterable[str] = (),
    seed_grant: bool | None = None,
    phase2: bool | None = None,
    source: str = "public",
    dossier_number: int | None = None,
) -> int:
    """The laureate's id, inserted when no laureate of that season has that name."""
    found = find_laureate(conn, name, season)
    if found is not None:
        return found
    values = {
        "name": name,
        "season": season,
        "round": round,
        "track": track,
        "organisation": organisation,
        "town": town,
        "themes": ",".join(themes) or None,
        "seed_grant": seed_grant,
        "phase2": phase2,
        "source": source,
        "dossier_number": dossier_number,
        "created_at": _now(),
    }
    return int(conn.execute(insert(laureate).values(values)).inserted_primary_key[0])


def add_period(
    conn: Connection,
    laureate_id: int,
    renewal: int,
    start: date,
    support_status: str,
    end: date | None = None,
) -> bool:
    """Insert a support period unless that renewal exists; True when inserted."""
    exists = conn.scalar(
        select(support_period.c.id).where(
            support_period.c.laureate_id == laureate_id, support_period.c.renewal == renewal
        )
    )
    if exists is not None:
        return False
    conn.execute(
        insert(support_period).values(
            laureate_id=laureate_id,
            renewal=renewal,
            start_date=start,
            end_date=end or support_end(start),
            support_status=support_status,
        )
    )
    return True


def add_milestone(
    conn: Connection,
    laureate_id: int,
    title: str,
    strand: str,
    due_date: date,
    milestone_status: str,
    note: str | None,
    updated_at: datetime,
    acted_by: str,
) -> bool:
    """Insert a milestone unless the laureate has one with that title; True when inserted."""
    titles = conn.scalars(select(milestone.c.title).where(milestone.c.laureate_id == laureate_id))
    if normalize_label(title) in {normalize_label(t) for t in titles}:
        return False
    conn.execute(
        insert(milestone).values(
            laureate_id=laureate_id,
            title=title,
            strand=strand,
            due_date=due_date,
            milestone_status=milestone_status,
            note=note,
            updated_at=updated_at,
            acted_by=acted_by,
        )
    )
    return True


def add_indicator(
    conn: Connection,
    laureate_id: int,
    name: str,
    unit: str | None,
    initial: float | None,
    target: float | None,
    description: str | None = None,
) -> int:
    """The indicator's id, inserted when the laureate has none of that name."""
    found = _indicator_id(conn, laureate_id, name)
    if found is not None:
        return found
    values = dict(laureate_id=laureate_id, name=name, unit=unit, initial=initial, target=target)
    values["description"] = description
    return int(conn.execute(insert(indicator).values(values)).inserted_primary_key[0])


def _indicator_id(conn: Connection, laureate_id: int, name: str) -> int | None:
    rows = conn.execute(
        select(indicator.c.id, indicator.c.name).where(indicator.c.laureate_id == laureate_id)
    ).all()
    return next((int(r.id) for r in rows if normalize_label(r.name) == normalize_label(name)), None)


def add_measurement(
    conn: Connection,
    indicator_id: int,
    measured_on: date,
    value: float,
    updated_at: datetime,
    acted_by: str,
) -> bool:
    exists = conn.scalar(
        select(indicator_measurement.c.id).where(
            indicator_measurement.c.indicator_id == indicator_id,
            indicator_measurement.c.measured_on == measured_on,
        )
    )
    if exists is not None:
        return False
    conn.execute(
        insert(indicator_measurement).values(
            indicator_id=indicator_id,
            measured_on=measured_on,
            value=value,
            updated_at=updated_at,
            acted_by=acted_by,
        )
    )
    return True


def add_funding(
    conn: Connection, laureate_id: int, tranche: int, amount: float, granted_on: date, note: str | None = None
) -> bool:
    exists = conn.scalar(
        select(funding.c.id).where(funding.c.laureate_id == laureate_id, funding.c.tranche == tranche)
    )
    if exists is not None:
        return False
    conn.execute(
        insert(funding).values(
            laureate_id=laureate_id, tranche=tranche, amount=amount, granted_on=granted_on, note=note
        )
    )
    return True


def add_partner(conn: Connection, laureate_id: int, name: str) -> bool:
    names = conn.scalars(
        select(partner_administration.c.name).where(partner_administration.c.laureate_id == laureate_id)
    )
    if normalize_label(name) in {normalize_label(n) for n in names}:
        return False
    conn.execute(insert(partner_administration).values(laureate_id=laureate_id, name=name))
    return True


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
        return f"{self.created} ajout(s), {self.updated} modification(s), {self.deleted} suppression(s)"


def _log(conn: Connection, who: str, action: str, laureate_id: int, **detail: object) -> None:
    """One audit row for one change of a laureate's follow-up."""
    audit.record(conn, who, action, audit_target(laureate_id), detail)


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
    return AicError(f"Ligne {position} du tableau des {what} : {message} Rien n'a été enregistré.")


def _check_milestones(records: list[dict]) -> None:
    seen: dict[str, int] = {}
    for r in records:
        at = r["position"]
        if not r["title"]:
            raise _problem("jalons", at, "l'intitulé du jalon manque.")
        if len(r["title"]) > 500:
            raise _problem("jalons", at, "l'intitulé dépasse 500 caractères.")
        if r["strand"] not in L.STRANDS:
            raise _problem("jalons", at, "choisissez un axe dans la liste.")
        if r["milestone_status"] not in L.MILESTONE_STATUSES:
            raise _problem("jalons", at, "choisissez un statut dans la liste.")
        if r["due_date"] is None:
            raise _problem("jalons", at, "l'échéance manque.")
        key = normalize_label(r["title"])
        if key in seen:
            raise _problem("jalons", at, f"même intitulé que la ligne {seen[key]} ; changez l'un des deux.")
        seen[key] = at


def _check_measurements(records: list[dict]) -> None:
    seen: dict[date, int] = {}
    for r in records:
        at = r["position"]
        if r["measured_on"] is None:
            raise _problem("mesures", at, "la date de la mesure manque.")
        if r["value"] is None:
            raise _problem("mesures", at, "la valeur manque.")
        if r["measured_on"] in seen:
            raise _problem(
                "mesures", at, f"même date que la ligne {seen[r['measured_on']]} ; une mesure par date."
            )
        seen[r["measured_on"]] = at


def _user(user: str | None) -> str:
    return audit.current_user(user)[:200]


def _conflict(what: str, stored=None) -> AicError:
    who = ""
    if stored is not None:
        who = f" par « {stored.acted_by} » le {_paris_date(stored.updated_at):%d/%m/%Y}"
    return AicError(
        f"{what} a été modifié entre-temps{who}. Rien n'a été enregistré : rechargez la page pour voir "
        "la version à jour, puis refaites vos modifications."
    )


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
    lambda r: f"Le jalon « {r['title']} »",
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
        raise AicError("Cet indicateur n'existe plus. Rechargez la page.")
    edit = _Edit(
        indicator_measurement,
        "indicator_id",
        _MEASUREMENT_FIELDS,
        ("mesure_creee", "mesure_modifiee", "mesure_supprimee"),
        lambda r: f"La mesure du {r['measured_on']:%d/%m/%Y}",
        lambda r: {"indicator": owner.name},
    )
    return _save(engine, edit, indicator_id, int(owner.laureate_id), before, after, user)


# --- Import of a follow-up file -----------------------------------------------------------------------


@dataclass
class FollowupImportResult(ImportResult):
    """An ImportResult whose counts are follow-up rows (milestones, measurements or funding tranches)."""

    kind: str = ""

    def summary(self) -> str:
        if not self.ok:
            return self.error
        what = L.FOLLOWUP_KINDS.get(self.kind, "lignes")
        return (
            f"{self.file_name} : {self.rows} ligne(s) de {what} lue(s) ({self.detected}) — "
            f"{self.created} ajoutée(s), {self.updated} mise(s) à jour, {self.unchanged} inchangée(s)"
        )


class _Laureates:
    """Resolve the `Lauréat` cell (project name or dossier number, plus an optional season)."""

    def __init__(self, conn: Connection, header: str) -> None:
        rows = conn.execute(
            select(laureate.c.id, laureate.c.name, laureate.c.season, laureate.c.dossier_number)
        ).all()
        self.header = header
        self.by_number = {int(r.dossier_number): r for r in rows if r.dossier_number is not None}
        self.by_name: dict[str, list] = {}
        for r in rows:
            self.by_name.setdefault(normalize_label(r.name), []).append(r)
        self.names = sorted(r.name for r in rows)

    def __call__(self, text: str, season: str | None, row: int) -> tuple[int, str]:
        digits = text.replace(" ", "").removeprefix("n°").removeprefix("N°")
        if digits.isdigit() and int(digits) in self.by_number:
            found = self.by_number[int(digits)]
            return int(found.id), found.name
        candidates = self.by_name.get(normalize_label(text), [])
        if season:
            candidates = [c for c in candidates if (c.season or "") == season.strip()]
        if len(candidates) == 1:
            return int(candidates[0].id), candidates[0].name
        if len(candidates) > 1:
            seasons = ", ".join(sorted(c.season or "?" for c in candidates))
            raise ImportRejected(
                f"plusieurs lauréats s'appellent « {text} » (saisons {seasons}). Ajoutez une colonne "
                "« Saison » ou écrivez le numéro de dossier.",
                row=row,
                column=self.header,
            )
        hint = ", ".join(self.names[:8]) + (" …" if len(self.names) > 8 else "")
        where = f" pour la saison {season}" if season else ""
        raise ImportRejected(
            f"« {text} » n'est pas un lauréat connu{where}. Écrivez le nom du projet tel qu'il apparaît "
            f"dans le tableau de bord, ou son numéro de dossier (lauréats connus : {hint or 'aucun'}).",
            row=row,
            column=self.header,
        )


@dataclass
class _Run:
    """One import in progress: who, when, which import run; counts what it did."""

    conn: Connection
    who: str
    import_id: int
    now: datetime
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def log(self, action: str, laureate_id: int, **detail: object) -> None:
        _log(self.conn, self.who, action, laureate_id, **detail, source="import", import_id=self.import_id)


def _changed(stored, wanted: dict) -> dict[str, list]:
    """Fields whose wanted value differs from the stored one; None (an empty optional cell) keeps it."""
    return {
        k: [getattr(stored, k), v] for k, v in wanted.items() if v is not None and v != getattr(stored, k)
    }


def _write_milestones(run: _Run, parsed: ParsedFollowup, resolve: _Laureates) -> None:
    conn = run.conn
    for r in parsed.rows.itertuples():
        laureate_id, name = resolve(r.laureate, r.season, r.row)
        wanted = {
            "strand": r.strand,
            "due_date": r.due_date,
            "milestone_status": r.milestone_status,
            "note": r.note,
        }
        found = next(
            (
                m
                for m in conn.execute(select(milestone).where(milestone.c.laureate_id == laureate_id))
                if normalize_label(m.title) == normalize_label(r.title)
            ),
            None,
        )
        if found is None:
            values = {**wanted, "title": r.title, "milestone_status": r.milestone_status or DEFAULT_STATUS}
            row_id = conn.execute(
                insert(milestone).values(
                    laureate_id=laureate_id, **values, updated_at=run.now, acted_by=run.who
                )
            ).inserted_primary_key[0]
            run.log("jalon_cree", laureate_id, id=row_id, laureate=name, **values)
            run.created += 1
            continue
        diff = _changed(found, wanted)
        if not diff:
            run.unchanged += 1
            continue
        values = {k: v for k, (_, v) in diff.items()}
        conn.execute(
            update(milestone)
            .where(milestone.c.id == found.id)
            .values({**values, "updated_at": run.now, "acted_by": run.who})
        )
        run.log("jalon_modifie", laureate_id, id=found.id, laureate=name, title=found.title, changes=diff)
        run.updated += 1


def _write_measurements(run: _Run, parsed: ParsedFollowup, resolve: _Laureates) -> None:
    conn = run.conn
    for r in parsed.rows.itertuples():
        laureate_id, name = resolve(r.laureate, r.season, r.row)
        described = {"unit": r.unit, "initial": r.initial, "target": r.target}
        indicator_id = _indicator_id(conn, laureate_id, r.indicator)
        if indicator_id is None:
            indicator_id = add_indicator(conn, laureate_id, r.indicator, r.unit, r.initial, r.target)
            run.log("indicateur_cree", laureate_id, indicator=r.indicator, laureate=name, **described)
        else:
            stored = conn.execute(select(indicator).where(indicator.c.id == indicator_id)).one()
            diff = _changed(stored, described)
            if diff:
                values = {k: v for k, (_, v) in diff.items()}
                conn.execute(update(indicator).where(indicator.c.id == indicator_id).values(values))
                run.log("indicateur_modifie", laureate_id, indicator=stored.name, laureate=name, changes=diff)
        m = indicator_measurement
        found = conn.execute(
            select(m).where(m.c.indicator_id == indicator_id, m.c.measured_on == r.measured_on)
        ).first()
        detail = {"indicator": r.indicator, "laureate": name, "measured_on": r.measured_on}
        if found is None:
            row_id = conn.execute(
                insert(m).values(
                    indicator_id=indicator_id,
                    measured_on=r.measured_on,
                    value=r.value,
                    updated_at=run.now,
                    acted_by=run.who,
                )
            ).inserted_primary_key[0]
            run.log("mesure_creee", laureate_id, id=row_id, **detail, value=r.value)
            run.created += 1
        elif found.value != r.value:
            conn.execute(
                update(m)
                .where(m.c.id == found.id)
                .values(value=r.value, updated_at=run.now, acted_by=run.who)
            )
            run.log(
                "mesure_modifiee",
                laureate_id,
                id=found.id,
                **detail,
                changes={"value": [found.value, r.value]},
            )
            run.updated += 1
        else:
            run.unchanged += 1


def _write_funding(run: _Run, parsed: ParsedFollowup, resolve: _Laureates) -> None:
    conn = run.conn
    for r in parsed.rows.itertuples():
        laureate_id, name = resolve(r.laureate, r.season, r.row)
        wanted = {"amount": r.amount, "granted_on": r.granted_on, "note": r.note}
        found = conn.execute(
            select(funding).where(funding.c.laureate_id == laureate_id, funding.c.tranche == r.tranche)
        ).first()
        if found is None:
            add_funding(conn, laureate_id, r.tranche, r.amount, r.granted_on, r.note)
            run.log("financement_cree", laureate_id, laureate=name, tranche=r.tranche, **wanted)
            run.created += 1
            continue
        diff = _changed(found, wanted)
        if not diff:
            run.unchanged += 1
            continue
        conn.execute(
            update(funding).where(funding.c.id == found.id).values({k: v for k, (_, v) in diff.items()})
        )
        run.log("financement_modifie", laureate_id, laureate=name, tranche=r.tranche, changes=diff)
        run.updated += 1


_WRITERS = {"milestones": _write_milestones, "measurements": _write_measurements, "funding": _write_funding}


def import_followup(
    engine: Engine, settings: Settings, data: bytes, file_name: str, user: str | None = None
) -> FollowupImportResult:
    """Import a filled follow-up template (milestones, measurements or funding), all or nothing.

    Never raises for bad input: a rejected file changes nothing in the follow-up and is listed in the
    import history (kind « suivi ») with its French message, as is every successful import. An empty
    optional cell keeps what the store has; a new milestone without status is « à venir ».
    """
    del settings  # same signature as import_export; no setting applies to follow-up files yet
    upgrade(engine)
    base = run_base(IMPORT_KIND, file_name, data, user=user)
    kind = ""
    try:
        table = read_table(data)
        base["detected"] = table.describe()
        parsed = parse_followup(table)
        kind = parsed.kind
        base["detected"] = f"{table.describe()} ; {L.FOLLOWUP_KINDS[kind]}"[:200]
        with running(engine, base) as import_run:  # takes the import lock: follow-up files and exports queue
            conn, run_id = import_run.conn, import_run.id
            sync_laureates(conn)
            run = _Run(conn, _user(user), run_id, _now())
            _WRITERS[kind](run, parsed, _Laureates(conn, parsed.headers["laureate"]))
            import_run.finish(
                rows=len(parsed.rows), created=run.created, updated=run.updated, unchanged=run.unchanged
            )
    except (ImportRejected, SQLAlchemyError) as exc:
        if isinstance(exc, ImportRejected):
            message = str(exc.with_file(file_name))
        else:
            message = storage_failure(f"Fichier « {file_name} »", exc)
        run_id = record_rejection(engine, base, message)
        return FollowupImportResult(
            file_name, False, base.get("detected", ""), error=message, import_id=run_id, kind=kind
        )
    return FollowupImportResult(
        file_name,
        True,
        base["detected"],
        rows=len(parsed.rows),
        created=run.created,
        updated=run.updated,
        unchanged=run.unchanged,
        import_id=run_id,
        kind=kind,
    )


def import_followup_path(
    engine: Engine, settings: Settings, path: str | Path, user: str | None = None
) -> FollowupImportResult:
    """Read a follow-up file from disk and import it; a missing or unreadable file is a rejection too."""
    name = Path(path).name
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportRejected(
                f"le fichier pèse {size / 1024 / 1024:,.0f} Mo, au-delà de la limite de "
                f"{MAX_FILE_BYTES // 1024 // 1024} Mo."
            ).with_file(name)
        data = Path(path).read_bytes()
    except OSError as exc:
        return FollowupImportResult(
            name,
            False,
            error=f"Fichier « {path} » : impossible de le lire ({exc.strerror}). Vérifiez le chemin.",
        )
    except ImportRejected as exc:
        return FollowupImportResult(name, False, error=str(exc))
    return import_followup(engine, settings, data, name, user=user)
