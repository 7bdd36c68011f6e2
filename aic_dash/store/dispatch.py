"""One entry point for every file a manager imports: DS exports, jury grids, follow-up sheets.

The kind is read from the file's header row (cheaply: a large CSV export is not parsed twice), or forced
with `kind`. The command line and the app's Import page both go through here.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from aic_dash.config import Settings
from aic_dash.errors import AicError
from aic_dash.ingest.followup import followup_kind_of
from aic_dash.ingest.jury import looks_like_jury_grid, sniff_headers
from aic_dash.store import audit, origin
from aic_dash.store.db import safe_url, upgrade
from aic_dash.store.followup import import_followup
from aic_dash.store.import_runs import ImportResult
from aic_dash.store.imports import (
    Progress,
    import_export,
    import_path,
    record_refusal,
    reject_unreadable,
)
from aic_dash.store.jury import import_jury_grid

KINDS = ("dossiers", "jury", "suivi")
_HEAD_BYTES = 1 << 20
IMPORT_ACTION = "import_fichier"  # audit action of every file imported or refused
_LOG = logging.getLogger(__name__)


def record_import(engine: Engine, user: str | None, kind: str, result: ImportResult) -> None:
    """One audit row for one file, imported or refused: who, which file, what kind, the outcome.

    Written after the import's own transaction (the import history has the same facts); a database
    that cannot take it already refused the import, so a failure here is only logged.
    """
    detail = {
        "kind": kind,
        "outcome": "importe" if result.ok else "rejete",
        "import_id": result.import_id,
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
    }
    if not result.ok:
        detail["message"] = result.error[:500]
    try:
        upgrade(engine)
        audit.record(engine, user, IMPORT_ACTION, f"fichier:{result.file_name}"[:500], detail)
    except (SQLAlchemyError, AicError) as exc:
        _LOG.warning("import of %s not written to the audit trail: %s", result.file_name, type(exc).__name__)


def _refuse_into_demo(engine: Engine, file_name: str, kind: str, user: str | None) -> ImportResult | None:
    """The refusal of a file aimed at a database that holds the demo, else None."""
    try:
        if not origin.holds_demo(engine):
            return None
    except SQLAlchemyError:
        return None  # the import itself reports an unreachable database
    message = origin.demo_refusal(file_name, safe_url(str(engine.url)))
    result = ImportResult(
        file_name, False, error=message, import_id=record_refusal(engine, file_name, kind, user, message)
    )
    record_import(engine, user, kind, result)
    return result


def detect_kind(head: bytes) -> str:
    """'jury', 'suivi' or 'dossiers' (the default: the DS importer gives the precise error otherwise)."""
    headers = sniff_headers(head)
    if headers and looks_like_jury_grid(headers):
        return "jury"
    if followup_kind_of(head):
        return "suivi"
    return "dossiers"


def import_bytes(
    engine: Engine,
    settings: Settings,
    data: bytes,
    file_name: str,
    *,
    kind: str | None = None,
    user: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one uploaded file of any kind; never raises for bad input."""
    kind = kind or detect_kind(data)
    refused = _refuse_into_demo(engine, file_name, kind, user)
    if refused is not None:
        return refused
    if kind == "jury":
        result = import_jury_grid(engine, settings, data, file_name, user=user)
    elif kind == "suivi":
        result = import_followup(engine, settings, data, file_name, user=user)
    else:
        result = import_export(engine, settings, data, file_name, user=user, progress=progress)
    record_import(engine, user, kind, result)
    return result


def import_file(
    engine: Engine,
    settings: Settings,
    path: str,
    *,
    kind: str | None = None,
    user: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one file from disk of any kind; a large DS export is read once, by the DS importer."""
    if kind is None:
        try:
            with open(path, "rb") as handle:
                head = handle.read(_HEAD_BYTES)
                if head.startswith(b"PK"):  # a workbook is only readable whole
                    head += handle.read()
        except OSError:
            head = b""
        kind = detect_kind(head) if head else "dossiers"
    refused = _refuse_into_demo(engine, Path(path).name, kind, user)
    if refused is not None:
        return refused
    if kind == "dossiers":
        result = import_path(engine, settings, path, user=user, progress=progress)
        record_import(engine, user, kind, result)
        return result
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        result = reject_unreadable(engine, path, exc, kind=kind, user=user)
        record_import(engine, user, kind, result)
        return result
    return import_bytes(engine, settings, data, Path(path).name, kind=kind, user=user)
