"""What the open data needs beyond the follow-up, filled in the app: the beneficiary's name, SIRET or RNA
(when the export has none) and the date of each grant agreement (convention). One transaction per save,
one audit row per changed value, and a value changed meanwhile by someone else is a conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import Connection, Engine, select, update

from aic_dash import labels as L
from aic_dash.errors import AicError
from aic_dash.store import audit
from aic_dash.store.followup import Changes, audit_target
from aic_dash.store.schema import funding, laureate

SIRET = re.compile(r"^\d{14}$")
RNA = re.compile(r"^W\d{9}$")


@dataclass(frozen=True)
class PublicationFields:
    """A laureate's open-data fields as shown or as edited: SIRET, RNA, `conventions` (tranche -> date
    of the grant agreement) and `organisation` (the beneficiary's name)."""

    siret: str | None = None
    rna: str | None = None
    conventions: dict[int, date | None] = field(default_factory=dict)
    organisation: str | None = None


def _identifier(value: str | None, pattern: re.Pattern, what: str, example: str) -> str | None:
    if value is None or not str(value).strip():
        return None
    compact = re.sub(r"[\s.\-]", "", str(value)).upper()
    if not pattern.match(compact):
        raise AicError(L.STORE_PUBLICATION["unreadable"].format(what=what, value=value, example=example))
    return compact


def _day(value: object) -> date | None:
    if value is None or (not isinstance(value, (str, date)) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def _text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return " ".join(str(value).split())[:300] or None


def _read(conn: Connection, laureate_id: int) -> PublicationFields:
    row = conn.execute(
        select(laureate.c.siret, laureate.c.rna, laureate.c.organisation).where(laureate.c.id == laureate_id)
    ).first()
    if row is None:
        raise AicError(L.STORE_PUBLICATION["no_laureate"])
    tranches = conn.execute(
        select(funding.c.tranche, funding.c.convention_date)
        .where(funding.c.laureate_id == laureate_id)
        .order_by(funding.c.tranche)
    ).all()
    conventions = {int(t.tranche): _day(t.convention_date) for t in tranches}
    return PublicationFields(row.siret, row.rna, conventions, _text(row.organisation))


def read_publication_fields(engine: Engine, laureate_id: int) -> PublicationFields:
    with engine.connect() as conn:
        return _read(conn, laureate_id)


def save_publication_fields(
    engine: Engine, laureate_id: int, before: PublicationFields, after: PublicationFields, user: str | None
) -> Changes:
    """Store what changed between `before` (as shown) and `after` (as edited); AicError (French) when a
    value is unreadable or was changed meanwhile by someone else (then nothing is saved)."""
    wanted = {
        "siret": _identifier(
            after.siret, SIRET, L.STORE_PUBLICATION["siret"], L.STORE_PUBLICATION["siret_example"]
        ),
        "rna": _identifier(after.rna, RNA, L.STORE_PUBLICATION["rna"], L.STORE_PUBLICATION["rna_example"]),
        "organisation": _text(after.organisation),
    }
    who = audit.current_user(user)[:200]
    target = audit_target(laureate_id)
    changes = Changes()
    with engine.begin() as conn:
        current = _read(conn, laureate_id)
        for name, new in wanted.items():
            old = _text(getattr(before, name))
            if old == new:
                continue
            if _text(getattr(current, name)) != old:
                raise _conflict(L.STORE_PUBLICATION_FIELDS[name])
            conn.execute(update(laureate).where(laureate.c.id == laureate_id).values({name: new}))
            detail = {"field": name, "changes": [old, new], "source": "app"}
            audit.record(conn, who, "donnee_ouverte_modifiee", target, detail)
            changes.updated += 1
        for tranche, value in after.conventions.items():
            new, old = _day(value), before.conventions.get(tranche)
            if old == new:
                continue
            if tranche not in current.conventions or current.conventions[tranche] != old:
                raise _conflict(L.STORE_PUBLICATION["convention_date"].format(tranche=tranche))
            conn.execute(
                update(funding)
                .where(funding.c.laureate_id == laureate_id, funding.c.tranche == tranche)
                .values(convention_date=new)
            )
            dates = [d.isoformat() if d else None for d in (old, new)]
            detail = {"tranche": tranche, "changes": dates, "source": "app"}
            audit.record(conn, who, "convention_modifiee", target, detail)
            changes.updated += 1
    return changes


def _conflict(what: str) -> AicError:
    return AicError(L.STORE_PUBLICATION["conflict"].format(what=what))
