"""Personal data kept only as long as needed: the retention purge, the erasure of dossiers deleted on
démarches-simplifiées, and the import hook that keeps erased data erased.

What is personal is the one list `programme.form.PERSONAL_LABELS` (applicant e-mail and name, referents'
names, e-mails and phones, proxies, instructors): those fields are blanked in each dossier's raw export
row, which is the only place the store holds them. Counts, stages, dates, tracks and every other field
stay, so every report without personal data is the same before and after.

Erased means gone from the file: SQLite runs the update with `secure_delete`, then VACUUM and a WAL
checkpoint (TRUNCATE); PostgreSQL rewrites the table with VACUUM (FULL). Each erased dossier gets a row
in `personal_data_erasure`, so that a later import of an old export erases it again before writing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    func,
    insert,
    select,
    update,
)

from aic_dash import labels as L
from aic_dash.errors import AicError
from aic_dash.ingest.dossiers import FIELD_SEP
from aic_dash.ingest.labels import normalize_label
from aic_dash.programme.form import PERSONAL_LABELS
from aic_dash.store import audit
from aic_dash.store import schema as S
from aic_dash.store.db import upgrade
from aic_dash.store.import_runs import lock_imports
from aic_dash.store.schema import laureate, personal_data_erasure, support_period, sync_deleted_dossier

RETENTION = "conservation"  # past the retention period (purge)
DELETED_ON_DS = "supprime_ds"  # deleted on démarches-simplifiées (sync)
PURGE_ACTION = "purge_donnees_personnelles"  # audit action codes (labels.AUDIT_ACTIONS words them)
DELETED_ACTION = "effacement_supprimes_ds"
TIMEZONE = "Europe/Paris"
_PERSONAL = frozenset(normalize_label(label) for label in PERSONAL_LABELS)
_BATCH = 2000  # dossiers rewritten per statement batch
_MAX_MONTHS = 1200


def personal_positions(headers: Iterable[str]) -> list[int]:
    """Positions, in an export layout, of the fields that identify a person."""
    return [i for i, label in enumerate(headers) if normalize_label(label) in _PERSONAL]


def erase_raw(raw: str, positions: list[int]) -> str:
    """A raw export row with its personal fields blanked."""
    values = raw.split(FIELD_SEP)
    for i in positions:
        if i < len(values):
            values[i] = ""
    return FIELD_SEP.join(values)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _layout_positions(conn: Connection) -> dict[int, list[int]]:
    rows = conn.execute(select(S.export_layout.c.id, S.export_layout.c.headers))
    return {row.id: personal_positions(json.loads(row.headers)) for row in rows}


def erase_stored(conn: Connection, numbers: Iterable[int], reason: str, by: str) -> int:
    """Blank the personal fields of these stored dossiers and remember them as erased; returns how many.

    Runs in the caller's transaction. The content digest is reset, so that the next import of the same
    dossier rewrites it (already erased by `erase_on_import`) instead of keeping a digest of the values.
    """
    numbers = sorted({int(n) for n in numbers})
    if not numbers:
        return 0
    positions = _layout_positions(conn)
    done = set(conn.scalars(select(personal_data_erasure.c.dossier_number)))
    stmt = (
        update(S.dossier)
        .where(S.dossier.c.number == bindparam("b_number"))
        .values(raw=bindparam("b_raw"), content_hash=0)
    )
    erased = 0
    for start in range(0, len(numbers), _BATCH):
        batch = numbers[start : start + _BATCH]
        rows = conn.execute(
            select(S.dossier.c.number, S.dossier.c.layout_id, S.dossier.c.raw).where(
                S.dossier.c.number.in_(batch)
            )
        ).all()
        if not rows:
            continue
        conn.execute(
            stmt,
            [{"b_number": r.number, "b_raw": erase_raw(r.raw, positions.get(r.layout_id, []))} for r in rows],
        )
        new = [r.number for r in rows if r.number not in done]
        if new:
            now = _now()
            conn.execute(
                insert(personal_data_erasure),
                [
                    {"dossier_number": n, "erased_at": now, "reason": reason, "acted_by": by[:200]}
                    for n in new
                ],
            )
        erased += len(rows)
    return erased


def erase_on_import(conn: Connection, parsed) -> None:
    """Import hook: before a parsed export is written, blank (in place) the personal fields of the
    dossiers already erased, and, once a purge has run, of the dossiers past its cut-off (decided, else
    deposited, before it; laureates excepted); say so in the import's warnings."""
    frame = parsed.dossiers
    if frame.empty:
        return
    erased = set(conn.scalars(select(personal_data_erasure.c.dossier_number)))
    again = frame["number"].astype("int64").isin(erased).to_numpy(dtype=bool)
    past = np.zeros(len(frame), dtype=bool)
    cutoff = last_purge_cutoff(conn)
    if cutoff is not None:
        reference = frame["processed_at"].fillna(frame["deposited_at"])
        laureates = _laureate_numbers(conn)
        past = (reference < cutoff.tz_localize("UTC")) & frame["stage"].ne("laureat")
        past &= ~frame["number"].astype("int64").isin(laureates)
        past = past.to_numpy(dtype=bool, na_value=False) & ~again
    mask = again | past
    if not mask.any():
        return
    positions = personal_positions(parsed.headers)
    raw = frame["raw"].astype(object)
    raw[mask] = [erase_raw(value, positions) for value in raw[mask]]
    parsed.dossiers = frame.assign(raw=pd.Series(raw, index=frame.index, dtype="str"))
    if again.any():
        parsed.warnings.append(L.STORE_RETENTION["already_erased"].format(count=int(again.sum())))
    if past.any():
        now = _now()
        numbers = frame["number"].astype("int64")[past].tolist()
        conn.execute(
            insert(personal_data_erasure),
            [
                {"dossier_number": n, "erased_at": now, "reason": RETENTION, "acted_by": "import"}
                for n in numbers
            ],
        )
        parsed.warnings.append(L.STORE_RETENTION["past_cutoff"].format(count=len(numbers), cutoff=cutoff))


