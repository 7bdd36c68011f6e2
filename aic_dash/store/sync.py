"""Synchronise a démarche from the démarches-simplifiées API into the store, in one transaction.

The dossiers go through the same normalisation and upsert as an export file (`parse_dossiers`,
`write_dossiers`), so a dossier's stage, track, season and round do not depend on where it came from.
Each successful sync records where it got to (`sync_state`); the next one asks only for the dossiers
updated since then, unless `full`. Nothing is written until every page has arrived: an interrupted
sync leaves the database as it was, and the next run starts again from the same point.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Engine,
    insert,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from aic_dash import labels as L
from aic_dash.codes import SOURCE_API
from aic_dash.config import Settings
from aic_dash.errors import ImportRejected
from aic_dash.ingest.dossiers import parse_dossiers
from aic_dash.ingest.ds_api import (
    DEFAULT_ENDPOINT,
    DsApiError,
    DsClient,
    dossiers_table,
)
from aic_dash.store.db import upgrade
from aic_dash.store.import_runs import (
    ImportResult,
    ignored_text,
    record_rejection,
    run_base,
    running,
    storage_failure,
)
from aic_dash.store.imports import Progress, sync_calendar, write_dossiers
from aic_dash.store.retention import compact, erase_deleted
from aic_dash.store.schema import sync_deleted_dossier, sync_state

# Asked again at the next sync: covers a clock difference with the platform and dossiers changed while
# this sync was paging (fetching a dossier twice costs nothing: it comes back "unchanged").
OVERLAP = timedelta(minutes=10)


@dataclass
class SyncResult(ImportResult):
    """What one sync did; `error` is the French message when it failed (nothing was written then)."""

    demarche: int = 0
    title: str = ""
    full: bool = True
    updated_since: datetime | None = None
    pages: int = 0
    deleted: int = 0
    bytes_received: int = 0
    waited_s: float = 0.0
    duration_s: float = 0.0

    def summary(self) -> str:
        if not self.ok:
            return self.error
        scope = (
            L.STORE_SYNC["scope_full"]
            if self.updated_since is None
            else L.STORE_SYNC["scope_since"].format(when=_paris(self.updated_since))
        )
        text = L.STORE_SYNC["summary"].format(
            demarche=self.demarche,
            scope=scope,
            pages=self.pages,
            rows=self.rows,
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
        )
        if self.deleted:
            text += L.STORE_SYNC["summary_deleted"].format(count=self.deleted)
        text += L.STORE_SYNC["summary_duration"].format(seconds=self.duration_s).replace(".", ",")
        if self.warnings:
            text += " ; " + " ".join(self.warnings)
        return text


def _paris(moment: datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo("Europe/Paris")).strftime(L.STORE_SYNC["date_format"])


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def run_name(demarche: int) -> str:
    """The import history's name for a sync of this démarche."""
    return L.STORE_SYNC["run_name"].format(demarche=demarche)


def last_sync(engine: Engine, demarche: int | None = None) -> dict | None:
    """The sync state of a démarche (or of the latest synced one): demarche, updated_since, synced_at…"""
    upgrade(engine)
    stmt = select(sync_state)
    stmt = (
        stmt.where(sync_state.c.demarche == demarche)
        if demarche is not None
        else stmt.order_by(sync_state.c.synced_at.desc()).limit(1)
    )
    with engine.connect() as conn:
        row = conn.execute(stmt).mappings().first()
    return dict(row) if row else None


_COLUMN_LETTER = re.compile(r" \([A-Z]+\)$")  # "Label (AB)" -> "Label": no column letters in the API


def _rejected_message(exc: ImportRejected, demarche: int, numbers: list[int]) -> str:
    """The parser's message, located by dossier number and field instead of file row and column."""
    where = [L.STORE_SYNC["where_demarche"].format(demarche=demarche)]
    if exc.row is not None and 0 <= exc.row - 2 < len(numbers):
        where.append(L.STORE_SYNC["where_dossier"].format(number=numbers[exc.row - 2]))
    if exc.column:
        where.append(L.STORE_SYNC["where_field"].format(field=_COLUMN_LETTER.sub("", exc.column)))
    detail = exc.detail.replace(L.STORE_SYNC["export_again"], L.STORE_SYNC["sync_again"])
    return L.STORE_SYNC["located"].format(where=", ".join(where), detail=detail)


