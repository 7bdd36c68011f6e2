"""Adding follow-up rows: laureates for the dossiers at the `laureat` stage (`sync_laureates`) and the
insert-if-missing helpers (`add_*`, the demo seed's way in; also used by the sync and the import)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import Connection, insert, select, update

from aic_dash import labels as L
from aic_dash.ingest.labels import normalize_label
from aic_dash.store import schema as S
from aic_dash.store.followup.common import _now, _paris_date, support_end
from aic_dash.store.schema import (
    funding,
    indicator,
    indicator_measurement,
    laureate,
    milestone,
    partner_administration,
    support_period,
)

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
        name = (row.project or "").strip() or L.FOLLOWUP_STORE["unnamed_laureate"].format(number=row.number)
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