def _laureate_numbers(conn: Connection) -> set[int]:

    return set(conn.scalars(select(laureate.c.dossier_number).where(laureate.c.dossier_number.is_not(None))))


def last_purge_cutoff(conn: Connection) -> pd.Timestamp | None:
    """The cut-off of the latest purge (naive UTC midnight), from its audit row; None before any."""
    detail = conn.scalar(
        select(S.audit.c.detail)
        .where(S.audit.c.action == PURGE_ACTION)
        .order_by(S.audit.c.id.desc())
        .limit(1)
    )
    try:
        return pd.Timestamp(json.loads(detail)["cutoff"]) if detail else None
    except (ValueError, KeyError, TypeError):
        return None


# ---------------------------------------------------------------------------------------------------
# The retention purge


@dataclass
class PurgeResult:
    """What a purge erased (or would erase, with `dry_run`): counts per season, the oldest date."""

    months: int
    cutoff: date
    dry_run: bool
    per_season: dict[str, int] = field(default_factory=dict)
    oldest: date | None = None
    laureates_kept: int = 0
    erased: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.per_season.values())

    def summary(self) -> str:
        """The French report of the command and the app."""
        head = L.STORE_RETENTION["head"].format(cutoff=self.cutoff, months=self.months)
        if not self.total:
            lines = [L.STORE_RETENTION["nothing"].format(head=head)]
        else:
            lines = [L.STORE_RETENTION["list"].format(head=head)]
            lines += [
                L.STORE_RETENTION["season"].format(season=s, count=n)
                for s, n in sorted(self.per_season.items())
            ]
            lines.append(L.STORE_RETENTION["total"].format(total=self.total, oldest=self.oldest))
        if self.laureates_kept:
            lines.append(
                L.STORE_RETENTION["laureates_kept"].format(count=self.laureates_kept, months=self.months)
            )
        if self.dry_run:
            lines.append(L.STORE_RETENTION["dry_run"])
        elif self.total:
            lines.append(L.STORE_RETENTION["erased"].format(count=self.erased))
        return "\n".join([*lines, *self.warnings])


def cutoff_for(months: int, now: datetime | None = None) -> pd.Timestamp:
    """The moment `months` months before now (naive UTC, like the store's date-times)."""
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= _MAX_MONTHS:
        raise AicError(L.STORE_RETENTION["bad_months"].format(months=months, max=_MAX_MONTHS))
    moment = pd.Timestamp(now if now is not None else _now())
    if moment.tzinfo is not None:
        moment = moment.tz_convert("UTC").tz_localize(None)
    return moment - pd.DateOffset(months=months)


def _candidates(conn: Connection, cutoff: pd.Timestamp) -> tuple[pd.DataFrame, int]:
    """Dossiers past the retention period and not erased yet; and how many laureates are kept."""

    erased = select(personal_data_erasure.c.dossier_number)
    d = S.dossier.c
    frame = pd.DataFrame(
        conn.execute(
            select(d.number, d.season, d.stage, d.deposited_at, d.processed_at).where(d.number.not_in(erased))
        ).all(),
        columns=["number", "season", "stage", "deposited_at", "processed_at"],
    )
    ends = pd.DataFrame(
        conn.execute(
            select(laureate.c.dossier_number, func.max(support_period.c.end_date))
            .join(support_period, support_period.c.laureate_id == laureate.c.id)
            .where(laureate.c.dossier_number.is_not(None))
            .group_by(laureate.c.dossier_number)
        ).all(),
        columns=["number", "support_end"],
    )
    reference = pd.to_datetime(frame["processed_at"]).fillna(pd.to_datetime(frame["deposited_at"]))
    support_end = frame["number"].map(ends.set_index("number")["support_end"]) if len(ends) else None
    if support_end is not None:
        # A laureate is kept until MONTHS after the end of its last support period (the day after it).
        end = pd.to_datetime(support_end) + pd.Timedelta(days=1)
        reference = end.where(end.notna(), reference)
    past = reference < cutoff
    laureate_rows = frame["stage"].eq("laureat")
    if support_end is not None:
        laureate_rows = laureate_rows | support_end.notna()
    kept = int((laureate_rows & ~past).sum())
    return frame.assign(reference=reference)[past.to_numpy()], kept