def sync_demarche(
    engine: Engine,
    settings: Settings,
    demarche: int,
    endpoint: str | None = None,
    token: str | None = None,
    *,
    full: bool = False,
    sleep: Callable[[float], None] = time.sleep,
    progress: Progress | None = None,
    user: str | None = None,
) -> SyncResult:
    """Fetch the démarche's dossiers (updated since the last sync, or all with `full`) and upsert them.

    Never raises for an API or data problem: see `.ok` and `.error` (French, without the token). The
    sync is recorded in the import history (source "API") whether it succeeded or not.
    """
    upgrade(engine)
    endpoint = endpoint or DEFAULT_ENDPOINT
    started = time.monotonic()
    name = run_name(demarche)
    result = SyncResult(name, False, demarche=demarche, full=full)
    base = run_base("dossiers", name, user=user, source=SOURCE_API)
    state = None if full else last_sync(engine, demarche)
    since = state["updated_since"].replace(tzinfo=UTC) if state else None
    result.updated_since = since
    asked_at = datetime.now(UTC)

    def fail(message: str) -> SyncResult:
        result.error = message
        result.duration_s = time.monotonic() - started
        result.import_id = record_rejection(engine, base, message)
        return result

    client = None
    try:
        client = DsClient(endpoint, token or "", sleep=sleep)
        if progress:
            progress(L.STORE_PROGRESS["connecting"], 0.0)
        info = client.demarche(demarche)
        result.title = str(info.get("title") or "")
        nodes: dict[int, dict] = {}
        for page in client.dossier_pages(demarche, since):
            result.pages += 1
            for node in page.nodes:
                # A dossier changed while paging may come twice: the later copy is the newer one.
                nodes[int(node.get("number", 0))] = node
            if progress:
                step = L.STORE_PROGRESS["downloading"].format(pages=result.pages, count=len(nodes))
                progress(step, result.pages / (result.pages + 1))
        deleted = client.deleted_dossiers(demarche, since)
    except DsApiError as exc:
        if client is not None:
            result.waited_s = sum(client.waits)
        return fail(L.STORE_SYNC["failed"].format(demarche=demarche, reason=exc))
    result.waited_s = sum(client.waits)
    result.bytes_received = base["size_bytes"] = client.bytes_received
    scope = (
        L.STORE_SYNC["detected_full"]
        if since is None
        else L.STORE_SYNC["detected_since"].format(when=_paris(since))
    )
    base["detected"] = L.STORE_SYNC["detected"].format(
        pages=result.pages, requests=client.requests, scope=scope
    )

    parsed = None
    if nodes:
        ordered = list(nodes.values())
        try:
            if progress:
                progress(L.STORE_PROGRESS["checking"], 0.0)
            parsed = parse_dossiers(dossiers_table(ordered, settings.timezone, info), settings)
        except ImportRejected as exc:
            return fail(_rejected_message(exc, demarche, [int(n["number"]) for n in ordered]))
        result.rows = len(parsed.dossiers)
        result.outside_rounds = parsed.outside_rounds
        result.warnings = list(parsed.warnings)
    try:
        with running(engine, base) as run:  # a file import and a sync take turns
            conn, run_id = run.conn, run.id
            sync_calendar(conn, settings)
            if parsed is not None:
                counts = write_dossiers(conn, parsed, run_id, progress)
                result.created, result.updated, result.unchanged, result.ignored = counts
                if counts.ignored:
                    result.warnings.insert(0, ignored_text(counts.ignored) + ".")
            gone = _record_deleted(conn, demarche, deleted, run_id)
            erased = erase_deleted(conn, demarche, user)  # their personal data goes (store/retention.py)
            result.deleted = len(gone)
            if gone:
                shown = ", ".join(map(str, gone[:10])) + ("…" if len(gone) > 10 else "")
                result.warnings.append(L.STORE_SYNC["deleted"].format(count=len(gone), numbers=shown))
            _save_state(conn, demarche, asked_at - OVERLAP, run_id, endpoint)
            result.duration_s = time.monotonic() - started
            run.finish(
                rows=result.rows,
                created=result.created,
                updated=result.updated,
                unchanged=result.unchanged,
                ignored=result.ignored,
                outside_rounds=result.outside_rounds,
                message=" ".join(
                    [
                        *result.warnings,
                        L.STORE_SYNC["duration"].format(seconds=result.duration_s).replace(".", ",", 1),
                    ]
                ),
            )
    except SQLAlchemyError as exc:
        return fail(storage_failure(L.STORE_SYNC["sync"].format(demarche=demarche), exc))
    if erased:
        result.warnings += compact(engine)
    result.ok = True
    result.import_id = run_id
    result.detected = base["detected"]
    return result


def _save_state(conn, demarche: int, since: datetime, run_id: int, endpoint: str) -> None:
    values = {
        "updated_since": since.astimezone(UTC).replace(tzinfo=None),
        "synced_at": _now(),
        "last_run_id": run_id,
        "endpoint": endpoint[:500],
    }
    found = conn.execute(update(sync_state).where(sync_state.c.demarche == demarche).values(values))
    if not found.rowcount:
        conn.execute(insert(sync_state).values(demarche=demarche, **values))


def _deleted_at(value: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else None


def _record_deleted(conn, demarche: int, deleted: list[dict], run_id: int) -> list[int]:
    """Store the deleted dossiers not stored yet and return their numbers (new since the last sync)."""
    by_number: dict[int, dict] = {}
    for node in deleted:
        try:
            by_number[int(node.get("number"))] = node
        except (TypeError, ValueError):
            continue
    table = sync_deleted_dossier
    stored = set(conn.scalars(select(table.c.dossier_number).where(table.c.demarche == demarche)))
    rows = [
        {
            "demarche": demarche,
            "dossier_number": number,
            "deleted_at": _deleted_at(node.get("dateSupression")),
            "state": str(node.get("state") or "")[:20] or None,
            "reason": str(node.get("reason") or "")[:100] or None,
            "import_id": run_id,
        }
        for number, node in sorted(by_number.items())
        if number not in stored
    ]
    if rows:
        conn.execute(insert(table), rows)
    return [row["dossier_number"] for row in rows]
