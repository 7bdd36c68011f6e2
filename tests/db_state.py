"""The state of a database (every row of every table, the audit trail) and imports run in their own process.

For the tests of what a crash, a refused file or a concurrent import leaves behind.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from aic_dash.store.audit import audit_log
from tests.conftest import ROOT

# Logs that a refused import writes to on purpose: the import history (and the audit trail).
LOG_TABLES = frozenset({"import_run", "audit", "alembic_version"})


def dump(engine: Engine, *, skip: frozenset[str] | set[str] = LOG_TABLES) -> dict[str, list]:
    """{table: sorted rows} for every table in the database except `skip`."""
    names = sorted(set(inspect(engine).get_table_names()) - set(skip))
    with engine.connect() as conn:
        return {
            t: sorted(map(tuple, conn.execute(text(f'SELECT * FROM "{t}"')).all()), key=repr) for t in names
        }


def import_process(path: Path, url: str) -> subprocess.Popen:
    """`python -m aic_dash import PATH --db URL` in its own process, as a manager would run it."""
    return subprocess.Popen(
        [sys.executable, "-m", "aic_dash", "import", str(path), "--db", url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_until_writing(process: subprocess.Popen, engine: Engine, timeout: float = 180) -> None:
    """Return once `process` is writing dossiers inside its import transaction (not yet committed).

    SQLite: the write-ahead log has grown by more than 1 MiB (pages spilled by the open transaction).
    PostgreSQL: another session of this database holds a transaction id and is running COPY into
    `dossier`. Fails if the process ends first.
    """
    if engine.dialect.name == "sqlite":
        wal = Path(f"{engine.url.database}-wal")
        start = wal.stat().st_size if wal.exists() else 0

        def writing() -> bool:
            return wal.exists() and wal.stat().st_size > start + (1 << 20)
    else:
        probe = text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL AND query LIKE 'COPY dossier %'"
        )

        def writing() -> bool:
            with engine.connect() as conn:
                return bool(conn.scalar(probe))

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out, err = process.communicate()
            raise AssertionError(f"the import ended before it was seen writing:\n{out}\n{err}")
        if writing():
            return
        time.sleep(0.01)
    process.kill()
    raise AssertionError("the import was not seen writing in time")


def audit_rows(engine: Engine, action: str) -> list[dict]:
    """The audit trail's rows of one action, oldest first: user, target and the detail's keys."""
    log = audit_log(engine, action)
    return [
        {"user": r.acted_by, "target": r.target, **json.loads(r.detail)}
        for r in log.sort_values("id").itertuples()
    ]