def purge(
    engine: Engine, months: int, user: str, *, dry_run: bool = False, now: datetime | None = None
) -> PurgeResult:
    """Erase the personal data of the dossiers decided (else deposited) more than `months` ago, except
    laureates, kept until `months` after the end of their last support period.

    One transaction (taking the import lock) with its audit row, which holds counts and the cut-off,
    never an erased value; then the file is compacted so no copy of the values is left. `dry_run`
    changes nothing.
    """
    cutoff = cutoff_for(months, now)
    upgrade(engine)

    result = PurgeResult(months, cutoff.date(), dry_run)

    def plan(conn: Connection) -> pd.DataFrame:
        targets, result.laureates_kept = _candidates(conn, cutoff)
        seasons = targets["season"].astype(object).where(targets["season"].notna(), "—")
        result.per_season = {str(s): int(n) for s, n in seasons.value_counts().items()}
        if len(targets):
            result.oldest = targets["reference"].min().date()
        return targets

    if dry_run:
        with engine.connect() as conn:
            plan(conn)
        return result
    with engine.begin() as conn:
        lock_imports(conn)
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA secure_delete=ON")  # freed pages are zeroed, not left as is
        targets = plan(conn)
        result.erased = erase_stored(conn, targets["number"].tolist(), RETENTION, user)
        audit.record(
            conn,
            user,
            PURGE_ACTION,
            "conservation:" + L.STORE_RETENTION["audit_months"].format(months=months),
            {
                "months": months,
                "cutoff": result.cutoff.isoformat(),
                "dossiers": result.erased,
                "per_season": result.per_season,
                "laureates_kept": result.laureates_kept,
            },
        )
        if sqlite:
            conn.exec_driver_sql("PRAGMA secure_delete=OFF")
    result.warnings += compact(engine)
    return result


def compact(engine: Engine, tables: tuple[str, ...] = ("dossier",)) -> list[str]:
    """Leave no copy of erased values in the database files; returns French warnings (none when done).

    SQLite: VACUUM rebuilds the file, then the WAL is checkpointed and truncated (retried while the app
    is reading). PostgreSQL: VACUUM (FULL) rewrites the tables.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for name in tables:
                conn.exec_driver_sql(f"VACUUM (FULL, ANALYZE) {name}")
        return []
    if engine.dialect.name != "sqlite":
        return []
    raw = engine.raw_connection()
    try:
        sqlite = raw.driver_connection
        sqlite.execute("PRAGMA secure_delete=ON")
        sqlite.execute("VACUUM")
        for _ in range(20):
            busy, _log, _done = sqlite.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy:
                return []
            time.sleep(0.5)
        return [L.STORE_RETENTION["wal_kept"]]
    finally:
        raw.close()


# ---------------------------------------------------------------------------------------------------
# Dossiers deleted on démarches-simplifiées


def erase_deleted(conn: Connection, demarche: int, by: str | None) -> int:
    """Sync hook: erase the personal data of this démarche's dossiers the platform reported deleted and
    not erased yet (in the sync's transaction, with an audit row of the count); returns how many."""

    deleted = sync_deleted_dossier
    numbers = list(
        conn.scalars(
            select(deleted.c.dossier_number)
            .join(S.dossier, S.dossier.c.number == deleted.c.dossier_number)
            .where(deleted.c.demarche == demarche)
            .where(deleted.c.dossier_number.not_in(select(personal_data_erasure.c.dossier_number)))
        )
    )
    if not numbers:
        return 0
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA secure_delete=ON")
    erased = erase_stored(conn, numbers, DELETED_ON_DS, audit.current_user(by))
    audit.record(conn, by, DELETED_ACTION, f"demarche:{demarche}", {"dossiers": erased})
    return erased


def deleted_on_ds(engine: Engine) -> set[int]:
    """Numbers of the dossiers the platform reported deleted (« supprimé sur démarches-simplifiées »)."""

    with engine.connect() as conn:
        return set(conn.scalars(select(sync_deleted_dossier.c.dossier_number)))


def erasure_of(engine: Engine, number: int) -> tuple[str, datetime | None] | None:
    """(reason, when erased, Europe/Paris) when this dossier's personal data was erased, or
    (DELETED_ON_DS, …) when the platform reported it deleted; None otherwise."""
    from aic_dash.store.db import has_schema

    if not has_schema(engine):
        return None
    upgrade(engine)
    erasure = personal_data_erasure
    with engine.connect() as conn:
        row = conn.execute(
            select(erasure.c.reason, erasure.c.erased_at).where(erasure.c.dossier_number == int(number))
        ).first()
        deleted = conn.scalar(
            select(func.count()).where(sync_deleted_dossier.c.dossier_number == int(number))
        )
    when = None
    if row is not None:
        when = pd.Timestamp(row.erased_at).tz_localize("UTC").tz_convert(TIMEZONE).to_pydatetime()
    if deleted:
        return DELETED_ON_DS, when
    return (row.reason, when) if row is not None else None
