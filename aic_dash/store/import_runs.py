"""One import run: how every file and every sync enters the store, whatever it holds.

The dossier export, the jury grid, the follow-up file and the API sync all
- describe what they import with `run_base` (kind, source, file name, size, SHA-256, who);
- write inside `running(engine, base)`: one transaction that first takes the import lock (writers queue,
  none fails half-way), records the run « en cours », and on `finish` records its counts « importé »;
- report what they did with an `ImportResult` (or a subclass counting what the run imports);
- record a refusal with `record_rejection` (outside any transaction: the data stays as it was, the
  history keeps the file and its French message), with `storage_failure` as the message when the
  database itself refused the write.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, insert, text, update
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from aic_dash import labels as L
from aic_dash.codes import IMPORTED, REJECTED, RUNNING, SOURCE_FILE
from aic_dash.store import schema as S
from aic_dash.store.db import SQLITE_BUSY_TIMEOUT_S

# PostgreSQL advisory-lock key of the writers of imported data ("AICIMPRT" in ASCII).
IMPORT_LOCK_KEY = 0x414943494D505254


def now() -> datetime:
    """Naive UTC, as every date-time in the store."""
    return datetime.now(UTC).replace(tzinfo=None)


def lock_imports(conn: Connection) -> None:
    """Make the other importers wait until this transaction ends (PostgreSQL).

    Call it first in the transaction: two imports then run one after the other, the second one
    reading what the first wrote, instead of failing on a duplicate key. SQLite needs nothing: its
    write transactions begin IMMEDIATE (aic_dash.store.db), which already queues writers.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK_KEY})


def run_base(
    kind: str,
    file_name: str,
    data: bytes | None = None,
    *,
    user: str | None = None,
    source: str = SOURCE_FILE,
) -> dict:
    """What the import history says of a run before it starts (size and SHA-256 when `data` is given)."""
    base = {
        "started_at": now(),
        "source": source,
        "kind": kind,
        "file_name": file_name[:500],
        "acted_by": user,
    }
    if data is not None:
        base.update(size_bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
    return base


def record_rejection(engine: Engine, base: dict, message: str) -> int | None:
    """List a refused run in the import history; its id, or None when the database cannot take it."""
    try:
        with engine.begin() as conn:
            values = {**base, "finished_at": now(), "outcome": REJECTED, "message": message}
            return int(conn.execute(insert(S.import_run).values(values)).inserted_primary_key[0])
    except SQLAlchemyError:
        return None


def storage_failure(what: str, exc: SQLAlchemyError) -> str:
    """The French message of a write the database refused; `what` is « Fichier « x.csv » » or similar."""
    if isinstance(exc, OperationalError) and "database is locked" in str(exc.orig):
        return L.STORE_IMPORT_RUNS["busy"].format(what=what, seconds=SQLITE_BUSY_TIMEOUT_S)
    return L.STORE_IMPORT_RUNS["storage_failed"].format(what=what, error=type(exc).__name__)


def refuse_stored(engine: Engine, base: dict, result: ImportResult, exc: SQLAlchemyError) -> ImportResult:
    """`result`, refused because the database refused its write (`storage_failure`), listed as refused in
    the import history."""
    result.ok = False
    result.error = storage_failure(L.STORE_IMPORT_RUNS["file"].format(name=result.file_name), exc)
    result.import_id = record_rejection(engine, base, result.error)
    return result


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
    ignored: int = 0  # rows older than the stored dossier: left alone
    outside_rounds: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    import_id: int | None = None

    def summary(self) -> str:
        if not self.ok:
            return self.error
        text = L.STORE_IMPORT_RUNS["summary"].format(
            file_name=self.file_name,
            rows=self.rows,
            detected=self.detected,
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
        )
        if self.ignored:
            text += f", {ignored_text(self.ignored)}"
        if self.warnings:
            text += " ; " + " ".join(self.warnings)
        return text


def ignored_text(count: int) -> str:
    """« 2 ignoré(s) : plus ancien(s) que la base », the words of the result, the history and the app."""
    return L.STORE_IMPORT_RUNS["ignored"].format(count=count)


@dataclass
class Run:
    """A run in progress: its transaction and its id in the import history."""

    conn: Connection
    id: int

    def finish(self, **counts: object) -> None:
        """Record the run as imported, with its counts (rows, created, updated, unchanged, message…)."""
        values = {**counts, "finished_at": now(), "outcome": IMPORTED}
        self.conn.execute(update(S.import_run).where(S.import_run.c.id == self.id).values(values))


@contextlib.contextmanager
def running(engine: Engine, base: dict) -> Iterator[Run]:
    """One transaction for one run: the import lock first, then the run « en cours » in the history.

    Everything written inside commits together with the run's line, or nothing does.
    """
    with engine.begin() as conn:
        lock_imports(conn)
        values = {**base, "outcome": RUNNING}
        run_id = int(conn.execute(insert(S.import_run).values(values)).inserted_primary_key[0])
        yield Run(conn, run_id)
