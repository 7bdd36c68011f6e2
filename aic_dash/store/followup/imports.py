"""Import of a filled follow-up template (milestones, measurements or funding), all or nothing, through the
import lock and history like every file that enters the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, Table, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from aic_dash import labels as L
from aic_dash.config import Settings
from aic_dash.errors import ImportRejected
from aic_dash.ingest.followup import DEFAULT_STATUS, ParsedFollowup, parse_followup
from aic_dash.ingest.labels import normalize_label
from aic_dash.ingest.readers import MAX_FILE_BYTES, read_table
from aic_dash.store.db import upgrade
from aic_dash.store.followup.add import _indicator_id, add_funding, add_indicator, sync_laureates
from aic_dash.store.followup.common import IMPORT_KIND, _log, _now, _user
from aic_dash.store.import_runs import ImportResult, record_rejection, run_base, running, storage_failure
from aic_dash.store.schema import funding, indicator, indicator_measurement, laureate, milestone

# --- Import of a follow-up file -----------------------------------------------------------------------


@dataclass
class FollowupImportResult(ImportResult):
    """An ImportResult whose counts are follow-up rows (milestones, measurements or funding tranches)."""

    kind: str = ""

    def summary(self) -> str:
        if not self.ok:
            return self.error
        what = L.FOLLOWUP_KINDS.get(self.kind, L.FOLLOWUP_STORE["rows"])
        return L.FOLLOWUP_STORE["import_summary"].format(
            file_name=self.file_name, rows=self.rows, what=what, detected=self.detected,
            created=self.created, updated=self.updated, unchanged=self.unchanged,
        )  # fmt: skip


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
                L.FOLLOWUP_STORE["homonyms"].format(text=text, seasons=seasons),
                row=row,
                column=self.header,
            )
        hint = ", ".join(self.names[:8]) + (" …" if len(self.names) > 8 else "")
        where = L.FOLLOWUP_STORE["in_season"].format(season=season) if season else ""
        raise ImportRejected(
            L.FOLLOWUP_STORE["unknown_laureate"].format(
                text=text, where=where, hint=hint or L.FOLLOWUP_STORE["no_known_laureate"]
            ),
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

    def insert(self, table: Table, values: dict) -> int:
        """Insert a row stamped with who and when; its id."""
        stamped = {**values, "updated_at": self.now, "acted_by": self.who}
        return self.conn.execute(insert(table).values(stamped)).inserted_primary_key[0]

    def update(
        self, table: Table, stored, wanted: dict, action: str, laureate_id: int, stamp: bool, **detail: object
    ) -> bool:
        """Write the wanted values that differ from the stored row (see `_changed`), stamped with who and
        when if `stamp`, and log the change under `action`; False when none differs."""
        diff = _changed(stored, wanted)
        if not diff:
            return False
        values = {k: v for k, (_, v) in diff.items()}
        if stamp:
            values |= {"updated_at": self.now, "acted_by": self.who}
        self.conn.execute(update(table).where(table.c.id == stored.id).values(values))
        self.log(action, laureate_id, **detail, changes=diff)
        return True

    def count(self, updated: bool) -> None:
        """Count an existing row as updated or unchanged."""
        if updated:
            self.updated += 1
        else:
            self.unchanged += 1


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
            row_id = run.insert(milestone, {"laureate_id": laureate_id, **values})
            run.log("jalon_cree", laureate_id, id=row_id, laureate=name, **values)
            run.created += 1
            continue
        detail = {"id": found.id, "laureate": name, "title": found.title}
        run.count(run.update(milestone, found, wanted, "jalon_modifie", laureate_id, True, **detail))


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
            detail = {"indicator": stored.name, "laureate": name}
            run.update(indicator, stored, described, "indicateur_modifie", laureate_id, False, **detail)
        m = indicator_measurement
        found = conn.execute(
            select(m).where(m.c.indicator_id == indicator_id, m.c.measured_on == r.measured_on)
        ).first()
        detail = {"indicator": r.indicator, "laureate": name, "measured_on": r.measured_on}
        if found is None:
            values = {"indicator_id": indicator_id, "measured_on": r.measured_on, "value": r.value}
            row_id = run.insert(m, values)
            run.log("mesure_creee", laureate_id, id=row_id, **detail, value=r.value)
            run.created += 1
        else:
            wanted = {"value": r.value}
            run.count(
                run.update(m, found, wanted, "mesure_modifiee", laureate_id, True, id=found.id, **detail)
            )


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
        detail = {"laureate": name, "tranche": r.tranche}
        run.count(run.update(funding, found, wanted, "financement_modifie", laureate_id, False, **detail))


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
            counts = {"created": run.created, "updated": run.updated, "unchanged": run.unchanged}
            import_run.finish(rows=len(parsed.rows), **counts)
    except (ImportRejected, SQLAlchemyError) as exc:
        if isinstance(exc, ImportRejected):
            message = str(exc.with_file(file_name))
        else:
            message = storage_failure(L.FOLLOWUP_STORE["file"].format(name=file_name), exc)
        run_id = record_rejection(engine, base, message)
        return FollowupImportResult(
            file_name, False, base.get("detected", ""), error=message, import_id=run_id, kind=kind
        )
    return FollowupImportResult(
        file_name, True, base["detected"], rows=len(parsed.rows), **counts, import_id=run_id, kind=kind
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
                L.FOLLOWUP_STORE["too_big"].format(
                    size=size / 1024 / 1024, limit=MAX_FILE_BYTES // 1024 // 1024
                )
            ).with_file(name)
        data = Path(path).read_bytes()
    except OSError as exc:
        return FollowupImportResult(
            name,
            False,
            error=L.FOLLOWUP_STORE["unreadable"].format(path=path, reason=exc.strerror),
        )
    except ImportRejected as exc:
        return FollowupImportResult(name, False, error=str(exc))
    return import_followup(engine, settings, data, name, user=user)
