"""Adding follow-up rows: laureates for the dossiers at the `laureat` stage (`sync_laureates`) and the
insert-if-missing helpers (`add_*`, the demo seed's way in; also used by the sync and the import)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import Connection, Table, insert, select, update

from aic_dash import labels as L
from aic_dash.ingest.labels import normalize_label
from aic_dash.store import schema as S
from aic_dash.store.followup.common import _now, _paris_date, support_end

# --- Laureates from dossiers --------------------------------------------------------------------------


def _unlinked_dossiers(conn: Connection) -> list:
    linked = select(S.laureate.c.dossier_number).where(S.laureate.c.dossier_number.is_not(None))
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
        name = (row.project or "").strip() or L.FOLLOWUP_STORE["unnamed_laureate"].format(number=row.number)
        candidates = conn.execute(
            select(S.laureate.c.id, S.laureate.c.name, S.laureate.c.round, S.laureate.c.track).where(
                S.laureate.c.dossier_number.is_(None),
                S.laureate.c.season == row.season if row.season else S.laureate.c.season.is_(None),
            )
        ).all()
        match = next((c for c in candidates if normalize_label(c.name) == normalize_label(name)), None)
        if match is not None:
            conn.execute(
                update(S.laureate)
                .where(S.laureate.c.id == match.id)
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
    stmt = select(S.laureate.c.id, S.laureate.c.name)
    stmt = stmt.where(S.laureate.c.season == season) if season else stmt.where(S.laureate.c.season.is_(None))
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
    return int(conn.execute(insert(S.laureate).values(values)).inserted_primary_key[0])


def _insert_if_missing(
    conn: Connection,
    table: Table,
    key: dict[str, object],
    values: dict[str, object],
    named: str | None = None,
) -> bool:
    """Insert the row `key` + `values` unless `table` has one with that key (and, with `named`, whose
    `named` column matches that value after normalisation); True when inserted."""
    column = table.c[named or "id"]
    found = conn.scalars(select(column).where(*(table.c[k] == v for k, v in key.items()))).all()
    if named is not None:
        found = [n for n in found if normalize_label(n) == normalize_label(values[named])]
    if found:
        return False
    conn.execute(insert(table).values({**key, **values}))
    return True


def add_period(
    conn: Connection,
    laureate_id: int,
    renewal: int,
    start: date,
    support_status: str,
    end: date | None = None,
) -> bool:
    """Insert a support period unless that renewal exists; True when inserted."""
    values = dict(start_date=start, end_date=end or support_end(start), support_status=support_status)
    return _insert_if_missing(
        conn, S.support_period, {"laureate_id": laureate_id, "renewal": renewal}, values
    )


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
    values = dict(title=title, strand=strand, due_date=due_date, milestone_status=milestone_status, note=note)
    stamp = {"updated_at": updated_at, "acted_by": acted_by}
    return _insert_if_missing(conn, S.milestone, {"laureate_id": laureate_id}, values | stamp, named="title")


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
    return int(conn.execute(insert(S.indicator).values(values)).inserted_primary_key[0])


def _indicator_id(conn: Connection, laureate_id: int, name: str) -> int | None:
    rows = conn.execute(
        select(S.indicator.c.id, S.indicator.c.name).where(S.indicator.c.laureate_id == laureate_id)
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
    key = {"indicator_id": indicator_id, "measured_on": measured_on}
    values = {"value": value, "updated_at": updated_at, "acted_by": acted_by}
    return _insert_if_missing(conn, S.indicator_measurement, key, values)


def add_funding(
    conn: Connection, laureate_id: int, tranche: int, amount: float, granted_on: date, note: str | None = None
) -> bool:
    key = {"laureate_id": laureate_id, "tranche": tranche}
    return _insert_if_missing(
        conn, S.funding, key, {"amount": amount, "granted_on": granted_on, "note": note}
    )


def add_partner(conn: Connection, laureate_id: int, name: str) -> bool:
    key = {"laureate_id": laureate_id}
    return _insert_if_missing(conn, S.partner_administration, key, {"name": name}, named="name")
