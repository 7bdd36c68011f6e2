"""Consistent copies of the database while the app and imports run, and the daily copies of `make run`.

SQLite: the online backup API copies the last committed state in one read transaction (WAL readers never
wait for, nor see, an import in progress). PostgreSQL: `pg_dump` in its custom format, which reads one
snapshot too (restored with `pg_restore`, see docs/deploiement.md).
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from aic_dash import labels as L
from aic_dash.errors import AicError
from aic_dash.store.db import safe_url

DAILY_KEEP = 7
DAILY_AGE = timedelta(days=1)
_DAILY_SUFFIX = re.compile(r"-sauvegarde-(\d{4}-\d{2}-\d{2})\.sqlite$")


@dataclass(frozen=True)
class Backup:
    """One copy written: where, how big, and how it was made (« SQLite » or « pg_dump »)."""

    path: Path
    size_bytes: int
    method: str


def sqlite_path(engine: Engine) -> Path | None:
    """The file of an SQLite engine (None for PostgreSQL or an in-memory database)."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _partial(path: Path) -> Path:
    return path.with_name(path.name + ".partiel")


def backup(engine: Engine, path: str | Path) -> Backup:
    """Copy the database to `path` (replaced if present), consistently even while an import runs.

    The copy is written beside `path` then renamed, so `path` is never half-written. AicError (French)
    when the database or the destination cannot be read or written.
    """
    path = Path(path)
    if path.is_dir():
        raise AicError(L.STORE_BACKUP["is_folder"].format(path=path))
    if not path.parent.exists():
        raise AicError(L.STORE_BACKUP["no_folder"].format(folder=path.parent))
    source = sqlite_path(engine)
    if engine.url.get_backend_name() == "sqlite":
        if source is None or not source.exists():
            raise AicError(L.STORE_BACKUP["no_database"].format(source=source or engine.url))
        if source.resolve() == path.resolve():
            raise AicError(L.STORE_BACKUP["same_file"])
        _sqlite_backup(source, path)
        return Backup(path, path.stat().st_size, "SQLite")
    if engine.url.get_backend_name() == "postgresql":
        _pg_dump(str(engine.url.render_as_string(hide_password=False)), path)
        return Backup(path, path.stat().st_size, "pg_dump")
    raise AicError(L.STORE_BACKUP["unsupported"].format(backend=engine.url.get_backend_name()))


def _sqlite_backup(source: Path, path: Path) -> None:
    partial = _partial(path)
    partial.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(source, timeout=30)
        dest = sqlite3.connect(partial)
        try:
            src.backup(dest)  # all pages in one step: one read transaction, one committed state
            check = dest.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dest.close()
            src.close()
        if check != "ok":
            raise AicError(L.STORE_BACKUP["inconsistent"].format(source=source, check=check))
        os.replace(partial, path)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise AicError(L.STORE_BACKUP["copy_failed"].format(source=source, reason=exc)) from None
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise AicError(L.STORE_BACKUP["write_failed"].format(path=path, reason=exc.strerror)) from None


def pg_client(name: str = "pg_dump") -> str | None:
    """The newest PostgreSQL client program `name` on this machine (PATH, then Debian's folders)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version_key)
    return found[-1] if found else shutil.which(name)


def _version_key(path: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"/postgresql/(\d+)", path)) or (0,)


def libpq_env(url: str) -> tuple[str, dict[str, str]]:
    """A SQLAlchemy PostgreSQL URL -> (libpq URI without password, environment with PGPASSWORD)."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _pg_dump(url: str, path: Path) -> None:
    program = pg_client("pg_dump")
    if program is None:
        raise AicError(L.STORE_BACKUP["no_pg_dump"])
    uri, env = libpq_env(url)
    partial = _partial(path)
    command = [program, "--format=custom", "--no-password", f"--file={partial}", f"--dbname={uri}"]
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        partial.unlink(missing_ok=True)
        raise AicError(L.STORE_BACKUP["pg_dump_not_run"].format(reason=exc)) from None
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        reason = (done.stderr.strip().splitlines() or [L.STORE_BACKUP["unknown_error"]])[0][:300]
        raise AicError(L.STORE_BACKUP["pg_dump_refused"].format(url=safe_url(url), reason=reason))
    os.replace(partial, path)


# ---------------------------------------------------------------------------------------------------
# The daily copies of the embedded database (`make run`)


def daily_name(database: Path, day: date) -> Path:
    """`data/aic.sqlite` -> `data/aic-sauvegarde-2026-12-01.sqlite` (beside the database)."""
    return database.with_name(f"{database.stem}-sauvegarde-{day.isoformat()}.sqlite")


def daily_copies(database: Path) -> list[Path]:
    """The daily copies of this database, oldest first."""
    found = []
    for candidate in database.parent.glob(f"{glob.escape(database.stem)}-sauvegarde-*.sqlite"):
        match = _DAILY_SUFFIX.search(candidate.name)
        if match and candidate.name == daily_name(database, date.fromisoformat(match[1])).name:
            found.append(candidate)
    return sorted(found, key=lambda p: p.name)


def daily_backup(
    engine: Engine, keep: int = DAILY_KEEP, now: datetime | None = None
) -> tuple[Backup | None, list[Path]]:
    """Take today's copy when the newest one is older than a day, then keep the `keep` newest.

    Returns (the copy taken or None, the copies removed). SQLite only.
    """
    database = sqlite_path(engine)
    if database is None:
        raise AicError(L.STORE_BACKUP["daily_sqlite_only"])
    if not database.exists():
        return None, []
    now = now or datetime.now()
    copies = daily_copies(database)
    taken = None
    newest = copies[-1] if copies else None
    if newest is None or now - datetime.fromtimestamp(newest.stat().st_mtime) >= DAILY_AGE:
        target = daily_name(database, now.date())
        taken = backup(engine, target)
        os.utime(target, (now.timestamp(), now.timestamp()))
        copies = daily_copies(database)
    removed = copies[:-keep] if keep > 0 else []
    for old in removed:
        old.unlink(missing_ok=True)
    return taken, removed
