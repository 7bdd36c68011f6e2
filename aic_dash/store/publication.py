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

from aic_dash.errors import AicError
from aic_dash.store import audit
from aic_dash.store.followup import Changes, audit_target
from aic_dash.store.schema import funding, laureate

SIRET = re.compile(r"^\d{14}$")
RNA = re.compile(r"^W\d{9}$")
_WHAT = {"siret": "Le SIRET", "rna": "Le numéro RNA", "organisation": "La structure porteuse"}


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
        raise AicError(f"{what} « {value} » illisible : attendu {example}. Rien n'a été enregistré.")
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
        raise AicError("Ce lauréat n'existe plus. Rechargez la page.")
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
        "siret": _identifier(after.siret, SIRET, "SIRET", "14 chiffres, par exemple 123 456 789 00012"),
        "rna": _identifier(after.rna, RNA, "Numéro RNA", "W suivi de 9 chiffres, par exemple W123456789"),
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
                raise _conflict(_WHAT[name])
            conn.execute(update(laureate).where(laureate.c.id == laureate_id).values({name: new}))
            detail = {"field": name, "changes": [old, new], "source": "app"}
            audit.record(conn, who, "donnee_ouverte_modifiee", target, detail)
            changes.updated += 1
        for tranche, value in after.conventions.items():
            new, old = _day(value), before.conventions.get(tranche)
            if old == new:
                continue
            if tranche not in current.conventions or current.conventions[tranche] != old:
                raise _conflict(f"La date de convention de la tranche {tranche}")
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
    return AicError(
        f"{what} a été modifié entre-temps par quelqu'un d'autre. Rien n'a été enregistré : rechargez "
        "la page pour voir la version à jour, puis refaites vos modifications."
    )
