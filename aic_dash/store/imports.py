"""Import one export file into the store: read, validate, upsert — all in one transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, Engine, bindparam, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from aic_dash.config import Settings
from aic_dash.errors import AicError, ImportRejected
from aic_dash.ingest.dossiers import DATE_COLUMNS, ParsedExport, parse_dossiers
from aic_dash.ingest.readers import read_table
from aic_dash.store import schema as S
from aic_dash.store.db import upgrade

Progress = Callable[[str, float], None]


@dataclass
class ImportResult:
    """What one file's import did; `error` is the French message when it was rejected."""

    file_name: str
    ok: bool
    detected: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    outside_rounds: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    import_id: int | None = None

    def summary(self) -> str:
        if not self.ok:
            return self.error
        text = (
            f"{self.file_name} : {self.rows} dossier(s) lu(s) ({self.detected}) — "
            f"{self.created} créé(s), {self.updated} mis à jour, {self.unchanged} inchangé(s)"
        )
        if self.warnings:
            text += " ; " + " ".join(self.warnings)
        return text


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def sync_calendar(conn: Connection, settings: Settings) -> None:
    """Seasons and rounds of the settings, mirrored into the database (for SQL users and reports)."""
    existing_seasons = set(conn.scalars(select(S.season.c.id)))
    existing_rounds = set(conn.scalars(select(S.round_.c.id)))
    for s in settings.seasons:
        values = {"label": s.label}
        if s.id in existing_seasons:
            conn.execute(update(S.season).where(S.season.c.id == s.id).values(values))
        else:
            conn.execute(insert(S.season).values(id=s.id, **values))
        for r in s.rounds:
            values = {
                "season_id": s.id,
                "label": r.label,
                "opens_at": r.opens.astimezone(UTC).replace(tzinfo=None),
                "closes_at": r.closes.astimezone(UTC).replace(tzinfo=None),
            }
            if r.id in existing_rounds:
                conn.execute(update(S.round_).where(S.round_.c.id == r.id).values(values))
            else:
                conn.execute(insert(S.round_).values(id=r.id, **values))


def _layout_id(conn: Connection, headers: list[str]) -> int:
    text = json.dumps(headers, ensure_ascii=False)
    digest = hashlib.sha256(text.encode()).hexdigest()
    found = conn.scalar(select(S.export_layout.c.id).where(S.export_layout.c.digest == digest))
    if found is not None:
        return int(found)
    return int(
        conn.execute(insert(S.export_layout).values(digest=digest, headers=text)).inserted_primary_key[0]
    )


def _records(frame: pd.DataFrame) -> list[dict]:
    """Frame -> list of dicts with None for missing values and naive UTC datetimes."""
    cols = {}
    for name in frame.columns:
        s = frame[name]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            s = s.dt.tz_convert(None)
        cols[name] = s.astype(object).where(s.notna(), None)
    return pd.DataFrame(cols).to_dict("records")


def write_dossiers(
    conn: Connection, parsed: ParsedExport, import_id: int, progress: Progress | None = None
) -> tuple[int, int, int]:
    """Upsert the parsed dossiers on their number; return (created, updated, unchanged)."""
    frame = parsed.dossiers.assign(layout_id=_layout_id(conn, parsed.headers))
    frame = frame.assign(content_hash=pd.util.hash_pandas_object(frame, index=False).astype("int64"))
    existing = pd.DataFrame(
        conn.execute(select(S.dossier.c.number, S.dossier.c.content_hash, S.dossier.c.stage)).all(),
        columns=["number", "old_hash", "previous_stage"],
    )
    merged = frame.merge(existing, on="number", how="left", validate="one_to_one")
    is_new = merged["old_hash"].isna()
    is_changed = ~is_new & (merged["old_hash"] != merged["content_hash"])
    new = frame[is_new.to_numpy()].assign(first_import_id=import_id, last_import_id=import_id)
    changed = frame[is_changed.to_numpy()].assign(last_import_id=import_id)
    if progress:
        progress("écriture", 0.0)
    if len(new):
        conn.execute(insert(S.dossier), _records(new))
    if progress:
        progress("écriture", 0.5)
    if len(changed):
        columns = [c for c in changed.columns if c != "number"]
        stmt = (
            update(S.dossier)
            .where(S.dossier.c.number == bindparam("b_number"))
            .values({c: bindparam(c) for c in columns})
        )
        conn.execute(stmt, _records(changed.rename(columns={"number": "b_number"})))
    history = pd.concat(
        [
            merged.loc[is_new, ["number", "stage"]].assign(change="cree", previous_stage=None),
            merged.loc[is_changed, ["number", "stage", "previous_stage"]].assign(change="modifie"),
        ]
    ).assign(import_id=import_id)
    if len(history):
        conn.execute(insert(S.dossier_change), _records(history))
    if progress:
        progress("écriture", 1.0)
    return int(is_new.sum()), int(is_changed.sum()), int((~is_new & ~is_changed).sum())


