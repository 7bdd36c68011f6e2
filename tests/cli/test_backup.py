"""`python -m aic_dash backup`: a copy taken during an import is the state before or after it, never
between; the copy opens with --db (SQLite) or restores with pg_restore (PostgreSQL); daily copies rotate.
"""

from __future__ import annotations

import os
import subprocess
import threading
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from aic_dash.cli import main as cli
from aic_dash.demo.dossiers import build_demo_export
from aic_dash.store import backup as B
from aic_dash.store.db import get_engine
from aic_dash.store.imports import import_export
from tests.conftest import ROOT

# The figure is 100 000; 20 000 keeps the suite short on a shared machine and still gives an
# import of several seconds (AIC_DASH_BACKUP_TEST_DOSSIERS=100000 runs the full size).
BIG = int(os.environ.get("AIC_DASH_BACKUP_TEST_DOSSIERS", "20000"))


def state(url: str) -> tuple:
    """What a manager's data is, to compare two databases: every dossier's content, and the imports."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            dossiers = conn.execute(
                text("SELECT number, content_hash, stage FROM dossier ORDER BY number")
            ).all()
            runs = conn.execute(text("SELECT file_name, outcome FROM import_run ORDER BY id")).all()
    finally:
        engine.dispose()
    return tuple(map(tuple, dossiers)), tuple(map(tuple, runs))


@pytest.fixture
def restore(tmp_path):
    """Turn a backup file into a database URL: itself for SQLite, a pg_restore'd new database else."""
    made: list[str] = []

    def open_copy(path: Path, source_url: str) -> str:
        if source_url.startswith("sqlite"):
            return f"sqlite:///{path}"
        name = f"aic_restore_{uuid.uuid4().hex[:10]}"
        admin = create_engine(source_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = make_url(source_url).set(database=name).render_as_string(hide_password=False)
        made.append(url)
        uri, env = B.libpq_env(url)
        done = subprocess.run(
            [B.pg_client("pg_restore"), "--no-owner", f"--dbname={uri}", str(path)],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        return url

    yield open_copy
    for url in made:
        admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
        admin.dispose()


def test_a_backup_during_an_import_is_the_state_before_or_after_and_opens_with_db(
    db_url, engine, settings, tmp_path, restore, capsys
):
    assert import_export(engine, settings, build_demo_export(300, seed=1), "avant.csv").ok
    before = state(db_url)
    big = build_demo_export(BIG, seed=2)
    writing = threading.Event()
    results = []

    def progress(step: str, _fraction: float) -> None:
        if step == "écriture":
            writing.set()

    importer = threading.Thread(
        target=lambda: results.append(import_export(engine, settings, big, "gros.csv", progress=progress))
    )
    importer.start()
    assert writing.wait(300), "l'import n'a pas commencé à écrire"
    copies, during = [], 0
    postgres = not db_url.startswith("sqlite")
    while importer.is_alive() and len(copies) < (3 if postgres else 50):
        path = tmp_path / f"copie-{len(copies)}.{'dump' if postgres else 'sqlite'}"
        B.backup(engine, path)
        during += importer.is_alive()  # the copy ended while the import was still running
        copies.append(path)
    importer.join()
    assert results and results[0].ok, results and results[0].error
    after = state(db_url)
    assert after != before
    assert during >= 1, "aucune copie prise pendant l'import : augmentez AIC_DASH_BACKUP_TEST_DOSSIERS"
    seen = [state(restore(path, db_url)) for path in copies]
    assert all(s in (before, after) for s in seen), "une copie contient un import à moitié écrit"
    assert seen[0] == before  # the first copy began while the import's transaction was open

    # After the import, the copy is the database: the same report from it as from the original.
    final = tmp_path / ("finale.dump" if postgres else "finale.sqlite")
    assert cli.main(["backup", str(final), "--db", db_url]) == 0
    assert "Sauvegarde écrite" in capsys.readouterr().out
    copy_url = restore(final, db_url)
    assert state(copy_url) == after
    assert cli.main(["report", "pipeline", "--db", db_url]) == 0
    original = capsys.readouterr().out
    assert cli.main(["report", "pipeline", "--db", copy_url]) == 0
    assert capsys.readouterr().out == original


def test_daily_copies_one_a_day_beside_the_database_and_only_the_last_seven(sqlite_url, settings):
    engine = get_engine(sqlite_url)
    assert import_export(engine, settings, build_demo_export(50, seed=3), "demo.csv").ok
    database = Path(make_url(sqlite_url).database)
    start = datetime(2026, 3, 1, 9, 0)
    for day in range(10):
        taken, _ = B.daily_backup(engine, now=start + timedelta(days=day))
        assert taken is not None
        again, removed = B.daily_backup(engine, now=start + timedelta(days=day, hours=3))
        assert again is None and not removed  # a second start the same day takes nothing
    copies = B.daily_copies(database)
    assert [p.name for p in copies] == [f"aic-sauvegarde-2026-03-{d:02d}.sqlite" for d in range(4, 11)]
    assert all(p.parent == database.parent for p in copies)
    assert state(f"sqlite:///{copies[-1]}") == state(sqlite_url)


def test_the_daily_command_as_make_run_calls_it(sqlite_url, settings, capsys):
    engine = get_engine(sqlite_url)
    assert import_export(engine, settings, build_demo_export(50, seed=3), "demo.csv").ok
    assert cli.main(["backup", "--daily", "--db", sqlite_url]) == 0
    assert "Copie quotidienne de la base" in capsys.readouterr().out
    assert cli.main(["backup", "--daily", "--db", sqlite_url]) == 0
    assert capsys.readouterr().out == ""  # already done today
    assert "backup --daily" in (ROOT / "scripts" / "run.sh").read_text()


def test_backup_problems_are_french_sentences(sqlite_url, tmp_path, capsys, monkeypatch):
    assert cli.main(["backup", str(tmp_path / "x.sqlite"), "--db", sqlite_url]) == 2
    assert "Pas de base à sauvegarder" in capsys.readouterr().err
    assert cli.main(["backup", str(tmp_path / "nulle-part" / "x.sqlite"), "--db", sqlite_url]) == 2
    assert "n'existe pas : créez-le" in capsys.readouterr().err
    monkeypatch.setattr(B, "pg_client", lambda name="pg_dump": None)  # a machine without the client
    pg = "postgresql+psycopg://aic@127.0.0.1:9/aic"
    assert cli.main(["backup", str(tmp_path / "x.dump"), "--db", pg]) == 2
    assert "pg_dump n'est pas installé" in capsys.readouterr().err
    assert cli.main(["backup", "--daily", "--db", pg]) == 2
    assert "ne concernent que la base SQLite" in capsys.readouterr().err