def _record_rejection(engine: Engine, base: dict, message: str) -> int | None:
    try:
        with engine.begin() as conn:
            return int(
                conn.execute(
                    insert(S.import_run).values(**base, finished_at=_now(), outcome="rejete", message=message)
                ).inserted_primary_key[0]
            )
    except SQLAlchemyError:
        return None


def import_export(
    engine: Engine,
    settings: Settings,
    data: bytes,
    file_name: str,
    *,
    user: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one démarches-simplifiées export (bytes). Never raises for bad input: see `.error`."""
    upgrade(engine)
    base = {
        "started_at": _now(),
        "source": "fichier",
        "kind": "dossiers",
        "file_name": file_name,
        "size_bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "user_name": user,
    }
    try:
        if progress:
            progress("lecture", 0.0)
        table = read_table(data)
        base["detected"] = table.describe()
        if progress:
            progress("vérification", 0.0)
        parsed = parse_dossiers(table, settings)
    except ImportRejected as exc:
        message = str(exc.with_file(file_name))
        run_id = _record_rejection(engine, base, message)
        return ImportResult(file_name, False, base.get("detected", ""), error=message, import_id=run_id)

    result = ImportResult(
        file_name,
        True,
        base["detected"],
        rows=len(parsed.dossiers),
        outside_rounds=parsed.outside_rounds,
        warnings=parsed.warnings,
    )
    try:
        with engine.begin() as conn:
            sync_calendar(conn, settings)
            run_id = int(
                conn.execute(insert(S.import_run).values(**base, outcome="en_cours")).inserted_primary_key[0]
            )
            created, updated, unchanged = write_dossiers(conn, parsed, run_id, progress)
            conn.execute(
                update(S.import_run)
                .where(S.import_run.c.id == run_id)
                .values(
                    finished_at=_now(),
                    rows=result.rows,
                    created=created,
                    updated=updated,
                    unchanged=unchanged,
                    outside_rounds=parsed.outside_rounds,
                    outcome="importe",
                    message=" ".join(parsed.warnings) or None,
                )
            )
    except SQLAlchemyError as exc:
        message = (
            f"Fichier « {file_name} » : l'enregistrement en base a échoué ({type(exc).__name__}) ; "
            "rien n'a été modifié. Réessayez ; si l'erreur revient, signalez-la avec ce message."
        )
        result.ok, result.error = False, message
        result.import_id = _record_rejection(engine, base, message)
        return result
    result.created, result.updated, result.unchanged, result.import_id = (
        created,
        updated,
        unchanged,
        run_id,
    )
    return result


def import_path(engine: Engine, settings: Settings, path: str, **kwargs) -> ImportResult:
    """Read a file from disk and import it; a missing or unreadable file is a rejection too."""
    from pathlib import Path

    name = Path(path).name
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return ImportResult(
            name,
            False,
            error=f"Fichier « {path} » : impossible de le lire ({exc.strerror}). Vérifiez le chemin.",
        )
    return import_export(engine, settings, data, name, **kwargs)


__all__ = ["DATE_COLUMNS", "AicError", "ImportResult", "import_export", "import_path"]
